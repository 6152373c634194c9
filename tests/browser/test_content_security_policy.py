"""The Content-Security-Policy blocks inline scripts, and nothing Waypoint does trips it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from tests.browser.conftest import LoginAs
from tests.browser.main_pages import build_org
from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser

# Runs before any page script; collects what the browser reports as blocked by the policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""

# How many points the "Actual" series of a key result's chart has drawn.
CHART_POINTS = """(id) => {
  const el = document.querySelector(`#kr-${id} [data-kr-chart]`);
  const chart = el && window.echarts.getInstanceByDom(el);
  return chart ? chart.getOption().series[1].data.length : -1;
}"""


class BrowserProblems:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # A failed load is reported below with its URL; the console only says "Failed to load".
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _response(self, response: Response) -> None:
        # The admin's pages link no icon, so the browser tries /favicon.ico on its own.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.failed_requests.append(f"{response.status} {response.url}")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")


@pytest.fixture
def problems(page: Page) -> Iterator[BrowserProblems]:
    yield BrowserProblems(page)


def test_charts_and_inline_check_ins_work_under_the_policy(
    logged_in_page: LoginAs, problems: BrowserProblems, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Raise conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.2, author=cast.alice)
    page = logged_in_page(cast.alice)
    assert problems.violations() == []

    page.goto(objective.get_absolute_url())
    row = page.locator(f"#kr-{kr.pk}")
    expect(row.locator("[data-kr-chart] svg")).to_be_visible()
    points = page.evaluate(CHART_POINTS, kr.pk)
    assert points > 0
    row.get_by_role("link", name="Check in").click()
    form = page.get_by_role("form", name=re.compile("Check in on Raise conversion"))
    form.get_by_label("Value").fill("2.5")
    form.get_by_role("button", name="Save check-in").click()
    expect(row.locator(".kr__pct")).to_have_text("50%")
    page.wait_for_function(f"(id) => ({CHART_POINTS})(id) === {points + 1}", arg=kr.pk)
    row.locator("[data-kr-chart] svg").hover()  # the tooltip is positioned with inline styles
    assert kr.check_ins.count() == 2

    page.goto("/coach/health/")
    expect(page.locator("[data-heatmap] svg")).to_be_visible()
    expect(page.locator("[data-trend] svg")).to_be_visible()

    assert problems.violations() == []
    assert problems.console_errors == []
    assert problems.failed_requests == []


def test_the_alignment_map_draws_under_the_policy(
    logged_in_page: LoginAs, problems: BrowserProblems, cast: Cast, quarter: Period
) -> None:
    build_org(cast, quarter)
    page = logged_in_page(cast.alice)
    page.goto(f"/alignment/?period={quarter.slug}&view=map")
    page.wait_for_selector("[data-map-ready]")
    # Cytoscape adds no style element of its own: the page's stylesheet carries its rule.
    assert page.locator("style#__________cytoscape_stylesheet").count() == 0
    assert (
        page.evaluate("getComputedStyle(document.querySelector('[data-map-canvas]')).position")
        == "relative"
    )
    assert problems.violations() == []
    assert problems.console_errors == []
    assert problems.failed_requests == []


def test_the_admin_works_under_the_policy(
    logged_in_page: LoginAs, problems: BrowserProblems, cast: Cast, quarter: Period
) -> None:
    page = logged_in_page(cast.admin)
    page.goto("/admin/orgs/unit/")
    expect(page.locator("#result_list")).to_be_visible()
    page.goto(f"/admin/orgs/unit/{cast.checkout.pk}/change/")
    expect(page.locator("input[name=name]")).to_have_value("Checkout")
    assert problems.violations() == []
    assert problems.console_errors == []
    assert problems.failed_requests == []


def test_an_injected_inline_script_is_blocked(
    page: Page, problems: BrowserProblems, cast: Cast
) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true"; document.body.append(s); }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__injected === undefined")
    assert problems.violations() == ["script-src-elem blocked inline"]
