"""Every main page passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, on a desktop and on
a phone (docs/accessibility.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.main_pages import MAIN_PAGES, VIEWPORTS, MainPage, build_org, open_main_page
from tests.conftest import Cast
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser

AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
KNOWN_BROKEN: dict[str, str] = {}


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core over the whole document. The browser fetches it from a same-origin address
    answered from node_modules (never a CDN), so the page's Content-Security-Policy, which
    refuses inline scripts, stays in force while axe runs."""
    page.route(AXE_URL, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }""",
        WCAG_TAGS,
    )


def duplicate_ids(page: Page) -> list[str]:
    """axe-core 4.7+ checks only ids that ARIA refers to; htmx targets and labels need every id
    to be unique, so the page is checked for that too."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll("[id]")) {
                seen.set(el.id, (seen.get(el.id) || 0) + 1);
            }
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
        }"""
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']}: {violation['help']}")
        lines += [f"    {node}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


def page_params() -> list:
    params = []
    for main_page in MAIN_PAGES:
        marks = []
        if main_page.name in KNOWN_BROKEN:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BROKEN[main_page.name]))
        for viewport in VIEWPORTS:
            params.append(
                pytest.param(main_page, viewport, id=f"{main_page.name}-{viewport}", marks=marks)
            )
    return params


@pytest.mark.parametrize(("main_page", "viewport"), page_params())
def test_the_page_has_no_wcag_violations(
    page: Page, cast: Cast, quarter: Period, main_page: MainPage, viewport: str
) -> None:
    org = build_org(cast, quarter)
    open_main_page(page, main_page, org, viewport)
    violations = axe_violations(page)
    assert not violations, f"{main_page.name} at {viewport}:\n{describe(violations)}"
    assert not duplicate_ids(page), f"{main_page.name}: duplicate ids {duplicate_ids(page)}"


def test_the_check_reports_what_it_should_catch(page: Page, cast: Cast) -> None:
    """An image without a text alternative and a duplicate id are found: the check is live."""
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/waypoint/favicon.svg";
            document.querySelector("main").append(img, img.cloneNode());
            document.querySelectorAll("main img").forEach((el) => { el.id = "twice"; });
        }"""
    )
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
    assert duplicate_ids(page) == ["twice (2x)"]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_company_page_with_its_departments_over_several_pages_has_no_violations(
    page: Page, cast: Cast, quarter: Period, viewport: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pager under the company's departments (one a page here), by keyboard: Next goes to
    the second page, which is as accessible as the first."""
    monkeypatch.setattr("waypoint.okrs.summaries.UNITS_PER_PAGE", 1)
    org = build_org(cast, quarter)
    company = next(p for p in MAIN_PAGES if p.name == "company")
    open_main_page(page, company, org, viewport)
    pager = page.get_by_role("navigation", name="More departments")
    expect(pager).to_contain_text("1–1 of")
    pager.get_by_role("link", name="Next").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2*")
    expect(page.get_by_role("navigation", name="More departments")).to_contain_text("2–2 of")
    violations = axe_violations(page)
    assert not violations, f"company page 2 at {viewport}:\n{describe(violations)}"
