"""Keeps the stored coach findings current.

A change marks what it touched (the objectives, the units; see ``waypoint.coach.signals``).
When the change commits — or, at the latest, before the next read of findings in the same
thread — the marks are flushed: the ``objective``- and ``unit``-scope checks run again over
the touched objectives and units only (a small neighbourhood snapshot, a bounded number of
queries) and their stored findings are replaced. ``organisation``-scope findings (comparisons
across units, the learning loop) are rebuilt in the background by ``rebuild_periods``, on a
schedule and after bulk changes; an edit deletes the ones about the objectives it touched at
once, so none goes stale until that rebuild brings back those that still hold.

Recomputing from the data is idempotent: flushing a mark twice, or a mark from a change that
was rolled back, only re-checks what is already right.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from waypoint.coach.models import CoachState, Finding, FindingUnit
from waypoint.coach.snapshot import build_neighbourhood, build_snapshot
from waypoint.coach.snapshot import has_strategy as period_has_strategy
from waypoint.coach.snapshot import practice_running as period_practice_running
from waypoint.domain import diagnosis as dx
from waypoint.domain.diagnosis.engine import SUBJECT_ORDER, Context, objective_of, scope_of
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Unit

INCREMENTAL = ("objective", "unit")


class _Marks(threading.local):
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.objectives: set[int] = set()  # any change to these objectives or their key results
        self.edited: set[int] = set()  # of those, the ones whose texts or links may have changed
        self.units: dict[int | None, set[int]] = defaultdict(set)  # period id (None: running)
        self.organisation = False  # something every period reads changed (a unit, say)
        self.suspended = 0

    def empty(self) -> bool:
        return not (self.objectives or self.units or self.organisation)


_marks = _Marks()


def touch_objectives(ids: Iterable[int], *, edited: bool = True) -> None:
    """Mark objectives (or the objectives of key results) as changed. `edited` is false for a
    check-in, which changes numbers, never the texts and links organisation checks read."""
    ids = {pk for pk in ids if pk is not None}
    if not ids or _marks.suspended:
        return
    _marks.objectives |= ids
    if edited:
        _marks.edited |= ids
    _schedule()


def touch_units(ids: Iterable[int], *, period_id: int | None = None) -> None:
    """Mark units whose limits or rhythm changed, in `period_id` (or the running periods)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids or _marks.suspended:
        return
    _marks.units[period_id] |= ids
    _schedule()


def touch_organisation() -> None:
    """Something every finding may read changed (a unit's name, kind or place, say): queue a
    rebuild of the running periods."""
    if _marks.suspended:
        return
    _marks.organisation = True
    _schedule()


