"""Load the demo's OKRs: create objectives and key results, check in weekly, close the past.

Objectives are keyed by (period, title): one that already exists is reused, only gaining the
weekly check-ins that came due since it was loaded, so loading twice duplicates nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from waypoint.demo.org import Org
from waypoint.demo.specs import KRSpec, ObjectiveSpec
from waypoint.demo.trajectory import rng_for, series
from waypoint.domain import periods as dperiods
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Person
from waypoint.seed import (
    Reading,
    add_check_ins,
    make_key_result,
    make_objective,
    make_score,
    mark_key_result_closed,
    mark_objective_closed,
)

LEAD_AUTHOR_SHARE = 0.55
ACHIEVED_FROM = 0.95
PARTIAL_FROM = 0.4


def aware(day: date, at: time) -> datetime:
    """``day`` at ``at`` in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def not_after_now(moment: datetime) -> datetime:
    return min(moment, timezone.now())


@dataclass
class Links:
    """Objectives and key results by their spec keys, per period, to resolve links up."""

    objectives: dict[tuple[int, str], Objective] = field(default_factory=dict)
    key_results: dict[tuple[int, str], KeyResult] = field(default_factory=dict)
    annual_by_year: dict[int, Period] = field(default_factory=dict)

    def _scopes(self, period: Period) -> list[int]:
        annual = self.annual_by_year.get(period.start.year)
        return [period.pk] + ([annual.pk] if annual and annual.pk != period.pk else [])

    def objective(self, period: Period, key: str) -> Objective:
        for scope in self._scopes(period):
            if (scope, key) in self.objectives:
                return self.objectives[scope, key]
        raise KeyError(f"no demo objective {key!r} for {period}")

    def key_result(self, period: Period, key: str) -> KeyResult:
        for scope in self._scopes(period):
            if (scope, key) in self.key_results:
                return self.key_results[scope, key]
        raise KeyError(f"no demo key result {key!r} for {period}")


@dataclass
class Loaded:
    """What one load created: new objectives (to close later) and check-ins to bulk-write."""

    objectives: list[tuple[Objective, ObjectiveSpec]] = field(default_factory=list)
    key_results: dict[int, KRSpec] = field(default_factory=dict)
    readings: list[Reading] = field(default_factory=list)


def _author(org: Org, team: str, rng: random.Random) -> Person:
    members = org.members(team)
    if rng.random() < LEAD_AUTHOR_SHARE or len(members) == 1:
        return members[0]
    return rng.choice(members[1:])


def readings_for(
    kr: KeyResult, spec: KRSpec, period: Period, org: Org, today: date
) -> list[Reading]:
    """Weekly check-ins (Monday mornings) from the period start up to today."""
    rng = rng_for("times", period.slug, spec.title)
    weeks = dperiods.week_starts(period.start, period.end)
    now = timezone.now()
    moments = [
        aware(day, time(9)) + timedelta(minutes=rng.randrange(0, 150))
        for day in weeks
        if day <= today
    ]
    moments = [moment for moment in moments if moment <= now][: spec.stall_after]
    start = spec.baseline if spec.baseline is not None else spec.start
    if start is None or spec.target is None or not moments:
        return []
    points = series(
        start=float(start),
        target=float(spec.target),
        reach=spec.reach,
        weeks_total=len(weeks),
        weeks_done=len(moments),
        decimals=spec.value_decimals,
        seed=f"{period.slug}|{spec.title}",
        monotonic=spec.monotonic,
    )
    pinned = {len(points) - back: text for back, text in spec.notes if back <= len(points)}
    return [
        Reading(
            kr,
            point.value,
            point.confidence,
            pinned.get(i, point.note),
            _author(org, spec.team, rng),
            moment,
        )
        for i, (point, moment) in enumerate(zip(points, moments, strict=True))
    ]


def _resume_existing(
    objective: Objective,
    spec: ObjectiveSpec,
    links: Links,
    loaded: Loaded,
    org: Org,
    today: date,
) -> None:
    """Reuse an objective an earlier load created: register it for links and, while it is
    active, add the weekly check-ins that came due since (a demo loaded last week stays
    lived-in). Nothing is added on a second load the same day."""
    links.objectives[objective.period_id, spec.key] = objective
    by_title = {kr.title: kr for kr in objective.key_results.all()}
    for kr_spec in spec.krs:
        kr = by_title.get(kr_spec.title)
        if kr is None:
            continue
        if kr_spec.key:
            links.key_results[objective.period_id, kr_spec.key] = kr
        if objective.is_closed or kr.is_closed:
            continue
        loaded.key_results[kr.pk] = kr_spec
        last = kr.last_checked_in_at
        loaded.readings.extend(
            reading
            for reading in readings_for(kr, kr_spec, objective.period, org, today)
            if last is None or reading.at > last
        )
    if not objective.is_closed:
        loaded.objectives.append((objective, spec))


