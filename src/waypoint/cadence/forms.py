"""Forms of the weekly practice: the team check-in sheet, commitments, meetings, backlog, KPIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from waypoint.cadence.models import AgendaItem, Meeting, UnitCadence
from waypoint.domain import cadence as dc
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.access import can_check_in
from waypoint.okrs.forms import CheckInForm
from waypoint.okrs.models import CheckIn, KeyResult, Period
from waypoint.okrs.queries import latest_check_ins, open_key_results
from waypoint.orgs.access import people_of
from waypoint.orgs.models import Person, Unit


@dataclass
class SheetRow:
    """One key result on the team check-in sheet: what it was, and the new reading."""

    kr: KeyResult
    previous: CheckIn | None
    state: dc.CheckInState
    form: CheckInForm | None
    saved: bool = False

    @property
    def editable(self) -> bool:
        return self.form is not None


@dataclass
class TeamCheckInSheet:
    """Every open key result of a unit on one screen; `save()` records each filled row through
    the check-in action and leaves rows with errors bound to what was typed."""

    user: Person
    unit: Unit
    period: Period
    data: QueryDict | None = None
    rows: list[SheetRow] = field(init=False)
    date_form: SheetDateForm = field(init=False)

    def __post_init__(self) -> None:
        self.rows = self._build(self.data)
        self.date_form = SheetDateForm(self.data, period=self.period)

    def _build(self, data: QueryDict | None) -> list[SheetRow]:
        key_results = open_key_results(self.unit, self.period)
        previous = latest_check_ins(key_results)
        today = timezone.localdate()
        rows = []
        for kr in key_results:
            last = previous.get(kr.pk)
            form = None
            if can_check_in(self.user, kr):
                form = CheckInForm(
                    data,
                    prefix=f"kr-{kr.pk}",
                    initial={"confidence": last.confidence if last else 7},
                    key_result=kr,
                    previous=last.value if last else None,
                    period=self.period,
                )
            state = dc.check_in_state(
                timezone.localtime(last.at).date() if last else None,
                self.period.start,
                today,
                settings.WAYPOINT_CHECK_IN_CADENCE_DAYS,
            )
            rows.append(SheetRow(kr, last, state, form))
        return rows

    @property
    def counts(self) -> dict[str, int]:
        totals = {"done": 0, "due": 0, "overdue": 0}
        for row in self.rows:
            totals[row.state] += 1
        return totals

    @property
    def editable(self) -> bool:
        return any(row.editable for row in self.rows)

    @property
    def focus_pk(self) -> int | None:
        """Where typing starts: the first row with an error, else the first editable row."""
        editable = [row for row in self.rows if row.form is not None]
        for row in editable:
            if row.form is not None and row.form.errors:
                return row.kr.pk
        return editable[0].kr.pk if editable else None

    def save(self) -> tuple[int, int]:
        """Record every filled, valid row as of the sheet's date; return (saved, with errors).
        A date that is refused saves nothing: every filled row counts as failed."""
        saved: set[int] = set()
        failed: set[int] = set()
        filled = [row for row in self.rows if row.form is not None and _filled(row.form)]
        as_of = self.date_form.day()
        if as_of is False:
            for row in filled:
                assert row.form is not None
                row.form.is_valid()  # show the rows' own errors too
            return 0, len(filled)
        for row in filled:
            assert row.form is not None
            if not row.form.is_valid():
                failed.add(row.kr.pk)
                continue
            try:
                okr_actions.record_check_in(
                    self.user, row.kr, **{**row.form.action_data(), "as_of": as_of}
                )
            except ValidationError as error:
                add_action_errors(row.form, error)
                failed.add(row.kr.pk)
            else:
                saved.add(row.kr.pk)
        if saved:
            bound = {row.kr.pk: row.form for row in self.rows if row.kr.pk in failed}
            self.rows = self._build(None)
            for row in self.rows:
                row.saved = row.kr.pk in saved
                if row.kr.pk in bound:
                    row.form = bound[row.kr.pk]
        return len(saved), len(failed)


class SheetDateForm(forms.Form):
    """The day every reading of a team check-in is for (empty: today)."""

    as_of = forms.DateField(
        required=False,
        label="Readings as of",
        error_messages={"invalid": "Enter a date, e.g. 2026-12-01."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, period: Period, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.period = period
        attrs = self.fields["as_of"].widget.attrs
        attrs["min"] = period.start.isoformat()
        attrs["max"] = min(timezone.localdate(), period.end).isoformat()

    def day(self):  # type: ignore[no-untyped-def]
        """The day (None for today), or False when it is refused (the error is on the form)."""
        if not self.is_bound or not self.is_valid():
            return None if not self.is_bound else False
        day = self.cleaned_data["as_of"]
        try:
            okr_actions.check_in_moment(self.period, day)
        except ValidationError as error:
            add_action_errors(self, error)
            return False
        return day


def _filled(form: CheckInForm) -> bool:
    """A row counts when something was typed into it: a value, a note or a new confidence."""
    typed = {name: (form.data.get(form.add_prefix(name)) or "").strip() for name in form.fields}
    initial = str(form.initial.get("confidence", ""))
    return bool(typed["value"] or typed["note"] or typed["confidence"] not in ("", initial))


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's refusal next to the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CommitmentForm(forms.Form):
    title = forms.CharField(
        label="Commitment",
        max_length=240,
        help_text="Something you can finish by the due date that moves a key result.",
        error_messages={"required": "Say what you commit to."},
    )
    key_result = forms.ModelChoiceField(
        queryset=KeyResult.objects.none(),
        required=False,
        label="Moves key result",
        empty_label="— not linked —",
    )
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Who")
    due = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, e.g. 2026-12-07."},
    )

    def __init__(self, *args: object, unit: Unit, period: Period | None, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        krs = open_key_results(unit, period) if period else []
        self.fields["key_result"].queryset = KeyResult.objects.filter(pk__in=[k.pk for k in krs])
        self.fields["key_result"].choices = [("", "— not linked —")] + [
            (kr.pk, kr.title) for kr in krs
        ]
        self.fields["person"].queryset = people_of(unit)
        self.initial.setdefault("due", timezone.localdate() + timedelta(days=7))


class LabelledForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def when_field(label: str = "When") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Choose a date and time.",
            "invalid": "Enter a date and time, e.g. 2026-12-07 09:30.",
        },
    )


class CadenceForm(forms.ModelForm):
    class Meta:
        model = UnitCadence
        fields = [
            "frequency",
            "weekday",
            "at",
            "duration_minutes",
            "standup",
            "standup_at",
            "standup_minutes",
        ]
        widgets = {
            "at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "standup_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "duration_minutes": "45–120 minutes; an hour suits most teams.",
            "standup_minutes": "At most 15 minutes.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["duration_minutes"].widget.attrs.update(min=45, max=120, step=5)
        self.fields["standup_minutes"].widget.attrs.update(min=5, max=15)


class ScheduleMeetingForm(LabelledForm):
    prefix = "meeting"
    kind = forms.ChoiceField(
        choices=[
            (Meeting.Kind.ADHOC, "Ad hoc deep dive (30–60 min)"),
            (Meeting.Kind.WEEKLY, "Extra weekly meeting (45–120 min)"),
        ]
    )
    scheduled_for = when_field()
    duration_minutes = forms.IntegerField(label="Length (minutes)", initial=45, min_value=5)


class AgendaItemForm(LabelledForm):
    prefix = "item"
    title = forms.CharField(
        label="Topic", max_length=240, error_messages={"required": "Say what you want to discuss."}
    )
    section = forms.ChoiceField(
        label="Section",
        choices=[
            (AgendaItem.Section.HOT_TOPICS, "Hot topics"),
            (AgendaItem.Section.PARKING_LOT, "Parking lot"),
        ],
        initial=AgendaItem.Section.HOT_TOPICS,
    )
    notes = forms.CharField(label="Details (optional)", required=False, max_length=2000)


class MeetingNotesForm(LabelledForm):
    prefix = "minutes"
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    decisions = forms.CharField(
        label="Decisions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "One decision per line"}),
    )


class RescheduleForm(LabelledForm):
    prefix = "reschedule"
    scheduled_for = when_field("New time")
    reason = forms.CharField(label="Why it moves (optional)", required=False, max_length=240)


class CancelForm(LabelledForm):
    prefix = "cancel"
    reason = forms.CharField(label="Why it is cancelled (optional)", required=False, max_length=240)


class BacklogForm(LabelledForm):
    prefix = "backlog"
    title = forms.CharField(
        label="Idea", max_length=240, error_messages={"required": "Say what to park."}
    )
    description = forms.CharField(
        label="Details (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaptureForm(BacklogForm):
    """Capturing an idea on the backlog page itself (no prefix: one form on the page)."""

    prefix = None


class KpiForm(LabelledForm):
    name = forms.CharField(
        label="KPI", max_length=120, error_messages={"required": "Name the KPI."}
    )
    unit_label = forms.CharField(label="Unit", max_length=30, required=False)
    healthy_min = forms.DecimalField(
        label="Healthy from",
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages={"invalid": "Enter a number, e.g. 99.5."},
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    healthy_max = forms.DecimalField(
        label="Healthy up to",
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages={"invalid": "Enter a number, e.g. 1.5."},
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text="Leave one end empty for “at least” or “at most”.",
    )
    description = forms.CharField(
        label="Why it matters (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReadingForm(LabelledForm):
    value = forms.DecimalField(
        label="Reading",
        max_digits=14,
        decimal_places=4,
        error_messages={"invalid": "Enter a number, e.g. 0.8.", "required": "Enter the reading."},
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    at = forms.DateTimeField(
        label="As of (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, e.g. 2026-12-07 09:30."},
    )
