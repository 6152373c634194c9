"""iCalendar feeds per unit and per person, behind unguessable, revocable tokens."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tests.conftest import Cast
from waypoint.cadence import actions
from waypoint.cadence.models import CalendarFeed, Meeting


@pytest.fixture
def meetings(cast: Cast) -> list[Meeting]:
    actions.set_cadence(
        cast.alice,
        cast.checkout,
        frequency="weekly",
        weekday=0,
        at=time(9, 30),
        duration_minutes=45,
    )
    actions.set_cadence(
        cast.charlie, cast.search, frequency="weekly", weekday=1, at=time(10), duration_minutes=60
    )
    return list(Meeting.objects.order_by("unit__name"))


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_a_unit_feed_lists_its_meetings_linking_to_their_agendas(
    client: Client, cast: Cast, meetings: list[Meeting]
) -> None:
    client.force_login(cast.bob)
    assert (
        client.post(reverse("cadence:unit-calendar-feed", args=[cast.checkout.slug])).status_code
        == 302
    )
    feed = CalendarFeed.objects.get()
    assert len(feed.token) >= 40
    client.logout()  # calendar apps do not log in
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [event] = events(response.content)
    checkout = Meeting.objects.get(unit=cast.checkout)
    assert str(event["summary"]) == "Checkout: Weekly"
    assert event.decoded("dtstart") == checkout.scheduled_for
    assert (event.decoded("dtend") - event.decoded("dtstart")).seconds == 45 * 60
    assert str(event["url"]).endswith(checkout.get_absolute_url())


def test_a_person_feed_has_the_meetings_of_all_their_units(
    client: Client, cast: Cast, meetings: list[Meeting]
) -> None:
    client.force_login(cast.charlie)
    client.post(reverse("cadence:my-calendar-feed"))
    feed = CalendarFeed.objects.get(person=cast.charlie)
    client.logout()
    summaries = [str(e["summary"]) for e in events(client.get(feed.get_absolute_url()).content)]
    assert summaries == ["Search: Weekly"]


def test_a_wrong_or_revoked_token_is_a_404_that_leaks_nothing(
    client: Client, cast: Cast, meetings: list[Meeting]
) -> None:
    feed = actions.create_calendar_feed(cast.bob, unit=cast.checkout)
    wrong = client.get(reverse("cadence:calendar-feed", args=["not-the-token"]))
    assert wrong.status_code == 404 and b"Checkout" not in wrong.content
    client.force_login(cast.bob)
    client.post(reverse("cadence:calendar-feed-revoke", args=[feed.pk]))
    client.logout()
    revoked = client.get(feed.get_absolute_url())
    assert revoked.status_code == 404 and b"Checkout" not in revoked.content


def test_a_new_link_revokes_the_old_one(cast: Cast, meetings: list[Meeting]) -> None:
    old = actions.create_calendar_feed(cast.bob, unit=cast.checkout)
    new = actions.create_calendar_feed(cast.alice, unit=cast.checkout)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None and old.token != new.token


def test_only_members_make_a_units_feed_and_only_i_make_mine(client: Client, cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_calendar_feed(cast.charlie, unit=cast.checkout)
    with pytest.raises(PermissionDenied):
        actions.create_calendar_feed(cast.charlie, person=cast.bob)
    mine = actions.create_calendar_feed(cast.bob, person=cast.bob)
    client.force_login(cast.charlie)
    assert client.post(reverse("cadence:calendar-feed-revoke", args=[mine.pk])).status_code == 403
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_cli_writes_the_feed(
    cast: Cast, meetings: list[Meeting], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("calendar", "checkout", "--base-url", "https://okr.example.com")
    [event] = events(capsys.readouterr().out.encode())
    assert str(event["url"]).startswith("https://okr.example.com/meetings/")
    call_command("calendar", "--person", "charlie")
    assert [str(e["summary"]) for e in events(capsys.readouterr().out.encode())] == [
        "Search: Weekly"
    ]
    with pytest.raises(CommandError, match="one of them"):
        call_command("calendar")
