"""Every change to the organisation: its settings, units, memberships and people. Each runs
in one transaction, checks permission and records an OrgEvent."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from waypoint.orgs.access import require_admin, require_manage_members
from waypoint.orgs.models import CACHE_KEY, Membership, Organisation, OrgEvent, Person, Unit

ORGANISATION_FIELDS = (
    "name",
    "fiscal_year_start_month",
    "quarter_months",
    "meeting_frequency",
    "meeting_weekday",
    "meeting_at",
    "meeting_minutes",
    "limit_warn_above",
    "limit_refuse_above",
    "commitment_limit",
)


def record(author: Person | None, text: str, **about: Any) -> None:
    OrgEvent.objects.create(author=author, text=text[:300], **about)


@transaction.atomic
def save_organisation(author: Person, values: dict[str, Any]) -> Organisation:
    """Save the organisation's settings (administrators); every process reads them anew."""
    require_admin(author)
    if values["limit_warn_above"] > values["limit_refuse_above"]:
        raise ValidationError({"limit_warn_above": "Warn at or below the number that is refused."})
    organisation = Organisation.objects.select_for_update().first() or Organisation.defaults()
    organisation.pk = organisation.pk or 1
    changed = [f for f in ORGANISATION_FIELDS if getattr(organisation, f) != values[f]]
    for name in ORGANISATION_FIELDS:
        setattr(organisation, name, values[name])
    organisation.save()
    # Saving cleared the cache; a reader in another process may have cached the old values
    # meanwhile, until the commit made the new ones visible.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    if changed:
        labels = ", ".join(str(Organisation._meta.get_field(f).verbose_name) for f in changed)
        record(author, f"Changed the organisation's settings: {labels}")
    return organisation


def unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "unit"
    slug, n = base, 2
    while Unit.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def check_parent(unit: Unit, kind: str, parent: Unit | None) -> None:
    """A company has no parent; others hang under a unit that is not archived and not the
    unit itself or one of its descendants (no cycles)."""
    if kind == Unit.Kind.COMPANY:
        if parent is not None:
            raise ValidationError({"parent": "The company is the top of the tree: no parent."})
        return
    if parent is None:
        return
    if parent.is_archived:
        raise ValidationError({"parent": f"{parent} is archived; choose a current unit."})
    node: Unit | None = parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if unit.pk is not None and node.pk == unit.pk:
            raise ValidationError(
                {"parent": f"{parent} is inside {unit}: a unit cannot sit under itself."}
            )
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def create_unit(
    author: Person,
    *,
    name: str,
    kind: str,
    parent: Unit | None = None,
    is_supporting: bool = False,
    description: str = "",
) -> Unit:
    """Add a company, department, team or virtual team (administrators)."""
    require_admin(author)
    unit = Unit(kind=kind, name=name.strip(), is_supporting=is_supporting, description=description)
    check_parent(unit, kind, parent)
    unit.parent = parent
    unit.slug = unique_slug(unit.name)
    unit.full_clean()
    unit.save()
    record(author, f"Created {unit.get_kind_display().lower()} {unit}", unit=unit)
    return unit


@transaction.atomic
def change_unit(
    author: Person,
    unit: Unit,
    *,
    name: str,
    parent: Unit | None,
    is_supporting: bool,
    description: str = "",
) -> Unit:
    """Rename a unit, move it under another parent or mark it supporting (administrators).
    Its URL (slug) stays, so links and feeds keep working."""
    require_admin(author)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_parent(unit, unit.kind, parent)
    notes = []
    if unit.name != name.strip():
        notes.append(f"renamed {unit.name} to {name.strip()}")
    if unit.parent_id != (parent.pk if parent else None):
        notes.append(f"moved under {parent or 'nothing'}")
    if unit.is_supporting != is_supporting:
        notes.append("marked supporting" if is_supporting else "no longer supporting")
    unit.name, unit.parent, unit.is_supporting = name.strip(), parent, is_supporting
    unit.description = description
    unit.full_clean()
    unit.save()
    if notes:
        record(author, f"{unit}: {', '.join(notes)}", unit=unit)
    return unit


@transaction.atomic
def archive_unit(author: Person, unit: Unit) -> Unit:
    """Archive a unit (administrators): its OKRs and history stay readable; it leaves pickers
    and the organisation tree. Units still under it must be moved or archived first."""
    require_admin(author)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_archived:
        raise ValidationError(f"{unit} is already archived.")
    children = list(unit.children.active().values_list("name", flat=True))
    if children:
        raise ValidationError(
            f"Move or archive the units under {unit} first: {', '.join(children)}."
        )
    unit.archived_at = timezone.now()
    unit.save(update_fields=["archived_at"])
    record(author, f"Archived {unit}", unit=unit)
    return unit


@transaction.atomic
def restore_unit(author: Person, unit: Unit) -> Unit:
    require_admin(author)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_archived:
        raise ValidationError(f"{unit} is not archived.")
    if unit.parent is not None and unit.parent.is_archived:
        raise ValidationError(f"Restore {unit.parent} first: {unit} sits under it.")
    unit.archived_at = None
    unit.save(update_fields=["archived_at"])
    record(author, f"Restored {unit}", unit=unit)
    return unit


@transaction.atomic
def add_membership(author: Person, unit: Unit, person: Person, role: str) -> Membership:
    """Add a person to a unit as lead or member (its leads, administrators)."""
    require_manage_members(author, unit)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose lead or member."})
    if not person.is_active:
        raise ValidationError({"person": f"{person} is deactivated."})
    if unit.is_archived:
        raise ValidationError(f"{unit} is archived.")
    if Membership.objects.filter(unit=unit, person=person).exists():
        raise ValidationError({"person": f"{person} is already in {unit}."})
    membership = Membership.objects.create(unit=unit, person=person, role=role)
    record(
        author,
        f"Added {person} to {unit} as {membership.get_role_display().lower()}",
        unit=unit,
        person=person,
    )
    return membership


@transaction.atomic
def change_membership_role(author: Person, membership: Membership, role: str) -> Membership:
    require_manage_members(author, membership.unit)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose lead or member."})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        record(
            author,
            f"{membership.person} is now {membership.get_role_display().lower()} "
            f"of {membership.unit}",
            unit=membership.unit,
            person=membership.person,
        )
    return membership


@transaction.atomic
def remove_membership(author: Person, membership: Membership) -> None:
    """Take a person out of a unit. What they wrote there stays, with their name on it."""
    require_manage_members(author, membership.unit)
    unit, person = membership.unit, membership.person
    membership.delete()
    record(author, f"Removed {person} from {unit}", unit=unit, person=person)


@transaction.atomic
def deactivate_person(author: Person, person: Person) -> Person:
    """Deactivate a person (administrators): they can no longer log in (open sessions end
    with their next request); their OKRs, check-ins and history stay."""
    require_admin(author)
    if person.pk == author.pk:
        raise ValidationError("You cannot deactivate yourself; ask another administrator.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        raise ValidationError(f"{person} is already deactivated.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    record(author, f"Deactivated {person}", person=person)
    return person


@transaction.atomic
def reactivate_person(author: Person, person: Person) -> Person:
    require_admin(author)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        raise ValidationError(f"{person} is already active.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    record(author, f"Reactivated {person}", person=person)
    return person
