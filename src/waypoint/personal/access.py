"""Privacy of personal goals lives here and nowhere else (OKR-PRINCIPLES §3): a goal is
visible to its owner and to the people it is explicitly shared with; only its owner edits it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from waypoint.okrs.models import Period
from waypoint.orgs.access import AnyUser
from waypoint.personal.models import PersonalGoal


def visible_goals(user: AnyUser) -> QuerySet[PersonalGoal]:
    if not user.is_authenticated:
        return PersonalGoal.objects.none()
    return PersonalGoal.objects.filter(Q(owner=user) | Q(shared_with=user)).distinct()


def personal_goals_for(user: AnyUser, period: Period | None = None) -> QuerySet[PersonalGoal]:
    """The user's own goals (all of them, or those of `period` and those without a period)."""
    goals = PersonalGoal.objects.filter(owner=user)
    if period is not None:
        goals = goals.filter(Q(period=period) | Q(period__isnull=True))
    return goals.prefetch_related("key_results", "shared_with")


def goals_shared_with(user: AnyUser) -> QuerySet[PersonalGoal]:
    return (
        PersonalGoal.objects.filter(shared_with=user)
        .exclude(owner=user)
        .select_related("owner")
        .prefetch_related("key_results")
    )


def get_goal_for_user(user: AnyUser, pk: int, *, write: bool = False) -> PersonalGoal:
    """The goal, or 404 for anyone who may not see it — its existence is private too.
    Administrators get no exception: personal goals are not the organisation's business."""
    goals = PersonalGoal.objects.filter(owner=user) if write else visible_goals(user)
    goal = (
        goals.select_related("owner", "period")
        .prefetch_related("key_results", "shared_with")
        .filter(pk=pk)
        .first()
    )
    if goal is None:
        raise Http404("No such personal goal.")
    return goal
