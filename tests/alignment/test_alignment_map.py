"""The alignment map's data endpoint and the page with its tree: who reads, what it holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localdate

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_unit
from waypoint.alignment.graph import Filters, load, payload, select
from waypoint.okrs.models import Objective, Period

MAP = reverse("alignment:map")
DATA = reverse("alignment:map-data")


@pytest.fixture
def org(cast: Cast, quarter: Period, year: Period) -> dict[str, Objective]:
    company = make_objective(
        year, "Become the easiest shop to buy from", owner=cast.admin, units=[cast.company]
    )
    company_kr = make_key_result(
        company, "Repeat purchases from 20% to 30%", owner_unit=cast.company, baseline=20, target=30
    )
    product = make_objective(
        quarter,
        "Shoppers finish what they start",
        owner=cast.alice,
        units=[cast.product],
        parent_krs=[company_kr],
    )
    checkout = make_objective(
        quarter,
        "Make checkout effortless",
        owner=cast.alice,
        units=[cast.checkout],
        parents=[product],
    )
    kr = make_key_result(
        checkout, "Mobile conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.5, confidence=3, author=cast.bob)
    shared = make_objective(
        quarter,
        "One journey from search to paid",
        owner=cast.charlie,
        units=[cast.search, cast.checkout],
        parents=[product, checkout],
    )
    alone = make_objective(
        quarter, "Tidy the search index", owner=cast.charlie, units=[cast.search]
    )
    return {
        "company": company,
        "product": product,
        "checkout": checkout,
        "shared": shared,
        "alone": alone,
    }


def ids(data: dict) -> list[int]:
    return [node["id"] for node in data["nodes"]]


def test_everyone_logged_in_reads_the_map_and_its_data(
    client: Client, cast: Cast, org: dict
) -> None:
    client.force_login(cast.charlie)
    page = client.get(MAP)
    assert page.status_code == 200
    assert "Make checkout effortless" in page.content.decode()
    data = client.get(DATA).json()
    assert set(ids(data)) == {o.pk for o in org.values()}
    client.logout()
    assert client.get(DATA).status_code == 302


def test_the_data_holds_links_progress_confidence_and_owners(
    client: Client, cast: Cast, org: dict
) -> None:
    client.force_login(cast.bob)
    data = client.get(DATA).json()
    nodes = {node["id"]: node for node in data["nodes"]}
    checkout = nodes[org["checkout"].pk]
    assert checkout["parent"] == org["product"].pk
    assert (checkout["progress"], checkout["confidence"], checkout["band"]) == (0.5, 3, "low")
    assert checkout["pace"] in {"at_risk", "off_track"}  # low confidence caps it at at-risk
    shared = nodes[org["shared"].pk]
    assert shared["shared"] and set(shared["owners"].split(" · ")) == {"Checkout", "Search"}
    assert nodes[org["company"].pk]["context"] is True  # the year's goal, above the quarter
    assert nodes[org["product"].pk]["parent"] == org["company"].pk  # through its key result
    edges = {(e["source"], e["target"], e["kind"]) for e in data["edges"]}
    assert (org["shared"].pk, org["product"].pk, "contributes") in edges
    assert (org["shared"].pk, org["checkout"].pk, "also") in edges


def test_focus_keeps_ancestors_and_descendants(client: Client, cast: Cast, org: dict) -> None:
    client.force_login(cast.bob)
    data = client.get(DATA, {"focus": org["checkout"].pk}).json()
    assert set(ids(data)) == {org[k].pk for k in ("company", "product", "checkout", "shared")}
    assert data["focus"] == org["checkout"].pk


def test_unit_and_search_filters_keep_the_chain_above(
    client: Client, cast: Cast, org: dict
) -> None:
    client.force_login(cast.bob)
    by_unit = client.get(DATA, {"unit": cast.search.slug}).json()
    assert set(ids(by_unit)) == {
        org[k].pk for k in ("company", "product", "checkout", "shared", "alone")
    }
    found = client.get(DATA, {"q": "CHECKOUT"}).json()
    assert set(ids(found)) == {org[k].pk for k in ("company", "product", "checkout")}
    assert [n["match"] for n in found["nodes"] if n["id"] == org["checkout"].pk] == [True]
    nothing = client.get(MAP, {"q": "no such words"})
    assert "No objectives match these filters" in nothing.content.decode()


def test_bad_filters_get_a_clear_error(client: Client, cast: Cast, org: dict) -> None:
    client.force_login(cast.bob)
    response = client.get(DATA, {"unit": "no-such-unit", "focus": "x"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"unit", "focus"}
    page = client.get(MAP, {"unit": "no-such-unit"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    assert client.get(DATA, {"period": "no-such-period"}).status_code == 404


def test_the_tree_places_each_objective_under_what_it_contributes_to(
    client: Client, cast: Cast, org: dict
) -> None:
    client.force_login(cast.bob)
    html = client.get(MAP, {"view": "tree"}).content.decode()
    company, product, checkout = (
        html.index(f'data-id="{org[k].pk}"') for k in ("company", "product", "checkout")
    )
    assert company < product < checkout
    assert (
        f'data-id="{org["checkout"].pk}" data-path="{org["company"].pk} {org["product"].pk}"'
        in html
    )


def test_the_default_shows_two_hundred_around_the_top_and_all_on_demand(
    client: Client, cast: Cast, quarter: Period
) -> None:
    team = make_unit("Big team", "team", parent=cast.product, members=[cast.bob])
    root = make_objective(quarter, "Root", owner=cast.alice, units=[team])
    Objective.objects.bulk_create(
        [Objective(period=quarter, title=f"Leaf {n}", owner=cast.alice) for n in range(230)]
    )
    leaves = list(Objective.objects.filter(title__startswith="Leaf"))
    root.child_objectives.add(*leaves)
    client.force_login(cast.bob)
    data = client.get(DATA).json()
    assert (len(data["nodes"]), data["total"], data["truncated"]) == (200, 231, True)
    assert data["nodes"][0]["id"] == root.pk
    assert data["nodes"][0]["hidden"] == 31  # drawn collapsed: 31 below it left out
    assert {n["hidden"] for n in data["nodes"][1:]} == {0}
    opened = client.get(DATA, {"focus": root.pk, "all": "on"}).json()
    assert (len(opened["nodes"]), opened["nodes"][0]["hidden"]) == (231, 0)
    everything = client.get(DATA, {"all": "on"}).json()
    assert (len(everything["nodes"]), everything["truncated"]) == (231, False)


def grow(cast: Cast, quarter: Period, teams: int) -> None:
    for n in range(teams):
        team = make_unit(f"Team {teams}-{n}", "team", parent=cast.product)
        top = make_objective(
            quarter, f"Team goal {n}", owner=cast.alice, units=[team, cast.checkout]
        )
        for o in range(3):
            child = make_objective(
                quarter, f"Goal {n}.{o}", owner=cast.bob, units=[team], parents=[top]
            )
            kr = make_key_result(child, f"KR {n}.{o}", owner_unit=team, baseline=0, target=10)
            make_check_in(kr, 4, confidence=6, author=cast.bob)


def test_the_data_endpoint_needs_the_same_queries_whatever_the_size(
    client: Client, cast: Cast, quarter: Period, year: Period
) -> None:
    client.force_login(cast.bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DATA, {"all": "on"}).status_code == 200
        return len(captured)

    grow(cast, quarter, 2)
    small = queries()
    grow(cast, quarter, 12)
    assert queries() == small <= 14


def grow_departments(cast: Cast, quarter: Period, year: Period, teams: int) -> None:
    """A company goal for the year, twenty department goals under it this quarter (one
    through its key result), each with ``teams`` team goals; and a goal linked to nothing."""
    company = make_objective(year, "Company goal", owner=cast.alice, units=[cast.company])
    kr = make_key_result(company, "Company KR", owner_unit=cast.company, baseline=0, target=1)
    for d in range(20):
        department = make_objective(
            quarter,
            f"Department goal {d}",
            owner=cast.alice,
            units=[cast.product],
            **({"parent_krs": [kr]} if d % 2 else {"parents": [company]}),
        )
        below = Objective.objects.bulk_create(
            [
                Objective(period=quarter, title=f"Team goal {d}.{t}", owner=cast.bob)
                for t in range(teams)
            ]
        )
        department.child_objectives.add(*below)
    make_objective(quarter, "Linked to nothing", owner=cast.bob, units=[cast.search])


def test_the_default_view_shows_what_the_whole_period_walk_would(
    client: Client, cast: Cast, quarter: Period, year: Period
) -> None:
    grow_departments(cast, quarter, year, teams=15)
    client.force_login(cast.bob)
    default = client.get(DATA).json()
    graph = load(quarter, localdate())
    whole = payload(graph, Filters(), select(graph, Filters()))
    assert default == whole
    assert (len(default["nodes"]), default["total"], default["truncated"]) == (200, 322, True)


def test_the_default_view_reads_the_same_queries_and_rows_whatever_the_size(
    client: Client, cast: Cast, quarter: Period, year: Period
) -> None:
    client.force_login(cast.bob)

    def reads() -> tuple[int, int]:
        statements: list[tuple[str, object]] = []

        def record(execute, sql, params, many, context):  # noqa: ANN001, ANN202
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            assert client.get(DATA).status_code == 200
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in statements:
                if sql.lstrip().upper().startswith("SELECT"):
                    cursor.execute(sql, params)
                    rows += len(cursor.fetchall())
        return len(statements), rows

    grow_departments(cast, quarter, year, teams=15)
    small = reads()
    for d in range(20):  # now 60 teams under each department: four times the organisation
        department = Objective.objects.get(title=f"Department goal {d}")
        department.child_objectives.add(
            *Objective.objects.bulk_create(
                [
                    Objective(period=quarter, title=f"More {d}.{t}", owner=cast.bob)
                    for t in range(45)
                ]
            )
        )
    large = reads()
    assert large[0] <= small[0] <= 40
    assert large[1] <= small[1] * 1.25  # four times the objectives, about the same rows
