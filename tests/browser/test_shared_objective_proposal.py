"""The other unit's lead accepts, in the browser, a proposal to pursue two near-duplicate
objectives as one shared objective; each team keeps its key results."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.main_pages import log_in
from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Objective, Period, Status
from waypoint.orgs.models import Membership
from waypoint.planning.actions import propose_merge

pytestmark = pytest.mark.browser


def test_the_other_lead_accepts_one_shared_objective(
    page: Page, cast: Cast, quarter: Period
) -> None:
    Membership.objects.create(person=cast.dana, unit=cast.finance, role=Membership.Role.LEAD)
    ours = make_objective(
        quarter, "Win back lapsed buyers", owner=cast.alice, units=[cast.checkout]
    )
    make_key_result(ours, "Win back 120 buyers", owner_unit=cast.checkout, target=120)
    theirs = make_objective(
        quarter, "Win back lapsed buyers before renewals", owner=cast.dana, units=[cast.finance]
    )
    make_key_result(theirs, "Renew 30 lapsed accounts", owner_unit=cast.finance, target=30)
    propose_merge(cast.alice, ours, theirs, reason="We chase the same buyers.")

    page.goto("/accounts/login/")
    log_in(page, cast.dana)
    page.goto("/proposals/")
    proposal = page.locator(".proposal").filter(has_text="one shared objective")
    expect(proposal).to_contain_text("Win back lapsed buyers before renewals")
    proposal.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Accepted")
    page.goto(ours.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Shared objective")
    expect(page.locator("main")).to_contain_text("Finance")
    expect(page.locator("main")).to_contain_text("Renew 30 lapsed accounts")
    expect(page.locator("main")).to_contain_text("Win back 120 buyers")
    theirs = Objective.objects.get(pk=theirs.pk)
    assert theirs.status == Status.DROPPED
    assert set(ours.key_results.values_list("owner_unit__name", flat=True)) == {
        "Checkout",
        "Finance",
    }
