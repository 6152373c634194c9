"""The shapes demo OKRs are written in: an objective spec with its key-result specs."""

from __future__ import annotations

import math
from dataclasses import dataclass

from waypoint.okrs.models import KeyResult, Objective

ASPIRATIONAL = Objective.Stretch.ASPIRATIONAL
COMMITTED = Objective.Stretch.COMMITTED
STRATEGIC = Objective.Kind.STRATEGIC
SUPPORT = Objective.Kind.SUPPORT
STEPS_PER_SPAN = 50
MAX_DECIMALS = 2


@dataclass(frozen=True)
class KRSpec:
    """A demo key result and how its period will really go.

    ``reach`` is how far of the way from baseline to target it gets by the end of the period
    (1.0 on target, above 1 over-achieved, 0.4 missed). ``start`` is where the values start
    when the KR deliberately has no baseline. ``stall_after`` stops check-ins after that many
    weeks (set-and-forget). ``notes`` pins a note to the n-th check-in from the end (1 = the
    latest).
    """

    title: str
    team: str
    baseline: float | None
    target: float | None
    unit_label: str = ""
    kind: str = KeyResult.Kind.METRIC
    reach: float = 0.8
    decimals: int | None = None
    criteria: str = ""
    key: str = ""
    start: float | None = None
    stall_after: int | None = None
    notes: tuple[tuple[int, str], ...] = ()
    reflection: str = ""

    @property
    def value_decimals(self) -> int:
        """Decimals of check-in values: enough for about fifty steps between baseline and
        target (at most two), and never fewer than the baseline and target are written with."""
        if self.decimals is not None:
            return self.decimals
        start = self.baseline if self.baseline is not None else self.start
        span = abs((self.target or 0) - (start or 0)) or 1
        needed = min(MAX_DECIMALS, max(0, math.ceil(-math.log10(span / STEPS_PER_SPAN))))

        def written(number: float | None) -> int:
            text = "" if number is None else repr(float(number))
            return 0 if text.endswith(".0") else len(text.split(".")[1])

        return max(needed, written(self.baseline), written(self.target))

    @property
    def monotonic(self) -> bool:
        return self.kind in {KeyResult.Kind.QUANTITY, KeyResult.Kind.COMPLETION}


@dataclass(frozen=True)
class ObjectiveSpec:
    """A demo objective; ``parents`` and ``parent_krs`` name the keys of what it serves."""

    key: str
    title: str
    units: tuple[str, ...]
    owner: str
    why: str
    krs: tuple[KRSpec, ...]
    stretch: str = ASPIRATIONAL
    kind: str = STRATEGIC
    parents: tuple[str, ...] = ()
    parent_krs: tuple[str, ...] = ()
    closing_note: str = ""
    assigned_by: str | None = None


def kr(
    title: str,
    team: str,
    baseline: float | None,
    target: float | None,
    unit_label: str = "",
    **options: object,
) -> KRSpec:
    """Shorthand for a key-result spec."""
    return KRSpec(title, team, baseline, target, unit_label, **options)  # type: ignore[arg-type]
