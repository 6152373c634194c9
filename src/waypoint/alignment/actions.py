"""Every change to support links: one transaction, permission re-checked, history recorded."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from waypoint.alignment.models import Secondment, SupportLink
from waypoint.okrs.access import can_edit_objective, require
from waypoint.okrs.history import record_change
from waypoint.okrs.models import Objective
from waypoint.orgs.access import is_admin, led_unit_ids
from waypoint.orgs.models import Membership, Person, Unit


@transaction.atomic
def link_support(
    user: Person,
    objective: Objective,
    *,
    unit: Unit | None = None,
    served: Objective | None = None,
) -> SupportLink:
    """Record that the support goal ``objective`` serves ``unit`` or the objective ``served``.

    Refused: a strategic objective (mark it a support goal first), both or neither target, an
    objective of a period that does not overlap the support goal's, the objective itself, a
    unit among its own owners, or a link that exists already."""
    objective = Objective.objects.select_for_update().select_related("period").get(pk=objective.pk)
    require(
        can_edit_objective(user, objective),
        "Only the owner, members of the owning units and administrators can edit this objective.",
    )
    if objective.kind != Objective.Kind.SUPPORT:
        raise ValidationError(
            "Only a support goal supports others: set its kind to “Support goal” first."
        )
    if (unit is None) == (served is None):
        raise ValidationError("Choose either a unit or an objective that this goal supports.")
    if served is not None:
        if served.pk == objective.pk:
            raise ValidationError("An objective cannot support itself.")
        if served.period.end < objective.period.start or served.period.start > objective.period.end:
            raise ValidationError(
                f"“{served.title}” belongs to {served.period.name}, which does not overlap "
                f"{objective.period.name}: support something in the same period."
            )
        exists = SupportLink.objects.filter(objective=objective, served_objective=served)
    else:
        if objective.units.filter(pk=unit.pk).exists():
            raise ValidationError(f"{unit.name} owns this goal: a support goal serves others.")
        exists = SupportLink.objects.filter(objective=objective, unit=unit)
    if exists.exists():
        raise ValidationError(f"This goal supports {unit or served} already.")
    link = SupportLink.objects.create(
        objective=objective, unit=unit, served_objective=served, created_by=user
    )
    record_change(objective, "supports", "", str(link.served), author=user)
    return link


@transaction.atomic
def unlink_support(user: Person, link: SupportLink) -> None:
    """Remove a support link, recording it in the support goal's history."""
    require(
        can_edit_objective(user, link.objective),
        "Only the owner, members of the owning units and administrators can edit this objective.",
    )
    record_change(link.objective, "supports", str(link.served), "", author=user)
    link.delete()


@transaction.atomic
def second_person(
    user: Person, person: Person, unit: Unit, *, start: date, end: date, note: str = ""
) -> Secondment:
    """Second ``person`` to ``unit`` from ``start`` to ``end`` (inclusive). For administrators
    and the receiving unit's leads. Refused: an end before the start, a person already in the
    unit, or a secondment there that overlaps."""
    require(
        is_admin(user) or unit.pk in led_unit_ids(user),
        f"Only {unit}'s leads and administrators second people to it.",
    )
    if end < start:
        raise ValidationError("The secondment ends before it starts.")
    if Membership.objects.filter(person=person, unit=unit).exists():
        raise ValidationError(f"{person} is a member of {unit} already.")
    overlapping = Secondment.objects.filter(
        person=person, unit=unit, start__lte=end, end__gte=start
    )
    if overlapping.exists():
        raise ValidationError(f"{person} is seconded to {unit} for part of that time already.")
    return Secondment.objects.create(
        person=person, unit=unit, start=start, end=end, note=note.strip(), created_by=user
    )
