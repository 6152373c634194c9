"""Checks on the rhythm: the mid-quarter review, key results that never end, weekly meetings
that keep being called off, and a backlog nobody looks at.

Implements OKR-PRINCIPLES §4 Cadence (a mid-quarter review of progress and of the process;
quarter close decides what carries over; the weekly meeting; the parking lot reviewed at
least quarterly) and §5 (set-and-forget; delayed or cancelled meetings are a trap).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from waypoint.domain.agenda import slipping_rhythm
from waypoint.domain.diagnosis.engine import Context, Hit, register
from waypoint.domain.diagnosis.model import PastMeeting
from waypoint.domain.review import review_due

CARRIED_QUARTERS = 3
SLIPPED_MEETINGS = 2  # cancelled or rescheduled in a row
BACKLOG_REVIEW_DAYS = 92  # "at least quarterly": a quarter is at most 92 days long
STATUS_WORDS = {"cancelled": "cancelled", "delayed": "rescheduled"}


def _running(ctx: Context) -> bool:
    """Whether today falls inside the diagnosed period: the checks on live practice (meetings,
    backlog) speak only about the present."""
    return ctx.snapshot.period.start <= ctx.today <= ctx.snapshot.period.end


def _past(meeting: PastMeeting, today: date) -> bool:
    """A meeting that has happened (or been called off) by today; today's meeting counts only
    once its outcome is recorded."""
    return meeting.day < today or (meeting.day == today and meeting.status != "scheduled")


@register(
    "set_and_forget.no-mid-quarter-review",
    "set_and_forget",
    scope="unit",
    why="Halfway through is when there is still time to change course; later it is a post-mortem.",
)
def no_mid_quarter_review(ctx: Context) -> Iterator[Hit]:
    """A unit with objectives in a quarter that has held no mid-quarter review two weeks after
    the quarter's middle (and before it ends).

    OKR-PRINCIPLES §4 Cadence (the mid-quarter review looks at progress and at the process) and
    §5 (set-and-forget)."""
    period = ctx.snapshot.period
    if period.kind != "quarter" or not review_due(period.start, period.end, ctx.today):
        return
    if ctx.today > period.end:
        return
    reviewed = set(ctx.snapshot.mid_quarter_reviews)
    for unit_id, objectives in ctx.objectives_by_unit.items():
        if unit_id in reviewed or not any(o.status == "active" for o in objectives):
            continue
        yield Hit(
            "unit",
            unit_id,
            "warning",
            what=f"{ctx.unit_name(unit_id)} has not held its mid-quarter review of {period.name}.",
            fix=(
                "Hold it this week: look at every key result against where it should be by now "
                "and at the process (check-ins, meetings, commitments), then record what you "
                "decided on the unit's mid-quarter review page."
            ),
        )


@register(
    "over_commitment.carried-again",
    "over_commitment",
    scope="objective",
    why="A key result carried over quarter after quarter is either not a priority or not a "
    "key result: it is business as usual.",
)
def carried_again(ctx: Context) -> Iterator[Hit]:
    """A key result carried over into this quarter for the third time running (it has been
    on the list three quarters in a row).

    OKR-PRINCIPLES §4 Cadence (quarter close decides what carries over) and §1 Structure (KTLO
    work is tracked as KPIs, not as key results)."""
    for kr in ctx.live_key_results:
        if kr.carried_quarters + 1 < CARRIED_QUARTERS:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=(
                f"“{kr.title}” is on the list for the {kr.carried_quarters + 1}th quarter "
                "running: it was carried over every time."
            ).replace("3th", "3rd"),
            fix=(
                "Decide: make it the focus this quarter and say what changes so it finishes, "
                "track it as a KPI if it is ongoing work, or drop it and park it in the backlog."
            ),
        )


@register(
    "set_and_forget.meetings-slipping",
    "set_and_forget",
    scope="unit",
    why="A weekly meeting that keeps being cancelled or moved means the rhythm has stopped: "
    "the OKRs are no longer being steered.",
)
def meetings_slipping(ctx: Context) -> Iterator[Hit]:
    """A unit whose last two or more weekly (or bi-weekly) meetings were all cancelled or
    rescheduled, while the period runs.

    OKR-PRINCIPLES §4 Cadence (the weekly meeting tracks the OKRs) and §5 (delayed or
    cancelled meetings: clarify the purpose and recommit; when in doubt, simplify). The same
    reading as the unit's meetings page (``domain.agenda.slipping_rhythm``)."""
    if not _running(ctx):
        return
    by_unit: dict[int, list[PastMeeting]] = defaultdict(list)
    for meeting in ctx.snapshot.meetings:
        if _past(meeting, ctx.today):
            by_unit[meeting.unit_id].append(meeting)
    for unit_id, meetings in sorted(by_unit.items()):
        newest = sorted(meetings, key=lambda m: m.day, reverse=True)
        statuses = [m.status for m in newest]
        if not slipping_rhythm(statuses, threshold=SLIPPED_MEETINGS):
            continue
        streak = next((i for i, s in enumerate(statuses) if s not in STATUS_WORDS), len(statuses))
        slipped = ", ".join(
            f"{m.day:%-d %b} {STATUS_WORDS[m.status]}" for m in reversed(newest[:streak])
        )
        yield Hit(
            "unit",
            unit_id,
            "warning",
            what=(
                f"{ctx.unit_name(unit_id)}'s last {streak} weekly meetings did not happen "
                f"({slipped})."
            ),
            fix=(
                "Clarify the purpose of the meeting and recommit to it as a team; when in "
                "doubt, simplify: a shorter meeting, a better slot, or a less frequent rhythm "
                "that actually happens."
            ),
        )


@register(
    "set_and_forget.backlog-not-reviewed",
    "set_and_forget",
    scope="unit",
    why="A parking lot nobody looks at is a graveyard: ideas are parked so that they get a fair "
    "hearing later, at least once a quarter.",
)
def backlog_not_reviewed(ctx: Context) -> Iterator[Hit]:
    """A unit with open backlog items of which at least one has gone more than a quarter
    (92 days) since it was parked, kept or the whole backlog was marked reviewed, whichever
    is latest; while the period runs.

    OKR-PRINCIPLES §4 Cadence (the parking lot / backlog is a standing part of the weekly
    meeting and is reviewed at least quarterly) and §5 (set-and-forget)."""
    if not _running(ctx):
        return
    due_before = ctx.today - timedelta(days=BACKLOG_REVIEW_DAYS)
    for backlog in sorted(ctx.snapshot.backlogs, key=lambda b: b.unit_id):
        seen = [
            max(day, backlog.last_review) if backlog.last_review else day
            for day in backlog.open_items
        ]
        stale = [day for day in seen if day < due_before]
        if not stale:
            continue
        since = (
            f"last reviewed on {backlog.last_review:%-d %B %Y}"
            if backlog.last_review
            else "never reviewed as a whole"
        )
        count = f"{len(stale)} idea{'s' if len(stale) != 1 else ''}"
        yield Hit(
            "unit",
            backlog.unit_id,
            "warning",
            what=(
                f"{ctx.unit_name(backlog.unit_id)}'s backlog has {count} nobody has looked at "
                f"for more than a quarter (the backlog was {since})."
            ),
            fix=(
                "Go through the backlog with the team: make an objective or a commitment of "
                "what earns a place, discard the rest, then mark the backlog reviewed."
            ),
        )
