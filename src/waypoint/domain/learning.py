"""The learning loop: what a unit's closed quarters say about its ambition and its misses.

Implements OKR-PRINCIPLES §4 Cadence (the quarterly meeting evaluates the last quarter and
learns from it) and §1 Structure (stretch). Sandbagging shows as aspirational objectives that
always score 1.0; repeated carry-over as the same key result continued quarter after quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ClosedObjective:
    """One closed objective as the learning loop reads it."""

    period: str
    period_start: date
    stretch: str
    state: str
    score: float | None
    miss_cause: str  # "strategy", "execution" or ""
    carried_key_results: int


@dataclass
class PeriodLearning:
    period: str
    period_start: date
    objectives: int = 0
    aspirational_scores: list[float] = field(default_factory=list)
    committed_scores: list[float] = field(default_factory=list)
    misses: int = 0
    strategy_misses: int = 0
    execution_misses: int = 0
    carried_key_results: int = 0

    @property
    def aspirational_average(self) -> float | None:
        return _mean(self.aspirational_scores)

    @property
    def committed_average(self) -> float | None:
        return _mean(self.committed_scores)


@dataclass(frozen=True)
class Learning:
    periods: list[PeriodLearning]

    @property
    def aspirational_average(self) -> float | None:
        return _mean([s for p in self.periods for s in p.aspirational_scores])

    @property
    def committed_average(self) -> float | None:
        return _mean([s for p in self.periods for s in p.committed_scores])

    @property
    def misses(self) -> int:
        return sum(p.misses for p in self.periods)

    def miss_share(self, cause: str) -> float | None:
        """The share of misses (missed or partially achieved) attributed to `cause`."""
        attributed = sum(p.strategy_misses + p.execution_misses for p in self.periods)
        if not attributed:
            return None
        count = sum(
            p.strategy_misses if cause == "strategy" else p.execution_misses for p in self.periods
        )
        return count / attributed

    @property
    def strategy_miss_share(self) -> float | None:
        return self.miss_share("strategy")

    @property
    def carried_key_results(self) -> int:
        return sum(p.carried_key_results for p in self.periods)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def learn(closed: Iterable[ClosedObjective]) -> Learning:
    """Aggregate closed objectives per period, oldest first. Dropped objectives count as
    closed but not as scored."""
    by_period: dict[tuple[date, str], PeriodLearning] = {}
    for item in closed:
        period = by_period.setdefault(
            (item.period_start, item.period), PeriodLearning(item.period, item.period_start)
        )
        period.objectives += 1
        period.carried_key_results += item.carried_key_results
        if item.state != "dropped" and item.score is not None:
            scores = (
                period.aspirational_scores
                if item.stretch == "aspirational"
                else period.committed_scores
            )
            scores.append(item.score)
        if item.state in {"missed", "partial"}:
            period.misses += 1
            period.strategy_misses += item.miss_cause == "strategy"
            period.execution_misses += item.miss_cause == "execution"
    return Learning([by_period[key] for key in sorted(by_period)])
