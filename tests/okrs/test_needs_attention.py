"""The company page's "needs attention": which key results across the organisation it lists,
in what order, and that it costs the same however many key results there are."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective, make_period
from waypoint.okrs import actions
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.okrs.queries import needs_attention

D = Decimal


@pytest.fixture
def halfway(db: None) -> Period:
    """A period exactly half over: every key result is expected at 50%."""
    today = timezone.localdate()
    return make_period("custom", "Halfway", today - timedelta(days=50), today + timedelta(50))


def reading(cast: Cast, objective: Objective, title: str, value: int | None, confidence: int):
    kr = make_key_result(objective, title, owner_unit=cast.checkout, baseline=0, target=100)
    if value is not None:
        actions.record_check_in(cast.bob, kr, value=D(value), confidence=confidence)
    return kr


def test_off_track_and_at_risk_with_low_confidence_are_listed_furthest_behind_first(
    cast: Cast, halfway: Period
) -> None:
    objective = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    far_behind = reading(cast, objective, "Far behind", 10, 8)
    reading(cast, objective, "Behind but confident", 30, 7)
    behind_and_doubtful = reading(cast, objective, "Behind and doubtful", 30, 4)
    on_pace_no_hope = reading(cast, objective, "On pace, no hope", 60, 0)
    on_pace_worried = reading(cast, objective, "On pace, worried", 60, 2)
    reading(cast, objective, "Ahead", 80, 8)
    reading(cast, objective, "Not started", None, 5)
    assert needs_attention(halfway, timezone.localdate()) == [
        far_behind,
        behind_and_doubtful,
        on_pace_no_hope,
        on_pace_worried,
    ]


def test_closed_key_results_and_dropped_objectives_are_not_listed(
    cast: Cast, halfway: Period
) -> None:
    kept = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    dropped = make_objective(halfway, "Old idea", owner=cast.alice, units=[cast.checkout])
    listed = reading(cast, kept, "Far behind", 5, 8)
    closed = reading(cast, kept, "Far behind and closed", 5, 8)
    reading(cast, dropped, "Far behind, objective dropped", 5, 8)
    actions.close_key_result(cast.alice, closed, status="missed", note="Out of reach.")
    actions.close_objective(cast.alice, dropped, status="dropped", note="Not now.")
    assert needs_attention(halfway, timezone.localdate()) == [listed]


def test_at_most_the_limit_however_many_are_behind(cast: Cast, halfway: Period) -> None:
    objective = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    behind = [reading(cast, objective, f"Behind {n}", n, 8) for n in range(12)]
    assert needs_attention(halfway, timezone.localdate(), limit=8) == behind[:8]


@pytest.mark.parametrize("key_results", [3, 30])
def test_one_query_however_many_key_results_the_period_has(
    cast: Cast, halfway: Period, key_results: int
) -> None:
    objective = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    for n in range(key_results):
        reading(cast, objective, f"Behind {n}", n, 8)
    with CaptureQueriesContext(connection) as queries:
        assert len(needs_attention(halfway, timezone.localdate())) == min(key_results, 8)
    assert len(queries) == 1


def stored(kr: KeyResult) -> tuple[float | None, float | None]:
    kr = KeyResult.objects.get(pk=kr.pk)
    return kr.progress_display, kr.measured_progress()


def test_the_stored_progress_follows_check_ins_corrections_and_edits(
    cast: Cast, halfway: Period
) -> None:
    objective = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    kr = make_key_result(objective, "Tickets", owner_unit=cast.checkout, baseline=0, target=100)
    assert stored(kr) == (None, None)
    check_in = actions.record_check_in(cast.bob, kr, value=D(40), confidence=6)
    assert stored(kr) == (0.4, 0.4)
    actions.correct_check_in(cast.bob, check_in, value=D(20), confidence=6, reason="Typo")
    assert stored(kr) == (0.2, 0.2)
    actions.change_key_result(cast.alice, kr, {"target": D(40)}, reason="Scope cut")
    assert stored(kr) == (0.5, 0.5)
    actions.record_check_in(cast.bob, kr, value=D(90), confidence=6)
    assert stored(kr) == (1.0, 1.0)  # past the target: the bar is full, the value kept


def test_an_edit_keeps_a_check_in_saved_while_the_editor_had_the_page_open(
    cast: Cast, halfway: Period
) -> None:
    objective = make_objective(halfway, "Faster support", owner=cast.alice, units=[cast.checkout])
    kr = make_key_result(objective, "Tickets", owner_unit=cast.checkout, baseline=0, target=100)
    opened = KeyResult.objects.get(pk=kr.pk)  # the editor's copy, loaded before the check-in
    actions.record_check_in(cast.bob, kr, value=D(30), confidence=6)
    actions.change_key_result(cast.alice, opened, {"target": D(60)}, reason="Scope cut")
    kr.refresh_from_db()
    assert (kr.current, kr.confidence, kr.target) == (D(30), 6, D(60))
    assert stored(kr) == (0.5, 0.5)