def load_objective(
    spec: ObjectiveSpec, period: Period, org: Org, links: Links, loaded: Loaded, today: date
) -> Objective:
    """Create one objective with its key results and check-ins, unless it already exists."""
    existing = Objective.objects.filter(period=period, title=spec.title).first()
    if existing is not None:
        _resume_existing(existing, spec, links, loaded, org, today)
        return existing
    planned_at = not_after_now(aware(period.start - timedelta(days=7), time(14)))
    objective = make_objective(
        period,
        spec.title,
        owner=org.people[spec.owner],
        units=[org.units[slug] for slug in spec.units],
        description=spec.why,
        stretch=spec.stretch,
        kind=spec.kind,
        parents=[links.objective(period, key) for key in spec.parents],
        parent_krs=[links.key_result(period, key) for key in spec.parent_krs],
        assigned_by=org.people[spec.assigned_by] if spec.assigned_by else None,
        at=planned_at,
    )
    links.objectives[period.pk, spec.key] = objective
    loaded.objectives.append((objective, spec))
    for kr_spec in spec.krs:
        kr = make_key_result(
            objective,
            kr_spec.title,
            owner_unit=org.units[kr_spec.team],
            kind=kr_spec.kind,
            baseline=kr_spec.baseline,
            target=kr_spec.target,
            unit_label=kr_spec.unit_label,
            criteria=kr_spec.criteria,
            at=planned_at,
        )
        if kr_spec.key:
            links.key_results[period.pk, kr_spec.key] = kr
        loaded.key_results[kr.pk] = kr_spec
        loaded.readings.extend(readings_for(kr, kr_spec, period, org, today))
    return objective


def load_objectives(
    specs: tuple[ObjectiveSpec, ...],
    period: Period,
    org: Org,
    links: Links,
    loaded: Loaded,
    today: date,
) -> None:
    for spec in specs:
        load_objective(spec, period, org, links, loaded, today)


def kr_status(kr: KeyResult) -> str:
    """Achieved from 95% of the way, partial from 40%, missed below."""
    raw = kr.progress.raw
    if raw is not None and raw >= ACHIEVED_FROM:
        return Status.ACHIEVED
    if raw is not None and raw >= PARTIAL_FROM:
        return Status.PARTIAL
    return Status.MISSED


def objective_status(objective: Objective, score: Decimal) -> str:
    """Aspirational objectives are achieved at 0.7, committed ones at 1.0 (OKR-PRINCIPLES §1)."""
    expected = Decimal("0.7") if objective.stretch == Objective.Stretch.ASPIRATIONAL else 1
    if score >= expected:
        return Status.ACHIEVED
    return Status.PARTIAL if score >= Decimal(str(PARTIAL_FROM)) else Status.MISSED


DEFAULT_REFLECTIONS = {
    Status.ACHIEVED: "Got there. Keep the habit that made it work.",
    Status.PARTIAL: "Real progress, not all the way. Worth another look next quarter.",
    Status.MISSED: "We underestimated the work. Learn why before trying again.",
}


def close_loaded(loaded: Loaded, today: date) -> None:
    """Score and close every newly loaded objective whose period ended before ``today``."""
    for objective, spec in loaded.objectives:
        period = objective.period
        if period.end >= today:
            continue
        closed_at = not_after_now(aware(period.end + timedelta(days=3), time(15)))
        for kr in objective.key_results.filter(status=Status.ACTIVE):
            status = kr_status(kr)
            mark_key_result_closed(kr, status=status, author=objective.owner, at=closed_at)
            kr_spec = loaded.key_results.get(kr.pk)
            reflection = (
                kr_spec.reflection
                if kr_spec and kr_spec.reflection
                else DEFAULT_REFLECTIONS[Status(status)]
            )
            make_score(
                kr,
                reflection=reflection,
                carry_over=status != Status.ACHIEVED,
                scored_by=objective.owner,
                at=closed_at,
            )
        score = Decimal(str(round(objective.progress.display, 1)))
        mark_objective_closed(
            objective,
            status=objective_status(objective, score),
            score=score,
            note=spec.closing_note,
            author=objective.owner,
            at=closed_at,
        )


def write_check_ins(loaded: Loaded) -> int:
    return add_check_ins(loaded.readings)
