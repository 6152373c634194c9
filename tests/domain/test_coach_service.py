"""Service standards read as results (OKR-PRINCIPLES §5; docs/rules/coach-text.md §1.3).

A coach that tells a help desk its response-time promise is "activity" is wrong in the way
that hurts most; these tests pin the shapes of a service standard and the work that only
looks like one.
"""

from __future__ import annotations

import pytest

from waypoint.domain.coach_text import read_key_result


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("Answer phone calls within 15 seconds", "handled-in-time"),
        ("Reply to every parent's email within two working days", "handled-in-time"),
        ("Permit applications are processed within 10 business days", "handled-in-time"),
        ("Complaints acknowledged by the end of the next working day", "handled-in-time"),
        ("Every caller receives a callback within 4 hours", "handled-in-time"),
        ("Our counters are open 97% of advertised hours", "share-of-time"),
        ("The records portal will be available 99.5% of the time", "share-of-time"),
        ("Be in the top 5 councils for resident satisfaction", "ranking"),
        ("Ranked among the top ten hospitals for patient experience", "ranking"),
    ],
)
def test_a_promise_to_the_people_served_is_a_sure_outcome(text: str, shape: str) -> None:
    reading = read_key_result(text)
    assert not reading.is_output
    assert reading.sure
    assert "service-level" in reading.signals
    assert shape in reading.signals


@pytest.mark.parametrize(
    "text",
    [
        "Schedule all onboarding calls within 5 days of signing",
        "Migrate 80% of services within Q3",
        "Review 5 design proposals within a week",
        "Write the triage runbook within two weeks",
    ],
)
def test_work_of_the_teams_own_choosing_with_a_deadline_stays_work(text: str) -> None:
    reading = read_key_result(text)
    assert reading.is_output
    assert "service-level" not in reading.signals


def test_a_window_in_the_past_is_not_a_time_limit() -> None:
    reading = read_key_result("All managers have completed coaching training within the last year")
    assert "handled-in-time" not in reading.signals


def test_a_top_list_to_work_through_is_not_a_ranking() -> None:
    reading = read_key_result("Fix the top 10 crashes in the mobile app")
    assert reading.is_output
    assert "ranking" not in reading.signals
