"""Closing and reopening objectives and key results from their pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs import actions
from waypoint.okrs.models import Change, KeyResult, Objective, Period, Status


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.5, author=cast.bob)
    return objective


def close_url(target: Objective | KeyResult) -> str:
    name = "okrs:objective-close" if isinstance(target, Objective) else "okrs:key-result-close"
    return reverse(name, args=[target.pk])


def test_the_close_page_of_an_objective_opens_for_its_editors(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    response = client.get(close_url(objective))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Close “Make checkout effortless”" in body
    assert objective.period.name in body
    assert 'name="status"' in body


def test_the_close_page_of_a_key_result_opens_for_its_objectives_editors(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.alice)
    response = client.get(close_url(objective.key_results.get()))
    assert response.status_code == 200
    assert "Make checkout effortless" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"status": "achieved", "score": "1.5"}, {"status": "x"}])
def test_an_invalid_close_shows_the_form_again_and_closes_nothing(
    client: Client, cast: Cast, objective: Objective, data: dict[str, str]
) -> None:
    client.force_login(cast.bob)
    response = client.post(close_url(objective), {**data, "note": "We learned a lot"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body
    assert "We learned a lot" in body  # what was typed is kept
    objective.refresh_from_db()
    assert objective.status == Status.ACTIVE


def test_closing_from_the_page_closes_with_the_score_from_progress(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    response = client.post(close_url(objective), {"status": "partial", "note": "Half way"})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.status, str(objective.score)) == ("partial", "0.50")


def test_an_objective_cannot_be_closed_twice(
    client: Client, cast: Cast, objective: Objective
) -> None:
    actions.close_objective(cast.alice, objective, status="missed")
    client.force_login(cast.bob)
    response = client.post(close_url(objective), {"status": "achieved"})
    assert response.status_code == 200
    assert "already closed as missed" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Status.MISSED


def test_reopening_an_active_objective_is_refused_and_writes_no_history(
    client: Client, cast: Cast, objective: Objective
) -> None:
    before = Change.objects.count()
    client.force_login(cast.bob)
    response = client.post(reverse("okrs:reopen-objective", args=[objective.pk]), follow=True)
    assert "not closed" in response.content.decode()
    assert Change.objects.count() == before


def test_an_objective_whose_key_results_are_all_closed_does_not_say_on_track(
    client: Client, cast: Cast, objective: Objective
) -> None:
    actions.close_key_result(cast.alice, objective.key_results.get(), status="achieved")
    client.force_login(cast.bob)
    body = client.get(objective.get_absolute_url()).content.decode()
    assert "Key results closed" in body
    assert "On track" not in body


def test_no_check_in_on_a_key_result_of_a_dropped_objective(
    client: Client, cast: Cast, objective: Objective
) -> None:
    actions.close_objective(cast.alice, objective, status="dropped")
    kr = objective.key_results.get()
    client.force_login(cast.bob)
    response = client.post(reverse("okrs:check-in", args=[kr.pk]), {"value": 3, "confidence": 9})
    assert response.status_code == 200
    assert "The objective is dropped; reopen it to check in." in response.content.decode()
    assert kr.check_ins.count() == 1
