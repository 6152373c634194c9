"""Closing a quarter and the learning loop (domain): proposals, scores, next periods."""

from __future__ import annotations

from datetime import date

import pytest

from tests.domain.doc_tables import read_table
from waypoint.domain.closing import objective_score, proposed_state, score_verdict
from waypoint.domain.learning import ClosedObjective, learn
from waypoint.domain.periods import next_span


@pytest.mark.parametrize(
    "score, stretch, state",
    [
        (1.0, "committed", "achieved"),
        (0.9, "committed", "partial"),
        (0.5, "committed", "partial"),
        (0.4, "committed", "missed"),
        (0.7, "aspirational", "achieved"),
        (0.6, "aspirational", "partial"),
        (0.4, "aspirational", "partial"),
        (0.3, "aspirational", "missed"),
        (0.0, "aspirational", "missed"),
    ],
)
def test_proposed_state(score: float, stretch: str, state: str) -> None:
    assert proposed_state(score, stretch) == state


@pytest.mark.parametrize(
    "parts, score",
    [
        ([], 0.0),
        ([(0.7, 1), (0.4, 1)], 0.6),  # 0.55 rounds half up
        ([(1.0, 3), (0.0, 1)], 0.8),  # 0.75
        ([(0.5, 0)], 0.0),
    ],
)
def test_objective_score(parts: list[tuple[float, float]], score: float) -> None:
    assert objective_score(parts) == score


def test_score_verdict_reads_against_the_stretch() -> None:
    assert score_verdict(0.7, "aspirational") == "healthy"
    assert "ambitious enough" in score_verdict(1.0, "aspirational")
    assert score_verdict(0.7, "committed") == "below the 1.0 expected of a committed objective"


@pytest.mark.parametrize(
    "kind, after, fiscal, months, name, start, end",
    [
        ("quarter", date(2026, 12, 31), 1, 3, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ("quarter", date(2026, 12, 15), 1, 3, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ("annual", date(2026, 12, 31), 1, 3, "2027", date(2027, 1, 1), date(2027, 12, 31)),
        ("quarter", date(2027, 3, 31), 4, 3, "FY2028 Q1", date(2027, 4, 1), date(2027, 6, 30)),
        ("quarter", date(2026, 12, 31), 4, 3, "FY2027 Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("annual", date(2027, 3, 31), 4, 3, "FY2028", date(2027, 4, 1), date(2028, 3, 31)),
        ("quarter", date(2026, 12, 31), 1, 4, "2027 P1", date(2027, 1, 1), date(2027, 4, 30)),
    ],
)
def test_next_span(kind, after, fiscal, months, name, start, end) -> None:  # noqa: ANN001
    span = next_span(kind, after, fiscal_start_month=fiscal, quarter_months=months)
    assert (span.name, span.start, span.end) == (name, start, end)


@pytest.mark.parametrize("fiscal, months", [(0, 3), (13, 3), (1, 5)])
def test_next_span_refuses_calendars_that_do_not_tile_a_year(fiscal: int, months: int) -> None:
    with pytest.raises(ValueError):
        next_span("quarter", date(2026, 12, 31), fiscal_start_month=fiscal, quarter_months=months)


def closed(period: str, start: date, stretch: str, state: str, score, cause="", carried=0):  # noqa: ANN001, ANN201
    return ClosedObjective(period, start, stretch, state, score, cause, carried)


def test_learn_aggregates_per_quarter_oldest_first() -> None:
    q3, q4 = date(2026, 7, 1), date(2026, 10, 1)
    loop = learn(
        [
            closed("2026 Q4", q4, "aspirational", "achieved", 0.8),
            closed("2026 Q3", q3, "aspirational", "missed", 0.2, "strategy", carried=2),
            closed("2026 Q3", q3, "committed", "achieved", 1.0),
            closed("2026 Q3", q3, "aspirational", "partial", 0.5, "execution"),
            closed("2026 Q4", q4, "committed", "dropped", None),
        ]
    )
    assert [p.period for p in loop.periods] == ["2026 Q3", "2026 Q4"]
    q3_loop = loop.periods[0]
    assert (q3_loop.objectives, q3_loop.misses, q3_loop.carried_key_results) == (3, 2, 2)
    assert q3_loop.aspirational_average == 0.35
    assert loop.aspirational_average == 0.5
    assert loop.committed_average == 1.0
    assert loop.miss_share("strategy") == 0.5
    assert loop.carried_key_results == 2


def test_learn_without_attributed_misses_has_no_share() -> None:
    loop = learn([closed("2026 Q3", date(2026, 7, 1), "aspirational", "missed", 0.1)])
    assert loop.strategy_miss_share is None


@pytest.mark.parametrize(
    "row", read_table("scoring.md", "Worked examples: proposed close state"), ids=str
)
def test_the_documented_close_states(row: dict[str, str]) -> None:
    assert proposed_state(float(row["Score"]), row["Stretch"]) == row["Proposed state"]
