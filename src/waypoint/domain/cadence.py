"""The weekly rhythm: when a key result is due for a check-in, when a team's next meeting is,
and how many open commitments one person may carry (OKR-PRINCIPLES §4 Cadence)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

CheckInState = Literal["done", "due", "overdue"]
Frequency = Literal["weekly", "biweekly"]

DEFAULT_COMMITMENT_LIMIT = 5
MEETING_MINUTES = {"weekly": (45, 120), "biweekly": (45, 120), "daily": (5, 15), "adhoc": (30, 60)}


def check_in_state(
    last_check_in: date | None, period_start: date, today: date, cadence_days: int = 7
) -> CheckInState:
    """Where a key result stands in the check-in rhythm of its period.

    The period is cut into windows of ``cadence_days`` from its start. A check-in inside the
    current window makes the key result *done*; none since the previous window makes it
    *due*; a window or more without one makes it *overdue* (§4: OKRs are lived weekly; §5:
    set-and-forget is a trap). Before the period starts nothing is due.
    """
    if cadence_days < 1:
        raise ValueError(f"cadence must be at least one day, got {cadence_days}")
    if today < period_start:
        return "done"
    current = (today - period_start).days // cadence_days
    if last_check_in is None or last_check_in < period_start:
        last = -1
    else:
        last = (last_check_in - period_start).days // cadence_days
    if last >= current:
        return "done"
    if last == current - 1 or current == 0:
        return "due"
    return "overdue"


@dataclass(frozen=True)
class CommitmentVerdict:
    allowed: bool
    message: str


def check_commitments(
    person: str, open_titles: Sequence[str], limit: int = DEFAULT_COMMITMENT_LIMIT
) -> CommitmentVerdict:
    """Refuse one more open commitment above ``limit``, naming the open ones (§4: start less,
    finish more — a team commits only to what it can finish this week)."""
    if limit < 1:
        raise ValueError(f"the commitment limit must allow at least one, got {limit}")
    if len(open_titles) < limit:
        return CommitmentVerdict(True, "")
    names = "; ".join(f"“{title}”" for title in open_titles)
    return CommitmentVerdict(
        False,
        f"{person} already has {len(open_titles)} open commitments (the limit is {limit}): "
        f"{names}. Finish, drop or carry one over before taking on another.",
    )


def meeting_length_error(kind: str, minutes: int) -> str | None:
    """Why ``minutes`` is not a sensible length for a meeting of ``kind``, or None."""
    low, high = MEETING_MINUTES.get(kind, (5, 480))
    if low <= minutes <= high:
        return None
    return f"A {kind.replace('adhoc', 'deep-dive')} meeting lasts {low}–{high} minutes."


def next_occurrence(
    frequency: Frequency, weekday: int, at: time, after: datetime, anchor: date | None = None
) -> datetime:
    """The first meeting strictly after ``after`` on ``weekday`` (0 = Monday) at ``at``.

    Bi-weekly meetings fall every other week counted from ``anchor`` (the first meeting);
    without one, the first matching day is the anchor. ``after`` and the result share a tzinfo.
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday runs 0 (Monday) to 6 (Sunday), got {weekday}")
    day = after.date() + timedelta(days=(weekday - after.weekday()) % 7)
    candidate = datetime.combine(day, at, tzinfo=after.tzinfo)
    if candidate <= after:
        candidate += timedelta(days=7)
    if frequency == "biweekly":
        anchor = anchor or candidate.date()
        weeks = (candidate.date() - anchor).days // 7
        if weeks % 2:
            candidate += timedelta(days=7)
    return candidate


def next_weekday(after: datetime, at: time) -> datetime:
    """The next working day (Monday to Friday) strictly after ``after`` at ``at``: stand-ups."""
    candidate = datetime.combine(after.date(), at, tzinfo=after.tzinfo)
    while candidate <= after or candidate.weekday() >= 5:
        candidate += timedelta(days=1)
    return candidate
