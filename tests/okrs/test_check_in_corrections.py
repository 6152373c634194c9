"""Correcting a check-in and dating one "as of" an earlier day, through the actions and the
access rules directly: who may, when, and that the key result's current value, its last
check-in and the history stay right."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective, make_period
from waypoint.okrs import access, actions
from waypoint.okrs.models import Change, CheckIn, CheckInCorrection, KeyResult, Period

D = Decimal


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def state(kr: KeyResult) -> tuple[Decimal | None, int | None, date | None]:
    kr.refresh_from_db()
    last = kr.last_checked_in_at
    return kr.current, kr.confidence, timezone.localtime(last).date() if last else None


# --- as of -------------------------------------------------------------------------------------


def test_a_back_dated_reading_is_charted_on_its_day_and_the_newest_day_wins(
    cast: Cast, kr: KeyResult
) -> None:
    actions.record_check_in(cast.bob, kr, value=D("3.3"), confidence=7, as_of=days_ago(2))
    assert state(kr) == (D("3.3"), 7, days_ago(2))
    # A reading for an older day does not become the current value...
    older = actions.record_check_in(cast.bob, kr, value=D("3.2"), confidence=5, as_of=days_ago(9))
    assert state(kr) == (D("3.3"), 7, days_ago(2))
    assert older.as_of == days_ago(9) and older.back_dated
    assert timezone.localtime(older.recorded_at).date() == timezone.localdate()
    # ...and one for the same day, written later, does (ties go by creation).
    actions.record_check_in(cast.bob, kr, value=D("3.35"), confidence=8, as_of=days_ago(2))
    assert state(kr) == (D("3.35"), 8, days_ago(2))
    # Today's reading, written now, is the newest of all.
    actions.record_check_in(cast.bob, kr, value=D("3.4"), confidence=8)
    assert state(kr) == (D("3.4"), 8, timezone.localdate())
    values = [c.value for c in CheckIn.objects.filter(key_result=kr)]  # the chart's order
    assert values == [D("3.2"), D("3.3"), D("3.35"), D("3.4")]


def test_a_live_reading_of_a_day_comes_before_a_back_dated_one_for_it(
    cast: Cast, kr: KeyResult
) -> None:
    """A reading written on a day is older than one written later *for* that day."""
    morning = timezone.now() - timedelta(days=3)
    actions.record_check_in(cast.bob, kr, value=D("3.2"), confidence=6, at=morning)
    actions.record_check_in(
        cast.bob, kr, value=D("3.25"), confidence=6, as_of=timezone.localtime(morning).date()
    )
    assert state(kr)[0] == D("3.25")


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (lambda p: timezone.localdate() + timedelta(days=1), "is in the future"),
        (lambda p: p.start - timedelta(days=1), "is before Autumn push starts"),
    ],
)
def test_an_as_of_day_in_the_future_or_before_the_period_is_refused(
    cast: Cast, kr: KeyResult, period: Period, as_of, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        actions.record_check_in(cast.bob, kr, value=D("3.3"), confidence=7, as_of=as_of(period))
    assert "as_of" in refused.value.error_dict
    assert not CheckIn.objects.exists()
    assert state(kr) == (None, None, None)


def test_an_as_of_day_after_the_period_ended_is_refused(cast: Cast) -> None:
    today = timezone.localdate()
    past = make_period("custom", "Summer", today - timedelta(days=60), today - timedelta(days=10))
    objective = make_objective(past, "Old goal", owner=cast.alice, units=[cast.checkout])
    old = make_key_result(objective, "Tickets", owner_unit=cast.checkout, baseline=0, target=9)
    with pytest.raises(ValidationError, match="after Summer ended"):
        actions.record_check_in(cast.bob, old, value=D(4), confidence=7, as_of=days_ago(5))
    assert not CheckIn.objects.exists()


# --- corrections -------------------------------------------------------------------------------


def test_the_author_corrects_a_check_in_and_the_history_keeps_the_old_value(
    cast: Cast, kr: KeyResult
) -> None:
    slip = actions.record_check_in(cast.bob, kr, value=D(1), confidence=6, note="weekly")
    assert state(kr)[0] == D(1)
    actions.correct_check_in(
        cast.bob, slip, value=D("3.3"), confidence=6, note="weekly", reason="typed 1 for 3.3"
    )
    slip.refresh_from_db()
    assert (slip.value, slip.author) == (D("3.3"), cast.bob)
    assert CheckIn.objects.count() == 1
    assert state(kr)[0] == D("3.3")
    fix = CheckInCorrection.objects.get()
    assert (fix.old_value, fix.new_value, fix.author, fix.reason) == (
        D(1),
        D("3.3"),
        cast.bob,
        "typed 1 for 3.3",
    )
    change = Change.objects.get(field="check-in corrected")
    assert change.key_result == kr and change.author == cast.bob
    assert change.old.startswith("1 (confidence 6/10") and change.new.startswith("3.3 (")


def test_correcting_an_older_check_in_leaves_the_current_value_with_the_newest(
    cast: Cast, kr: KeyResult
) -> None:
    old = actions.record_check_in(cast.bob, kr, value=D("3.2"), confidence=5, as_of=days_ago(8))
    actions.record_check_in(cast.bob, kr, value=D("3.3"), confidence=7)
    actions.correct_check_in(cast.bob, old, value=D("3.15"), confidence=5)
    assert state(kr)[:2] == (D("3.3"), 7)
    # Moving the older one's date past the newest makes it the current value.
    newest = CheckIn.objects.filter(key_result=kr).latest("at")
    actions.correct_check_in(cast.bob, newest, value=D("3.3"), confidence=7, as_of=days_ago(10))
    assert state(kr) == (D("3.15"), 5, days_ago(8))


def test_an_administrator_may_correct_anyones_check_in(cast: Cast, kr: KeyResult) -> None:
    slip = actions.record_check_in(cast.bob, kr, value=D(1), confidence=6)
    assert access.can_correct_check_in(cast.admin, slip)
    actions.correct_check_in(cast.admin, slip, value=D("3.2"), confidence=6)
    assert state(kr)[0] == D("3.2")
    assert CheckInCorrection.objects.get().author == cast.admin


@pytest.mark.parametrize("who", ["alice", "dana", "charlie"])
def test_nobody_else_corrects_someones_check_in(cast: Cast, kr: KeyResult, who: str) -> None:
    """Not even the objective's owner (alice), who may check in on it herself."""
    slip = actions.record_check_in(cast.bob, kr, value=D(1), confidence=6)
    person = getattr(cast, who)
    assert not access.can_correct_check_in(person, slip)
    with pytest.raises(PermissionDenied, match="Only the person who made this check-in"):
        actions.correct_check_in(person, slip, value=D("3.3"), confidence=6)
    with pytest.raises(PermissionDenied):
        access.get_check_in_for_user(person, slip.pk, correct=True)
    slip.refresh_from_db()
    assert slip.value == D(1) and not CheckInCorrection.objects.exists()
    assert state(kr)[0] == D(1)
    assert not Change.objects.filter(field="check-in corrected").exists()


