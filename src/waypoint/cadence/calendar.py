"""iCalendar (RFC 5545) feeds of meetings, written with the `icalendar` library: one per unit
and one per person (the meetings of every unit they belong to). Each event links to its
agenda."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from waypoint.cadence.models import CalendarFeed, Meeting
from waypoint.orgs.access import member_unit_ids

PAST_DAYS = 60


def feed_meetings(feed: CalendarFeed) -> Iterable[Meeting]:
    since = timezone.now() - timedelta(days=PAST_DAYS)
    meetings = Meeting.objects.filter(scheduled_for__gte=since).select_related("unit")
    if feed.unit_id is not None:
        return meetings.filter(unit_id=feed.unit_id)
    return meetings.filter(unit_id__in=member_unit_ids(feed.person))


def feed_name(feed: CalendarFeed) -> str:
    owner = feed.unit.name if feed.unit else feed.person.display_name  # type: ignore[union-attr]
    return f"{owner} — meetings ({settings.SITE_NAME})"


def render_calendar(name: str, meetings: Iterable[Meeting], base_url: str) -> bytes:
    """The meetings as an RFC 5545 calendar; `base_url` makes the agenda links absolute."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        agenda = base_url.rstrip("/") + meeting.get_absolute_url()
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_NAME.lower()}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.scheduled_for)
        event.add("dtend", meeting.scheduled_for + timedelta(minutes=meeting.duration_minutes))
        event.add("summary", f"{meeting.unit.name}: {meeting.get_kind_display()}")
        event.add("description", f"Agenda: {agenda}")
        event.add("url", agenda)
        event.add(
            "status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    return calendar.to_ical()
