"""Failed logins are throttled per person at an address, with a clear message on the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import PASSWORD
from waypoint.orgs.models import Person

LOCKED_OUT = "Too many failed attempts to log in as alice from this address"


def log_in(client: Client, username: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_out_alice(client: Client, **headers: str) -> None:
    for _ in range(5):
        response = log_in(client, "alice", "not-her-password", **headers)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_a_sixth_attempt_is_refused_even_with_the_right_password(
    client: Client, cast: Cast
) -> None:
    for attempt in range(1, 5):
        response = log_in(client, "alice", "not-her-password")
        assert response.status_code == 200, attempt
        assert "Please enter a correct username and password" in response.content.decode()
    response = log_in(client, "alice", "not-her-password")
    assert response.status_code == 429
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_OUT in page
    assert "paused for 15 minutes after the last failed attempt" in page
    assert 'role="alert"' in page
    assert 'value="alice"' in page, "the username stays filled in"
    assert not is_logged_in(client)


def test_the_lockout_holds_one_person_at_one_address(client: Client, cast: Cast) -> None:
    lock_out_alice(client, REMOTE_ADDR="10.0.0.1")
    other_person = Client()
    assert log_in(other_person, "bob", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert is_logged_in(other_person)
    other_address = Client()
    assert log_in(other_address, "alice", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert is_logged_in(other_address)


def test_the_lockout_ends_after_the_cool_off(client: Client, cast: Cast) -> None:
    lock_out_alice(client)

    def last_failure_minutes_ago(minutes: int) -> None:
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))

    last_failure_minutes_ago(14)
    assert log_in(client, "alice", PASSWORD).status_code == 429
    last_failure_minutes_ago(16)
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_success_forgets_earlier_typos(client: Client, cast: Cast) -> None:
    for _ in range(4):
        log_in(client, "alice", "not-her-password")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "alice", "not-her-password").status_code == 200
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client: Client, cast: Cast) -> None:
    admin_login = reverse("admin:login")
    assert client.post(admin_login, {"username": "admin", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(5):
        client.post(admin_login, {"username": "admin", "password": "wrong"})
    response = client.post(admin_login, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts to log in as admin" in response.content.decode()
    assert not is_logged_in(client)


@override_settings(WAYPOINT_PROXY_COUNT=1)
def test_behind_a_proxy_it_counts_the_address_the_proxy_saw(client: Client, cast: Cast) -> None:
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    lock_out_alice(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # A client may write anything in front of what the proxy appends: still the same address.
    spoofed = log_in(
        Client(), "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7", **proxy
    )
    assert spoofed.status_code == 429
    elsewhere = Client()
    assert (
        log_in(
            elsewhere, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy
        ).status_code
        == 302
    )


def test_forced_logins_in_tests_and_the_shell_are_not_throttled(client: Client, cast: Cast) -> None:
    lock_out_alice(client)
    assert Client().login(username="alice", password=PASSWORD)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("4815162342", "entirely numeric"),
        ("alice2026", "too similar"),
    ],
)
def test_new_passwords_must_pass_the_validators(cast: Cast, password: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        validate_password(password, user=cast.alice)


def test_the_cast_and_demo_passwords_pass_the_validators(cast: Cast) -> None:
    from waypoint.demo import DEFAULT_PASSWORD

    for password in (PASSWORD, DEFAULT_PASSWORD):
        validate_password(password, user=Person(username="someone", first_name="Some"))
