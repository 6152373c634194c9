"""waypoint calendar UNIT | --person USER: an iCalendar feed of meetings, to stdout."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.cadence.calendar import feed_meetings, feed_name, render_calendar
from waypoint.cadence.management.commands.agenda import find_unit
from waypoint.cadence.models import CalendarFeed
from waypoint.orgs.models import Person


class Command(BaseCommand):
    help = (
        "Write the iCalendar feed of a unit's meetings (UNIT by id, slug or name), "
        "or of a person's (--person USERNAME), to stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit", nargs="?", help="The unit's id, slug or name.")
        parser.add_argument("--person", help="A username: the meetings of all their units.")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="Where Waypoint is served, for the agenda links (default http://localhost:8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["unit"]) == bool(options["person"]):
            raise CommandError("Give a UNIT or --person USERNAME (one of them).")
        if options["person"]:
            person = Person.objects.filter(username=options["person"]).first()
            if person is None:
                raise CommandError(f"No person with username {options['person']!r}.")
            feed = CalendarFeed(person=person)
        else:
            feed = CalendarFeed(unit=find_unit(options["unit"]))
        body = render_calendar(feed_name(feed), feed_meetings(feed), options["base_url"])
        self.stdout.write(body.decode(), ending="")
