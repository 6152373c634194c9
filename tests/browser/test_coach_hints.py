"""The coach reads a key result's numbers while it is written, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import make_objective
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser


def test_the_coach_reads_the_numbers_typed_beside_the_title(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    page = logged_in_page(cast.alice)
    page.goto(f"/objectives/{objective.pk}/key-results/new/")
    hints = page.locator("#title-hints")
    page.get_by_label("Key result", exact=True).fill("Raise activation from 22% to 40%")
    page.get_by_label("Baseline").fill("10")
    page.get_by_label("Target").fill("90")
    page.get_by_label("Target").blur()
    expect(hints).to_contain_text("The title and the numbers disagree")
    expect(hints).to_contain_text("The title says 22 but the baseline is 10")
    page.get_by_label("Baseline").fill("22")
    page.get_by_label("Target").fill("22")
    page.get_by_label("Target").blur()
    expect(hints).to_contain_text("The title says 40 but the target is 22")
    page.get_by_label("Target").fill("40")
    page.get_by_label("Target").blur()
    expect(hints).not_to_contain_text("disagree")
    expect(hints.locator(".hint")).to_have_count(0)


def test_the_coach_asks_rather_than_judges_an_unclear_title(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    page = logged_in_page(cast.alice)
    page.goto(f"/objectives/{objective.pk}/key-results/new/")
    page.get_by_label("Key result", exact=True).fill("Partner channel in shape")
    hints = page.locator("#title-hints")
    expect(hints).to_contain_text("Coach asks: Is this a result you will measure")
    expect(hints).not_to_contain_text("output, not an outcome")
