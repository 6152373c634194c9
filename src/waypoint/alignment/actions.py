"""Every change to support links, secondments and top-down assignments: one transaction each,
permission re-checked, history recorded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateformat import format as format_date

from waypoint.alignment.access import can_second_to, require_assigner
from waypoint.alignment.models import Secondment, SupportLink
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.access import can_edit_objective, require
from waypoint.okrs.history import record_change
from waypoint.okrs.models import Objective, Period
from waypoint.orgs.access import member_ids_by_unit
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


def day(value: date) -> str:
    return format_date(value, "j M Y")


@transaction.atomic
def second_person(
    user: Person, person: Person, unit: Unit, *, start: date, end: date, note: str = ""
) -> Secondment:
    """Second ``person`` to ``unit`` from ``start`` to ``end`` (inclusive). For administrators
    and the receiving unit's leads. Refused: an end before the start, a person who is no longer
    active or already in the unit, an archived unit, or a secondment there that overlaps."""
    require(
        can_second_to(user, unit), f"Only {unit}'s leads and administrators second people to it."
    )
    if end < start:
        raise ValidationError({"end": "The secondment ends before it starts."})
    if not person.is_active:
        raise ValidationError({"person": f"{person} is no longer active in {settings.SITE_NAME}."})
    if Membership.objects.filter(person=person, unit=unit).exists():
        raise ValidationError({"person": f"{person} is a member of {unit} already."})
    # Lock the person's row so two overlapping requests cannot both pass the check.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    overlapping = Secondment.objects.filter(
        person=person, unit=unit, start__lte=end, end__gte=start
    ).first()
    if overlapping is not None:
        raise ValidationError(
            {
                "start": f"{person} is seconded to {unit} from {day(overlapping.start)} to "
                f"{day(overlapping.end)} already: choose dates outside that."
            }
        )
    return Secondment.objects.create(
        person=person, unit=unit, start=start, end=end, note=note.strip(), created_by=user
    )


@transaction.atomic
def end_secondment(user: Person, secondment: Secondment, *, last_day: date) -> Secondment | None:
    """End a secondment early: ``last_day`` becomes its last day. One that has not started by
    then is cancelled (removed). Refused when it ends by ``last_day`` anyway. Returns the
    shortened secondment, or None when it was cancelled."""
    secondment = (
        Secondment.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=secondment.pk)
    )
    require(
        can_second_to(user, secondment.unit),
        f"Only {secondment.unit}'s leads and administrators change its secondments.",
    )
    if last_day >= secondment.end:
        raise ValidationError(
            {"last_day": f"It ends on {day(secondment.end)} already: choose an earlier day."}
        )
    if last_day < secondment.start:
        secondment.delete()
        return None
    secondment.end = last_day
    secondment.save(update_fields=["end"])
    return secondment


@transaction.atomic
def assign_objective(
    user: Person,
    *,
    period: Period,
    title: str,
    units: Iterable[Unit],
    owner: Person | None = None,
    description: str = "",
    stretch: str = Objective.Stretch.ASPIRATIONAL,
    parent_objectives: Iterable[Objective] = (),
) -> okr_actions.Outcome:
    """A lead assigns an objective to units under the ones they lead (OKR-PRINCIPLES §2:
    top-down where it must be); the units write its key results. Recorded as ``assigned_by``
    and in the history. The owner must belong to one of the units; without one, the first
    unit's lead (or the assigner when it has none). Refused: no unit, a unit the person does
    not lead from above, an owner outside the units, the units' objective limit."""
    units = list(units)
    if not units:
        raise ValidationError({"units": "Choose at least one unit to assign it to."})
    if not title.strip():
        raise ValidationError({"title": "Write the objective you assign."})
    allowed = {u.pk for u in require_assigner(user)}
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "units": f"You cannot assign to {', '.join(outside)}: you assign only to units "
                "under the ones you lead."
            }
        )
    if owner is None:
        owner = (
            Person.objects.filter(memberships__unit=units[0], memberships__role="lead")
            .order_by("pk")
            .first()
            or user
        )
    else:
        members = member_ids_by_unit([u.pk for u in units])
        if not any(owner.pk in people for people in members.values()):
            names = ", ".join(u.name for u in units)
            raise ValidationError({"owner": f"Choose someone in {names} as the accountable owner."})
    outcome = okr_actions.create_objective(
        user,
        period=period,
        title=title.strip(),
        owner=owner,
        units=units,
        description=description.strip(),
        stretch=stretch,
        parent_objectives=parent_objectives,
        assign=True,
    )
    record_change(
        outcome.obj,
        "assigned to",
        "",
        ", ".join(u.name for u in units),
        reason=f"Assigned by {user.display_name}: the units write its key results.",
        author=user,
    )
    return outcome
