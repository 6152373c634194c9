"""Objectives, key results and check-ins, through the same access functions and actions as
the pages (waypoint.okrs.access and waypoint.okrs.actions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Status

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.schemas import (
    CheckInCreate,
    CheckInOut,
    CloseIn,
    Id,
    KeyResultChange,
    KeyResultCreate,
    KeyResultOut,
    ObjectiveChange,
    ObjectiveCreate,
    ObjectiveOut,
)
from waypoint.okrs import actions
from waypoint.okrs.access import get_key_result_for_user, get_objective_for_user
from waypoint.okrs.models import CheckIn, KeyResult, Objective, Period
from waypoint.orgs.models import Person, Unit

router = Router(tags=["OKRs"])
PathId = Path(..., ge=1, le=2**31 - 1)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def objective_out(o: Objective) -> dict[str, Any]:
    return {
        "id": o.pk,
        "title": o.title,
        "description": o.description,
        "period_id": o.period_id,
        "owner_id": o.owner_id,
        "unit_ids": sorted(u.pk for u in o.units.all()),
        "stretch": o.stretch,
        "kind": o.kind,
        "status": o.status,
        "score": _num(o.score),
        "progress": o.progress.display,
        "key_result_ids": [kr.pk for kr in o.key_results.all()],
        "version": o.version,
        "url": o.get_absolute_url(),
        "created_at": o.created_at,
        "updated_at": o.updated_at,
    }


def key_result_out(kr: KeyResult) -> dict[str, Any]:
    return {
        "id": kr.pk,
        "objective_id": kr.objective_id,
        "title": kr.title,
        "owner_unit_id": kr.owner_unit_id,
        "kind": kr.kind,
        "baseline": _num(kr.baseline),
        "target": _num(kr.target),
        "current": _num(kr.current),
        "unit_label": kr.unit_label,
        "criteria": kr.criteria,
        "weight": float(kr.weight),
        "confidence": kr.confidence,
        "last_checked_in_at": kr.last_checked_in_at,
        "status": kr.status,
        "score": _num(kr.score),
        "progress": kr.progress.display,
        "version": kr.version,
        "url": kr.get_absolute_url(),
    }


def check_in_out(c: CheckIn) -> dict[str, Any]:
    return {
        "id": c.pk,
        "key_result_id": c.key_result_id,
        "value": float(c.value),
        "confidence": c.confidence,
        "note": c.note,
        "author_id": c.author_id,
        "at": c.at,
        "as_of": c.as_of,
        "recorded_at": c.recorded_at,
    }


def existing(model: type[Model], pk: int | None, field: str, qs: QuerySet | None = None) -> Any:
    """The referenced row, or a field error (a missing reference is bad input, not a 404)."""
    found = (qs if qs is not None else model.objects.all()).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"No {model._meta.verbose_name} with id {pk}."})
    return found


def existing_units(ids: list[int]) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {u.pk for u in units})
    if missing:
        raise ValidationError({"unit_ids": f"No unit with id {', '.join(map(str, missing))}."})
    return units


ACTIVE_PEOPLE = Person.objects.filter(is_active=True)


class OkrQuery(ListQuery):
    period: str | None = Field(None, max_length=60, description="Period slug, e.g. 2026-q4.")
    unit: str | None = Field(None, max_length=120, description="Owning unit's slug.")
    owner: str | None = Field(None, max_length=150, description="Owner's username.")
    status: str | None = Field(None, max_length=10)


# --- objectives ---------------------------------------------------------------------------------


@router.get("/objectives", response=Page[ObjectiveOut], url_name="objective-list")
def list_objectives(request: HttpRequest, q: Query[OkrQuery]) -> dict:
    objectives = Objective.objects.with_details().order_by("period__start", "id")
    if q.period:
        objectives = objectives.filter(period__slug=q.period)
    if q.unit:
        objectives = objectives.filter(units__slug=q.unit).distinct()
    if q.owner:
        objectives = objectives.filter(owner__username=q.owner)
    if q.status:
        objectives = objectives.filter(status=q.status)
    return page(objectives, q, objective_out)


@router.post("/objectives", response={201: ObjectiveOut}, url_name="objective-create")
def create_objective(request: HttpRequest, payload: ObjectiveCreate) -> Status:
    outcome = actions.create_objective(
        request.user,
        period=existing(Period, payload.period_id, "period_id"),
        title=payload.title,
        owner=existing(Person, payload.owner_id or request.user.pk, "owner_id", ACTIVE_PEOPLE),
        units=existing_units(payload.unit_ids),
        description=payload.description,
        stretch=payload.stretch,
        kind=payload.kind,
    )
    return Status(201, objective_out(get_objective_for_user(request.user, outcome.obj.pk)))


@router.get("/objectives/{id}", response=ObjectiveOut, url_name="objective-detail")
def get_objective(request: HttpRequest, id: int = PathId) -> dict:
    return objective_out(get_objective_for_user(request.user, id))


@router.patch("/objectives/{id}", response=ObjectiveOut, url_name="objective-change")
def change_objective(request: HttpRequest, payload: ObjectiveChange, id: int = PathId) -> dict:
    objective = get_objective_for_user(request.user, id, write=True)
    given = payload.model_dump(exclude_unset=True, exclude={"reason"})
    changes: dict[str, Any] = {
        k: v for k, v in given.items() if k in {"title", "description", "stretch", "kind"}
    }
    if given.get("owner_id") is not None:
        changes["owner"] = existing(Person, given["owner_id"], "owner_id", ACTIVE_PEOPLE)
    if given.get("unit_ids") is not None:
        changes["units"] = existing_units(given["unit_ids"])
    changes = {k: v for k, v in changes.items() if v is not None}
    actions.change_objective(request.user, objective, changes, reason=payload.reason)
    return objective_out(get_objective_for_user(request.user, id))


@router.post("/objectives/{id}/close", response=ObjectiveOut, url_name="objective-close")
def close_objective(request: HttpRequest, payload: CloseIn, id: int = PathId) -> dict:
    objective = get_objective_for_user(request.user, id, write=True)
    actions.close_objective(
        request.user, objective, status=payload.status, note=payload.note, score=payload.score
    )
    return objective_out(get_objective_for_user(request.user, id))


@router.post("/objectives/{id}/reopen", response=ObjectiveOut, url_name="objective-reopen")
def reopen_objective(request: HttpRequest, id: int = PathId) -> dict:
    objective = get_objective_for_user(request.user, id, write=True)
    actions.reopen(request.user, objective)
    return objective_out(get_objective_for_user(request.user, id))


# --- key results --------------------------------------------------------------------------------


class KeyResultQuery(OkrQuery):
    objective: Id | None = Field(None, description="Only this objective's key results.")


@router.get("/key-results", response=Page[KeyResultOut], url_name="key-result-list")
def list_key_results(request: HttpRequest, q: Query[KeyResultQuery]) -> dict:
    krs = KeyResult.objects.order_by("objective_id", "position", "id")
    if q.period:
        krs = krs.filter(objective__period__slug=q.period)
    if q.unit:
        krs = krs.filter(owner_unit__slug=q.unit)
    if q.owner:
        krs = krs.filter(objective__owner__username=q.owner)
    if q.status:
        krs = krs.filter(status=q.status)
    if q.objective:
        krs = krs.filter(objective_id=q.objective)
    return page(krs, q, key_result_out)


@router.post(
    "/objectives/{id}/key-results", response={201: KeyResultOut}, url_name="key-result-create"
)
def create_key_result(request: HttpRequest, payload: KeyResultCreate, id: int = PathId) -> Status:
    objective = get_objective_for_user(request.user, id, write=True)
    outcome = actions.add_key_result(
        request.user,
        objective,
        title=payload.title,
        owner_unit=existing(Unit, payload.owner_unit_id, "owner_unit_id"),
        kind=payload.kind,
        baseline=payload.baseline,
        target=payload.target,
        unit_label=payload.unit_label,
        criteria=payload.criteria,
        weight=payload.weight,
    )
    return Status(201, key_result_out(outcome.obj))


@router.get("/key-results/{id}", response=KeyResultOut, url_name="key-result-detail")
def get_key_result(request: HttpRequest, id: int = PathId) -> dict:
    return key_result_out(get_key_result_for_user(request.user, id))


@router.patch("/key-results/{id}", response=KeyResultOut, url_name="key-result-change")
def change_key_result(request: HttpRequest, payload: KeyResultChange, id: int = PathId) -> dict:
    key_result = get_key_result_for_user(request.user, id, write=True)
    changes = payload.model_dump(exclude_unset=True, exclude={"reason", "owner_unit_id"})
    for field in ("title", "kind", "unit_label", "criteria", "weight"):
        if changes.get(field, "") is None:
            del changes[field]  # null means "leave as it is" for fields that cannot be empty
    if payload.owner_unit_id is not None:
        changes["owner_unit"] = existing(Unit, payload.owner_unit_id, "owner_unit_id")
    actions.change_key_result(request.user, key_result, changes, reason=payload.reason)
    return key_result_out(get_key_result_for_user(request.user, id))


@router.post("/key-results/{id}/close", response=KeyResultOut, url_name="key-result-close")
def close_key_result(request: HttpRequest, payload: CloseIn, id: int = PathId) -> dict:
    key_result = get_key_result_for_user(request.user, id)
    actions.close_key_result(
        request.user, key_result, status=payload.status, note=payload.note, score=payload.score
    )
    return key_result_out(get_key_result_for_user(request.user, id))


@router.post("/key-results/{id}/reopen", response=KeyResultOut, url_name="key-result-reopen")
def reopen_key_result(request: HttpRequest, id: int = PathId) -> dict:
    key_result = get_key_result_for_user(request.user, id)
    actions.reopen(request.user, key_result)
    return key_result_out(get_key_result_for_user(request.user, id))


# --- check-ins ----------------------------------------------------------------------------------


@router.get("/key-results/{id}/check-ins", response=Page[CheckInOut], url_name="check-in-list")
def list_check_ins(request: HttpRequest, q: Query[ListQuery], id: int = PathId) -> dict:
    key_result = get_key_result_for_user(request.user, id)
    check_ins = CheckIn.objects.filter(key_result=key_result).order_by("-at", "-id")
    return page(check_ins, q, check_in_out)


@router.post("/key-results/{id}/check-ins", response={201: CheckInOut}, url_name="check-in-create")
def create_check_in(request: HttpRequest, payload: CheckInCreate, id: int = PathId) -> Status:
    key_result = get_key_result_for_user(request.user, id, check_in=True)
    check_in = actions.record_check_in(
        request.user,
        key_result,
        value=payload.value,
        confidence=payload.confidence,
        note=payload.note,
        as_of=payload.as_of,
    )
    return Status(201, check_in_out(check_in))
