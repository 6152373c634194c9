"""Every change to commitments, meetings and agendas, the backlog and KTLO KPIs. Views, the CLI
and the demo call these; each runs in one transaction and re-checks permission."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.cadence.access import can_act_for, require_act_for
from waypoint.cadence.agendas import agenda_json, generate_agenda
from waypoint.cadence.models import (
    RHYTHM_KINDS,
    AgendaItem,
    BacklogItem,
    BacklogReview,
    CalendarFeed,
    Commitment,
    Kpi,
    KpiReading,
    Meeting,
    ReminderOptOut,
    UnitCadence,
)
from waypoint.domain import agenda as da
from waypoint.domain import cadence as dc
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.access import require
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.access import member_ids_by_unit
from waypoint.orgs.models import Organisation, Person, Unit


def commitment_limit() -> int:
    return Organisation.current().commitment_limit


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
    if person.pk not in member_ids_by_unit([unit.pk])[unit.pk]:
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
    meeting: Meeting | None = None,
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
        meeting=meeting,
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


# --- the meeting rhythm ------------------------------------------------------------------------


def _check_length(kind: str, minutes: int, field: str) -> None:
    error = dc.meeting_length_error(kind, minutes)
    if error:
        raise ValidationError({field: error})


def next_start(cadence: UnitCadence, kind: str, after: datetime) -> datetime:
    local = timezone.localtime(after)
    if kind == Meeting.Kind.DAILY:
        return dc.next_weekday(local, cadence.standup_at)
    return dc.next_occurrence(
        cadence.frequency,  # type: ignore[arg-type]
        cadence.weekday,
        cadence.at,
        local,
        cadence.anchor,
    )


def ensure_next_meeting(unit: Unit, kind: str, *, after: datetime | None = None) -> Meeting | None:
    """The unit's next open meeting of `kind` (weekly/bi-weekly or daily), scheduled from its
    cadence (after `after`, default now) when there is none. Called inside the actions that
    change the rhythm."""
    cadence = UnitCadence.objects.filter(unit=unit).first()
    if cadence is None or (kind == Meeting.Kind.DAILY and not cadence.standup):
        return None
    kinds = [Meeting.Kind.DAILY] if kind == Meeting.Kind.DAILY else RHYTHM_KINDS
    now = timezone.now()
    existing = (
        Meeting.objects.upcoming().filter(unit=unit, kind__in=kinds, scheduled_for__gte=now).first()
    )
    if existing is not None:
        return existing
    if kind == Meeting.Kind.DAILY:
        minutes, meeting_kind = cadence.standup_minutes, Meeting.Kind.DAILY
    else:
        minutes, meeting_kind = cadence.duration_minutes, cadence.frequency
    return Meeting.objects.create(
        unit=unit,
        kind=meeting_kind,
        scheduled_for=next_start(cadence, meeting_kind, max(now, after or now)),
        duration_minutes=minutes,
    )


@transaction.atomic
def set_cadence(
    author: Person,
    unit: Unit,
    *,
    frequency: str,
    weekday: int,
    at: time,
    duration_minutes: int,
    standup: bool = False,
    standup_at: time | None = None,
    standup_minutes: int = 15,
) -> UnitCadence:
    """Set the unit's meeting rhythm and schedule its next meeting (and stand-up) from it.
    Upcoming meetings of the old rhythm move to the new one."""
    require_act_for(author, unit)
    _check_length(frequency, duration_minutes, "duration_minutes")
    if standup:
        _check_length(Meeting.Kind.DAILY, standup_minutes, "standup_minutes")
    cadence, _ = UnitCadence.objects.select_for_update().get_or_create(unit=unit)
    cadence.frequency, cadence.weekday, cadence.at = frequency, weekday, at
    cadence.duration_minutes = duration_minutes
    cadence.standup, cadence.standup_minutes = standup, standup_minutes
    cadence.standup_at = standup_at or cadence.standup_at
    first = dc.next_occurrence("weekly", weekday, at, timezone.localtime())
    if cadence.anchor is None or cadence.anchor.weekday() != weekday:
        cadence.anchor = first.date()
    cadence.save()
    now = timezone.now()
    upcoming = Meeting.objects.upcoming().filter(unit=unit, scheduled_for__gte=now)
    upcoming.filter(kind__in=RHYTHM_KINDS, agenda_items__isnull=True, notes="").delete()
    if not standup:
        upcoming.filter(kind=Meeting.Kind.DAILY, agenda_items__isnull=True, notes="").delete()
    ensure_next_meeting(unit, frequency)
    ensure_next_meeting(unit, Meeting.Kind.DAILY)
    return cadence


@transaction.atomic
def schedule_meeting(
    author: Person, unit: Unit, *, kind: str, scheduled_for: datetime, duration_minutes: int
) -> Meeting:
    """Schedule one meeting, e.g. an ad hoc deep dive (30–60 minutes), never in the past."""
    require_act_for(author, unit)
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": "Choose a kind of meeting."})
    _check_length(kind, duration_minutes, "duration_minutes")
    if scheduled_for <= timezone.now():
        raise ValidationError({"scheduled_for": "Choose a time in the future."})
    return Meeting.objects.create(
        unit=unit, kind=kind, scheduled_for=scheduled_for, duration_minutes=duration_minutes
    )


def _open_meeting(author: Person, meeting: Meeting) -> Meeting:
    require_act_for(author, meeting.unit)
    current = Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)
    if not current.is_open:
        raise ValidationError(f"This meeting is already {current.get_status_display().lower()}.")
    return current


@transaction.atomic
def add_agenda_item(
    author: Person, meeting: Meeting, *, title: str, section: str, notes: str = ""
) -> AgendaItem:
    """A member adds a topic to an upcoming meeting's agenda (a hot topic by default)."""
    current = _open_meeting(author, meeting)
    if not title.strip():
        raise ValidationError({"title": "Say what you want to discuss."})
    if section not in (AgendaItem.Section.HOT_TOPICS, AgendaItem.Section.PARKING_LOT):
        raise ValidationError({"section": "Add it to hot topics or the parking lot."})
    return AgendaItem.objects.create(
        meeting=current,
        section=section,
        title=title.strip(),
        notes=notes.strip(),
        added_by=author,
        position=current.agenda_items.count(),
    )


