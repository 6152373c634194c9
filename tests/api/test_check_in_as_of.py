"""An "as of" day on check-ins pushed over the API and from `waypoint checkin`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.api.conftest import Okrs, assert_problem
from waypoint.okrs.models import CheckIn, Period

V1 = "/api/v1"


def earlier_day(quarter: Period):  # type: ignore[no-untyped-def]
    return max(quarter.start, timezone.localdate() - timedelta(days=2))


def test_an_api_check_in_may_be_for_an_earlier_day(
    api_as: Any, okrs: Okrs, quarter: Period
) -> None:
    day = earlier_day(quarter)
    response = api_as("bob").post(
        f"{V1}/key-results/{okrs.kr.pk}/check-ins",
        {"value": 2.5, "confidence": 7, "as_of": day.isoformat()},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["as_of"] == day.isoformat()
    assert body["recorded_at"][:10] == timezone.now().date().isoformat()
    listed = api_as("bob").get(f"{V1}/key-results/{okrs.kr.pk}/check-ins").json()
    assert day.isoformat() in {item["as_of"] for item in listed["items"]}


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (lambda q: (timezone.localdate() + timedelta(days=1)).isoformat(), "in the future"),
        (lambda q: (q.start - timedelta(days=1)).isoformat(), "before"),
        (lambda q: "last friday", "date"),
    ],
)
def test_a_bad_as_of_day_is_a_422_and_saves_nothing(
    api_as: Any, okrs: Okrs, quarter: Period, as_of, message: str
) -> None:
    before = CheckIn.objects.count()
    response = api_as("bob").post(
        f"{V1}/key-results/{okrs.kr.pk}/check-ins",
        {"value": 2.5, "confidence": 7, "as_of": as_of(quarter)},
    )
    problem = assert_problem(response, 422)
    assert message in str(problem)
    assert CheckIn.objects.count() == before


def test_the_cli_takes_an_as_of_day(
    okrs: Okrs, quarter: Period, capsys: pytest.CaptureFixture[str]
) -> None:
    day = earlier_day(quarter)
    call_command("checkin", str(okrs.kr.pk), "2.6", "--as", "bob", "--as-of", day.isoformat())
    assert f"as of {day.isoformat()}" in capsys.readouterr().out
    assert CheckIn.objects.latest("id").as_of == day


@pytest.mark.parametrize("as_of", ["2999-01-01", "soon"])
def test_the_cli_refuses_a_bad_as_of_day(okrs: Okrs, as_of: str) -> None:
    before = CheckIn.objects.count()
    with pytest.raises(CommandError, match="future|as_of"):
        call_command("checkin", str(okrs.kr.pk), "2.6", "--as", "bob", "--as-of", as_of)
    assert CheckIn.objects.count() == before
