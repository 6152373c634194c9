"""Who belongs where. The building block of every permission check in Waypoint."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from waypoint.orgs.models import Membership, Person, Unit

AnyUser = Person | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    """An OKR administrator is a superuser. Staff status alone only opens the Django admin."""
    return bool(user.is_authenticated and user.is_superuser)


def member_unit_ids(user: AnyUser) -> set[int]:
    """Ids of the units the user belongs to, cached on the user for one request."""
    if not user.is_authenticated:
        return set()
    cached: set[int] | None = getattr(user, "_waypoint_unit_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(person=user).values_list("unit_id", flat=True))
        user._waypoint_unit_ids = cached  # type: ignore[union-attr]
    return cached


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
