"""Outgoing webhooks against real receivers on loopback: signed, delivered by the task queue,
retried with exponential backoff, scoped to the unit, refused when they point somewhere they
must not."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from tests.hooks.receivers import receiver, verify
from waypoint.hooks.models import Delivery, Webhook
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import KeyResult, Period
from waypoint.ops.queue import run_due_tasks
from waypoint.orgs.models import Person

SECRET = re.compile(r'value="(whsec_[^"]+)"')


@pytest.fixture(autouse=True)
def loopback_receivers(settings: Any) -> None:
    settings.WAYPOINT_WEBHOOK_ALLOW_PRIVATE = True
    settings.WAYPOINT_WEBHOOK_RETRY_SECONDS = 0.2
    settings.WAYPOINT_BASE_URL = "https://okr.example.com"


@pytest.fixture
def kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    return make_key_result(
        objective, "Raise conversion", owner_unit=cast.checkout, baseline=2, target=3
    )


@pytest.fixture
def search_kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(quarter, "Search finds it", owner=cast.charlie, units=[cast.search])
    return make_key_result(
        objective, "Zero-result searches down", owner_unit=cast.search, baseline=9, target=4
    )


def add_webhook(client: Client, who: Person, url: str, **fields: Any) -> tuple[Webhook, str]:
    """Add a webhook on the settings page as `who`; the webhook and the secret shown once."""
    client.force_login(who)
    data = {"name": "Receiver", "url": url, "events": ["check_in"], "format": "json", **fields}
    response = client.post(reverse("hooks:webhook-list"), data)
    assert response.status_code == 200
    match = SECRET.search(response.content.decode())
    assert match, response.content.decode()
    return Webhook.objects.get(url=url), match.group(1)


def check_in(
    capture: Any, who: Person, kr: KeyResult, value: str = "2.4", note: str = "Apple Pay"
) -> None:
    with capture(execute=True):
        okr_actions.record_check_in(who, kr, value=Decimal(value), confidence=7, note=note)


def deliver_all(timeout: float = 15) -> None:
    """Run the queue until no delivery is waiting for another attempt."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run_due_tasks()
        if not Delivery.objects.filter(status=Delivery.Status.PENDING).exists():
            return
        time.sleep(0.02)
    raise AssertionError("deliveries still pending")


