"""The mid-quarter review: progress against where it should be by now, and the process.

Implements OKR-PRINCIPLES §4 Cadence (a mid-quarter review of progress and of the practice
itself: check-ins, meetings, commitments). Figures are computed from plain rows so the page,
tests and the coach read them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from waypoint.domain.periods import week_starts


@dataclass(frozen=True)
class ProcessHealth:
    """How the practice went so far in a period."""

    check_in_weeks: int  # weeks (of key results × elapsed weeks) that had a check-in
    expected_check_in_weeks: int
    meetings_held: int
    meetings_cancelled: int  # cancelled or moved
    commitments_opened: int
    commitments_done: int
    key_results_never_checked_in: int

    @property
    def check_ins_on_time(self) -> float | None:
        if not self.expected_check_in_weeks:
            return None
        return self.check_in_weeks / self.expected_check_in_weeks

    @property
    def commitments_finished(self) -> float | None:
        return self.commitments_done / self.commitments_opened if self.commitments_opened else None


def mid_point(start: date, end: date) -> date:
    """The middle day of a period."""
    return start + timedelta(days=(end - start).days // 2)


def review_due(start: date, end: date, today: date, grace_days: int = 14) -> bool:
    """True once the mid-quarter review is overdue: two weeks after the period's middle."""
    return today > mid_point(start, end) + timedelta(days=grace_days)


def check_in_weeks(
    check_in_days: Iterable[Iterable[date]], start: date, today: date
) -> tuple[int, int]:
    """For each key result's check-in days, count the elapsed weeks (Monday to Sunday) of the
    period that had at least one check-in; returns (weeks with a check-in, weeks expected)."""
    weeks = [w for w in week_starts(start, today) if w + timedelta(days=6) <= today]
    had = expected = 0
    for days in check_in_days:
        marks = {d - timedelta(days=d.weekday()) for d in days}
        had += sum(week in marks for week in weeks)
        expected += len(weeks)
    return had, expected


def process_health(
    *,
    check_in_days: list[list[date]],
    start: date,
    today: date,
    meeting_statuses: Iterable[str],
    commitment_statuses: Iterable[str],
) -> ProcessHealth:
    """Summarise the practice of a unit in a period up to `today`."""
    had, expected = check_in_weeks(check_in_days, start, today)
    meetings = list(meeting_statuses)
    commitments = list(commitment_statuses)
    return ProcessHealth(
        check_in_weeks=had,
        expected_check_in_weeks=expected,
        meetings_held=meetings.count("held"),
        meetings_cancelled=sum(s in {"cancelled", "delayed"} for s in meetings),
        commitments_opened=len(commitments),
        commitments_done=commitments.count("done"),
        key_results_never_checked_in=sum(not days for days in check_in_days),
    )
