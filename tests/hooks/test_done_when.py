"""Issue 12's "done when": a check-in pushed with curl and an API token appears on the key
result's page and triggers a signed webhook that the receiver verifies."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from tests.hooks.receivers import receiver, verify
from waypoint.api.actions import create_token
from waypoint.hooks import actions
from waypoint.okrs.models import Period
from waypoint.ops.queue import run_due_tasks


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_a_check_in_pushed_with_curl_shows_on_the_page_and_reaches_the_webhook(
    live_server: Any, client: Client, cast: Cast, quarter: Period, settings: Any
) -> None:
    settings.WAYPOINT_WEBHOOK_ALLOW_PRIVATE = True
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Raise conversion", owner_unit=cast.checkout, baseline=2, target=3
    )
    token = create_token(cast.bob, cast.bob, name="BI nightly", scope="write").secret
    with receiver() as inbox:
        new = actions.create_webhook(
            cast.alice,
            name="Checkout bot",
            url=inbox.url,
            unit=cast.checkout,
            categories=["check_in"],
        )
        pushed = subprocess.run(
            [
                "curl", "-sS", "-X", "POST",
                f"{live_server.url}/api/v1/key-results/{kr.pk}/check-ins",
                "-H", f"Authorization: Bearer {token}",
                "-H", "Content-Type: application/json",
                "-d", '{"value": 2.45, "confidence": 7, "note": "Apple Pay is live"}',
                "-w", "\n%{http_code}",
            ],
            capture_output=True, text=True, timeout=30, check=True,
        )  # fmt: skip
        body, status = pushed.stdout.rsplit("\n", 1)
        assert status == "201", pushed.stdout
        assert json.loads(body)["value"] == 2.45
        run_due_tasks()
        [request] = inbox.wait_for(1)
    assert verify(new.secret, request.headers, request.body)
    event = request.json
    assert event["type"] == "check_in.created"
    assert event["data"]["check_in"]["note"] == "Apple Pay is live"
    assert event["data"]["check_in"]["author"]["username"] == "bob"
    client.force_login(cast.alice)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert "Apple Pay is live" in page and "2.45" in page
