"""The learning loop of a unit, read from its closed objectives across quarters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet

from waypoint.domain import learning as dl
from waypoint.okrs.models import CLOSED_STATUSES, Objective, Period
from waypoint.orgs.models import Unit


def _closed_quarter_objectives() -> QuerySet[Objective]:
    return (
        Objective.objects.filter(period__kind=Period.Kind.QUARTER, status__in=CLOSED_STATUSES)
        .select_related("period", "retrospective")
        .annotate(
            carried=Count(
                "key_results",
                filter=Q(key_results__continued_by__isnull=False),
                distinct=True,
            )
        )
    )


def _closed(o: Objective) -> dl.ClosedObjective:
    return dl.ClosedObjective(
        period=o.period.name,
        period_start=o.period.start,
        stretch=o.stretch,
        state=o.status,
        score=None if o.score is None else float(o.score),
        miss_cause=getattr(getattr(o, "retrospective", None), "miss_cause", ""),
        carried_key_results=o.carried,
    )


def learning_for(unit: Unit, *, units: Iterable[int] | None = None) -> dl.Learning:
    """Every closed quarter objective of `unit` (or of the units `units`, e.g. a unit and
    everything below it), aggregated per quarter (three queries)."""
    owners = list(units) if units is not None else [unit]
    objectives = _closed_quarter_objectives().filter(units__in=owners).distinct()
    return dl.learn(_closed(o) for o in objectives)


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
    objectives = {o.pk: o for o in closed}
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
