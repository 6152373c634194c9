"""Reminders by email, at most one digest per person per day, never the same reminder twice:
check-ins due go to the key result's team; still missing after a grace period, they are
escalated to the objective's owner; agendas go out before a meeting; commitments due go to
their person. `waypoint tick` runs one pass; `waypoint worker` runs it on a schedule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from waypoint.cadence.inbox import current_quarter
from waypoint.cadence.models import Commitment, Meeting, ReminderOptOut, ReminderSent
from waypoint.okrs.models import KeyResult, Status
from waypoint.okrs.queries import latest_check_ins
from waypoint.orgs.access import member_ids_by_unit
from waypoint.orgs.models import Person

AGENDA_AHEAD = timedelta(hours=24)


@dataclass(frozen=True)
class Reminder:
    key: str
    text: str
    path: str


@dataclass
class TickReport:
    digests: int = 0
    reminders: int = 0
    skipped_today: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _members(unit_ids: set[int], day: date) -> dict[int, list[int]]:
    """Each unit's members and the people seconded to it on ``day``."""
    return {unit: sorted(people) for unit, people in member_ids_by_unit(unit_ids, day).items()}


def due_reminders(now: datetime) -> dict[int, list[Reminder]]:
    """Every reminder due at `now`, by person id (before de-duplication and opt-outs)."""
    due: dict[int, list[Reminder]] = defaultdict(list)
    today = timezone.localdate(now)
    cadence = settings.WAYPOINT_CHECK_IN_CADENCE_DAYS
    grace = settings.WAYPOINT_REMINDER_GRACE_DAYS
    period = current_quarter()
    if period is not None and period.start <= today:
        krs = list(
            KeyResult.objects.for_period(period)
            .filter(status=Status.ACTIVE, objective__status=Status.ACTIVE)
            .select_related("objective", "owner_unit")
        )
        latest = latest_check_ins(krs)
        members = _members({kr.owner_unit_id for kr in krs}, today)
        window = (today - period.start).days // cadence
        for kr in krs:
            last = latest.get(kr.pk)
            since = max(timezone.localtime(last.at).date(), period.start) if last else period.start
            if (
                last is not None
                and (timezone.localtime(last.at).date() - period.start).days // cadence >= window
            ):
                continue  # checked in this cadence period
            path = reverse("cadence:team-check-in", args=[kr.owner_unit.slug])
            text = f"Check in on “{kr.title}” ({kr.owner_unit.name})"
            for person_id in members[kr.owner_unit_id]:
                due[person_id].append(Reminder(f"check-in:{kr.pk}:{window}", text, path))
            if (today - since).days >= cadence + grace:
                due[kr.objective.owner_id].append(
                    Reminder(
                        f"escalation:{kr.pk}:{window}",
                        f"No check-in for {(today - since).days} days on “{kr.title}” "
                        f"({kr.owner_unit.name}), a key result of your objective — ask how "
                        "you can help",
                        reverse("okrs:key-result-detail", args=[kr.pk]),
                    )
                )
    meetings = list(
        Meeting.objects.upcoming()
        .filter(scheduled_for__gt=now, scheduled_for__lte=now + AGENDA_AHEAD)
        .select_related("unit")
    )
    members = _members({m.unit_id for m in meetings}, today)
    for meeting in meetings:
        local = timezone.localtime(meeting.scheduled_for)
        kind = meeting.get_kind_display().lower()
        text = f"Agenda of {meeting.unit.name}'s {kind} ({local:%a %H:%M})"
        for person_id in members[meeting.unit_id]:
            due[person_id].append(
                Reminder(f"agenda:{meeting.pk}", text, meeting.get_absolute_url())
            )
    for commitment in Commitment.objects.open().filter(due__lte=today + timedelta(days=1)):
        due[commitment.person_id].append(
            Reminder(
                f"commitment:{commitment.pk}",
                f"Your commitment “{commitment.title}” is due {commitment.due:%a %d %b}",
                reverse("cadence:inbox"),
            )
        )
    return due


def _digest(person: Person, reminders: list[Reminder]) -> str:
    lines = [
        f"Hello {person.first_name or person.display_name},",
        "",
        "This needs you in Waypoint:",
        "",
    ]
    for reminder in reminders:
        lines.append(f"- {reminder.text}: {settings.WAYPOINT_BASE_URL}{reminder.path}")
    lines += [
        "",
        f"Your inbox: {settings.WAYPOINT_BASE_URL}{reverse('cadence:inbox')}",
        "You get at most one of these a day. To stop them, switch reminders off in your inbox.",
    ]
    return "\n".join(lines) + "\n"


def send_reminders(now: datetime | None = None) -> TickReport:
    """One pass: one digest per person with reminders not sent before, unless that person got
    a digest today already or opted out."""
    now = now or timezone.now()
    report = TickReport()
    due = due_reminders(now)
    opted_out = set(ReminderOptOut.objects.values_list("person_id", flat=True))
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    sent_today = set(
        ReminderSent.objects.filter(sent_at__gte=day_start).values_list("person_id", flat=True)
    )
    already = set(ReminderSent.objects.filter(person_id__in=due).values_list("person_id", "key"))
    people = Person.objects.in_bulk([pid for pid in due if pid not in opted_out])
    for person_id, reminders in sorted(due.items()):
        person = people.get(person_id)
        if person is None or not person.email or not person.is_active:
            continue
        fresh = list({r.key: r for r in reminders if (person_id, r.key) not in already}.values())
        if not fresh:
            continue
        if person_id in sent_today:
            report.skipped_today += 1
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    [ReminderSent(person=person, key=r.key, sent_at=now) for r in fresh]
                )
                send_mail(
                    f"Waypoint: {len(fresh)} thing{'s' if len(fresh) != 1 else ''} need you",
                    _digest(person, fresh),
                    settings.DEFAULT_FROM_EMAIL,
                    [person.email],
                )
        except IntegrityError:
            continue  # another tick sent these a moment ago
        report.digests += 1
        report.reminders += len(fresh)
        for reminder in fresh:
            report.by_kind[reminder.key.split(":")[0]] += 1
    return report
