"""The weekly practice: commitments, meetings and their agendas, the backlog and KTLO KPIs,
through waypoint.cadence.access and waypoint.cadence.actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Status

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.routers.okrs import ACTIVE_PEOPLE, _num, existing
from waypoint.api.schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    BacklogItemOut,
    CommitmentChange,
    CommitmentCreate,
    CommitmentOut,
    KpiOut,
    KpiReadingOut,
    MeetingDetailOut,
    MeetingOut,
)
from waypoint.cadence import actions
from waypoint.cadence.access import get_commitment_for_user, get_meeting_for_user, get_unit_for_user
from waypoint.cadence.models import AgendaItem, BacklogItem, Commitment, Kpi, KpiReading, Meeting
from waypoint.okrs.models import KeyResult
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
    }


def kpi_out(kpi: Kpi) -> dict[str, Any]:
    return {
        "id": kpi.pk,
        "unit_id": kpi.unit_id,
        "name": kpi.name,
        "unit_label": kpi.unit_label,
        "healthy_min": _num(kpi.healthy_min),
        "healthy_max": _num(kpi.healthy_max),
        "description": kpi.description,
    }


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
    return page(commitments, q, commitment_out)


@router.post("/commitments", response={201: CommitmentOut}, url_name="commitment-create")
def create_commitment(request: HttpRequest, payload: CommitmentCreate) -> Status:
    named = existing(Unit, payload.unit_id, "unit_id")
    unit = get_unit_for_user(request.user, named.slug, act=True)
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
def list_meetings(request: HttpRequest, q: Query[UnitListQuery]) -> dict:
    meetings = Meeting.objects.order_by("scheduled_for", "id")
    if q.unit:
        meetings = meetings.filter(unit__slug=q.unit)
    if q.status:
        meetings = meetings.filter(status=q.status)
    return page(meetings, q, meeting_out)


@router.get("/meetings/{id}", response=MeetingDetailOut, url_name="meeting-detail")
def get_meeting(request: HttpRequest, id: int = PathId) -> dict:
    meeting = get_meeting_for_user(request.user, id)
    agenda = meeting.agenda_items.order_by("position", "id")
    return {**meeting_out(meeting), "agenda": [agenda_item_out(i) for i in agenda]}


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


class KpiQuery(ListQuery):
    unit: str | None = Field(None, max_length=120, description="Unit slug.")


@router.get("/kpis", response=Page[KpiOut], url_name="kpi-list")
def list_kpis(request: HttpRequest, q: Query[KpiQuery]) -> dict:
    kpis = Kpi.objects.order_by("unit_id", "name", "id")
    if q.unit:
        kpis = kpis.filter(unit__slug=q.unit)
    return page(kpis, q, kpi_out)


@router.get("/kpis/{id}/readings", response=Page[KpiReadingOut], url_name="kpi-reading-list")
def list_kpi_readings(request: HttpRequest, q: Query[ListQuery], id: int = PathId) -> dict:
    kpi = get_object_or_404(Kpi, pk=id)
    return page(kpi.readings.order_by("-at", "-id"), q, reading_out)
