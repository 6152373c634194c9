"""Reads of key results and check-ins that several pages, reminders and the inbox share."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, Subquery

from waypoint.domain import progress as dp
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


def needs_attention(period: Period, today: date, limit: int = 8) -> list[KeyResult]:
    """Key results across the organisation that are off track, or at risk with a confidence of
    4 or less, furthest behind first: where leaders can ask "how can I help?".

    The database picks the candidates by their stored progress (one indexed query, however
    large the organisation); the domain's own `pace` then decides each one exactly."""
    expected = dp.expected_progress(period.start, period.end, today)

    def concerning(kr: KeyResult) -> bool:
        pace = dp.pace(kr.progress, expected, kr.confidence)
        return pace == "off_track" or (
            pace == "at_risk" and kr.confidence is not None and kr.confidence <= 4
        )

    # A hair wider than the thresholds, so that rounding never keeps a key result out.
    off_track = expected - dp.AT_RISK_MARGIN + 1e-6
    at_risk = expected - dp.ON_TRACK_MARGIN + 1e-6
    worrying = Q(progress_display__lt=off_track) | Q(
        Q(progress_display__lt=at_risk) | Q(confidence__lte=3), confidence__lte=4
    )
    candidates = (
        KeyResult.objects.for_period(period)
        .filter(status=Status.ACTIVE, progress_display__isnull=False)
        .exclude(objective__status=Status.DROPPED)
        .filter(worrying)
        .select_related("objective__period", "owner_unit")
        .order_by("progress_display", "id")[: limit * 4]
    )
    return [kr for kr in candidates if concerning(kr)][:limit]
