from __future__ import annotations

from typing import Any

from django import forms

from waypoint.formfields import IdChoiceField, IdMultipleChoiceField, PlainDecimalField
from waypoint.okrs.models import Period
from waypoint.orgs.models import Person
from waypoint.personal.models import PersonalGoal, PersonalKeyResult


class PersonalGoalForm(forms.ModelForm):
    class Meta:
        model = PersonalGoal
        fields = ["title", "description", "period", "shared_with", "is_done"]
        labels = {"title": "Goal", "shared_with": "Share with", "is_done": "Done"}
        field_classes = {"period": IdChoiceField, "shared_with": IdMultipleChoiceField}
        help_texts = {
            "title": "Something you want to get better at, e.g. “Get comfortable with our "
            "data pipeline”.",
            "shared_with": "Private by default: only you and the people you pick here see it. "
            "It never appears in team or company reports.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "shared_with": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, owner: Person, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = Person.objects.filter(is_active=True).exclude(
            pk=owner.pk
        )
        self.fields["period"].queryset = Period.objects.order_by("-start")
        self.fields["period"].required = False


class PersonalKeyResultForm(forms.ModelForm):
    class Meta:
        model = PersonalKeyResult
        fields = ["title", "kind", "baseline", "target", "current", "unit_label"]
        labels = {"title": "Key result", "current": "Where you are now"}
        field_classes = {name: PlainDecimalField for name in ("baseline", "target", "current")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("baseline", "target", "current"):
            self.fields[name].widget.attrs["step"] = "any"
