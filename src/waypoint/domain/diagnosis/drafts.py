"""Live hints while an objective or a key result is written, before anything is saved.

The same readings as the findings (``coach_text``, ``numbers``), applied to a draft: what the
title says and, for a key result, the kind, baseline, target and criteria typed so far. A sure
reading gives a hint; an unsure one gives a gentle question instead, which is never a finding.
Implements OKR-PRINCIPLES §5 (the product actively coaches) and §1 Structure (outcomes,
baselines and targets, criteria for subjective KRs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

from waypoint.domain.coach_text import KrReading, read_key_result, read_objective
from waypoint.domain.diagnosis.numbers import disagreements
from waypoint.domain.progress import KrKind, Measure, effective_bounds

HintKind = Literal["hint", "question"]
KR_KINDS: tuple[KrKind, ...] = get_args(KrKind)

OUTPUT_QUESTION = (
    "Is this a result you will measure, or work you will do? If it is work, what result is it for?"
)


@dataclass(frozen=True)
class Hint:
    """One thing to say about a draft; a ``question`` asks, a ``hint`` points out."""

    title: str
    body: str
    kind: HintKind = "hint"


@dataclass(frozen=True)
class KrDraft:
    """A key result as typed so far; ``kind`` is empty until one is chosen."""

    title: str
    kind: str = ""
    baseline: float | None = None
    target: float | None = None
    criteria: str = ""


def objective_hints(title: str) -> list[Hint]:
    """Hints for an objective title: a project or keeping the lights on, when sure."""
    reading = read_objective(title)
    if not reading.sure or reading.label == "improvement":
        return []
    if reading.label == "ktlo":
        return [
            Hint(
                "This reads like keeping the lights on",
                "Objectives express improvement. " + (reading.fix or ""),
            )
        ]
    return [
        Hint(
            "This reads like a project",
            "An objective is the change the project serves. " + (reading.fix or ""),
        )
    ]


def key_result_hints(draft: KrDraft) -> list[Hint]:
    """Hints for a key result draft: outputs, numbers that disagree, flat or missing targets,
    and a subjective KR without criteria."""
    reading = read_key_result(draft.title)
    return [
        *_wording_hints(reading, draft),
        *_number_hints(draft),
        *_criteria_hints(draft),
    ]


def _wording_hints(reading: KrReading, draft: KrDraft) -> list[Hint]:
    if reading.is_output and not reading.sure:
        return [Hint("A question", OUTPUT_QUESTION, "question")]
    if reading.is_output:
        return [
            Hint(
                "This reads like an output, not an outcome",
                "What will be different for customers or the business when it is done? "
                "Try: " + (reading.rewrite or "measure that change."),
            )
        ]
    if not reading.has_target and draft.target is None:
        return [Hint("No target", "Say where it should end up, e.g. “to 45%”.")]
    if not reading.has_baseline and draft.baseline is None:
        return [
            Hint(
                "No starting point in the text",
                "Record the baseline too, so progress means something.",
            )
        ]
    return []


def _number_hints(draft: KrDraft) -> list[Hint]:
    found = disagreements(draft.title, draft.baseline, draft.target)
    if found:
        return [
            Hint(
                "The title and the numbers disagree",
                "; ".join(found).capitalize()
                + ". Make them say the same before you save: progress is computed from the "
                "baseline and target.",
            )
        ]
    if draft.kind not in KR_KINDS:
        return []
    measure = Measure(cast(KrKind, draft.kind), draft.baseline, draft.target, None)
    baseline, target = effective_bounds(measure)
    if baseline is not None and baseline == target:
        return [
            Hint(
                "The target equals the baseline",
                f"Both are {baseline:g}, so nothing would change. If the aim is to hold it "
                "steady, track it as a KTLO KPI with a healthy range; otherwise set the "
                "target you want to reach.",
            )
        ]
    return []


def _criteria_hints(draft: KrDraft) -> list[Hint]:
    if draft.kind != "subjective" or draft.criteria.strip():
        return []
    return [
        Hint(
            "No criteria yet",
            "A subjective key result is scored against criteria everyone agreed on: write "
            "what a 3, a 7 and a 10 look like.",
        )
    ]
