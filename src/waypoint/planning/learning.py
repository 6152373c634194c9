"""The learning loop of a unit, read from its closed objectives across quarters."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from waypoint.domain import learning as dl
from waypoint.okrs.models import CLOSED_STATUSES, Objective, Period
from waypoint.orgs.models import Unit


def learning_for(unit: Unit, *, units: Iterable[int] | None = None) -> dl.Learning:
    """Every closed quarter objective of `unit` (or of the units `units`, e.g. a unit and
    everything below it), aggregated per quarter (three queries)."""
    objectives = (
        Objective.objects.owned_by(*(units if units is not None else [unit]))
        .filter(period__kind=Period.Kind.QUARTER, status__in=CLOSED_STATUSES)
        .select_related("period", "retrospective")
        .annotate(
            carried=Count(
                "key_results",
                filter=Q(key_results__continued_by__isnull=False),
                distinct=True,
            )
        )
    )
    return dl.learn(
        dl.ClosedObjective(
            period=o.period.name,
            period_start=o.period.start,
            stretch=o.stretch,
            state=o.status,
            score=None if o.score is None else float(o.score),
            miss_cause=getattr(getattr(o, "retrospective", None), "miss_cause", ""),
            carried_key_results=o.carried,
        )
        for o in objectives
    )


def chart_data(loop: dl.Learning) -> dict[str, object]:
    """Average scores per quarter against the 0.7 / 1.0 expectations, for the chart."""
    return {
        "periods": [p.period for p in loop.periods],
        "aspirational": [p.aspirational_average for p in loop.periods],
        "committed": [p.committed_average for p in loop.periods],
        "strategy": [p.strategy_misses for p in loop.periods],
        "execution": [p.execution_misses for p in loop.periods],
    }
