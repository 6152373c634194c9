"""The team check-in sheet: readings dated to an earlier day, and a value far outside its
key result's range held back until confirmed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period
from waypoint.okrs.models import CheckIn, KeyResult, Period


def setup(cast: Cast) -> tuple[Period, KeyResult, KeyResult]:
    today = timezone.localdate()
    period = make_period("custom", "Autumn push", today - timedelta(days=21), today + timedelta(42))
    objective = make_objective(period, "Faster support", owner=cast.alice, units=[cast.checkout])
    score = make_key_result(
        objective, "Satisfaction 3.1 → 3.5", owner_unit=cast.checkout, baseline=3.1, target=3.5
    )
    done = make_key_result(
        objective, "Help pages rewritten", owner_unit=cast.checkout, target=20, kind="quantity"
    )
    return period, score, done


def url(cast: Cast, period: Period) -> str:
    return reverse("cadence:team-check-in", args=[cast.checkout.slug]) + f"?period={period.slug}"


def row(kr: KeyResult, value: str, **extra: str) -> dict[str, str]:
    data = {f"kr-{kr.pk}-value": value, f"kr-{kr.pk}-confidence": "7", f"kr-{kr.pk}-note": ""}
    return data | {f"kr-{kr.pk}-{k}": v for k, v in extra.items()}


def test_every_reading_of_the_sheet_is_dated_to_the_day_chosen(client: Client, cast: Cast) -> None:
    period, score, done = setup(cast)
    client.force_login(cast.bob)
    page = client.get(url(cast, period)).content.decode()
    assert 'name="as_of"' in page and f'min="{period.start.isoformat()}"' in page
    friday = timezone.localdate() - timedelta(days=3)
    data = row(score, "3.3") | row(done, "8") | {"as_of": friday.isoformat()}
    response = client.post(url(cast, period), data)
    assert response.status_code == 302
    assert {c.as_of for c in CheckIn.objects.all()} == {friday}
    score.refresh_from_db()
    assert timezone.localtime(score.last_checked_in_at).date() == friday


def test_a_future_day_saves_no_row_and_keeps_what_was_typed(client: Client, cast: Cast) -> None:
    period, score, done = setup(cast)
    client.force_login(cast.bob)
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = row(score, "3.3") | row(done, "8") | {"as_of": tomorrow.isoformat()}
    response = client.post(url(cast, period), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "is in the future" in body and 'value="3.3"' in body and 'value="8"' in body
    assert not CheckIn.objects.exists()


def test_a_far_value_is_held_back_until_confirmed_and_the_others_save(
    client: Client, cast: Cast
) -> None:
    period, score, done = setup(cast)
    make_check_in(score, 3.3, author=cast.bob)
    client.force_login(cast.bob)
    response = client.post(url(cast, period), row(score, "1") | row(done, "8"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "1 is far outside this key result&#x27;s range (3.1–3.5)" in body
    assert f'name="kr-{score.pk}-confirmed_value"' in body and "Yes, save 1 as typed" in body
    assert CheckIn.objects.filter(key_result=done).count() == 1
    assert CheckIn.objects.filter(key_result=score).count() == 1  # only the earlier one
    # Ticking "save as typed" saves it; the raw value is kept.
    response = client.post(url(cast, period), row(score, "1", confirmed_value="1"))
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.current == Decimal(1) and score.progress.display == 0.0
