"""The demo's weekly practice: every team's next weekly agenda is real."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from waypoint.cadence import actions
from waypoint.cadence.models import Meeting, UnitCadence
from waypoint.demo import load_demo
from waypoint.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo(timezone.localdate(), "demo-secret")


def test_every_team_has_a_rhythm_and_a_next_weekly_meeting(demo: None) -> None:
    teams = Unit.objects.filter(kind__in=["team", "virtual"])
    assert teams.exists()
    for team in teams:
        assert UnitCadence.objects.filter(unit=team).exists(), team
        assert (
            Meeting.objects.upcoming()
            .filter(unit=team, kind__in=["weekly", "biweekly"], scheduled_for__gte=timezone.now())
            .exists()
        ), team


def test_the_demo_has_notes_cancellations_a_full_person_and_an_unhealthy_kpi(demo: None) -> None:
    assert (
        Meeting.objects.filter(unit__slug="checkout", status="held").exclude(notes="").count() >= 3
    )
    last_two = Meeting.objects.filter(
        unit__slug="search", scheduled_for__lt=timezone.now()
    ).order_by("-scheduled_for")[:2]
    assert [m.status for m in last_two] == ["cancelled", "cancelled"]
    assert not actions.commitment_verdict(Person.objects.get(username="tom")).allowed


def test_checkouts_next_agenda_is_real(demo: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("agenda", "checkout")
    text = capsys.readouterr().out
    assert "## 1. OKR tracking and support" in text
    assert "Payment error rate" in text  # the KPI out of range
    assert "Who covers on-call during the holidays?" in text
    assert "_No open key results" not in text


def test_loading_twice_adds_no_meetings(demo: None) -> None:
    before = Meeting.objects.count()
    load_demo(timezone.localdate(), "demo-secret")
    assert Meeting.objects.count() == before


def test_waypoint_tick_has_reminders_to_send_in_the_demo(
    demo: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core import mail

    call_command("tick")
    out = capsys.readouterr().out
    assert len(mail.outbox) > 10, out
    assert "check-in" in out and "agenda" in out and "escalation" in out
    call_command("tick")
    assert "Sent 0 digest(s)" in capsys.readouterr().out
