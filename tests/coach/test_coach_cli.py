"""`waypoint coach` and `waypoint coach-eval`, as scripts and CI jobs use them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.coach.conftest import Planted
from tests.conftest import Cast
from waypoint.okrs.models import Period

REPO = Path(__file__).resolve().parents[2]
HOLDOUT = REPO / "tests" / "domain" / "data" / "coach_holdout.jsonl"
SUMMARY = re.compile(
    r"^output_f1=\d\.\d\d outcome_fpr=\d\.\d\d objective_accuracy=\d\.\d\d "
    r"baseline_accuracy=\d\.\d\d target_accuracy=\d\.\d\d krs_per_second=\d+$"
)
FINDING_KEYS = {"code", "family", "level", "severity", "what", "why", "fix"}


def coach(*args: str) -> str:
    out = StringIO()
    call_command("coach", *args, stdout=out)
    return out.getvalue()


def coach_json(*args: str) -> dict:
    return json.loads(coach("--format", "json", *args))


def test_the_text_report_lists_each_finding_with_what_why_and_fix(
    quarter: Period, planted: Planted
) -> None:
    out = coach("--period", quarter.slug)
    assert out.startswith(f"3 finding(s) in {quarter.name}")
    assert f"[warning] activity.output-kr (team) key_result #{planted.bad_kr.pk}" in out
    assert "“Publish 4 blog posts” describes work to finish" in out
    assert "why: A key result is an outcome" in out
    assert "fix: Ask “so that what?”" in out


def test_the_json_report_parses_and_carries_every_field_of_a_finding(
    quarter: Period, planted: Planted
) -> None:
    report = coach_json("--period", quarter.slug)
    assert report["period"] == quarter.slug
    assert report["findings"]
    for finding in report["findings"]:
        assert finding.keys() >= FINDING_KEYS
        assert all(isinstance(finding[key], str) and finding[key] for key in FINDING_KEYS)
    output = next(f for f in report["findings"] if f["subject_id"] == planted.bad_kr.pk)
    assert (output["code"], output["family"], output["level"], output["severity"]) == (
        "activity.output-kr",
        "activity",
        "team",
        "warning",
    )


def test_the_default_period_is_the_current_quarter(quarter: Period, planted: Planted) -> None:
    assert coach_json()["period"] == quarter.slug


def test_unit_keeps_the_findings_of_that_unit_and_those_below_it(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    checkout = coach_json("--period", quarter.slug, "--unit", cast.checkout.slug)
    product = coach_json("--period", quarter.slug, "--unit", cast.product.slug)
    assert [f["subject_id"] for f in checkout["findings"]] == [planted.bad_kr.pk]
    assert {f["subject_id"] for f in product["findings"]} == {
        planted.bad_kr.pk,
        planted.search_bad_kr.pk,
    }


def test_fail_on_warning_exits_1_when_a_warning_exists(quarter: Period, planted: Planted) -> None:
    with pytest.raises(SystemExit) as exit_:
        coach("--period", quarter.slug, "--fail-on", "warning")
    assert exit_.value.code == 1


def test_fail_on_returns_normally_when_nothing_is_at_or_above_it(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    # Only warnings and an info finding exist: nothing at error.
    assert "finding(s)" in coach("--period", quarter.slug, "--fail-on", "error")
    # Finance's only finding is an info one.
    assert "1 finding(s)" in coach(
        "--period", quarter.slug, "--unit", cast.finance.slug, "--fail-on", "warning"
    )


def test_fail_on_info_counts_info_findings(cast: Cast, quarter: Period, planted: Planted) -> None:
    with pytest.raises(SystemExit) as exit_:
        coach("--period", quarter.slug, "--unit", cast.finance.slug, "--fail-on", "info")
    assert exit_.value.code == 1


def test_an_unknown_unit_is_a_clear_error(quarter: Period, planted: Planted) -> None:
    with pytest.raises(CommandError, match="No unit with slug 'nowhere'"):
        coach("--period", quarter.slug, "--unit", "nowhere")


def test_an_unknown_period_is_a_clear_error(cast: Cast, quarter: Period) -> None:
    with pytest.raises(CommandError, match="No period with slug 'someday'"):
        coach("--period", "someday")


def test_no_periods_at_all_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="There are no periods yet."):
        coach()


# --- coach-eval -------------------------------------------------------------------------------


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def coach_eval(path: Path) -> str:
    out = StringIO()
    call_command("coach_eval", str(path), stdout=out)
    return out.getvalue()


def test_coach_eval_ends_with_the_summary_line(tmp_path: Path) -> None:
    data = write_jsonl(
        tmp_path / "small.jsonl",
        '{"kind": "kr", "text": "Publish 4 blog posts", "label": "output",'
        ' "has_baseline": false, "has_target": true}',
        '{"kind": "kr", "text": "Raise checkout conversion from 2% to 3%", "label": "outcome",'
        ' "has_baseline": true, "has_target": true}',
        "",
        '{"kind": "objective", "text": "Maintain 99.9% uptime", "label": "ktlo"}',
    )
    last = coach_eval(data).rstrip("\n").splitlines()[-1]
    assert SUMMARY.match(last), last
    assert last.startswith(
        "output_f1=1.00 outcome_fpr=0.00 objective_accuracy=1.00 baseline_accuracy=1.00 "
        "target_accuracy=1.00 krs_per_second="
    )


def test_coach_eval_on_a_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(CommandError, match=rf"Cannot read {re.escape(str(missing))}: No such file"):
        coach_eval(missing)


def test_coach_eval_on_a_bad_json_line_names_the_line(tmp_path: Path) -> None:
    data = write_jsonl(
        tmp_path / "bad.jsonl",
        '{"kind": "kr", "text": "Publish 4 blog posts", "label": "output"}',
        '{"kind": "kr", "text": "Ship it"',
    )
    with pytest.raises(CommandError, match="line 2 is not valid JSON"):
        coach_eval(data)


def test_coach_eval_on_a_line_without_a_label_names_what_is_missing(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "unlabelled.jsonl", '{"kind": "kr", "text": "Ship it"}')
    with pytest.raises(CommandError, match="line 1 lacks label"):
        coach_eval(data)


def test_coach_eval_on_an_empty_file_says_so(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "empty.jsonl", "")
    with pytest.raises(CommandError, match="holds no labelled items"):
        coach_eval(data)


def test_coach_eval_on_a_file_that_is_not_text_says_so(tmp_path: Path) -> None:
    data = tmp_path / "binary.jsonl"
    data.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        coach_eval(data)


def test_the_real_cli_scores_the_holdout_set(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "waypoint.settings",
        "WAYPOINT_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "waypoint", "coach-eval", str(HOLDOUT)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert SUMMARY.match(result.stdout.rstrip("\n").splitlines()[-1])


def test_the_real_cli_exits_non_zero_on_a_missing_file(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "waypoint.settings",
        "WAYPOINT_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "waypoint", "coach-eval", str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_coach_train_check_confirms_the_stored_weights_are_what_training_gives() -> None:
    out = StringIO()
    call_command("coach_train", "--check", stdout=out)
    assert out.getvalue().strip() == "The stored weights are what training gives."
