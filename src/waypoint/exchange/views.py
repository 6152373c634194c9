"""Spreadsheet pages: export a period, download the template, upload → preview → import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from waypoint.exchange import actions
from waypoint.exchange.access import get_upload_for_user, require_exchange
from waypoint.exchange.forms import ExportForm, UploadForm
from waypoint.exchange.importing import ImportReport
from waypoint.exchange.layout import COLUMNS
from waypoint.exchange.models import Upload
from waypoint.exchange.writing import CONTENT_TYPES, export_rows, template
from waypoint.exchange.writing import render as render_rows
from waypoint.okrs.periods import selected_period


def _home(request: HttpRequest, upload_form: UploadForm, status: int = 200) -> HttpResponse:
    period = selected_period(request, required=False)
    export_form = ExportForm(initial={"period": period and period.slug, "format": "xlsx"})
    return render(
        request,
        "exchange/exchange_home.html",
        {"export_form": export_form, "upload_form": upload_form, "columns": COLUMNS},
        status=status,
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    require_exchange(request.user)
    return _home(request, UploadForm())


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    require_exchange(request.user)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _home(request, UploadForm(), status=400)
    period, fmt = form.cleaned_data["period"], form.cleaned_data["format"]
    response = HttpResponse(render_rows(export_rows(period), fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="okrs-{period.slug}.{fmt}"'
    return response


@require_GET
def template_file(request: HttpRequest, fmt: str) -> HttpResponse:
    require_exchange(request.user)
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Templates come as .csv or .xlsx.")
    response = HttpResponse(template(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="waypoint-okrs-template.{fmt}"'
    return response


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    require_exchange(request.user)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, form, status=422)
    kept = actions.keep_upload(request.user, form.cleaned_data["file"])
    return redirect("exchange:preview", pk=kept.pk)


def _preview(
    request: HttpRequest, upload: Upload, report: ImportReport, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "exchange/upload_preview.html",
        {"upload": upload, "report": report, "upload_form": UploadForm()},
        status=status,
    )


@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_upload_for_user(request.user, pk)
    report = actions.preview_upload(
        request.user, upload, max_bytes=settings.WAYPOINT_IMPORT_MAX_BYTES
    )
    return _preview(request, upload, report)


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_upload_for_user(request.user, pk)
    report = actions.apply_upload(
        request.user, upload, max_bytes=settings.WAYPOINT_IMPORT_MAX_BYTES
    )
    if not report.applied:
        return _preview(request, upload, report, status=422)
    messages.success(request, f"Imported {upload.filename}: {report.summary()}.")
    return redirect("exchange:home")
