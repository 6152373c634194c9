"""OKRs planted for the coach tests: a company goal, a good and a bad Checkout objective, and a
bad Search objective, all linked up and checked in this week so only what they say is judged."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.cadence.models import Review
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Person


@dataclass(frozen=True)
class Planted:
    company_goal: Objective
    good: Objective
    good_kr: KeyResult
    bad: Objective
    bad_kr: KeyResult
    search_bad: Objective
    search_bad_kr: KeyResult


def checked_in(kr: KeyResult, value: float, author: Person) -> KeyResult:
    make_check_in(kr, value, author=author)
    kr.refresh_from_db()
    return kr


def plant(cast: Cast, period: Period) -> Planted:
    for unit in (cast.company, cast.checkout, cast.search):
        # Each unit held its mid-quarter review, whatever today's date.
        Review.objects.create(unit=unit, period=period, kind="mid_quarter", held_on=period.start)
    company_goal = make_objective(
        period, "Become the easiest shop to buy from", owner=cast.admin, units=[cast.company]
    )
    company_kr = make_key_result(
        company_goal,
        "Raise repeat purchase rate from 20% to 30%",
        owner_unit=cast.company,
        baseline=20,
        target=30,
    )
    checked_in(company_kr, 22, cast.admin)
    good = make_objective(
        period,
        "Make checkout effortless on mobile",
        owner=cast.bob,
        units=[cast.checkout],
        parents=[company_goal],
    )
    good_kr = make_key_result(
        good,
        "Raise checkout conversion from 2% to 3%",
        owner_unit=cast.checkout,
        baseline=2,
        target=3,
    )
    bad = make_objective(
        period,
        "Shoppers trust our checkout",
        owner=cast.bob,
        units=[cast.checkout],
        parents=[company_goal],
    )
    bad_kr = make_key_result(
        bad,
        "Publish 4 blog posts",
        owner_unit=cast.checkout,
        kind=KeyResult.Kind.QUANTITY,
        target=4,
    )
    search_bad = make_objective(
        period,
        "Shoppers find what they came for",
        owner=cast.charlie,
        units=[cast.search],
        parents=[company_goal],
    )
    search_bad_kr = make_key_result(
        search_bad,
        "Write 3 search tutorials",
        owner_unit=cast.search,
        kind=KeyResult.Kind.QUANTITY,
        target=3,
    )
    return Planted(
        company_goal=company_goal,
        good=good,
        good_kr=checked_in(good_kr, 2.4, cast.bob),
        bad=bad,
        bad_kr=checked_in(bad_kr, 1, cast.bob),
        search_bad=search_bad,
        search_bad_kr=checked_in(search_bad_kr, 1, cast.charlie),
    )


@pytest.fixture
def planted(cast: Cast, quarter: Period) -> Planted:
    return plant(cast, quarter)


def login(client: Client, person: Person) -> Client:
    client.force_login(person)
    return client