def _schedule() -> None:
    if not _marks.suspended:
        transaction.on_commit(flush, robust=True)


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Bulk changes (imports, the demo): mark nothing while they run; rebuild afterwards."""
    _marks.suspended += 1
    try:
        yield
    finally:
        _marks.suspended -= 1


def forget() -> None:
    """Drop the marks without flushing them (between tests)."""
    _marks.clear()


def flush(*, today: date | None = None) -> None:
    """Re-check what the marks say changed and store the findings (nothing to do without
    marks: pages call this before they read, to see their own thread's changes)."""
    if _marks.suspended or _marks.empty():
        return
    objectives, edited = _marks.objectives, _marks.edited
    units, organisation = dict(_marks.units), _marks.organisation
    _marks.objectives, _marks.edited, _marks.units = set(), set(), defaultdict(set)
    _marks.organisation = False
    today = today or timezone.localdate()
    with transaction.atomic():
        _refresh(objectives, edited, units, today)
    if organisation:
        queue_rebuild()


def _refresh(
    objectives: set[int], edited: set[int], units: dict[int | None, set[int]], today: date
) -> None:
    # Objectives whose parents changed read them (disconnected.closed-parent): re-check them too.
    objectives = (
        objectives
        | set(
            Objective.parent_objectives.through.objects.filter(
                to_objective_id__in=objectives
            ).values_list("from_objective_id", flat=True)
        )
        | set(
            Objective.parent_key_results.through.objects.filter(
                keyresult__objective_id__in=objectives
            ).values_list("objective_id", flat=True)
        )
    )
    found = dict(Objective.objects.filter(pk__in=objectives).values_list("pk", "period_id"))
    gone = objectives - found.keys()
    if gone:
        Finding.objects.filter(Q(objective_id__in=gone) | Q(other_objective_id__in=gone)).delete()
    by_period: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for pk, period_id in found.items():
        by_period[period_id][0].add(pk)
    # An objective's units (and the ones it just left) are re-checked for their limits.
    for pk, unit_id in Objective.units.through.objects.filter(
        objective_id__in=found.keys()
    ).values_list("objective_id", "unit_id"):
        by_period[found[pk]][1].add(unit_id)
    running = None
    for period_id, unit_ids in units.items():
        if period_id is None:
            running = running if running is not None else list(_running_periods(today))
            for period in running:
                by_period[period.pk][1].update(unit_ids)
        else:
            by_period[period_id][1].update(unit_ids)
    periods = Period.objects.in_bulk(by_period.keys())
    _later_periods(periods, by_period)
    if by_period.keys() - periods.keys():  # later periods joined
        periods = Period.objects.in_bulk(by_period.keys())
    # Check-ins alone change key results' numbers, which no unit-scope check reads (limits,
    # history, reviews, rhythm): in their own period only the objectives are re-checked. The
    # later periods whose history they are part of re-check their units as before.
    numbers_only = not edited and not units
    own_periods = set(found.values())
    for period_id, (objective_ids, unit_ids) in sorted(by_period.items()):
        if period_id in periods:
            refresh(
                periods[period_id],
                objective_ids,
                set() if numbers_only and period_id in own_periods else unit_ids,
                today=today,
                edited=edited,
                numbers_only=numbers_only,
            )


# A quarter's results are read by the periods after it: their units' history (two quarters
# back) and learning loop (four). A year and a few days covers both.
HISTORY_REACH = timedelta(days=370)


def _later_periods(
    periods: dict[int, Period], by_period: dict[int, tuple[set[int], set[int]]]
) -> None:
    """Add to `by_period` the later periods whose history the touched quarters are part of:
    the same units there, with their objectives (what reads their history)."""
    for period in [p for p in periods.values() if p.kind == Period.Kind.QUARTER]:
        units = by_period[period.pk][1]
        if not units:
            continue
        later = list(
            Period.objects.filter(
                start__gt=period.end, start__lte=period.end + HISTORY_REACH
            ).values_list("pk", flat=True)
        )
        if not later:
            continue
        pairs = Objective.units.through.objects.filter(
            unit_id__in=units, objective__period__in=later
        ).values_list("objective__period_id", "objective_id")
        for later_id in later:
            by_period[later_id][1].update(units)
        for later_id, objective_id in pairs:
            by_period[later_id][0].add(objective_id)


def _running_periods(today: date) -> Iterable[Period]:
    return Period.objects.filter(start__lte=today, end__gte=today)


def refresh(
    period: Period,
    objective_ids: set[int],
    unit_ids: set[int],
    *,
    today: date,
    edited: set[int] = frozenset(),  # type: ignore[assignment]
    numbers_only: bool = False,
) -> int:
    """Re-run the objective- and unit-scope checks of `period` over these objectives and
    units and replace their stored findings; delete the organisation-scope findings about the
    `edited` objectives (the background rebuild brings back the ones that still hold). The
    number of findings stored. `numbers_only` says the writes were check-ins alone: they change
    key results' numbers, never what the period's two facts read (objectives' status, units
    and links), so the facts stored with the findings still hold."""
    state, created = CoachState.objects.get_or_create(period=period)
    if numbers_only and not created:
        strategy, running = state.has_strategy, state.practice_running
    else:
        strategy, running = period_has_strategy(period), period_practice_running(period)
    if strategy != state.has_strategy:  # disconnected.no-link speaks, or falls silent, everywhere
        objective_ids = objective_ids | set(
            Objective.objects.filter(period=period).values_list("pk", flat=True)
        )
    if running != state.practice_running:  # disconnected.opted-out, for every supporting unit
        unit_ids = unit_ids | set(
            Unit.objects.filter(is_supporting=True).values_list("pk", flat=True)
        )
    if strategy != state.has_strategy or running != state.practice_running:
        CoachState.objects.filter(pk=state.pk).update(
            has_strategy=strategy, practice_running=running
        )
    snapshot = build_neighbourhood(
        period, objective_ids, unit_ids, strategy=strategy, running=running
    )
    ctx = Context(snapshot, today, dx.TextReaders())
    findings = dx.diagnose(
        snapshot, today=today, scopes=INCREMENTAL, objective_ids=objective_ids, unit_ids=unit_ids
    )
    old = Finding.objects.filter(
        Q(scope="objective", objective_id__in=objective_ids)
        | Q(period=period, scope="unit", subject="unit", subject_id__in=unit_ids)
    )
    stale = set(objective_ids) & set(edited)
    if stale:
        old = old | Finding.objects.filter(
            Q(objective_id__in=stale) | Q(other_objective_id__in=stale), scope="organisation"
        )
    return _replace(period, old, findings, ctx)


# What a stored finding says; a finding found again with all of it unchanged keeps its row.
STORED = (
    "code",
    "family",
    "level",
    "severity",
    "subject",
    "subject_id",
    "objective_id",
    "other_objective_id",
    "unit_ids",
    "scope",
    "what",
    "why",
    "fix",
)
DELETE_BATCH = 2000


def _replace(period: Period, old, findings: list[dx.Finding], ctx: Context | None) -> int:  # noqa: ANN001
    """Make the stored findings in `old` (a queryset) those in `findings`: rows whose finding
    is found again unchanged stay as they are, the rest are deleted, and new or changed
    findings are written, keeping when a finding on the same subject was first seen. Writes
    only what changed, so a scheduled rebuild of a quiet organisation writes almost nothing."""
    stored: dict[tuple[object, ...], list[int]] = defaultdict(list)
    seen = {}
    for row in old.values("id", "first_seen", *STORED):
        stored[tuple(_plain(row[name]) for name in STORED)].append(row["id"])
        seen[(row["code"], row["subject"], row["subject_id"])] = row["first_seen"]
    now = timezone.now()
    rows = []
    for f in findings:
        values = {
            "code": f.code,
            "family": f.family,
            "level": f.level,
            "severity": f.severity,
            "subject": f.subject,
            "subject_id": f.subject_id,
            "objective_id": objective_of(ctx, f) if ctx is not None else None,
            "other_objective_id": f.other_objective_id,
            "unit_ids": list(f.unit_ids),
            "scope": scope_of(f.code),
            "what": f.what,
            "why": f.why,
            "fix": f.fix,
        }
        same = stored.get(tuple(_plain(values[name]) for name in STORED))
        if same:
            same.pop()
            continue
        rows.append(
            Finding(
                period=period,
                severity_rank=dx.SEVERITY_ORDER[f.severity],
                subject_rank=SUBJECT_ORDER[f.subject],
                first_seen=seen.get((f.code, f.subject, f.subject_id), now),
                updated_at=now,
                **values,
            )
        )
    gone = [pk for pks in stored.values() for pk in pks]
    for start in range(0, len(gone), DELETE_BATCH):
        Finding.objects.filter(pk__in=gone[start : start + DELETE_BATCH]).delete()
    Finding.objects.bulk_create(rows)
    FindingUnit.objects.bulk_create(
        FindingUnit(finding=row, period_id=period.pk, unit_id=unit_id)
        for row in rows
        for unit_id in dict.fromkeys(row.unit_ids)
    )
    return len(findings)


def _plain(value: object) -> object:
    """A stored value in a form that compares equal to the same value computed again."""
    return tuple(value) if isinstance(value, list) else value


def rebuild(period: Period, *, today: date | None = None) -> int:
    """Diagnose the whole of `period` and replace every stored finding of it (the background
    task and ``waypoint coach-refresh``). The number of findings stored."""
    today = today or timezone.localdate()
    started = timezone.now()
    snapshot = build_snapshot(period)
    findings = dx.diagnose(snapshot, today=today)
    ctx = Context(snapshot, today, dx.TextReaders())
    with transaction.atomic():
        stored = _replace(period, Finding.objects.filter(period=period), findings, ctx)
        CoachState.objects.update_or_create(
            period=period,
            defaults={
                "has_strategy": period_has_strategy(period),
                "practice_running": period_practice_running(period),
                "refreshed_at": timezone.now(),
                "refreshed_on": today,
            },
        )
        # Changes that committed while the period was being read are checked again, so the
        # rebuild never puts back what they made stale.
        changed = set(
            Objective.objects.filter(period=period, updated_at__gte=started).values_list(
                "pk", flat=True
            )
        ) | set(
            KeyResult.objects.filter(objective__period=period, updated_at__gte=started).values_list(
                "objective_id", flat=True
            )
        )
        if changed:
            refresh(period, changed, set(), today=today, edited=changed)
    return stored


def rebuild_periods(periods: Iterable[Period], *, today: date | None = None) -> dict[str, int]:
    """Rebuild each period; the number of findings stored, by period slug."""
    return {period.slug: rebuild(period, today=today) for period in periods}


def running_periods(today: date | None = None) -> list[Period]:
    return list(_running_periods(today or timezone.localdate()))


def rebuild_due(now: datetime | None = None) -> bool:
    """Whether a running period's findings were last rebuilt more than
    WAYPOINT_COACH_REFRESH_SECONDS ago, on another day (time-based checks read the day), or
    never."""
    now = now or timezone.now()
    oldest = now - timedelta(seconds=settings.WAYPOINT_COACH_REFRESH_SECONDS)
    today = timezone.localdate(now)
    running = Period.objects.filter(start__lte=today, end__gte=today)
    fresh = CoachState.objects.filter(
        period__in=running, refreshed_at__gte=oldest, refreshed_on=today
    )
    return running.count() > fresh.count()


def queue_scheduled_rebuild() -> bool:
    """Queue the background rebuild when it is due (the worker's schedule and `waypoint
    tick` call this); whether it was queued."""
    from waypoint.coach.tasks import rebuild_running_periods
    from waypoint.ops.queue import enqueue_once

    if not rebuild_due():
        return False
    enqueue_once(rebuild_running_periods)
    return True


def queue_rebuild() -> None:
    """Queue the background rebuild of the running periods (unless one is waiting already)."""
    from waypoint.coach.tasks import rebuild_running_periods
    from waypoint.ops.queue import enqueue_once

    transaction.on_commit(lambda: enqueue_once(rebuild_running_periods), robust=True)
