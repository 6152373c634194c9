"""Is a check-in value plausible for its key result, or "did you mean…?"

A reading far outside a key result's range is usually a slip: 1 typed on a 3.1 → 3.5 key
result, 0.03 for 3 %, 4500 for 45 %. Waypoint asks before saving such a value and offers the
values the person most likely meant; they may always keep the value as typed.

The rule: let ``low``–``high`` be the key result's effective range (baseline to target, with
the defaults of its kind) and ``span = high - low``. A value is **far outside** when it lies
more than one span beyond the range — below ``low - span`` or above ``high + span`` (raw
progress under -100 % or over 200 %) — and also more than one span away from the previous
reading, so that a team already well past its target is not asked again at every check-in.
Without a range (a metric missing its baseline or target) nothing is judged.

Likely intended values are the typed value moved by a factor of 10, 100 or 1000 either way
(a slipped decimal point or a percent typed as a fraction) or with its sign flipped, kept only
when they are themselves plausible — those inside the range when there are any — closest to
the previous reading (or to the middle of the range) first, at most ``MAX_SUGGESTIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from waypoint.domain import progress as dp

MAX_SUGGESTIONS = 2
FACTORS = (Decimal(10), Decimal(100), Decimal(1000))


@dataclass(frozen=True)
class Plausibility:
    """The verdict on one value: ``far`` and, when it is, the values probably meant."""

    far: bool
    low: Decimal | None = None
    high: Decimal | None = None
    suggestions: tuple[Decimal, ...] = ()


def _decimal(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _clean(value: Decimal) -> Decimal:
    """A value as people write it: 3.3, not 3.3000 or 0.33E+1."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def range_of(kind: dp.KrKind, baseline: Decimal | None, target: Decimal | None):
    """The key result's effective (low, high) range, or None when it has none."""
    measure = dp.Measure(
        kind,
        None if baseline is None else float(baseline),
        None if target is None else float(target),
        None,
    )
    start, end = dp.effective_bounds(measure)
    if start is None or end is None or start == end:
        return None
    low, high = sorted((_decimal(start), _decimal(end)))  # type: ignore[type-var]
    return low, high


def _is_far(value: Decimal, low: Decimal, high: Decimal, previous: Decimal | None) -> bool:
    span = high - low
    outside = low - value if value < low else value - high if value > high else Decimal(0)
    if outside <= span:
        return False
    return previous is None or abs(value - previous) > span


def judge(
    kind: dp.KrKind,
    baseline: Decimal | float | None,
    target: Decimal | float | None,
    value: Decimal | float,
    previous: Decimal | float | None = None,
) -> Plausibility:
    """Judge ``value`` as a new reading of a key result of ``kind`` from ``baseline`` to
    ``target`` whose last reading was ``previous`` (None when there is none)."""
    bounds = range_of(kind, _decimal(baseline), _decimal(target))
    typed = _decimal(value)
    assert typed is not None
    if bounds is None:
        return Plausibility(False)
    low, high = bounds
    before = _decimal(previous)
    if not _is_far(typed, low, high, before):
        return Plausibility(False, low, high)
    candidates = {typed * f for f in FACTORS} | {typed / f for f in FACTORS} | {-typed}
    plausible = [_clean(c) for c in candidates if c != typed and not _is_far(c, low, high, before)]
    inside = [c for c in plausible if low <= c <= high]
    plausible = inside or plausible
    anchor = before if before is not None else (low + high) / 2
    plausible.sort(key=lambda c: (abs(c - anchor), c))
    return Plausibility(True, low, high, tuple(dict.fromkeys(plausible))[:MAX_SUGGESTIONS])
