"""The mid-quarter review's figures (domain)."""

from __future__ import annotations

from datetime import date

import pytest

from waypoint.domain.review import check_in_weeks, mid_point, process_health, review_due

Q4 = (date(2026, 10, 1), date(2026, 12, 31))


def test_mid_point_and_when_the_review_is_due() -> None:
    assert mid_point(*Q4) == date(2026, 11, 15)
    assert not review_due(*Q4, today=date(2026, 11, 29))
    assert review_due(*Q4, today=date(2026, 11, 30))


@pytest.mark.parametrize(
    "days, today, expected",
    [
        ([[]], date(2026, 10, 18), (0, 2)),  # weeks of 5 and 12 October elapsed
        ([[date(2026, 10, 6)]], date(2026, 10, 18), (1, 2)),
        ([[date(2026, 10, 6), date(2026, 10, 7)]], date(2026, 10, 18), (1, 2)),  # once a week
        ([[date(2026, 10, 6), date(2026, 10, 13)], []], date(2026, 10, 18), (2, 4)),
        ([[date(2026, 10, 6)]], date(2026, 10, 17), (1, 1)),  # the second week is not over
    ],
)
def test_check_in_weeks(days: list[list[date]], today: date, expected: tuple[int, int]) -> None:
    assert check_in_weeks(days, date(2026, 10, 1), today) == expected


def test_process_health() -> None:
    health = process_health(
        check_in_days=[[date(2026, 10, 6)], []],
        start=date(2026, 10, 1),
        today=date(2026, 10, 18),
        meeting_statuses=["held", "held", "cancelled", "delayed", "scheduled"],
        commitment_statuses=["done", "open", "dropped", "done"],
    )
    assert (health.meetings_held, health.meetings_cancelled) == (2, 2)
    assert (health.commitments_done, health.commitments_opened) == (2, 4)
    assert health.commitments_finished == 0.5
    assert health.check_ins_on_time == 0.25
    assert health.key_results_never_checked_in == 1


def test_process_health_of_an_empty_unit_has_no_shares() -> None:
    health = process_health(
        check_in_days=[],
        start=date(2026, 10, 1),
        today=date(2026, 10, 2),
        meeting_statuses=[],
        commitment_statuses=[],
    )
    assert (health.check_ins_on_time, health.commitments_finished) == (None, None)
