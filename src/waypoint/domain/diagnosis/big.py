"""Checks for OKRs that are too Big: over the limits, beyond one team, beyond the team's record.

Over-commitment lives here too because it is the same question asked of history: a unit
over the objective limit gets one ``big.too-many-objectives`` finding and no
``over_commitment.more-than-finished`` finding as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from waypoint.domain.diagnosis.engine import Context, Hit, register
from waypoint.domain.diagnosis.model import Severity

BEYOND_HISTORY_FACTOR = 3.0
OVER_COMMITMENT_MARGIN = 1


def _over_limit(ctx: Context, count: int) -> Severity | None:
    if count > ctx.snapshot.refuse_above:
        return "error"
    if count > ctx.snapshot.warn_above:
        return "warning"
    return None


@register(
    "big.too-many-objectives",
    "big",
    scope="unit",
    why="Focus means few objectives: at most five per unit and period, ideally three or fewer.",
)
def too_many_objectives(ctx: Context) -> Iterator[Hit]:
    """A unit with more objectives in the period than the limits allow.

    OKR-PRINCIPLES §1 Structure (limits per unit and period; default warn above 3, refuse
    above 5) and §5 Big and over-commitment. Essay 001: start less, finish more. A shared
    objective counts for each of its owning units; dropped objectives do not count.
    Above ``warn_above`` is a warning, above ``refuse_above`` an error.
    """
    for unit_id, objectives in ctx.objectives_by_unit.items():
        severity = _over_limit(ctx, len(objectives))
        if severity is None:
            continue
        yield Hit(
            "unit",
            unit_id,
            severity,
            what=(
                f"{ctx.unit_name(unit_id)} has {len(objectives)} objectives in "
                f"{ctx.snapshot.period.name} (limit {ctx.snapshot.refuse_above}, "
                f"ideally {ctx.snapshot.warn_above} or fewer)."
            ),
            fix=(
                f"Keep the {ctx.snapshot.warn_above} that matter most this period; park the "
                "rest in the backlog, share one with another unit, or drop it."
            ),
        )


@register(
    "big.too-many-key-results",
    "big",
    scope="objective",
    why="An objective is measured by a few key results: at most five, ideally three or fewer.",
)
def too_many_key_results(ctx: Context) -> Iterator[Hit]:
    """An objective with more key results than the limits allow.

    OKR-PRINCIPLES §1 Structure (at most 5 KRs per objective, 3 or fewer ideal) and §5 Big
    (too many objectives or KRs). Dropped key results do not count.
    """
    for objective in ctx.live_objectives:
        count = len(ctx.key_results_by_objective.get(objective.id, ()))
        severity = _over_limit(ctx, count)
        if severity is None:
            continue
        yield Hit(
            "objective",
            objective.id,
            severity,
            what=(
                f"“{objective.title}” has {count} key results (limit "
                f"{ctx.snapshot.refuse_above}, ideally {ctx.snapshot.warn_above} or fewer)."
            ),
            fix=(
                "Keep the few that best show the outcome; move supporting measures to the "
                "team's KPIs or drop them."
            ),
        )


@register(
    "big.kr-owned-by-many",
    "big",
    scope="objective",
    why="Each key result must be achievable by a single team, even when its objective is shared.",
)
def key_result_owned_by_many(ctx: Context) -> Iterator[Hit]:
    """A key result owned by more than one unit.

    OKR-PRINCIPLES §1 Structure (each KR is owned by one team: an objective may span teams,
    a KR may not) and §5 Big (more than one team can do). Essay 003: "each Key Result needs
    to be achievable by a single team".
    """
    for kr in ctx.live_key_results:
        owners = tuple(dict.fromkeys(kr.owner_unit_ids))
        if len(owners) < 2:
            continue
        names = ", ".join(ctx.unit_name(unit_id) for unit_id in owners)
        yield Hit(
            "key_result",
            kr.id,
            "error",
            what=f"“{kr.title}” is owned by {len(owners)} units ({names}).",
            fix=(
                "Split it into one key result per team, each measuring that team's part, or "
                "give it to the one team that can move it; the objective itself can stay shared."
            ),
        )


def _best_gain(ctx: Context, unit_ids: tuple[int, ...]) -> float | None:
    gains = [
        past.best_relative_gain
        for unit_id in unit_ids
        for past in ctx.history_of(unit_id)
        if past.best_relative_gain is not None
    ]
    return max(gains, default=None)


@register(
    "big.beyond-history",
    "big",
    scope="objective",
    why="Targets stretch from what a team has shown it can do; far beyond that they are fiction.",
)
def beyond_history(ctx: Context) -> Iterator[Hit]:
    """A target far beyond anything the owning unit has achieved before.

    OKR-PRINCIPLES §5 Big (unrealistic targets given the team's history and capacity).
    Essay 003: too much optimism at product leadership, and senior management's
    "unrealistic objectives", fixed by a back-briefing during planning.

    Applies to metric and quantity KRs with a recorded, non-zero baseline and a target. The
    required relative gain ``|target - baseline| / |baseline|`` is compared with the unit's
    best relative gain in any past quarter; more than ``BEYOND_HISTORY_FACTOR`` (3) times
    that is flagged. Silent without history, or when the best gain on record is not positive.
    """
    for kr in ctx.live_key_results:
        if kr.kind not in ("metric", "quantity") or not kr.baseline or kr.target is None:
            continue
        best = _best_gain(ctx, ctx.unit_ids_of("key_result", kr.id))
        if best is None or best <= 0:
            continue
        required = abs(kr.target - kr.baseline) / abs(kr.baseline)
        if required <= BEYOND_HISTORY_FACTOR * best:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=(
                f"“{kr.title}” needs a {required:.0%} change; the owning team's best in past "
                f"quarters was {best:.0%}."
            ),
            fix=(
                "Back-brief with the team: agree a target it believes is a stretch but "
                f"possible (up to about {BEYOND_HISTORY_FACTOR * best:.0%}), or name the new "
                "capacity or approach that makes the jump credible."
            ),
        )


@register(
    "over_commitment.more-than-finished",
    "over_commitment",
    scope="unit",
    why="Start less and finish more: take on about as much as the team finished last time.",
)
def more_than_finished(ctx: Context) -> Iterator[Hit]:
    """A unit setting clearly more objectives than it completed last quarter.

    OKR-PRINCIPLES §5 over-commitment and §4 Cadence (start less, finish more). Essay 001:
    "Don't over-commit!" Flags a unit whose objective count in a quarter or custom period
    exceeds the objectives it completed in its most recent past quarter by more than
    ``OVER_COMMITMENT_MARGIN`` (1): one more than last time is a fair stretch, two more is
    a pattern. Silent for annual periods, without history, and when the unit is already over
    ``warn_above`` (``big.too-many-objectives`` reports that, once).
    """
    if ctx.snapshot.period.kind == "annual":
        return
    for unit_id, objectives in ctx.objectives_by_unit.items():
        history = ctx.history_of(unit_id)
        count = len(objectives)
        if not history or count > ctx.snapshot.warn_above:
            continue
        last = history[0]
        if count <= last.objectives_completed + OVER_COMMITMENT_MARGIN:
            continue
        yield Hit(
            "unit",
            unit_id,
            "warning",
            what=(
                f"{ctx.unit_name(unit_id)} set {count} objectives for "
                f"{ctx.snapshot.period.name} but completed {last.objectives_completed} of "
                f"{last.objectives_set} last quarter."
            ),
            fix=(
                f"Commit to at most {last.objectives_completed + OVER_COMMITMENT_MARGIN} and "
                "park the rest in the backlog; pick up the next one when one is done."
            ),
        )
