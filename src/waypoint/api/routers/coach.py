"""The coach's findings, as the Health pages read them (waypoint.coach.service)."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Status

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.schemas import DismissalCreate, DismissalOut, FindingOut
from waypoint.coach import actions, service
from waypoint.coach.models import Dismissal
from waypoint.domain.diagnosis.model import Family, Level, Severity
from waypoint.okrs.periods import selected_period
from waypoint.orgs.models import Unit

router = Router(tags=["Coach"])


class FindingQuery(ListQuery):
    period: str | None = Field(
        None, max_length=60, description="Period slug; the current quarter when left out."
    )
    unit: str | None = Field(
        None, max_length=120, description="Only findings about this unit and the units below it."
    )
    family: Family | None = None
    level: Level | None = None
    severity: Severity | None = None
    code: str | None = Field(None, max_length=60)
    subject: Literal["objective", "key_result", "unit"] | None = None
    subject_id: int | None = Field(None, ge=1, le=2**31 - 1)


def finding_out(finding: Any) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    data["unit_ids"] = list(finding.unit_ids)
    return {field: data[field] for field in FindingOut.model_fields}


@router.get("/findings", response=Page[FindingOut], url_name="finding-list")
def list_findings(request: HttpRequest, q: Query[FindingQuery]) -> dict:
    scope = None
    if q.unit:
        scope = service.unit_scope(get_object_or_404(Unit, slug=q.unit))
    rows = service.stored(selected_period(request), unit_ids=scope).filter(dismissed=False)
    for name in ("family", "level", "severity", "code", "subject", "subject_id"):
        wanted = getattr(q, name)
        if wanted is not None:
            rows = rows.filter(**{name: wanted})
    chosen = rows.values(*service.FIELDS)[q.offset : q.offset + q.limit]
    return {
        "items": [finding_out(service.as_finding(row)) for row in chosen],
        "count": rows.count(),
    }


def dismissal_out(d: Dismissal) -> dict[str, Any]:
    return {
        "id": d.pk,
        "code": d.code,
        "subject": d.subject,
        "subject_id": d.subject_id,
        "reason": d.reason,
        "author_id": d.author_id,
        "at": d.at,
    }


@router.post("/findings/dismissals", response={201: DismissalOut}, url_name="finding-dismiss")
def dismiss_finding(request: HttpRequest, payload: DismissalCreate) -> Status:
    """Dismiss a finding with the reason it does not apply: it stays dismissed, and the reason
    is kept in the objective's history. Those who may edit its subject may dismiss it."""
    dismissal = actions.dismiss_finding(
        request.user,
        code=payload.code,
        subject=payload.subject,
        subject_id=payload.subject_id,
        reason=payload.reason,
    )
    return Status(201, dismissal_out(dismissal))


@router.get("/findings/dismissals", response=Page[DismissalOut], url_name="dismissal-list")
def list_dismissals(request: HttpRequest, q: Query[ListQuery]) -> dict:
    return page(Dismissal.objects.order_by("-at", "-id"), q, dismissal_out)
