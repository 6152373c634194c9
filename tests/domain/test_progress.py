from __future__ import annotations

import math
from datetime import date, timedelta
from typing import get_args

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.domain.doc_tables import optional_float, read_table
from waypoint.domain.confidence import confidence_band
from waypoint.domain.progress import (
    KrKind,
    Measure,
    Progress,
    default_score,
    direction,
    effective_bounds,
    expected_progress,
    kr_progress,
    objective_progress,
    pace,
    trend_line,
)

KINDS: tuple[KrKind, ...] = get_args(KrKind)
PACE_RANK = {"off_track": 0, "at_risk": 1, "on_track": 2}

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
optional_values = st.none() | values
kinds = st.sampled_from(KINDS)
measures = st.builds(Measure, kinds, optional_values, optional_values, optional_values)
raws = st.floats(min_value=-100, max_value=100, allow_nan=False)
progresses = st.builds(Progress.from_raw, st.none() | raws)
# Subnormal weights lose relative precision, so a weight is either zero or a sensible number.
weights = st.just(0.0) | st.floats(min_value=1e-6, max_value=1e3)
fractions = st.floats(min_value=0, max_value=1)
confidences = st.none() | st.integers(min_value=0, max_value=10)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@st.composite
def bounds(draw: st.DrawFn) -> tuple[float, float]:
    baseline, target = draw(values), draw(values)
    assume(abs(target - baseline) > 1e-3)
    return baseline, target


# --- Worked examples from docs/rules/scoring.md ------------------------------------------------


def _doc_rows(heading: str) -> list[dict[str, str]]:
    return read_table("scoring.md", heading)


@pytest.mark.parametrize(
    "row", _doc_rows("Worked examples: key-result progress"), ids=lambda row: row["Key result"]
)
def test_it_matches_the_documented_progress_examples(row: dict[str, str]) -> None:
    measure = Measure(
        row["Kind"],  # type: ignore[arg-type]
        optional_float(row["Baseline"]),
        optional_float(row["Target"]),
        optional_float(row["Current"]),
    )
    progress = kr_progress(measure)
    expected_raw = optional_float(row["Raw"])
    if expected_raw is None:
        assert progress.raw is None
    else:
        assert progress.raw == pytest.approx(expected_raw)
    assert progress.display == pytest.approx(float(row["Display"]))


def test_the_documented_progress_examples_cover_every_kind_and_both_directions() -> None:
    rows = _doc_rows("Worked examples: key-result progress")
    assert {row["Kind"] for row in rows} == set(KINDS)
    baselines_and_targets = [
        (float(row["Baseline"]), float(row["Target"]))
        for row in rows
        if row["Baseline"] != "—" and row["Target"] != "—"
    ]
    assert any(target > baseline for baseline, target in baselines_and_targets)
    assert any(target < baseline for baseline, target in baselines_and_targets)


def test_it_matches_the_documented_objective_example() -> None:
    rows = _doc_rows("Worked example: objective progress")
    *parts, total = rows
    result = objective_progress(
        [(Progress.from_raw(optional_float(r["Raw"])), float(r["Weight"])) for r in parts]
    )
    assert total["Key result"] == "**Objective**"
    assert result.raw == pytest.approx(float(total["Raw"]))


@pytest.mark.parametrize(
    "row",
    _doc_rows("Worked examples: expected progress"),
    ids=lambda row: f"{row['Period']} on {row['Today']}",
)
def test_it_matches_the_documented_expected_progress_examples(row: dict[str, str]) -> None:
    expected = expected_progress(
        date.fromisoformat(row["Start"]),
        date.fromisoformat(row["End"]),
        date.fromisoformat(row["Today"]),
    )
    assert expected == pytest.approx(float(row["Expected"]), abs=5e-5)


