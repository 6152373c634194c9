"""waypoint agenda UNIT: the agenda of a unit's next meeting — weekly, daily, a meeting id, or the
monthly check and the quarterly and annual offsites — as Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from waypoint.cadence import actions, agendas
from waypoint.cadence.models import RHYTHM_KINDS, Meeting, UnitCadence
from waypoint.domain.agenda import to_markdown
from waypoint.okrs.models import Period
from waypoint.orgs.models import Unit
from waypoint.planning import offsite_agendas


def find_unit(key: str) -> Unit:
    """A unit by id, slug or name (case-insensitive)."""
    units = Unit.objects.all()
    found = (
        (units.filter(pk=int(key)).first() if key.isdigit() else None)
        or units.filter(slug=key).first()
        or units.filter(name__iexact=key).first()
    )
    if found is None:
        raise CommandError(f"No unit {key!r}: give its id, slug or name (see `waypoint units`).")
    return found


def planned_meeting(unit: Unit, which: str) -> Meeting:
    """The unit's next open meeting of that kind, or one planned from its cadence (unsaved)."""
    kinds = [Meeting.Kind.DAILY] if which == "daily" else RHYTHM_KINDS
    meeting = (
        Meeting.objects.upcoming()
        .filter(unit=unit, kind__in=kinds, scheduled_for__gte=timezone.now())
        .select_related("unit")
        .first()
    )
    if meeting is not None:
        return meeting
    cadence = UnitCadence.objects.filter(unit=unit).first()
    if cadence is None or (which == "daily" and not cadence.standup):
        kind = "daily stand-up" if which == "daily" else "weekly meeting"
        raise CommandError(
            f"{unit.name} has no upcoming {kind}: set its rhythm on the unit's Meetings page."
        )
    kind = Meeting.Kind.DAILY if which == "daily" else cadence.frequency
    return Meeting(
        unit=unit,
        kind=kind,
        scheduled_for=actions.next_start(cadence, kind, timezone.now()),
        duration_minutes=cadence.standup_minutes if which == "daily" else cadence.duration_minutes,
    )


class Command(BaseCommand):
    help = (
        "Print the agenda of a unit's meeting (UNIT by id, slug or name): by default its next "
        "weekly or bi-weekly meeting; --meeting daily for the stand-up, monthly, quarterly or "
        "annual for the steering meetings (around --period, default the quarter of today), or "
        "a meeting id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit", help="The unit's id, slug or name.")
        parser.add_argument(
            "--meeting",
            default="weekly",
            help="weekly (default), daily, monthly, quarterly, annual, or a meeting id.",
        )
        parser.add_argument(
            "--period",
            help="For monthly, quarterly and annual: the period's slug (default: today's quarter).",
        )
        parser.add_argument("--format", choices=["markdown", "json"], default="markdown")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = find_unit(options["unit"])
        which = options["meeting"]
        if which in offsite_agendas.MEETING_KIND:
            self._steering(unit, which, options)
            return
        if which.isdigit():
            meeting = Meeting.objects.filter(unit=unit, pk=int(which)).first()
            if meeting is None:
                raise CommandError(f"{unit.name} has no meeting {which}.")
        elif which in ("weekly", "daily"):
            meeting = planned_meeting(unit, which)
        else:
            raise CommandError(
                "--meeting takes weekly, daily, monthly, quarterly, annual or a meeting id."
            )
        agenda = agendas.agenda_for(meeting)
        if options["format"] == "json":
            data = agendas.agenda_json(agenda) | {"meeting": meeting.pk, "unit": unit.slug}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(to_markdown(agenda), ending="")

    def _steering(self, unit: Unit, which: str, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        if options.get("period"):
            period = Period.objects.filter(slug=options["period"]).first()
            if period is None:
                raise CommandError(f"No period {options['period']!r} (see the periods page).")
        else:
            containing = Period.objects.containing(today)
            period = containing.filter(kind=Period.Kind.QUARTER).first() or containing.first()
            if period is None:
                raise CommandError("No period contains today: give one with --period.")
        try:
            agenda = offsite_agendas.agenda_for(unit, which, period, today)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            data = offsite_agendas.agenda_json(agenda) | {
                "meeting": which,
                "unit": unit.slug,
                "period": period.slug,
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(to_markdown(agenda), ending="")
