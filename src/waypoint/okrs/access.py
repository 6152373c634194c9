"""The only way views and the API obtain OKRs for a user, and where OKR permissions live.

Reading is open to everyone logged in (transparency). A check-in is corrected by its author or
an administrator. Editing an objective is for its owner,
members of its owning units and administrators ("the objective's editors"). A key result's owner
team checks in on it and words it (title, measure, criteria); its weight, owner team, closing
and reopening, and dismissing its findings are for the objective's editors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from waypoint.okrs.models import CheckIn, KeyResult, Objective
from waypoint.orgs.access import AnyUser, is_admin, member_unit_ids


def can_edit_objective(user: AnyUser, objective: Objective) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user) or objective.owner_id == user.pk:
        return True
    unit_ids = {unit.pk for unit in objective.units.all()}
    return bool(member_unit_ids(user) & unit_ids)


def can_check_in(user: AnyUser, key_result: KeyResult) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user) or key_result.objective.owner_id == user.pk:
        return True
    return key_result.owner_unit_id in member_unit_ids(user)


def can_correct_check_in(user: AnyUser, check_in: CheckIn) -> bool:
    """Only the person who made a check-in, or an OKR administrator, corrects it. (When it may
    be corrected — while its period runs and its key result is open — is the action's rule.)"""
    if not user.is_authenticated:
        return False
    return is_admin(user) or check_in.author_id == user.pk


CORRECT_REFUSED = "Only the person who made this check-in, or an OKR administrator, can correct it."


def can_word_key_result(user: AnyUser, key_result: KeyResult) -> bool:
    """May change the key result's title, measure and criteria."""
    return can_edit_objective(user, key_result.objective) or can_check_in(user, key_result)


def can_edit_key_result(user: AnyUser, key_result: KeyResult) -> bool:
    """May change its weight and owner team, close and reopen it, dismiss its findings."""
    return can_edit_objective(user, key_result.objective)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def get_objective_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Objective:
    """The objective `pk`, or 404; with `write`, PermissionDenied unless the user may edit it."""
    objective = get_object_or_404(Objective.objects.with_details(), pk=pk)
    if write:
        require(
            can_edit_objective(user, objective),
            "Only the owner, members of the owning "
            "units and administrators can edit this objective.",
        )
    return objective


def get_key_result_for_user(
    user: AnyUser, pk: int, *, write: bool = False, check_in: bool = False
) -> KeyResult:
    """The key result `pk`, or 404; `write` needs the right to word it (what the edit form
    offers), `check_in` check-in rights. Actions check the finer rules per field."""
    key_result = get_object_or_404(
        KeyResult.objects.select_related("objective__owner", "objective__period", "owner_unit"),
        pk=pk,
    )
    if write:
        require(can_word_key_result(user, key_result), "You cannot edit this key result.")
    if check_in:
        require(
            can_check_in(user, key_result),
            "Only members of the owner team, the "
            "objective's owner and administrators can check in on this key result.",
        )
    return key_result


def get_check_in_for_user(user: AnyUser, pk: int, *, correct: bool = False) -> CheckIn:
    """The check-in `pk`, or 404; with `correct`, PermissionDenied unless the user may
    correct it."""
    check_in = get_object_or_404(
        CheckIn.objects.select_related(
            "author",
            "key_result__objective__owner",
            "key_result__objective__period",
            "key_result__owner_unit",
        ),
        pk=pk,
    )
    if correct:
        require(can_correct_check_in(user, check_in), CORRECT_REFUSED)
    return check_in
