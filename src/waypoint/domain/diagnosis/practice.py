"""Checks on the practice around the OKRs: baselines and targets, check-ins, sandbagging and
individuals in the cascade.

Baseline and target checks skip key results already reported as outputs
(``activity.output-kr``): rewriting the KR as an outcome is the fix, and it brings its own
baseline and target.
"""

from __future__ import annotations

from collections.abc import Iterator

from waypoint.domain.diagnosis.engine import Context, Hit, register
from waypoint.domain.diagnosis.model import KeyResult
from waypoint.domain.diagnosis.numbers import disagreements
from waypoint.domain.learning import learn
from waypoint.domain.periods import missed_cadences
from waypoint.domain.progress import Measure, effective_bounds

SET_AND_FORGET_CADENCES = 2
SANDBAGGING_QUARTERS = 2
SANDBAGGING_SCORE = 1.0


def _measured_key_results(ctx: Context) -> Iterator[KeyResult]:
    """Live key results not reported as outputs (only sure output readings are reported)."""
    for kr in ctx.live_key_results:
        if not ctx.read_key_result(kr).sure_output:
            yield kr


def _bounds_known(ctx: Context, kr: KeyResult) -> tuple[bool, bool]:
    """Whether the KR has a baseline and a target, after the defaults of its kind.

    The recorded fields decide, except for imported KRs and KRs with neither field filled
    in: there the text may carry them ("from 12 % to 8 %"), so the text reading decides.
    """
    baseline, target = effective_bounds(Measure(kr.kind, kr.baseline, kr.target, kr.current))
    has_baseline, has_target = baseline is not None, target is not None
    text_decides = kr.imported or (kr.baseline is None and kr.target is None)
    if text_decides and not (has_baseline and has_target):
        reading = ctx.read_key_result(kr)
        has_baseline = has_baseline or reading.has_baseline
        has_target = has_target or reading.has_target
    return has_baseline, has_target


@register(
    "baseline.missing-baseline",
    "baseline",
    scope="objective",
    why="Without a starting point nobody can tell how far a key result has moved.",
)
def missing_baseline(ctx: Context) -> Iterator[Hit]:
    """A metric key result with no baseline.

    OKR-PRINCIPLES §1 Structure (every KR records a starting point and a target) and §5 (no
    baseline or no target). Completion, quantity and subjective KRs have default baselines
    (``progress.effective_bounds``), so only metrics can lack one.
    """
    for kr in _measured_key_results(ctx):
        if _bounds_known(ctx, kr)[0]:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}” has no baseline.",
            fix=(
                "Record today's value as the baseline (measure it this week if you must); "
                "if nobody can measure it, choose a metric someone can."
            ),
        )


@register(
    "baseline.missing-target",
    "baseline",
    scope="objective",
    why="Without a target a key result cannot be scored, and nobody knows what success means.",
)
def missing_target(ctx: Context) -> Iterator[Hit]:
    """A metric or quantity key result with no target.

    OKR-PRINCIPLES §1 Structure (every KR records a target) and §5 (no baseline or no
    target). Completion and subjective KRs default to 100 % and 10/10.
    """
    for kr in _measured_key_results(ctx):
        if _bounds_known(ctx, kr)[1]:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}” has no target.",
            fix=(
                "Set the value that would count as success by the end of the period; for an "
                "aspirational objective, one you expect to reach about 70 % of the way."
            ),
        )


@register(
    "baseline.flat-target",
    "baseline",
    scope="objective",
    why="A key result measures a change, so its target must differ from its starting point.",
)
def flat_target(ctx: Context) -> Iterator[Hit]:
    """A key result whose target equals its baseline (after the defaults of its kind).

    OKR-PRINCIPLES §1 Structure (a metric moves from baseline to target) and §5 (KTLO work
    dressed as a KR: holding a value steady is a KPI's healthy range, not a result).
    """
    for kr in _measured_key_results(ctx):
        baseline, target = effective_bounds(Measure(kr.kind, kr.baseline, kr.target, kr.current))
        if baseline is None or baseline != target:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}” has the same baseline and target ({baseline:g}).",
            fix=(
                "If the aim is to hold the value steady, track it as a KTLO KPI with a healthy "
                "range; otherwise set the target you want to reach."
            ),
        )


@register(
    "baseline.subjective-without-criteria",
    "baseline",
    scope="objective",
    why="A subjective key result is only measurable against criteria everyone agreed on.",
)
def subjective_without_criteria(ctx: Context) -> Iterator[Hit]:
    """A subjective key result with no agreed scoring criteria.

    OKR-PRINCIPLES §1 Structure (a subjective assessment is scored against criteria everyone
    agreed on).
    """
    for kr in ctx.live_key_results:
        if kr.kind != "subjective" or kr.criteria.strip():
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}” is scored subjectively but has no criteria.",
            fix=(
                "Write down, with the people who will judge it, what a 3, a 7 and a 10 look "
                "like, before the first check-in."
            ),
        )


@register(
    "baseline.no-key-results",
    "baseline",
    scope="objective",
    why="An objective is measured by its key results; without them nobody can tell it moved.",
)
def no_key_results(ctx: Context) -> Iterator[Hit]:
    """An active objective with no live key results.

    OKR-PRINCIPLES §1 Structure (an objective is measured by key results; 3 or fewer is the
    ideal) and §5 (no baseline or no target: with no KR there is neither). Silent once the
    objective is closed.
    """
    for objective in ctx.live_objectives:
        if objective.status != "active" or ctx.key_results_by_objective.get(objective.id):
            continue
        yield Hit(
            "objective",
            objective.id,
            "warning",
            what=f"“{objective.title}” has no key results yet.",
            fix=(
                "Add 2–3 key results that show the change: who benefits, and which number "
                "moves from its baseline to a target."
            ),
        )


