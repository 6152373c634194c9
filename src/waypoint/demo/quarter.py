"""The demo's quarter rhythm: last quarter's retrospectives and carried-over key results, and a
proposed change waiting for its owner's answer this quarter (all through the actions)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from waypoint.demo.org import Org
from waypoint.okrs.models import CLOSED_STATUSES, KeyResult, Objective, Period, Status
from waypoint.planning import actions as planning
from waypoint.planning.models import Proposal, Retrospective

LEARNED = {
    Status.ACHIEVED: "The weekly check-in kept everyone on the two numbers that mattered.",
    Status.PARTIAL: "We moved the number, but started the biggest piece of work too late.",
    Status.MISSED: "The bet did not pay off the way we expected; we learned where the real "
    "problem is.",
    Status.DROPPED: "Dropped when priorities changed; the reason is in the history.",
}
CARRIED_PER_QUARTER = 3


def load_quarter_rhythm(org: Org, previous: Period, current: Period, today: date) -> None:
    _retrospectives(previous)
    _carry_overs(previous, current)
    _proposal(org, current)


def _retrospectives(previous: Period) -> None:
    closed = Objective.objects.filter(period=previous, status__in=CLOSED_STATUSES)
    for index, objective in enumerate(closed.order_by("id")):
        missed = objective.status in {Status.MISSED, Status.PARTIAL}
        Retrospective.objects.get_or_create(
            objective=objective,
            defaults={
                "learned": LEARNED[objective.status],
                "miss_cause": ("strategy" if index % 2 else "execution") if missed else "",
                "author": objective.owner,
                "at": objective.closed_at or timezone.now(),
            },
        )


def _carry_overs(previous: Period, current: Period) -> None:
    """Link a few of this quarter's key results to last quarter's unfinished ones of the same
    team: they continue them, as the quarter close carried them over."""
    if KeyResult.objects.filter(objective__period=current, continues__isnull=False).exists():
        return
    unfinished = KeyResult.objects.filter(
        objective__period=previous, status__in=[Status.PARTIAL, Status.MISSED]
    ).order_by("id")
    carried = 0
    for old in unfinished:
        successor = (
            KeyResult.objects.filter(
                objective__period=current, owner_unit=old.owner_unit, continues__isnull=True
            )
            .order_by("id")
            .first()
        )
        if successor is None:
            continue
        KeyResult.objects.filter(pk=successor.pk).update(continues=old)
        Objective.objects.filter(pk=successor.objective_id, continues__isnull=True).update(
            continues=old.objective
        )
        carried += 1
        if carried == CARRIED_PER_QUARTER:
            return


def _proposal(org: Org, current: Period) -> None:
    """Lena's team proposes a change to an objective above theirs; its owner has not answered."""
    lena = org.people["lena"]
    if Proposal.objects.filter(proposed_by=lena, state=Proposal.State.OPEN).exists():
        return
    mine = Objective.objects.filter(period=current, units=org.units["checkout"])
    above = (
        Objective.objects.filter(child_objectives__in=mine, status=Status.ACTIVE)
        .exclude(units=org.units["checkout"])
        .order_by("id")
        .first()
    )
    if above is None:
        return
    kr = above.key_results.filter(status=Status.ACTIVE, target__isnull=False).first()
    if kr is None:
        planning.propose_change(
            lena, above, kind="drop", reason="The payment provider switch moved to next year."
        )
        return
    nearer = kr.baseline + (kr.target - kr.baseline) * 3 / 4 if kr.baseline is not None else None
    planning.propose_change(
        lena,
        above,
        kind="target",
        key_result=kr,
        target=round(nearer, 1) if nearer is not None else kr.target,
        reason="The new payment provider goes live in week 10, not week 4: three quarters of "
        "the way is what this quarter can still reach.",
    )
