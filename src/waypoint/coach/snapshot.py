"""Builds the coach's snapshot of one period from the database, in a fixed number of queries.

It reads plain rows (`values()`), not model objects: a diagnosis runs over every objective of
the period, and building thousands of model instances cost more than the diagnosis itself.
Personal goals are never read here: they stay out of every organisation report
(OKR-PRINCIPLES §3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from waypoint.cadence.models import RHYTHM_KINDS, BacklogItem, BacklogReview, Meeting, Review
from waypoint.domain import diagnosis as dx
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Person, Unit
from waypoint.planning.learning import closed_by_unit

HISTORY_QUARTERS = 2
LEARNING_QUARTERS = 4  # the learning loop the sandbagging check reads
MEETING_LOOKBACK_DAYS = 42
COMPLETED = {Status.ACHIEVED, Status.PARTIAL}
OBJECTIVE_FIELDS = (
    "id",
    "title",
    "description",
    "period_id",
    "owner_id",
    "stretch",
    "kind",
    "status",
    "score",
)
KEY_RESULT_FIELDS = (
    "id",
    "continues_id",
    "objective_id",
    "title",
    "kind",
    "owner_unit_id",
    "baseline",
    "target",
    "current",
    "criteria",
    "status",
    "last_checked_in_at",
)

Row = dict[str, Any]


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _pairs(through: Any, left: str, right: str, **where: Any) -> dict[int, tuple[int, ...]]:
    """One many-to-many relation as {left id: (right ids…)}, in one query."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for a, b in through.objects.filter(**where).values_list(left, right).order_by(left, right):
        grouped[a].append(b)
    return {a: tuple(bs) for a, bs in grouped.items()}


def _objective(
    row: Row,
    units: dict[int, tuple[int, ...]] | None = None,
    parents: dict[int, tuple[int, ...]] | None = None,
    parent_krs: dict[int, tuple[int, ...]] | None = None,
) -> dx.Objective:
    pk = row["id"]
    return dx.Objective(
        id=pk,
        title=row["title"],
        description=row["description"],
        period_id=row["period_id"],
        owner_id=row["owner_id"],
        unit_ids=(units or {}).get(pk, ()),
        stretch=row["stretch"],
        kind=row["kind"],
        status=row["status"],
        parent_objective_ids=(parents or {}).get(pk, ()),
        parent_key_result_ids=(parent_krs or {}).get(pk, ()),
    )


def _key_result(row: Row, carried: dict[int, int] | None = None) -> dx.KeyResult:
    checked = row["last_checked_in_at"]
    return dx.KeyResult(
        id=row["id"],
        objective_id=row["objective_id"],
        title=row["title"],
        kind=row["kind"],
        owner_unit_ids=(row["owner_unit_id"],),
        baseline=_f(row["baseline"]),
        target=_f(row["target"]),
        current=_f(row["current"]),
        criteria=row["criteria"],
        status=row["status"],
        last_check_in=checked.date() if checked else None,
        carried_quarters=(carried or {}).get(row["id"], 0),
    )


def _carried(krs: list[Row], depth: int = 3) -> dict[int, int]:
    """How many periods in a row each key result was carried over (following `continues`
    back at most `depth` steps, one query per step)."""
    chain = {row["id"]: row["continues_id"] for row in krs if row["continues_id"]}
    counts = dict.fromkeys(chain, 1)
    frontier = dict(chain)  # kr -> the ancestor reached so far
    for _ in range(depth - 1):
        if not frontier:
            break
        up = dict(
            KeyResult.objects.filter(
                pk__in=set(frontier.values()), continues__isnull=False
            ).values_list("id", "continues_id")
        )
        frontier = {kr: up[ancestor] for kr, ancestor in frontier.items() if ancestor in up}
        for kr in frontier:
            counts[kr] += 1
    return counts


def _history(period: Period) -> tuple[dx.PastQuarter, ...]:
    """Each unit's last quarters before `period`, most recent first."""
    earlier = list(
        Period.objects.filter(kind=Period.Kind.QUARTER, end__lt=period.start).order_by("-start")[
            :HISTORY_QUARTERS
        ]
    )
    if not earlier:
        return ()
    objectives = {
        row["id"]: row
        for row in Objective.objects.filter(period__in=earlier)
        .exclude(status=Status.DROPPED)
        .values(*OBJECTIVE_FIELDS)
    }
    units = _pairs(
        Objective.units.through, "objective_id", "unit_id", objective_id__in=objectives.keys()
    )
    gains: dict[int, list[float]] = defaultdict(list)
    metric_krs = KeyResult.objects.filter(
        objective_id__in=objectives.keys(), kind=KeyResult.Kind.METRIC, current__isnull=False
    ).exclude(Q(baseline__isnull=True) | Q(baseline=0))
    for objective_id, baseline, current in metric_krs.values_list(
        "objective_id", "baseline", "current"
    ):
        gains[objective_id].append(abs(float(current) - float(baseline)) / abs(float(baseline)))
    by_unit: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in objectives.values():
        for unit_id in units.get(row["id"], ()):
            by_unit[(row["period_id"], unit_id)].append(row)
    return tuple(
        _past_quarter(unit_id, past, rows, gains)
        for past in earlier
        for (period_id, unit_id), rows in sorted(by_unit.items())
        if period_id == past.pk
    )


