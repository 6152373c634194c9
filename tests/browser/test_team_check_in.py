"""The team check-in page in a real browser: a lead checks in every key result by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import CheckIn, KeyResult, Period

pytestmark = pytest.mark.browser

AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[str]:
    page.evaluate(AXE.read_text())  # evaluated, not injected: the CSP allows no inline script
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, { runOnly: { type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
            return r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target).join(", "));
        }"""
    )


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def six_key_results(cast: Cast, quarter: Period) -> list[KeyResult]:
    krs = []
    for o in range(2):
        objective = make_objective(
            quarter, f"Make checkout effortless {o}", owner=cast.alice, units=[cast.checkout]
        )
        for k in range(3):
            kr = make_key_result(
                objective, f"Raise metric {o}.{k}", owner_unit=cast.checkout, baseline=0, target=100
            )
            make_check_in(kr, 5, confidence=6, note=f"last week {o}.{k}", author=cast.bob)
            krs.append(kr)
    return krs


def test_a_lead_checks_in_six_key_results_by_keyboard_alone(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    page = logged_in_page(cast.alice)
    page.goto(cast.checkout.get_absolute_url())
    requests: list[str] = []
    page.on(
        "request", lambda r: requests.append(r.method) if r.resource_type == "document" else None
    )
    page.get_by_role("link", name="Team check-in").click()  # the one page load
    expect(page.locator("h1")).to_have_text("Team check-in")
    expect(page.get_by_text("last week 0.0")).to_be_visible()
    assert focused_id(page) == f"id_kr-{krs[0].pk}-value"  # ready to type
    for n, kr in enumerate(krs):
        assert focused_id(page) == f"id_kr-{kr.pk}-value"
        page.keyboard.type(str(10 + n))
        page.keyboard.press("Tab")
        assert focused_id(page) == f"id_kr-{kr.pk}-confidence"
        page.keyboard.type("8")
        page.keyboard.press("Tab")
        assert focused_id(page) == f"id_kr-{kr.pk}-note"
        page.keyboard.type(f"moved {n}")
        if n < len(krs) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the one submit: Save all
    expect(page.get_by_text("6 check-ins saved.")).to_be_visible()
    assert requests == ["GET", "POST", "GET"]  # the page, Save all, and its redirect
    assert sorted(
        CheckIn.objects.filter(note__startswith="moved").values_list("value", flat=True)
    ) == [10, 11, 12, 13, 14, 15]
    assert set(
        CheckIn.objects.filter(note__startswith="moved").values_list("confidence", flat=True)
    ) == {8}
    assert axe_violations(page) == []


def test_a_row_with_an_error_shows_it_beside_the_row_in_the_browser(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    page = logged_in_page(cast.bob)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/units/{cast.checkout.slug}/check-ins/?period={quarter.slug}")
    page.locator(f"#id_kr-{krs[0].pk}-value").fill("12")
    page.locator(f"#id_kr-{krs[1].pk}-note").fill("forgot the value")
    page.get_by_role("button", name="Save all").click()
    row = page.locator(f"#tci-{krs[1].pk}")
    expect(row.get_by_text("Enter the new value.")).to_be_visible()
    expect(row.locator(f"#id_kr-{krs[1].pk}-note")).to_have_value("forgot the value")
    expect(page.get_by_text("1 check-in saved.")).to_be_visible()
    expect(row.locator(f"#id_kr-{krs[1].pk}-value")).to_be_focused()
    assert page.evaluate(
        "(() => { const m = document.querySelector('main');"
        " return m.scrollWidth <= m.clientWidth; })()"
    )
    assert axe_violations(page) == []
