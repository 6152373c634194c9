"""The organisation sidebar on every page: the whole tree in an organisation of a few dozen
units, and in a large one its top, the way down to the unit on screen and the person's own
units — in the same few queries however many units there are."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast
from tests.factory import make_unit
from waypoint.context_processors import TOP_UNITS, WHOLE_TREE_UNITS, sidebar
from waypoint.orgs.models import Unit


def grow(cast: Cast, teams: int) -> list[Unit]:
    """Divisions of departments of teams under the company, `teams` teams in all."""
    made = []
    for n in range(teams):
        division = make_unit(f"Division {n // 40}", "department", parent=cast.company)
        department = make_unit(f"Department {n // 8}", "department", parent=division)
        made.append(make_unit(f"Team {n}", "team", parent=department))
    return made


def shown(bar) -> set[str]:  # noqa: ANN001
    return {u.name for unit, below in bar.tree for u in (unit, *below)}


def test_a_small_organisation_sees_its_whole_tree(cast: Cast) -> None:
    bar = sidebar(cast.bob)
    assert not bar.abridged
    assert [(unit.name, [t.name for t in teams]) for unit, teams in bar.tree] == [
        ("Acme", []),
        ("Finance", []),
        ("Product", ["Checkout", "Checkout Experience", "Search"]),
    ]


def test_a_large_organisation_sees_its_top_its_own_units_and_the_way_down(cast: Cast) -> None:
    teams = grow(cast, WHOLE_TREE_UNITS + 40)
    here = teams[-1]
    bar = sidebar(cast.bob, here.slug)
    assert bar.abridged and bar.units == Unit.objects.active().count()
    assert [u.name for u in bar.mine] == ["Checkout"]
    names = shown(bar)
    assert {"Acme", "Product", "Finance", "Division 0", "Division 2"} <= names
    # The division on the way down is open (its departments shown); the others are closed.
    assert here.parent.name in names and here.parent.pk in bar.path
    assert "Department 0" not in names
    assert not any(name.startswith("Team ") for name in names)


def test_a_large_organisations_sidebar_costs_the_same_however_many_units(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.bob)

    def unit_page(teams: int) -> tuple[int, str]:
        made = grow(cast, teams)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(made[-1].get_absolute_url()).content.decode()
        return len(queries), page

    fewer, page = unit_page(WHOLE_TREE_UNITS + 10)
    more, page_of_more = unit_page(3 * WHOLE_TREE_UNITS)
    assert fewer == more
    for shown_page in (page, page_of_more):
        assert "units</a>" in shown_page  # the link to all of them
        assert shown_page.count('class="sidebar__unit') < 40


def test_a_large_organisation_lists_a_bounded_top_with_the_way_down_always_in_it(
    cast: Cast,
) -> None:
    grow(cast, WHOLE_TREE_UNITS)
    divisions = [
        make_unit(f"Zone {n:02}", "department", parent=cast.company) for n in range(TOP_UNITS)
    ]
    here = make_unit("Far team", "team", parent=divisions[-1])
    bar = sidebar(cast.bob, here.slug)
    tops = [unit.name for unit, _ in bar.tree]
    assert len(tops) == TOP_UNITS + 1  # the top units, and the division on the way down
    assert tops[0] == "Acme" and "Zone 39" in tops and "Zone 38" not in tops
    assert [t.name for unit, teams in bar.tree for t in teams if unit.name == "Zone 39"] == [
        "Far team"
    ]
