"""The learning loop of a unit, read from its closed objectives across quarters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from waypoint.domain import learning as dl
from waypoint.okrs.models import CLOSED_STATUSES, Objective, Period
from waypoint.orgs.models import Unit

# What the learning loop reads of a closed objective, as plain rows (no model instances).
CLOSED_FIELDS = ("pk", "period__name", "period__start", "stretch", "status", "score", "cause")


def _closed_quarter_objectives() -> QuerySet[Objective]:
    return Objective.objects.filter(
        period__kind=Period.Kind.QUARTER, status__in=CLOSED_STATUSES
    ).annotate(
        carried=Count(
            "key_results",
            filter=Q(key_results__continued_by__isnull=False),
            distinct=True,
        ),
        cause=F("retrospective__miss_cause"),
    )


def _closed(row: dict[str, Any]) -> dl.ClosedObjective:
    return dl.ClosedObjective(
        period=row["period__name"],
        period_start=row["period__start"],
        stretch=row["stretch"],
        state=row["status"],
        score=None if row["score"] is None else float(row["score"]),
        miss_cause=row["cause"] or "",
        carried_key_results=row["carried"],
    )


def _rows(objectives: QuerySet[Objective]) -> Iterable[dict[str, Any]]:
    return objectives.values(*CLOSED_FIELDS, "carried")


def learning_for(unit: Unit, *, units: Iterable[int] | None = None) -> dl.Learning:
    """Every closed quarter objective of `unit` (or of the units `units`, e.g. a unit and
    everything below it), aggregated per quarter (three queries)."""
    owners = list(units) if units is not None else [unit]
    objectives = _closed_quarter_objectives().filter(units__in=owners).distinct()
    return dl.learn(_closed(row) for row in _rows(objectives))


def closed_by_unit(
    before: date, quarters: int, unit_ids: set[int] | None = None
) -> dict[int, list[dl.ClosedObjective]]:
    """Every unit's (or only `unit_ids`') closed objectives of the last `quarters` quarters
    that started before `before` — the learning loop's input, for all units at once (three
    queries)."""
    periods = Period.objects.filter(kind=Period.Kind.QUARTER, start__lt=before).order_by("-start")
    recent = list(periods.values_list("pk", flat=True)[:quarters])
    closed = _closed_quarter_objectives().filter(period__in=recent)
    if unit_ids is not None:
        closed = closed.filter(units__in=unit_ids).distinct()
    objectives = {row["pk"]: row for row in _rows(closed)}
    grouped: dict[int, list[dl.ClosedObjective]] = defaultdict(list)
    pairs = Objective.units.through.objects.filter(objective_id__in=objectives)
    if unit_ids is not None:
        pairs = pairs.filter(unit_id__in=unit_ids)
    for objective_id, unit_id in pairs.values_list("objective_id", "unit_id").order_by(
        "unit_id", "objective_id"
    ):
        grouped[unit_id].append(_closed(objectives[objective_id]))
    return dict(grouped)


def chart_data(loop: dl.Learning) -> dict[str, object]:
    """Average scores per quarter against the 0.7 / 1.0 expectations, for the chart."""
    return {
        "periods": [p.period for p in loop.periods],
        "aspirational": [p.aspirational_average for p in loop.periods],
        "committed": [p.committed_average for p in loop.periods],
        "strategy": [p.strategy_misses for p in loop.periods],
        "execution": [p.execution_misses for p in loop.periods],
    }
