"""Permissions and rules hold in the actions themselves, whoever calls them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs import actions
from waypoint.okrs.models import CheckIn, KeyResult, Objective, Period


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )


def test_an_outsider_cannot_check_in_through_the_action(cast: Cast, objective: Objective) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    with pytest.raises(PermissionDenied):
        actions.record_check_in(cast.charlie, kr, value=Decimal("2.5"), confidence=5)
    assert not CheckIn.objects.exists()


def test_an_outsider_cannot_change_an_objective_through_the_action(
    cast: Cast, objective: Objective
) -> None:
    with pytest.raises(PermissionDenied):
        actions.change_objective(cast.charlie, objective, {"title": "Mine now"})
    objective.refresh_from_db()
    assert objective.title == "Make checkout effortless"


def test_the_action_refuses_an_objective_without_units(cast: Cast, quarter: Period) -> None:
    with pytest.raises(ValidationError) as error:
        actions.create_objective(
            cast.alice, period=quarter, title="Orphan", owner=cast.alice, units=[]
        )
    assert "owning unit" in str(error.value)
    assert not Objective.objects.filter(title="Orphan").exists()


def test_a_check_in_on_a_closed_key_result_is_refused(cast: Cast, objective: Objective) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    actions.close_key_result(cast.alice, kr, status="achieved")
    with pytest.raises(ValidationError):
        actions.record_check_in(cast.bob, kr, value=Decimal("3"), confidence=9)


def test_a_late_back_dated_check_in_does_not_overwrite_the_current_value(
    cast: Cast, objective: Objective
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    actions.record_check_in(cast.bob, kr, value=Decimal("2.6"), confidence=7)
    actions.record_check_in(
        cast.bob, kr, value=Decimal("2.1"), confidence=4, at=timezone.now() - timedelta(days=14)
    )
    kr.refresh_from_db()
    assert kr.current == Decimal("2.6")
    assert kr.check_ins.count() == 2


def test_confidence_outside_0_to_10_is_refused(cast: Cast, objective: Objective) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    with pytest.raises(ValidationError):
        actions.record_check_in(cast.bob, kr, value=Decimal("2.5"), confidence=11)


def test_sharing_an_objective_with_a_full_unit_is_refused(
    cast: Cast, objective: Objective, quarter: Period
) -> None:
    for n in range(5):
        make_objective(quarter, f"Search {n}", owner=cast.charlie, units=[cast.search])
    with pytest.raises(ValidationError) as error:
        actions.change_objective(cast.admin, objective, {"units": [cast.checkout, cast.search]})
    assert "Search" in str(error.value)
    assert list(objective.units.all()) == [cast.checkout]


def test_the_team_that_owns_a_key_result_may_edit_it(cast: Cast, quarter: Period) -> None:
    company_goal = make_objective(quarter, "Delight buyers", owner=cast.admin, units=[cast.company])
    kr = make_key_result(
        company_goal, "NPS from 30 to 45", owner_unit=cast.checkout, baseline=30, target=45
    )
    actions.change_key_result(cast.bob, kr, {"title": "NPS from 30 to 50", "target": Decimal(50)})
    assert KeyResult.objects.get().target == Decimal(50)
    with pytest.raises(PermissionDenied):
        actions.change_key_result(cast.charlie, kr, {"title": "nope"})
