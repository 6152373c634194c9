"""Scoring the coach's text readers against labelled JSONL (supports OKR-PRINCIPLES §5)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from waypoint.domain.coach_eval import EvalReport, evaluate, format_report, load_items, main

SUMMARY = re.compile(
    r"^output_f1=\d\.\d\d outcome_fpr=\d\.\d\d objective_accuracy=\d\.\d\d "
    r"baseline_accuracy=\d\.\d\d target_accuracy=\d\.\d\d krs_per_second=\d+$"
)


def _kr(text: str, label: str, baseline: bool, target: bool, ambiguous: bool = False) -> dict:
    return {
        "kind": "kr",
        "text": text,
        "label": label,
        "has_baseline": baseline,
        "has_target": target,
        "ambiguous": ambiguous,
        "source": "test",
    }


def _objective(text: str, label: str, ambiguous: bool = False) -> dict:
    return {
        "kind": "objective",
        "text": text,
        "label": label,
        "ambiguous": ambiguous,
        "source": "test",
    }


# Each label below is deliberately chosen so the expected arithmetic is known:
# outputs: one read right, one deliberately mislabelled "outcome" that the coach reads as output.
ITEMS = [
    _kr("Write a style guide for the help centre", "output", False, True),
    _kr("Run 5 supplier workshops", "outcome", False, True),
    _kr("Cut refund time from 9 days to 2 days", "outcome", True, True),
    _kr("Grow paying schools to 300", "outcome", True, True),
    _kr("Host 2 webinars with 300 sign-ups", "output", False, True, ambiguous=True),
    _objective("Maintain 99.9% uptime", "ktlo"),
    _objective("Launch the partner portal", "improvement"),
    _objective("Help staff find answers", "improvement", ambiguous=True),
]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_it_loads_every_line_of_a_jsonl_file(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "set.jsonl", ITEMS)
    assert load_items(path) == ITEMS


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "line 2 is not valid JSON"),
        ("[1, 2]", "line 2 is not a JSON object"),
        ('{"kind": "kr", "label": "output"}', "line 2 lacks text"),
        ('{"kind": "goal", "text": "x", "label": "output"}', "line 2 has unknown kind"),
    ],
)
def test_it_names_the_line_of_a_bad_item(tmp_path: Path, bad_line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ITEMS[0]) + "\n" + bad_line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_items(path)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("kr_count", 4),
        ("objective_count", 2),
        ("ambiguous_count", 2),
        ("true_output", 1),
        ("false_output", 1),
        ("false_outcome", 0),
        ("true_outcome", 2),
        ("output_precision", 0.5),
        ("output_recall", 1.0),
        ("output_f1", 2 * 0.5 * 1.0 / 1.5),
        ("outcome_fpr", 1 / 3),
        ("objective_accuracy", 0.5),
        ("baseline_accuracy", 0.75),
        ("target_accuracy", 1.0),
    ],
)
def test_it_computes_each_metric(field: str, expected: float) -> None:
    assert getattr(evaluate(ITEMS), field) == pytest.approx(expected)


def test_it_measures_throughput_in_key_results_a_second() -> None:
    assert evaluate(ITEMS).krs_per_second > 100


def test_it_ends_the_report_with_the_summary_line() -> None:
    last = format_report(evaluate(ITEMS)).splitlines()[-1]
    assert SUMMARY.match(last)
    assert last.startswith(
        "output_f1=0.67 outcome_fpr=0.33 objective_accuracy=0.50 "
        "baseline_accuracy=0.75 target_accuracy=1.00 krs_per_second="
    )


@pytest.mark.parametrize(("verbose", "shows_misses"), [(True, True), (False, False)])
def test_it_lists_misreadings_only_when_verbose(verbose: bool, shows_misses: bool) -> None:
    report = format_report(evaluate(ITEMS), verbose=verbose)
    assert ("Run 5 supplier workshops" in report) is shows_misses
    assert ("Launch the partner portal" in report) is shows_misses


def test_it_scores_an_empty_set_as_zero() -> None:
    last = format_report(evaluate([])).splitlines()[-1]
    assert last == (
        "output_f1=0.00 outcome_fpr=0.00 objective_accuracy=0.00 baseline_accuracy=0.00 "
        "target_accuracy=0.00 krs_per_second=0"
    )


def test_main_prints_the_report_for_a_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _write_jsonl(tmp_path / "set.jsonl", ITEMS)
    assert main([str(path), "--verbose"]) == 0
    output = capsys.readouterr().out
    assert "Misreadings:" in output
    assert SUMMARY.match(output.strip().splitlines()[-1])


def test_the_shipped_holdout_set_loads_and_meets_the_targets() -> None:
    path = Path(__file__).parent / "data" / "coach_holdout.jsonl"
    report = evaluate(load_items(path))
    assert report.output_f1 >= 0.85
    assert report.outcome_fpr <= 0.10
    assert report.objective_accuracy >= 0.92
    assert report.baseline_accuracy >= 0.95
    assert report.target_accuracy >= 0.90


def test_baseline_accuracy_counts_only_key_results_labelled_for_it(tmp_path: Path) -> None:
    path = tmp_path / "partial.jsonl"
    path.write_text(
        '{"kind": "kr", "text": "Reduce churn from 5% to 3%", "label": "outcome", '
        '"has_baseline": true, "has_target": true}\n'
        '{"kind": "kr", "text": "Publish 4 blog posts", "label": "output"}\n'
    )
    report = evaluate(load_items(path))
    assert report.baseline_accuracy == 1.0
    assert report.target_accuracy == 1.0


def _questions_set(tmp_path: Path) -> EvalReport:
    rows = [
        _kr("Partner channel in shape", "output", False, True),
        _kr("Publish 4 blog posts", "output", False, True),
        _kr("Add 40 paying customers in the Nordics", "outcome", False, True),
        _kr("Reduce churn from 5% to 3%", "outcome", True, True),
    ]
    return evaluate(load_items(_write_jsonl(tmp_path / "questions.jsonl", rows)))


def test_an_unsure_output_reading_scores_as_not_flagged(tmp_path: Path) -> None:
    report = _questions_set(tmp_path)
    assert (report.true_output, report.false_outcome) == (1, 1)
    assert (report.false_output, report.true_outcome) == (0, 2)
    assert report.questions == 1
    assert report.question_share == pytest.approx(0.25)


def test_the_report_gives_the_share_of_questions_before_the_summary(tmp_path: Path) -> None:
    report = _questions_set(tmp_path)
    *_, questions, last = format_report(report, verbose=True).splitlines()
    assert questions == ("Questions: 1 of 4 key results (25%) got a question instead of a finding")
    assert SUMMARY.match(last)
    assert "expected output, got a question: Partner channel in shape" in format_report(
        report, verbose=True
    )