@pytest.mark.parametrize(
    "row",
    _doc_rows("Worked examples: pace"),
    ids=lambda row: f"{row['Raw']} vs {row['Expected']} at {row['Confidence']}",
)
def test_it_matches_the_documented_pace_examples(row: dict[str, str]) -> None:
    progress = Progress.from_raw(optional_float(row["Raw"]))
    confidence = None if row["Confidence"] == "—" else int(row["Confidence"])
    assert progress.display == pytest.approx(float(row["Display"]))
    assert pace(progress, float(row["Expected"]), confidence) == row["Pace"]


@pytest.mark.parametrize(
    "row", _doc_rows("Worked examples: default score"), ids=lambda row: row["Key result"]
)
def test_it_matches_the_documented_score_examples(row: dict[str, str]) -> None:
    measure = Measure(
        row["Kind"],  # type: ignore[arg-type]
        optional_float(row["Baseline"]),
        optional_float(row["Target"]),
        optional_float(row["Current"]),
    )
    assert default_score(measure) == float(row["Score"])


# --- Effective bounds and direction -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "bounds_"),
    [
        ("metric", None, None, (None, None)),
        ("metric", 5.0, None, (5.0, None)),
        ("metric", None, 3.0, (None, 3.0)),
        ("completion", None, None, (0.0, 100.0)),
        ("completion", 20.0, None, (20.0, 100.0)),
        ("completion", 20.0, 50.0, (20.0, 50.0)),
        ("quantity", None, None, (0.0, None)),
        ("quantity", None, 5.0, (0.0, 5.0)),
        ("quantity", 2.0, 5.0, (2.0, 5.0)),
        ("subjective", None, None, (0.0, 10.0)),
        ("subjective", 4.0, 8.0, (4.0, 8.0)),
    ],
)
def test_it_fills_in_default_bounds_by_kind(
    kind: KrKind,
    baseline: float | None,
    target: float | None,
    bounds_: tuple[float | None, float | None],
) -> None:
    assert effective_bounds(Measure(kind, baseline, target, None)) == bounds_


@given(measures)
def test_it_never_overrides_a_recorded_bound(m: Measure) -> None:
    baseline, target = effective_bounds(m)
    if m.baseline is not None:
        assert baseline == m.baseline
    if m.target is not None:
        assert target == m.target


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (Measure("metric", 5, 3, None), "decrease"),
        (Measure("metric", 40, 100, None), "increase"),
        (Measure("metric", 5, 5, None), None),
        (Measure("metric", None, 3, None), None),
        (Measure("metric", 5, None, None), None),
        (Measure("completion", None, None, None), "increase"),
        (Measure("quantity", None, 5, None), "increase"),
        (Measure("quantity", None, None, None), None),
        (Measure("subjective", None, None, None), "increase"),
    ],
)
def test_it_reads_the_direction_from_baseline_and_target(
    measure: Measure, expected: str | None
) -> None:
    assert direction(measure) == expected


# --- Key-result progress ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "raw", "display", "overachieved"),
    [
        (Measure("metric", 5, 3, 4), 0.5, 0.5, False),
        (Measure("metric", 40, 100, 118), 1.3, 1.0, True),
        (Measure("metric", 800, 400, 300), 1.25, 1.0, True),
        (Measure("metric", 30, 50, 25), -0.25, 0.0, False),
        (Measure("metric", 5, 3, 6), -0.5, 0.0, False),
        (Measure("completion", None, None, 50), 0.5, 0.5, False),
        (Measure("completion", 20, 50, 35), 0.5, 0.5, False),
        (Measure("quantity", None, 5, 5), 1.0, 1.0, False),
        (Measure("subjective", None, None, 7), 0.7, 0.7, False),
        (Measure("subjective", None, None, 10), 1.0, 1.0, False),
    ],
)
def test_it_computes_progress_in_both_directions(
    measure: Measure, raw: float, display: float, overachieved: bool
) -> None:
    progress = kr_progress(measure)
    assert progress.raw == pytest.approx(raw)
    assert progress.display == pytest.approx(display)
    assert progress.overachieved is overachieved


