"""The numbers a key result states: does its title agree with its baseline and target fields?

Implements OKR-PRINCIPLES §1 Structure (every KR records a starting point and a target; a
metric moves from baseline to target in either direction) and §5 (no baseline or no target):
a title that says "from 22 % to 40 %" while the fields say 10 and 90 measures two different
things, and a title that says "reduce" while the target is above the baseline goes the wrong
way. The same readings drive the live hints while a KR is written and the finding after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from waypoint.domain.coach_lexicon import DOWN_VERBS, UP_VERBS

Direction = Literal["up", "down"]

_NUMBER = r"[$£€~]?(\d[\d,]*(?:\.\d+)?)(?:\s*%|[a-z]{0,5})?(?!\w|\.\d)"
_FROM_TO = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:current\s+|today'?s\s+|baseline\s+of\s+|about\s+|around\s+)?"
    + _NUMBER
    + r"[^\d]{0,30}?\bto\s+(?:under\s+|below\s+|above\s+|over\s+|at\s+least\s+|at\s+most\s+)?"
    + _NUMBER
)
_ARROW = re.compile(_NUMBER + r"\s*(?:→|->|=>)\s*" + _NUMBER)
_HEAD = re.compile(r"^(?:we\s+will\s+|we\s+|to\s+)?([a-z]+?)(?:s|es|d|ed)?\b")
# Scalings under which two values are the same number written differently: 22 % and 0.22,
# 40k and 40 000, $1.2m and 1.2.
_SCALES = (1.0, 100.0, 0.01, 1e3, 1e-3, 1e6, 1e-6, 1e9, 1e-9)


@dataclass(frozen=True)
class StatedNumbers:
    """What a title states: a starting value, a target, and the direction it asks for."""

    baseline: float | None
    target: float | None
    direction: Direction | None


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _years(*numbers: str) -> bool:
    """True for "from 2024 to 2025": a span of years, not a metric moving."""
    return all(re.fullmatch(r"(?:19|20)\d\d", n) for n in numbers)


def _head_direction(text: str) -> Direction | None:
    match = _HEAD.match(text)
    if not match:
        return None
    word = match.group(1)
    for verbs, direction in ((UP_VERBS, "up"), (DOWN_VERBS, "down")):
        if word in verbs or word + "e" in verbs:
            return direction  # type: ignore[return-value]
    return None


def stated_numbers(title: str) -> StatedNumbers:
    """Read "from A to B" (or "A → B") and the head verb's direction out of a KR title.

    Only these explicit shapes count, so a date or a count elsewhere in the title is never
    taken for a baseline or a target.
    """
    text = " ".join(title.lower().replace("–", "-").split())
    match = _FROM_TO.search(text) or _ARROW.search(text)
    baseline = target = None
    if match and not _years(match.group(1), match.group(2)):
        baseline, target = _value(match.group(1)), _value(match.group(2))
    direction = _head_direction(text)
    if direction is None and baseline is not None and target is not None and baseline != target:
        direction = "up" if target > baseline else "down"
    return StatedNumbers(baseline, target, direction)


def same_number(stated: float, recorded: float) -> bool:
    """True when the recorded value is the stated one, perhaps written in other units."""
    if stated == recorded:
        return True
    return any(
        abs(stated * scale - recorded) <= 1e-9 * max(1.0, abs(recorded)) for scale in _SCALES
    )


def _show(value: float) -> str:
    return f"{value:g}"


def disagreements(title: str, baseline: float | None, target: float | None) -> tuple[str, ...]:
    """How the recorded baseline and target contradict the title, one phrase each (or none).

    A field left empty is not a contradiction; the missing-baseline and missing-target checks
    report those.
    """
    stated = stated_numbers(title)
    found: list[str] = []
    for name, said, recorded in (
        ("baseline", stated.baseline, baseline),
        ("target", stated.target, target),
    ):
        if said is not None and recorded is not None and not same_number(said, recorded):
            found.append(f"the title says {_show(said)} but the {name} is {_show(recorded)}")
    if not found and baseline is not None and target is not None and baseline != target:
        recorded_direction: Direction = "up" if target > baseline else "down"
        if stated.direction is not None and stated.direction != recorded_direction:
            found.append(
                f"the title asks to go {stated.direction}, but the target ({_show(target)}) is "
                f"{'above' if target > baseline else 'below'} the baseline ({_show(baseline)})"
            )
    return tuple(found)
