"""The quarter in a real browser: the monthly check with a change proposed above and accepted
by its owner, and a quarter close from the close page to next quarter's drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import PASSWORD, make_check_in, make_key_result, make_objective, make_period
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.planning.models import Proposal

pytestmark = pytest.mark.browser


def test_a_team_proposes_a_change_above_in_its_monthly_check_and_the_owner_accepts(
    logged_in_page: LoginAs,
    browser,
    live_server,
    cast: Cast,
    quarter: Period,  # noqa: ANN001
) -> None:
    top = make_objective(
        quarter, "Payments that never fail", owner=cast.admin, units=[cast.product]
    )
    top_kr = make_key_result(
        top, "Failed payments from 2% to 0.5%", owner_unit=cast.product, baseline=2, target=0.5
    )
    mine = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout], parents=[top]
    )
    make_key_result(
        mine, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )

    page = logged_in_page(cast.bob)
    page.goto(f"/units/{cast.checkout.slug}/")
    page.get_by_role("link", name="Monthly check").click()
    expect(page.locator("h1")).to_have_text("Monthly relevance check")
    above = page.locator("section.relevance", has_text="Payments that never fail")
    above.get_by_role("group", name="Change needed?").get_by_label("Yes").check()
    page.get_by_label("Notes of the check").fill("0.5% needs the new provider")
    page.get_by_role("button", name="Record the monthly check").click()
    expect(page.locator(".flash")).to_contain_text("1 objective need a change")

    page.locator("section.relevance", has_text="Payments that never fail").get_by_role(
        "link", name="Propose a change to its owners"
    ).click()
    page.get_by_label("Adjust a key result's target").check()
    page.get_by_label("Key result", exact=True).select_option(
        label="Failed payments from 2% to 0.5%"
    )
    page.get_by_label("New target").fill("1")
    page.get_by_label("Why is the change needed?").fill("The new provider goes live in week 10.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator(".tag", has_text="Change proposed")).to_be_visible()

    owner = browser.new_context(base_url=live_server.url).new_page()
    owner.goto("/accounts/login/")
    owner.fill("input[name=username]", cast.admin.username)
    owner.fill("input[name=password]", PASSWORD)
    owner.locator("form:has(input[name=password]) [type=submit]").click()
    owner.goto("/my/")
    owner.get_by_role("link", name="Answer them").click()
    owner.get_by_role("button", name="Accept").click()
    expect(owner.locator(".flash")).to_contain_text("Accepted")
    top_kr.refresh_from_db()
    assert float(top_kr.target) == 1.0
    assert Proposal.objects.get().state == "accepted"
    owner.goto(f"/objectives/{top.pk}/")
    expect(owner.locator("#history-heading + *")).to_contain_text("The new provider goes live")


def test_a_lead_closes_the_quarter_and_finds_next_quarters_drafts(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    start = quarter.end + timedelta(days=1)
    following = make_period("quarter", "Next quarter", start, start + timedelta(days=89), "nq")
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    done = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(done, 3, author=cast.bob)
    behind = make_key_result(
        objective,
        "Payment errors from 1.2% to 0.4%",
        owner_unit=cast.checkout,
        baseline=1.2,
        target=0.4,
    )
    make_check_in(behind, 1.0, author=cast.bob)

    page = logged_in_page(cast.alice)
    page.goto(f"/units/{cast.checkout.slug}/close/?period={quarter.slug}")
    expect(page.locator("h1")).to_have_text(f"Close {quarter.name}")
    row = page.locator("tr", has_text="Payment errors from 1.2% to 0.4%")
    row.get_by_label("Carry Payment errors from 1.2% to 0.4% over to").check()
    page.get_by_label("What did we learn?").fill("Error codes were the wrong lever.")
    page.get_by_label("Strategy — the bet was wrong").check()
    page.get_by_role("button", name=f"Close {quarter.name} for Checkout").click()

    expect(page.locator("h1")).to_have_text("Learning loop")
    expect(page.locator(".flash")).to_contain_text("1 key result carried over")
    objective.refresh_from_db()
    assert objective.status != Status.ACTIVE
    page.goto(f"/units/{cast.checkout.slug}/?period={following.slug}")
    expect(page.locator(".tag--draft").first).to_have_text("Draft")
    expect(page.get_by_text("1 draft objective")).to_be_visible()
    carried = KeyResult.objects.get(continues=behind)
    assert carried.baseline == behind.current
    page.get_by_role("button", name="Publish the drafts").click()
    expect(page.locator(".flash")).to_contain_text("Published 1 objective")
    assert not Objective.objects.get(pk=carried.objective_id).is_draft