@pytest.mark.parametrize(
    "measure",
    [
        Measure("metric", 5, 3, None),
        Measure("completion", None, None, None),
        Measure("metric", None, 3, 4),
        Measure("metric", 5, None, 4),
        Measure("metric", 5, 5, 5),
        Measure("quantity", None, None, 3),
        Measure("quantity", 0, 0, 3),
        Measure("metric", 0, 1e-320, 1e300),
    ],
    ids=[
        "no check-in",
        "no check-in on a completion",
        "no baseline",
        "no target",
        "target equals baseline",
        "quantity without target",
        "quantity target zero",
        "overflowing ratio",
    ],
)
def test_it_reports_progress_it_cannot_compute_as_none(measure: Measure) -> None:
    assert kr_progress(measure) == Progress(None, 0.0)


def test_no_check_in_is_not_the_same_as_no_movement() -> None:
    assert kr_progress(Measure("metric", 5, 3, None)).raw is None
    assert kr_progress(Measure("metric", 5, 3, 5)).raw == 0.0


@given(measures)
def test_display_is_always_within_zero_and_one(m: Measure) -> None:
    progress = kr_progress(m)
    assert 0.0 <= progress.display <= 1.0
    if progress.raw is None:
        assert progress.display == 0.0
    else:
        assert progress.display == min(1.0, max(0.0, progress.raw))


@given(bounds(), kinds)
def test_the_baseline_is_zero_and_the_target_is_one_in_both_directions(
    bounds_: tuple[float, float], kind: KrKind
) -> None:
    baseline, target = bounds_
    assert kr_progress(Measure(kind, baseline, target, baseline)).raw == 0.0
    assert kr_progress(Measure(kind, baseline, target, target)).raw == 1.0


@given(bounds(), values, values)
def test_progress_follows_the_direction_of_the_key_result(
    bounds_: tuple[float, float], a: float, b: float
) -> None:
    baseline, target = bounds_
    low, high = sorted((a, b))
    raw_low = kr_progress(Measure("metric", baseline, target, low)).raw
    raw_high = kr_progress(Measure("metric", baseline, target, high)).raw
    assert raw_low is not None and raw_high is not None
    if target > baseline:
        assert raw_low <= raw_high
    else:
        assert raw_low >= raw_high


@given(bounds(), values)
def test_overachievement_means_passing_the_target(
    bounds_: tuple[float, float], current: float
) -> None:
    baseline, target = bounds_
    progress = kr_progress(Measure("metric", baseline, target, current))
    passed = current > target if target > baseline else current < target
    if progress.overachieved:
        assert passed
    if abs(current - target) >= 1 and passed:
        assert progress.overachieved


@given(bounds(), values)
def test_mirroring_a_key_result_keeps_its_progress(
    bounds_: tuple[float, float], current: float
) -> None:
    baseline, target = bounds_
    upward = kr_progress(Measure("metric", baseline, target, current))
    downward = kr_progress(Measure("metric", -baseline, -target, -current))
    assert upward == downward


@pytest.mark.parametrize(("raw", "display"), [(None, -0.1), (None, 1.5), (math.inf, 1.0)])
def test_progress_rejects_values_outside_its_range(raw: float | None, display: float) -> None:
    with pytest.raises(ValueError):
        Progress(raw, display)


