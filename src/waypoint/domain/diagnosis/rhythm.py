"""Checks on the quarter's rhythm: the mid-quarter review, and key results that never end.

Implements OKR-PRINCIPLES §4 Cadence (a mid-quarter review of progress and of the process;
quarter close decides what carries over) and §5 (set-and-forget is a trap).
"""

from __future__ import annotations

from collections.abc import Iterator

from waypoint.domain.diagnosis.engine import Context, Hit, register
from waypoint.domain.review import review_due

CARRIED_QUARTERS = 3


@register(
    "set_and_forget.no-mid-quarter-review",
    "set_and_forget",
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
