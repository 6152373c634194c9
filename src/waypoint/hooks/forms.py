"""The webhook settings form. The URL's rules live in the action (destinations.py), so the
page and every other caller refuse the same addresses with the same words."""

from __future__ import annotations

from typing import Any

from django import forms

from waypoint.hooks.access import manageable_units
from waypoint.hooks.models import Webhook
from waypoint.orgs.access import AnyUser, is_admin


class WebhookForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text="Where it goes, e.g. “#team-checkout in Slack” or “BI pipeline”."
    )
    url = forms.CharField(
        label="URL",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://hooks.example.com/waypoint"}),
        help_text="Waypoint POSTs each event here. http:// or https:// only.",
    )
    unit = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="Events about this unit and the units below it.",
    )
    events = forms.MultipleChoiceField(
        choices=list(Webhook.CATEGORIES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["check_in"],
    )
    format = forms.ChoiceField(
        choices=Webhook.Format.choices,
        initial=Webhook.Format.JSON,
        widget=forms.RadioSelect,
        help_text="Every format is signed the same way (see the receiver guide).",
    )

    def __init__(self, user: AnyUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = manageable_units(user)  # type: ignore[attr-defined]
        if is_admin(user):
            unit.empty_label = "All units"  # type: ignore[attr-defined]
        else:
            unit.required = True
            unit.empty_label = None  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(hook: Webhook) -> dict[str, Any]:
        return {
            "name": hook.name,
            "url": hook.url,
            "unit": hook.unit_id,
            "events": hook.categories,
            "format": hook.format,
        }

    def action_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "url": data["url"],
            "unit": data["unit"],
            "categories": data["events"],
            "format": data["format"],
        }
