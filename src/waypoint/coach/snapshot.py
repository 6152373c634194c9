"""Builds the coach's snapshot of one period from the database, in a fixed number of queries.

It reads plain rows (`values()`), not model objects: a diagnosis runs over every objective of
the period, and building thousands of model instances cost more than the diagnosis itself.
Personal goals are never read here: they stay out of every organisation report
(OKR-PRINCIPLES §3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
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


def _history(period: Period, unit_ids: set[int] | None = None) -> tuple[dx.PastQuarter, ...]:
    """Each unit's last quarters before `period`, most recent first (only `unit_ids`' when
    given)."""
    earlier = list(
        Period.objects.filter(kind=Period.Kind.QUARTER, end__lt=period.start).order_by("-start")[
            :HISTORY_QUARTERS
        ]
    )
    if not earlier:
        return ()
    past = Objective.objects.filter(period__in=earlier).exclude(status=Status.DROPPED)
    if unit_ids is not None:
        past = past.filter(units__in=unit_ids).distinct()
    objectives = {row["id"]: row for row in past.values(*OBJECTIVE_FIELDS)}
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
            if unit_ids is not None and unit_id not in unit_ids:
                continue
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


def _learning(period: Period, unit_ids: set[int] | None = None) -> tuple[dx.UnitLearning, ...]:
    """Each unit's (or `unit_ids`') learning loop over the quarters before `period` (for
    sandbagging)."""
    closed = closed_by_unit(period.start, LEARNING_QUARTERS, unit_ids)
    return tuple(dx.UnitLearning(unit_id, tuple(rows)) for unit_id, rows in sorted(closed.items()))


def _meetings(period: Period, unit_ids: set[int] | None = None) -> tuple[dx.PastMeeting, ...]:
    """The units' weekly and bi-weekly meetings from a few weeks before the period to its end
    (enough for a streak of cancellations that crosses into the period)."""
    meetings = (
        Meeting.objects.all() if unit_ids is None else Meeting.objects.filter(unit_id__in=unit_ids)
    )
    # Bounds as moments (the start of each local day), not ``__date``: the column's index
    # serves them, and SQLite does not convert every row's time in Python.
    zone = timezone.get_current_timezone()
    meetings = meetings.filter(
        kind__in=RHYTHM_KINDS,
        scheduled_for__gte=datetime.combine(
            period.start - timedelta(days=MEETING_LOOKBACK_DAYS), time.min, zone
        ),
        scheduled_for__lt=datetime.combine(period.end + timedelta(days=1), time.min, zone),
    )
    return tuple(
        dx.PastMeeting(unit_id, timezone.localtime(at).date(), status)
        for unit_id, at, status in meetings.order_by("unit_id", "scheduled_for").values_list(
            "unit_id", "scheduled_for", "status"
        )
    )


def _backlogs(unit_ids: set[int] | None = None) -> tuple[dx.Backlog, ...]:
    """Every unit with open backlog items (of `unit_ids`, when given): when each was parked or
    kept, and the backlog's last review (two queries)."""
    items: dict[int, list[Any]] = defaultdict(list)
    open_items = BacklogItem.objects.filter(status=BacklogItem.Status.OPEN)
    if unit_ids is not None:
        open_items = open_items.filter(unit_id__in=unit_ids)
    for unit_id, created, kept in open_items.order_by("unit_id", "created_at").values_list(
        "unit_id", "created_at", "reviewed_at"
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
    return _assemble(
        period, rows, kr_rows, (units, parents, parent_krs), linked, linked_krs, carried
    )


def has_strategy(period: Period) -> bool:
    """Whether the company has goals to link to in `period`: a live company-level objective,
    or an objective of the period linked to a goal outside it (what ``disconnected.no-link``
    waits for). Three existence queries."""
    own = Objective.objects.filter(period=period)
    return (
        own.exclude(status=Status.DROPPED).filter(units__kind=Unit.Kind.COMPANY).exists()
        or Objective.parent_objectives.through.objects.filter(from_objective__period=period)
        .exclude(to_objective__period=period)
        .exists()
        or Objective.parent_key_results.through.objects.filter(objective__period=period)
        .exclude(keyresult__objective__period=period)
        .exists()
    )


def practice_running(period: Period) -> bool:
    """Whether anyone has set a (live) objective in `period` yet."""
    return Objective.objects.filter(period=period).exclude(status=Status.DROPPED).exists()


def build_neighbourhood(
    period: Period,
    objective_ids: Iterable[int],
    unit_ids: Iterable[int],
    *,
    strategy: bool,
    running: bool,
) -> dx.Snapshot:
    """What the objective- and unit-scope checks read about some objectives of `period` and
    some units: the objectives with their key results, links, owners and units; every objective
    of the units (for their limits); the units' history, reviews, meetings and backlog; and
    the two facts about the whole period those checks need, which the caller has just read
    (`strategy`: ``has_strategy``, `running`: ``practice_running``). A bounded number of
    queries, whatever the size of the organisation."""
    unit_set = set(unit_ids)
    wanted = set(objective_ids) | set(
        Objective.units.through.objects.filter(
            unit_id__in=unit_set, objective__period=period
        ).values_list("objective_id", flat=True)
    )
    rows = list(
        Objective.objects.filter(period=period, pk__in=wanted)
        .order_by("id")
        .values(*OBJECTIVE_FIELDS)
    )
    ids = {row["id"] for row in rows}
    units = _pairs(Objective.units.through, "objective_id", "unit_id", objective_id__in=ids)
    parents = _pairs(
        Objective.parent_objectives.through,
        "from_objective_id",
        "to_objective_id",
        from_objective_id__in=ids,
    )
    parent_krs = _pairs(
        Objective.parent_key_results.through, "objective_id", "keyresult_id", objective_id__in=ids
    )
    kr_rows = list(
        KeyResult.objects.filter(objective_id__in=ids)
        .order_by("objective_id", "position", "id")
        .values(*KEY_RESULT_FIELDS)
    )
    carried = _carried(kr_rows)
    own_krs = {row["id"] for row in kr_rows}
    linked_krs = list(
        KeyResult.objects.filter(pk__in=_all_ids(parent_krs.values()) - own_krs).values(
            *KEY_RESULT_FIELDS
        )
    )
    linked_ids = (_all_ids(parents.values()) | {kr["objective_id"] for kr in linked_krs}) - ids
    linked = list(Objective.objects.filter(pk__in=linked_ids).values(*OBJECTIVE_FIELDS))
    unit_rows = (
        unit_set
        | _all_ids(units.values())
        | {row["owner_unit_id"] for row in (*kr_rows, *linked_krs)}
    )
    return _assemble(
        period,
        rows,
        kr_rows,
        (units, parents, parent_krs),
        linked,
        linked_krs,
        carried,
        read_units=unit_rows,
        practice_units=unit_set,
        has_strategy=strategy,
        practice_running=running,
    )


def _assemble(
    period: Period,
    rows: list[Row],
    kr_rows: list[Row],
    links: tuple[dict[int, tuple[int, ...]], ...],
    linked: list[Row],
    linked_krs: list[Row],
    carried: dict[int, int],
    *,
    read_units: set[int] | None = None,
    practice_units: set[int] | None = None,
    **facts: bool,
) -> dx.Snapshot:
    """The snapshot of some objectives of `period` (`rows`, with their key results and
    `links`: units, parent objectives, parent key results) and what they link to outside it.
    Units, their history and reviews are read for `read_units`, meetings, learning and
    backlogs for `practice_units`; None means every unit (the whole period)."""
    units, parents, parent_krs = links
    owner_ids = {row["owner_id"] for row in rows} | {row["owner_id"] for row in linked}
    unit_rows = Unit.objects.all() if read_units is None else Unit.objects.filter(pk__in=read_units)
    reviews = Review.objects.filter(period=period, kind=Review.Kind.MID_QUARTER)
    if read_units is not None:
        reviews = reviews.filter(unit_id__in=read_units)
    return dx.Snapshot(
        period=dx.Period(period.pk, period.name, period.kind, period.start, period.end),
        units=tuple(
            dx.Unit(*values)
            for values in unit_rows.values_list("id", "name", "kind", "parent_id", "is_supporting")
        ),
        people=tuple(
            dx.Person(p.pk, p.display_name, p.level)
            for p in Person.objects.filter(pk__in=owner_ids)
        ),
        objectives=tuple(_objective(row, units, parents, parent_krs) for row in rows),
        key_results=tuple(_key_result(row, carried) for row in kr_rows),
        linked_objectives=tuple(_objective(row) for row in linked),
        linked_key_results=tuple(_key_result(row) for row in linked_krs),
        history=_history(period, read_units),
        mid_quarter_reviews=tuple(reviews.values_list("unit_id", flat=True).distinct()),
        learning=_learning(period, practice_units),
        meetings=_meetings(period, practice_units),
        backlogs=_backlogs(practice_units),
        cadence_days=settings.WAYPOINT_CHECK_IN_CADENCE_DAYS,
        warn_above=settings.WAYPOINT_LIMIT_WARN_ABOVE,
        refuse_above=settings.WAYPOINT_LIMIT_REFUSE_ABOVE,
        **facts,
    )
