"""Who may change what: owning units, key result wording, weight, owner team, close, reopen."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_person
from waypoint.coach.actions import dismiss_finding
from waypoint.okrs import actions
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.access import is_admin


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )


@pytest.fixture
def search_kr(cast: Cast, objective: Objective) -> KeyResult:
    """A key result of Checkout's objective that the Search team owns (charlie is on Search)."""
    return make_key_result(
        objective,
        "Search-to-cart rate from 10% to 14%",
        owner_unit=cast.search,
        baseline=10,
        target=14,
    )


def edit_post(objective: Objective, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": objective.title,
        "description": objective.description,
        "owner": objective.owner_id,
        "units": [u.pk for u in objective.units.all()],
        "stretch": objective.stretch,
        "kind": objective.kind,
    }
    data.update(overrides)
    return data


def test_a_member_cannot_add_a_unit_they_cannot_plan_for_by_editing(
    cast: Cast, objective: Objective
) -> None:
    """The rule behind the page (which turns the addition into a proposal instead)."""
    with pytest.raises(ValidationError, match="You cannot add Acme as an owner"):
        actions.change_objective(cast.bob, objective, {"units": [cast.checkout, cast.company]})
    assert list(objective.units.all()) == [cast.checkout]


def test_a_lead_above_may_add_a_unit_below_them(cast: Cast, objective: Objective) -> None:
    lead = make_person("priya")
    cast.product.memberships.create(person=lead, role="lead")
    cast.checkout.memberships.create(person=lead, role="member")
    actions.change_objective(lead, objective, {"units": [cast.checkout, cast.search]})
    assert set(objective.units.all()) == {cast.checkout, cast.search}


def test_the_owner_team_words_its_key_result(cast: Cast, search_kr: KeyResult) -> None:
    actions.change_key_result(cast.charlie, search_kr, {"title": "Search-to-cart from 10% to 15%"})
    search_kr.refresh_from_db()
    assert search_kr.title == "Search-to-cart from 10% to 15%"


def test_the_owner_team_gives_a_reason_to_reword_after_check_ins(
    cast: Cast, search_kr: KeyResult
) -> None:
    make_check_in(search_kr, 11, author=cast.charlie)
    with pytest.raises(ValidationError, match="say why"):
        actions.change_key_result(cast.charlie, search_kr, {"title": "Search converts better"})
    actions.change_key_result(
        cast.charlie, search_kr, {"title": "Search converts better"}, reason="Clearer"
    )
    assert search_kr.changes.get(field="key result title").reason == "Clearer"


@pytest.mark.parametrize("field", ["weight", "owner_unit"])
def test_the_owner_team_cannot_change_weight_or_owner(
    cast: Cast, search_kr: KeyResult, field: str
) -> None:
    value = {"weight": 3, "owner_unit": cast.checkout}[field]
    with pytest.raises(PermissionDenied):
        actions.change_key_result(cast.charlie, search_kr, {field: value})
    search_kr.refresh_from_db()
    assert (search_kr.weight, search_kr.owner_unit) == (1, cast.search)


def test_the_edit_form_of_the_owner_team_ignores_weight_and_owner(
    client: Client, cast: Cast, search_kr: KeyResult
) -> None:
    client.force_login(cast.charlie)
    url = reverse("okrs:key-result-edit", args=[search_kr.pk])
    page = client.get(url).content.decode()
    assert 'name="weight"' in page and "disabled" in page
    response = client.post(
        url,
        {
            "title": "Search-to-cart rate from 10% to 15%",
            "kind": "metric",
            "baseline": "10",
            "target": "15",
            "owner_unit": cast.checkout.pk,
            "weight": "9",
        },
    )
    assert response.status_code == 302
    search_kr.refresh_from_db()
    assert (search_kr.target, search_kr.weight, search_kr.owner_unit) == (15, 1, cast.search)


def test_a_key_result_moves_only_to_a_team_the_mover_may_plan_for(
    cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    with pytest.raises(ValidationError, match="You cannot plan for Search"):
        actions.change_key_result(cast.bob, kr, {"owner_unit": cast.search})
    kr.refresh_from_db()
    assert kr.owner_unit == cast.checkout


@pytest.mark.parametrize("verb", ["close", "reopen"])
def test_the_owner_team_neither_closes_nor_reopens(
    cast: Cast, search_kr: KeyResult, verb: str
) -> None:
    if verb == "reopen":
        actions.close_key_result(cast.alice, search_kr, status="missed")
    with pytest.raises(PermissionDenied):
        if verb == "close":
            actions.close_key_result(cast.charlie, search_kr, status="achieved")
        else:
            actions.reopen(cast.charlie, search_kr)


def test_the_owner_team_does_not_dismiss_findings_on_the_key_result(
    cast: Cast, search_kr: KeyResult
) -> None:
    with pytest.raises(PermissionDenied):
        dismiss_finding(
            cast.charlie,
            code="baseline.missing-baseline",
            subject="key_result",
            subject_id=search_kr.pk,
            reason="We know",
        )


def test_staff_status_alone_is_not_an_okr_administrator(cast: Cast, objective: Objective) -> None:
    staff = make_person("sam", is_staff=True)
    assert not is_admin(staff)
    with pytest.raises(PermissionDenied):
        actions.close_objective(staff, objective, status="achieved")
    assert is_admin(cast.admin)
