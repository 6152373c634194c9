"""Scoring the coach's text readers against a labelled JSONL file.

Supports OKR-PRINCIPLES §5 (Diagnosis): the coach may only flag outputs, KTLO and missing
baselines or targets if it does so reliably, so every change to ``coach_text`` is measured here.
Items marked ``ambiguous`` are left out of every score and counted separately. What is scored
is what becomes a finding: only *sure* readings; an unsure output reading becomes a question,
which counts as not flagged, and the share of questions is reported beside the scores.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from waypoint.domain.coach_text import read_key_result, read_objective

_OBJECTIVE_LABELS = ("improvement", "ktlo", "task")
_MIN_TIMING_SECONDS = 0.5


@dataclass(frozen=True)
class Miss:
    """One item the coach read differently from its label."""

    kind: str
    field: str
    text: str
    expected: str
    got: str


@dataclass(frozen=True)
class EvalReport:
    """The scores of one evaluation run (OKR-PRINCIPLES §5 readers); rates are 0.0–1.0."""

    kr_count: int
    objective_count: int
    ambiguous_count: int
    true_output: int
    false_output: int
    false_outcome: int
    true_outcome: int
    output_precision: float
    output_recall: float
    output_f1: float
    outcome_fpr: float
    objective_accuracy: float
    objective_confusion: tuple[tuple[str, str, int], ...]
    baseline_accuracy: float
    target_accuracy: float
    krs_per_second: float
    misses: tuple[Miss, ...]
    questions: int = 0

    @property
    def question_share(self) -> float:
        """The share of scored key results that got a question instead of a finding."""
        return _ratio(self.questions, self.kr_count)


def load_items(path: str | Path) -> list[dict]:
    """Read a JSONL file of labelled items; a bad line raises ``ValueError`` naming its number."""
    items: list[dict] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            items.append(_parse_line(line, number, path))
    return items


def _parse_line(line: str, number: int, path: str | Path) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: line {number} is not valid JSON: {error.msg}") from error
    if not isinstance(item, dict):
        raise ValueError(f"{path}: line {number} is not a JSON object")
    missing = [key for key in ("kind", "text", "label") if key not in item]
    if missing:
        raise ValueError(f"{path}: line {number} lacks {', '.join(missing)}")
    if item["kind"] not in ("kr", "objective"):
        raise ValueError(f"{path}: line {number} has unknown kind {item['kind']!r}")
    return item


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _score_krs(krs: list[dict]) -> tuple[Counter[str], list[Miss]]:
    counts: Counter[str] = Counter()
    misses: list[Miss] = []
    for item in krs:
        reading = read_key_result(item["text"])
        expected_output = item["label"] == "output"
        flagged = reading.sure_output
        counts[_cell(expected_output, flagged)] += 1
        if reading.is_output and not reading.sure:
            counts["questions"] += 1
        if expected_output != flagged:
            got = "output" if flagged else "outcome"
            if reading.is_output and not reading.sure:
                got = "a question"
            misses.append(Miss("kr", "label", item["text"], item["label"], got))
        for field, got_value in (
            ("has_baseline", reading.has_baseline),
            ("has_target", reading.has_target),
        ):
            if field in item and bool(item[field]) == got_value:
                counts[field] += 1
            elif field in item:
                misses.append(Miss("kr", field, item["text"], str(item[field]), str(got_value)))
    return counts, misses


def _cell(expected_output: bool, got_output: bool) -> str:
    if expected_output:
        return "tp" if got_output else "fn"
    return "fp" if got_output else "tn"


def _score_objectives(objectives: list[dict]) -> tuple[Counter[tuple[str, str]], list[Miss]]:
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[Miss] = []
    for item in objectives:
        reading = read_objective(item["text"])
        got = reading.label if reading.sure else "improvement"
        confusion[(item["label"], got)] += 1
        if got != item["label"]:
            misses.append(Miss("objective", "label", item["text"], item["label"], got))
    return confusion, misses


def _krs_per_second(texts: list[str]) -> float:
    """Single-threaded throughput of ``read_key_result``, repeating until 0.5 s have passed."""
    if not texts:
        return 0.0
    done = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < _MIN_TIMING_SECONDS:
        for text in texts:
            read_key_result(text)
        done += len(texts)
        elapsed = time.perf_counter() - start
    return done / elapsed


def _labelled(krs: list[dict], field: str) -> int:
    """How many key results say whether they have `field` (only those are scored on it)."""
    return sum(1 for item in krs if field in item)


def evaluate(items: list[dict]) -> EvalReport:
    """Score the readers on labelled items, leaving ``ambiguous`` ones out of every metric."""
    scored = [item for item in items if not item.get("ambiguous", False)]
    krs = [item for item in scored if item["kind"] == "kr"]
    objectives = [item for item in scored if item["kind"] == "objective"]
    counts, kr_misses = _score_krs(krs)
    confusion, objective_misses = _score_objectives(objectives)
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    all_kr_texts = [item["text"] for item in items if item["kind"] == "kr"]
    return EvalReport(
        kr_count=len(krs),
        objective_count=len(objectives),
        ambiguous_count=len(items) - len(scored),
        true_output=tp,
        false_output=fp,
        false_outcome=fn,
        true_outcome=tn,
        output_precision=precision,
        output_recall=recall,
        output_f1=_f1(precision, recall),
        outcome_fpr=_ratio(fp, fp + tn),
        objective_accuracy=_ratio(
            sum(n for (e, g), n in confusion.items() if e == g), len(objectives)
        ),
        objective_confusion=tuple(sorted((e, g, n) for (e, g), n in confusion.items())),
        baseline_accuracy=_ratio(counts["has_baseline"], _labelled(krs, "has_baseline")),
        target_accuracy=_ratio(counts["has_target"], _labelled(krs, "has_target")),
        krs_per_second=_krs_per_second(all_kr_texts),
        misses=tuple(kr_misses + objective_misses),
        questions=counts["questions"],
    )


def _confusion_lines(report: EvalReport) -> list[str]:
    cells = {(e, g): n for e, g, n in report.objective_confusion}
    header = "  expected \\ got " + " ".join(f"{label:>12}" for label in _OBJECTIVE_LABELS)
    rows = [
        f"  {expected:<15} "
        + " ".join(f"{cells.get((expected, g), 0):>12}" for g in _OBJECTIVE_LABELS)
        for expected in _OBJECTIVE_LABELS
    ]
    return [header, *rows]


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Render a readable breakdown; the last line is the machine-readable metrics summary."""
    lines = [
        f"Scored {report.kr_count} key results and {report.objective_count} objectives; "
        f"left out {report.ambiguous_count} ambiguous items.",
        "",
        "Key results (positive class: output)",
        f"  output read as output   {report.true_output:>5}    "
        f"output read as outcome  {report.false_outcome:>5}",
        f"  outcome read as output  {report.false_output:>5}    "
        f"outcome read as outcome {report.true_outcome:>5}",
        f"  precision {report.output_precision:.2f}  recall {report.output_recall:.2f}  "
        f"F1 {report.output_f1:.2f}  outcome false-positive rate {report.outcome_fpr:.2f}",
        f"  has_baseline accuracy {report.baseline_accuracy:.2f}  "
        f"has_target accuracy {report.target_accuracy:.2f}",
        "",
        f"Objectives (accuracy {report.objective_accuracy:.2f})",
        *_confusion_lines(report),
        "",
        f"Throughput: {report.krs_per_second:,.0f} key results a second (one thread)",
    ]
    if verbose and report.misses:
        lines += ["", "Misreadings:"]
        lines += [
            f"  [{m.kind} {m.field}] expected {m.expected}, got {m.got}: {m.text}"
            for m in report.misses
        ]
    lines += ["", _question_line(report), _summary_line(report)]
    return "\n".join(lines)


def _question_line(report: EvalReport) -> str:
    return (
        f"Questions: {report.questions} of {report.kr_count} key results "
        f"({report.question_share:.0%}) got a question instead of a finding"
    )


def _summary_line(report: EvalReport) -> str:
    return (
        f"output_f1={report.output_f1:.2f} outcome_fpr={report.outcome_fpr:.2f} "
        f"objective_accuracy={report.objective_accuracy:.2f} "
        f"baseline_accuracy={report.baseline_accuracy:.2f} "
        f"target_accuracy={report.target_accuracy:.2f} "
        f"krs_per_second={int(report.krs_per_second)}"
    )


def main(argv: list[str]) -> int:
    """Evaluate the file named in ``argv`` (``[--verbose] FILE.jsonl``) and print the report."""
    verbose = "--verbose" in argv or "-v" in argv
    paths = [arg for arg in argv if arg not in ("--verbose", "-v")]
    if len(paths) != 1:
        print("usage: waypoint coach-eval [--verbose] FILE.jsonl")
        return 2
    print(format_report(evaluate(load_items(paths[0])), verbose=verbose))
    return 0