# --- Objective progress -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "raw"),
    [
        ([], None),
        ([(Progress.from_raw(None), 1.0)], None),
        ([(Progress.from_raw(0.5), 0.0)], None),
        ([(Progress.from_raw(0.5), 1.0)], 0.5),
        ([(Progress.from_raw(0.2), 1.0), (Progress.from_raw(0.6), 1.0)], 0.4),
        ([(Progress.from_raw(0.2), 3.0), (Progress.from_raw(0.6), 1.0)], 0.3),
        ([(Progress.from_raw(0.2), 1.0), (Progress.from_raw(None), 5.0)], 0.2),
        ([(Progress.from_raw(0.2), 1.0), (Progress.from_raw(0.9), 0.0)], 0.2),
        ([(Progress.from_raw(1.6), 1.0), (Progress.from_raw(0.8), 1.0)], 1.2),
        ([(Progress.from_raw(-0.4), 1.0), (Progress.from_raw(0.2), 1.0)], -0.1),
    ],
    ids=[
        "no key results",
        "no check-ins",
        "only zero weights",
        "one key result",
        "equal weights",
        "unequal weights",
        "leaves out a key result without progress",
        "leaves out a zero weight",
        "over-achievement carries",
        "going backwards drags",
    ],
)
def test_it_rolls_key_results_up_into_a_weighted_mean(
    parts: list[tuple[Progress, float]], raw: float | None
) -> None:
    result = objective_progress(parts)
    if raw is None:
        assert result == Progress(None, 0.0)
    else:
        assert result.raw == pytest.approx(raw)
        assert result.display == pytest.approx(min(1.0, max(0.0, raw)))


@pytest.mark.parametrize("weight", [-1.0, math.nan, math.inf])
def test_it_rejects_a_negative_or_non_finite_weight(weight: float) -> None:
    with pytest.raises(ValueError):
        objective_progress([(Progress.from_raw(0.5), weight)])


@given(st.lists(st.tuples(progresses, weights), max_size=8))
def test_objective_progress_lies_between_its_parts(parts: list[tuple[Progress, float]]) -> None:
    result = objective_progress(parts)
    counted = [p.raw for p, w in parts if p.raw is not None and w > 0]
    assert 0.0 <= result.display <= 1.0
    if not counted:
        assert result == Progress(None, 0.0)
    else:
        assert result.raw is not None
        assert min(counted) <= result.raw <= max(counted)


@given(st.lists(st.tuples(progresses, weights), min_size=1, max_size=8), st.floats(0.01, 100))
def test_scaling_every_weight_keeps_objective_progress(
    parts: list[tuple[Progress, float]], factor: float
) -> None:
    original = objective_progress(parts)
    scaled = objective_progress([(p, w * factor) for p, w in parts])
    if original.raw is None:
        assert scaled.raw is None
    else:
        assert scaled.raw == pytest.approx(original.raw, rel=1e-9, abs=1e-9)


@given(st.lists(raws, min_size=1, max_size=8))
def test_equal_weights_give_the_plain_mean(parts: list[float]) -> None:
    result = objective_progress([(Progress.from_raw(raw), 1.0) for raw in parts])
    assert result.raw == pytest.approx(math.fsum(parts) / len(parts), abs=1e-9)


@given(st.lists(st.tuples(progresses, weights), max_size=6), weights)
def test_a_key_result_without_check_ins_changes_nothing(
    parts: list[tuple[Progress, float]], weight: float
) -> None:
    assert objective_progress([*parts, (Progress.from_raw(None), weight)]) == objective_progress(
        parts
    )


# --- Expected progress and trend line ---------------------------------------------------------

Q4 = (date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), 0.0),
        (date(2026, 9, 30), 0.0),
        (date(2026, 10, 1), 1 / 92),
        (date(2026, 11, 15), 0.5),
        (date(2026, 12, 30), 91 / 92),
        (date(2026, 12, 31), 1.0),
        (date(2027, 6, 1), 1.0),
    ],
)
def test_it_expects_a_linear_share_of_the_period(today: date, expected: float) -> None:
    assert expected_progress(*Q4, today) == pytest.approx(expected)


def test_a_one_day_period_is_fully_expected_on_its_day() -> None:
    day = date(2026, 5, 4)
    assert expected_progress(day, day, day - timedelta(days=1)) == 0.0
    assert expected_progress(day, day, day) == 1.0


