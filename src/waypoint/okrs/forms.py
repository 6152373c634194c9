"""Forms that guide the writer of objectives, key results and check-ins."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from waypoint.domain import plausibility as dp_plausibility
from waypoint.domain.confidence import confidence_band
from waypoint.formfields import IdChoiceField, IdMultipleChoiceField, PlainDecimalField
from waypoint.okrs.models import CLOSED_STATUSES, KeyResult, Objective, Period, Status
from waypoint.orgs.models import Person, Unit


def live_hints(field: forms.Field, kind: str) -> None:
    """Ask the coach about the title while it is written (htmx, debounced, no reload). A key
    result's hints read its kind, baseline, target and criteria too, and are asked again when
    any of them changes."""
    attrs = {
        "hx-get": reverse("coach:hints", args=[kind]),
        "hx-trigger": "input changed delay:400ms, load",
        "hx-target": "#title-hints",
        "hx-sync": "this:replace",
        "aria-describedby": "id_title_helptext title-hints",
    }
    if kind == "key-result":
        attrs["hx-trigger"] += ", change from:closest form"
        attrs["hx-include"] = "[name='kind'], [name='baseline'], [name='target'], [name='criteria']"
    field.widget.attrs.update(attrs)


def grouped_units() -> list[tuple[str, list[tuple[int, str]]]]:
    """Owning-unit choices grouped as people think of them: the company, each department with
    its teams, and the virtual teams."""
    units = list(Unit.objects.active().order_by("name"))
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for unit in sorted(units, key=lambda u: u.kind != Unit.Kind.COMPANY):
        if unit.kind == Unit.Kind.COMPANY:
            groups.append((unit.name, [(unit.pk, unit.name)]))
        elif unit.kind == Unit.Kind.DEPARTMENT:
            members = [unit] + [u for u in by_parent.get(unit.pk, []) if u.kind != "department"]
            groups.append((unit.name, [(u.pk, u.name) for u in members]))
    virtual = [(u.pk, u.name) for u in units if u.kind == Unit.Kind.VIRTUAL]
    if virtual:
        groups.append(("Virtual teams", virtual))
    listed = {pk for _, choices in groups for pk, _ in choices}
    others = [(u.pk, u.name) for u in units if u.pk not in listed]
    if others:
        groups.append(("Other units", others))
    return groups


Grouped = list[tuple[str, list[tuple[int, str]]]]


def grouped_objectives(objectives: Iterable[Objective]) -> Grouped:
    """Objectives to contribute to, grouped by their owning units, the company's first."""
    groups: dict[tuple[bool, str], list[tuple[int, str]]] = {}
    for objective in objectives:
        units = sorted(objective.units.all(), key=lambda u: u.name)
        key = (
            not any(u.kind == Unit.Kind.COMPANY for u in units),
            ", ".join(u.name for u in units) or "No unit",
        )
        groups.setdefault(key, []).append((objective.pk, objective.title))
    return [
        (name, sorted(items, key=lambda c: c[1])) for (_, name), items in sorted(groups.items())
    ]


def grouped_key_results(key_results: Iterable[KeyResult]) -> Grouped:
    """Key results grouped under their objective, in the objective's own order."""
    groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for kr in sorted(key_results, key=lambda k: (k.objective.title, k.objective_id, k.position)):
        groups.setdefault((kr.objective.title, kr.objective_id), []).append((kr.pk, kr.title))
    return [(title, items) for (title, _), items in groups.items()]


