"""Plain factories shared by the demo organisation and the test suite.

They write the ORM directly (no permission checks, no limits: the demo deliberately breaks
some) but leave the database in the state the actions in ``okrs/actions.py`` would: the same
history rows, the same refreshed key-result fields. People, units and periods are keyed by
username and slug, so calling their factories again updates rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from waypoint.cadence.models import (
    BacklogItem,
    Commitment,
    Kpi,
    KpiReading,
    Meeting,
    Score,
)
from waypoint.domain import periods as dperiods
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.history import record_change
from waypoint.okrs.models import CheckIn, KeyResult, Objective, Period
from waypoint.orgs.models import Membership, Person, Unit
from waypoint.personal.models import PersonalGoal, PersonalKeyResult

Number = Decimal | int | float | str


def to_decimal(value: Number | None) -> Decimal | None:
    """Turn a number written in seed data (int, float, str) into an exact Decimal."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _backdate(instance: models.Model, at: datetime | None) -> None:
    """Set an auto_now_add ``created_at`` to ``at`` (seed data lives in the past)."""
    if at is not None:
        type(instance).objects.filter(pk=instance.pk).update(created_at=at)
        instance.created_at = at  # type: ignore[attr-defined]


# --- people and units ------------------------------------------------------------------------


def make_person(
    username: str,
    *,
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    level: str = Person.Level.TEAM,
    password: str | None = None,
    password_hash: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    email: str | None = None,
) -> Person:
    """Create or update the person ``username``. ``password_hash`` (from ``make_password``)
    lets a caller hash one shared password once instead of once per person."""
    person = Person.objects.filter(username=username).first() or Person(username=username)
    person.first_name, person.last_name, person.title, person.level = (
        first_name,
        last_name,
        title,
        level,
    )
    person.is_staff, person.is_superuser = is_staff, is_superuser
    person.email = email if email is not None else person.email
    if password_hash is not None:
        person.password = password_hash
    elif password is not None:
        person.set_password(password)
    elif not person.password:
        person.set_unusable_password()
    person.save()
    return person


def add_member(unit: Unit, person: Person, *, lead: bool = False) -> Membership:
    """Put ``person`` in ``unit`` (as its lead when ``lead``), keeping one membership."""
    role = Membership.Role.LEAD if lead else Membership.Role.MEMBER
    membership, _ = Membership.objects.update_or_create(
        person=person, unit=unit, defaults={"role": role}
    )
    return membership


def make_unit(
    name: str,
    kind: str,
    *,
    parent: Unit | None = None,
    is_supporting: bool = False,
    slug: str | None = None,
    description: str = "",
    members: Iterable[Person] = (),
    leads: Iterable[Person] = (),
    member_units: Iterable[Unit] = (),
) -> Unit:
    """Create or update the unit with ``slug`` (default: the slugified name) and add people."""
    unit, _ = Unit.objects.update_or_create(
        slug=slug or slugify(name),
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "is_supporting": is_supporting,
            "description": description,
        },
    )
    for person in members:
        add_member(unit, person)
    for person in leads:
        add_member(unit, person, lead=True)
    member_units = list(member_units)
    if member_units:
        unit.member_units.add(*member_units)
    return unit


# --- periods ---------------------------------------------------------------------------------


def make_period(kind: str, name: str, start: date, end: date, slug: str | None = None) -> Period:
    """Create or update the period with ``slug`` (default: the slugified name)."""
    period, _ = Period.objects.update_or_create(
        slug=slug or slugify(name),
        defaults={"kind": kind, "name": name, "start": start, "end": end},
    )
    return period


def period_from_span(span: dperiods.PeriodSpan) -> Period:
    """Store a domain period span (a year or a quarter) as a Period."""
    return make_period(span.kind, span.name, span.start, span.end, slug=span.slug)


def ensure_periods(today: date) -> tuple[Period, list[Period]]:
    """Make sure the annual period of ``today``'s year and its four quarters exist."""
    annual = period_from_span(dperiods.year_of(today))
    quarters = [period_from_span(span) for span in dperiods.quarters_of_year(today.year)]
    return annual, quarters


# --- objectives, key results, check-ins ------------------------------------------------------


