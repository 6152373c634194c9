"""Personal API tokens: made on the settings page or the command line, stored hashed, sent as
a bearer token; expired, revoked and unknown ones are refused with a 401."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import Api, Okrs, assert_problem, token_for
from tests.conftest import Cast
from tests.test_authorization_matrix import database_state
from waypoint.api.models import ApiToken

KEY_RESULTS = "/api/v1/key-results"


def test_the_settings_page_shows_a_new_token_once_and_keeps_only_its_hash(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.bob)
    page = client.post(reverse("tokens:token-list"), {"name": "BI nightly", "scope": "read"})
    secret = re.search(r'value="(wpt_[^"]+)"', page.content.decode()).group(1)
    token = ApiToken.objects.get(person=cast.bob)
    assert token.digest == ApiToken.digest_of(secret) and secret not in str(vars(token))
    assert token.prefix == secret[: len(token.prefix)]
    again = client.get(reverse("tokens:token-list")).content.decode()
    assert secret not in again and token.prefix in again and "Never" in again


def test_the_header_links_to_the_tokens_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    assert reverse("tokens:token-list") in client.get(reverse("okrs:my-okrs")).content.decode()


def test_a_token_records_when_it_was_last_used(client: Client, cast: Cast) -> None:
    secret = token_for(cast.bob, "read")
    assert Api(client, secret).get(KEY_RESULTS).status_code == 200
    assert ApiToken.objects.get(person=cast.bob).last_used_at is not None


def test_revoking_on_the_page_stops_the_token(client: Client, cast: Cast) -> None:
    secret = token_for(cast.bob, "read")
    token = ApiToken.objects.get(person=cast.bob)
    client.force_login(cast.bob)
    client.post(reverse("tokens:token-revoke", args=[token.pk]))
    assert "revoked" in assert_problem(Api(Client(), secret).get(KEY_RESULTS), 401)["detail"]


def test_nobody_revokes_someone_elses_token(client: Client, cast: Cast) -> None:
    token_for(cast.bob, "read")
    token = ApiToken.objects.get(person=cast.bob)
    client.force_login(cast.charlie)
    assert client.post(reverse("tokens:token-revoke", args=[token.pk])).status_code == 404
    assert not ApiToken.objects.get(pk=token.pk).is_revoked


def test_an_expired_token_is_refused(client: Client, cast: Cast, okrs: Okrs) -> None:
    secret = token_for(cast.bob, "write", expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    before = database_state()
    response = Api(client, secret).post(
        f"{KEY_RESULTS}/{okrs.kr.pk}/check-ins", {"value": 2.6, "confidence": 6}
    )
    assert "expired" in assert_problem(response, 401)["detail"]
    assert database_state() == before


@pytest.mark.parametrize("header", [None, "Bearer wpt_not-a-real-token", "Basic Ym9iOnB3"])
def test_no_or_an_unknown_token_is_a_401(client: Client, okrs: Okrs, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get(KEY_RESULTS, headers=headers)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_browser_session_works_with_csrf(cast: Cast, okrs: Okrs) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.bob)
    assert browser.get(KEY_RESULTS).status_code == 200
    url = f"{KEY_RESULTS}/{okrs.kr.pk}/check-ins"
    refused = browser.post(url, {"value": 2.5, "confidence": 6}, content_type="application/json")
    assert "CSRF" in assert_problem(refused, 403)["detail"]
    browser.get(reverse("okrs:home"))  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        url,
        {"value": 2.5, "confidence": 6},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert accepted.status_code == 201, accepted.content


def test_requests_above_the_rate_are_refused_with_retry_after(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.WAYPOINT_API_RATE_PER_MINUTE = 3
    api = Api(client, token_for(cast.bob, "read"))
    assert [api.get(KEY_RESULTS).status_code for _ in range(3)] == [200, 200, 200]
    limited = api.get(KEY_RESULTS)
    assert_problem(limited, 429)
    assert 1 <= int(limited["Retry-After"]) <= 61
    other = Api(client, token_for(cast.charlie, "read"))
    assert other.get(KEY_RESULTS).status_code == 200  # per token, not per server


def test_the_command_line_creates_and_revokes_tokens(
    client: Client, cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("token", "create", "bob", "--scope", "write")
    line = capsys.readouterr().out.strip().splitlines()[-1]
    secret = line.split()[-1]
    assert secret.startswith("wpt_") and ApiToken.objects.get().scope == "write"
    assert Api(client, secret).get(KEY_RESULTS).status_code == 200
    call_command("token", "revoke", ApiToken.objects.get().prefix)
    assert_problem(Api(client, secret).get(KEY_RESULTS), 401)


def test_the_docs_and_schema_are_served_from_the_installed_package(client: Client) -> None:
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle" in docs and "cdn" not in docs.lower()
    for src in re.findall(r'(?:src|href)="([^"]+)"', docs):
        assert src.startswith("/"), src
        assert client.get(src).status_code == 200, src