@register(
    "baseline.title-contradicts-fields",
    "baseline",
    scope="objective",
    why="A key result's title and its baseline and target must describe the same change.",
)
def title_contradicts_fields(ctx: Context) -> Iterator[Hit]:
    """A key result whose title states numbers or a direction its fields contradict
    ("from 22 % to 40 %" with baseline 10 and target 90; "reduce" with a higher target).

    OKR-PRINCIPLES §1 Structure (every KR records a starting point and a target; a metric
    moves from baseline to target, in either direction). Progress and scores are computed
    from the fields, so a title that disagrees misleads everyone who reads it.
    """
    for kr in _measured_key_results(ctx):
        found = disagreements(kr.title, kr.baseline, kr.target)
        if not found:
            continue
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}”: {'; '.join(found)}.",
            fix=(
                "Make the title and the fields say the same: correct the baseline and target "
                "(progress is computed from them), or change the title to match."
            ),
        )


def _cadence_name(days: int) -> str:
    return {7: "weekly", 14: "bi-weekly"}.get(days, f"{days}-day")


@register(
    "set_and_forget.no-check-in",
    "set_and_forget",
    scope="objective",
    why="OKRs are lived in weekly check-ins, not set at the start and read at the end.",
)
def no_check_in(ctx: Context) -> Iterator[Hit]:
    """An active key result with no check-in for more than two cadence periods.

    OKR-PRINCIPLES §4 Cadence (weekly or bi-weekly check-ins) and §5 (set-and-forget).
    Essay 001: "Set it and forget it". Counted with ``periods.missed_cadences`` up to today
    (or the period's end, once it is over), and only once the period has run for more than
    two cadences, so a new quarter is not flagged in its first weeks.
    """
    snapshot = ctx.snapshot
    until = min(ctx.today, snapshot.period.end)
    cadence = snapshot.cadence_days
    if (until - snapshot.period.start).days <= SET_AND_FORGET_CADENCES * cadence:
        return
    for kr in ctx.live_key_results:
        objective = ctx.objectives[kr.objective_id]
        if kr.status != "active" or objective.status != "active":
            continue
        missed = missed_cadences(kr.last_check_in, snapshot.period.start, until, cadence)
        if missed <= SET_AND_FORGET_CADENCES:
            continue
        since = f"since {kr.last_check_in.isoformat()}" if kr.last_check_in else "this period"
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=(
                f"“{kr.title}” has had no check-in {since}: {missed} {_cadence_name(cadence)} "
                "check-ins missed."
            ),
            fix=(
                "Check in at the next team meeting: record the current value, a confidence "
                "and a note; if the KR no longer matters, change or drop it with a reason."
            ),
        )


@register(
    "sandbagging.always-full",
    "sandbagging",
    scope="unit",
    why="Aspirational goals are set to reach about 70 %; hitting all of them means they were safe.",
)
def always_full(ctx: Context) -> Iterator[Hit]:
    """A unit whose aspirational objectives averaged a score of 1.0 or more in each of its
    last two closed quarters, as its learning loop shows them.

    OKR-PRINCIPLES §1 Structure (stretch: reaching every aspirational target every quarter
    is a signal of sandbagging), §4 Cadence (the learning loop) and §5 (sandbagging). Essay
    001: in hierarchical cultures, people set very safe goals. Reads the same learning loop as
    the unit's learning page (``waypoint.domain.learning``): closed objectives of quarters that
    ended before this period, dropped ones unscored. Silent unless both quarters have
    aspirational scores.
    """
    for unit_learning in ctx.snapshot.learning:
        loop = learn(unit_learning.closed)
        before = [p for p in loop.periods if p.period_start < ctx.snapshot.period.start]
        recent = before[-SANDBAGGING_QUARTERS:]
        averages = [p.aspirational_average for p in recent]
        if len(recent) < SANDBAGGING_QUARTERS or not all(
            average is not None and average >= SANDBAGGING_SCORE for average in averages
        ):
            continue
        scores = " and ".join(
            f"{a:.1f} in {p.period}" for a, p in zip(averages, recent, strict=True)
        )
        yield Hit(
            "unit",
            unit_learning.unit_id,
            "warning",
            what=(
                f"{ctx.unit_name(unit_learning.unit_id)} scored 1.0 or more on average on its "
                f"aspirational objectives quarter after quarter ({scores})."
            ),
            fix=(
                "Set this period's aspirational targets where the team expects to reach about "
                "70 %, or mark the objectives committed; and make sure missing a stretch goal "
                "is safe, since it never affects anyone's rating."
            ),
        )


@register(
    "individuals.in-cascade",
    "individuals",
    scope="objective",
    why="OKRs belong to teams: people are not part of the cascade and personal goals stay private.",
)
def individual_in_cascade(ctx: Context) -> Iterator[Hit]:
    """An objective with no owning unit that is linked into the cascade.

    OKR-PRINCIPLES §3 (individuals are not part of the cascade; personal goals are private
    and never rolled up) and §5 (individual OKRs in the cascade). Essay 000. Personal goals
    themselves never reach the engine: the snapshot adapter must leave them out.
    """
    for objective in ctx.live_objectives:
        if objective.unit_ids or not objective.has_link_up:
            continue
        owner = ctx.people.get(objective.owner_id) if objective.owner_id is not None else None
        who = owner.name if owner else "one person"
        yield Hit(
            "objective",
            objective.id,
            "error",
            what=f"“{objective.title}” is owned by {who} alone but linked into the cascade.",
            fix=(
                "Give it to the team (or virtual team) that will do the work, or make it a "
                "personal goal, which stays private and outside the cascade."
            ),
        )
