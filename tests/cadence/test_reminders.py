"""Reminder emails, sent through a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import ReminderSent
from waypoint.mail import EmailUrlError, email_settings
from waypoint.okrs.models import Period
from waypoint.orgs.models import Person


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = (
        "127.0.0.1",
        port,
    )
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.WAYPOINT_BASE_URL = "https://okr.example.com"
    yield inbox
    controller.stop()


@pytest.fixture
def team(cast: Cast, quarter: Period) -> Cast:
    for person in (cast.alice, cast.bob, cast.charlie):
        Person.objects.filter(pk=person.pk).update(email=f"{person.username}@example.com")
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    make_key_result(objective, "Raise conversion", owner_unit=cast.checkout, baseline=2, target=3)
    return cast


def body(message: Message) -> str:
    return message.get_payload(decode=True).decode()


def test_a_tick_sends_one_digest_per_person_and_a_second_tick_nothing(
    smtp: Inbox, team: Cast, capsys
) -> None:
    soon = timezone.now() + timedelta(hours=5)
    actions.schedule_meeting(
        team.alice, team.checkout, kind="adhoc", scheduled_for=soon, duration_minutes=45
    )
    call_command("tick")
    assert "Sent 2 digest(s)" in capsys.readouterr().out
    [bob] = smtp.to("bob@example.com")
    text = body(bob)
    assert (
        "Check in on “Raise conversion” (Checkout): https://okr.example.com/units/checkout/check-ins/"
        in text
    )
    assert "Agenda of Checkout's ad hoc deep dive" in text
    assert len(smtp.to("alice@example.com")) == 1 and not smtp.to("charlie@example.com")
    call_command("tick")
    assert "Sent 0 digest(s)" in capsys.readouterr().out
    assert len(smtp.messages) == 2


def test_at_most_one_digest_a_day_new_reminders_wait(smtp: Inbox, team: Cast) -> None:
    call_command("tick")
    actions.create_commitment(
        team.bob, team.checkout, person=team.bob, title="Call the bank", due=timezone.localdate()
    )
    call_command("tick")
    assert len(smtp.to("bob@example.com")) == 1
    assert not ReminderSent.objects.filter(key__startswith="commitment:").exists()


def test_a_missing_check_in_is_escalated_to_the_objectives_owner_after_the_grace_period(
    smtp: Inbox, team: Cast, quarter: Period, settings
) -> None:
    kr = team.checkout.key_results.get()
    make_check_in(kr, 2.1, author=team.bob, at=timezone.now() - timedelta(days=10))
    now = timezone.now()
    if (timezone.localdate() - quarter.start).days < 9:
        pytest.skip("too early in the quarter for a check-in ten days old")
    from waypoint.cadence.reminders import due_reminders

    due = due_reminders(now)
    assert any(r.key.startswith("escalation:") for r in due[team.alice.pk])
    assert not any(r.key.startswith("escalation:") for r in due[team.bob.pk])
    settings.WAYPOINT_REMINDER_GRACE_DAYS = 30
    assert not any(r.key.startswith("escalation:") for r in due_reminders(now)[team.alice.pk])


def test_a_person_who_opted_out_gets_nothing(smtp: Inbox, team: Cast, client: Client) -> None:
    client.force_login(team.bob)
    client.post(reverse("cadence:reminders-setting"), {})
    call_command("tick")
    assert not smtp.to("bob@example.com") and smtp.to("alice@example.com")
    client.post(reverse("cadence:reminders-setting"), {"enabled": "on"})
    assert 'name="enabled" checked' in client.get(reverse("cadence:inbox")).content.decode()


def test_a_recent_check_in_means_no_reminder(smtp: Inbox, team: Cast) -> None:
    make_check_in(team.checkout.key_results.get(), 2.5, author=team.bob, at=timezone.now())
    call_command("tick")
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user:secret@mail.example.com:25",
            {"EMAIL_HOST": "mail.example.com", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False},
        ),
        (
            "smtp+tls://user:secret@mail.example.com:587",
            {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_HOST_USER": "user"},
        ),
        ("smtp+ssl://mail.example.com", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url(url: str, expected: dict) -> None:
    assert expected.items() <= email_settings(url).items()


@pytest.mark.parametrize(
    "url",
    ["mail.example.com", "http://mail.example.com", "smtp://mail.example.com:port", "smtps://x"],
)
def test_an_unusable_email_url_is_refused(url: str) -> None:
    with pytest.raises(EmailUrlError, match="EMAIL_URL"):
        email_settings(url)


def test_waypoint_refuses_to_start_with_an_unusable_email_url(tmp_path) -> None:
    env = {
        **os.environ,
        "EMAIL_URL": "smtp://mail.example.com:port",
        "WAYPOINT_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "waypoint", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "EMAIL_URL cannot be parsed" in result.stderr
