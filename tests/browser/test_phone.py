"""At home on a phone (390×844): nothing scrolls sideways, the menu and the unit tree fold
behind one button that works by tap and by keyboard, tap targets are big enough, and the Health
charts fit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.main_pages import MAIN_PAGES, MainPage, build_org, log_in, open_main_page
from tests.conftest import Cast
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# WCAG 2.5.8: 24×24 CSS px at least, except links inside a sentence. A checkbox or radio
# button counts with its label, which takes the tap too.
SMALL_TARGETS = """() => {
    const small = [];
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
    for (const el of document.querySelectorAll(selector + ", [role=button]")) {
        const style = getComputedStyle(el);
        if (el.closest("[hidden], [aria-hidden=true]") || style.visibility === "hidden") continue;
        if (el.tagName === "A" && style.display === "inline") continue;
        const label = el.matches("input[type=checkbox], input[type=radio]")
            && (el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`)));
        const box = (label || el).getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.width < 24 || box.height < 24) {
            const name = (el.textContent || el.name || el.id || "").trim().slice(0, 40);
            const size = `${box.width.toFixed(1)}x${box.height.toFixed(1)}`;
            small.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
        }
    }
    return small;
}"""


def phone_page(browser: Browser, live_server: object, **options: object) -> Page:
    context = browser.new_context(
        base_url=live_server.url,  # type: ignore[attr-defined]
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
        **options,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.mark.parametrize("main_page", [pytest.param(p, id=p.name) for p in MAIN_PAGES])
def test_the_page_fits_a_phone_and_its_targets_are_big_enough(
    page: Page, cast: Cast, quarter: Period, main_page: MainPage
) -> None:
    org = build_org(cast, quarter)
    open_main_page(page, main_page, org, "phone")
    overflow = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"{main_page.name} scrolls sideways: {overflow}"
    if page.locator("[data-menu-toggle]").is_visible():
        page.locator("[data-menu-toggle]").click()  # measure the menu's links as well
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"{main_page.name}: {small}"


def test_the_menu_is_folded_and_opens_by_tap(
    browser: Browser, live_server: object, cast: Cast, quarter: Period
) -> None:
    page = phone_page(browser, live_server)
    page.goto("/accounts/login/")
    log_in(page, cast.bob)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Main")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(main_menu).to_be_hidden()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    main_menu.get_by_role("link", name="My OKRs").tap()
    expect(page).to_have_url(f"{live_server.url}/my/")  # type: ignore[attr-defined]
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()  # folded on the new page
    page.context.close()


def test_the_menu_opens_and_closes_by_keyboard(
    browser: Browser, live_server: object, cast: Cast, quarter: Period
) -> None:
    page = phone_page(browser, live_server)
    page.goto("/accounts/login/")
    log_in(page, cast.bob)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    for _ in range(5):  # skip link, brand, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.hasAttribute('data-menu-toggle')"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Company")
    ).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.context.close()


def test_the_unit_tree_is_reachable_from_the_menu(
    browser: Browser, live_server: object, cast: Cast, quarter: Period
) -> None:
    page = phone_page(browser, live_server)
    page.goto("/accounts/login/")
    log_in(page, cast.bob)
    page.goto("/")
    tree = page.get_by_role("navigation", name="Organisation")
    expect(tree).to_be_hidden()
    page.get_by_role("button", name="Menu").tap()
    tree.get_by_role("link", name="Search").tap()
    expect(page.locator("h1")).to_contain_text("Search")
    page.context.close()


def test_without_javascript_the_menu_and_the_tree_stay_open(
    browser: Browser, live_server: object, cast: Cast, quarter: Period
) -> None:
    page = phone_page(browser, live_server, java_script_enabled=False)
    page.goto("/accounts/login/")
    log_in(page, cast.bob)
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Health")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Search")
    ).to_be_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth")
    page.context.close()


def test_the_health_charts_fit_a_phone_with_every_label_whole(
    page: Page, cast: Cast, quarter: Period
) -> None:
    build_org(cast, quarter)
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto("/coach/health/")
    page.wait_for_selector("[data-heatmap][data-drawn] svg text", state="attached")
    heatmap = page.evaluate(
        """() => {
            const el = document.querySelector("[data-heatmap]");
            const svg = el.querySelector("svg").getBoundingClientRect();
            const families = JSON.parse(el.querySelector("script").textContent).families;
            const drawn = [...el.querySelectorAll("svg text")].map((t) => t.textContent).join(" ");
            const words = families.flatMap((f) => f.split(/\\s+/));
            return {
                fits: svg.left >= 0 && svg.right <= innerWidth && svg.width >= 0.75 * innerWidth,
                missing: words.filter((w) => !drawn.includes(w)),
                cut: drawn.includes("..."),
            };
        }"""
    )
    assert heatmap == {"fits": True, "missing": [], "cut": False}
    trend_fits = page.evaluate(
        "() => { const box = document.querySelector('[data-trend] svg').getBoundingClientRect();"
        " return box.right <= innerWidth && box.width >= 0.75 * innerWidth; }"
    )
    assert trend_fits
