"""The coach in the pages people read: the Health pages, the unit badge and the objective panel."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.coach.conftest import Planted, checked_in, login
from tests.conftest import Cast
from tests.factory import (
    ensure_periods,
    make_key_result,
    make_objective,
)
from waypoint.coach import service
from waypoint.okrs import views
from waypoint.okrs.models import KeyResult, Period
from waypoint.seed import make_personal_goal, make_personal_key_result


def company_health(client: Client, period: Period) -> str:
    response = client.get(f"{reverse('coach:health')}?period={period.slug}")
    assert response.status_code == 200
    return response.content.decode()


def unit_health(client: Client, slug: str, period: Period) -> str:
    response = client.get(f"{reverse('coach:unit-health', args=[slug])}?period={period.slug}")
    assert response.status_code == 200
    return response.content.decode()


def chart_data(page: str, marker: str) -> dict:
    """The JSON the chart in the element carrying `marker` (data-heatmap, data-trend) reads."""
    match = re.search(
        rf"<div[^>]*\b{marker}\b[^>]*>\s*<script[^>]*type=\"application/json\"[^>]*>(.*?)</script>",
        page,
        re.S,
    )
    assert match, f"no json_script inside the {marker} chart"
    return json.loads(match.group(1))


def findings_heading(page: str) -> int:
    match = re.search(r'id="findings-heading"[^>]*>(\d+) finding', page)
    assert match, "no findings count on the Health page"
    return int(match.group(1))


def test_the_company_health_page_lists_an_output_kr_with_its_fix_and_a_link(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    page = html.unescape(company_health(login(client, cast.bob), quarter))
    assert "“Publish 4 blog posts” describes work to finish" in page
    assert "Grow organic visitors from blog posts from __ to __ a month" in page
    assert reverse("okrs:key-result-detail", args=[planted.bad_kr.pk]) in page


def test_a_good_linked_okr_with_baseline_and_target_is_not_listed(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    page = html.unescape(company_health(login(client, cast.bob), quarter))
    assert "Raise checkout conversion from 2% to 3%" not in page
    assert "Make checkout effortless on mobile" not in page
    assert reverse("okrs:key-result-detail", args=[planted.good_kr.pk]) not in page


def test_a_unit_health_page_includes_its_child_units_and_leaves_out_the_others(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.bob)
    product = html.unescape(unit_health(client, cast.product.slug, quarter))
    checkout = html.unescape(unit_health(client, cast.checkout.slug, quarter))
    assert "Publish 4 blog posts" in product
    assert "Write 3 search tutorials" in product
    assert "Finance is a supporting unit" not in product
    assert "Publish 4 blog posts" in checkout
    assert "Write 3 search tutorials" not in checkout
    assert findings_heading(checkout) == 1
    assert findings_heading(product) == 2


def test_an_unknown_unit_or_period_is_not_found(
    client: Client, cast: Cast, quarter: Period
) -> None:
    login(client, cast.bob)
    assert client.get(reverse("coach:unit-health", args=["no-such-unit"])).status_code == 404
    assert client.get(f"{reverse('coach:health')}?period=no-such-period").status_code == 404


def test_the_heatmap_counts_findings_in_their_family_and_level(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    # Checkout's output KR belongs to a team objective owned by bob: Activity-focused × Team.
    heatmap = chart_data(
        unit_health(login(client, cast.bob), cast.checkout.slug, quarter), "data-heatmap"
    )
    family = heatmap["families"].index("Activity-focused")
    level = heatmap["levels"].index("Team")
    counts = {(fi, li): n for li, fi, n in heatmap["cells"]}
    assert counts[(family, level)] == 1
    assert sum(counts.values()) == 1
    assert len(counts) == len(heatmap["families"]) * len(heatmap["levels"])
    assert heatmap["max"] == 1


def test_the_heatmap_puts_a_leadership_owned_kr_in_the_product_leadership_column(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Shoppers pay in one tap", owner=cast.alice, units=[cast.checkout]
    )
    checked_in(
        make_key_result(
            objective,
            "Ship one-click checkout",
            owner_unit=cast.checkout,
            kind=KeyResult.Kind.COMPLETION,
        ),
        50,
        cast.alice,
    )
    heatmap = chart_data(
        unit_health(login(client, cast.alice), cast.checkout.slug, quarter), "data-heatmap"
    )
    counts = {(heatmap["families"][fi], heatmap["levels"][li]): n for li, fi, n in heatmap["cells"]}
    assert counts[("Activity-focused", "Product leadership")] == 1
    assert counts[("Activity-focused", "Team")] == 0


def test_the_trend_covers_the_previous_quarters_oldest_first(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    ensure_periods(quarter.start - timedelta(days=365))
    previous = Period.objects.filter(kind="quarter", end__lt=quarter.start).order_by("-start")
    last_quarter, earlier = previous[0], list(previous[1:3])
    old = make_objective(last_quarter, "Shoppers come back", owner=cast.bob, units=[cast.checkout])
    make_key_result(
        old, "Send 3 newsletters", owner_unit=cast.checkout, kind=KeyResult.Kind.QUANTITY, target=3
    )

    trend = chart_data(
        unit_health(login(client, cast.bob), cast.checkout.slug, quarter), "data-trend"
    )
    assert trend["periods"] == [p.name for p in [*reversed(earlier), last_quarter, quarter]]
    # The old quarter's output KR, then this quarter's.
    assert trend["series"]["Activity-focused"] == [0, 0, 1, 1]


def test_the_trend_of_a_year_covers_its_own_quarters(
    client: Client, cast: Cast, year: Period
) -> None:
    ensure_periods(year.start - timedelta(days=1))
    trend = chart_data(company_health(login(client, cast.bob), year), "data-trend")
    own = Period.objects.filter(kind="quarter", start__gte=year.start, end__lte=year.end)
    assert trend["periods"] == [p.name for p in own.order_by("start")]


def test_the_unit_page_shows_the_coach_badge_with_the_count_of_its_findings(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.bob)
    response = client.get(f"{cast.product.get_absolute_url()}?period={quarter.slug}")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge" aria-label="2 coach findings">2</span>' in page
    assert f"{reverse('coach:unit-health', args=[cast.product.slug])}?period={quarter.slug}" in page


def test_the_company_page_counts_the_whole_organisations_findings_up_to_99(
    client: Client, cast: Cast, quarter: Period, planted: Planted, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(client, cast.bob)
    url = f"{reverse('okrs:home')}?period={quarter.slug}"
    shown = len(service.diagnose_period(quarter).findings)  # what the company Health page lists
    assert 2 < shown <= 99
    page = client.get(url).content.decode()
    assert f'<span class="badge" aria-label="{shown} coach findings">{shown}</span>' in page
    assert f'href="{reverse("coach:health")}?period={quarter.slug}"' in page
    # Past the limit the page stops counting: the Health page has them all.
    monkeypatch.setattr(views, "COACH_COUNT_UP_TO", 2)
    page = client.get(url).content.decode()
    assert '<span class="badge" aria-label="More than 2 coach findings">2+</span>' in page


def test_a_unit_without_findings_shows_no_badge(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    response = login(client, cast.bob).get(
        f"{cast.virtual.get_absolute_url()}?period={quarter.slug}"
    )
    assert response.status_code == 200
    assert 'aria-label="0 coach findings"' not in response.content.decode()
    assert '<span class="stat__value">✓</span>' in response.content.decode()


def test_the_objective_page_shows_the_coach_panel_with_the_finding(
    client: Client, cast: Cast, planted: Planted
) -> None:
    page = html.unescape(
        login(client, cast.bob).get(planted.bad.get_absolute_url()).content.decode()
    )
    assert 'class="card coach-panel"' in page
    assert "“Publish 4 blog posts” describes work to finish" in page
    assert "Dismiss finding" in page


def test_a_good_objective_page_has_a_quiet_coach_panel(
    client: Client, cast: Cast, planted: Planted
) -> None:
    page = login(client, cast.bob).get(planted.good.get_absolute_url()).content.decode()
    assert "No findings: this objective is focused, measurable and connected." in page
    assert "Publish 4 blog posts" not in page


def test_an_objective_without_key_results_is_told_to_add_them(
    client: Client, cast: Cast, planted: Planted
) -> None:
    bare = make_objective(
        planted.good.period,
        "Shoppers come back for a second order",
        owner=cast.bob,
        units=[cast.checkout],
        parents=[planted.company_goal],
    )
    page = html.unescape(login(client, cast.bob).get(bare.get_absolute_url()).content.decode())
    assert "“Shoppers come back for a second order” has no key results yet." in page
    assert "Add 2–3 key results that show the change" in page
    assert "No findings: this objective is focused, measurable and connected." not in page


def test_a_key_result_whose_title_contradicts_its_numbers_is_listed(
    client: Client, cast: Cast, planted: Planted, quarter: Period
) -> None:
    kr = make_key_result(
        planted.good,
        "Raise checkout conversion on mobile from 22% to 40%",
        owner_unit=cast.checkout,
        baseline=10,
        target=90,
    )
    checked_in(kr, 12, cast.bob)
    page = html.unescape(company_health(login(client, cast.bob), quarter))
    assert "the title says 22 but the baseline is 10" in page
    assert "the title says 40 but the target is 90" in page


def test_personal_goals_never_show_up_in_the_findings(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    goal = make_personal_goal(cast.bob, "Write more", period=quarter)
    make_personal_key_result(goal, "Publish 12 blog posts on my own site", target=12)
    page = html.unescape(company_health(login(client, cast.bob), quarter))
    assert "Publish 12 blog posts on my own site" not in page
    assert "Publish 4 blog posts" in page  # the organisation's own output KR still is
    checkout = unit_health(client, cast.checkout.slug, quarter)
    assert findings_heading(checkout) == 1
