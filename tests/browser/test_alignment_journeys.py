"""Raj's and Ana's weeks (USER-JOURNEYS.md), end to end in the browser.

Raj, VP Engineering, proposes one objective shared with Product; Product's head accepts it
with a note; each team owns its own key results; both departments see the objective and each
other's contribution; his monthly check covers it. Ana, who leads a supporting Finance team,
writes a support goal, links it to the sales teams it serves, and it counts as aligned."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.main_pages import log_in
from tests.conftest import Cast
from tests.factory import add_member, make_objective, make_person, make_unit
from waypoint.coach.service import diagnose_period
from waypoint.okrs.models import Change, Objective, Period
from waypoint.orgs.models import Person, Unit
from waypoint.planning.models import Proposal

pytestmark = pytest.mark.browser


def sign_in_as(page: Page, person: Person) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in(page, person)


def add_key_result(page: Page, title: str, baseline: str, target: str, team: str) -> None:
    page.get_by_role("link", name="Add key result").click()
    page.get_by_label("Key result", exact=True).fill(title)
    page.get_by_label("Baseline").fill(baseline)
    page.get_by_label("Target").fill(target)
    page.get_by_label("Unit", exact=True).fill("%")
    page.get_by_label("Owner team").select_option(label=team)
    page.get_by_role("button", name="Add key result").click()
    expect(page.locator(".kr__title", has_text=title)).to_be_visible()


def test_raj_shares_one_objective_with_product_and_each_team_owns_its_key_results(
    page: Page, cast: Cast, quarter: Period
) -> None:
    raj = make_person("raj", first_name="Raj", last_name="Patel", level="leadership")
    priya = make_person("priya", first_name="Priya", last_name="Shah", level="leadership")
    engineering = make_unit("Engineering", "department", parent=cast.company, leads=[raj])
    make_unit("Platform", "team", parent=engineering, members=[raj])
    add_member(cast.product, priya, lead=True)
    title = "Make the storefront fast enough that nobody waits"

    sign_in_as(page, raj)
    page.goto(f"/objectives/new/?unit={engineering.slug}&period={quarter.slug}")
    page.get_by_label("Objective", exact=True).fill(title)
    page.get_by_label("Why it matters").fill("Slow pages cost us a tenth of our buyers.")
    page.get_by_label("Product", exact=True).check()
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text(title)
    # Raj cannot plan for Product: it is asked, not taken.
    expect(page.locator("main")).to_contain_text("Proposed to Product")
    objective = Objective.objects.get(title=title)
    assert set(objective.units.all()) == {engineering}
    add_key_result(page, "Cut p95 page load from 2.4 s to 1.0 s", "2.4", "1.0", "Platform")

    sign_in_as(page, priya)
    page.goto("/proposals/")
    proposal = page.locator(".proposal").filter(has_text=title)
    proposal.get_by_label("A note with your acceptance").fill("Checkout owns the conversion side.")
    proposal.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Accepted")
    assert set(objective.units.all()) == {engineering, cast.product}
    agreement = Change.objects.get(objective=objective, field="shared with")
    assert agreement.author == priya
    assert "Checkout owns the conversion side." in agreement.reason

    # Product's head adds her team's key result to the same objective.
    page.goto(objective.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Shared objective")
    add_key_result(page, "Raise mobile conversion from 2.0% to 2.6%", "2.0", "2.6", "Checkout")
    owners = dict(objective.key_results.values_list("title", "owner_unit__name"))
    assert owners == {
        "Cut p95 page load from 2.4 s to 1.0 s": "Platform",
        "Raise mobile conversion from 2.0% to 2.6%": "Checkout",
    }

    # Both departments' pages show the one objective with both contributions on it.
    sign_in_as(page, raj)
    for department in (engineering, cast.product):
        page.goto(f"{department.get_absolute_url()}?period={quarter.slug}")
        card = page.locator("article.objective", has_text=title)
        expect(card.locator(".tag--shared")).to_contain_text("Engineering, Product")
        expect(card).to_contain_text("Cut p95 page load")
        expect(card).to_contain_text("Raise mobile conversion")

    # His monthly relevance check covers the shared objective.
    page.goto(f"/units/{engineering.slug}/monthly/?period={quarter.slug}")
    expect(page.locator(".relevance", has_text=title)).to_be_visible()
    assert Proposal.objects.get(objective=objective).state == Proposal.State.ACCEPTED


def test_ana_links_a_support_goal_to_the_sales_teams_it_serves(
    page: Page, cast: Cast, quarter: Period
) -> None:
    ana = make_person("ana", first_name="Ana", last_name="Moreira", level="leadership")
    add_member(cast.finance, ana, lead=True)
    sales: Unit = make_unit("Enterprise Sales", "team", parent=cast.company)
    make_objective(quarter, "Win the mid-market", owner=cast.alice, units=[sales])
    supporting_findings = {
        f.code
        for f in diagnose_period(quarter).findings
        if f.subject == "unit" and f.subject_id == cast.finance.pk
    }
    assert supporting_findings  # a supporting unit with no support goal is told so
    title = "Sales leaders have their numbers by the 6th of every month"

    sign_in_as(page, ana)
    page.goto(f"/objectives/new/?unit={cast.finance.slug}&period={quarter.slug}")
    page.get_by_label("Objective", exact=True).fill(title)
    page.get_by_label("Support goal").check()
    page.get_by_role("button", name="Create objective").click()
    expect(page.locator("h1")).to_have_text(title)
    add_key_result(page, "Close the books in 5 working days instead of 9", "9", "5", "Finance")

    page.get_by_label("Supports a unit").select_option(label="Enterprise Sales")
    page.get_by_role("button", name="Add support link").click()
    expect(page.locator(".messages")).to_contain_text("now supports Enterprise Sales")
    expect(page.locator("main")).to_contain_text("Support goal")

    objective = Objective.objects.get(title=title)
    findings = diagnose_period(quarter).findings
    about_finance = {
        f.code for f in findings if f.subject == "unit" and f.subject_id == cast.finance.pk
    }
    assert not (supporting_findings & about_finance)  # Finance now has its support goal
    about_goal = {
        f.code for f in findings if f.subject == "objective" and f.subject_id == objective.pk
    }
    assert "disconnected.no-link" not in about_goal  # a support link counts as aligned

    # The alignment tree shows whom it serves.
    page.goto(f"/alignment/?period={quarter.slug}")
    expect(page.locator("main")).to_contain_text(title)
