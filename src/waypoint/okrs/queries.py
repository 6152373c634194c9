"""Reads of key results and check-ins that pages and reminders outside the OKR app share."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from waypoint.okrs.models import CheckIn, KeyResult, Period, Status
from waypoint.orgs.models import Unit


def open_key_results(unit: Unit, period: Period) -> list[KeyResult]:
    """The unit's key results still being worked on in the period, in objective order."""
    return list(
        KeyResult.objects.for_period(period)
        .owned_by(unit)
        .filter(status=Status.ACTIVE, objective__status=Status.ACTIVE)
        .select_related("objective__owner", "objective__period", "owner_unit")
        .order_by("objective_id", "position", "id")
    )


def latest_check_ins(key_results: list[KeyResult]) -> dict[int, CheckIn]:
    """The newest check-in of each key result, in one query."""
    newest = (
        CheckIn.objects.filter(key_result=OuterRef("key_result"))
        .order_by("-at", "-id")
        .values("id")[:1]
    )
    rows = (
        CheckIn.objects.filter(key_result__in=key_results)
        .filter(id=Subquery(newest))
        .select_related("author")
    )
    return {row.key_result_id: row for row in rows}
