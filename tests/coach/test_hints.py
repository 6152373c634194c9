"""Live coach hints while someone writes an objective or a key result title."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse

from tests.coach.conftest import login
from tests.conftest import Cast
from tests.factory import make_objective


def hints(client: Client, hint_kind: str, title: str, **fields: str) -> str:
    """The hints for a title; `fields` are the other form fields sent with it (kind, …)."""
    response = client.get(
        reverse("coach:hints", args=[hint_kind]),
        {"title": title, **fields},
        headers={"HX-Request": "true"},
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


def test_the_key_result_form_sends_its_numbers_with_the_title(
    client: Client, cast: Cast, quarter: object
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.bob, units=[cast.checkout]
    )
    page = html.unescape(
        login(client, cast.bob)
        .get(reverse("okrs:key-result-create", args=[objective.pk]))
        .content.decode()
    )
    assert f'hx-get="{reverse("coach:hints", args=["key-result"])}"' in page
    assert (
        "hx-include=\"[name='kind'], [name='baseline'], [name='target'], [name='criteria']\""
        in page
    )
    assert "change from:closest form" in page


def test_an_unsure_reading_is_asked_about_gently(client: Client, cast: Cast) -> None:
    text = hints(login(client, cast.bob), "key-result", "Partner channel in shape")
    assert "Coach asks:" in text
    assert "Is this a result you will measure, or work you will do?" in text
    assert "output, not an outcome" not in text
    assert 'class="hint"' not in text


def test_numbers_that_contradict_the_title_are_hinted_before_saving(
    client: Client, cast: Cast
) -> None:
    login(client, cast.bob)
    title = "Raise activation from 22% to 40%"
    text = hints(client, "key-result", title, kind="metric", baseline="10", target="90")
    assert "The title and the numbers disagree" in text
    assert "The title says 22 but the baseline is 10" in text
    agreeing = hints(client, "key-result", title, kind="metric", baseline="22", target="40")
    assert 'class="hint"' not in agreeing


def test_a_target_equal_to_the_baseline_is_hinted(client: Client, cast: Cast) -> None:
    login(client, cast.bob)
    title = "Keep checkout conversion healthy"
    text = hints(client, "key-result", title, kind="metric", baseline="3", target="3")
    assert "The target equals the baseline" in text
    assert "The target equals the baseline" not in hints(
        client, "key-result", title, kind="metric", baseline="3", target="4"
    )


def test_a_target_in_the_wrong_direction_is_hinted(client: Client, cast: Cast) -> None:
    login(client, cast.bob)
    title = "Reduce abandoned carts on mobile"
    text = hints(client, "key-result", title, kind="metric", baseline="30", target="45")
    assert "asks to go down, but the target (45) is above the baseline (30)" in text
    right_way = hints(client, "key-result", title, kind="metric", baseline="30", target="20")
    assert 'class="hint"' not in right_way


def test_a_subjective_key_result_without_criteria_is_hinted(client: Client, cast: Cast) -> None:
    login(client, cast.bob)
    title = "Shoppers say checkout feels effortless"
    assert "No criteria yet" in hints(client, "key-result", title, kind="subjective")
    assert "No criteria yet" not in hints(
        client, "key-result", title, kind="subjective", criteria="7 = most of 10 shoppers agree"
    )


def test_numbers_that_are_not_numbers_yet_are_ignored(client: Client, cast: Cast) -> None:
    login(client, cast.bob)
    title = "Raise activation from 22% to 40%"
    for value in ("", "abc", "nan", "inf", "1e999"):
        text = hints(client, "key-result", title, kind="metric", baseline=value, target=value)
        assert "disagree" not in text
