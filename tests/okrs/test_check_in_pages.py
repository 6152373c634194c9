"""The pages for correcting a check-in, dating one "as of" an earlier day, and the "did you
mean…?" step for a value far outside its key result's range."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period
from waypoint.okrs import actions
from waypoint.okrs.models import CheckIn, CheckInCorrection, KeyResult, Period

HTMX = {"HTTP_HX_REQUEST": "true"}
D = Decimal


def check_in_url(kr: KeyResult) -> str:
    return reverse("okrs:check-in", args=[kr.pk])


def correct_url(check_in: CheckIn) -> str:
    return reverse("okrs:check-in-correct", args=[check_in.pk])


# --- correcting -------------------------------------------------------------------------------


def test_the_key_result_page_offers_correct_on_my_own_check_ins_only(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    mine = make_check_in(kr, 3.2, author=cast.bob)
    theirs = make_check_in(kr, 3.3, author=cast.alice)
    client.force_login(cast.bob)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert correct_url(mine) in page
    assert correct_url(theirs) not in page
    client.force_login(cast.admin)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert correct_url(mine) in page and correct_url(theirs) in page


def test_no_correct_button_once_the_period_has_ended(client: Client, cast: Cast) -> None:
    today = timezone.localdate()
    past = make_period("custom", "Summer", today - timedelta(days=60), today - timedelta(days=10))
    objective = make_objective(past, "Old goal", owner=cast.alice, units=[cast.checkout])
    old = make_key_result(objective, "Tickets", owner_unit=cast.checkout, baseline=0, target=9)
    reading = make_check_in(old, 4, author=cast.bob, at=timezone.now() - timedelta(days=20))
    client.force_login(cast.bob)
    assert correct_url(reading) not in client.get(old.get_absolute_url()).content.decode()
    response = client.post(correct_url(reading), {"value": "5", "confidence": "7"})
    assert response.status_code == 200
    assert "Summer ended on" in response.content.decode()
    reading.refresh_from_db()
    assert reading.value == D(4)


def test_a_plain_form_correction_keeps_the_old_value_in_the_history(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    slip = make_check_in(kr, 3.4, confidence=6, author=cast.bob)
    client.force_login(cast.bob)
    form = client.get(correct_url(slip)).content.decode()
    assert 'value="3.4"' in form and "Save correction" in form
    response = client.post(
        correct_url(slip),
        {"value": "3.3", "confidence": "6", "note": "", "reason": "misread the survey"},
    )
    assert response.status_code == 302 and response["Location"] == kr.get_absolute_url()
    kr.refresh_from_db()
    assert kr.current == D("3.3")
    page = client.get(kr.get_absolute_url()).content.decode()
    assert "Corrected by Bob" in page and "<del>3.4 pts, 6/10</del>" in page
    assert "misread the survey" in page
    assert "Check-in corrected" in page  # the objective's history too


def test_an_htmx_correction_loads_inline_and_reloads_the_page_when_saved(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    slip = make_check_in(kr, 3.4, author=cast.bob)
    client.force_login(cast.bob)
    fragment = client.get(correct_url(slip), **HTMX).content.decode()
    assert "<html" not in fragment and f'hx-post="{correct_url(slip)}"' in fragment
    response = client.post(correct_url(slip), {"value": "3.35", "confidence": "7"}, **HTMX)
    assert response["HX-Redirect"] == kr.get_absolute_url()
    slip.refresh_from_db()
    assert slip.value == D("3.35")


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_correcting_someone_elses_check_in_is_refused_with_a_reason(
    client: Client, cast: Cast, kr: KeyResult, who: str
) -> None:
    slip = make_check_in(kr, 1, author=cast.bob)
    client.force_login(getattr(cast, who))
    for response in (
        client.get(correct_url(slip)),
        client.post(correct_url(slip), {"value": "3.3", "confidence": "7"}),
    ):
        assert response.status_code == 403
        assert "Only the person who made this check-in" in response.content.decode()
    slip.refresh_from_db()
    assert slip.value == D(1) and not CheckInCorrection.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "three", "confidence": "7"}, "Enter a number"),
        ({"value": "", "confidence": "7"}, "Enter the new value"),
        ({"value": "3.3", "confidence": "7", "as_of": "tomorrow"}, "Enter a date"),
        ({"value": "3.3", "confidence": "7", "as_of": "{tomorrow}"}, "is in the future"),
        ({"value": "3.4", "confidence": "7"}, "Nothing changed"),
    ],
)
def test_a_bad_correction_keeps_what_was_typed_and_changes_nothing(
    client: Client, cast: Cast, kr: KeyResult, data: dict, message: str
) -> None:
    slip = make_check_in(kr, 3.4, author=cast.bob)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {k: v.format(tomorrow=tomorrow) for k, v in data.items()}
    client.force_login(cast.bob)
    response = client.post(correct_url(slip), {**data, "reason": "keep me"}, **HTMX)
    body = response.content.decode()
    assert message in body and "keep me" in body
    slip.refresh_from_db()
    assert slip.value == D("3.4") and not CheckInCorrection.objects.exists()


# --- as of --------------------------------------------------------------------------------


def test_the_inline_form_dates_a_check_in_to_an_earlier_day(
    client: Client, cast: Cast, kr: KeyResult, period: Period
) -> None:
    client.force_login(cast.bob)
    form = client.get(check_in_url(kr), **HTMX).content.decode()
    assert f'min="{period.start.isoformat()}"' in form
    assert f'max="{timezone.localdate().isoformat()}"' in form
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        check_in_url(kr), {"value": "3.2", "confidence": "6", "as_of": day.isoformat()}
    )
    assert response.status_code == 302
    reading = CheckIn.objects.get()
    assert reading.as_of == day
    kr.refresh_from_db()
    assert timezone.localtime(kr.last_checked_in_at).date() == day
    chart = client.get(kr.get_absolute_url()).context["chart"]
    assert chart["actual"][-1] == [day.isoformat(), 3.2]


def test_a_future_as_of_day_is_refused_on_the_inline_form(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.bob)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        check_in_url(kr),
        {"value": "3.2", "confidence": "6", "note": "keep me", "as_of": tomorrow.isoformat()},
        **HTMX,
    )
    body = response.content.decode()
    assert "is in the future" in body and "keep me" in body
    assert not CheckIn.objects.exists()


# --- did you mean…? ---------------------------------------------------------------------------


def test_a_value_far_outside_the_range_asks_before_saving(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    make_check_in(kr, 3.3, author=cast.bob)
    client.force_login(cast.bob)
    data = {"value": "34", "confidence": "6", "note": "survey in"}
    body = client.post(check_in_url(kr), data, **HTMX).content.decode()
    assert "Did you mean…?" in body
    assert "3.1–3.5 pts" in body and "the last check-in was 3.3 pts" in body
    assert 'name="value" value="3.4"' in body  # the likely slip, one button
    assert "Save 34 pts as typed" in body
    assert CheckIn.objects.count() == 1
    # Choosing the suggestion saves it, with the note typed before.
    confirm = {"confidence": "6", "note": "survey in", "as_of": "", "confirmed_value": "34"}
    response = client.post(check_in_url(kr), {**confirm, "value": "3.4"})
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.current == D("3.4")
    assert CheckIn.objects.latest("id").note == "survey in"


def test_the_value_can_be_kept_as_typed_or_changed(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.bob)
    confirm = {"confidence": "6", "note": "", "as_of": "", "confirmed_value": "1"}
    # "Change the value" goes back to the form with what was typed.
    back = client.post(check_in_url(kr), {**confirm, "edit": "1"}, **HTMX).content.decode()
    assert "Did you mean" not in back and 'value="1"' in back and "Save check-in" in back
    assert not CheckIn.objects.exists()
    # Keeping it as typed saves the raw value; progress shows 0 %, never below.
    response = client.post(check_in_url(kr), {**confirm, "value": "1"}, **HTMX)
    assert response.status_code == 200
    kr.refresh_from_db()
    assert kr.current == D(1)
    assert kr.progress.raw == pytest.approx(-5.25) and kr.progress.display == 0.0
    row = response.content.decode()
    assert 'aria-valuenow="0"' in row and "width: 0%" in row
    assert ">0%<" in row and "behind the baseline: -525%" in row
    assert ">-525%" not in row


def test_progress_past_the_target_is_shown_as_100_percent_with_the_raw_share_told(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    actions.record_check_in(cast.bob, kr, value=D("3.7"), confidence=9)
    client.force_login(cast.bob)
    page = client.get(kr.objective.get_absolute_url()).content.decode()
    assert "100%<span" in page and "past the target: 150% of the way" in page
    assert ">150%<" not in page
