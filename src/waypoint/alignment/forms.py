"""The alignment map's and tree's filters (a GET form), whom a support goal serves, the
secondment forms and the top-down assignment form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from waypoint.formfields import IdChoiceField, IdMultipleChoiceField
from waypoint.okrs.forms import PlainForm
from waypoint.okrs.models import Objective, Status
from waypoint.orgs.models import Person, Unit


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


DATE_ERRORS = {"invalid": "Enter a date, e.g. 2026-12-07."}


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class SecondmentForm(PlainForm):
    """Lend a person to a team for a date range (both days included)."""

    person = IdChoiceField(
        Person.objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        label="Who",
        error_messages={"invalid_choice": "Choose an active person from the list."},
    )
    unit = IdChoiceField(
        Unit.objects.none(),
        label="Seconded to",
        empty_label="— choose a team you lead —",
        error_messages={"invalid_choice": "Choose a team you lead."},
    )
    start = date_field("First day")
    end = date_field("Last day", help_text="The secondment runs to the end of this day.")
    note = forms.CharField(
        label="What it resolves",
        max_length=200,
        required=False,
        help_text="e.g. “Search ranking for the new checkout”.",
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["person"].widget.attrs.update(
            {"data-picker": "", "data-placeholder": "Search people…"}
        )
        today = timezone.localdate()
        self.initial.setdefault("start", today)
        self.initial.setdefault("end", today + timedelta(days=27))
        if len(units) == 1:
            self.initial.setdefault("unit", units[0].pk)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", "The last day comes before the first: the secondment ends before it starts."
            )
        return data


class EndSecondmentForm(PlainForm):
    last_day = date_field("Last day", required=False)

    def clean_last_day(self) -> Any:
        return self.cleaned_data.get("last_day") or timezone.localdate()


class AssignmentForm(PlainForm):
    """An objective a lead assigns to one or more units under them; the units write its key
    results."""

    title = forms.CharField(
        label="Objective",
        max_length=200,
        help_text="Qualitative and directional: the improvement you want from them.",
        error_messages={"required": "Write the objective you assign."},
    )
    description = forms.CharField(
        label="Why it matters",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    units = IdMultipleChoiceField(
        Unit.objects.none(),
        label="Assigned to",
        widget=forms.CheckboxSelectMultiple,
        help_text="One unit, or several for a shared objective.",
        error_messages={"required": "Choose at least one unit to assign it to."},
    )
    owner = IdChoiceField(
        Person.objects.none(),
        label="Accountable owner",
        required=False,
        help_text="Someone in an assigned unit; left empty, the lead of the first one.",
    )
    stretch = forms.ChoiceField(
        label="Ambition",
        choices=Objective.Stretch.choices,
        initial=Objective.Stretch.ASPIRATIONAL,
        widget=forms.RadioSelect,
    )
    parent_objectives = IdMultipleChoiceField(
        Objective.objects.none(),
        label="Contributes to",
        required=False,
        help_text="Optional: your objectives this one serves.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        people: list[Person],
        parents: list[Objective],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["units"].choices = [(u.pk, u.name) for u in units]
        self.fields["owner"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        self.fields["owner"].choices = [("", "— the lead of the first unit —")] + [
            (p.pk, p.display_name) for p in people
        ]
        self.fields["parent_objectives"].queryset = Objective.objects.filter(
            pk__in=[o.pk for o in parents]
        ).exclude(status=Status.DROPPED)
        self.fields["parent_objectives"].choices = [(o.pk, o.title) for o in parents]