def test_a_check_in_of_a_period_that_has_ended_is_not_corrected(cast: Cast) -> None:
    today = timezone.localdate()
    past = make_period("custom", "Summer", today - timedelta(days=60), today - timedelta(days=10))
    objective = make_objective(past, "Old goal", owner=cast.alice, units=[cast.checkout])
    old = make_key_result(objective, "Tickets", owner_unit=cast.checkout, baseline=0, target=9)
    reading = actions.record_check_in(
        cast.bob, old, value=D(4), confidence=7, at=timezone.now() - timedelta(days=20)
    )
    with pytest.raises(ValidationError, match="Summer ended on .*: its check-ins stay"):
        actions.correct_check_in(cast.bob, reading, value=D(5), confidence=7)
    reading.refresh_from_db()
    assert reading.value == D(4) and not CheckInCorrection.objects.exists()


def test_a_correction_to_a_future_day_or_changing_nothing_is_refused(
    cast: Cast, kr: KeyResult
) -> None:
    slip = actions.record_check_in(cast.bob, kr, value=D("3.2"), confidence=6, note="n")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="is in the future"):
        actions.correct_check_in(cast.bob, slip, value=D("3.3"), confidence=6, as_of=tomorrow)
    with pytest.raises(ValidationError, match="Nothing changed"):
        actions.correct_check_in(cast.bob, slip, value=D("3.2000"), confidence=6, note="n")
    with pytest.raises(ValidationError, match="Confidence runs"):
        actions.correct_check_in(cast.bob, slip, value=D("3.3"), confidence=11)
    slip.refresh_from_db()
    assert (slip.value, slip.at.date()) == (D("3.2"), timezone.now().date())
    assert not CheckInCorrection.objects.exists()
    assert state(kr)[0] == D("3.2")


def test_a_closed_key_result_keeps_its_check_ins(cast: Cast, kr: KeyResult) -> None:
    slip = actions.record_check_in(cast.bob, kr, value=D("3.2"), confidence=6)
    actions.close_key_result(cast.alice, kr, status="missed")
    with pytest.raises(ValidationError, match="closed; reopen it to correct"):
        actions.correct_check_in(cast.bob, slip, value=D("3.3"), confidence=6)
    assert not CheckInCorrection.objects.exists()
