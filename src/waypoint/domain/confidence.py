"""Confidence on a check-in: how sure the team is that a key result will be reached.

Implements OKR-PRINCIPLES §4 (check-ins record a new value, a confidence and a note).
"""

from __future__ import annotations

from typing import Literal

ConfidenceBand = Literal["low", "medium", "high"]

CONFIDENCE_MIN = 0
CONFIDENCE_MAX = 10
LOW_CONFIDENCE_MAX = 3
MEDIUM_CONFIDENCE_MAX = 6


def confidence_band(value: int) -> ConfidenceBand:
    """Name the band of a 0–10 check-in confidence: 0–3 low, 4–6 medium, 7–10 high.

    Implements OKR-PRINCIPLES §4 (check-ins carry a confidence). Raises ``ValueError`` for a
    value outside 0–10 and ``TypeError`` for anything that is not a plain ``int``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"confidence must be an int, got {value!r}")
    if not CONFIDENCE_MIN <= value <= CONFIDENCE_MAX:
        raise ValueError(f"confidence must be between 0 and 10, got {value}")
    if value <= LOW_CONFIDENCE_MAX:
        return "low"
    if value <= MEDIUM_CONFIDENCE_MAX:
        return "medium"
    return "high"
