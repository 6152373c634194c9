"""What closing a unit's quarter would do, before anyone decides: the proposed score and
state of every open objective and key result (shared by the close page and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from waypoint.domain import closing
from waypoint.domain import progress as dp
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Unit


@dataclass(frozen=True)
class KeyResultProposal:
    key_result: KeyResult
    score: Decimal | None  # None when it was dropped
    state: str
    already_closed: bool


@dataclass(frozen=True)
class ObjectiveProposal:
    objective: Objective
    score: Decimal
    state: str
    expected: float
    key_results: list[KeyResultProposal]


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def propose_key_result(kr: KeyResult, stretch: str) -> KeyResultProposal:
    if kr.is_closed:
        return KeyResultProposal(kr, kr.score, kr.status, True)
    score = dp.default_score(kr.to_measure())
    return KeyResultProposal(kr, _decimal(score), closing.proposed_state(score, stretch), False)


def propose_objective(objective: Objective) -> ObjectiveProposal:
    krs = [propose_key_result(kr, objective.stretch) for kr in objective.key_results.all()]
    scored = [
        (float(p.score), float(p.key_result.weight))
        for p in krs
        if p.state != Status.DROPPED and p.score is not None
    ]
    score = closing.objective_score(scored)
    return ObjectiveProposal(
        objective,
        _decimal(score),
        closing.proposed_state(score, objective.stretch) if scored else Status.DROPPED,
        closing.expected_score(objective.stretch),
        krs,
    )


def open_objectives(unit: Unit, period: Period) -> list[Objective]:
    return list(
        Objective.objects.for_period(period)
        .owned_by(unit)
        .filter(status=Status.ACTIVE)
        .with_details()
        .order_by("id")
    )


def propose_close(unit: Unit, period: Period) -> list[ObjectiveProposal]:
    """Proposals for every open objective of `unit` in `period`."""
    return [propose_objective(objective) for objective in open_objectives(unit, period)]
