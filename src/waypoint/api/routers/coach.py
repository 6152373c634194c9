"""The coach's findings, as the Health pages read them (waypoint.coach.service)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from waypoint.api.pagination import ListQuery, Page
from waypoint.api.schemas import FindingOut
from waypoint.coach import service
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


def finding_out(finding: Any) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    data["unit_ids"] = list(finding.unit_ids)
    return {field: data[field] for field in FindingOut.model_fields}


@router.get("/findings", response=Page[FindingOut], url_name="finding-list")
def list_findings(request: HttpRequest, q: Query[FindingQuery]) -> dict:
    diagnosis = service.diagnose_period(selected_period(request))
    findings = list(diagnosis.findings)
    if q.unit:
        unit = get_object_or_404(Unit, slug=q.unit)
        findings = diagnosis.for_units(service.unit_scope(unit))
    chosen = findings[q.offset : q.offset + q.limit]
    return {"items": [finding_out(f) for f in chosen], "count": len(findings)}
