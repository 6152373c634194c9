"""The figures of a unit's mid-quarter review, read from its key results, meetings and
commitments in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from waypoint.cadence.models import Commitment, Meeting
from waypoint.domain import progress as dp
from waypoint.domain import review as dr
from waypoint.okrs.models import CheckIn, KeyResult, Period, Status
from waypoint.orgs.models import Unit


@dataclass(frozen=True)
class KeyResultStanding:
    key_result: KeyResult
    progress: float
    expected: float
    pace: str


@dataclass(frozen=True)
class MidQuarter:
    today: date
    expected: float
    standings: list[KeyResultStanding]
    process: dr.ProcessHealth


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def mid_quarter(unit: Unit, period: Period, today: date | None = None) -> MidQuarter:
    today = today or timezone.localdate()
    until = min(today, period.end)
    expected = dp.expected_progress(period.start, period.end, until)
    krs = list(
        KeyResult.objects.for_period(period)
        .filter(objective__units=unit)
        .exclude(status=Status.DROPPED)
        .select_related("objective", "owner_unit")
        .distinct()
        .order_by("objective_id", "position", "id")
    )
    days: dict[int, list[date]] = {kr.pk: [] for kr in krs}
    for kr_id, at in CheckIn.objects.filter(
        key_result__in=krs, at__gte=_aware(period.start), at__lt=_aware(until + timedelta(days=1))
    ).values_list("key_result_id", "at"):
        days[kr_id].append(timezone.localtime(at).date())
    meetings = Meeting.objects.filter(
        unit=unit,
        scheduled_for__gte=_aware(period.start),
        scheduled_for__lt=_aware(until + timedelta(days=1)),
    ).values_list("status", flat=True)
    commitments = Commitment.objects.filter(
        unit=unit,
        created_at__gte=_aware(period.start),
        created_at__lt=_aware(until + timedelta(days=1)),
    ).values_list("status", flat=True)
    standings = [
        KeyResultStanding(
            kr, kr.progress.display, expected, dp.pace(kr.progress, expected, kr.confidence)
        )
        for kr in krs
    ]
    return MidQuarter(
        today=until,
        expected=expected,
        standings=sorted(standings, key=lambda s: s.progress - s.expected),
        process=dr.process_health(
            check_in_days=list(days.values()),
            start=period.start,
            today=until,
            meeting_statuses=meetings,
            commitment_statuses=commitments,
        ),
    )