def test_a_check_in_reaches_the_receiver_signed(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver(200) as inbox:
        hook, secret = add_webhook(client, cast.admin, inbox.url)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        assert inbox.requests == []  # nothing is sent from the request itself
        deliver_all()
    [request] = inbox.requests
    assert verify(secret, request.headers, request.body)
    assert not verify(secret.replace("_", "-", 1), request.headers, request.body)
    assert request.headers["Waypoint-Event"] == "check_in.created"
    event = request.json
    assert (
        event["type"] == "check_in.created" and event["id"] == request.headers["Waypoint-Delivery"]
    )
    assert event["data"]["check_in"]["value"] == 2.4
    assert event["data"]["check_in"]["author"]["username"] == "bob"
    assert event["data"]["key_result"]["url"] == f"https://okr.example.com/key-results/{kr.pk}/"
    assert event["summary"] == (
        "Bob Baker checked in on “Raise conversion” (Checkout): 2.4 of 3, confidence 7/10"
    )
    page = client.get(hook.get_absolute_url()).content.decode()
    assert "HTTP 200" in page and "Delivered" in page and "check_in.created" in page
    assert secret not in page  # the secret was shown once, at creation


def test_a_receiver_that_fails_twice_gets_it_on_the_third_attempt(
    client: Client,
    cast: Cast,
    kr: KeyResult,
    django_capture_on_commit_callbacks: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with receiver(500, 503, 200) as inbox:
        hook, secret = add_webhook(client, cast.admin, inbox.url)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        deliver_all()
    first, second, third = inbox.requests
    assert [r.answered for r in inbox.requests] == [500, 503, 200]
    assert [r.headers["Waypoint-Attempt"] for r in inbox.requests] == ["1", "2", "3"]
    assert len({r.headers["Waypoint-Delivery"] for r in inbox.requests}) == 1
    assert first.body == second.body == third.body
    assert all(verify(secret, r.headers, r.body) for r in inbox.requests)
    waits = [second.at - first.at, third.at - second.at]
    assert waits[0] >= 0.2 and waits[1] >= 0.4  # base, then twice the base
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 3
    page = client.get(hook.get_absolute_url()).content.decode()
    assert "HTTP 500" in page and "HTTP 503" in page and "HTTP 200" in page
    with capsys.disabled():
        print(
            f"\nwebhook retries: 3 attempts, waits {waits[0]:.2f} s, {waits[1]:.2f} s (base 0.2 s)"
        )


def test_it_gives_up_after_the_last_attempt(
    client: Client,
    cast: Cast,
    kr: KeyResult,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.WAYPOINT_WEBHOOK_MAX_ATTEMPTS = 3
    settings.WAYPOINT_WEBHOOK_RETRY_SECONDS = 0.05
    with receiver(500) as inbox:
        hook, _ = add_webhook(client, cast.admin, inbox.url)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        deliver_all()
        time.sleep(0.3)
        run_due_tasks()
    assert len(inbox.requests) == 3
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and delivery.next_attempt_at is None
    page = client.get(hook.get_absolute_url()).content.decode()
    assert "Given up" in page and "The receiver answered 500" in page


def test_a_receiver_that_never_answers_is_logged(
    client: Client,
    cast: Cast,
    kr: KeyResult,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.WAYPOINT_WEBHOOK_MAX_ATTEMPTS = 1
    with receiver(200) as inbox:
        url = inbox.url
    hook, _ = add_webhook(client, cast.admin, url)  # the receiver is gone now
    check_in(django_capture_on_commit_callbacks, cast.bob, kr)
    deliver_all()
    [attempt] = Delivery.objects.get().tries.all()
    assert attempt.status_code is None and attempt.error.startswith("No answer")
    assert "no answer" in client.get(hook.get_absolute_url()).content.decode()


def test_a_units_webhook_hears_only_about_that_unit(
    client: Client,
    cast: Cast,
    kr: KeyResult,
    search_kr: KeyResult,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with receiver() as checkout, receiver() as everything:
        add_webhook(client, cast.alice, checkout.url, unit=cast.checkout.pk)
        add_webhook(client, cast.admin, everything.url)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        check_in(django_capture_on_commit_callbacks, cast.charlie, search_kr, "7")
        deliver_all()
    assert [r.json["data"]["key_result"]["id"] for r in checkout.requests] == [kr.pk]
    assert sorted(r.json["data"]["key_result"]["id"] for r in everything.requests) == sorted(
        [kr.pk, search_kr.pk]
    )


def test_a_department_webhook_hears_about_its_teams(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as product:
        hook, _ = add_webhook(client, cast.admin, product.url, unit=cast.product.pk)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        deliver_all()
    assert len(product.requests) == 1 and hook.unit == cast.product


def test_changes_and_closes_are_sent_to_those_who_listen(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as inbox:
        add_webhook(client, cast.admin, inbox.url, events=["change", "close"])
        with django_capture_on_commit_callbacks(execute=True):
            okr_actions.change_key_result(
                cast.alice, kr, {"title": "Raise conversion to 3%"}, reason="Clearer"
            )
            okr_actions.record_check_in(cast.bob, kr, value=Decimal("3"), confidence=9)
            okr_actions.close_key_result(cast.alice, kr, status="achieved")
        deliver_all()
    events = [r.json for r in inbox.requests]
    assert sorted(e["type"] for e in events) == ["key_result.changed", "key_result.closed"]
    changed = next(e for e in events if e["type"] == "key_result.changed")
    assert changed["data"]["fields"] == ["title"]
    closed = next(e for e in events if e["type"] == "key_result.closed")
    assert closed["data"]["key_result"]["status"] == "achieved"
    assert "as achieved" in closed["summary"]


def test_a_rolled_back_change_announces_nothing(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as inbox:
        add_webhook(client, cast.admin, inbox.url)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            okr_actions.record_check_in(cast.bob, kr, value=Decimal("2.5"), confidence=7)
            raise RuntimeError("the request failed after the check-in")
        run_due_tasks()
    assert inbox.requests == [] and not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("format", "check"),
    [
        (
            "slack",
            lambda body: "checked in on" in body["text"] and "|Open in Waypoint>" in body["text"],
        ),
        (
            "teams",
            lambda body: (
                body["type"] == "message"
                and body["attachments"][0]["content"]["type"] == "AdaptiveCard"
                and "checked in on" in body["attachments"][0]["content"]["body"][0]["text"]
            ),
        ),
    ],
)
def test_chat_formats_are_messages_the_chat_tools_post(
    client: Client,
    cast: Cast,
    kr: KeyResult,
    django_capture_on_commit_callbacks: Any,
    format: str,
    check: Any,
) -> None:
    with receiver() as inbox:
        _, secret = add_webhook(client, cast.admin, inbox.url, format=format)
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        deliver_all()
    [request] = inbox.requests
    assert check(request.json) and verify(secret, request.headers, request.body)


def test_a_paused_webhook_sends_nothing_until_resumed(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as inbox:
        hook, _ = add_webhook(client, cast.admin, inbox.url)
        client.post(reverse("hooks:webhook-pause", args=[hook.pk]))
        check_in(django_capture_on_commit_callbacks, cast.bob, kr)
        run_due_tasks()
        assert inbox.requests == []
        client.post(reverse("hooks:webhook-pause", args=[hook.pk]))
        check_in(django_capture_on_commit_callbacks, cast.bob, kr, "2.6")
        deliver_all()
    assert [r.json["data"]["check_in"]["value"] for r in inbox.requests] == [2.6]


def test_a_test_event_and_a_new_secret(
    client: Client, cast: Cast, kr: KeyResult, django_capture_on_commit_callbacks: Any
) -> None:
    with receiver() as inbox:
        hook, old = add_webhook(client, cast.admin, inbox.url)
        response = client.post(reverse("hooks:webhook-rotate", args=[hook.pk]))
        new = SECRET.search(response.content.decode()).group(1)
        client.post(reverse("hooks:webhook-test", args=[hook.pk]))
        deliver_all()
    [ping] = inbox.requests
    assert ping.json["type"] == "ping"
    assert verify(new, ping.headers, ping.body) and not verify(old, ping.headers, ping.body)


def test_a_new_coach_finding_is_announced_once(
    client: Client, cast: Cast, quarter: Period, django_capture_on_commit_callbacks: Any
) -> None:
    from waypoint.hooks.tasks import current_findings

    with receiver() as inbox:
        add_webhook(client, cast.admin, inbox.url, events=["finding"])
        before = {(f.code, f.subject, f.subject_id) for f in current_findings()}
        with django_capture_on_commit_callbacks(execute=True):
            outcome = okr_actions.create_objective(
                cast.alice,
                period=quarter,
                title="Migrate the payment service to the new cluster",
                owner=cast.alice,
                units=[cast.checkout],
            )
            okr_actions.add_key_result(
                cast.alice,
                outcome.obj,
                title="Finish the migration",
                owner_unit=cast.checkout,
                kind="completion",
                target=Decimal(100),
            )
        deliver_all()
        new = {(f.code, f.subject, f.subject_id) for f in current_findings()} - before
        assert new, "the test objective should give the coach something to say"
        with django_capture_on_commit_callbacks(execute=True):
            okr_actions.change_objective(cast.alice, outcome.obj, {"description": "Soon"})
        deliver_all()
    announced = [r.json["data"]["finding"] for r in inbox.requests]
    assert {(f["code"], f["subject"], f["subject_id"]) for f in announced} == new
    assert len(announced) == len(new)  # the second sweep sent nothing again
    assert all(r.json["type"] == "finding.created" for r in inbox.requests)


# --- bad input: clear errors, nothing saved -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allow_private", "error"),
    [
        ("ftp://hooks.example.com/x", True, "Use an http:// or https:// address"),
        ("javascript:alert(1)", True, "Use an http:// or https:// address"),
        ("hooks.example.com/x", True, "Use an http:// or https:// address"),
        ("http://localhost:8000/api/v1/objectives", True, "That is this Waypoint itself"),
        ("https://okr.example.com/anything", True, "That is this Waypoint itself"),
        ("http://127.0.0.1:9/x", False, "on this machine or a private network"),
        ("http://localhost:9999/x", False, "on this machine or a private network"),
        ("http://[::1]:9999/x", False, "on this machine or a private network"),
        ("http://10.1.2.3/x", False, "on this machine or a private network"),
        ("http://192.168.1.10/x", False, "on this machine or a private network"),
        ("http://169.254.169.254/latest/meta-data", False, "on this machine or a private network"),
        ("http://user:secret@hooks.example.com/x", True, "Leave user names and passwords out"),
        ("http://hooks.example.com:99999/x", True, "port is not a number"),
    ],
)
def test_a_webhook_url_it_must_not_call_is_refused_and_nothing_saved(
    client: Client, cast: Cast, settings: Any, url: str, allow_private: bool, error: str
) -> None:
    settings.WAYPOINT_WEBHOOK_ALLOW_PRIVATE = allow_private
    if "localhost:8000" in url:
        settings.WAYPOINT_BASE_URL = "http://localhost:8000"
    client.force_login(cast.admin)
    data = {"name": "Bad", "url": url, "events": ["check_in"], "format": "json"}
    response = client.post(reverse("hooks:webhook-list"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Webhook.objects.exists()


def test_changing_a_webhook_to_a_bad_url_keeps_the_old_one(client: Client, cast: Cast) -> None:
    with receiver() as inbox:
        hook, _ = add_webhook(client, cast.admin, inbox.url)
    data = {
        "name": "Renamed",
        "url": "file:///etc/passwd",
        "events": ["check_in"],
        "format": "json",
    }
    response = client.post(hook.get_absolute_url(), data)
    assert "Use an http:// or https:// address" in response.content.decode()
    hook.refresh_from_db()
    assert hook.url == inbox.url and hook.name == "Receiver"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"events": []}, "This field is required"),
        ({"events": ["everything"]}, "Select a valid choice"),
        ({"format": "xml"}, "Select a valid choice"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_a_webhook_without_events_or_format_is_refused(
    client: Client, cast: Cast, fields: dict[str, Any], error: str
) -> None:
    client.force_login(cast.admin)
    data = {"name": "Hook", "url": "https://hooks.example.com/x", "events": ["check_in"]}
    data["format"] = "json"
    response = client.post(reverse("hooks:webhook-list"), {**data, **fields})
    assert error in response.content.decode() and not Webhook.objects.exists()


def test_a_lead_sets_up_webhooks_for_their_unit_only(client: Client, cast: Cast) -> None:
    url = reverse("hooks:webhook-list")
    data = {"name": "Hook", "url": "https://hooks.example.com/x", "events": ["check_in"]}
    data["format"] = "json"
    client.force_login(cast.alice)
    assert (
        "Select a valid choice"
        in client.post(url, {**data, "unit": cast.search.pk}).content.decode()
    )
    assert "This field is required" in client.post(url, {**data, "unit": ""}).content.decode()
    assert not Webhook.objects.exists()
    client.post(url, {**data, "unit": cast.checkout.pk})
    hook = Webhook.objects.get()
    assert hook.unit == cast.checkout and hook.created_by == cast.alice
    client.force_login(cast.bob)  # a member, not a lead
    assert client.get(url).status_code == 403
    client.force_login(cast.charlie)
    assert client.get(hook.get_absolute_url()).status_code == 404
    client.force_login(cast.admin)
    assert client.get(hook.get_absolute_url()).status_code == 200
