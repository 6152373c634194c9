"""Correcting a check-in and the "did you mean…?" step, in a real browser, by keyboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import CheckIn, CheckInCorrection, KeyResult, Period

pytestmark = pytest.mark.browser


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent")


@pytest.fixture
def kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(quarter, "Faster support", owner=cast.alice, units=[cast.checkout])
    return make_key_result(
        objective,
        "Satisfaction from 3.1 to 3.5",
        owner_unit=cast.checkout,
        baseline=3.1,
        target=3.5,
        unit_label="pts",
    )


def test_the_author_corrects_a_slip_by_keyboard(
    logged_in_page: LoginAs, cast: Cast, kr: KeyResult
) -> None:
    slip = make_check_in(kr, 3.45, confidence=6, note="survey", author=cast.bob)
    page = logged_in_page(cast.bob)
    page.goto(kr.get_absolute_url())
    correct = page.get_by_role("link", name="Correct the check-in of")
    correct.focus()
    page.keyboard.press("Enter")
    value = page.locator(f"#id_correct{slip.pk}_value")
    expect(value).to_be_focused()  # the inline form is ready to type
    page.keyboard.press("Control+A")
    page.keyboard.type("3.35")
    # Tab on through confidence, note and the as-of date (whose day, month and year parts
    # each take a Tab in Chromium) to the reason.
    reason_id = f"id_correct{slip.pk}_reason"
    for _ in range(8):
        page.keyboard.press("Tab")
        if focused(page) == reason_id:
            break
    expect(page.locator(f"#{reason_id}")).to_be_focused()
    page.keyboard.type("misread the survey")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Check-in corrected.")).to_be_visible()
    expect(page.locator(f"#check-in-{slip.pk}")).to_contain_text("3.35 pts")
    expect(page.locator(f"#check-in-{slip.pk} del")).to_have_text("3.45 pts, 6/10")
    kr.refresh_from_db()
    assert kr.current == Decimal("3.35")
    assert CheckInCorrection.objects.get().reason == "misread the survey"


def test_a_far_value_asks_did_you_mean_and_the_suggestion_is_one_key_away(
    logged_in_page: LoginAs, cast: Cast, kr: KeyResult
) -> None:
    make_check_in(kr, 3.3, author=cast.bob)
    page = logged_in_page(cast.bob)
    page.goto(kr.objective.get_absolute_url())
    page.locator(f"#kr-{kr.pk} .kr__actions a").focus()  # "Check in"
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_kr{kr.pk}_value")).to_be_focused()
    page.keyboard.type("34")
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Did you mean…?")
    expect(heading).to_be_focused()
    assert CheckIn.objects.count() == 1  # nothing saved yet
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save 3.4 pts", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save 34 pts as typed")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Save 3.4 pts", exact=True)).to_be_focused()
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/check-in" in r.url, timeout=20_000
    ) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    expect(page.locator(f"#kr-{kr.pk} .kr__numbers strong")).to_have_text("3.4")
    kr.refresh_from_db()
    assert kr.current == Decimal("3.4") and CheckIn.objects.count() == 2


def test_changing_the_value_goes_back_to_the_form_with_what_was_typed(
    logged_in_page: LoginAs, cast: Cast, kr: KeyResult
) -> None:
    page = logged_in_page(cast.bob)
    page.goto(kr.objective.get_absolute_url())
    # A busy machine: htmx wires what it swapped in later than usual. Focus must not arrive
    # (and invite a key press) before the form is wired, or the press posts it as a page.
    page.evaluate("htmx.config.defaultSettleDelay = 400")
    page.locator(f"#kr-{kr.pk} .kr__actions a").focus()  # "Check in"
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_kr{kr.pk}_value")).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Did you mean…?")).to_be_focused()
    page.get_by_role("button", name="Change the value").focus()
    page.keyboard.press("Enter")
    value = page.locator(f"#id_kr{kr.pk}_value")
    expect(value).to_be_focused()
    expect(value).to_have_value("1")
    page.keyboard.press("Control+A")
    page.keyboard.type("3.2")
    page.keyboard.press("Enter")
    expect(page.locator(f"#kr-{kr.pk} .kr__numbers strong")).to_have_text("3.2")
    assert page.url.endswith(kr.objective.get_absolute_url())  # never left the page
    assert CheckIn.objects.get().value == Decimal("3.2")


def test_the_check_in_page_on_its_own_saves_and_goes_back_to_the_objective(
    logged_in_page: LoginAs, cast: Cast, kr: KeyResult
) -> None:
    """Opened by its address (a new tab, a bookmark), not inline on the objective's page."""
    page = logged_in_page(cast.bob)
    page.goto(f"/key-results/{kr.pk}/check-ins/")
    value = page.locator(f"#id_kr{kr.pk}_value")
    expect(value).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Did you mean…?")).to_be_focused()
    page.get_by_role("button", name="Change the value").click()
    expect(value).to_be_focused()
    expect(value).to_have_value("1")
    page.keyboard.press("Control+A")
    page.keyboard.type("3.2")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{kr.objective.get_absolute_url()}")
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(page.locator(f"#kr-{kr.pk} .kr__numbers strong")).to_have_text("3.2")
    assert CheckIn.objects.get().value == Decimal("3.2")
