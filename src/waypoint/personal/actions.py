"""Changes to personal goals; only their owner makes them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waypoint.orgs.models import Person
from waypoint.personal.models import PersonalGoal, PersonalKeyResult


def _owner_only(author: Person, goal: PersonalGoal) -> None:
    if goal.owner_id != author.pk:
        raise PermissionDenied("Only the owner changes a personal goal.")


@transaction.atomic
def save_personal_goal(
    author: Person,
    goal: PersonalGoal | None,
    *,
    title: str,
    description: str = "",
    period: Any = None,
    shared_with: Iterable[Person] = (),
    is_done: bool = False,
) -> PersonalGoal:
    """Create (goal None) or update the author's personal goal."""
    if goal is None:
        goal = PersonalGoal(owner=author)
    _owner_only(author, goal)
    goal.title, goal.description, goal.period, goal.is_done = title, description, period, is_done
    goal.save()
    goal.shared_with.set([p for p in shared_with if p.pk != author.pk])
    return goal


@transaction.atomic
def save_personal_key_result(
    author: Person,
    goal: PersonalGoal,
    key_result: PersonalKeyResult | None,
    *,
    title: str,
    kind: str,
    baseline: Decimal | None,
    target: Decimal | None,
    current: Decimal | None,
    unit_label: str = "",
) -> PersonalKeyResult:
    _owner_only(author, goal)
    if kind == "metric" and (target is None or target == baseline):
        raise ValidationError({"target": "Give a target different from the starting point."})
    key_result = key_result or PersonalKeyResult(goal=goal)
    if key_result.goal_id != goal.pk:
        raise PermissionDenied("That key result belongs to another goal.")
    for field, value in dict(
        title=title,
        kind=kind,
        baseline=baseline,
        target=target,
        current=current,
        unit_label=unit_label,
    ).items():
        setattr(key_result, field, value)
    key_result.save()
    return key_result


@transaction.atomic
def delete_personal_goal(author: Person, goal: PersonalGoal) -> None:
    _owner_only(author, goal)
    goal.delete()
