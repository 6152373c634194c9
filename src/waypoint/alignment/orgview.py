"""The org chart and the virtual teams beside it, read in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils import timezone

from waypoint.alignment.models import Secondment
from waypoint.okrs.models import Objective, Period, Status
from waypoint.orgs.models import Membership, Unit


def build(period: Period) -> dict:
    """``tree``: (unit, depth, objective count, people seconded to it now) rows of the real
    org chart, depth first; ``virtual``: each virtual team with its leads, people, member
    units and objectives; ``secondments``: those running or to come."""
    units = list(Unit.objects.order_by("name"))
    by_id = {unit.pk: unit for unit in units}
    counts = Counter(
        Objective.units.through.objects.filter(objective__period=period, objective__is_draft=False)
        .exclude(objective__status=Status.DROPPED)
        .values_list("unit_id", flat=True)
    )
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.kind != Unit.Kind.VIRTUAL:
            children[unit.parent_id if unit.parent_id in by_id else None].append(unit)
    today = timezone.localdate()
    secondments = list(
        Secondment.objects.filter(end__gte=today)
        .select_related("person", "unit")
        .order_by("start", "id")
    )
    seconded: dict[int, list] = defaultdict(list)
    for secondment in secondments:
        if secondment.start <= today:
            seconded[secondment.unit_id].append(secondment.person)
    tree: list[tuple[Unit, int, int, list]] = []

    def walk(unit: Unit, depth: int) -> None:
        tree.append((unit, depth, counts[unit.pk], seconded.get(unit.pk, [])))
        for child in sorted(
            children.get(unit.pk, ()), key=lambda u: (u.kind != "department", u.name)
        ):
            walk(child, depth + 1)

    for root in children[None]:
        walk(root, 0)
    members: dict[int, list[Unit]] = defaultdict(list)
    for virtual_id, member_id in Unit.member_units.through.objects.values_list(
        "from_unit_id", "to_unit_id"
    ):
        if member_id in by_id:
            members[virtual_id].append(by_id[member_id])
    people: dict[int, list[Membership]] = defaultdict(list)
    virtual_ids = [u.pk for u in units if u.kind == Unit.Kind.VIRTUAL]
    for membership in Membership.objects.filter(unit_id__in=virtual_ids).select_related("person"):
        people[membership.unit_id].append(membership)
    virtual = [
        {
            "unit": by_id[pk],
            "leads": [m.person for m in people[pk] if m.role == Membership.Role.LEAD],
            "people": [m.person for m in people[pk] if m.role != Membership.Role.LEAD],
            "member_units": sorted(members[pk], key=lambda u: u.name),
            "objectives": counts[pk],
        }
        for pk in virtual_ids
    ]
    return {"tree": tree, "virtual": virtual, "secondments": secondments, "today": today}