@transaction.atomic
def record_meeting_notes(
    author: Person, meeting: Meeting, *, notes: str, decisions: str
) -> Meeting:
    """Save the running notes and decisions of a meeting (while it runs, or after it)."""
    require_act_for(author, meeting.unit)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled; it has no notes.")
    current.notes, current.decisions = notes, decisions
    current.save(update_fields=["notes", "decisions"])
    return current


def freeze_agenda(meeting: Meeting, *, held_at: datetime) -> None:
    """Store the meeting's agenda as generated now, as the record of what was discussed."""
    agenda = dataclasses.replace(generate_agenda(meeting), held_at=timezone.localtime(held_at))
    meeting.held_at, meeting.held_agenda = held_at, agenda_json(agenda)
    meeting.save(update_fields=["held_at", "held_agenda"])


@transaction.atomic
def hold_meeting(author: Person, meeting: Meeting) -> Meeting:
    """Mark a meeting held; its agenda is frozen as it stands now (what was discussed then),
    and the next one in the rhythm is scheduled."""
    current = _open_meeting(author, meeting)
    current.status = Meeting.Status.HELD
    current.save(update_fields=["status"])
    freeze_agenda(current, held_at=timezone.now())
    ensure_next_meeting(current.unit, current.kind, after=current.scheduled_for)
    return current


@transaction.atomic
def reschedule_meeting(
    author: Person, meeting: Meeting, *, scheduled_for: datetime, reason: str = ""
) -> Meeting:
    """Move an upcoming meeting to a later time — never into the past."""
    current = _open_meeting(author, meeting)
    if scheduled_for <= timezone.now():
        raise ValidationError({"scheduled_for": "Choose a time in the future."})
    if current.rescheduled_from is None:
        current.rescheduled_from = current.scheduled_for
    current.scheduled_for, current.status = scheduled_for, Meeting.Status.DELAYED
    current.status_reason = reason.strip()
    current.save(update_fields=["scheduled_for", "status", "rescheduled_from", "status_reason"])
    return current


