"""Keeping and dropping uploaded spreadsheets between their preview and their import."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from waypoint.exchange.access import require_exchange
from waypoint.exchange.importing import ImportReport, run_import
from waypoint.exchange.models import Upload
from waypoint.orgs.models import Person

KEEP_UPLOADS = timedelta(days=1)


@transaction.atomic
def keep_upload(author: Person, file: UploadedFile) -> Upload:
    """Store an uploaded spreadsheet for its preview; the author's uploads older than a day
    are dropped (nobody previews yesterday's file)."""
    require_exchange(author)
    Upload.objects.filter(uploaded_by=author, created_at__lt=timezone.now() - KEEP_UPLOADS).delete()
    name = (file.name or "spreadsheet")[-200:]
    return Upload.objects.create(uploaded_by=author, filename=name, content=file.read())


def preview_upload(author: Person, upload: Upload, *, max_bytes: int) -> ImportReport:
    """What importing the upload would do; changes nothing."""
    require_exchange(author)
    return run_import(
        author, bytes(upload.content), filename=upload.filename, apply=False, max_bytes=max_bytes
    )


@transaction.atomic
def apply_upload(author: Person, upload: Upload, *, max_bytes: int) -> ImportReport:
    """Import the upload all or nothing; once imported, the upload is dropped."""
    require_exchange(author)
    report = run_import(
        author, bytes(upload.content), filename=upload.filename, apply=True, max_bytes=max_bytes
    )
    if report.applied:
        upload.delete()
    return report
