"""Closing a period: the proposed close state of a key result or objective from its score.

Implements OKR-PRINCIPLES §4 Cadence (quarter close: score each KR 0.0–1.0, decide what
carries over) and §1 Structure (stretch: aspirational objectives are expected to score about
0.7, committed ones 1.0). See ``docs/rules/scoring.md``, "Closing a quarter".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Stretch = Literal["aspirational", "committed"]
CloseState = Literal["achieved", "partial", "missed"]

EXPECTED_SCORE: dict[str, float] = {"aspirational": 0.7, "committed": 1.0}


def expected_score(stretch: str) -> float:
    """The score a healthy objective of this stretch reaches: 0.7 aspirational, 1.0 committed."""
    return EXPECTED_SCORE.get(stretch, 1.0)


def proposed_state(score: float, stretch: str) -> CloseState:
    """Achieved at the expected score or above; partially achieved from half of it; else
    missed. An aspirational 0.7 is a success, a committed 0.7 is not."""
    expected = expected_score(stretch)
    if score >= expected - 1e-9:
        return "achieved"
    if score >= expected / 2 - 1e-9:
        return "partial"
    return "missed"


def objective_score(parts: Sequence[tuple[float, float]]) -> float:
    """The weighted mean of the key results' scores (`(score, weight)` pairs), to one decimal,
    half up; 0.0 without key results or weights."""
    total = sum(weight for _, weight in parts)
    if total <= 0:
        return 0.0
    mean = sum(score * weight for score, weight in parts) / total
    return int(mean * 10 + 0.5 + 1e-9) / 10


def score_verdict(score: float, stretch: str) -> str:
    """How a score reads against the stretch, for the close page and the learning loop."""
    expected = expected_score(stretch)
    if stretch == "aspirational" and score >= 1.0:
        return "at 1.0 on an aspirational objective: was it ambitious enough?"
    if score >= expected - 1e-9:
        return "healthy for a committed objective" if stretch == "committed" else "healthy"
    return f"below the {expected:.1f} expected of a {stretch} objective"
