"""Builds the coach's snapshot of one period from the database, in a fixed number of queries.

Personal goals are never read here: they stay out of every organisation report
(OKR-PRINCIPLES §3)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings

from waypoint.domain import diagnosis as dx
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Person, Unit

HISTORY_QUARTERS = 2
COMPLETED = {Status.ACHIEVED, Status.PARTIAL}


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def to_period(period: Period) -> dx.Period:
    return dx.Period(period.pk, period.name, period.kind, period.start, period.end)


def to_linked_objective(objective: Objective) -> dx.Objective:
    """A parent outside the period: the checks only follow links to it and read its status."""
    return dx.Objective(
        id=objective.pk,
        title=objective.title,
        description=objective.description,
        period_id=objective.period_id,
        owner_id=objective.owner_id,
        unit_ids=(),
        stretch=objective.stretch,
        kind=objective.kind,
        status=objective.status,
    )


def to_objective(objective: Objective) -> dx.Objective:
    return dx.Objective(
        id=objective.pk,
        title=objective.title,
        description=objective.description,
        period_id=objective.period_id,
        owner_id=objective.owner_id,
        unit_ids=tuple(u.pk for u in objective.units.all()),
        stretch=objective.stretch,
        kind=objective.kind,
        status=objective.status,
        parent_objective_ids=tuple(p.pk for p in objective.parent_objectives.all()),
        parent_key_result_ids=tuple(k.pk for k in objective.parent_key_results.all()),
    )


def to_key_result(kr: KeyResult) -> dx.KeyResult:
    return dx.KeyResult(
        id=kr.pk,
        objective_id=kr.objective_id,
        title=kr.title,
        kind=kr.kind,
        owner_unit_ids=(kr.owner_unit_id,),
        baseline=_f(kr.baseline),
        target=_f(kr.target),
        current=_f(kr.current),
        criteria=kr.criteria,
        status=kr.status,
        last_check_in=kr.last_checked_in_at.date() if kr.last_checked_in_at else None,
    )


def _objectives(period: Period) -> list[Objective]:
    return list(
        Objective.objects.for_period(period)
        .prefetch_related("units", "parent_objectives", "parent_key_results", "key_results")
        .order_by("id")
    )


def _history(period: Period) -> tuple[dx.PastQuarter, ...]:
    """Each unit's last quarters before `period`, most recent first."""
    earlier = list(
        Period.objects.filter(kind=Period.Kind.QUARTER, end__lt=period.start).order_by("-start")[
            :HISTORY_QUARTERS
        ]
    )
    if not earlier:
        return ()
    objectives = (
        Objective.objects.filter(period__in=earlier)
        .exclude(status=Status.DROPPED)
        .prefetch_related("units", "key_results")
    )
    by_unit: dict[tuple[int, int], list[Objective]] = defaultdict(list)
    for objective in objectives:
        for unit in objective.units.all():
            by_unit[(unit.pk, objective.period_id)].append(objective)
    history: list[dx.PastQuarter] = []
    for past in earlier:
        for (unit_id, period_id), items in sorted(by_unit.items()):
            if period_id == past.pk:
                history.append(_past_quarter(unit_id, past, items))
    return tuple(history)


def _past_quarter(unit_id: int, period: Period, objectives: list[Objective]) -> dx.PastQuarter:
    gains = [
        abs(float(kr.current) - float(kr.baseline)) / abs(float(kr.baseline))
        for objective in objectives
        for kr in objective.key_results.all()
        if kr.kind == KeyResult.Kind.METRIC and kr.baseline and kr.current is not None
    ]
    return dx.PastQuarter(
        unit_id=unit_id,
        period_id=period.pk,
        objectives_set=len(objectives),
        objectives_completed=sum(1 for o in objectives if o.status in COMPLETED),
        aspirational_scores=tuple(
            float(o.score)
            for o in objectives
            if o.stretch == Objective.Stretch.ASPIRATIONAL and o.score is not None
        ),
        best_relative_gain=max(gains, default=None),
    )


def build_snapshot(period: Period) -> dx.Snapshot:
    """Everything the coach needs to diagnose `period`."""
    objectives = _objectives(period)
    parent_objective_ids = {p.pk for o in objectives for p in o.parent_objectives.all()}
    parent_kr_ids = {k.pk for o in objectives for k in o.parent_key_results.all()}
    in_period = {o.pk for o in objectives}
    linked_krs = list(
        KeyResult.objects.filter(pk__in=parent_kr_ids).exclude(objective__in=in_period)
    )
    linked_objective_ids = (parent_objective_ids | {k.objective_id for k in linked_krs}) - in_period
    linked = list(Objective.objects.filter(pk__in=linked_objective_ids))
    owner_ids = {o.owner_id for o in objectives} | {o.owner_id for o in linked}
    return dx.Snapshot(
        period=to_period(period),
        units=tuple(
            dx.Unit(u.pk, u.name, u.kind, u.parent_id, u.is_supporting) for u in Unit.objects.all()
        ),
        people=tuple(
            dx.Person(p.pk, p.display_name, p.level)
            for p in Person.objects.filter(pk__in=owner_ids)
        ),
        objectives=tuple(to_objective(o) for o in objectives),
        key_results=tuple(to_key_result(kr) for o in objectives for kr in o.key_results.all()),
        linked_objectives=tuple(to_linked_objective(o) for o in linked),
        linked_key_results=tuple(to_key_result(kr) for kr in linked_krs),
        history=_history(period),
        cadence_days=settings.WAYPOINT_CHECK_IN_CADENCE_DAYS,
        warn_above=settings.WAYPOINT_LIMIT_WARN_ABOVE,
        refuse_above=settings.WAYPOINT_LIMIT_REFUSE_ABOVE,
    )
