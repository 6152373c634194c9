"""Contribution links form a hierarchy: a link that would loop back is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs import actions
from waypoint.okrs.models import Objective, Period


@pytest.fixture
def chain(cast: Cast, quarter: Period, year: Period) -> tuple[Objective, Objective, Objective]:
    """Company goal ← product objective ← checkout objective."""
    top = make_objective(
        year, "Customers trust us with their money", owner=cast.admin, units=[cast.company]
    )
    middle = make_objective(
        quarter, "Payments that never fail", owner=cast.alice, units=[cast.product], parents=[top]
    )
    bottom = make_objective(
        quarter,
        "Make checkout effortless",
        owner=cast.alice,
        units=[cast.checkout],
        parents=[middle],
    )
    return top, middle, bottom


def test_a_direct_loop_is_refused(cast: Cast, chain) -> None:  # noqa: ANN001
    top, middle, bottom = chain
    with pytest.raises(ValidationError, match="loop"):
        actions.change_objective(cast.admin, middle, {"parent_objectives": [bottom]})
    assert list(middle.parent_objectives.all()) == [top]


def test_a_loop_through_a_key_result_is_refused(cast: Cast, chain) -> None:  # noqa: ANN001
    top, middle, bottom = chain
    kr = make_key_result(
        bottom, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    with pytest.raises(ValidationError, match="loop"):
        actions.change_objective(cast.admin, top, {"parent_key_results": [kr]})
    assert not top.parent_key_results.exists()


def test_the_page_names_the_loop(client: Client, cast: Cast, chain) -> None:  # noqa: ANN001
    top, middle, bottom = chain
    client.force_login(cast.admin)
    response = client.post(
        reverse("okrs:objective-edit", args=[middle.pk]),
        {
            "title": middle.title,
            "owner": middle.owner_id,
            "units": [cast.product.pk],
            "stretch": middle.stretch,
            "kind": middle.kind,
            "parent_objectives": [top.pk, bottom.pk],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "That link would make a loop" in body
    assert "Make checkout effortless" in body
    assert list(middle.parent_objectives.all()) == [top]


def test_a_link_to_another_branch_is_fine(cast: Cast, chain, quarter: Period) -> None:  # noqa: ANN001
    top, middle, bottom = chain
    other = make_objective(quarter, "Search that finds", owner=cast.alice, units=[cast.search])
    actions.change_objective(cast.admin, bottom, {"parent_objectives": [middle, other]})
    assert set(bottom.parent_objectives.all()) == {middle, other}
