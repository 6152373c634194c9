"""A unit's page: its year's goals as they stood, and limit notes only for those who plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import Objective, Period


def moment(day) -> datetime:  # noqa: ANN001
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def past_quarter(year: Period) -> Period:
    """A quarter of this year that has already ended (the year period contains it)."""
    return Period.objects.get(kind="quarter", start=year.start)


def test_a_past_quarter_shows_the_years_goals_as_they_stood_at_its_end(
    client: Client, cast: Cast, year: Period, past_quarter: Period
) -> None:
    if past_quarter.end >= timezone.localdate():
        pytest.skip("the first quarter of the year has not ended yet")
    goal = make_objective(
        year, "Become the checkout people love", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        goal, "NPS from 20 to 50", owner_unit=cast.checkout, baseline=20, target=50
    )
    make_check_in(kr, 26, author=cast.bob, at=moment(past_quarter.end - timedelta(days=3)))
    make_check_in(kr, 44, author=cast.bob, at=moment(past_quarter.end + timedelta(days=20)))
    client.force_login(cast.bob)
    url = f"{reverse('okrs:unit-detail', args=[cast.checkout.slug])}?period={past_quarter.slug}"
    page = client.get(url).content.decode()
    assert f"Goals for {year.name}" in page
    assert "<strong>26</strong>" in page
    assert "<strong>44</strong>" not in page
    today = client.get(reverse("okrs:unit-detail", args=[cast.checkout.slug])).content.decode()
    assert "<strong>44</strong>" in today


def fill(quarter: Period, cast: Cast, count: int) -> None:
    for n in range(count):
        make_objective(quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout])


def test_the_limit_note_is_for_those_who_plan_for_the_unit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    fill(quarter, cast, 3)
    url = reverse("okrs:unit-detail", args=[cast.checkout.slug])
    client.force_login(cast.charlie)
    assert "This will be objective" not in client.get(url).content.decode()
    create = f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}"
    outsider_form = client.get(create).content.decode()
    assert "This will be objective" not in outsider_form
    assert "You are not a member of Checkout" in outsider_form
    client.force_login(cast.bob)
    assert "This will be objective 4" in client.get(url).content.decode()


def test_the_sixth_objective_is_refused_once(client: Client, cast: Cast, quarter: Period) -> None:
    fill(quarter, cast, 5)
    client.force_login(cast.bob)
    url = f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}&period={quarter.slug}"
    response = client.post(
        url,
        {
            "title": "A sixth thing",
            "owner": cast.alice.pk,
            "units": [cast.checkout.pk],
            "stretch": "aspirational",
            "kind": "strategic",
        },
    )
    body = response.content.decode()
    assert body.count("the limit is 5") == 1
    assert "A sixth thing" in body  # what was typed is kept
    assert not Objective.objects.filter(title="A sixth thing").exists()
