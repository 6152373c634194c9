"""Who may change support links (the support goal's editors: its owner, members of its owning
units, administrators), who seconds people to a team (its leads and administrators) and who
assigns objectives top-down (a lead, to the units under the ones they lead). Reading is open to
everyone logged in, like every OKR."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from waypoint.alignment.models import Secondment, SupportLink
from waypoint.okrs.access import can_edit_objective, require
from waypoint.orgs.access import AnyUser, is_admin, led_unit_ids
from waypoint.orgs.models import Unit


def get_support_link_for_user(user: AnyUser, pk: int, *, write: bool = False) -> SupportLink:
    link = get_object_or_404(
        SupportLink.objects.select_related("objective", "unit", "served_objective"), pk=pk
    )
    if write:
        require(
            can_edit_objective(user, link.objective),
            "Only the support goal's owner, members of its units and administrators can "
            "change whom it supports.",
        )
    return link


def can_second_to(user: AnyUser, unit: Unit) -> bool:
    """A team's leads and administrators second people to it (and end their secondments)."""
    if not user.is_authenticated or unit.is_archived:
        return False
    return is_admin(user) or unit.pk in led_unit_ids(user)


def secondment_units(user: AnyUser) -> list[Unit]:
    """The units this person may second people to: every active unit for an administrator,
    the units they lead for anyone else."""
    units = Unit.objects.active().order_by("name")
    return list(units if is_admin(user) else units.filter(pk__in=led_unit_ids(user)))


def get_secondment_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Secondment:
    """The secondment `pk`, or 404; with `write`, PermissionDenied unless the user may end it."""
    secondment = get_object_or_404(Secondment.objects.select_related("person", "unit"), pk=pk)
    if write:
        require(
            can_second_to(user, secondment.unit),
            f"Only {secondment.unit}'s leads and administrators change its secondments.",
        )
    return secondment


def assignable_units(user: AnyUser) -> list[Unit]:
    """The units this person may assign objectives to, top-down: every active unit under one
    they lead, at any depth (for an administrator, every active unit but the company), in
    org-chart order (each unit followed by the ones under it)."""
    if not user.is_authenticated:
        return []
    units = list(Unit.objects.active().order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    led = led_unit_ids(user)
    tops = [u.pk for u in units if (u.parent_id is None if is_admin(user) else u.pk in led)]
    found: list[Unit] = []
    seen: set[int] = set()

    def below(pk: int) -> None:
        kids = sorted(children.get(pk, ()), key=lambda u: (u.kind == Unit.Kind.VIRTUAL, u.name))
        for child in kids:
            if child.pk not in seen:
                seen.add(child.pk)
                found.append(child)
                below(child.pk)

    for pk in tops:
        below(pk)
    return found


def can_assign_to(user: AnyUser, unit: Unit) -> bool:
    """A lead assigns objectives to the units under the ones they lead; administrators to any."""
    return unit.pk in {u.pk for u in assignable_units(user)}


def require_assigner(user: AnyUser) -> list[Unit]:
    """The units the person may assign to; PermissionDenied when there are none."""
    units = assignable_units(user)
    require(
        bool(units),
        "Only leads of units with teams under them (and administrators) assign objectives.",
    )
    return units
