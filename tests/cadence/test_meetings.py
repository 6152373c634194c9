"""The weekly meeting: the unit's rhythm, the generated agenda, running the meeting."""

from __future__ import annotations

import json
from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import (
    AgendaItem,
    BacklogItem,
    Commitment,
    Kpi,
    KpiReading,
    Meeting,
    UnitCadence,
)
from waypoint.coach.service import diagnose_period
from waypoint.okrs.models import KeyResult, Period


def weekly(cast: Cast, **kwargs) -> Meeting:
    args = {"frequency": "weekly", "weekday": 0, "at": time(9, 30), "duration_minutes": 60} | kwargs
    actions.set_cadence(cast.alice, cast.checkout, **args)
    return Meeting.objects.get(unit=cast.checkout, kind__in=["weekly", "biweekly"])


def team_okrs(cast: Cast, quarter: Period) -> None:
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    fine = make_key_result(
        objective, "Keep NPS above 40", owner_unit=cast.checkout, baseline=30, target=31
    )
    make_check_in(fine, 31, confidence=9, author=cast.bob)
    slipping = make_key_result(
        objective, "Raise conversion", owner_unit=cast.checkout, baseline=0, target=100
    )
    make_check_in(
        slipping, 1, confidence=3, note="Blocked: we need the payments API key", author=cast.bob
    )


def test_setting_the_rhythm_schedules_the_next_weekly_meeting(cast: Cast) -> None:
    meeting = weekly(cast, duration_minutes=45)
    local = timezone.localtime(meeting.scheduled_for)
    assert (local.weekday(), local.time(), meeting.duration_minutes) == (0, time(9, 30), 45)
    assert meeting.scheduled_for > timezone.now()
    assert Meeting.objects.count() == 1


def test_a_stand_up_is_scheduled_on_the_next_working_day(cast: Cast) -> None:
    weekly(cast, standup=True, standup_at=time(9, 15), standup_minutes=10)
    standup = Meeting.objects.get(kind="daily")
    assert timezone.localtime(standup.scheduled_for).weekday() < 5
    assert standup.duration_minutes == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"duration_minutes": 30}, "45–120 minutes"),
        ({"duration_minutes": 150}, "45–120 minutes"),
        ({"standup": True, "standup_minutes": 30}, "5–15 minutes"),
    ],
)
def test_a_rhythm_outside_the_sensible_lengths_is_refused(
    cast: Cast, args: dict, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        weekly(cast, **args)
    assert not UnitCadence.objects.exists() and not Meeting.objects.exists()


def test_the_rhythm_form_shows_the_error_and_saves_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    data = {
        "frequency": "weekly",
        "weekday": 0,
        "at": "09:30",
        "duration_minutes": 200,
        "standup_at": "09:15",
        "standup_minutes": 15,
    }
    response = client.post(reverse("cadence:unit-cadence", args=[cast.checkout.slug]), data)
    assert response.status_code == 422
    assert "45–120 minutes" in response.content.decode()
    assert not UnitCadence.objects.exists()


def test_the_agenda_puts_slipping_key_results_first_with_the_support_asked(
    client: Client, cast: Cast, quarter: Period
) -> None:
    team_okrs(cast, quarter)
    meeting = weekly(cast)
    actions.add_agenda_item(cast.bob, meeting, title="On-call handover", section="hot_topics")
    actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    Commitment.objects.create(
        unit=cast.checkout, person=cast.bob, title="Call the bank", due=timezone.localdate()
    )
    kpi = Kpi.objects.create(
        unit=cast.checkout, name="Payment error rate", unit_label="%", healthy_max=1
    )
    KpiReading.objects.create(kpi=kpi, value=2.5, at=timezone.now())
    client.force_login(cast.charlie)  # anyone may read the agenda
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.index("Raise conversion") < page.index("Keep NPS above 40")
    assert "we need the payments API key" in page
    for text in ("On-call handover", "Gift cards", "Call the bank", "Payment error rate"):
        assert text in page
    assert "Mark held" not in page  # charlie is not on the team


def test_a_member_adds_a_topic_before_the_meeting(client: Client, cast: Cast) -> None:
    meeting = weekly(cast)
    client.force_login(cast.bob)
    url = reverse("cadence:meeting-agenda-item", args=[meeting.pk])
    assert (
        client.post(url, {"item-title": "Pricing test", "item-section": "hot_topics"}).status_code
        == 302
    )
    item = AgendaItem.objects.get()
    assert (item.title, item.added_by) == ("Pricing test", cast.bob)
    response = client.post(url, {"item-title": " ", "item-section": "hot_topics"})
    assert response.status_code == 422 and AgendaItem.objects.count() == 1


def test_an_outsider_cannot_change_the_meeting(client: Client, cast: Cast) -> None:
    meeting = weekly(cast)
    client.force_login(cast.charlie)
    for name, data in [
        ("meeting-agenda-item", {"item-title": "x", "item-section": "hot_topics"}),
        ("meeting-notes", {"minutes-notes": "x"}),
        ("meeting-held", {}),
        ("meeting-cancel", {}),
    ]:
        assert client.post(reverse(f"cadence:{name}", args=[meeting.pk]), data).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notes, meeting.agenda_items.count()) == ("scheduled", "", 0)