@transaction.atomic
def cancel_meeting(author: Person, meeting: Meeting, *, reason: str = "") -> Meeting:
    """Cancel an upcoming meeting; the next one in the rhythm is scheduled."""
    current = _open_meeting(author, meeting)
    current.status, current.status_reason = Meeting.Status.CANCELLED, reason.strip()
    current.save(update_fields=["status", "status_reason"])
    ensure_next_meeting(current.unit, current.kind, after=current.scheduled_for)
    return current


# --- the backlog -------------------------------------------------------------------------------


@transaction.atomic
def park_in_backlog(
    author: Person, unit: Unit, *, title: str, description: str = ""
) -> BacklogItem:
    """Park an idea that is not a "hell yes" priority now in the unit's backlog."""
    require_act_for(author, unit)
    if not title.strip():
        raise ValidationError({"title": "Say what to park, in a few words."})
    return BacklogItem.objects.create(
        unit=unit, title=title.strip(), description=description.strip(), created_by=author
    )


def _open_backlog_item(author: Person, item: BacklogItem) -> BacklogItem:
    require_act_for(author, item.unit)
    current = BacklogItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if current.status != BacklogItem.Status.OPEN:
        raise ValidationError(f"This idea is already {current.get_status_display().lower()}.")
    return current


@transaction.atomic
def review_backlog_item(author: Person, item: BacklogItem, *, keep: bool = True) -> BacklogItem:
    """Review a parked idea: keep it parked (reviewed now) or discard it."""
    current = _open_backlog_item(author, item)
    current.reviewed_at = timezone.now()
    if not keep:
        current.status = BacklogItem.Status.DISCARDED
    current.save(update_fields=["reviewed_at", "status"])
    return current


@transaction.atomic
def review_backlog(author: Person, unit: Unit) -> BacklogReview:
    """Record that `author` went through the unit's whole backlog now (OKR-PRINCIPLES §4: at
    least once a quarter); every idea still parked counts as looked at."""
    require_act_for(author, unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    parked = BacklogItem.objects.filter(unit=unit, status=BacklogItem.Status.OPEN).count()
    if not parked:
        raise ValidationError("Nothing is parked in this backlog, so there is nothing to review.")
    return BacklogReview.objects.create(
        unit=unit, reviewed_by=author, reviewed_at=timezone.now(), open_items=parked
    )


@transaction.atomic
def promote_to_commitment(author: Person, item: BacklogItem) -> Commitment:
    """Turn a parked idea into the author's commitment for the coming week (within the limit)."""
    current = _open_backlog_item(author, item)
    commitment = create_commitment(author, current.unit, person=author, title=current.title)
    current.status, current.reviewed_at = BacklogItem.Status.PROMOTED, timezone.now()
    current.promoted_commitment = commitment
    current.save(update_fields=["status", "reviewed_at", "promoted_commitment"])
    return commitment


@transaction.atomic
def promote_to_objective(author: Person, item: BacklogItem, *, period: Period) -> Objective:
    """Turn a parked idea into an objective of its unit for `period`, owned by the author;
    the focus limit applies as for any new objective."""
    current = _open_backlog_item(author, item)
    outcome = okr_actions.create_objective(
        author,
        period=period,
        title=current.title,
        owner=author,
        units=[current.unit],
        description=current.description,
    )
    current.status, current.reviewed_at = BacklogItem.Status.PROMOTED, timezone.now()
    current.promoted_objective = outcome.obj
    current.save(update_fields=["status", "reviewed_at", "promoted_objective"])
    return outcome.obj


# --- KTLO KPIs ---------------------------------------------------------------------------------


def _check_range(low: Decimal | None, high: Decimal | None) -> None:
    if low is None and high is None:
        raise ValidationError(
            {"healthy_min": "Give the healthy range a low end, a high end, or both."}
        )
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {"healthy_max": f"The healthy range ends below where it starts ({low} > {high})."}
        )


