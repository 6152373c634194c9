"""The weekly rhythm: check-ins due, commitment limits, meeting lengths and occurrences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from waypoint.domain import cadence as dc

START = date(2026, 10, 1)  # a Thursday


@pytest.mark.parametrize(
    ("last", "today", "state"),
    [
        (None, date(2026, 10, 3), "due"),  # first window: due, never overdue yet
        (None, date(2026, 10, 9), "overdue"),  # a whole window passed without one
        (None, date(2026, 10, 15), "overdue"),  # two windows without a check-in
        (date(2026, 10, 8), date(2026, 10, 9), "done"),  # inside the current window
        (date(2026, 10, 7), date(2026, 10, 9), "due"),  # previous window
        (date(2026, 10, 1), date(2026, 10, 16), "overdue"),
        (date(2026, 9, 28), date(2026, 10, 2), "due"),  # before the period counts as none
        (None, date(2026, 9, 20), "done"),  # the period has not started
    ],
)
def test_check_in_state(last: date | None, today: date, state: str) -> None:
    assert dc.check_in_state(last, START, today, 7) == state


def test_check_in_state_refuses_a_zero_cadence() -> None:
    with pytest.raises(ValueError):
        dc.check_in_state(None, START, START, 0)


@pytest.mark.parametrize(("open_count", "allowed"), [(0, True), (4, True), (5, False), (7, False)])
def test_commitment_limit(open_count: int, allowed: bool) -> None:
    titles = [f"task {n}" for n in range(open_count)]
    verdict = dc.check_commitments("Bob", titles, 5)
    assert verdict.allowed is allowed
    if not allowed:
        assert "Bob already has" in verdict.message and "“task 0”" in verdict.message


@pytest.mark.parametrize(
    ("kind", "minutes", "ok"),
    [
        ("weekly", 60, True),
        ("weekly", 45, True),
        ("weekly", 44, False),
        ("biweekly", 121, False),
        ("daily", 15, True),
        ("daily", 20, False),
        ("adhoc", 30, True),
        ("adhoc", 90, False),
    ],
)
def test_meeting_length(kind: str, minutes: int, ok: bool) -> None:
    assert (dc.meeting_length_error(kind, minutes) is None) is ok


@pytest.mark.parametrize(
    ("frequency", "after", "anchor", "expected"),
    [
        (
            "weekly",
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
            None,
            datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
        ),
        (
            "weekly",
            datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
            None,
            datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        ),
        (
            "weekly",
            datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
            None,
            datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        ),
        (
            "biweekly",
            datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
            date(2026, 11, 30),
            datetime(2026, 12, 14, 9, 30, tzinfo=UTC),
        ),
        (
            "biweekly",
            datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
            date(2026, 11, 23),
            datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        ),
    ],
)
def test_next_occurrence(
    frequency: str, after: datetime, anchor: date | None, expected: datetime
) -> None:
    assert dc.next_occurrence(frequency, 0, time(9, 30), after, anchor) == expected  # type: ignore[arg-type]


def test_next_weekday_skips_the_weekend() -> None:
    friday_noon = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert dc.next_weekday(friday_noon, time(9, 15)) == datetime(2026, 12, 7, 9, 15, tzinfo=UTC)
