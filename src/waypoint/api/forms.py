"""The form that creates a personal API token."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone

from waypoint.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        help_text="What will use it, e.g. “BI nightly job” or “CI deploy check”.",
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read is enough for reports; write lets it check in and edit what you may.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. It stops working at the end of that day.",
    )

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max))