def test_it_rejects_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError):
        expected_progress(date(2026, 2, 1), date(2026, 1, 1), date(2026, 1, 15))
    with pytest.raises(ValueError):
        trend_line(date(2026, 2, 1), date(2026, 1, 1), 0.0, 1.0)


@given(days, st.integers(0, 400), days, days)
def test_expected_progress_grows_with_time(start: date, length: int, a: date, b: date) -> None:
    end = start + timedelta(days=length)
    earlier, later = sorted((a, b))
    first, second = expected_progress(start, end, earlier), expected_progress(start, end, later)
    assert 0.0 <= first <= second <= 1.0


@given(days, st.integers(0, 400))
def test_expected_progress_is_zero_before_and_one_at_the_end(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert expected_progress(start, end, start - timedelta(days=1)) == 0.0
    assert expected_progress(start, end, end) == 1.0
    assert expected_progress(start, end, end + timedelta(days=1)) == 1.0


@pytest.mark.parametrize(("baseline", "target"), [(5.0, 3.0), (40.0, 100.0), (0.0, 0.0)], ids=str)
def test_it_draws_the_trend_line_from_baseline_to_target(baseline: float, target: float) -> None:
    assert trend_line(*Q4, baseline, target) == ((Q4[0], baseline), (Q4[1], target))


# --- Pace -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "confidence", "result"),
    [
        (None, 0.0, None, "not_started"),
        (None, 0.9, 1, "not_started"),
        (0.0, 0.0, None, "on_track"),
        (0.0, 0.1, None, "on_track"),
        (0.0, 0.11, None, "at_risk"),
        (0.0, 0.25, None, "at_risk"),
        (0.0, 0.26, None, "off_track"),
        (0.5, 0.6, 10, "on_track"),
        (0.5, 0.75, 10, "at_risk"),
        (0.5, 0.76, 10, "off_track"),
        (0.9, 0.5, 3, "at_risk"),
        (0.9, 0.5, 4, "on_track"),
        (0.9, 0.5, 0, "at_risk"),
        (0.4, 0.6, 2, "at_risk"),
        (0.2, 0.6, 2, "off_track"),
        (1.3, 1.0, None, "on_track"),
        (-2.0, 0.0, None, "on_track"),
        (-2.0, 0.2, None, "at_risk"),
    ],
)
def test_it_sets_the_pace_by_the_documented_thresholds(
    raw: float | None, expected: float, confidence: int | None, result: str
) -> None:
    assert pace(Progress.from_raw(raw), expected, confidence) == result


@pytest.mark.parametrize("expected", [-0.1, 1.1, math.nan])
def test_pace_rejects_an_expected_share_outside_zero_and_one(expected: float) -> None:
    with pytest.raises(ValueError):
        pace(Progress.from_raw(0.5), expected, None)


@pytest.mark.parametrize("confidence", [-1, 11])
def test_pace_rejects_a_confidence_outside_the_scale(confidence: int) -> None:
    with pytest.raises(ValueError):
        pace(Progress.from_raw(0.5), 0.5, confidence)


@given(raws, raws, fractions, confidences)
def test_more_progress_never_worsens_the_pace(
    a: float, b: float, expected: float, confidence: int | None
) -> None:
    low, high = sorted((a, b))
    worse = pace(Progress.from_raw(low), expected, confidence)
    better = pace(Progress.from_raw(high), expected, confidence)
    assert PACE_RANK[worse] <= PACE_RANK[better]


@given(raws, fractions, fractions, confidences)
def test_a_later_expectation_never_improves_the_pace(
    raw: float, a: float, b: float, confidence: int | None
) -> None:
    early, late = sorted((a, b))
    progress = Progress.from_raw(raw)
    assert (
        PACE_RANK[pace(progress, late, confidence)] <= PACE_RANK[pace(progress, early, confidence)]
    )


