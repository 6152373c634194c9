"""The alignment map in Chromium: it draws, filters, focuses and clicks through; the tree twin
works from the keyboard and is what a phone shows first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.main_pages import Org, build_org, log_in
from tests.conftest import Cast
from waypoint.okrs.models import Objective, Period

pytestmark = pytest.mark.browser


def open_map(page: Page, org: Org, query: str = "") -> None:
    page.goto("/accounts/login/")
    log_in(page, org.cast.alice)
    page.goto(f"/alignment/?period={org.period.slug}{query}")
    page.wait_for_selector("[data-map-ready]", timeout=15_000)


def node_ids(page: Page) -> set[str]:
    return set(page.evaluate("() => window.alignmentMap.cy.nodes().map((n) => n.id())"))


def tap(page: Page, objective_id: int) -> None:
    """Click the node where Cytoscape drew it on the screen."""
    page.locator("[data-map-canvas]").scroll_into_view_if_needed()
    page.wait_for_timeout(150)  # Cytoscape re-reads its container's place after a scroll
    box = page.evaluate(
        f"""() => {{
            const cy = window.alignmentMap.cy;
            const node = cy.getElementById('{objective_id}');
            cy.center(node);
            const rect = cy.container().getBoundingClientRect();
            const at = node.renderedPosition();
            return {{ x: rect.left + at.x, y: rect.top + at.y }};
        }}"""
    )
    page.mouse.click(box["x"], box["y"])


def test_the_map_draws_every_objective_with_its_links(
    page: Page, cast: Cast, quarter: Period
) -> None:
    org = build_org(cast, quarter)
    open_map(page, org)
    expected = {str(o.pk) for o in (org.company_goal, org.objective, org.virtual_objective)}
    assert expected <= node_ids(page)
    edges = page.evaluate("() => window.alignmentMap.cy.edges().length")
    assert edges >= 3
    assert page.locator("[data-map-error]").count() == 0
    expect(page.locator("[data-map-status]")).to_contain_text("Laid out in")
    laid_out = page.evaluate("() => window.alignmentMap.cy.nodes().map((n) => n.position('x'))")
    assert len(set(laid_out)) > 1  # positions came from the layout, not all at the origin


def test_the_search_filter_narrows_the_map(page: Page, cast: Cast, quarter: Period) -> None:
    org = build_org(cast, quarter)
    open_map(page, org)
    page.get_by_label("Search titles").fill("checkout")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("[data-map-ready]")
    assert node_ids(page) == {str(org.objective.pk), str(org.company_goal.pk)}


def test_focus_and_click_through_to_the_objective(page: Page, cast: Cast, quarter: Period) -> None:
    org = build_org(cast, quarter)
    open_map(page, org)
    tap(page, org.objective.pk)
    panel = page.locator("[data-map-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator("h3")).to_have_text(org.objective.title)
    panel.get_by_role("link", name="Focus here").click()
    page.wait_for_selector("[data-map-ready]")
    assert node_ids(page) == {str(org.objective.pk), str(org.company_goal.pk)}
    expect(page.locator("[data-map-summary]")).to_contain_text("Focused on")
    tap(page, org.objective.pk)
    page.locator("[data-map-panel]").get_by_role("link", name="Open objective").click()
    expect(page.locator("h1")).to_have_text(org.objective.title)


def test_collapsing_a_node_hides_what_contributes_to_it(
    page: Page, cast: Cast, quarter: Period
) -> None:
    org = build_org(cast, quarter)
    open_map(page, org)
    tap(page, org.company_goal.pk)
    button = page.locator("[data-panel-collapse]")
    button.click()
    visible = page.evaluate("() => window.alignmentMap.cy.nodes(':visible').map((n) => n.id())")
    assert visible == [str(org.company_goal.pk)]
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    assert page.evaluate("() => window.alignmentMap.cy.nodes(':visible').length") >= 4


def test_the_tree_opens_and_closes_by_keyboard(page: Page, cast: Cast, quarter: Period) -> None:
    org = build_org(cast, quarter)
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(f"/alignment/?period={org.period.slug}&view=tree")
    company = page.locator(f'[data-tree-row][data-id="{org.company_goal.pk}"]')
    child = page.locator(f'[data-tree-row][data-id="{org.objective.pk}"]')
    toggle = company.locator("[data-tree-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    company.get_by_role("link").focus()
    page.keyboard.press("ArrowLeft")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(child).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(child).to_be_visible()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.closest('[data-tree-row]').dataset.id")
    assert focused != str(org.company_goal.pk)
    page.keyboard.press("ArrowLeft")  # a leaf: back up to its parent
    assert page.evaluate(
        "() => document.activeElement.closest('[data-tree-row]').dataset.id"
    ) == str(org.company_goal.pk)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_a_phone_gets_the_tree_first(page: Page, cast: Cast, quarter: Period) -> None:
    org = build_org(cast, quarter)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(f"/alignment/?period={org.period.slug}")
    expect(page.get_by_role("heading", name="Alignment tree")).to_be_visible()
    expect(page.locator("[data-alignment-map]")).to_be_hidden()
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_selector("[data-map-ready]")


def test_a_large_map_packs_leaf_objectives_in_boxes_and_stays_whole(
    page: Page, cast: Cast, quarter: Period
) -> None:
    org = build_org(cast, quarter)
    leaves = Objective.objects.bulk_create(
        [Objective(period=quarter, title=f"Leaf {n}", owner=cast.alice) for n in range(150)]
    )
    org.objective.child_objectives.add(*leaves)
    open_map(page, org, "&view=map")
    shown = page.evaluate("() => window.alignmentMap.cy.nodes('.objective').length")
    assert shown == 154
    boxes = page.evaluate("() => window.alignmentMap.cy.nodes('.group').length")
    assert boxes >= 1
    spots = page.evaluate(
        "() => window.alignmentMap.cy.nodes('.objective')"
        ".map((n) => [n.position('x'), n.position('y')])"
    )
    assert len({tuple(spot) for spot in spots}) == 154  # each in its own place, none piled up


def grow_departments(org: Org, cast: Cast, quarter: Period, departments: int, teams: int) -> None:
    """Under the company goal, ``departments`` objectives with ``teams`` objectives each."""
    tops = Objective.objects.bulk_create(
        [
            Objective(period=quarter, title=f"Department goal {d}", owner=cast.alice)
            for d in range(departments)
        ]
    )
    org.company_goal.child_objectives.add(*tops)
    for d, top in enumerate(tops):
        below = Objective.objects.bulk_create(
            [
                Objective(period=quarter, title=f"Team goal {d}.{t}", owner=cast.alice)
                for t in range(teams)
            ]
        )
        top.child_objectives.add(*below)


def test_a_big_organisation_opens_on_two_hundred_with_the_rest_collapsed_and_opens_on_demand(
    page: Page, cast: Cast, quarter: Period
) -> None:
    org = build_org(cast, quarter)
    grow_departments(org, cast, quarter, departments=30, teams=10)
    total = Objective.objects.filter(period=quarter, is_draft=False).count()
    open_map(page, org, "&view=map")
    assert page.evaluate("() => window.alignmentMap.cy.nodes('.objective').length") == 200
    collapsed = page.evaluate(
        "() => window.alignmentMap.cy.nodes('.collapsed')"
        ".map((n) => [n.id(), window.alignmentMap.data.nodes.find((o) => String(o.id) === n.id())"
        ".hidden, n.data('label')])"
    )
    assert len(collapsed) >= 10
    assert all(label.endswith(f"+ {hidden} more below") for _, hidden, label in collapsed)
    # Everything sits to the right of what it contributes to: the tree's own layout.
    assert page.evaluate(
        """() => { const cy = window.alignmentMap.cy;
            return window.alignmentMap.data.nodes.filter((n) => n.parent !== null).every((n) =>
              cy.getElementById(String(n.id)).position('x')
                > cy.getElementById(String(n.parent)).position('x')); }"""
    )
    closed = max(collapsed, key=lambda row: int(row[0]))  # the last department: nothing shown
    assert closed[1] == 10
    tap(page, int(closed[0]))
    where = page.evaluate(
        f"() => window.alignmentMap.cy.getElementById('{closed[0]}').renderedPosition()"
    )
    more = page.locator("[data-panel-more]")
    expect(more).to_have_text("Show 10 more below")
    more.click()
    page.wait_for_selector("[data-map-ready]")
    expect(more).to_be_hidden()
    assert page.evaluate("() => window.alignmentMap.cy.nodes('.objective').length") == 210
    node = f"window.alignmentMap.cy.getElementById('{closed[0]}')"
    assert not page.evaluate(f"() => {node}.hasClass('collapsed')")
    after = page.evaluate(f"() => {node}.renderedPosition()")
    assert abs(after["x"] - where["x"]) < 1 and abs(after["y"] - where["y"]) < 1  # kept in place
    teams = page.evaluate(
        f"() => window.alignmentMap.data.nodes.filter((n) => n.parent === {closed[0]}).length"
    )
    assert teams == 10

    open_map(page, org, "&view=map&all=on")
    assert page.evaluate("() => window.alignmentMap.cy.nodes('.objective').length") == total
    assert page.evaluate("() => window.alignmentMap.cy.nodes('.collapsed').length") == 0
