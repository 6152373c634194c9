"""The "Contributes to" pickers: type to search, pick from groups, and the link is saved; with
JavaScript off they are the plain multi-selects underneath."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.main_pages import build_org, log_in
from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Objective, Period

pytestmark = pytest.mark.browser


def write_objective(page: Page, title: str) -> None:
    page.get_by_label("Objective", exact=True).fill(title)
    page.get_by_label("Why it matters").fill("Buyers who come back buy twice as much.")


def test_typing_in_the_picker_finds_an_objective_and_saving_links_it(
    page: Page, cast: Cast, quarter: Period
) -> None:
    org = build_org(cast, quarter)
    for n in range(30):  # a long list, as in a real organisation
        make_objective(quarter, f"Finance goal number {n}", owner=cast.admin, units=[cast.finance])
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(f"/objectives/new/?unit={cast.checkout.slug}&period={quarter.slug}")
    page.wait_for_load_state("networkidle")  # the coach's hints are in, the form stays put
    picker = page.get_by_role("combobox", name="Contributes to objectives")
    picker.press_sequentially("easiest")
    listbox = page.locator(".ts-dropdown:visible")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox).to_contain_text("Acme")  # the group: the company's objectives
    listbox.get_by_role("option", name="Become the easiest shop to buy from").click()

    kr_picker = page.get_by_role("combobox", name="Contributes to key results")
    kr_picker.press_sequentially("repeat")
    expect(page.locator(".ts-dropdown:visible").get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")  # picks the highlighted match

    write_objective(page, "Returning buyers check out in one tap")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text("Returning buyers check out in one tap")
    objective = Objective.objects.get(title="Returning buyers check out in one tap")
    assert list(objective.parent_objectives.all()) == [org.company_goal]
    assert [kr.title for kr in objective.parent_key_results.all()] == [
        "Raise repeat purchase rate from 20% to 30%"
    ]


def test_the_picker_says_when_nothing_matches(page: Page, cast: Cast, quarter: Period) -> None:
    build_org(cast, quarter)
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(f"/objectives/new/?unit={cast.checkout.slug}&period={quarter.slug}")
    page.get_by_role("combobox", name="Contributes to objectives").fill("zebra")
    expect(page.get_by_text("Nothing matches “zebra”")).to_be_visible()


def test_without_javascript_the_picker_is_a_grouped_select_that_still_links(
    browser: Browser, live_server: object, cast: Cast, quarter: Period
) -> None:
    goal = make_objective(
        quarter, "Become the easiest shop", owner=cast.admin, units=[cast.company]
    )
    make_key_result(goal, "Raise repeat purchases", owner_unit=cast.company)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(f"/objectives/new/?unit={cast.checkout.slug}&period={quarter.slug}")
    write_objective(page, "Returning buyers check out in one tap")
    select = page.get_by_label("Contributes to objectives")
    expect(select.locator("optgroup[label='Acme'] option")).to_have_text(
        ["Become the easiest shop"]
    )
    select.select_option(label="Become the easiest shop")
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text("Returning buyers check out in one tap")
    assert list(Objective.objects.get(title__startswith="Returning").parent_objectives.all()) == [
        goal
    ]
    context.close()
