"""Who belongs where. The building block of every permission check in Waypoint."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from waypoint.orgs.models import Membership, Person, Unit

AnyUser = Person | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    """An OKR administrator is a superuser. Staff status alone only opens the Django admin."""
    return bool(user.is_authenticated and user.is_superuser)


def member_unit_ids(user: AnyUser) -> set[int]:
    """Ids of the units the user belongs to (memberships and secondments running today),
    cached on the user for one request."""
    if not user.is_authenticated:
        return set()
    cached: set[int] | None = getattr(user, "_waypoint_unit_ids", None)
    if cached is None:
        # Imported here: secondments (alignment) build on units and people, not the reverse.
        from waypoint.alignment.models import Secondment

        seconded = Secondment.objects.active_on(timezone.localdate()).filter(person=user)
        homes = Membership.objects.filter(person=user).order_by().values_list("unit_id", flat=True)
        cached = set(homes.union(seconded.order_by().values_list("unit_id", flat=True)))
        user._waypoint_unit_ids = cached  # type: ignore[union-attr]
    return cached


def member_ids_by_unit(unit_ids: Iterable[int], day: date | None = None) -> dict[int, set[int]]:
    """Who belongs to each of the units on ``day`` (default today): its members and the people
    seconded to it that day. Two queries, whatever the number of units."""
    from waypoint.alignment.models import Secondment

    ids = set(unit_ids)
    found: dict[int, set[int]] = {pk: set() for pk in ids}
    rows = Membership.objects.filter(unit_id__in=ids).values_list("unit_id", "person_id")
    seconded = Secondment.objects.active_on(day or timezone.localdate()).filter(unit_id__in=ids)
    for unit_id, person_id in [*rows, *seconded.values_list("unit_id", "person_id")]:
        found[unit_id].add(person_id)
    return found


def people_of(unit: Unit, day: date | None = None) -> QuerySet[Person]:
    """The unit's members and the people seconded to it on ``day`` (default today)."""
    return Person.objects.filter(pk__in=member_ids_by_unit([unit.pk], day)[unit.pk])


def is_member_of_any(user: AnyUser, unit_ids: Iterable[int]) -> bool:
    return bool(member_unit_ids(user) & set(unit_ids))


def led_unit_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(person=user, role=Membership.Role.LEAD).values_list(
            "unit_id", flat=True
        )
    )


def ancestor_ids(unit: Unit) -> list[int]:
    ids: list[int] = []
    seen: set[int] = set()
    node = unit.parent
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        ids.append(node.pk)
        node = node.parent
    return ids


def can_plan_for(user: AnyUser, unit: Unit) -> bool:
    """Members of a unit write its objectives; a lead of a unit above it may assign one to it
    (top-down assignment, OKR-PRINCIPLES §2); administrators may do anything."""
    if is_admin(user):
        return True
    if unit.pk in member_unit_ids(user):
        return True
    return bool(led_unit_ids(user) & set(ancestor_ids(unit)))


def can_manage_members(user: AnyUser, unit: Unit) -> bool:
    """Administrators manage every unit's members; a team lead manages their own team's."""
    if is_admin(user):
        return True
    return not unit.is_archived and unit.pk in led_unit_ids(user)


def require_admin(user: AnyUser) -> None:
    if not is_admin(user):
        raise PermissionDenied("Only administrators change the organisation.")


def require_manage_members(user: AnyUser, unit: Unit) -> None:
    if not can_manage_members(user, unit):
        raise PermissionDenied(f"Only {unit}'s leads and administrators change its members.")


def get_unit_for_admin(user: AnyUser, slug: str) -> Unit:
    require_admin(user)
    return get_object_or_404(Unit, slug=slug)


def get_unit_for_member_management(user: AnyUser, slug: str) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    require_manage_members(user, unit)
    return unit


def get_membership_for_management(user: AnyUser, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("unit", "person"), pk=pk)
    require_manage_members(user, membership.unit)
    return membership


def get_person_for_admin(user: AnyUser, pk: int) -> Person:
    require_admin(user)
    return get_object_or_404(Person, pk=pk)
