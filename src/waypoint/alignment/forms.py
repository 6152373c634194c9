"""The alignment map's and tree's filters (a GET form)."""

from __future__ import annotations

from django import forms

from waypoint.okrs.models import Objective
from waypoint.orgs.models import Unit


class MapFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        Unit.objects.active().order_by("kind", "name"),
        to_field_name="slug",
        required=False,
        empty_label="Every unit",
    )
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)
    focus = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(label="Whole organisation", required=False)
    view = forms.ChoiceField(
        choices=[("", "Map on wide screens, tree on phones"), ("map", "Map"), ("tree", "Tree")],
        required=False,
        widget=forms.HiddenInput,
    )


class SupportForm(forms.Form):
    """Whom a support goal serves: a unit or an objective (one of the two)."""

    unit = forms.ModelChoiceField(
        Unit.objects.active().order_by("kind", "name"),
        required=False,
        empty_label="—",
        label="A unit",
    )
    served_objective = forms.ModelChoiceField(
        Objective.objects.filter(is_draft=False),
        required=False,
        empty_label="—",
        label="Or an objective",
    )

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("served_objective")):
            raise forms.ValidationError("Choose either a unit or an objective.")
        return data
