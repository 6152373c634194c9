"""What a unit's planning page and its lead's back-brief page read, in a fixed number of
queries: the objectives above a unit in a period, its drafts (carried over or new), its
backlog, and the back-briefs of the units below."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from waypoint.cadence.models import BacklogItem
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.access import ancestor_ids
from waypoint.orgs.models import Unit
from waypoint.planning.models import BackBrief


def planning_period(slug: str | None) -> Period | None:
    """The period to plan: `slug` if given (404 handled by the caller), else the quarter after
    the one running today, else the next quarter to start."""
    if slug:
        return Period.objects.filter(slug=slug).first()
    today = timezone.localdate()
    # One query: the quarter running today and every later one end after today.
    quarters = list(Period.objects.filter(kind=Period.Kind.QUARTER, end__gte=today))
    current = next((q for q in quarters if q.start <= today), None)
    after = current.end if current else today
    return next((q for q in quarters if q.start > after), None)


def above_objectives(unit: Unit, period: Period) -> QuerySet[Objective]:
    """The objectives of `period` owned by the units above `unit` (its parent up to the
    company), drafts included — departments and teams plan at the same time."""
    return (
        Objective.objects.for_period(period)
        .owned_by(*ancestor_ids(unit))
        .filter(status=Status.ACTIVE)
        .with_details()
        .order_by("id")
    )


@dataclass
class Plan:
    """Everything the planning page of `unit` for `period` shows."""

    unit: Unit
    period: Period
    above: list[Objective]
    contributed: dict[int, Objective]  # objective above → our objective contributing to it
    drafts: list[Objective]
    carried: list[Objective]
    published: list[Objective]
    backlog: list[BacklogItem]
    back_brief: BackBrief | None
    chain: list[Unit] = field(default_factory=list)


def plan_for(unit: Unit, period: Period) -> Plan:
    above = list(above_objectives(unit, period))
    ours = list(
        Objective.objects.for_period(period)
        .owned_by(unit)
        .exclude(status=Status.DROPPED)
        .select_related("continues__period")
        .prefetch_related(
            "parent_objectives",
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.select_related("continues").order_by("position", "id"),
            ),
        )
        .order_by("id")
    )
    contributed = {p.pk: o for o in ours for p in o.parent_objectives.all()}
    drafts = [o for o in ours if o.is_draft]
    back_brief = (
        BackBrief.objects.filter(unit=unit, period=period)
        .select_related("written_by", "answered_by")
        .prefetch_related("contributes_to")
        .first()
    )
    return Plan(
        unit=unit,
        period=period,
        above=above,
        contributed=contributed,
        drafts=drafts,
        carried=[o for o in drafts if o.continues_id],
        published=[o for o in ours if not o.is_draft],
        backlog=list(
            BacklogItem.objects.filter(unit=unit, status=BacklogItem.Status.OPEN).order_by(
                "created_at"
            )
        ),
        back_brief=back_brief,
    )


@dataclass
class UnitBrief:
    """One unit below, side by side with its siblings: its back-brief (or none yet) and the
    draft objectives it plans."""

    unit: Unit
    back_brief: BackBrief | None
    objectives: list[Objective]

    @property
    def state(self) -> str:
        return self.back_brief.state if self.back_brief else "missing"


def briefs_below(unit: Unit, period: Period) -> list[UnitBrief]:
    """The back-briefs of the units right below `unit` for `period`, those that have not
    back-briefed first (four queries)."""
    children = list(Unit.objects.active().filter(parent=unit).order_by("name"))
    briefs = {
        b.unit_id: b
        for b in BackBrief.objects.filter(unit__in=children, period=period)
        .select_related("written_by", "answered_by")
        .prefetch_related("contributes_to")
    }
    objectives: dict[int, list[Objective]] = {c.pk: [] for c in children}
    for objective in (
        Objective.objects.for_period(period)
        .filter(units__in=children)
        .exclude(status=Status.DROPPED)
        .prefetch_related("units", "parent_objectives")
        .order_by("id")
        .distinct()
    ):
        for owner in objective.units.all():
            if owner.pk in objectives:
                objectives[owner.pk].append(objective)
    rows = [UnitBrief(c, briefs.get(c.pk), objectives[c.pk]) for c in children]
    order = {"missing": 0, "changes": 1, "submitted": 2, "accepted": 3}
    return sorted(rows, key=lambda r: (order[r.state], r.unit.name))
