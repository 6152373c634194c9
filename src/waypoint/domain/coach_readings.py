"""What the coach's text readers return: a reading of a key result or an objective, with the
confidence that decides whether it may become a finding (OKR-PRINCIPLES §5;
docs/rules/coach-text.md §7). Pure Python, standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ObjectiveLabel = Literal["improvement", "ktlo", "task"]

# Confidence levels: a reading at or above SURE may become a finding; below it, a question.
SURE = 0.75
CERTAIN = 0.9
UNSURE = 0.5


@dataclass(frozen=True)
class KrReading:
    """How the coach reads one key result (OKR-PRINCIPLES §5, Activity-focused; baseline/target).

    ``is_output`` is true when the KR is met by doing work rather than by changing a result;
    ``signals`` are short machine tags naming the evidence; ``rewrite`` is a suggested outcome
    KR for an output, else ``None``. ``confidence`` (0.0–1.0) says how sure the reading of
    output versus outcome is: only a ``sure`` reading may become a finding, an unsure one is
    asked about instead.
    """

    is_output: bool
    has_baseline: bool
    has_target: bool
    signals: tuple[str, ...]
    rewrite: str | None
    confidence: float = 1.0

    @property
    def sure(self) -> bool:
        """True when the reading is certain enough to be reported as a finding."""
        return self.confidence >= SURE

    @property
    def sure_output(self) -> bool:
        """True for a key result the coach may report as an output."""
        return self.is_output and self.sure


@dataclass(frozen=True)
class ObjectiveReading:
    """How the coach reads one objective (OKR-PRINCIPLES §5: projects and KTLO as objectives).

    ``label`` is ``improvement`` (a change or desired end state), ``task`` (a project or
    deliverable) or ``ktlo`` (keeping business as usual running); ``fix`` suggests what to write
    instead for ``task`` and ``ktlo``, else ``None``. ``confidence`` (0.0–1.0) says how sure
    the label is; only a ``sure`` task or KTLO label may become a finding.
    """

    label: ObjectiveLabel
    signals: tuple[str, ...]
    fix: str | None
    confidence: float = 1.0

    @property
    def sure(self) -> bool:
        """True when the label is certain enough to be reported as a finding."""
        return self.confidence >= SURE


# What a rule decides about a key result: whether it is an output, and the signals why.
Decision = tuple[bool, tuple[str, ...]]

# The signal a rule adds when its decision is a fallback or a guess: the reading is unsure.
GUESS = "unsure"