def _past_quarter(
    unit_id: int, period: Period, objectives: list[Row], gains: dict[int, list[float]]
) -> dx.PastQuarter:
    return dx.PastQuarter(
        unit_id=unit_id,
        period_id=period.pk,
        objectives_set=len(objectives),
        objectives_completed=sum(1 for o in objectives if o["status"] in COMPLETED),
        best_relative_gain=max((g for o in objectives for g in gains[o["id"]]), default=None),
    )


def _learning(period: Period) -> tuple[dx.UnitLearning, ...]:
    """Each unit's learning loop over the quarters before `period` (for sandbagging)."""
    closed = closed_by_unit(period.start, LEARNING_QUARTERS)
    return tuple(dx.UnitLearning(unit_id, tuple(rows)) for unit_id, rows in sorted(closed.items()))


def _meetings(period: Period) -> tuple[dx.PastMeeting, ...]:
    """The units' weekly and bi-weekly meetings from a few weeks before the period to its end
    (enough for a streak of cancellations that crosses into the period)."""
    meetings = Meeting.objects.filter(
        kind__in=RHYTHM_KINDS,
        scheduled_for__date__gte=period.start - timedelta(days=MEETING_LOOKBACK_DAYS),
        scheduled_for__date__lte=period.end,
    )
    return tuple(
        dx.PastMeeting(unit_id, timezone.localtime(at).date(), status)
        for unit_id, at, status in meetings.order_by("unit_id", "scheduled_for").values_list(
            "unit_id", "scheduled_for", "status"
        )
    )


def _backlogs() -> tuple[dx.Backlog, ...]:
    """Every unit with open backlog items: when each was parked or kept, and the backlog's
    last review (two queries)."""
    items: dict[int, list[Any]] = defaultdict(list)
    for unit_id, created, kept in (
        BacklogItem.objects.filter(status=BacklogItem.Status.OPEN)
        .order_by("unit_id", "created_at")
        .values_list("unit_id", "created_at", "reviewed_at")
    ):
        items[unit_id].append(timezone.localtime(max(created, kept or created)).date())
    reviewed = dict(
        BacklogReview.objects.filter(unit_id__in=items)
        .values("unit_id")
        .annotate(at=Max("reviewed_at"))
        .values_list("unit_id", "at")
    )
    return tuple(
        dx.Backlog(
            unit_id,
            timezone.localtime(reviewed[unit_id]).date() if unit_id in reviewed else None,
            tuple(days),
        )
        for unit_id, days in sorted(items.items())
    )


def _all_ids(groups: Iterable[tuple[int, ...]]) -> set[int]:
    return {pk for group in groups for pk in group}


def build_snapshot(period: Period) -> dx.Snapshot:
    """Everything the coach needs to diagnose `period`."""
    rows = list(Objective.objects.filter(period=period).order_by("id").values(*OBJECTIVE_FIELDS))
    in_period = {row["id"] for row in rows}
    units = _pairs(Objective.units.through, "objective_id", "unit_id", objective__period=period)
    parents = _pairs(
        Objective.parent_objectives.through,
        "from_objective_id",
        "to_objective_id",
        from_objective__period=period,
    )
    parent_krs = _pairs(
        Objective.parent_key_results.through,
        "objective_id",
        "keyresult_id",
        objective__period=period,
    )
    krs = KeyResult.objects.filter(objective__period=period).order_by(
        "objective_id", "position", "id"
    )
    kr_rows = list(krs.values(*KEY_RESULT_FIELDS))
    carried = _carried(kr_rows)
    linked_krs = list(
        KeyResult.objects.filter(pk__in=_all_ids(parent_krs.values()))
        .exclude(objective__period=period)
        .values(*KEY_RESULT_FIELDS)
    )
    linked_ids = (
        _all_ids(parents.values()) | {kr["objective_id"] for kr in linked_krs}
    ) - in_period
    linked = list(Objective.objects.filter(pk__in=linked_ids).values(*OBJECTIVE_FIELDS))
    owner_ids = {row["owner_id"] for row in rows} | {row["owner_id"] for row in linked}
    return dx.Snapshot(
        period=dx.Period(period.pk, period.name, period.kind, period.start, period.end),
        units=tuple(
            dx.Unit(*values)
            for values in Unit.objects.values_list(
                "id", "name", "kind", "parent_id", "is_supporting"
            )
        ),
        people=tuple(
            dx.Person(p.pk, p.display_name, p.level)
            for p in Person.objects.filter(pk__in=owner_ids)
        ),
        objectives=tuple(_objective(row, units, parents, parent_krs) for row in rows),
        key_results=tuple(_key_result(row, carried) for row in kr_rows),
        linked_objectives=tuple(_objective(row) for row in linked),
        linked_key_results=tuple(_key_result(row) for row in linked_krs),
        history=_history(period),
        mid_quarter_reviews=tuple(
            Review.objects.filter(period=period, kind=Review.Kind.MID_QUARTER)
            .values_list("unit_id", flat=True)
            .distinct()
        ),
        learning=_learning(period),
        meetings=_meetings(period),
        backlogs=_backlogs(),
        cadence_days=settings.WAYPOINT_CHECK_IN_CADENCE_DAYS,
        warn_above=settings.WAYPOINT_LIMIT_WARN_ABOVE,
        refuse_above=settings.WAYPOINT_LIMIT_REFUSE_ABOVE,
    )
