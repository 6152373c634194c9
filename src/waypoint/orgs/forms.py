"""Forms for the organisation's settings, units, memberships and invitations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from waypoint.formfields import IdChoiceField
from waypoint.orgs.actions import ORGANISATION_FIELDS
from waypoint.orgs.models import Membership, Organisation, Person, Unit


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        widgets = {"meeting_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        bounds = {
            "limit_warn_above": (1, 50),
            "limit_refuse_above": (1, 50),
            "commitment_limit": (1, 50),
            "meeting_minutes": (15, 240),
        }
        for name, (low, high) in bounds.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)


def unit_choices(exclude: Unit | None = None) -> forms.ModelChoiceField:
    queryset = Unit.objects.active().exclude(kind=Unit.Kind.VIRTUAL).order_by("kind", "name")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return IdChoiceField(
        queryset=queryset,
        required=False,
        empty_label="— none (a top-level unit) —",
        label="Part of",
        help_text="The unit above it in the organisation tree.",
    )


class UnitForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=Unit.Kind.choices)
    parent = IdChoiceField(queryset=Unit.objects.none(), required=False)
    is_supporting = forms.BooleanField(
        required=False,
        label="Supporting unit",
        help_text="A supporting function (finance, legal, platform…) that sets support goals.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_choices(exclude=unit)
        if unit is not None:
            del self.fields["kind"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the unit a name.")
        return name


class MembershipForm(forms.Form):
    person = IdChoiceField(
        queryset=Person.objects.filter(is_active=True).order_by("first_name", "last_name"),
        label="Person",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonUnitForm(forms.Form):
    """Add the person on the page to a unit."""

    unit = IdChoiceField(queryset=Unit.objects.active().order_by("kind", "name"), label="Unit")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class InvitationForm(forms.Form):
    email = forms.EmailField(max_length=254)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    unit = IdChoiceField(queryset=Unit.objects.none(), required=False, label="Joins")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args: Any, units: Any, admin: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = not admin
        self.fields["unit"].empty_label = "— no unit yet —" if admin else None
