"""The top-down assignment page's data: the units under a lead, what each owns in a period, who
may own an assigned objective and what it may contribute to. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from waypoint.okrs.models import Objective, Period, Status
from waypoint.orgs.access import AnyUser, is_admin, led_unit_ids, member_ids_by_unit
from waypoint.orgs.models import Person, Unit


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    depth: int
    objectives: list[Objective]


@dataclass(frozen=True)
class Board:
    rows: list[UnitRow]
    people: list[Person]  # who may own an assigned objective: anyone in the units
    parents: list[Objective]  # the lead's own objectives it may contribute to


def build(user: AnyUser, units: list[Unit], period: Period) -> Board:
    ids = [u.pk for u in units]
    owned: dict[int, list[Objective]] = defaultdict(list)
    objectives = (
        Objective.objects.for_period(period)
        .filter(units__in=ids, is_draft=False)
        .exclude(status=Status.DROPPED)
        .distinct()
        .select_related("assigned_by", "owner")
        .prefetch_related("units")
        .order_by("id")
    )
    for objective in objectives:
        for unit in objective.units.all():
            owned[unit.pk].append(objective)
    depth: dict[int, int] = {}
    for unit in units:  # parents come before their children
        depth[unit.pk] = depth.get(unit.parent_id, -1) + 1 if unit.parent_id in depth else 0
    members = member_ids_by_unit(ids)
    people = list(
        Person.objects.filter(pk__in=set().union(*members.values()), is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )
    tops = Unit.objects.filter(parent__isnull=True) if is_admin(user) else None
    mine = led_unit_ids(user) | ({u.pk for u in tops} if tops is not None else set())
    parents = list(
        Objective.objects.filter(
            units__in=mine,
            period__start__lte=period.start,
            period__end__gte=period.end,
            is_draft=False,
        )
        .exclude(status=Status.DROPPED)
        .distinct()
        .order_by("-period__start", "title")
    )
    return Board([UnitRow(u, depth[u.pk], owned[u.pk]) for u in units], people, parents)
