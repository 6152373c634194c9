"""Who may move spreadsheets in and out: administrators, and leads of a unit (whose imports
the OKR actions then limit to what that lead may plan for)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from waypoint.exchange.models import Upload
from waypoint.okrs.access import require
from waypoint.orgs.access import AnyUser, is_admin, led_unit_ids


def can_exchange(user: AnyUser) -> bool:
    return is_admin(user) or bool(led_unit_ids(user))


def require_exchange(user: AnyUser) -> None:
    require(
        can_exchange(user),
        "Spreadsheet import and export are for administrators and unit leads.",
    )


def get_upload_for_user(user: AnyUser, pk: int) -> Upload:
    """One's own pending upload, or 404: an upload is private to whoever uploaded it."""
    require_exchange(user)
    return get_object_or_404(Upload, pk=pk, uploaded_by_id=user.pk)
