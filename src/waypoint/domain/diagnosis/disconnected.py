"""Checks for OKRs Disconnected from strategy: no link up, opted-out supporting teams, links to
goals that are over, and departments pursuing one goal separately.

To keep one finding per issue, an unlinked objective owned only by supporting units is left
to ``disconnected.opted-out`` (one finding for the unit) rather than ``disconnected.no-link``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from waypoint.domain.diagnosis.engine import Context, Hit, register
from waypoint.domain.diagnosis.model import Objective
from waypoint.domain.diagnosis.similarity import (
    SAME_GOAL_THRESHOLD,
    jaccard,
    key_words,
    same_goal_pairs,
)


def _is_company_level(ctx: Context, objective: Objective) -> bool:
    units = (ctx.units.get(unit_id) for unit_id in objective.unit_ids)
    return any(unit is not None and unit.kind == "company" for unit in units)


def _only_supporting(ctx: Context, objective: Objective) -> bool:
    units = [ctx.units.get(unit_id) for unit_id in objective.unit_ids]
    return bool(units) and all(unit is not None and unit.is_supporting for unit in units)


def _strategy_exists(ctx: Context) -> bool:
    if ctx.snapshot.has_strategy is not None:
        return ctx.snapshot.has_strategy
    return bool(ctx.snapshot.linked_objectives) or any(
        _is_company_level(ctx, objective) for objective in ctx.live_objectives
    )


@register(
    "disconnected.no-link",
    "disconnected",
    scope="objective",
    why="Work that is not tied to the strategy tends to become a side project or a vanity win.",
)
def no_link(ctx: Context) -> Iterator[Hit]:
    """A non-company objective with no link up that is not a support goal.

    OKR-PRINCIPLES §5 Disconnected (work not tied to strategy: no link up and not a support
    goal; side projects) and §2 (cascade loosely: links are never required). Essay 003:
    teams do what they CAN, not what they SHOULD. Because links are optional this is
    ``info``, a prompt to say how the objective serves the strategy. Silent until the
    company has goals to link to (a company-level objective in the period, or linked annual
    goals), and for objectives owned only by supporting units (see ``opted-out``).
    Objectives with no owning unit are included: they hang off nothing at all.
    """
    if not _strategy_exists(ctx):
        return
    for objective in ctx.live_objectives:
        if (
            objective.has_link_up
            or objective.kind == "support"
            or _is_company_level(ctx, objective)
            or _only_supporting(ctx, objective)
        ):
            continue
        yield Hit(
            "objective",
            objective.id,
            "info",
            what=f"“{objective.title}” is not linked to any higher-level objective or key result.",
            fix=(
                "Link it to the company or department goal it moves; if it moves none, ask "
                "whether it should be done this period or parked in the backlog."
            ),
        )


@register(
    "disconnected.opted-out",
    "disconnected",
    scope="unit",
    why="Supporting teams set goals for how they will better support the company, not none.",
)
def opted_out(ctx: Context) -> Iterator[Hit]:
    """A supporting unit with neither a support goal nor an objective linked to strategy.

    OKR-PRINCIPLES §2 (supporting teams set support goals; a team that opts out of strategy
    with no support goal is flagged). Essay 004: beware of teams declaring themselves outside
    the cascade because it is easier to go their own way. A warning when the unit has
    objectives of its own that bypass the strategy; ``info`` when it has none this period
    (not every unit needs OKRs). Units whose only objectives are shared with non-supporting
    units are left to ``no-link``. A period in which nobody has set objectives yet, or an
    annual period (support goals are set quarterly), says nothing about opting out.
    """
    running = ctx.snapshot.practice_running
    running = bool(ctx.live_objectives) if running is None else running
    practice_running = running and ctx.snapshot.period.kind != "annual"
    for unit in ctx.units.values():
        if not unit.is_supporting:
            continue
        objectives = ctx.objectives_by_unit.get(unit.id, ())
        if any(o.kind == "support" or o.has_link_up for o in objectives):
            continue
        own = [o for o in objectives if _only_supporting(ctx, o)]
        if (objectives and not own) or (not objectives and not practice_running):
            continue
        if own:
            what = (
                f"{unit.name} is a supporting unit whose {len(own)} objective(s) neither "
                "support the rest of the company nor link to its strategy."
            )
        else:
            what = f"{unit.name} is a supporting unit with no support goal this period."
        yield Hit(
            "unit",
            unit.id,
            "warning" if own else "info",
            what=what,
            fix=(
                "Set a support goal: how the unit will better support the teams that depend "
                "on it (e.g. “Teams close the books in 3 days instead of 8”), or link its "
                "objectives to the company goal they move."
            ),
        )


def _closed_parents(ctx: Context, objective: Objective) -> Iterator[tuple[str, str]]:
    for parent_id in objective.parent_objective_ids:
        parent = ctx.all_objectives.get(parent_id)
        if parent is not None and parent.status != "active":
            yield parent.title, parent.status
    for kr_id in objective.parent_key_result_ids:
        kr = ctx.all_key_results.get(kr_id)
        if kr is None:
            continue
        owner = ctx.all_objectives.get(kr.objective_id)
        if kr.status != "active":
            yield kr.title, kr.status
        elif owner is not None and owner.status != "active":
            yield kr.title, f"part of an objective that is {owner.status}"


@register(
    "disconnected.closed-parent",
    "disconnected",
    scope="objective",
    why="An objective is only as strategic as the live goal it contributes to.",
)
def closed_parent(ctx: Context) -> Iterator[Hit]:
    """An active objective linked to a parent objective or key result that is no longer active.

    OKR-PRINCIPLES §5 Disconnected (work no longer tied to strategy) and §4 (changes are
    allowed: higher-level OKRs change after conversations). Essay 003: teams do great work
    that, when released, achieves nothing because the strategy moved on. Parents are looked
    up in the period and in ``linked_objectives``/``linked_key_results``; a parent the
    snapshot does not include is not judged. One finding per closed parent.
    """
    for objective in ctx.live_objectives:
        if objective.status != "active":
            continue
        for title, status in _closed_parents(ctx, objective):
            yield Hit(
                "objective",
                objective.id,
                "warning",
                what=f"“{objective.title}” contributes to “{title}”, which is {status}.",
                fix=(
                    "Re-link it to a goal that is still live, or decide with the owner of "
                    "the old goal whether this work should continue, change or stop."
                ),
            )


def _departments(ctx: Context, objective: Objective) -> frozenset[int]:
    found = (ctx.department_of(unit_id) for unit_id in objective.unit_ids)
    return frozenset(dept for dept in found if dept is not None)


def _linked(a: Objective, b: Objective, ctx: Context) -> bool:
    def parent_objectives(o: Objective) -> set[int]:
        via_krs = {
            ctx.all_key_results[kr_id].objective_id
            for kr_id in o.parent_key_result_ids
            if kr_id in ctx.all_key_results
        }
        return set(o.parent_objective_ids) | via_krs

    return b.id in parent_objectives(a) or a.id in parent_objectives(b)


@register(
    "disconnected.fragmented",
    "disconnected",
    scope="organisation",
    why="When departments pursue one goal separately the strategy fragments; share the goal.",
)
def fragmented(ctx: Context) -> Iterator[Hit]:
    """Two objectives in different departments that pursue the same goal.

    OKR-PRINCIPLES §5 Disconnected (fragmentation: two departments pursuing the same goal
    separately → suggest one shared objective) and §2 (shared objectives across functions,
    cascaded down a virtual org chart). Essay 004: the marching band whose sections set
    goals independently. Each objective's departments are found by walking its units'
    parents; a pair is compared only when those sets do not overlap and neither objective
    links to the other. Titles are compared with ``similarity.same_goal`` (Jaccard of
    stemmed content words ≥ 0.5, at least two words in common), only for the candidate pairs
    ``similarity.same_goal_pairs`` finds, never every pair. Each objective is paired with
    its closest twin only, one finding per such pair on the objective with the lower id
    (saying how many others pursue the goal too); the fix needs both departments' leaders,
    so the level is at least product leadership.
    """
    candidates = {o.id: o for o in sorted(ctx.live_objectives, key=lambda o: o.id)}
    words = {id_: key_words(o.title) for id_, o in candidates.items()}
    twins: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for first_id, second_id in same_goal_pairs(words):
        first, second = candidates[first_id], candidates[second_id]
        depts_a, depts_b = _departments(ctx, first), _departments(ctx, second)
        if not depts_a or not depts_b or depts_a & depts_b or _linked(first, second, ctx):
            continue
        score = jaccard(words[first_id], words[second_id])
        twins[first_id].append((score, second_id))
        twins[second_id].append((score, first_id))
    # Each objective is paired with its closest twin only (most similar, then lowest id): a goal
    # pursued by many departments makes a handful of findings, not one for every pair, and the
    # fragmentation report still lists every pair.
    pairs: dict[tuple[int, int], float] = {}
    for id_, found in twins.items():
        score, twin = min(found, key=lambda pair: (-pair[0], pair[1]))
        pairs[(min(id_, twin), max(id_, twin))] = score
    for (first_id, second_id), score in sorted(pairs.items()):
        first, second = candidates[first_id], candidates[second_id]
        others = len(twins[first_id]) - 1
        also = (
            f" {others} more objective{'s' if others > 1 else ''} in other departments "
            "pursue it too (see the fragmentation report)."
            if others
            else ""
        )
        yield Hit(
            "objective",
            first.id,
            "warning",
            what=(
                f"“{first.title}” and “{second.title}” (objective #{second.id}) pursue "
                f"the same goal from different departments (similarity {score:.2f}, "
                f"threshold {SAME_GOAL_THRESHOLD}).{also}"
            ),
            fix=(
                "Merge them into one shared objective owned by both units (or a virtual "
                "team), with each team owning its own key results."
            ),
            min_level="product_leadership",
            other_objective_id=second.id,
        )