@transaction.atomic
def create_kpi(
    author: Person,
    unit: Unit,
    *,
    name: str,
    healthy_min: Decimal | None,
    healthy_max: Decimal | None,
    unit_label: str = "",
    description: str = "",
) -> Kpi:
    """A keep-the-lights-on number with its healthy range, tracked beside the OKRs."""
    require_act_for(author, unit)
    if not name.strip():
        raise ValidationError({"name": "Name the KPI, e.g. “Payment error rate”."})
    _check_range(healthy_min, healthy_max)
    return Kpi.objects.create(
        unit=unit,
        name=name.strip(),
        unit_label=unit_label.strip(),
        healthy_min=healthy_min,
        healthy_max=healthy_max,
        description=description.strip(),
    )


@transaction.atomic
def record_kpi_reading(
    author: Person, kpi: Kpi, *, value: Decimal, at: datetime | None = None
) -> KpiReading:
    """Record a reading of a KPI (now, or as of an earlier moment — never in the future)."""
    require_act_for(author, kpi.unit)
    when = at or timezone.now()
    if when > timezone.now():
        raise ValidationError({"at": "A reading cannot be in the future."})
    return KpiReading.objects.create(kpi=kpi, value=value, at=when, author=author)


# --- calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def create_calendar_feed(
    author: Person, *, unit: Unit | None = None, person: Person | None = None
) -> CalendarFeed:
    """A new unguessable feed URL for a unit's meetings (its members) or for a person's own
    (that person); any earlier feed of the same calendar is revoked, so a leaked URL dies."""
    if (unit is None) == (person is None):
        raise ValueError("a calendar feed belongs to a unit or to a person")
    if unit is not None:
        require_act_for(author, unit)
    else:
        require(author.pk == person.pk, "You can only make a calendar feed of your own meetings.")  # type: ignore[union-attr]
    CalendarFeed.objects.filter(unit=unit, person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(
        token=secrets.token_urlsafe(32), unit=unit, person=person, created_by=author
    )


@transaction.atomic
def revoke_calendar_feed(author: Person, feed: CalendarFeed) -> CalendarFeed:
    """Revoke a feed: its URL answers 404 from now on."""
    if feed.unit is not None:
        require_act_for(author, feed.unit)
    else:
        require(author.pk == feed.person_id, "You can only revoke your own calendar feed.")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


@transaction.atomic
def start_recovery_objective(author: Person, kpi: Kpi, *, period: Period) -> Objective:
    """From an unhealthy KPI, an objective to bring it back and one key result from the
    current reading back into the healthy range; the focus limit applies as for any other."""
    require_act_for(author, kpi.unit)
    latest = kpi.readings.order_by("-at", "-id").first()
    reading = da.KpiInput(
        kpi.pk,
        kpi.name,
        None if latest is None else float(latest.value),
        None if kpi.healthy_min is None else float(kpi.healthy_min),
        None if kpi.healthy_max is None else float(kpi.healthy_max),
        kpi.unit_label,
    )
    target = da.recovery_target(reading)
    if latest is None or target is None:
        raise ValidationError(f"{kpi.name} is within its healthy range: nothing to recover.")
    objective = okr_actions.create_objective(
        author,
        period=period,
        title=f"Bring {kpi.name.lower()} back to healthy",
        owner=author,
        units=[kpi.unit],
        kind=Objective.Kind.STRATEGIC,
        description=f"{kpi.name} is at {latest.value.normalize()}{kpi.unit_label}, "
        "outside its healthy range.",
    ).obj
    okr_actions.add_key_result(
        author,
        objective,
        title=f"{kpi.name} from {latest.value.normalize()}{kpi.unit_label} "
        f"to {Decimal(str(target)).normalize()}{kpi.unit_label}",
        owner_unit=kpi.unit,
        baseline=latest.value,
        target=Decimal(str(target)),
        unit_label=kpi.unit_label,
    )
    return objective


@transaction.atomic
def set_reminders(author: Person, *, enabled: bool) -> None:
    """Switch the author's own reminder emails on or off."""
    if enabled:
        ReminderOptOut.objects.filter(person=author).delete()
    else:
        ReminderOptOut.objects.get_or_create(person=author)
