"""Checks on what OKRs say: outputs instead of outcomes, projects and KTLO work as objectives.

The texts are read by ``waypoint.domain.coach_text`` (through ``Context``); these checks only
decide what a reading means for the coach.
"""

from __future__ import annotations

from collections.abc import Iterator

from waypoint.domain.diagnosis.engine import Context, Hit, register


@register(
    "activity.output-kr",
    "activity",
    scope="objective",
    why="A key result is an outcome that creates value for someone, not a piece of work done.",
)
def output_key_result(ctx: Context) -> Iterator[Hit]:
    """A key result whose text reads, for sure, as an output: ship, launch, write, hold N
    meetings.

    OKR-PRINCIPLES §5 Activity-focused and §1 Structure (a KR is a measurable outcome).
    From the essays: confusing outputs with outcomes is the toughest lesson (001), and
    teams focused on activity do work that does not add up to results (003). A finding must
    be right: an unsure reading is asked about while the KR is written, never reported here.
    """
    for kr in ctx.live_key_results:
        reading = ctx.read_key_result(kr)
        if not reading.sure_output:
            continue
        example = f" For example: “{reading.rewrite}”." if reading.rewrite else ""
        yield Hit(
            "key_result",
            kr.id,
            "warning",
            what=f"“{kr.title}” describes work to finish, not a result it should bring.",
            fix=(
                "Ask “so that what?” and measure that change instead: who benefits, and which "
                f"number moves from its baseline to a target.{example}"
            ),
        )


@register(
    "activity.task-objective",
    "activity",
    scope="objective",
    why="An objective states the improvement a team is after, not the project it will run.",
)
def task_objective(ctx: Context) -> Iterator[Hit]:
    """An objective that is really a project or a task list.

    OKR-PRINCIPLES §5 Activity-focused (objectives that are really projects; leadership
    running new strategy as a Gantt chart of tasks) and §1 (an objective expresses
    improvement). Essay 003: getting into the HOW of new work makes the organisation brittle.
    """
    for objective in ctx.live_objectives:
        reading = ctx.read_objective(objective)
        if reading.label != "task" or not reading.sure:
            continue
        yield Hit(
            "objective",
            objective.id,
            "warning",
            what=f"“{objective.title}” reads as a project to deliver, not an improvement.",
            fix=reading.fix
            or (
                "Name the improvement the project is meant to bring, and for whom; make that "
                "the objective and let the team choose how to get there, with the project "
                "as one possible plan."
            ),
        )


@register(
    "ktlo.objective",
    "ktlo",
    scope="objective",
    why="Keeping the lights on is tracked as a KPI with a healthy range, never as an OKR.",
)
def ktlo_objective(ctx: Context) -> Iterator[Hit]:
    """An objective that keeps the lights on ("maintain…", "keep … running").

    OKR-PRINCIPLES §1 Structure (objectives express improvement; KTLO KPIs are tracked beside
    OKRs with healthy ranges) and §5 (KTLO work dressed as an objective).
    """
    for objective in ctx.live_objectives:
        reading = ctx.read_objective(objective)
        if reading.label != "ktlo" or not reading.sure:
            continue
        yield Hit(
            "objective",
            objective.id,
            "warning",
            what=f"“{objective.title}” keeps something running rather than improving it.",
            fix=reading.fix
            or (
                "Track it as a KTLO KPI with a healthy range (for example uptime between "
                "99.9 % and 100 %) beside the OKRs, review it in the weekly meeting, and "
                "spend the objective on something you want to improve."
            ),
        )