@given(raws, fractions, st.integers(0, 10), st.integers(0, 10))
def test_lower_confidence_never_improves_the_pace(
    raw: float, expected: float, a: int, b: int
) -> None:
    low, high = sorted((a, b))
    progress = Progress.from_raw(raw)
    assert PACE_RANK[pace(progress, expected, low)] <= PACE_RANK[pace(progress, expected, high)]


@given(raws, fractions, st.integers(0, 3))
def test_low_confidence_is_never_on_track(raw: float, expected: float, confidence: int) -> None:
    assert pace(Progress.from_raw(raw), expected, confidence) != "on_track"


@given(raws, fractions)
def test_high_confidence_is_the_same_as_no_confidence(raw: float, expected: float) -> None:
    progress = Progress.from_raw(raw)
    assert pace(progress, expected, 9) == pace(progress, expected, None)


# --- Default score ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "score"),
    [
        (Measure("metric", 5, 3, 4), 0.5),
        (Measure("metric", 30, 50, 43), 0.7),
        (Measure("metric", 0, 100, 34), 0.3),
        (Measure("metric", 0, 100, 35), 0.4),
        (Measure("metric", 0, 100, 25), 0.3),
        (Measure("metric", 0, 100, 94), 0.9),
        (Measure("metric", 0, 100, 95), 1.0),
        (Measure("metric", 40, 100, 118), 1.0),
        (Measure("metric", 30, 50, 25), 0.0),
        (Measure("metric", 5, 3, None), 0.0),
        (Measure("metric", None, 3, 4), 0.0),
        (Measure("completion", None, None, 45), 0.5),
        (Measure("quantity", None, 5, 3), 0.6),
        (Measure("subjective", None, None, 7), 0.7),
        (Measure("subjective", 5, 10, 7), 0.7),
        (Measure("subjective", None, None, 6.5), 0.7),
        (Measure("subjective", None, None, 12), 1.0),
        (Measure("subjective", None, None, -1), 0.0),
        (Measure("subjective", None, None, None), 0.0),
    ],
)
def test_it_proposes_a_score_rounded_to_one_decimal(measure: Measure, score: float) -> None:
    assert default_score(measure) == score


@given(measures)
def test_the_default_score_is_a_tenth_between_zero_and_one(m: Measure) -> None:
    score = default_score(m)
    assert 0.0 <= score <= 1.0
    assert score in {i / 10 for i in range(11)}


@given(measures.filter(lambda m: m.kind != "subjective"))
def test_the_default_score_is_the_rounded_display_progress(m: Measure) -> None:
    assert default_score(m) == pytest.approx(kr_progress(m).display, abs=0.05 + 1e-9)


@given(st.integers(0, 10))
def test_a_subjective_score_is_the_assessment_over_ten(assessment: int) -> None:
    assert default_score(Measure("subjective", None, None, assessment)) == assessment / 10


# --- Confidence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [(0, "low"), (3, "low"), (4, "medium"), (6, "medium"), (7, "high"), (10, "high")],
)
def test_it_names_the_confidence_band(value: int, band: str) -> None:
    assert confidence_band(value) == band


@pytest.mark.parametrize("value", [-1, 11, 100])
def test_it_rejects_a_confidence_outside_zero_to_ten(value: int) -> None:
    with pytest.raises(ValueError):
        confidence_band(value)


@pytest.mark.parametrize("value", [5.0, "5", True])
def test_it_rejects_a_confidence_that_is_not_an_int(value: object) -> None:
    with pytest.raises(TypeError):
        confidence_band(value)  # type: ignore[arg-type]


@given(st.integers(0, 10), st.integers(0, 10))
def test_confidence_bands_are_ordered(a: int, b: int) -> None:
    order = {"low": 0, "medium": 1, "high": 2}
    low, high = sorted((a, b))
    assert order[confidence_band(low)] <= order[confidence_band(high)]
