"""The mid-quarter review page: progress against plan, the process, and its recorded outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period
from waypoint.cadence.models import Review
from waypoint.okrs.models import Period
from waypoint.planning import actions


def url(cast: Cast, period: Period) -> str:
    return f"{reverse('planning:mid-quarter', args=[cast.checkout.slug])}?period={period.slug}"


@pytest.fixture
def okrs(cast: Cast, quarter: Period) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.2, author=cast.bob, at=timezone.now() - timedelta(days=3))
    make_key_result(
        objective,
        "Payment errors from 1.2% to 0.4%",
        owner_unit=cast.checkout,
        baseline=1.2,
        target=0.4,
    )


def test_the_review_shows_progress_and_the_process(
    client: Client, cast: Cast, quarter: Period, okrs: None
) -> None:
    client.force_login(cast.bob)
    page = client.get(url(cast, quarter)).content.decode()
    assert "Conversion from 2% to 3%" in page
    assert "key results never checked in" in page
    assert '>1</span><span class="stat__label">key results never checked in' in page


def test_the_review_is_recorded(client: Client, cast: Cast, quarter: Period, okrs: None) -> None:
    client.force_login(cast.bob)
    response = client.post(
        url(cast, quarter),
        {
            "progress_notes": "Errors KR has no owner in practice: Bob takes it.",
            "process_notes": "Move the weekly to Tuesdays.",
        },
        follow=True,
    )
    assert "Mid-quarter review recorded." in response.content.decode()
    review = Review.objects.get()
    assert (review.kind, review.author, review.unit) == ("mid_quarter", cast.bob, cast.checkout)
    assert "Bob takes it" in response.content.decode()


def test_an_empty_review_is_refused_and_keeps_what_was_typed(
    client: Client, cast: Cast, quarter: Period, okrs: None
) -> None:
    client.force_login(cast.bob)
    response = client.post(url(cast, quarter), {"process_notes": "Tuesdays"})
    body = response.content.decode()
    assert "Write down what the review found and decided." in body
    assert "Tuesdays" in body
    assert not Review.objects.exists()


def test_a_closed_period_has_no_mid_quarter_review(cast: Cast) -> None:
    past = make_period(
        "quarter",
        "Long ago",
        timezone.localdate() - timedelta(days=400),
        timezone.localdate() - timedelta(days=310),
        "long-ago",
    )
    with pytest.raises(ValidationError, match="is over"):
        actions.record_mid_quarter_review(cast.bob, cast.checkout, past, progress_notes="x")
    assert not Review.objects.exists()


def test_an_outsider_cannot_review(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.charlie)
    assert client.get(url(cast, quarter)).status_code == 403