def test_running_the_meeting_notes_decisions_commitments_and_backlog(
    client: Client, cast: Cast, quarter: Period
) -> None:
    team_okrs(cast, quarter)
    meeting = weekly(cast)
    client.force_login(cast.alice)
    client.post(
        reverse("cadence:meeting-notes", args=[meeting.pk]),
        {"minutes-notes": "Conversion is stuck", "minutes-decisions": "Ask payments for the key"},
    )
    kr = meeting.unit.key_results.get(title="Raise conversion")
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("cadence:meeting-commitment", args=[meeting.pk]),
        {
            "commitment-title": "Get the API key",
            "commitment-key_result": kr.pk,
            "commitment-person": cast.bob.pk,
            "commitment-due": due,
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("cadence:meeting-backlog", args=[meeting.pk]), {"backlog-title": "Gift cards"}
    )
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.decisions) == ("Conversion is stuck", "Ask payments for the key")
    assert Commitment.objects.get().meeting == meeting
    assert BacklogItem.objects.get().title == "Gift cards"
    assert client.post(reverse("cadence:meeting-held", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"
    upcoming = Meeting.objects.upcoming().get(unit=cast.checkout)
    assert upcoming.scheduled_for > meeting.scheduled_for  # the next one is on the calendar


def test_a_commitment_over_the_limit_is_refused_in_the_meeting_keeping_the_text(
    client: Client, cast: Cast, settings
) -> None:
    settings.WAYPOINT_COMMITMENT_LIMIT = 1
    meeting = weekly(cast)
    actions.create_commitment(cast.bob, cast.checkout, person=cast.bob, title="Existing one")
    client.force_login(cast.alice)
    response = client.post(
        reverse("cadence:meeting-commitment", args=[meeting.pk]),
        {
            "commitment-title": "One more",
            "commitment-person": cast.bob.pk,
            "commitment-due": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "“Existing one”" in page and 'value="One more"' in page
    assert Commitment.objects.count() == 1


def test_rescheduling_into_the_past_is_refused(client: Client, cast: Cast) -> None:
    meeting = weekly(cast)
    client.force_login(cast.alice)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cadence:meeting-reschedule", args=[meeting.pk]), {"reschedule-scheduled_for": past}
    )
    assert response.status_code == 422
    assert "Choose a time in the future." in response.content.decode()
    before = meeting.scheduled_for
    meeting.refresh_from_db()
    assert (meeting.status, meeting.scheduled_for) == ("scheduled", before)
    later = (timezone.localtime(before) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("cadence:meeting-reschedule", args=[meeting.pk]),
        {"reschedule-scheduled_for": later, "reschedule-reason": "Offsite"},
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.rescheduled_from, meeting.status_reason) == (
        "delayed",
        before,
        "Offsite",
    )


def test_cancelling_schedules_the_next_and_a_cancelled_meeting_stays_cancelled(cast: Cast) -> None:
    meeting = weekly(cast)
    actions.cancel_meeting(cast.alice, meeting, reason="Half the team is out")
    with pytest.raises(ValidationError, match="already cancelled"):
        actions.hold_meeting(cast.alice, meeting)
    assert Meeting.objects.upcoming().filter(unit=cast.checkout).count() == 1
    with pytest.raises(PermissionDenied):
        actions.cancel_meeting(cast.charlie, Meeting.objects.upcoming().get())


def test_an_ad_hoc_deep_dive_lasts_30_to_60_minutes_in_the_future(cast: Cast) -> None:
    soon = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError, match="30–60 minutes"):
        actions.schedule_meeting(
            cast.bob, cast.checkout, kind="adhoc", scheduled_for=soon, duration_minutes=90
        )
    with pytest.raises(ValidationError, match="future"):
        actions.schedule_meeting(
            cast.bob,
            cast.checkout,
            kind="adhoc",
            scheduled_for=timezone.now() - timedelta(hours=1),
            duration_minutes=45,
        )
    assert actions.schedule_meeting(
        cast.bob, cast.checkout, kind="adhoc", scheduled_for=soon, duration_minutes=45
    ).pk


def test_the_agenda_as_markdown_and_print(client: Client, cast: Cast, quarter: Period) -> None:
    team_okrs(cast, quarter)
    meeting = weekly(cast)
    client.force_login(cast.bob)
    md = client.get(reverse("cadence:meeting-markdown", args=[meeting.pk]))
    assert md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert text.startswith("# Weekly — Checkout") and "## 1. OKR tracking and support" in text
    assert "Raise conversion" in text
    page = client.get(reverse("cadence:meeting-print", args=[meeting.pk])).content.decode()
    assert "Raise conversion" in page and "Mark held" not in page


def test_meeting_pages_have_a_bounded_query_count(
    client: Client, cast: Cast, quarter: Period
) -> None:
    meeting = weekly(cast)

    def measure(n: int) -> tuple[int, int]:
        objective = make_objective(
            quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout]
        )
        for i in range(n):
            kr = make_key_result(
                objective, f"KR {n}.{i}", owner_unit=cast.checkout, baseline=0, target=10
            )
            make_check_in(kr, 1, note="need help", author=cast.bob)
            actions.add_agenda_item(cast.bob, meeting, title=f"topic {n}.{i}", section="hot_topics")
            actions.park_in_backlog(cast.bob, cast.checkout, title=f"idea {n}.{i}")
            kpi = Kpi.objects.create(unit=cast.checkout, name=f"KPI {n}.{i}", healthy_max=1)
            KpiReading.objects.create(kpi=kpi, value=2, at=timezone.now())
        counts = []
        for url in (
            meeting.get_absolute_url(),
            reverse("cadence:unit-meetings", args=[cast.checkout.slug]),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts[0], counts[1]

    client.force_login(cast.bob)
    small, large = measure(2), measure(6)
    print(f"meeting page: {small[0]} → {large[0]} queries; meetings page: {small[1]} → {large[1]}")
    assert small == large
    assert large[0] <= 30 and large[1] <= 20


def test_cli_lists_units_and_prints_the_next_agenda(cast: Cast, quarter: Period, capsys) -> None:
    call_command("units", "--format", "json")
    units = json.loads(capsys.readouterr().out)
    assert {
        "id": cast.checkout.pk,
        "name": "Checkout",
        "slug": "checkout",
        "kind": "team",
        "parent": "Product",
    } in units
    team_okrs(cast, quarter)
    with pytest.raises(CommandError, match="no upcoming weekly meeting"):
        call_command("agenda", "Checkout")
    UnitCadence.objects.create(unit=cast.checkout)  # a rhythm, no meeting stored yet
    call_command("agenda", "checkout")
    out = capsys.readouterr().out
    assert out.startswith("# Weekly — Checkout") and "Raise conversion" in out
    assert not Meeting.objects.exists()  # reading the agenda writes nothing
    meeting = weekly(cast)
    call_command("agenda", str(cast.checkout.pk), "--meeting", str(meeting.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"] == meeting.pk
    assert data["sections"][0]["entries"][0]["title"] == "Raise conversion"
    with pytest.raises(CommandError, match="No unit 'Nowhere'"):
        call_command("agenda", "Nowhere")


def _slipping(period: Period) -> list[str]:
    return [
        f.what
        for f in diagnose_period(period).findings
        if f.code == "set_and_forget.meetings-slipping"
    ]


def test_two_cancellations_in_a_row_become_a_coach_finding(
    client: Client, cast: Cast, quarter: Period
) -> None:
    now = timezone.now()
    make_objective(quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout])
    for days, status in ((21, "held"), (14, "cancelled"), (7, "delayed")):
        Meeting.objects.create(
            unit=cast.checkout,
            kind="weekly",
            scheduled_for=now - timedelta(days=days),
            duration_minutes=60,
            status=status,
        )
    client.force_login(cast.bob)
    page = client.get(reverse("cadence:unit-meetings", args=[cast.checkout.slug])).content.decode()
    assert "clarify the meeting's purpose and recommit" in page
    [what] = _slipping(quarter)
    assert what.startswith("Checkout's last 2 weekly meetings did not happen (")
    assert "cancelled" in what and "rescheduled" in what
    health = client.get(reverse("coach:unit-health", args=[cast.checkout.slug])).content.decode()
    assert "last 2 weekly meetings did not happen" in health
    assert "Clarify the purpose of the meeting and recommit" in health
    Meeting.objects.create(
        unit=cast.checkout,
        kind="weekly",
        scheduled_for=now - timedelta(days=1),
        duration_minutes=60,
        status="held",
    )
    page = client.get(reverse("cadence:unit-meetings", args=[cast.checkout.slug])).content.decode()
    assert "clarify the meeting's purpose" not in page
    assert _slipping(quarter) == []  # held again: the finding goes (the cache notices)


def test_cancelling_the_meetings_themselves_makes_the_finding_appear(
    cast: Cast, quarter: Period
) -> None:
    """Cancelled through the action, one after the other, as a team would."""
    past = [timezone.now() - timedelta(days=d) for d in (15, 8)]
    meetings = [
        Meeting.objects.create(unit=cast.search, kind="weekly", scheduled_for=at) for at in past
    ]
    actions.cancel_meeting(cast.charlie, meetings[0], reason="Conference")
    assert _slipping(quarter) == []  # one is not a pattern
    actions.cancel_meeting(cast.charlie, meetings[1], reason="Firefight")
    assert [w.split(" (")[0] for w in _slipping(quarter)] == [
        "Search's last 2 weekly meetings did not happen"
    ]


def test_holding_a_meeting_freezes_its_agenda(
    client: Client, cast: Cast, quarter: Period, capsys
) -> None:
    """Once held, the agenda page, Markdown, print and the CLI show what was discussed then;
    later check-ins and new backlog items do not rewrite it."""
    team_okrs(cast, quarter)
    meeting = weekly(cast)
    actions.add_agenda_item(cast.bob, meeting, title="On-call cover", section="hot_topics")
    actions.hold_meeting(cast.alice, meeting)
    meeting.refresh_from_db()
    assert meeting.held_at is not None and meeting.held_agenda["title"] == "Weekly — Checkout"
    # Afterwards the team's data moves on.
    kr = KeyResult.objects.get(title="Raise conversion")
    make_check_in(kr, 90, confidence=9, note="Nearly there", author=cast.bob)
    actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")

    client.force_login(cast.bob)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "As it stood when the meeting was marked held" in page
    assert "Blocked: we need the payments API key" in page and "Nearly there" not in page
    assert "On-call cover" in page and "Gift cards" not in page
    md = client.get(reverse("cadence:meeting-markdown", args=[meeting.pk])).content.decode()
    assert "_As it stood when the meeting was held (" in md
    assert "Blocked: we need the payments API key" in md and "Gift cards" not in md
    printed = client.get(reverse("cadence:meeting-print", args=[meeting.pk])).content.decode()
    assert "payments API key" in printed and "Gift cards" not in printed
    call_command("agenda", "checkout", "--meeting", str(meeting.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["held_at"] is not None
    titles = [e["title"] for section in data["sections"] for e in section["entries"]]
    assert "On-call cover" in titles and "Gift cards" not in titles
    # The next meeting's agenda is generated afresh.
    upcoming = Meeting.objects.filter(unit=cast.checkout, status="scheduled").get()
    fresh = client.get(upcoming.get_absolute_url()).content.decode()
    assert "Gift cards" in fresh and "As it stood" not in fresh


def test_a_held_meeting_cannot_be_held_again_and_its_agenda_stays(cast: Cast) -> None:
    meeting = weekly(cast)
    actions.hold_meeting(cast.alice, meeting)
    meeting.refresh_from_db()
    frozen = meeting.held_agenda
    with pytest.raises(ValidationError, match="already held"):
        actions.hold_meeting(cast.alice, meeting)
    meeting.refresh_from_db()
    assert meeting.held_agenda == frozen
