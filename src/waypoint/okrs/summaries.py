"""The units below a unit, as its page shows them: a page of them at a time, each summed up by
its objectives in the period (how many, their progress, the key results' confidence, how many
are at risk). A fixed number of queries, however many units there are below."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from waypoint.domain import progress as dp
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Unit

UNITS_PER_PAGE = 12
SHOWN_OBJECTIVES = 4  # a tile lists this many of the unit's objectives; its page has the rest
CONCERNING = frozenset({"at_risk", "off_track"})


@dataclass(frozen=True)
class UnitSummary:
    unit: Unit
    objectives: list[Objective]
    progress: dp.Progress
    confidence: float | None  # the mean of the open key results' latest confidence, 0–10
    at_risk: int  # open objectives at risk or off track

    @property
    def shown(self) -> list[Objective]:
        return self.objectives[:SHOWN_OBJECTIVES]


def units_below(
    unit: Unit, period: Period, page: str | None, today: date
) -> tuple[Page, list[UnitSummary]]:
    """The page numbered `page` (the first when it is missing or not a number) of the units
    directly below `unit`, kind then name, with their summaries."""
    paginator = Paginator(unit.children.order_by("kind", "name", "id"), UNITS_PER_PAGE)
    shown = paginator.get_page(page)
    return shown, summarise(list(shown.object_list), period, today)


def summarise(units: Sequence[Unit], period: Period, today: date) -> list[UnitSummary]:
    """Each unit's summary in `period` (two queries more than the units themselves)."""
    if not units:
        return []
    objectives = (
        Objective.objects.for_period(period)
        .owned_by(*units)
        .not_dropped()
        .prefetch_related(
            "units",
            Prefetch("key_results", queryset=KeyResult.objects.order_by("position", "id")),
        )
        .order_by("id")
    )
    owned: dict[int, list[Objective]] = {unit.pk: [] for unit in units}
    for objective in objectives:
        for owner in objective.units.all():
            if owner.pk in owned:
                owned[owner.pk].append(objective)
    expected = dp.expected_progress(period.start, period.end, today)
    return [_summary(unit, owned[unit.pk], expected) for unit in units]


def _summary(unit: Unit, objectives: list[Objective], expected: float) -> UnitSummary:
    open_objectives = [o for o in objectives if not o.is_closed]
    confidences = [
        kr.confidence
        for o in open_objectives
        for kr in o.key_results.all()
        if kr.status == Status.ACTIVE and kr.confidence is not None
    ]
    return UnitSummary(
        unit=unit,
        objectives=objectives,
        progress=dp.objective_progress([(o.progress, 1.0) for o in objectives]),
        confidence=math.fsum(confidences) / len(confidences) if confidences else None,
        at_risk=sum(dp.pace(o.progress, expected, None) in CONCERNING for o in open_objectives),
    )
