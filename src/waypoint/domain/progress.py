"""Key-result progress, objective roll-up, pace against the calendar, and end-of-period scores.

Pure functions over frozen dataclasses; the clock is always passed in. The rules are explained
with worked examples in ``docs/rules/scoring.md``, whose tables are also run as tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from waypoint.domain.confidence import confidence_band

KrKind = Literal["metric", "completion", "quantity", "subjective"]
Direction = Literal["increase", "decrease"]
Pace = Literal["on_track", "at_risk", "off_track", "not_started"]

COMPLETION_BOUNDS = (0.0, 100.0)
QUANTITY_BASELINE = 0.0
SUBJECTIVE_BOUNDS = (0.0, 10.0)

ON_TRACK_MARGIN = 0.10
AT_RISK_MARGIN = 0.25


@dataclass(frozen=True)
class Measure:
    """What a key result measures: its kind, starting point, target and latest value."""

    kind: KrKind
    baseline: float | None
    target: float | None
    current: float | None


@dataclass(frozen=True)
class Progress:
    """How far a key result (or objective) has moved from its baseline towards its target.

    ``raw`` is unclamped (1.3 means 130 %, negative means it went backwards) or ``None`` when
    it cannot be computed; ``display`` is clamped to 0..1 for progress bars.
    """

    raw: float | None
    display: float

    def __post_init__(self) -> None:
        if self.raw is not None and not math.isfinite(self.raw):
            raise ValueError(f"raw progress must be finite, got {self.raw!r}")
        if not 0.0 <= self.display <= 1.0:
            raise ValueError(f"display progress must be within 0..1, got {self.display!r}")

    @classmethod
    def from_raw(cls, raw: float | None) -> Progress:
        """Build a progress whose display value is ``raw`` clamped to 0..1 (0.0 when None)."""
        if raw is None:
            return cls(None, 0.0)
        return cls(raw, _clamp01(raw))

    @property
    def overachieved(self) -> bool:
        """True when the target was passed (raw above 1.0)."""
        return self.raw is not None and self.raw > 1.0


NOT_COMPUTABLE = Progress(None, 0.0)


def _clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def effective_bounds(m: Measure) -> tuple[float | None, float | None]:
    """Return the (baseline, target) used for a key result, filling in defaults by kind.

    Implements OKR-PRINCIPLES §1 Structure: every KR has a starting point and a target, and
    the four measurement kinds. A completion KR defaults to 0 → 100 (%), a quantity KR to a
    baseline of 0 (nothing produced yet), and a subjective KR to 0 → 10 (an assessment on a
    0–10 scale against criteria everyone agreed on). A metric has no defaults: without a
    recorded baseline or target its progress is not computable.
    """
    baseline, target = m.baseline, m.target
    if m.kind == "completion":
        baseline = COMPLETION_BOUNDS[0] if baseline is None else baseline
        target = COMPLETION_BOUNDS[1] if target is None else target
    elif m.kind == "quantity":
        baseline = QUANTITY_BASELINE if baseline is None else baseline
    elif m.kind == "subjective":
        baseline = SUBJECTIVE_BOUNDS[0] if baseline is None else baseline
        target = SUBJECTIVE_BOUNDS[1] if target is None else target
    return baseline, target


def direction(m: Measure) -> Direction | None:
    """Say whether a key result aims to increase or decrease its value.

    Implements OKR-PRINCIPLES §1 Structure (a metric moves from baseline to target in either
    direction). ``None`` when the effective baseline or target is missing or they are equal.
    """
    baseline, target = effective_bounds(m)
    if baseline is None or target is None or baseline == target:
        return None
    return "increase" if target > baseline else "decrease"


def kr_progress(m: Measure) -> Progress:
    """Compute the share of the way a key result has travelled from baseline to target.

    Implements OKR-PRINCIPLES §1 Structure (baseline, target, current value) and §4 Cadence
    (each check-in records a new value). ``raw = (current - baseline) / (target - baseline)``,
    which works for both directions: reducing churn from 5 % to 3 % and standing at 4 % is 0.5.
    ``raw`` is ``None`` when there has been no check-in (``current`` is None), when the
    effective baseline or target is missing, or when target equals baseline.
    """
    baseline, target = effective_bounds(m)
    if m.current is None or baseline is None or target is None or target == baseline:
        return NOT_COMPUTABLE
    raw = (m.current - baseline) / (target - baseline)
    if not math.isfinite(raw):
        return NOT_COMPUTABLE
    return Progress.from_raw(raw)


def objective_progress(parts: Sequence[tuple[Progress, float]]) -> Progress:
    """Roll key-result progress up into objective progress as a weighted mean of ``raw``.

    Implements OKR-PRINCIPLES §1 Structure (an objective is measured by its key results).
    Each part is ``(progress, weight)``; weights must be finite and ≥ 0 (a KR's weight
    defaults to 1). Parts whose ``raw`` is ``None`` are left out, so a KR without a check-in
    neither helps nor drags. When nothing is computable or every remaining weight is 0 the
    result is ``Progress(None, 0.0)``. The result always lies between the smallest and the
    largest ``raw`` of the parts.
    """
    weighted: list[tuple[float, float]] = []
    for progress, weight in parts:
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"weights must be finite and >= 0, got {weight!r}")
        if progress.raw is not None and weight > 0:
            weighted.append((progress.raw, weight))
    if not weighted:
        return NOT_COMPUTABLE
    total = math.fsum(weight for _, weight in weighted)
    mean = math.fsum(raw * weight for raw, weight in weighted) / total
    # Rounding in the sums must never push the mean outside the range of its parts.
    raws = [raw for raw, _ in weighted]
    return Progress.from_raw(min(max(raws), max(min(raws), mean)))


def expected_progress(start: date, end: date, today: date) -> float:
    """Return the share of a period that has elapsed by the end of ``today``.

    Implements OKR-PRINCIPLES §4 Cadence (weekly check-ins compare progress with the
    calendar). Linear in days, with ``end`` inclusive: 0.0 before ``start``, 1/N on the first
    day of an N-day period, and 1.0 on ``end`` and after. Raises ``ValueError`` if ``end`` is
    before ``start``.
    """
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def pace(progress: Progress, expected: float, confidence: int | None) -> Pace:
    """Classify a key result (or objective) as on track, at risk, off track or not started.

    Implements OKR-PRINCIPLES §4 Cadence (weekly check-ins surface off-track items and
    support needs). With ``gap = expected - display``:

    * ``raw`` is ``None`` (no check-in yet, or not measurable) → ``not_started``;
    * gap ≤ 0.10 (``ON_TRACK_MARGIN``) → ``on_track``;
    * gap ≤ 0.25 (``AT_RISK_MARGIN``) → ``at_risk``;
    * otherwise → ``off_track``.

    A low confidence (0–3 on the 0–10 scale) caps the result at ``at_risk``: the team is
    telling us something the numbers do not show yet. ``expected`` must lie within 0..1.
    """
    if not (math.isfinite(expected) and 0.0 <= expected <= 1.0):
        raise ValueError(f"expected progress must be within 0..1, got {expected!r}")
    low_confidence = confidence is not None and confidence_band(confidence) == "low"
    if progress.raw is None:
        return "not_started"
    # Rounding keeps boundary cases such as 0.5 - 0.4 exactly on the documented threshold.
    gap = round(expected - progress.display, 9)
    if gap > AT_RISK_MARGIN:
        return "off_track"
    if gap > ON_TRACK_MARGIN or low_confidence:
        return "at_risk"
    return "on_track"


def _round_to_tenth(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def default_score(m: Measure) -> float:
    """Propose the end-of-period score of a key result on the 0.0–1.0 scale.

    Implements OKR-PRINCIPLES §4 Cadence (quarter close: score each KR 0.0–1.0) and §1
    Structure (stretch: aspirational goals are expected to score about 0.7). The score is the
    clamped progress rounded half-up to one decimal (0.65 → 0.7); a subjective KR scores its
    0–10 assessment divided by 10. A KR with no computable progress scores 0.0. It is only a
    proposal: the team may adjust it when it reflects.
    """
    if m.kind == "subjective":
        if m.current is None or not math.isfinite(m.current):
            return 0.0
        return _round_to_tenth(_clamp01(m.current / SUBJECTIVE_BOUNDS[1]))
    return _round_to_tenth(kr_progress(m).display)


def trend_line(
    start: date, end: date, baseline: float, target: float
) -> tuple[tuple[date, float], tuple[date, float]]:
    """Return the two end points of the straight "where we should be" line for a chart.

    Implements OKR-PRINCIPLES §4 Cadence (progress is read against time at every check-in):
    the line runs from the baseline on the first day of the period to the target on its last.
    Raises ``ValueError`` if ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    return (start, baseline), (end, target)
