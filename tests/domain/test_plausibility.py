"""The "did you mean…?" rule for check-in values, as a table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from waypoint.domain.plausibility import judge

D = Decimal

# kind, baseline, target, previous, typed, far, suggestions
TABLE = [
    # The example: 1 on a 3.1 → 3.5 key result; nothing obvious was meant.
    ("metric", "3.1", "3.5", None, "1", True, ()),
    ("metric", "3.1", "3.5", "3.3", "1", True, ()),
    # Inside the range, and up to one span beyond it either way, is a plain reading.
    ("metric", "3.1", "3.5", None, "3.3", False, ()),
    ("metric", "3.1", "3.5", None, "2.7", False, ()),
    ("metric", "3.1", "3.5", None, "3.9", False, ()),
    # A slipped decimal point: 34 meant 3.4.
    ("metric", "3.1", "3.5", None, "34", True, ("3.4",)),
    # A percent typed as a fraction: 0.03 for 3 %.
    ("metric", "2", "3", "2.4", "0.03", True, ("3",)),
    # A decreasing key result: payment errors from 1.2 % to 0.4 %.
    ("metric", "1.2", "0.4", None, "80", True, ("0.8",)),
    ("metric", "1.2", "0.4", None, "0.5", False, ()),
    # A lost minus sign.
    ("metric", "-10", "-2", None, "9", True, ("-9",)),
    # Completion runs 0 → 100 %: 4500 meant 45 (or 4.5), nearest the last reading first.
    ("completion", None, None, "40", "4500", True, ("45", "4.5")),
    ("completion", None, None, None, "45", False, ()),
    # Quantity starts at 0: 250 on a target of 10 meant 2.5 or 0.25 (25 is still too far).
    ("quantity", None, "10", None, "250", True, ("2.5", "0.25")),
    # A subjective assessment is scored 0 → 10.
    ("subjective", None, None, None, "70", True, ("7", "0.7")),
    # A team already far past its target is not asked again for the next reading.
    ("metric", "3.1", "3.5", "5", "5.1", False, ()),
    # Without a range nothing is judged.
    ("metric", None, "3.5", None, "1000", False, ()),
    ("metric", "3", "3", None, "1000", False, ()),
]


@pytest.mark.parametrize(("kind", "baseline", "target", "previous", "typed", "far", "meant"), TABLE)
def test_far_outside_values_and_what_was_probably_meant(
    kind: str,
    baseline: str | None,
    target: str | None,
    previous: str | None,
    typed: str,
    far: bool,
    meant: tuple[str, ...],
) -> None:
    def d(text: str | None) -> Decimal | None:
        return None if text is None else D(text)

    verdict = judge(kind, d(baseline), d(target), D(typed), d(previous))  # type: ignore[arg-type]
    assert verdict.far is far
    assert tuple(str(s) for s in verdict.suggestions) == meant


def test_floats_are_judged_like_decimals() -> None:
    assert judge("metric", 3.1, 3.5, 1.0).far
    assert not judge("metric", 3.1, 3.5, 3.2).far
