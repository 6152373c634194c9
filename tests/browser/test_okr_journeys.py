"""The journeys people rely on, in a real browser: write OKRs, check in, see them move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import add_member, make_objective
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.personal.models import PersonalGoal

pytestmark = pytest.mark.browser


def add_key_result(page: Page, title: str, baseline: str, target: str, unit: str) -> None:
    page.get_by_role("link", name="Add key result").click()
    page.get_by_label("Key result", exact=True).fill(title)
    page.get_by_label("Baseline").fill(baseline)
    page.get_by_label("Target").fill(target)
    page.get_by_label("Unit", exact=True).fill(unit)
    page.get_by_role("button", name="Add key result").click()
    expect(page.locator(".kr__title", has_text=title)).to_be_visible()


def chart_points(page: Page, kr: KeyResult) -> int:
    """How many points the ECharts 'Actual' series of the key result's chart has drawn."""
    return page.evaluate(
        """(id) => {
            const el = document.querySelector(`#kr-${id} [data-kr-chart]`);
            const chart = window.echarts.getInstanceByDom(el);
            return chart.getOption().series[1].data.length;
        }""",
        kr.pk,
    )


def test_a_lead_writes_an_objective_with_two_key_results_and_checks_in(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    page = logged_in_page(cast.alice)
    page.goto(cast.checkout.get_absolute_url())
    page.get_by_role("link", name="Write the first objective").click()
    page.get_by_label("Objective", exact=True).fill("Make checkout effortless on mobile")
    page.get_by_label("Why it matters").fill("Half our buyers are on phones.")
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text("Make checkout effortless on mobile")

    add_key_result(page, "Raise mobile conversion from 2% to 3%", "2", "3", "%")
    add_key_result(page, "Cut payment errors from 1.2% to 0.4%", "1.2", "0.4", "%")
    kr = KeyResult.objects.get(title__startswith="Raise mobile")
    row = page.locator(f"#kr-{kr.pk}")
    expect(row.locator(".kr__pct")).to_have_text("—")
    expect(row.locator("[data-kr-chart] svg")).to_be_visible()
    assert chart_points(page, kr) == 0

    row.get_by_role("link", name="Check in").click()
    form = page.get_by_role("form", name=re.compile("Check in on Raise mobile"))
    expect(form).to_contain_text("No check-in yet")
    form.get_by_label("Value").fill("2.5")
    form.get_by_label("Note").fill("Apple Pay is live")
    url_before = page.url
    form.get_by_role("button", name="Save check-in").click()

    expect(row.locator(".kr__pct")).to_have_text("50%")
    expect(page.locator(f"#objective-progress-{kr.objective_id} .objective__pct")).to_have_text(
        "50%"
    )
    assert page.url == url_before  # inline: no page load
    page.wait_for_function(
        "(id) => { const el = document.querySelector(`#kr-${id} [data-kr-chart]`);"
        " const c = el && window.echarts.getInstanceByDom(el);"
        " return c && c.getOption().series[1].data.length === 2; }",
        arg=kr.pk,
    )
    assert kr.check_ins.get().note == "Apple Pay is live"

    row.get_by_role("link", name="Check in").click()
    form = page.get_by_role("form", name=re.compile("Check in on Raise mobile"))
    expect(form).to_contain_text("Apple Pay is live")
    form.get_by_label("Value").fill("")
    form.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("form", name=re.compile("Check in on Raise mobile"))).to_contain_text(
        "Enter the new value"
    )
    assert kr.check_ins.count() == 1


def test_a_shared_objective_shows_on_both_owning_teams_pages(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    add_member(cast.product, cast.alice, lead=True)
    page = logged_in_page(cast.alice)
    page.goto(f"/objectives/new/?unit={cast.checkout.slug}")
    page.get_by_label("Objective", exact=True).fill("One search-to-checkout journey")
    page.get_by_label("Search", exact=True).check()
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text("One search-to-checkout journey")
    assert set(Objective.objects.get().units.all()) == {cast.checkout, cast.search}
    for unit in (cast.checkout, cast.search):
        page.goto(unit.get_absolute_url())
        card = page.locator("article.objective", has_text="One search-to-checkout journey")
        expect(card.locator(".tag--shared")).to_contain_text("Checkout, Search")


def test_another_user_cannot_see_my_personal_goal(
    logged_in_page: LoginAs, page: Page, cast: Cast, quarter: Period
) -> None:
    logged_in_page(cast.bob)
    page.goto("/personal/goals/new/")
    page.get_by_label("Goal", exact=True).fill("Get comfortable with our data pipeline")
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator("h1")).to_contain_text("Get comfortable with our data pipeline")
    goal_url = page.url
    page.goto("/my/")
    expect(page.get_by_text("Get comfortable with our data pipeline")).to_be_visible()

    page.context.clear_cookies()
    logged_in_page(cast.alice)
    page.goto("/my/")
    expect(page.get_by_text("Get comfortable with our data pipeline")).to_have_count(0)
    response = page.goto(goal_url)
    assert response is not None and response.status == 404
    assert PersonalGoal.objects.filter(owner=cast.bob).count() == 1


def test_the_coach_hints_while_a_key_result_is_written(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    page = logged_in_page(cast.alice)
    page.goto(f"/objectives/{objective.pk}/key-results/new/")
    page.get_by_label("Key result", exact=True).fill("Ship one-click checkout")
    expect(page.locator("#title-hints")).to_contain_text("output, not an outcome")
    page.get_by_label("Key result", exact=True).fill("Raise checkout conversion from 2% to 3%")
    expect(page.locator("#title-hints")).not_to_contain_text("output")