class ObjectiveForm(forms.ModelForm):
    units = IdMultipleChoiceField(
        queryset=Unit.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Owning units",
        help_text="One unit, or several for a shared objective (e.g. Product and Engineering "
        "owning one goal together instead of three that drift apart).",
        error_messages={"required": "An objective needs at least one owning unit."},
    )

    class Meta:
        model = Objective
        fields = [
            "title",
            "description",
            "owner",
            "units",
            "stretch",
            "kind",
            "parent_objectives",
            "parent_key_results",
        ]
        labels = {
            "title": "Objective",
            "description": "Why it matters",
            "owner": "Accountable owner",
            "stretch": "Ambition",
            "kind": "Kind of goal",
            "parent_objectives": "Contributes to objectives",
            "parent_key_results": "Contributes to key results",
        }
        field_classes = {
            "owner": IdChoiceField,
            "parent_objectives": IdMultipleChoiceField,
            "parent_key_results": IdMultipleChoiceField,
        }
        help_texts = {
            "title": "Qualitative and directional: the improvement you want, e.g. "
            "“Make checkout effortless on mobile”. Not a project, not “maintain…”.",
            "description": "Who benefits and why now — this is what keeps the team focused.",
            "owner": "One person accountable (not the only one doing the work).",
            "stretch": "Aspirational objectives expect ~0.7; committed ones expect 1.0.",
            "kind": "Supporting functions set support goals: how they will better "
            "support the rest of the company.",
            "parent_objectives": "Optional: higher objectives this contributes to.",
            "parent_key_results": "Optional: higher key results this contributes to.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "stretch": forms.RadioSelect,
            "kind": forms.RadioSelect,
            # app.js turns these into searchable pickers; without JS they stay plain selects.
            "parent_objectives": forms.SelectMultiple(
                attrs={"size": 8, "data-picker": "", "data-placeholder": "Search objectives…"}
            ),
            "parent_key_results": forms.SelectMultiple(
                attrs={"size": 8, "data-picker": "", "data-placeholder": "Search key results…"}
            ),
        }

    def __init__(self, *args: Any, period: Period, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.period = period
        live_hints(self.fields["title"], "objective")
        self.fields["units"].choices = grouped_units()
        self.fields["owner"].queryset = Person.objects.filter(is_active=True)
        higher = Objective.objects.filter(
            period__start__lte=period.start, period__end__gte=period.end
        ).exclude(status=Status.DROPPED)
        if self.instance.pk:
            higher = higher.exclude(pk=self.instance.pk)
        self.fields["parent_objectives"].queryset = higher.select_related("period")
        self.fields["parent_key_results"].queryset = (
            KeyResult.objects.filter(objective__in=higher)
            .exclude(status=Status.DROPPED)
            .select_related("objective")
        )
        self.fields["parent_objectives"].choices = grouped_objectives(
            higher.prefetch_related("units")
        )
        self.fields["parent_key_results"].choices = grouped_key_results(
            self.fields["parent_key_results"].queryset
        )


class KeyResultForm(forms.ModelForm):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change the baseline, target or kind after check-ins.",
    )

    class Meta:
        model = KeyResult
        fields = [
            "title",
            "kind",
            "baseline",
            "target",
            "unit_label",
            "owner_unit",
            "criteria",
            "weight",
        ]
        labels = {"title": "Key result", "owner_unit": "Owner team"}
        field_classes = {
            "owner_unit": IdChoiceField,
            "baseline": PlainDecimalField,
            "target": PlainDecimalField,
            "weight": PlainDecimalField,
        }
        help_texts = {
            "title": "A measurable outcome — value for someone — not a task. "
            "E.g. “Raise checkout conversion from 2.1% to 3%”, not “Ship one-click checkout”.",
            "baseline": "Where it stands today.",
            "target": "Where it should be at the end of the period (either direction).",
            "owner_unit": "Exactly one team owns a key result.",
            "weight": "Relative weight in the objective's progress (default 1).",
        }
        widgets = {
            "criteria": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.Select,
        }

    def __init__(self, *args: Any, wording_only: bool = False, **kwargs: Any) -> None:
        """`wording_only`: the owner team edits its key result's wording and measure; the
        weight and owner team stay with the objective's editors."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        live_hints(self.fields["title"], "key-result")
        if wording_only:
            for name in ("owner_unit", "weight"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Set by the objective's owner and owning units."
        self.fields["owner_unit"].queryset = Unit.objects.active().filter(
            kind__in=[Unit.Kind.TEAM, Unit.Kind.VIRTUAL, Unit.Kind.DEPARTMENT, Unit.Kind.COMPANY]
        )
        self.fields["owner_unit"].error_messages["required"] = (
            "Choose the one team that owns this key result."
        )
        for name in ("baseline", "target"):
            self.fields[name].widget.attrs["step"] = "any"

    def clean_owner_unit(self) -> Unit:
        field = self.fields["owner_unit"]
        if not field.disabled and len(self.data.getlist(self.add_prefix("owner_unit"))) > 1:
            raise forms.ValidationError(
                "A key result is owned by exactly one team; split it or share the objective."
            )
        return self.cleaned_data["owner_unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, baseline, target = data.get("kind"), data.get("baseline"), data.get("target")
        if kind == KeyResult.Kind.METRIC:
            if target is None and "target" not in self.errors:
                self.add_error("target", "A metric key result needs a target.")
            elif baseline is not None and target is not None and baseline == target:
                self.add_error("target", "The target equals the baseline: nothing would change.")
        if kind == KeyResult.Kind.SUBJECTIVE and not (data.get("criteria") or "").strip():
            self.add_error("criteria", "Write down the criteria everyone agreed to score against.")
        return data


class PlainForm(forms.Form):
    """A form whose labels read as written, without a trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def plain_number(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal, "f")


