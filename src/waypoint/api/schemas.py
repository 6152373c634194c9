"""The API's input and output shapes. Inputs refuse unknown fields, NUL characters and
numbers the database cannot hold, before any action runs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

MAX_ID = 2**31 - 1


def _clean(value: str) -> str:
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError("Text cannot contain NUL characters or lone surrogates.")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("This cannot be blank.")
    return value.strip()


def Text(max_length: int) -> Any:  # noqa: N802 (used as a type)
    return Annotated[str, Field(max_length=max_length), AfterValidator(_clean)]


def Title(max_length: int) -> Any:  # noqa: N802 (used as a type)
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length),
        AfterValidator(_clean),
        AfterValidator(_not_blank),
    ]


def _aware(value: datetime) -> datetime:
    """A time without an offset is read in the organisation's time zone, like on the pages;
    years far from now are refused before any date arithmetic can overflow."""
    if not 1900 <= value.year <= 2999:
        raise ValueError("Give a time between the years 1900 and 2999.")
    if value.tzinfo is None:
        from django.utils import timezone

        value = timezone.make_aware(value)
    return value


When = Annotated[datetime, AfterValidator(_aware)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# What a KR's value column holds: 14 digits, 4 of them after the point.
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=4, allow_inf_nan=False)]
Status = Literal["active", "achieved", "partial", "missed", "dropped"]
Closing = Literal["achieved", "partial", "missed", "dropped"]
KrKind = Literal["metric", "completion", "quantity", "subjective"]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


# --- organisation -------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    slug: str
    name: str
    kind: Literal["company", "department", "team", "virtual"]
    parent_id: int | None
    is_supporting: bool
    url: str


class PersonOut(Schema):
    id: int
    username: str
    name: str
    title: str
    level: str
    unit_ids: list[int]


class PeriodOut(Schema):
    id: int
    slug: str
    name: str
    kind: Literal["annual", "quarter", "custom"]
    start: date
    end: date


# --- OKRs ---------------------------------------------------------------------------------------


class SupportLinkOut(Schema):
    id: int
    unit_id: int | None = Field(description="The unit it serves, or null.")
    served_objective_id: int | None = Field(description="The objective it serves, or null.")


class ObjectiveOut(Schema):
    id: int
    title: str
    description: str
    period_id: int
    owner_id: int
    unit_ids: list[int]
    stretch: Literal["aspirational", "committed"]
    kind: Literal["strategic", "support"]
    status: Status
    score: float | None
    progress: float = Field(description="Weighted progress of its key results, 0.0–1.0.")
    key_result_ids: list[int]
    parent_objective_ids: list[int] = Field(description="Higher objectives it contributes to.")
    parent_key_result_ids: list[int] = Field(description="Higher key results it contributes to.")
    child_objective_ids: list[int] = Field(description="Objectives that contribute to it.")
    supports: list[SupportLinkOut] = Field(description="Whom a support goal serves.")
    pending_share_unit_ids: list[int] = Field(
        description="Units asked to share it (co-own it) that have not answered yet."
    )
    version: int
    url: str
    created_at: datetime
    updated_at: datetime


class ObjectiveCreate(Input):
    period_id: Id
    title: Title(200)
    description: Text(10_000) = ""
    owner_id: Id | None = Field(None, description="Defaults to the caller.")
    unit_ids: list[Id] = Field(min_length=1, max_length=20)
    stretch: Literal["aspirational", "committed"] = "aspirational"
    kind: Literal["strategic", "support"] = "strategic"
    parent_objective_ids: list[Id] = Field(default_factory=list, max_length=50)
    parent_key_result_ids: list[Id] = Field(default_factory=list, max_length=50)


class ObjectiveChange(Input):
    title: Title(200) | None = None
    description: Text(10_000) | None = None
    owner_id: Id | None = None
    unit_ids: list[Id] | None = Field(None, min_length=1, max_length=20)
    stretch: Literal["aspirational", "committed"] | None = None
    kind: Literal["strategic", "support"] | None = None
    parent_objective_ids: list[Id] | None = Field(
        None, max_length=50, description="Replaces the links; [] removes them all."
    )
    parent_key_result_ids: list[Id] | None = Field(
        None, max_length=50, description="Replaces the links; [] removes them all."
    )
    reason: Text(2_000) = ""


class SupportLinkCreate(Input):
    unit_id: Id | None = Field(None, description="The unit it serves (or give an objective).")
    served_objective_id: Id | None = Field(None, description="The objective it serves.")


class CloseIn(Input):
    status: Closing
    note: Text(5_000) = ""
    score: Annotated[Decimal, Field(ge=0, le=1, max_digits=3, decimal_places=2)] | None = None


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    owner_unit_id: int
    kind: KrKind
    baseline: float | None
    target: float | None
    current: float | None
    unit_label: str
    criteria: str
    weight: float
    confidence: int | None
    last_checked_in_at: datetime | None
    status: Status
    score: float | None
    progress: float
    version: int
    url: str


class KeyResultCreate(Input):
    title: Title(240)
    owner_unit_id: Id
    kind: KrKind = "metric"
    baseline: Amount | None = None
    target: Amount | None = None
    unit_label: Text(30) = ""
    criteria: Text(5_000) = ""
    weight: Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=2)] = Decimal("1")


class KeyResultChange(Input):
    title: Title(240) | None = None
    owner_unit_id: Id | None = None
    kind: KrKind | None = None
    baseline: Amount | None = None
    target: Amount | None = None
    unit_label: Text(30) | None = None
    criteria: Text(5_000) | None = None
    weight: Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=2)] | None = None
    reason: Text(2_000) = ""


class CheckInOut(Schema):
    id: int
    key_result_id: int
    value: float
    confidence: int
    note: str
    author_id: int
    at: datetime = Field(description="The moment the reading is for.")
    as_of: date = Field(description="The day the reading is for (the date of `at`).")
    recorded_at: datetime = Field(description="When it was written.")


class CheckInCreate(Input):
    value: Amount
    confidence: Annotated[int, Field(ge=0, le=10)]
    note: Text(5_000) = ""
    as_of: date | None = Field(
        None,
        description="The day the reading is for: a day of the key result's period, not in "
        "the future. Empty for today.",
    )


# --- the coach ----------------------------------------------------------------------------------


class FindingOut(Schema):
    code: str
    family: str
    level: str
    severity: str
    subject: str
    subject_id: int
    unit_ids: list[int]
    what: str
    why: str
    fix: str


class DismissalCreate(Input):
    code: Text(60)
    subject: Literal["objective", "key_result", "unit"]
    subject_id: Id
    reason: Text(2_000) = Field(description="Why this finding does not apply (required).")


class DismissalOut(Schema):
    id: int
    code: str
    subject: str
    subject_id: int
    reason: str
    author_id: int | None
    at: datetime


# --- the weekly practice ------------------------------------------------------------------------


class CommitmentOut(Schema):
    id: int
    unit_id: int
    person_id: int
    key_result_id: int | None
    title: str
    status: Literal["open", "done", "dropped", "carried"]
    due: date | None
    created_at: datetime
    done_at: datetime | None


class CommitmentCreate(Input):
    unit_id: Id
    person_id: Id | None = Field(None, description="Defaults to the caller.")
    title: Title(240)
    key_result_id: Id | None = None
    due: date | None = None


class CommitmentChange(Input):
    status: Literal["done", "dropped", "carried"]


class AgendaItemOut(Schema):
    id: int
    section: str
    title: str
    key_result_id: int | None
    position: int
    notes: str


class MeetingOut(Schema):
    id: int
    unit_id: int
    kind: str
    scheduled_for: datetime
    duration_minutes: int
    status: Literal["scheduled", "held", "delayed", "cancelled"]
    notes: str
    decisions: str
    url: str


class AgendaEntryOut(Schema):
    title: str
    detail: str
    kind: str = Field(description="What it points at: key_result, kpi, commitment, …")
    ref: int | None = Field(description="The id of what it points at.")
    flag: str = Field(description="Why it comes first: off_track, late, out_of_range, …")


class AgendaSectionOut(Schema):
    key: str
    title: str
    minutes: int
    entries: list[AgendaEntryOut]
    empty: str = Field(description="What the section says when it has no entries.")


class GeneratedAgendaOut(Schema):
    title: str
    when: datetime
    minutes: int
    sections: list[AgendaSectionOut]


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(description="The topics people added.")
    generated_agenda: GeneratedAgendaOut = Field(
        description="The agenda as the meeting page shows it, built from the unit's key "
        "results, KPIs, commitments due, topics and backlog."
    )


class MeetingCreate(Input):
    unit_id: Id
    kind: Literal["adhoc", "weekly"] = Field(description="An ad hoc deep dive or an extra weekly.")
    scheduled_for: When = Field(description="In the future.")
    duration_minutes: Annotated[int, Field(ge=5, le=600)] = 45


class MeetingNotes(Input):
    notes: Text(20_000) = ""
    decisions: Text(20_000) = ""


class MeetingReschedule(Input):
    scheduled_for: When = Field(description="A later time, never in the past.")
    reason: Text(240) = ""


class MeetingCancel(Input):
    reason: Text(240) = ""


class AgendaItemCreate(Input):
    title: Title(240)
    section: Literal["hot_topics", "parking_lot"] = "hot_topics"
    notes: Text(5_000) = ""


class BacklogItemOut(Schema):
    id: int
    unit_id: int
    title: str
    description: str
    status: Literal["open", "promoted", "discarded"]
    created_at: datetime
    reviewed_at: datetime | None
    promoted_objective_id: int | None
    promoted_commitment_id: int | None


class BacklogItemCreate(Input):
    unit_id: Id
    title: Title(240)
    description: Text(5_000) = ""


class BacklogReview(Input):
    keep: bool = Field(description="true keeps it parked (reviewed now); false discards it.")


class BacklogToObjective(Input):
    period_id: Id | None = Field(None, description="Defaults to the current quarter.")


class KpiOut(Schema):
    id: int
    unit_id: int
    name: str
    unit_label: str
    healthy_min: float | None
    healthy_max: float | None
    description: str
    latest: float | None = Field(description="The newest reading's value, or null.")
    latest_at: datetime | None
    healthy: bool | None = Field(description="Whether the newest reading is in range.")


class KpiCreate(Input):
    unit_id: Id
    name: Title(120)
    unit_label: Text(30) = ""
    healthy_min: Amount | None = Field(None, description="Leave out for “at most”.")
    healthy_max: Amount | None = Field(None, description="Leave out for “at least”.")
    description: Text(5_000) = ""


class KpiReadingCreate(Input):
    value: Amount
    at: When | None = Field(None, description="As of when; now when left out, never later.")


class KpiReadingOut(Schema):
    id: int
    kpi_id: int
    value: float
    at: datetime


class KpiRecovery(Input):
    period_id: Id | None = Field(None, description="Defaults to the current quarter.")


# --- proposals (planning) -----------------------------------------------------------------------


class ProposalOut(Schema):
    id: int
    objective_id: int
    kind: Literal["share", "drop", "reword", "target"]
    summary: str
    unit_id: int | None
    key_result_id: int | None
    title: str
    description: str
    target: float | None
    reason: str
    proposed_by_id: int
    proposed_at: datetime
    state: Literal["open", "accepted", "declined"]
    answered_by_id: int | None
    answer_note: str
    answered_at: datetime | None


class ProposalAnswer(Input):
    note: Text(2_000) = ""