def make_objective(
    period: Period,
    title: str,
    *,
    owner: Person,
    units: Iterable[Unit],
    description: str = "",
    stretch: str = Objective.Stretch.ASPIRATIONAL,
    kind: str = Objective.Kind.STRATEGIC,
    parents: Iterable[Objective] = (),
    parent_krs: Iterable[KeyResult] = (),
    assigned_by: Person | None = None,
    author: Person | None = None,
    at: datetime | None = None,
) -> Objective:
    """Create an objective with its owning units, links up and a "created" history row."""
    objective = Objective.objects.create(
        period=period,
        title=title,
        description=description,
        owner=owner,
        stretch=stretch,
        kind=kind,
        assigned_by=assigned_by,
    )
    objective.units.set(list(units))
    objective.parent_objectives.set(list(parents))
    objective.parent_key_results.set(list(parent_krs))
    record_change(objective, "created", "", title, author=author or owner, at=at)
    _backdate(objective, at)
    return objective


def make_key_result(
    objective: Objective,
    title: str,
    *,
    owner_unit: Unit,
    kind: str = KeyResult.Kind.METRIC,
    baseline: Number | None = None,
    target: Number | None = None,
    unit_label: str = "",
    criteria: str = "",
    weight: Number = 1,
    author: Person | None = None,
    at: datetime | None = None,
) -> KeyResult:
    """Add a key result owned by one team at the end of the objective's list, with history."""
    key_result = KeyResult.objects.create(
        objective=objective,
        title=title,
        owner_unit=owner_unit,
        kind=kind,
        baseline=to_decimal(baseline),
        target=to_decimal(target),
        unit_label=unit_label,
        criteria=criteria,
        weight=to_decimal(weight),
        position=objective.key_results.count(),
    )
    record_change(
        objective,
        "key result added",
        "",
        title,
        author=author or objective.owner,
        at=at,
        key_result=key_result,
    )
    _backdate(key_result, at)
    return key_result


def make_check_in(
    kr: KeyResult,
    value: Number,
    *,
    confidence: int = 7,
    note: str = "",
    author: Person,
    at: datetime | None = None,
) -> CheckIn:
    """Append one check-in and refresh the key result's current value, as the action does."""
    check_in = CheckIn.objects.create(
        key_result=kr,
        value=to_decimal(value),
        confidence=confidence,
        note=note,
        author=author,
        at=at or timezone.now(),
        recorded_at=at or timezone.now(),
    )
    if kr.last_checked_in_at is None or check_in.at >= kr.last_checked_in_at:
        kr.current, kr.confidence, kr.last_checked_in_at = check_in.value, confidence, check_in.at
        kr.save(update_fields=["current", "confidence", "last_checked_in_at", "updated_at"])
    return check_in


@dataclass(frozen=True)
class Reading:
    """One check-in to bulk-load with ``add_check_ins``."""

    key_result: KeyResult
    value: Decimal
    confidence: int
    note: str
    author: Person
    at: datetime


def add_check_ins(readings: Sequence[Reading]) -> int:
    """Bulk-create check-ins and refresh each key result from its latest one; returns count."""
    CheckIn.objects.bulk_create(
        CheckIn(
            key_result=r.key_result,
            value=r.value,
            confidence=r.confidence,
            note=r.note,
            author=r.author,
            at=r.at,
            recorded_at=r.at,
        )
        for r in readings
    )
    latest: dict[int, Reading] = {}
    for reading in readings:
        kr = reading.key_result
        known = latest.get(kr.pk)
        if known is None or reading.at >= known.at:
            latest[kr.pk] = reading
    changed = []
    for reading in latest.values():
        kr = reading.key_result
        if kr.last_checked_in_at is None or reading.at >= kr.last_checked_in_at:
            kr.current, kr.confidence = reading.value, reading.confidence
            kr.last_checked_in_at = reading.at
            kr.progress_display = kr.measured_progress()
            changed.append(kr)
    KeyResult.objects.bulk_update(
        changed, ["current", "confidence", "last_checked_in_at", "progress_display"]
    )
    return len(readings)


def mark_key_result_closed(
    kr: KeyResult,
    *,
    status: str,
    score: Number | None = None,
    note: str = "",
    author: Person | None = None,
    at: datetime | None = None,
) -> KeyResult:
    """Close a key result through ``close_key_result`` (by its objective's owner by default)."""
    return okr_actions.close_key_result(
        author or kr.objective.owner,
        kr,
        status=status,
        note=note,
        score=to_decimal(score),
        at=at,
    )


