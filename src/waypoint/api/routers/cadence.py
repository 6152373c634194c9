"""The weekly practice: commitments, meetings and their agendas, the backlog and KTLO KPIs,
through waypoint.cadence.access and waypoint.cadence.actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Status

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.routers.okrs import ACTIVE_PEOPLE, _num, existing, linked_objective
from waypoint.api.schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    BacklogItemCreate,
    BacklogItemOut,
    BacklogReview,
    BacklogToObjective,
    CommitmentChange,
    CommitmentCreate,
    CommitmentOut,
    KpiCreate,
    KpiOut,
    KpiReadingCreate,
    KpiReadingOut,
    KpiRecovery,
    MeetingCancel,
    MeetingCreate,
    MeetingDetailOut,
    MeetingNotes,
    MeetingOut,
    MeetingReschedule,
    ObjectiveOut,
)
from waypoint.cadence import actions, agendas
from waypoint.cadence.access import (
    get_backlog_item_for_user,
    get_commitment_for_user,
    get_kpi_for_user,
    get_meeting_for_user,
    get_unit_for_user,
)
from waypoint.cadence.models import AgendaItem, BacklogItem, Commitment, Kpi, KpiReading, Meeting
from waypoint.domain.agenda import out_of_range
from waypoint.okrs.models import KeyResult, Period
from waypoint.okrs.periods import selected_period
from waypoint.orgs.models import Person, Unit

router = Router(tags=["Weekly practice"])
PathId = Path(..., ge=1, le=2**31 - 1)


def commitment_out(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "unit_id": c.unit_id,
        "person_id": c.person_id,
        "key_result_id": c.key_result_id,
        "title": c.title,
        "status": c.status,
        "due": c.due,
        "created_at": c.created_at,
        "done_at": c.done_at,
    }


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "unit_id": m.unit_id,
        "kind": m.kind,
        "scheduled_for": m.scheduled_for,
        "duration_minutes": m.duration_minutes,
        "status": m.status,
        "notes": m.notes,
        "decisions": m.decisions,
        "url": m.get_absolute_url(),
    }


def agenda_item_out(item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "section": item.section,
        "title": item.title,
        "key_result_id": item.key_result_id,
        "position": item.position,
        "notes": item.notes,
    }


def backlog_item_out(item: BacklogItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "unit_id": item.unit_id,
        "title": item.title,
        "description": item.description,
        "status": item.status,
        "created_at": item.created_at,
        "reviewed_at": item.reviewed_at,
        "promoted_objective_id": item.promoted_objective_id,
        "promoted_commitment_id": item.promoted_commitment_id,
    }


def kpi_out(kpi: Kpi) -> dict[str, Any]:
    """`kpi` as annotated by with_latest (its newest reading's value and time)."""
    latest = _num(kpi.latest)
    return {
        "id": kpi.pk,
        "unit_id": kpi.unit_id,
        "name": kpi.name,
        "unit_label": kpi.unit_label,
        "healthy_min": _num(kpi.healthy_min),
        "healthy_max": _num(kpi.healthy_max),
        "description": kpi.description,
        "latest": latest,
        "latest_at": kpi.latest_at,
        "healthy": None if latest is None else not out_of_range(agendas.kpi_input(kpi)),
    }


def with_latest(kpis: Any) -> Any:
    newest = KpiReading.objects.filter(kpi=OuterRef("pk")).order_by("-at", "-id")
    return kpis.annotate(
        latest=Subquery(newest.values("value")[:1]), latest_at=Subquery(newest.values("at")[:1])
    )


def unit_to_act_for(request: HttpRequest, unit_id: int) -> Unit:
    """The unit named in a body (a field error when there is none), if the caller acts for it."""
    return get_unit_for_user(request.user, existing(Unit, unit_id, "unit_id").slug, act=True)


def period_or_current(request: HttpRequest, period_id: int | None) -> Period:
    """The period named in a body, or the current quarter (as the pages choose it)."""
    if period_id is not None:
        return existing(Period, period_id, "period_id")
    period = selected_period(request, required=False)
    if period is None:
        raise ValidationError({"period_id": "There are no periods yet."})
    return period


def reading_out(reading: KpiReading) -> dict[str, Any]:
    return {
        "id": reading.pk,
        "kpi_id": reading.kpi_id,
        "value": float(reading.value),
        "at": reading.at,
    }


class UnitListQuery(ListQuery):
    unit: str | None = Field(None, max_length=120, description="Unit slug.")
    status: str | None = Field(None, max_length=10)


class CommitmentQuery(UnitListQuery):
    owner: str | None = Field(None, max_length=150, description="Username of who committed.")
    key_result: int | None = Field(None, ge=1, le=2**31 - 1, description="Linked key result id.")


class MeetingQuery(UnitListQuery):
    kind: str | None = Field(None, max_length=10, description="weekly, daily, adhoc…")


# --- commitments --------------------------------------------------------------------------------


@router.get("/commitments", response=Page[CommitmentOut], url_name="commitment-list")
def list_commitments(request: HttpRequest, q: Query[CommitmentQuery]) -> dict:
    commitments = Commitment.objects.order_by("-created_at", "-id")
    if q.unit:
        commitments = commitments.filter(unit__slug=q.unit)
    if q.owner:
        commitments = commitments.filter(person__username=q.owner)
    if q.status:
        commitments = commitments.filter(status=q.status)
    if q.key_result:
        commitments = commitments.filter(key_result_id=q.key_result)
    return page(commitments, q, commitment_out)


@router.get("/commitments/{id}", response=CommitmentOut, url_name="commitment-detail")
def get_commitment(request: HttpRequest, id: int = PathId) -> dict:
    return commitment_out(get_object_or_404(Commitment, pk=id))


@router.post("/commitments", response={201: CommitmentOut}, url_name="commitment-create")
def create_commitment(request: HttpRequest, payload: CommitmentCreate) -> Status:
    unit = unit_to_act_for(request, payload.unit_id)
    person = existing(Person, payload.person_id or request.user.pk, "person_id", ACTIVE_PEOPLE)
    key_result = None
    if payload.key_result_id is not None:
        key_result = existing(KeyResult, payload.key_result_id, "key_result_id")
    commitment = actions.create_commitment(
        request.user,
        unit,
        person=person,
        title=payload.title,
        key_result=key_result,
        due=payload.due,
    )
    return Status(201, commitment_out(commitment))


CLOSERS = {
    "done": actions.complete_commitment,
    "dropped": actions.drop_commitment,
    "carried": actions.carry_over_commitment,
}


@router.patch("/commitments/{id}", response=CommitmentOut, url_name="commitment-change")
def change_commitment(request: HttpRequest, payload: CommitmentChange, id: int = PathId) -> dict:
    """Mark done, drop, or carry over (which answers the new, open commitment)."""
    commitment = get_commitment_for_user(request.user, id)
    return commitment_out(CLOSERS[payload.status](request.user, commitment))


# --- meetings and agendas -----------------------------------------------------------------------


@router.get("/meetings", response=Page[MeetingOut], url_name="meeting-list")
def list_meetings(request: HttpRequest, q: Query[MeetingQuery]) -> dict:
    meetings = Meeting.objects.order_by("scheduled_for", "id")
    if q.unit:
        meetings = meetings.filter(unit__slug=q.unit)
    if q.status:
        meetings = meetings.filter(status=q.status)
    if q.kind:
        meetings = meetings.filter(kind=q.kind)
    return page(meetings, q, meeting_out)


@router.post("/meetings", response={201: MeetingDetailOut}, url_name="meeting-create")
def create_meeting(request: HttpRequest, payload: MeetingCreate) -> Status:
    """Schedule one meeting (an ad hoc deep dive or an extra weekly), never in the past."""
    meeting = actions.schedule_meeting(
        request.user,
        unit_to_act_for(request, payload.unit_id),
        kind=payload.kind,
        scheduled_for=payload.scheduled_for,
        duration_minutes=payload.duration_minutes,
    )
    return Status(201, meeting_detail(request, meeting.pk))


def meeting_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    meeting = get_meeting_for_user(request.user, pk)
    agenda = meeting.agenda_items.order_by("position", "id")
    return {
        **meeting_out(meeting),
        "agenda": [agenda_item_out(i) for i in agenda],
        "generated_agenda": agendas.agenda_json(agendas.agenda_for(meeting)),
    }


@router.get("/meetings/{id}", response=MeetingDetailOut, url_name="meeting-detail")
def get_meeting(request: HttpRequest, id: int = PathId) -> dict:
    """The meeting with the agenda its page shows."""
    return meeting_detail(request, id)


@router.put("/meetings/{id}/notes", response=MeetingDetailOut, url_name="meeting-notes")
def record_notes(request: HttpRequest, payload: MeetingNotes, id: int = PathId) -> dict:
    """Save the running notes and decisions (while the meeting runs, or after it)."""
    meeting = get_meeting_for_user(request.user, id, act=True)
    actions.record_meeting_notes(
        request.user, meeting, notes=payload.notes, decisions=payload.decisions
    )
    return meeting_detail(request, id)


@router.post("/meetings/{id}/held", response=MeetingDetailOut, url_name="meeting-held")
def hold_meeting(request: HttpRequest, id: int = PathId) -> dict:
    """Mark it held; the next one in the unit's rhythm is scheduled."""
    actions.hold_meeting(request.user, get_meeting_for_user(request.user, id, act=True))
    return meeting_detail(request, id)


@router.post("/meetings/{id}/reschedule", response=MeetingDetailOut, url_name="meeting-reschedule")
def reschedule_meeting(request: HttpRequest, payload: MeetingReschedule, id: int = PathId) -> dict:
    """Move it to a later time — never into the past."""
    meeting = get_meeting_for_user(request.user, id, act=True)
    actions.reschedule_meeting(
        request.user, meeting, scheduled_for=payload.scheduled_for, reason=payload.reason
    )
    return meeting_detail(request, id)


@router.post("/meetings/{id}/cancel", response=MeetingDetailOut, url_name="meeting-cancel")
def cancel_meeting(request: HttpRequest, payload: MeetingCancel, id: int = PathId) -> dict:
    """Cancel it; the next one in the unit's rhythm is scheduled."""
    meeting = get_meeting_for_user(request.user, id, act=True)
    actions.cancel_meeting(request.user, meeting, reason=payload.reason)
    return meeting_detail(request, id)


@router.post(
    "/meetings/{id}/agenda-items", response={201: AgendaItemOut}, url_name="agenda-item-create"
)
def create_agenda_item(request: HttpRequest, payload: AgendaItemCreate, id: int = PathId) -> Status:
    meeting = get_meeting_for_user(request.user, id, act=True)
    item = actions.add_agenda_item(
        request.user, meeting, title=payload.title, section=payload.section, notes=payload.notes
    )
    return Status(201, agenda_item_out(item))


# --- backlog and KPIs ---------------------------------------------------------------------------


@router.get("/backlog", response=Page[BacklogItemOut], url_name="backlog-list")
def list_backlog(request: HttpRequest, q: Query[UnitListQuery]) -> dict:
    items = BacklogItem.objects.order_by("-created_at", "-id")
    if q.unit:
        items = items.filter(unit__slug=q.unit)
    if q.status:
        items = items.filter(status=q.status)
    return page(items, q, backlog_item_out)


@router.post("/backlog", response={201: BacklogItemOut}, url_name="backlog-create")
def park_in_backlog(request: HttpRequest, payload: BacklogItemCreate) -> Status:
    """Park an idea in a unit's backlog."""
    item = actions.park_in_backlog(
        request.user,
        unit_to_act_for(request, payload.unit_id),
        title=payload.title,
        description=payload.description,
    )
    return Status(201, backlog_item_out(item))


@router.get("/backlog/{id}", response=BacklogItemOut, url_name="backlog-detail")
def get_backlog_item(request: HttpRequest, id: int = PathId) -> dict:
    return backlog_item_out(get_object_or_404(BacklogItem, pk=id))


@router.post("/backlog/{id}/review", response=BacklogItemOut, url_name="backlog-review")
def review_backlog_item(request: HttpRequest, payload: BacklogReview, id: int = PathId) -> dict:
    """Keep a parked idea (reviewed now) or discard it — the backlog's way of deleting."""
    item = get_backlog_item_for_user(request.user, id)
    return backlog_item_out(actions.review_backlog_item(request.user, item, keep=payload.keep))


@router.post(
    "/backlog/{id}/promote-to-commitment",
    response={201: CommitmentOut},
    url_name="backlog-promote-commitment",
)
def promote_to_commitment(request: HttpRequest, id: int = PathId) -> Status:
    """Make the idea the caller's commitment for the coming week (within the limit)."""
    item = get_backlog_item_for_user(request.user, id)
    return Status(201, commitment_out(actions.promote_to_commitment(request.user, item)))


@router.post(
    "/backlog/{id}/promote-to-objective",
    response={201: ObjectiveOut},
    url_name="backlog-promote-objective",
)
def promote_to_objective(
    request: HttpRequest, payload: BacklogToObjective, id: int = PathId
) -> Status:
    """Make the idea an objective of its unit (the focus limit applies)."""
    item = get_backlog_item_for_user(request.user, id)
    period = period_or_current(request, payload.period_id)
    objective = actions.promote_to_objective(request.user, item, period=period)
    return Status(201, linked_objective(request, objective.pk))


class KpiQuery(ListQuery):
    unit: str | None = Field(None, max_length=120, description="Unit slug.")
    healthy: bool | None = Field(
        None, description="Only KPIs whose newest reading is (not) in range."
    )


@router.get("/kpis", response=Page[KpiOut], url_name="kpi-list")
def list_kpis(request: HttpRequest, q: Query[KpiQuery]) -> dict:
    kpis = with_latest(Kpi.objects.order_by("unit_id", "name", "id"))
    if q.unit:
        kpis = kpis.filter(unit__slug=q.unit)
    if q.healthy is not None:
        wanted = [k.pk for k in kpis if k.latest is not None and kpi_out(k)["healthy"] == q.healthy]
        kpis = kpis.filter(pk__in=wanted)
    return page(kpis, q, kpi_out)


@router.post("/kpis", response={201: KpiOut}, url_name="kpi-create")
def create_kpi(request: HttpRequest, payload: KpiCreate) -> Status:
    """A keep-the-lights-on number with its healthy range (a low end, a high end or both)."""
    kpi = actions.create_kpi(
        request.user,
        unit_to_act_for(request, payload.unit_id),
        name=payload.name,
        healthy_min=payload.healthy_min,
        healthy_max=payload.healthy_max,
        unit_label=payload.unit_label,
        description=payload.description,
    )
    return Status(201, kpi_out(with_latest(Kpi.objects.filter(pk=kpi.pk)).get()))


@router.get("/kpis/{id}", response=KpiOut, url_name="kpi-detail")
def get_kpi(request: HttpRequest, id: int = PathId) -> dict:
    kpi = get_kpi_for_user(request.user, id)
    return kpi_out(with_latest(Kpi.objects.filter(pk=kpi.pk)).get())


@router.get("/kpis/{id}/readings", response=Page[KpiReadingOut], url_name="kpi-reading-list")
def list_kpi_readings(request: HttpRequest, q: Query[ListQuery], id: int = PathId) -> dict:
    kpi = get_kpi_for_user(request.user, id)
    return page(kpi.readings.order_by("-at", "-id"), q, reading_out)


@router.post("/kpis/{id}/readings", response={201: KpiReadingOut}, url_name="kpi-reading-create")
def record_kpi_reading(request: HttpRequest, payload: KpiReadingCreate, id: int = PathId) -> Status:
    """Record a reading, now or as of an earlier moment (never in the future)."""
    kpi = get_kpi_for_user(request.user, id, act=True)
    reading = actions.record_kpi_reading(request.user, kpi, value=payload.value, at=payload.at)
    return Status(201, reading_out(reading))


@router.post("/kpis/{id}/recovery", response={201: ObjectiveOut}, url_name="kpi-recovery")
def start_recovery(request: HttpRequest, payload: KpiRecovery, id: int = PathId) -> Status:
    """From an unhealthy KPI, an objective and a key result that bring it back in range."""
    kpi = get_kpi_for_user(request.user, id, act=True)
    period = period_or_current(request, payload.period_id)
    objective = actions.start_recovery_objective(request.user, kpi, period=period)
    return Status(201, linked_objective(request, objective.pk))
