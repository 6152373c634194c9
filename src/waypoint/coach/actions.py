"""Dismissing a coach finding: it stays dismissed and the reason is kept in the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.coach.models import Dismissal
from waypoint.domain import diagnosis as dx
from waypoint.okrs.access import can_edit_key_result, can_edit_objective
from waypoint.okrs.models import Change, KeyResult, Objective
from waypoint.orgs.access import can_plan_for, is_admin
from waypoint.orgs.models import Person, Unit

SUBJECTS = ("objective", "key_result", "unit")
_MAX_ID = 2**63 - 1  # the largest id the database stores


@transaction.atomic
def dismiss_finding(
    author: Person, *, code: str, subject: str, subject_id: int | str, reason: str
) -> Dismissal:
    """Dismiss finding `code` on a subject. Those who may edit the subject may dismiss it.

    `subject_id` may come straight from a form; anything but a positive whole number is refused
    as an unknown finding, like an unknown code or subject."""
    pk = _positive_id(subject_id)
    if code not in dx.codes() or subject not in SUBJECTS or pk is None:
        raise ValidationError("Unknown finding.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this finding does not apply."})
    objective, key_result = _authorise(author, subject, pk)
    dismissal, _ = Dismissal.objects.update_or_create(
        code=code,
        subject=subject,
        subject_id=pk,
        defaults={"reason": reason.strip(), "author": author, "at": timezone.now()},
    )
    if objective is not None:
        Change.objects.create(
            objective=objective,
            key_result=key_result,
            field="coach finding dismissed",
            old=code,
            new="dismissed",
            reason=reason.strip(),
            author=author,
            at=dismissal.at,
        )
    return dismissal


def _positive_id(value: int | str) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= _MAX_ID else None


def _authorise(
    author: Person, subject: str, subject_id: int
) -> tuple[Objective | None, KeyResult | None]:
    if subject == "objective":
        objective = Objective.objects.filter(pk=subject_id).first()
        if objective is None or not can_edit_objective(author, objective):
            raise PermissionDenied("You cannot dismiss findings on this objective.")
        return objective, None
    if subject == "key_result":
        kr = KeyResult.objects.select_related("objective").filter(pk=subject_id).first()
        if kr is None or not can_edit_key_result(author, kr):
            raise PermissionDenied("You cannot dismiss findings on this key result.")
        return kr.objective, kr
    unit = Unit.objects.filter(pk=subject_id).first()
    if unit is None or not (is_admin(author) or can_plan_for(author, unit)):
        raise PermissionDenied("You cannot dismiss findings on this unit.")
    return None, None
