"""Live coach hints while someone writes an objective or a key result title."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse

from tests.coach.conftest import login
from tests.conftest import Cast


def hints(client: Client, kind: str, title: str) -> str:
    response = client.get(
        reverse("coach:hints", args=[kind]), {"title": title}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_an_output_key_result_is_flagged_with_a_rewrite_suggestion(
    client: Client, cast: Cast
) -> None:
    text = hints(login(client, cast.bob), "key-result", "Ship one-click checkout")
    assert "This reads like an output, not an outcome" in text
    assert "Try: Raise conversion on one-click checkout from __% to __%" in text


def test_a_measured_outcome_gets_nothing_bad_said_about_it(client: Client, cast: Cast) -> None:
    text = hints(login(client, cast.bob), "key-result", "Raise checkout conversion from 2.1% to 3%")
    assert 'class="hint"' not in text
    assert "output" not in text
    assert "No target" not in text
    assert "No starting point" not in text


def test_an_outcome_without_a_target_or_baseline_is_asked_for_them(
    client: Client, cast: Cast
) -> None:
    login(client, cast.bob)
    assert "No target" in hints(client, "key-result", "Increase checkout conversion")
    text = hints(client, "key-result", "Raise checkout conversion to 3%")
    assert "No starting point in the text" in text
    assert "output" not in text


def test_a_maintain_objective_is_flagged_as_keeping_the_lights_on(
    client: Client, cast: Cast
) -> None:
    text = hints(login(client, cast.bob), "objective", "Maintain 99.9% uptime")
    assert "This reads like keeping the lights on" in text
    assert "uptime stays between 99.9% and 100%" in text


def test_a_project_objective_is_flagged_as_a_project(client: Client, cast: Cast) -> None:
    text = hints(login(client, cast.bob), "objective", "Migrate billing to the new platform")
    assert "This reads like a project" in text


def test_an_improvement_objective_gets_no_hints(client: Client, cast: Cast) -> None:
    text = hints(login(client, cast.bob), "objective", "Make checkout effortless on mobile")
    assert 'class="hint"' not in text


def test_short_text_returns_no_hints(client: Client, cast: Cast) -> None:
    login(client, cast.bob)
    for kind, title in (("key-result", "Ship it"), ("objective", "Keep up"), ("objective", "")):
        assert 'class="hint"' not in hints(client, kind, title)


def test_hints_need_a_login(client: Client, cast: Cast) -> None:
    response = client.get(
        reverse("coach:hints", args=["key-result"]), {"title": "Ship one-click checkout"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_hints_for_an_unknown_kind_are_not_found(client: Client, cast: Cast) -> None:
    response = login(client, cast.bob).get(
        reverse("coach:hints", args=["initiative"]), {"title": "Ship one-click checkout"}
    )
    assert response.status_code == 404


def test_the_objective_and_key_result_forms_ask_for_hints_while_typing(
    client: Client, cast: Cast, quarter: object
) -> None:
    login(client, cast.bob)
    page = client.get(f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}")
    assert f'hx-get="{reverse("coach:hints", args=["objective"])}"' in page.content.decode()
