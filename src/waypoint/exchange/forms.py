from __future__ import annotations

from django import forms
from django.conf import settings

from waypoint.exchange.layout import size_text
from waypoint.okrs.models import Period

FORMATS = [("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV (UTF-8)")]


class ExportForm(forms.Form):
    period = forms.ModelChoiceField(Period.objects.all(), to_field_name="slug", empty_label=None)
    format = forms.ChoiceField(choices=FORMATS)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An .xlsx workbook or a CSV file in Waypoint's layout (download the template).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json,text/csv"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.WAYPOINT_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {size_text(upload.size)}; the limit is {size_text(limit)}. "
                "Split it by period."
            )
        return upload