class InlineSelect(forms.Select):
    """A select that writes its options in its own template, the same markup as Django's,
    which includes two more templates per option: the team check-in sheet shows a confidence
    select of eleven options on every row."""

    template_name = "okrs/widgets/inline_select.html"


class CheckInForm(PlainForm):
    """A reading of a key result. Given the key result, it asks "did you mean…?" when the value
    lies far outside its range (`waypoint.domain.plausibility`): the value is then an error
    until it changes or comes back with `confirmed_value` equal to it (kept as typed)."""

    value = PlainDecimalField(
        max_digits=14,
        decimal_places=4,
        error_messages={
            "invalid": "Enter a number, e.g. 42 or 3.5.",
            "required": "Enter the new value.",
            "max_digits": "That number is too long: at most 10 digits before the point.",
            "max_whole_digits": "That number is too long: at most 10 digits before the point.",
            "max_decimal_places": "At most 4 decimal places, e.g. 3.1415.",
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    confidence = forms.TypedChoiceField(
        choices=[(i, f"{i} — {confidence_band(i)}") for i in range(11)],
        coerce=int,
        initial=7,
        widget=InlineSelect,
        help_text="How likely you are to reach the target: 0 no chance, 10 certain.",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "What moved it, what's in the way?"}
        ),
    )
    as_of = forms.DateField(
        required=False,
        label="As of",
        help_text="The day this reading is for; leave empty for today.",
        error_messages={"invalid": "Enter a date, e.g. 2026-12-01."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirmed_value = PlainDecimalField(
        required=False, max_digits=14, decimal_places=4, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        key_result: KeyResult | None = None,
        previous: Decimal | None = None,
        period: Period | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.key_result, self.previous = key_result, previous
        self.far: dp_plausibility.Plausibility | None = None
        period = period or (key_result.objective.period if key_result else None)
        if period is not None:
            today = timezone.localdate()
            attrs = self.fields["as_of"].widget.attrs
            attrs["min"] = period.start.isoformat()
            attrs["max"] = min(today, period.end).isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value, kr = data.get("value"), self.key_result
        if value is None or kr is None or data.get("confirmed_value") == value:
            return data
        verdict = dp_plausibility.judge(kr.kind, kr.baseline, kr.target, value, self.previous)
        if verdict.far:
            self.far = verdict
            self.add_error("value", self.far_message(value, verdict))
        return data

    def far_message(self, value: Decimal, verdict: dp_plausibility.Plausibility) -> str:
        kr = self.key_result
        assert kr is not None and verdict.low is not None and verdict.high is not None
        unit = f" {kr.unit_label}" if kr.unit_label else ""
        meant = " or ".join(f"{plain_number(s)}{unit}" for s in verdict.suggestions)
        ask = f" Did you mean {meant}?" if meant else ""
        return (
            f"{plain_number(value)}{unit} is far outside this key result's range "
            f"({plain_number(verdict.low)}–{plain_number(verdict.high)}{unit}).{ask} "
            "Change it, or confirm it as typed."
        )

    @property
    def typed_value(self) -> str:
        """The value as typed, for the confirm step."""
        return (self.data.get(self.add_prefix("value")) or "").strip()

    def action_data(self) -> dict[str, Any]:
        """What the check-in actions take."""
        return {k: v for k, v in self.cleaned_data.items() if k != "confirmed_value"}


class CorrectionForm(CheckInForm):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Why the correction",
        help_text="Optional, kept in the history, e.g. “typed 1 for 3.1”.",
    )


class CloseForm(PlainForm):
    status = forms.ChoiceField(
        choices=[(s, Status(s).label) for s in CLOSED_STATUSES], widget=forms.RadioSelect
    )
    score = PlainDecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=2,
        help_text="0.0–1.0. Leave empty to use the score from progress.",
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    note = forms.CharField(
        required=False,
        label="Reflection",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What did we learn?"}),
    )
