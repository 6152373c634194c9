"""Focus limits: how many objectives a unit takes on per period, and how many KRs per objective.

The default policy warns above 3 and refuses above 5; see ``docs/rules/scoring.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LimitLevel = Literal["ok", "warn", "refuse"]


@dataclass(frozen=True)
class LimitPolicy:
    """An organisation's focus limits: warn above ``warn_above``, refuse above ``refuse_above``."""

    warn_above: int = 3
    refuse_above: int = 5

    def __post_init__(self) -> None:
        if not 0 <= self.warn_above <= self.refuse_above:
            raise ValueError(
                f"need 0 <= warn_above <= refuse_above, got {self.warn_above} and "
                f"{self.refuse_above}"
            )
        if self.refuse_above < 1:
            raise ValueError("refuse_above must allow at least one item")


@dataclass(frozen=True)
class LimitVerdict:
    """The verdict on adding one more item, with a message to show the user."""

    level: LimitLevel
    message: str

    @property
    def allowed(self) -> bool:
        """True unless the addition is refused (a warning still lets it through)."""
        return self.level != "refuse"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _level(existing: int, policy: LimitPolicy) -> LimitLevel:
    if existing < 0:
        raise ValueError(f"existing count cannot be negative, got {existing}")
    after = existing + 1
    if after > policy.refuse_above:
        return "refuse"
    if after > policy.warn_above:
        return "warn"
    return "ok"


def check_objectives(
    unit_name: str, period_name: str, existing: int, policy: LimitPolicy = LimitPolicy()
) -> LimitVerdict:
    """Judge adding ONE more objective for a unit in a period that already has ``existing``.

    Implements OKR-PRINCIPLES §1 Structure (limits per unit and period: at most 5 objectives,
    3 or fewer is ideal; default: warn above 3, refuse above 5) and §5 (too many objectives
    makes OKRs Big).
    """
    level = _level(existing, policy)
    after = existing + 1
    if level == "refuse":
        message = (
            f"{unit_name} already has {_count(existing, 'objective')} in {period_name} — "
            f"the limit is {policy.refuse_above}. Focus: finish or drop one first, "
            "or park the idea in the backlog."
        )
    elif level == "warn":
        message = (
            f"This will be objective {after} of {unit_name} in {period_name}; "
            f"{policy.warn_above} or fewer keeps the team focused."
        )
    else:
        message = f"This will be objective {after} of {unit_name} in {period_name}."
    return LimitVerdict(level, message)


def check_key_results(
    objective_title: str, existing: int, policy: LimitPolicy = LimitPolicy()
) -> LimitVerdict:
    """Judge adding ONE more key result to an objective that already has ``existing``.

    Implements OKR-PRINCIPLES §1 Structure (at most 5 KRs per objective, 3 or fewer is ideal;
    default: warn above 3, refuse above 5) and §5 (too many KRs makes OKRs Big).
    """
    level = _level(existing, policy)
    after = existing + 1
    if level == "refuse":
        message = (
            f"“{objective_title}” already has {_count(existing, 'key result')} — "
            f"the limit is {policy.refuse_above}. Focus: keep the few that best show the "
            "outcome, or drop one first."
        )
    elif level == "warn":
        message = (
            f"This will be key result {after} of “{objective_title}”; "
            f"{policy.warn_above} or fewer keeps the objective focused."
        )
    else:
        message = f"This will be key result {after} of “{objective_title}”."
    return LimitVerdict(level, message)
