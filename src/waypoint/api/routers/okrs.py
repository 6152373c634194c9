"""Objectives, key results and check-ins, through the same access functions and actions as
the pages (waypoint.okrs.access and waypoint.okrs.actions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Status

from waypoint.alignment import actions as alignment_actions
from waypoint.alignment.access import get_support_link_for_user
from waypoint.alignment.forms import SupportForm
from waypoint.alignment.models import SupportLink
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
    SupportLinkCreate,
    SupportLinkOut,
)
from waypoint.okrs import actions
from waypoint.okrs.access import get_key_result_for_user, get_objective_for_user
from waypoint.okrs.forms import ObjectiveForm
from waypoint.okrs.models import CheckIn, KeyResult, Objective, Period
from waypoint.orgs.models import Person, Unit
from waypoint.planning.models import Proposal

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
        "parent_objective_ids": sorted(p.pk for p in o.parent_objectives.all()),
        "parent_key_result_ids": sorted(kr.pk for kr in o.parent_key_results.all()),
        "child_objective_ids": sorted(c.pk for c in o.child_objectives.all()),
        "supports": [
            {"id": s.pk, "unit_id": s.unit_id, "served_objective_id": s.served_objective_id}
            for s in sorted(o.support_links.all(), key=lambda s: s.pk)
        ],
        "pending_share_unit_ids": sorted(
            p.unit_id
            for p in o.proposals.all()
            if p.kind == Proposal.Kind.SHARE and p.state == Proposal.State.OPEN
        ),
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


def with_links(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """with_details() plus the alignment links an objective answers with."""
    return objectives.with_details().prefetch_related(
        "child_objectives", "support_links", "proposals"
    )


def contribution_links(
    period: Period, objective: Objective | None, given: dict[str, Any]
) -> dict[str, list[Any]]:
    """The parent objectives and key results named in `given`, checked against the choices
    the objective form offers on the pages (higher objectives of a period that spans this one,
    not dropped, not itself): one rule for both."""
    links: dict[str, list[Any]] = {}
    if given.get("parent_objective_ids") is None and given.get("parent_key_result_ids") is None:
        return links
    form = ObjectiveForm(period=period, instance=objective)
    for name, field in (
        ("parent_objective_ids", "parent_objectives"),
        ("parent_key_result_ids", "parent_key_results"),
    ):
        if given.get(name) is None:
            continue
        try:
            links[field] = list(form.fields[field].clean([str(pk) for pk in given[name]]))
        except ValidationError as error:
            raise ValidationError({name: error.messages}) from error
    return links


class OkrQuery(ListQuery):
    period: str | None = Field(None, max_length=60, description="Period slug, e.g. 2026-q4.")
    unit: str | None = Field(None, max_length=120, description="Owning unit's slug.")
    owner: str | None = Field(None, max_length=150, description="Owner's username.")
    status: str | None = Field(None, max_length=10)


# --- objectives ---------------------------------------------------------------------------------


@router.get("/objectives", response=Page[ObjectiveOut], url_name="objective-list")
def list_objectives(request: HttpRequest, q: Query[OkrQuery]) -> dict:
    objectives = with_links(Objective.objects.all()).order_by("period__start", "id")
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
    period = existing(Period, payload.period_id, "period_id")
    links = contribution_links(period, None, payload.model_dump())
    outcome = actions.create_objective(
        request.user,
        period=period,
        title=payload.title,
        owner=existing(Person, payload.owner_id or request.user.pk, "owner_id", ACTIVE_PEOPLE),
        units=existing_units(payload.unit_ids),
        description=payload.description,
        stretch=payload.stretch,
        kind=payload.kind,
        **links,
    )
    return Status(201, linked_objective(request, outcome.obj.pk))


def linked_objective(request: HttpRequest, pk: int) -> dict[str, Any]:
    get_objective_for_user(request.user, pk)
    return objective_out(with_links(Objective.objects.filter(pk=pk)).get())


@router.get("/objectives/{id}", response=ObjectiveOut, url_name="objective-detail")
def get_objective(request: HttpRequest, id: int = PathId) -> dict:
    return linked_objective(request, id)


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
    changes |= contribution_links(objective.period, objective, given)
    actions.change_objective(request.user, objective, changes, reason=payload.reason)
    return linked_objective(request, id)


@router.post("/objectives/{id}/close", response=ObjectiveOut, url_name="objective-close")
def close_objective(request: HttpRequest, payload: CloseIn, id: int = PathId) -> dict:
    objective = get_objective_for_user(request.user, id, write=True)
    actions.close_objective(
        request.user, objective, status=payload.status, note=payload.note, score=payload.score
    )
    return linked_objective(request, id)


@router.post("/objectives/{id}/reopen", response=ObjectiveOut, url_name="objective-reopen")
def reopen_objective(request: HttpRequest, id: int = PathId) -> dict:
    objective = get_objective_for_user(request.user, id, write=True)
    actions.reopen(request.user, objective)
    return linked_objective(request, id)


# --- whom a support goal serves (the alignment pages' support links) -----------------------


@router.post(
    "/objectives/{id}/supports", response={201: SupportLinkOut}, url_name="support-link-create"
)
def create_support_link(
    request: HttpRequest, payload: SupportLinkCreate, id: int = PathId
) -> Status:
    """Record that a support goal serves a unit or another objective (one of the two)."""
    objective = get_objective_for_user(request.user, id, write=True)
    form = SupportForm({"unit": payload.unit_id, "served_objective": payload.served_objective_id})
    if not form.is_valid():
        raise ValidationError(
            {
                {"unit": "unit_id", "served_objective": "served_objective_id"}.get(k, k): v
                for k, v in form.errors.items()
            }
        )
    link = alignment_actions.link_support(
        request.user,
        objective,
        unit=form.cleaned_data["unit"],
        served=form.cleaned_data["served_objective"],
    )
    return Status(201, support_link_out(link))


@router.delete("/supports/{id}", response={204: None}, url_name="support-link-delete")
def delete_support_link(request: HttpRequest, id: int = PathId) -> Status:
    link = get_support_link_for_user(request.user, id, write=True)
    alignment_actions.unlink_support(request.user, link)
    return Status(204, None)


def support_link_out(link: SupportLink) -> dict[str, Any]:
    return {"id": link.pk, "unit_id": link.unit_id, "served_objective_id": link.served_objective_id}


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
