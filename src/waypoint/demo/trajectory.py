"""Plausible, reproducible check-in series for demo key results.

Plain Python (no Django): given where a key result starts, where it aims and how far of the
way it will really get by the end of the period (``reach``), produce noisy weekly values,
confidences that drift with the trend, and short notes in a team's voice.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FIRST_NOTES = (
    "First reading of the period.",
    "Starting point confirmed with the latest data.",
    "Kick-off week. Numbers are where we expected.",
)
UP_NOTES = (
    "Good week; the trend is holding.",
    "Moving the right way; keeping the same plan.",
    "Up again, a little faster than planned.",
    "Steady progress, no blockers.",
    "Better than expected; checking it is not a one-off.",
    "Small gain. The next change lands this week.",
)
FLAT_NOTES = (
    "Flat this week; most of the team was on other priorities.",
    "No real movement. We need a closer look at what is holding it back.",
    "Holding steady with two people out.",
    "Sideways while we wait on another team.",
)
DOWN_NOTES = (
    "Slipped back a little; watching it.",
    "Went backwards this week. We know why and are on it.",
    "Down this week. We will ask for help at the weekly.",
    "Worse than last week; asking for a deep dive.",
)
SILENT_SHARE = 0.2


@dataclass(frozen=True)
class Point:
    """One generated check-in: the value, the team's confidence (0–10) and a note."""

    value: Decimal
    confidence: int
    note: str


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded from ``parts``, so every load produces the same demo."""
    seed = zlib.crc32("|".join(str(p) for p in parts).encode())
    return random.Random(seed)


def _quantize(value: float, decimals: int) -> Decimal:
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)


def _share_of_way(week: int, weeks_total: int, reach: float) -> float:
    """Where on the way from start to target the team stands after ``week`` weeks.

    Progress is slow in the first weeks and then steady (an eased curve); over-achievers
    (``reach`` > 1) pass the target late in the period.
    """
    elapsed = week / max(weeks_total, 1)
    return reach * elapsed**1.15


def _confidence(elapsed: float, reach: float, rng: random.Random) -> int:
    """Early on, teams say 6–7; as the period goes, confidence converges on the real reach."""
    settled = 10 * min(reach, 1.1) - 1
    value = (1 - elapsed) * 6.5 + elapsed * settled + rng.choice((-1, 0, 0, 0, 1))
    return max(1, min(10, round(value)))


def _note(week: int, moved: float, expected_step: float, rng: random.Random) -> str:
    if week == 1:
        return rng.choice(FIRST_NOTES)
    if rng.random() < SILENT_SHARE:
        return ""
    if moved < -0.25 * abs(expected_step):
        return rng.choice(DOWN_NOTES)
    if moved < 0.4 * abs(expected_step):
        return rng.choice(FLAT_NOTES)
    return rng.choice(UP_NOTES)


def series(
    *,
    start: float,
    target: float,
    reach: float,
    weeks_total: int,
    weeks_done: int,
    decimals: int,
    seed: str,
    monotonic: bool = False,
    noise: float = 0.05,
) -> list[Point]:
    """Generate ``weeks_done`` weekly check-ins of a ``weeks_total``-week period.

    Values travel from ``start`` toward ``target`` ending near ``reach`` of the way (1.0 =
    exactly on target, 1.2 = over-achieved, 0.4 = missed), with week-to-week noise of about
    ``noise`` of the distance. ``monotonic`` series (counts, completion) never go back.
    """
    rng = rng_for(seed)
    span = target - start
    expected_step = reach / max(weeks_total, 1)
    points: list[Point] = []
    previous_share = 0.0
    for week in range(1, weeks_done + 1):
        share = _share_of_way(week, weeks_total, reach) + rng.gauss(0, noise)
        if monotonic:
            share = max(previous_share, share)
        share = max(share, -0.15)
        value = _quantize(start + share * span, decimals)
        confidence = _confidence(week / max(weeks_total, 1), reach, rng)
        note = _note(week, share - previous_share, expected_step, rng)
        points.append(Point(value, confidence, note))
        previous_share = share
    return points