def mark_objective_closed(
    objective: Objective,
    *,
    status: str,
    score: Number | None = None,
    note: str = "",
    author: Person | None = None,
    at: datetime | None = None,
) -> Objective:
    """Close an objective through ``close_objective`` (by its owner by default)."""
    return okr_actions.close_objective(
        author or objective.owner,
        objective,
        status=status,
        note=note,
        score=to_decimal(score),
        at=at,
    )


def make_score(
    kr: KeyResult,
    *,
    reflection: str = "",
    carry_over: bool = False,
    scored_by: Person | None = None,
    at: datetime | None = None,
) -> Score:
    """Record the end-of-period score (the key result's own score) with a reflection."""
    score, _ = Score.objects.update_or_create(
        key_result=kr,
        defaults={
            "value": kr.score or Decimal(0),
            "reflection": reflection,
            "carry_over": carry_over,
            "scored_by": scored_by,
            "at": at or timezone.now(),
        },
    )
    return score


# --- personal goals --------------------------------------------------------------------------


def make_personal_goal(
    owner: Person,
    title: str,
    *,
    description: str = "",
    period: Period | None = None,
    shared_with: Iterable[Person] = (),
    is_done: bool = False,
) -> PersonalGoal:
    """Create a personal goal, private unless ``shared_with`` names someone."""
    goal = PersonalGoal.objects.create(
        owner=owner, title=title, description=description, period=period, is_done=is_done
    )
    goal.shared_with.set([p for p in shared_with if p.pk != owner.pk])
    return goal


def make_personal_key_result(
    goal: PersonalGoal,
    title: str,
    *,
    kind: str = "completion",
    baseline: Number | None = None,
    target: Number | None = None,
    current: Number | None = None,
    unit_label: str = "",
) -> PersonalKeyResult:
    return PersonalKeyResult.objects.create(
        goal=goal,
        title=title,
        kind=kind,
        baseline=to_decimal(baseline),
        target=to_decimal(target),
        current=to_decimal(current),
        unit_label=unit_label,
    )


# --- cadence ---------------------------------------------------------------------------------


def make_commitment(
    unit: Unit,
    person: Person,
    title: str,
    *,
    key_result: KeyResult | None = None,
    status: str = Commitment.Status.OPEN,
    due: date | None = None,
    done_at: datetime | None = None,
) -> Commitment:
    return Commitment.objects.create(
        unit=unit,
        person=person,
        title=title,
        key_result=key_result,
        status=status,
        due=due,
        done_at=done_at,
    )


def make_meeting(
    unit: Unit,
    kind: str,
    scheduled_for: datetime,
    *,
    duration_minutes: int = 45,
    status: str = Meeting.Status.SCHEDULED,
    notes: str = "",
) -> Meeting:
    return Meeting.objects.create(
        unit=unit,
        kind=kind,
        scheduled_for=scheduled_for,
        duration_minutes=duration_minutes,
        status=status,
        notes=notes,
    )


def make_backlog_item(
    unit: Unit,
    title: str,
    *,
    description: str = "",
    created_by: Person | None = None,
    reviewed_at: datetime | None = None,
) -> BacklogItem:
    return BacklogItem.objects.create(
        unit=unit,
        title=title,
        description=description,
        created_by=created_by,
        reviewed_at=reviewed_at,
    )


def make_kpi(
    unit: Unit,
    name: str,
    *,
    unit_label: str = "",
    healthy_min: Number | None = None,
    healthy_max: Number | None = None,
    description: str = "",
    readings: Iterable[tuple[datetime, Number]] = (),
    author: Person | None = None,
) -> Kpi:
    """Create a KTLO KPI with its healthy range and, optionally, a series of readings."""
    kpi = Kpi.objects.create(
        unit=unit,
        name=name,
        unit_label=unit_label,
        healthy_min=to_decimal(healthy_min),
        healthy_max=to_decimal(healthy_max),
        description=description,
    )
    KpiReading.objects.bulk_create(
        KpiReading(kpi=kpi, value=to_decimal(value), at=at, author=author) for at, value in readings
    )
    return kpi


def shared_password_hash(password: str) -> str:
    """Hash ``password`` once so many seeded people can share it cheaply."""
    return make_password(password)
