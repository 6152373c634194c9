"""The quarter's rhythm checks: no mid-quarter review, a key result carried again and again."""

from __future__ import annotations

from datetime import date

from waypoint.domain import diagnosis as dx

Q4 = dx.Period(1, "2026 Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31))
TEAM = dx.Unit(10, "Checkout", "team", None)


def snapshot(**overrides: object) -> dx.Snapshot:
    fields: dict[str, object] = {
        "period": Q4,
        "units": (TEAM,),
        "objectives": (dx.Objective(100, "Make checkout effortless", "", 1, None, (10,)),),
        "key_results": (
            dx.KeyResult(1000, 100, "Conversion from 2% to 3%", "metric", (10,), 2, 3, 2.5),
        ),
    }
    fields.update(overrides)
    return dx.Snapshot(**fields)  # type: ignore[arg-type]


def codes(snap: dx.Snapshot, today: date) -> list[tuple[str, int]]:
    wanted = {"set_and_forget.no-mid-quarter-review", "over_commitment.carried-again"}
    return [(f.code, f.subject_id) for f in dx.diagnose(snap, today=today) if f.code in wanted]


def test_no_mid_quarter_review_two_weeks_after_the_middle() -> None:
    assert codes(snapshot(), date(2026, 11, 30)) == [("set_and_forget.no-mid-quarter-review", 10)]


def test_no_finding_before_then_with_a_review_or_after_the_quarter() -> None:
    assert codes(snapshot(), date(2026, 11, 29)) == []
    assert codes(snapshot(mid_quarter_reviews=(10,)), date(2026, 11, 30)) == []
    assert codes(snapshot(), date(2027, 1, 5)) == []


def test_a_unit_without_active_objectives_needs_no_review() -> None:
    closed = dx.Objective(100, "Make checkout effortless", "", 1, None, (10,), status="achieved")
    assert codes(snapshot(objectives=(closed,)), date(2026, 11, 30)) == []


def kr(carried: int) -> dx.KeyResult:
    return dx.KeyResult(
        1000,
        100,
        "Onboarding NPS from 30 to 45",
        "metric",
        (10,),
        30,
        45,
        33,
        carried_quarters=carried,
    )


def test_a_key_result_on_the_list_for_the_third_quarter_running() -> None:
    found = codes(snapshot(key_results=(kr(2),)), date(2026, 10, 20))
    assert found == [("over_commitment.carried-again", 1000)]
    finding = next(
        f
        for f in dx.diagnose(snapshot(key_results=(kr(2),)), today=date(2026, 10, 20))
        if f.code == "over_commitment.carried-again"
    )
    assert "3rd quarter running" in finding.what


def test_carried_once_is_fine() -> None:
    assert codes(snapshot(key_results=(kr(1),)), date(2026, 10, 20)) == []
