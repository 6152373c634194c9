"""Every change to commitments, meetings and agendas, the backlog and KTLO KPIs. Views, the CLI
and the demo call these; each runs in one transaction and re-checks permission."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.cadence.access import can_act_for, require_act_for
from waypoint.cadence.models import Commitment
from waypoint.domain import cadence as dc
from waypoint.okrs.access import require
from waypoint.okrs.models import KeyResult, Status
from waypoint.orgs.models import Person, Unit


def commitment_limit() -> int:
    return settings.WAYPOINT_COMMITMENT_LIMIT


def commitment_verdict(person: Person) -> dc.CommitmentVerdict:
    """Whether `person` may take on one more open commitment (the per-person limit)."""
    titles = list(
        Commitment.objects.open()
        .filter(person=person)
        .order_by("due", "id")
        .values_list("title", flat=True)
    )
    return dc.check_commitments(person.display_name, titles, commitment_limit())


def _check_commitment(unit: Unit, person: Person, title: str, key_result: KeyResult | None) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Say what you commit to, e.g. “Run the pricing test with 5 customers”."
    if not unit.memberships.filter(person=person).exists():
        errors["person"] = f"{person.display_name} is not a member of {unit.name}."
    if key_result is not None and (
        key_result.owner_unit_id != unit.pk or key_result.status != Status.ACTIVE
    ):
        errors["key_result"] = f"Link an open key result of {unit.name}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_commitment(
    author: Person,
    unit: Unit,
    *,
    person: Person,
    title: str,
    key_result: KeyResult | None = None,
    due: date | None = None,
) -> Commitment:
    """A short-term commitment by a member of `unit`, refused above the per-person limit of
    open commitments (OKR-PRINCIPLES §4: start less, finish more)."""
    require_act_for(author, unit)
    _check_commitment(unit, person, title, key_result)
    # Lock the person's row so two concurrent requests cannot both pass the limit.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    verdict = commitment_verdict(person)
    if not verdict.allowed:
        raise ValidationError({"__all__": verdict.message})
    return Commitment.objects.create(
        unit=unit,
        person=person,
        title=title.strip(),
        key_result=key_result,
        due=due or timezone.localdate() + timedelta(days=7),
        created_by=author,
    )


def _close(author: Person, commitment: Commitment, status: str) -> Commitment:
    require(
        commitment.person_id == author.pk or can_act_for(author, commitment.unit),
        "Only the person who committed and the team can change this commitment.",
    )
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if current.status != Commitment.Status.OPEN:
        raise ValidationError(f"This commitment is already {current.get_status_display().lower()}.")
    current.status, current.done_at = status, timezone.now()
    current.save(update_fields=["status", "done_at"])
    return current


@transaction.atomic
def complete_commitment(author: Person, commitment: Commitment) -> Commitment:
    """Mark an open commitment done."""
    return _close(author, commitment, Commitment.Status.DONE)


@transaction.atomic
def drop_commitment(author: Person, commitment: Commitment) -> Commitment:
    """Drop an open commitment: deciding not to do it is fine, leaving it open is not."""
    return _close(author, commitment, Commitment.Status.DROPPED)


@transaction.atomic
def carry_over_commitment(author: Person, commitment: Commitment) -> Commitment:
    """Close an open commitment as carried over and open it again for the week after; the
    person's open count does not change, so the limit does not refuse it."""
    old = _close(author, commitment, Commitment.Status.CARRIED)
    start = max(old.due or timezone.localdate(), timezone.localdate())
    return Commitment.objects.create(
        unit=old.unit,
        person=old.person,
        title=old.title,
        key_result=old.key_result,
        due=start + timedelta(days=7),
        created_by=author,
        carried_from=old,
    )
