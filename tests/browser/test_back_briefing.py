"""Back-briefing in a real browser: a team lead plans the next quarter from the objective above
and writes the back-brief; the department lead reads the back-briefs side by side, sees who has
not back-briefed, and asks for a change that the team then answers."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import PASSWORD, make_objective, make_period
from waypoint.okrs.models import Objective, Period
from waypoint.orgs.models import Membership
from waypoint.planning.models import BackBrief

pytestmark = pytest.mark.browser
# Screenshots to look at (desktop and phone), outside the repository.
SHOTS = Path(tempfile.gettempdir()) / "waypoint-screenshots"


def test_a_team_lead_back_briefs_and_the_department_lead_reads_them_side_by_side(
    logged_in_page: LoginAs,
    browser,
    live_server,
    cast: Cast,
    quarter: Period,  # noqa: ANN001
) -> None:
    Membership.objects.create(person=cast.dana, unit=cast.product, role=Membership.Role.LEAD)
    start = quarter.end + timedelta(days=1)
    upcoming = make_period("quarter", "Next quarter", start, start + timedelta(days=89), "nq")
    above = make_objective(
        upcoming, "Payments that never fail", owner=cast.dana, units=[cast.product]
    )

    page = logged_in_page(cast.alice)
    page.goto(f"/units/{cast.checkout.slug}/")
    page.get_by_role("link", name="Plan Next quarter").click()
    expect(page.locator("h1")).to_have_text("Plan Next quarter")
    page.get_by_role("button", name="Draft our part of Payments that never fail").click()
    expect(page.locator(".flash")).to_contain_text("Drafted “Payments that never fail”")
    expect(page.get_by_text("Our part:")).to_be_visible()
    draft = Objective.objects.get(units=cast.checkout, period=upcoming)
    assert draft.is_draft and list(draft.parent_objectives.all()) == [above]

    page.get_by_role("button", name="Send the back-brief").click()  # empty: told what is missing
    expect(
        page.get_by_text("Say what you understood the objectives above you to mean.")
    ).to_be_visible()
    page.get_by_label("What we understood the intent to be").fill(
        "Buyers leave when a payment fails or asks twice."
    )
    page.get_by_label("What we will do").fill("Retry failed card payments automatically.")
    page.get_by_label("What we need from others").fill("A provider decision by week 2.")
    page.get_by_label("Payments that never fail (Product)").check()
    page.get_by_role("button", name="Send the back-brief").click()
    expect(page.locator(".flash")).to_contain_text("Back-brief sent")
    expect(page.locator(".back-brief-form .chip")).to_have_text("Waiting for an answer")

    lead = browser.new_context(base_url=live_server.url).new_page()
    lead.set_viewport_size({"width": 1366, "height": 900})
    lead.goto("/accounts/login/")
    lead.fill("input[name=username]", cast.dana.username)
    lead.fill("input[name=password]", PASSWORD)
    lead.locator("form:has(input[name=password]) [type=submit]").click()
    lead.goto(f"/units/{cast.product.slug}/")
    lead.get_by_role("link", name="Back-briefs for Next quarter (1 of 3)").click()
    expect(lead.locator("h1")).to_have_text("Back-briefs for Next quarter")
    expect(lead.locator(".notice")).to_contain_text(
        "Not back-briefed yet: Checkout Experience, Search"
    )
    cards = lead.locator(".brief")
    expect(cards).to_have_count(3)
    checkout = lead.locator(".brief", has_text="Buyers leave when a payment fails")
    expect(checkout).to_contain_text("A provider decision by week 2.")
    expect(checkout).to_contain_text("Answers: Payments that never fail")
    # Side by side: the three units' cards share a row on a desktop screen.
    tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, tops
    SHOTS.mkdir(exist_ok=True)
    lead.screenshot(path=str(SHOTS / "back-briefs-1366.png"), full_page=True)
    checkout.get_by_label("Your answer to Checkout").fill("How will you measure it?")
    checkout.get_by_role("button", name="Ask for changes to Checkout's back-brief").click()
    expect(lead.locator(".flash")).to_contain_text("goes back to them with your note")
    assert BackBrief.objects.get().state == BackBrief.State.CHANGES

    page.reload()
    expect(page.locator(".back-brief-form")).to_contain_text("How will you measure it?")
    page.get_by_label("How we will measure it").fill("Failed payments from 2% to 0.5%, weekly.")
    page.get_by_role("button", name="Send the revised back-brief").click()
    expect(page.locator(".flash")).to_contain_text("Back-brief sent")
    page.screenshot(path=str(SHOTS / "plan-1366.png"), full_page=True)

    lead.reload()
    lead.locator(".brief", has_text="Buyers leave").get_by_role(
        "button", name="Accept Checkout's back-brief"
    ).click()
    expect(lead.locator(".brief", has_text="Buyers leave").locator(".chip")).to_have_text(
        "Accepted"
    )
    brief = BackBrief.objects.get()
    assert brief.state == BackBrief.State.ACCEPTED and brief.revision == 2
    lead.set_viewport_size({"width": 390, "height": 844})
    lead.screenshot(path=str(SHOTS / "back-briefs-390.png"), full_page=True)
