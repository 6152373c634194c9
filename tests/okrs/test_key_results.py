"""Key results: writing them, moving the goalposts with a reason, closing them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import Change, KeyResult, Objective, Period


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )


def kr_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Raise mobile checkout conversion from 2.1% to 3%",
        "kind": "metric",
        "baseline": "2.1",
        "target": "3",
        "unit_label": "%",
        "owner_unit": cast.checkout.pk,
        "criteria": "",
        "weight": "1",
    }
    data.update(overrides)
    return data


def add(client: Client, objective: Objective, data: dict[str, object]):
    return client.post(reverse("okrs:key-result-create", args=[objective.pk]), data)


def test_it_adds_a_metric_key_result_with_decimals(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    assert add(client, objective, kr_post(cast)).status_code == 302
    kr = KeyResult.objects.get()
    assert (kr.baseline, kr.target, kr.unit_label) == (Decimal("2.1"), Decimal("3"), "%")
    assert kr.direction == "increase"
    assert Change.objects.filter(objective=objective, field="key result added").exists()


def test_a_decreasing_metric_is_a_valid_key_result(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    add(client, objective, kr_post(cast, title="Cut p95 latency", baseline="900", target="400"))
    assert KeyResult.objects.get().direction == "decrease"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target": "2.1"}, "target", "The target equals the baseline"),
        ({"target": ""}, "target", "A metric key result needs a target."),
        ({"owner_unit": ""}, "owner_unit", "Choose the one team that owns this key result."),
        ({"kind": "subjective", "criteria": ""}, "criteria", "criteria everyone agreed"),
        ({"baseline": "lots"}, "baseline", "Enter a number."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_it_rejects_an_invalid_key_result_and_saves_nothing(
    client: Client, cast: Cast, objective: Objective, overrides: dict, field: str, message: str
) -> None:
    client.force_login(cast.bob)
    response = add(client, objective, kr_post(cast, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert not KeyResult.objects.exists()


def test_it_refuses_a_key_result_owned_by_two_teams(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    response = add(client, objective, kr_post(cast, owner_unit=[cast.checkout.pk, cast.search.pk]))
    assert "owned by exactly one team" in response.content.decode()
    assert not KeyResult.objects.exists()


def test_it_refuses_a_sixth_key_result(client: Client, cast: Cast, objective: Objective) -> None:
    for n in range(5):
        make_key_result(objective, f"KR {n}", owner_unit=cast.checkout, baseline=0, target=10)
    client.force_login(cast.bob)
    response = add(client, objective, kr_post(cast, title="Sixth"))
    assert "the limit is 5" in response.content.decode()
    assert not KeyResult.objects.filter(title="Sixth").exists()


def test_changing_the_target_after_check_ins_asks_for_a_reason(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2.1, target=3)
    make_check_in(kr, 2.3, author=cast.bob)
    client.force_login(cast.bob)
    url = reverse("okrs:key-result-edit", args=[kr.pk])
    response = client.post(url, kr_post(cast, target="2.6", reason=""))
    assert "say why" in response.content.decode()
    kr.refresh_from_db()
    assert kr.target == Decimal("3")
    response = client.post(url, kr_post(cast, target="2.6", reason="Payment provider delayed"))
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.target == Decimal("2.6")
    change = Change.objects.get(key_result=kr, field="key result target")
    assert (change.old, change.new, change.reason) == ("3", "2.6", "Payment provider delayed")


def test_before_any_check_in_the_target_can_change_without_a_reason(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2.1, target=3)
    client.force_login(cast.bob)
    response = client.post(reverse("okrs:key-result-edit", args=[kr.pk]), kr_post(cast, target="4"))
    assert response.status_code == 302


def test_closing_a_key_result_scores_it_from_its_progress(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    make_check_in(kr, 2.72, author=cast.bob)
    client.force_login(cast.bob)
    response = client.post(reverse("okrs:key-result-close", args=[kr.pk]), {"status": "partial"})
    assert response.status_code == 302
    kr.refresh_from_db()
    assert (kr.status, kr.score) == ("partial", Decimal("0.70"))


def test_a_closing_score_outside_0_to_1_is_refused(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    client.force_login(cast.bob)
    response = client.post(
        reverse("okrs:key-result-close", args=[kr.pk]), {"status": "achieved", "score": "1.4"}
    )
    assert response.status_code == 200
    kr.refresh_from_db()
    assert kr.status == "active"


def test_a_closed_key_result_can_be_reopened(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    client.force_login(cast.bob)
    client.post(reverse("okrs:key-result-close", args=[kr.pk]), {"status": "missed"})
    client.post(reverse("okrs:reopen-key-result", args=[kr.pk]))
    kr.refresh_from_db()
    assert (kr.status, kr.score) == ("active", None)


def test_only_people_who_may_edit_see_the_edit_and_close_buttons(
    client: Client, cast: Cast, objective: Objective
) -> None:
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    client.force_login(cast.charlie)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert reverse("okrs:key-result-edit", args=[kr.pk]) not in page
    client.force_login(cast.bob)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert reverse("okrs:key-result-edit", args=[kr.pk]) in page
