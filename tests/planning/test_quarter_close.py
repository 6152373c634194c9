"""Closing a unit's quarter from its close page: scores, states, retrospectives, carry-over."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period
from waypoint.okrs.models import Change, KeyResult, Objective, Period, Status
from waypoint.planning import actions
from waypoint.planning.models import Retrospective


@pytest.fixture
def next_quarter(quarter: Period) -> Period:
    start = quarter.end + timedelta(days=1)
    return make_period("quarter", "Next quarter", start, start + timedelta(days=89), "next-q")


@pytest.fixture
def okrs(cast: Cast, quarter: Period) -> tuple[Objective, KeyResult, KeyResult]:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    conversion = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(conversion, 2.7, author=cast.bob)  # 0.7
    errors = make_key_result(
        objective,
        "Payment errors from 1.2% to 0.4%",
        owner_unit=cast.checkout,
        baseline=1.2,
        target=0.4,
    )
    make_check_in(errors, 0.9, author=cast.bob)  # 0.375 → 0.4
    return objective, conversion, errors


def url(cast: Cast, period: Period) -> str:
    return f"{reverse('planning:quarter-close', args=[cast.checkout.slug])}?period={period.slug}"


def form_data(okrs, **overrides: str) -> dict[str, str]:  # noqa: ANN001
    objective, conversion, errors = okrs
    data = {
        f"o{objective.pk}-state": "partial",
        f"o{objective.pk}-score": "0.6",
        f"o{objective.pk}-learned": "Apple Pay moved conversion; error codes were the wrong bet.",
        f"o{objective.pk}-miss_cause": "strategy",
        f"kr{conversion.pk}-state": "achieved",
        f"kr{conversion.pk}-score": "0.7",
        f"kr{errors.pk}-state": "missed",
        f"kr{errors.pk}-score": "0.4",
        f"kr{errors.pk}-carry_over": "on",
    }
    data.update(overrides)
    return data


def test_the_close_page_proposes_scores_from_progress(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
) -> None:
    objective, conversion, errors = okrs
    client.force_login(cast.bob)
    page = client.get(url(cast, quarter)).content.decode()
    assert "Close " + quarter.name in page
    assert f'name="kr{conversion.pk}-score" value="0.7"' in page
    assert f'name="kr{errors.pk}-score" value="0.4"' in page
    assert "Score from its key results: <strong>0.6</strong> — expected 0.7" in page
    assert '<option value="partial" selected>' in page
    assert f"{next_quarter.name}" in page


def test_closing_the_quarter_scores_closes_and_carries_over(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
) -> None:
    objective, conversion, errors = okrs
    client.force_login(cast.bob)
    response = client.post(url(cast, quarter), form_data(okrs))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.status, objective.score) == (Status.PARTIAL, Decimal("0.6"))
    retro = Retrospective.objects.get(objective=objective)
    assert (retro.miss_cause, retro.author) == ("strategy", cast.bob)
    conversion.refresh_from_db()
    assert (conversion.status, conversion.score) == (Status.ACHIEVED, Decimal("0.7"))
    carried = KeyResult.objects.get(continues=errors)
    assert carried.objective.period == next_quarter
    assert carried.objective.is_draft and carried.objective.continues == objective
    assert (carried.baseline, carried.target) == (Decimal("0.9"), Decimal("0.4"))
    assert Change.objects.filter(objective=carried.objective, field="carried over").exists()


def test_nothing_is_carried_over_twice(
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
) -> None:
    objective, conversion, errors = okrs
    actions.carry_over(cast.alice, errors, next_quarter)
    with pytest.raises(ValidationError, match="already carried over"):
        actions.carry_over(cast.alice, errors, next_quarter)
    actions.carry_over(cast.alice, conversion, next_quarter)
    assert Objective.objects.filter(continues=objective).count() == 1  # one successor, reused
    assert KeyResult.objects.filter(objective__period=next_quarter).count() == 2


def test_carrying_into_an_earlier_period_is_refused(
    cast: Cast,
    quarter: Period,
    okrs,
    year: Period,  # noqa: ANN001
) -> None:
    with pytest.raises(ValidationError, match="does not come after"):
        actions.carry_over(cast.alice, okrs[1], year)


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"score": "1.5"}, "A score runs from 0.0 to 1.0."),
        ({"score": "0.9"}, "say why you adjust it"),
        ({"state": "maybe"}, "Select a valid choice"),
    ],
)
def test_a_bad_key_result_close_keeps_everything_typed_and_closes_nothing(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
    overrides: dict[str, str],
    error: str,
) -> None:
    objective, conversion, errors = okrs
    data = form_data(okrs, **{f"kr{conversion.pk}-{k}": v for k, v in overrides.items()})
    client.force_login(cast.bob)
    response = client.post(url(cast, quarter), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert error in body
    assert "Apple Pay moved conversion" in body
    assert Objective.objects.get(pk=objective.pk).status == Status.ACTIVE
    assert not KeyResult.objects.exclude(status=Status.ACTIVE).exists()
    assert not KeyResult.objects.filter(continues__isnull=False).exists()


def test_a_miss_needs_its_cause(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
) -> None:
    objective = okrs[0]
    client.force_login(cast.bob)
    response = client.post(
        url(cast, quarter), form_data(okrs, **{f"o{objective.pk}-miss_cause": ""})
    )
    assert "Say whether the bet was wrong or the plan was not done." in response.content.decode()
    assert Objective.objects.get(pk=objective.pk).status == Status.ACTIVE


def test_carry_over_without_a_next_period_is_refused_and_changes_nothing(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,  # noqa: ANN001
) -> None:
    client.force_login(cast.bob)
    Period.objects.filter(start__gt=quarter.end).delete()
    response = client.post(url(cast, quarter), form_data(okrs))
    assert "There is no period after" in response.content.decode()
    assert Objective.objects.get(pk=okrs[0].pk).status == Status.ACTIVE


def test_an_outsider_cannot_open_or_post_the_close_page(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,  # noqa: ANN001
) -> None:
    client.force_login(cast.charlie)
    assert client.get(url(cast, quarter)).status_code == 403
    assert client.post(url(cast, quarter), form_data(okrs)).status_code == 403


def test_drafts_are_published_by_the_unit(
    client: Client,
    cast: Cast,
    quarter: Period,
    okrs,
    next_quarter: Period,  # noqa: ANN001
) -> None:
    draft = actions.carry_over(cast.alice, okrs[2], next_quarter).objective
    client.force_login(cast.bob)
    unit_page = f"{reverse('okrs:unit-detail', args=[cast.checkout.slug])}?period=next-q"
    assert "1 draft objective" in client.get(unit_page).content.decode()
    publish = f"{reverse('planning:publish-drafts', args=[cast.checkout.slug])}?period=next-q"
    client.post(publish)
    draft.refresh_from_db()
    assert not draft.is_draft
    client.force_login(cast.charlie)
    assert client.post(publish).status_code == 403
