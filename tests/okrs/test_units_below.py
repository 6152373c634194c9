"""A unit's page sums up the units below it, a page of them at a time, and links down."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period, make_unit
from waypoint.okrs.models import Period


def tiles(page: str) -> str:
    return page.split('id="children-heading"')[1].split("</section>")[0]


def test_a_teams_tile_sums_up_its_objectives(client: Client, cast: Cast) -> None:
    today = timezone.localdate()
    # A period that has ended: all of it is expected, so an objective at 0 % is off track.
    sprint = make_period("custom", "Last sprint", today - timedelta(days=30), today - timedelta(1))
    checkout = {"owner": cast.alice, "units": [cast.checkout]}
    done = make_objective(sprint, "Checkout in one step", **checkout)
    behind = make_objective(sprint, "Fewer failed payments", **checkout)
    for objective, value, confidence in ((done, 100, 8), (behind, 0, 4)):
        kr = make_key_result(
            objective, "Steps from 0 to 100", owner_unit=cast.checkout, baseline=0, target=100
        )
        make_check_in(kr, value, confidence=confidence, author=cast.bob)
    client.force_login(cast.charlie)
    page = client.get(f"{cast.product.get_absolute_url()}?period={sprint.slug}").content.decode()
    link = f'href="{cast.checkout.get_absolute_url()}?period={sprint.slug}"'
    tile = tiles(page).split(link)[1].split("</a>")[0]
    assert "2 objectives · 50% progress · confidence 6.0/10" in tile
    assert "1 at risk or off track" in tile
    assert "Checkout in one step" in tile and "Fewer failed payments" in tile


def test_a_department_shows_its_teams_a_page_at_a_time(
    client: Client, cast: Cast, quarter: Period
) -> None:
    for n in range(15):
        make_unit(f"Team {n:02}", "team", parent=cast.product)
    client.force_login(cast.bob)
    url = cast.product.get_absolute_url()
    first = tiles(client.get(url).content.decode())
    assert "18 in all" in first and "1–12 of 18" in first
    assert first.index(">Checkout<") < first.index(">Search<") < first.index(">Team 09<")
    assert "Team 10" not in first and "Checkout Experience" not in first
    assert f'href="?period={quarter.slug}&amp;page=2#children-heading">Next</a>' in first
    assert ">Previous</a>" not in first
    second = tiles(client.get(f"{url}?period={quarter.slug}&page=2").content.decode())
    assert "13–18 of 18" in second and "Team 14" in second and "Checkout Experience" in second
    assert "Team 09" not in second and ">Next</a>" not in second
    assert f'href="?period={quarter.slug}&amp;page=1#children-heading">Previous</a>' in second
    # A page number past the end, or not a number, shows the last or the first page.
    assert "Team 14" in tiles(client.get(f"{url}?page=9").content.decode())
    assert "Team 09" in tiles(client.get(f"{url}?page=x").content.decode())


def test_a_unit_with_none_below_shows_no_section_of_units(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    page = client.get(cast.checkout.get_absolute_url()).content.decode()
    assert 'id="children-heading"' not in page
