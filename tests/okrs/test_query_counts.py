"""Pages use a bounded number of queries whatever the size of the organisation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_unit
from waypoint.coach import refresh
from waypoint.okrs.models import Objective, Period
from waypoint.orgs.models import Organisation
from waypoint.personal.models import PersonalGoal, PersonalKeyResult

# Pages read stored coach findings (one indexed query each) and never diagnose.
MAX_QUERIES = 26
# A check-in re-checks its own objective when it commits (the neighbourhood snapshot: a fixed
# number of queries, whatever the organisation's size; its units' checks read no numbers).
CHECK_IN_QUERIES = 36


def grow(cast: Cast, quarter: Period, size: int) -> Objective:
    """Add `size` teams, each with objectives, key results and weeks of check-ins."""
    first: Objective | None = None
    for n in range(size):
        team = make_unit(f"Team {size}-{n}", "team", parent=cast.product, members=[cast.bob])
        for o in range(size):
            objective = make_objective(
                quarter,
                f"Objective {n}.{o}",
                owner=cast.alice,
                units=[team, cast.checkout] if o == 0 else [team],
            )
            first = first or objective
            for k in range(3):
                kr = make_key_result(objective, f"KR {k}", owner_unit=team, baseline=0, target=100)
                for week in range(size):
                    make_check_in(
                        kr,
                        10 * week,
                        author=cast.bob,
                        at=timezone.now() - timedelta(days=7 * (size - week)),
                    )
        goal = PersonalGoal.objects.create(owner=cast.bob, title=f"Goal {n}")
        PersonalKeyResult.objects.create(goal=goal, title="Read", kind="quantity", target=5)
    assert first is not None
    return first


def count(client: Client, url: str) -> int:
    refresh.flush()  # the writes' re-check of their findings, which a commit runs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES: dict[str, Callable[[Cast, Objective], str]] = {
    "company": lambda cast, o: reverse("okrs:home"),
    "department": lambda cast, o: cast.product.get_absolute_url(),
    "team": lambda cast, o: cast.checkout.get_absolute_url(),
    "objective": lambda cast, o: o.get_absolute_url(),
    "my okrs": lambda cast, o: reverse("okrs:my-okrs"),
    "company health": lambda cast, o: reverse("coach:health"),
    "team health": lambda cast, o: reverse("coach:unit-health", args=[cast.checkout.slug]),
}
# The Health pages read the stored findings and their trend, and fetch the subjects of
# findings with one query per kind of subject present (unit, objective, KR).
LIMITS = {"company health": 16, "team health": 16}
SUBJECT_KINDS = 3


@pytest.mark.parametrize("page", PAGES)
def test_the_page_query_count_does_not_grow_with_the_organisation(
    client: Client, cast: Cast, quarter: Period, page: str
) -> None:
    client.force_login(cast.bob)
    Organisation.current()  # the organisation's settings: read once, then from the cache
    small = count(client, PAGES[page](cast, grow(cast, quarter, 2)))
    large = count(client, PAGES[page](cast, grow(cast, quarter, 4)))
    print(f"{page}: {small} queries (small org), {large} queries (large org)")
    if page in LIMITS:
        assert abs(large - small) <= SUBJECT_KINDS
    else:
        assert small == large
    assert large <= LIMITS.get(page, MAX_QUERIES)


def test_a_check_in_takes_the_same_queries_whatever_the_size(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    Organisation.current()

    def check_in(objective: Objective) -> int:
        kr = objective.key_results.first()
        refresh.flush()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("okrs:check-in", args=[kr.pk]), {"value": "55", "confidence": "7"}
            )
            refresh.flush()  # what the commit runs: the re-check of the objective's findings
        assert response.status_code == 302
        return len(queries)

    small = check_in(grow(cast, quarter, 2))
    large = check_in(grow(cast, quarter, 4))
    print(f"check-in: {small} queries (small org), {large} queries (large org)")
    assert small == large <= CHECK_IN_QUERIES


def test_the_api_list_of_a_teams_objectives_takes_the_same_queries_whatever_the_size(
    client: Client, cast: Cast, quarter: Period
) -> None:
    from waypoint.api.actions import create_token

    secret = create_token(cast.bob, cast.bob, name="BI").secret

    def listing() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                f"/api/v1/objectives?unit={cast.checkout.slug}&limit=20",
                headers={"Authorization": f"Bearer {secret}"},
            )
        assert response.status_code == 200
        assert response.json()["count"] > 0
        return len(queries)

    grow(cast, quarter, 2)
    listing()  # the token's first use is recorded once
    small = listing()
    grow(cast, quarter, 4)
    large = listing()
    print(f"api objective list: {small} queries (small org), {large} queries (large org)")
    assert small == large <= MAX_QUERIES


def spread(cast: Cast, quarter: Period, size: int) -> None:
    """Add `size` departments under the company and `size` teams under Product, each with an
    objective, a key result and a check-in: more than a page of units below either page."""
    for n in range(size):
        for parent, kind in ((cast.company, "department"), (cast.product, "team")):
            unit = make_unit(f"{kind} {size}-{n}", kind, parent=parent)
            objective = make_objective(quarter, f"Objective {n}", owner=cast.alice, units=[unit])
            kr = make_key_result(objective, "KR", owner_unit=unit, baseline=0, target=100)
            make_check_in(kr, 10 * n, author=cast.bob)


@pytest.mark.parametrize("page", ["1", "2"])
def test_the_company_and_a_department_take_the_same_queries_with_pages_of_units_below(
    client: Client, cast: Cast, quarter: Period, page: str
) -> None:
    client.force_login(cast.bob)
    Organisation.current()
    urls = [reverse("okrs:home"), cast.product.get_absolute_url()]
    # Both sizes are past the sidebar's whole tree (WHOLE_TREE_UNITS) and a page of units.
    spread(cast, quarter, 45)  # four pages of units below
    small = [count(client, f"{url}?page={page}") for url in urls]
    spread(cast, quarter, 90)  # twelve pages
    large = [count(client, f"{url}?page={page}") for url in urls]
    print(f"company, department (page {page}): {small} queries (small org), {large} (large)")
    assert small == large
    assert max(large) <= MAX_QUERIES
