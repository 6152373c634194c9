"""The coach's rules engine: every check with cases that fire and cases that must stay silent.

Most cases read texts through a fake classifier (``FAKE_TEXTS``) so they test the engine's
logic, not the wording heuristics of ``coach_text``; a few at the end use the real one. The
world: Acme (company) with Product, Engineering and Finance departments; the Squad team in
Product, the Platform team in Engineering, a virtual Guild, and the supporting Payroll team in
Finance (added only where a case needs it). Alice leads Squad, Bob is on it, Charlie is senior
management, Dana is product leadership.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.domain.doc_tables import DOCS_RULES, optional_float, read_table
from waypoint.domain.coach_text import KrReading, ObjectiveReading
from waypoint.domain.diagnosis import (
    CHECKS,
    FAMILIES,
    SEVERITY_ORDER,
    Backlog,
    Finding,
    Hit,
    KeyResult,
    Objective,
    PastMeeting,
    PastQuarter,
    Period,
    Person,
    Severity,
    Snapshot,
    TextReaders,
    Unit,
    UnitLearning,
    at_or_above,
    codes,
    diagnose,
    register,
)
from waypoint.domain.diagnosis.drafts import KrDraft, key_result_hints
from waypoint.domain.diagnosis.numbers import StatedNumbers, stated_numbers
from waypoint.domain.diagnosis.similarity import same_goal, similarity, stem
from waypoint.domain.learning import ClosedObjective, learn
from waypoint.domain.periods import missed_cadences

DOC = "diagnosis.md"
Q1 = Period(1, "2026 Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31))
YEAR = Period(2, "2026", "annual", date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2026, 2, 20)

ACME, PRODUCT, ENGINEERING, FINANCE = 1, 2, 3, 4
SQUAD, PLATFORM, PAYROLL, GROWTH, GUILD = 10, 11, 12, 13, 20
UNITS = (
    Unit(ACME, "Acme", "company", None, False),
    Unit(PRODUCT, "Product", "department", ACME, False),
    Unit(ENGINEERING, "Engineering", "department", ACME, False),
    Unit(FINANCE, "Finance", "department", ACME, False),
    Unit(SQUAD, "Squad", "team", PRODUCT, False),
    Unit(PLATFORM, "Platform", "team", ENGINEERING, False),
    Unit(GROWTH, "Growth", "team", PRODUCT, False),
    Unit(GUILD, "Guild", "virtual", None, False),
)
PAYROLL_UNIT = Unit(PAYROLL, "Payroll", "team", FINANCE, True)
ALICE, BOB, CHARLIE, DANA = 1, 2, 3, 4
PEOPLE = (
    Person(ALICE, "Alice", "team"),
    Person(BOB, "Bob", "team"),
    Person(CHARLIE, "Charlie", "senior"),
    Person(DANA, "Dana", "leadership"),
)
STRATEGY = Objective(900, "Small firms run their books on Acme", "", YEAR.id, CHARLIE, (ACME,))
STRATEGY_KR = KeyResult(
    901, 900, "Paying small firms from 2k to 5k", "metric", (ACME,), 2e3, 5e3, 3e3
)

# The fake classifier: titles listed here read as shown, every other title as a plain outcome
# whose text states neither a baseline nor a target.
OUTPUT_KR = "Ship the billing page"
UNSURE_KR = "Orbit sync for field teams"
OUTPUT_REWRITE = "Raise conversion on billing page from __% to __%"
KR_READINGS = {
    OUTPUT_KR: KrReading(True, False, True, ("deliverable-verb",), OUTPUT_REWRITE),
    "Churn from 5% to 3%": KrReading(False, True, True, ("baseline",), None),
    "NPS above 40": KrReading(False, False, True, ("metric-noun",), None),
    UNSURE_KR: KrReading(True, False, True, ("no-metric", "unsure"), OUTPUT_REWRITE, 0.5),
}
TASK_OBJECTIVE = "Migrate billing to Postgres"
KTLO_OBJECTIVE = "Maintain 99.9% uptime"
UNSURE_TASK = "Partner handbook"
OBJECTIVE_READINGS = {
    TASK_OBJECTIVE: ObjectiveReading("task", ("deliverable-verb",), "Name the improvement."),
    KTLO_OBJECTIVE: ObjectiveReading("ktlo", ("keep-verb",), None),
    UNSURE_TASK: ObjectiveReading("task", ("deliverable-noun",), "Name the improvement.", 0.5),
}


def _read_kr(text: str) -> KrReading:
    return KR_READINGS.get(text, KrReading(False, False, False, (), None))


def _read_objective(text: str) -> ObjectiveReading:
    return OBJECTIVE_READINGS.get(text, ObjectiveReading("improvement", (), None))


FAKE_TEXTS = TextReaders(key_result=_read_kr, objective=_read_objective)


# --- builders -------------------------------------------------------------------------------


def objective(id: int, title: str = "", **fields: Any) -> Objective:
    """An active, aspirational team objective of Q1, owned by Squad and Alice, linked up."""
    values: dict[str, Any] = {
        "description": "",
        "period_id": Q1.id,
        "owner_id": ALICE,
        "unit_ids": (SQUAD,),
        "parent_objective_ids": (STRATEGY.id,),
    }
    values.update(fields)
    return Objective(id, title or f"Objective {id}", **values)


def kr(id: int, objective_id: int, title: str = "", **fields: Any) -> KeyResult:
    """An active metric key result of Squad, 4 → 6, checked in two days ago."""
    values: dict[str, Any] = {
        "kind": "metric",
        "owner_unit_ids": (SQUAD,),
        "baseline": 4.0,
        "target": 6.0,
        "current": 5.0,
        "last_check_in": TODAY - timedelta(days=2),
    }
    values.update(fields)
    return KeyResult(id, objective_id, title or f"Key result {id}", **values)


def snapshot(
    objectives: tuple[Objective, ...] = (),
    key_results: tuple[KeyResult, ...] = (),
    *,
    extra_units: tuple[Unit, ...] = (),
    **fields: Any,
) -> Snapshot:
    """A Q1 snapshot of the world above, with the company's annual goal to link to."""
    values: dict[str, Any] = {
        "units": UNITS + extra_units,
        "people": PEOPLE,
        "linked_objectives": (STRATEGY,),
        "linked_key_results": (STRATEGY_KR,),
    }
    values.update(fields)
    return Snapshot(Q1, objectives=objectives, key_results=key_results, **values)


def hits(snap: Snapshot, code: str, today: date = TODAY) -> list[tuple[int, str]]:
    """The (subject id, severity) of each finding with ``code``."""
    found = diagnose(snap, today=today, texts=FAKE_TEXTS)
    return [(f.subject_id, f.severity) for f in found if f.code == code]


def only(snap: Snapshot, code: str) -> Finding:
    """The single finding with ``code``."""
    (finding,) = [f for f in diagnose(snap, today=TODAY, texts=FAKE_TEXTS) if f.code == code]
    return finding


def good_set() -> Snapshot:
    """A healthy quarter: linked objectives, outcome KRs with baselines, recent check-ins."""
    return snapshot(
        (
            objective(1, "Small firms finish onboarding on their own"),
            objective(2, "Month-end close feels effortless", unit_ids=(PLATFORM,), owner_id=BOB),
            objective(
                3,
                "Payroll runs without surprises for every team",
                kind="support",
                unit_ids=(PAYROLL,),
                parent_objective_ids=(),
            ),
        ),
        (
            kr(11, 1, "Trial-to-paid conversion from 4% to 6%"),
            kr(12, 1, "Median time to first invoice from 3 days to 1 day", baseline=3, target=1),
            kr(
                21,
                2,
                "Share of firms closing the month in one click from 10% to 40%",
                owner_unit_ids=(PLATFORM,),
                baseline=10,
                target=40,
                current=18,
            ),
            kr(
                31,
                3,
                "Payroll corrections per month from 12 to 3",
                owner_unit_ids=(PAYROLL,),
                baseline=12,
                target=3,
                current=9,
            ),
        ),
        extra_units=(PAYROLL_UNIT,),
        history=(PastQuarter(SQUAD, 0, 2, 2, 0.8),),
    )


# --- the engine as a whole -------------------------------------------------------------------


def test_it_finds_nothing_wrong_with_a_good_set() -> None:
    assert diagnose(good_set(), today=TODAY, texts=FAKE_TEXTS) == []


def test_it_finds_nothing_wrong_with_a_good_set_using_the_real_classifier() -> None:
    assert diagnose(good_set(), today=TODAY) == []


def test_it_finds_nothing_in_an_empty_snapshot() -> None:
    assert diagnose(Snapshot(Q1), today=TODAY) == []


def messy_set() -> Snapshot:
    return snapshot(
        (
            objective(1, TASK_OBJECTIVE),
            objective(2, parent_objective_ids=()),
            objective(3, unit_ids=(), parent_objective_ids=(STRATEGY.id,)),
            *(objective(i) for i in range(4, 8)),
        ),
        (kr(11, 1, OUTPUT_KR), kr(12, 2, owner_unit_ids=(SQUAD, PLATFORM)), kr(13, 2, target=None)),
    )


def test_it_sorts_by_severity_then_subject() -> None:
    found = diagnose(messy_set(), today=TODAY, texts=FAKE_TEXTS)
    ranks = [-SEVERITY_ORDER[f.severity] for f in found]
    assert ranks == sorted(ranks)
    assert [f.severity for f in found][:3] == ["error", "error", "error"]
    assert [(f.subject, f.subject_id) for f in found if f.severity == "error"] == [
        ("unit", SQUAD),
        ("objective", 3),
        ("key_result", 12),
    ]
    warnings = [(f.subject, f.subject_id) for f in found if f.severity == "warning"]
    assert warnings == sorted(warnings, key=lambda s: ({"objective": 0, "key_result": 1}[s[0]], s))


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("info", ["info", "warning", "error"]),
        ("warning", ["warning", "error"]),
        ("error", ["error"]),
    ],
)
def test_at_or_above_keeps_that_severity_and_worse(severity: Severity, expected: list[str]) -> None:
    findings = [dataclasses.replace(_sample_finding(), severity=s) for s in SEVERITY_ORDER]
    assert [f.severity for f in at_or_above(findings, severity)] == expected


def _sample_finding() -> Finding:
    return Finding("big.x", "big", "team", "info", "unit", 1, (1,), "what", "why", "fix")


def test_every_finding_carries_what_why_and_fix() -> None:
    for finding in diagnose(messy_set(), today=TODAY, texts=FAKE_TEXTS):
        assert finding.what and finding.why and finding.fix
        assert finding.family in FAMILIES and finding.code.startswith(f"{finding.family}.")


# --- the registry ----------------------------------------------------------------------------


def test_codes_are_unique_and_named_after_their_family() -> None:
    assert len(codes()) == len(set(codes()))
    assert all(check.code.startswith(f"{check.family}.") for check in CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.code)
def test_each_check_states_one_principle_and_cites_its_source(check: Any) -> None:
    assert check.why.endswith(".") and ". " not in check.why.rstrip(".")
    assert "OKR-PRINCIPLES §" in check.doc


def test_every_family_has_a_check() -> None:
    assert {check.family for check in CHECKS} == set(FAMILIES)


def test_a_registered_check_runs_through_the_same_engine() -> None:
    def every_unit(ctx: Any) -> Iterator[Hit]:
        """OKR-PRINCIPLES §5: a demonstration check."""
        for unit_id in ctx.units:
            yield Hit("unit", unit_id, "info", what="seen", fix="nothing")

    register("big.demo", "big", why="Demonstrations matter.")(every_unit)
    try:
        found = [f for f in diagnose(snapshot(), today=TODAY) if f.code == "big.demo"]
        assert len(found) == len(UNITS)
        assert {f.why for f in found} == {"Demonstrations matter."}
    finally:
        CHECKS.pop()
    assert "big.demo" not in codes()


@pytest.mark.parametrize(
    ("code", "family"),
    [("big.too-many-objectives", "big"), ("activity.x", "big"), ("vanity.x", "vanity")],
)
def test_register_refuses_duplicates_and_mismatched_families(code: str, family: Any) -> None:
    with pytest.raises(ValueError):
        register(code, family, why="No.")


@pytest.mark.parametrize(
    "fields", [{"warn_above": 6, "refuse_above": 5}, {"cadence_days": 0}], ids=str
)
def test_a_snapshot_refuses_inconsistent_settings(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Snapshot(Q1, **fields)


# --- levels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "owner", "expected"),
    [
        ((SQUAD,), BOB, "team"),
        ((GUILD,), BOB, "team"),
        ((SQUAD,), DANA, "product_leadership"),
        ((PRODUCT,), BOB, "product_leadership"),
        ((SQUAD,), CHARLIE, "senior_management"),
        ((ACME,), BOB, "senior_management"),
        ((SQUAD, PRODUCT), BOB, "product_leadership"),
        ((PRODUCT,), CHARLIE, "senior_management"),
        ((SQUAD,), None, "team"),
    ],
)
def test_the_level_is_the_highest_of_units_and_owner(
    units: tuple[int, ...], owner: int | None, expected: str
) -> None:
    snap = snapshot((objective(1, TASK_OBJECTIVE, unit_ids=units, owner_id=owner),))
    finding = only(snap, "activity.task-objective")
    assert finding.level == expected
    assert finding.unit_ids == units


def test_a_key_result_takes_its_owner_unit_and_its_objectives_owner() -> None:
    snap = snapshot(
        (objective(1, owner_id=DANA),), (kr(11, 1, OUTPUT_KR, owner_unit_ids=(PLATFORM,)),)
    )
    finding = only(snap, "activity.output-kr")
    assert (finding.level, finding.unit_ids) == ("product_leadership", (PLATFORM,))


def test_a_unit_finding_takes_the_units_level() -> None:
    snap = snapshot(tuple(objective(i, unit_ids=(PRODUCT,)) for i in range(1, 5)))
    finding = only(snap, "big.too-many-objectives")
    assert (finding.subject, finding.level, finding.unit_ids) == (
        "unit",
        "product_leadership",
        (PRODUCT,),
    )


# --- activity and KTLO -----------------------------------------------------------------------

ONE = (objective(1),)


@pytest.mark.parametrize(
    ("snap", "code", "expected"),
    [
        pytest.param(
            snapshot(ONE, (kr(11, 1, OUTPUT_KR),)),
            "activity.output-kr",
            [(11, "warning")],
            id="output-kr",
        ),
        pytest.param(
            snapshot(ONE, (kr(11, 1, "Churn from 5% to 3%"),)),
            "activity.output-kr",
            [],
            id="outcome-kr",
        ),
        pytest.param(
            snapshot(ONE, (kr(11, 1, OUTPUT_KR, status="dropped"),)),
            "activity.output-kr",
            [],
            id="dropped-kr",
        ),
        pytest.param(
            snapshot((objective(1, status="dropped"),), (kr(11, 1, OUTPUT_KR),)),
            "activity.output-kr",
            [],
            id="kr-of-dropped-objective",
        ),
        pytest.param(
            snapshot((objective(1, TASK_OBJECTIVE),)),
            "activity.task-objective",
            [(1, "warning")],
            id="task-objective",
        ),
        pytest.param(
            snapshot((objective(1, "Small firms trust our invoices"),)),
            "activity.task-objective",
            [],
            id="improvement-objective",
        ),
        pytest.param(
            snapshot((objective(1, TASK_OBJECTIVE, status="dropped"),)),
            "activity.task-objective",
            [],
            id="dropped-task-objective",
        ),
        pytest.param(
            snapshot((objective(1, KTLO_OBJECTIVE),)),
            "ktlo.objective",
            [(1, "warning")],
            id="ktlo-objective",
        ),
        pytest.param(
            snapshot((objective(1, TASK_OBJECTIVE),)), "ktlo.objective", [], id="task-is-not-ktlo"
        ),
        pytest.param(snapshot(ONE), "ktlo.objective", [], id="improvement-is-not-ktlo"),
        pytest.param(
            snapshot(ONE, (kr(11, 1, UNSURE_KR),)),
            "activity.output-kr",
            [],
            id="unsure-output-is-asked-not-reported",
        ),
        pytest.param(
            snapshot((objective(1, UNSURE_TASK),)),
            "activity.task-objective",
            [],
            id="unsure-task-is-asked-not-reported",
        ),
    ],
)
def test_activity_and_ktlo(snap: Snapshot, code: str, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, code) == expected


def test_an_output_kr_fix_offers_the_classifiers_rewrite() -> None:
    finding = only(snapshot(ONE, (kr(11, 1, OUTPUT_KR),)), "activity.output-kr")
    assert OUTPUT_REWRITE in finding.fix


def test_a_task_objective_fix_is_the_classifiers() -> None:
    finding = only(snapshot((objective(1, TASK_OBJECTIVE),)), "activity.task-objective")
    assert finding.fix == "Name the improvement."


def test_a_ktlo_fix_points_to_a_kpi_with_a_healthy_range() -> None:
    finding = only(snapshot((objective(1, KTLO_OBJECTIVE),)), "ktlo.objective")
    assert "KTLO KPI" in finding.fix and "healthy range" in finding.fix


# --- baseline and target ---------------------------------------------------------------------


def _one_kr(**fields: Any) -> Snapshot:
    return snapshot(ONE, (kr(11, 1, **fields),))


@pytest.mark.parametrize(
    ("snap", "code", "expected"),
    [
        pytest.param(
            _one_kr(baseline=None),
            "baseline.missing-baseline",
            [(11, "warning")],
            id="metric-without-baseline",
        ),
        pytest.param(_one_kr(), "baseline.missing-baseline", [], id="metric-with-baseline"),
        pytest.param(
            _one_kr(kind="completion", baseline=None, target=None),
            "baseline.missing-baseline",
            [],
            id="completion-defaults",
        ),
        pytest.param(
            _one_kr(kind="quantity", baseline=None, target=5),
            "baseline.missing-baseline",
            [],
            id="quantity-defaults",
        ),
        pytest.param(
            _one_kr(kind="subjective", baseline=None, target=None, criteria="agreed"),
            "baseline.missing-baseline",
            [],
            id="subjective-defaults",
        ),
        pytest.param(
            _one_kr(title="Grow usage of search", baseline=None, target=None),
            "baseline.missing-baseline",
            [(11, "warning")],
            id="text-says-nothing",
        ),
        pytest.param(
            _one_kr(title="Churn from 5% to 3%", baseline=None, target=None),
            "baseline.missing-baseline",
            [],
            id="text-states-baseline",
        ),
        pytest.param(
            _one_kr(title="Churn from 5% to 3%", baseline=None, target=3, imported=True),
            "baseline.missing-baseline",
            [],
            id="imported-text-states-baseline",
        ),
        pytest.param(
            _one_kr(title="NPS above 40", baseline=None, target=40, imported=True),
            "baseline.missing-baseline",
            [(11, "warning")],
            id="imported-no-baseline",
        ),
        pytest.param(
            _one_kr(title="Churn from 5% to 3%", baseline=None, target=3),
            "baseline.missing-baseline",
            [(11, "warning")],
            id="fields-decide",
        ),
        pytest.param(
            _one_kr(title=OUTPUT_KR, baseline=None, target=None),
            "baseline.missing-baseline",
            [],
            id="output-reported-once",
        ),
        pytest.param(
            _one_kr(target=None),
            "baseline.missing-target",
            [(11, "warning")],
            id="metric-without-target",
        ),
        pytest.param(
            _one_kr(kind="quantity", baseline=0, target=None),
            "baseline.missing-target",
            [(11, "warning")],
            id="quantity-without-target",
        ),
        pytest.param(
            _one_kr(kind="completion", baseline=20, target=None),
            "baseline.missing-target",
            [],
            id="completion-defaults-to-100",
        ),
        pytest.param(
            _one_kr(title="NPS above 40", baseline=None, target=None),
            "baseline.missing-target",
            [],
            id="text-states-target",
        ),
        pytest.param(
            _one_kr(title="Grow usage of search", baseline=None, target=None),
            "baseline.missing-target",
            [(11, "warning")],
            id="text-has-no-target",
        ),
        pytest.param(
            _one_kr(baseline=5, target=5),
            "baseline.flat-target",
            [(11, "warning")],
            id="flat-metric",
        ),
        pytest.param(
            _one_kr(kind="completion", baseline=100, target=None),
            "baseline.flat-target",
            [(11, "warning")],
            id="flat-after-defaults",
        ),
        pytest.param(_one_kr(baseline=4, target=6), "baseline.flat-target", [], id="moving"),
        pytest.param(
            _one_kr(baseline=None, target=5),
            "baseline.flat-target",
            [],
            id="no-baseline-is-not-flat",
        ),
        pytest.param(
            _one_kr(kind="subjective", baseline=None, target=None),
            "baseline.subjective-without-criteria",
            [(11, "warning")],
            id="subjective-no-criteria",
        ),
        pytest.param(
            _one_kr(kind="subjective", baseline=None, target=None, criteria="  \n"),
            "baseline.subjective-without-criteria",
            [(11, "warning")],
            id="subjective-blank-criteria",
        ),
        pytest.param(
            _one_kr(
                kind="subjective",
                baseline=None,
                target=None,
                criteria="7 = two pilot firms say they would pay",
            ),
            "baseline.subjective-without-criteria",
            [],
            id="subjective-with-criteria",
        ),
        pytest.param(
            _one_kr(), "baseline.subjective-without-criteria", [], id="metric-needs-no-criteria"
        ),
    ],
)
def test_baseline_and_target(snap: Snapshot, code: str, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, code) == expected


def test_an_unsure_output_still_gets_the_baseline_checks() -> None:
    snap = snapshot(ONE, (kr(11, 1, UNSURE_KR, baseline=None),))
    assert hits(snap, "baseline.missing-baseline") == [(11, "warning")]


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(snapshot(ONE), [(1, "warning")], id="no-krs"),
        pytest.param(snapshot(ONE, (kr(11, 1),)), [], id="one-kr"),
        pytest.param(
            snapshot(ONE, (kr(11, 1, status="dropped"),)), [(1, "warning")], id="only-dropped-krs"
        ),
        pytest.param(snapshot((objective(1, status="achieved"),)), [], id="closed-objective"),
        pytest.param(snapshot((objective(1, status="dropped"),)), [], id="dropped-objective"),
    ],
)
def test_an_objective_without_key_results(snap: Snapshot, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, "baseline.no-key-results") == expected


def test_an_objective_without_key_results_is_told_to_add_two_or_three() -> None:
    finding = only(snapshot(ONE), "baseline.no-key-results")
    assert "has no key results" in finding.what
    assert "Add 2–3 key results that show the change" in finding.fix


@pytest.mark.parametrize(
    ("title", "baseline", "target", "expected"),
    [
        pytest.param("Raise activation from 22% to 40%", 10, 90, [(11, "warning")], id="both"),
        pytest.param("Raise activation from 22% to 40%", 22, 90, [(11, "warning")], id="target"),
        pytest.param("Raise activation from 22% to 40%", 22, 40, [], id="agree"),
        pytest.param("Raise activation from 22% to 40%", 0.22, 0.4, [], id="as-fractions"),
        pytest.param("Grow MRR from $40k to $60k", 40_000, 60_000, [], id="thousands"),
        pytest.param("Reduce churn to a healthy level", 3, 5, [(11, "warning")], id="wrong-way"),
        pytest.param("Reduce churn to a healthy level", 5, 3, [], id="right-way"),
        pytest.param("Raise activation from 22% to 40%", None, None, [], id="no-fields"),
        pytest.param("Churn stays low", 3, 5, [], id="no-numbers-no-direction"),
        pytest.param("Ship pricing v2 between 2025 and 2026", 0, 1, [], id="years"),
    ],
)
def test_a_title_that_contradicts_its_fields(
    title: str, baseline: float | None, target: float | None, expected: list[tuple[int, str]]
) -> None:
    snap = _one_kr(title=title, baseline=baseline, target=target)
    assert hits(snap, "baseline.title-contradicts-fields") == expected


def test_a_contradiction_names_both_numbers() -> None:
    snap = _one_kr(title="Raise activation from 22% to 40%", baseline=10, target=90)
    finding = only(snap, "baseline.title-contradicts-fields")
    assert "the title says 22 but the baseline is 10" in finding.what
    assert "the title says 40 but the target is 90" in finding.what


def test_an_output_kr_is_not_also_told_its_numbers_disagree() -> None:
    snap = _one_kr(title=OUTPUT_KR, baseline=10, target=90)
    assert hits(snap, "baseline.title-contradicts-fields") == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Cut time to first response from 9h to 2h", StatedNumbers(9, 2, "down")),
        ("NPS: 35 → 50", StatedNumbers(35, 50, "up")),
        ("Increase repeat orders", StatedNumbers(None, None, "up")),
        ("Halve refund time", StatedNumbers(None, None, "down")),
        ("Weekly active teams reach 400", StatedNumbers(None, None, None)),
        ("Ship 3 features from 2024 to 2025", StatedNumbers(None, None, None)),
        ("Get feedback from 5 users to shape the roadmap", StatedNumbers(None, None, None)),
    ],
)
def test_the_numbers_a_title_states(title: str, expected: StatedNumbers) -> None:
    assert stated_numbers(title) == expected


# --- live hints on a draft -------------------------------------------------------------------


def _hint_titles(draft: KrDraft) -> list[str]:
    return [hint.title for hint in key_result_hints(draft)]


def test_a_draft_whose_numbers_disagree_is_hinted() -> None:
    draft = KrDraft("Raise activation from 22% to 40%", "metric", baseline=10, target=90)
    (hint,) = key_result_hints(draft)
    assert hint.title == "The title and the numbers disagree"
    assert "22 but the baseline is 10" in hint.body


def test_a_draft_whose_target_equals_its_baseline_is_hinted() -> None:
    assert "The target equals the baseline" in _hint_titles(
        KrDraft("Keep checkout conversion at 3%", "metric", baseline=3, target=3)
    )
    assert "The target equals the baseline" in _hint_titles(
        KrDraft("Finish the checkout audit to 100%", "completion", baseline=100)
    )
    assert "The target equals the baseline" not in _hint_titles(
        KrDraft("Raise checkout conversion to 4%", "metric", baseline=3, target=4)
    )


def test_a_draft_going_the_wrong_way_is_hinted() -> None:
    (hint,) = key_result_hints(KrDraft("Reduce churn to a healthy level", "metric", 3, 5))
    assert "asks to go down, but the target (5) is above the baseline (3)" in hint.body
    assert key_result_hints(KrDraft("Reduce churn to a healthy level", "metric", 5, 3)) == []


def test_a_subjective_draft_without_criteria_is_hinted() -> None:
    title = "Pilot firms say the new reports save them time"
    assert "No criteria yet" in _hint_titles(KrDraft(title, "subjective"))
    assert "No criteria yet" not in _hint_titles(KrDraft(title, "subjective", criteria="7 = …"))
    assert "No criteria yet" not in _hint_titles(KrDraft(title, "metric", 2, 5))


def test_an_unsure_reading_gets_a_question_not_a_verdict() -> None:
    (hint,) = key_result_hints(KrDraft("Partner channel in shape"))
    assert hint.kind == "question"
    assert hint.body.startswith("Is this a result you will measure, or work you will do?")


def test_a_sure_output_gets_the_output_hint() -> None:
    (hint, *_) = key_result_hints(KrDraft("Ship the new billing page"))
    assert hint.kind == "hint"
    assert hint.title == "This reads like an output, not an outcome"


def test_fields_typed_in_the_form_count_as_a_baseline_and_target() -> None:
    assert _hint_titles(KrDraft("Increase checkout conversion")) == ["No target"]
    assert _hint_titles(KrDraft("Increase checkout conversion", "metric", 2, 3)) == []


# --- big and over-commitment -----------------------------------------------------------------


def _objectives(count: int, **fields: Any) -> tuple[Objective, ...]:
    return tuple(objective(i, **fields) for i in range(1, count + 1))


def _krs(count: int) -> tuple[KeyResult, ...]:
    return tuple(kr(10 + i, 1) for i in range(1, count + 1))


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(snapshot(_objectives(3)), [], id="three-is-ideal"),
        pytest.param(snapshot(_objectives(4)), [(SQUAD, "warning")], id="four-warns"),
        pytest.param(snapshot(_objectives(5)), [(SQUAD, "warning")], id="five-warns"),
        pytest.param(snapshot(_objectives(6)), [(SQUAD, "error")], id="six-is-over-the-limit"),
        pytest.param(
            snapshot(_objectives(4, unit_ids=(SQUAD, PLATFORM))),
            [(SQUAD, "warning"), (PLATFORM, "warning")],
            id="shared-counts-for-each",
        ),
        pytest.param(
            snapshot((*_objectives(3), objective(9, status="dropped"))),
            [],
            id="dropped-do-not-count",
        ),
        pytest.param(
            snapshot(_objectives(2), warn_above=1, refuse_above=2),
            [(SQUAD, "warning")],
            id="organisation-limits",
        ),
    ],
)
def test_too_many_objectives(snap: Snapshot, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, "big.too-many-objectives") == expected


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(snapshot(ONE, _krs(3)), [], id="three-is-ideal"),
        pytest.param(snapshot(ONE, _krs(4)), [(1, "warning")], id="four-warns"),
        pytest.param(snapshot(ONE, _krs(6)), [(1, "error")], id="six-is-over-the-limit"),
        pytest.param(
            snapshot(ONE, (*_krs(3), kr(19, 1, status="dropped"))), [], id="dropped-do-not-count"
        ),
    ],
)
def test_too_many_key_results(snap: Snapshot, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, "big.too-many-key-results") == expected


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(_one_kr(owner_unit_ids=(SQUAD, PLATFORM)), [(11, "error")], id="two-teams"),
        pytest.param(_one_kr(owner_unit_ids=(SQUAD,)), [], id="one-team"),
        pytest.param(_one_kr(owner_unit_ids=(SQUAD, SQUAD)), [], id="same-team-twice"),
        pytest.param(
            snapshot(
                (objective(1, unit_ids=(SQUAD, PLATFORM)),),
                (kr(11, 1), kr(12, 1, owner_unit_ids=(PLATFORM,))),
            ),
            [],
            id="shared-objective-one-team-per-kr",
        ),
    ],
)
def test_a_kr_owned_by_many_teams(snap: Snapshot, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, "big.kr-owned-by-many") == expected


def _history(*gains: float | None, unit: int = SQUAD) -> tuple[PastQuarter, ...]:
    return tuple(PastQuarter(unit, -i, 3, 2, gain) for i, gain in enumerate(gains))


@pytest.mark.parametrize(
    ("fields", "history", "expected"),
    [
        pytest.param(
            {"baseline": 100, "target": 200},
            _history(0.2),
            [(11, "warning")],
            id="double-after-20-percent",
        ),
        pytest.param({"baseline": 100, "target": 150}, _history(0.2), [], id="within-three-times"),
        pytest.param(
            {"baseline": 10, "target": 1},
            _history(0.1, 0.25),
            [(11, "warning")],
            id="decrease-uses-the-best-quarter",
        ),
        pytest.param({"baseline": 100, "target": 200}, (), [], id="no-history"),
        pytest.param({"baseline": 100, "target": 200}, _history(None), [], id="no-gain-known"),
        pytest.param({"baseline": 100, "target": 200}, _history(0.0), [], id="no-gain-yet"),
        pytest.param(
            {"baseline": 100, "target": 200},
            _history(0.2, unit=PLATFORM),
            [],
            id="another-units-history",
        ),
        pytest.param({"baseline": 0, "target": 50}, _history(0.2), [], id="zero-baseline"),
        pytest.param(
            {"kind": "completion", "baseline": 10, "target": 100},
            _history(0.2),
            [],
            id="completion-is-not-compared",
        ),
    ],
)
def test_targets_far_beyond_history(
    fields: dict[str, Any], history: tuple[PastQuarter, ...], expected: list[tuple[int, str]]
) -> None:
    snap = snapshot(ONE, (kr(11, 1, **fields),), history=history)
    assert hits(snap, "big.beyond-history") == expected


def _past(completed: int, unit: int = SQUAD, period_id: int = 0) -> PastQuarter:
    return PastQuarter(unit, period_id, 3, completed, 0.5)


@pytest.mark.parametrize(
    ("count", "history", "period", "expected"),
    [
        pytest.param(3, (_past(1),), Q1, [(SQUAD, "warning")], id="three-after-finishing-one"),
        pytest.param(2, (_past(1),), Q1, [], id="one-more-is-a-fair-stretch"),
        pytest.param(3, (), Q1, [], id="no-history"),
        pytest.param(4, (_past(0),), Q1, [], id="over-the-limit-is-reported-by-big"),
        pytest.param(3, (_past(1),), YEAR, [], id="annual-period"),
        pytest.param(3, (_past(3), _past(0, period_id=-1)), Q1, [], id="most-recent-counts"),
        pytest.param(3, (_past(0, unit=PLATFORM),), Q1, [], id="another-units-history"),
    ],
)
def test_more_objectives_than_finished_last_quarter(
    count: int, history: tuple[PastQuarter, ...], period: Period, expected: list[tuple[int, str]]
) -> None:
    snap = dataclasses.replace(snapshot(_objectives(count), history=history), period=period)
    assert hits(snap, "over_commitment.more-than-finished") == expected


def test_a_unit_over_the_limit_gets_one_finding_not_two() -> None:
    snap = snapshot(_objectives(4), history=(_past(0),))
    found = [f.code for f in diagnose(snap, today=TODAY, texts=FAKE_TEXTS) if f.subject == "unit"]
    assert found == ["big.too-many-objectives"]


# --- disconnected ----------------------------------------------------------------------------

NO_LINK: dict[str, Any] = {"parent_objective_ids": ()}


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(snapshot((objective(1, **NO_LINK),)), [(1, "info")], id="unlinked"),
        pytest.param(snapshot(ONE), [], id="linked-to-an-objective"),
        pytest.param(
            snapshot((objective(1, parent_objective_ids=(), parent_key_result_ids=(901,)),)),
            [],
            id="linked-to-a-key-result",
        ),
        pytest.param(
            snapshot((objective(1, kind="support", **NO_LINK),)),
            [],
            id="support-goal-needs-no-link",
        ),
        pytest.param(
            snapshot((objective(1, unit_ids=(ACME,), **NO_LINK),)), [], id="company-objective"
        ),
        pytest.param(
            snapshot((objective(1, **NO_LINK),), linked_objectives=()),
            [],
            id="no-strategy-to-link-to",
        ),
        pytest.param(
            snapshot(
                (objective(1, unit_ids=(ACME,), **NO_LINK), objective(2, **NO_LINK)),
                linked_objectives=(),
            ),
            [(2, "info")],
            id="company-objective-in-the-period-is-strategy",
        ),
        pytest.param(
            snapshot((objective(1, unit_ids=(PAYROLL,), **NO_LINK),), extra_units=(PAYROLL_UNIT,)),
            [],
            id="supporting-unit-is-reported-as-opted-out",
        ),
        pytest.param(
            snapshot(
                (objective(1, unit_ids=(PAYROLL, SQUAD), **NO_LINK),), extra_units=(PAYROLL_UNIT,)
            ),
            [(1, "info")],
            id="shared-with-a-strategic-team",
        ),
        pytest.param(snapshot((objective(1, status="dropped", **NO_LINK),)), [], id="dropped"),
    ],
)
def test_no_link_up(snap: Snapshot, expected: list[tuple[int, str]]) -> None:
    assert hits(snap, "disconnected.no-link") == expected


def test_a_support_goal_without_a_link_is_not_disconnected() -> None:
    snap = snapshot(
        (
            objective(
                1, "Teams get paid right first time", kind="support", unit_ids=(PAYROLL,), **NO_LINK
            ),
        ),
        extra_units=(PAYROLL_UNIT,),
    )
    assert [
        f for f in diagnose(snap, today=TODAY, texts=FAKE_TEXTS) if f.family == "disconnected"
    ] == []


@pytest.mark.parametrize(
    ("objectives", "expected"),
    [
        pytest.param(
            (objective(1, unit_ids=(PAYROLL,), **NO_LINK),),
            [(PAYROLL, "warning")],
            id="own-objective-bypasses-strategy",
        ),
        pytest.param(
            (objective(1, unit_ids=(PAYROLL,), kind="support", **NO_LINK),), [], id="support-goal"
        ),
        pytest.param((objective(1, unit_ids=(PAYROLL,)),), [], id="linked-objective"),
        pytest.param(
            (objective(1, unit_ids=(SQUAD,)),),
            [(PAYROLL, "info")],
            id="no-objectives-while-others-run-okrs",
        ),
        pytest.param((), [], id="nobody-has-objectives-yet"),
        pytest.param(
            (objective(1, unit_ids=(PAYROLL, SQUAD), **NO_LINK),),
            [],
            id="shared-objective-is-reported-by-no-link",
        ),
        pytest.param(
            (objective(1, unit_ids=(PAYROLL,), status="dropped"), objective(2, unit_ids=(SQUAD,))),
            [(PAYROLL, "info")],
            id="dropped-objectives-do-not-count",
        ),
    ],
)
def test_supporting_unit_that_opted_out(
    objectives: tuple[Objective, ...], expected: list[tuple[int, str]]
) -> None:
    snap = snapshot(objectives, extra_units=(PAYROLL_UNIT,))
    assert hits(snap, "disconnected.opted-out") == expected


def test_a_strategic_unit_with_no_objectives_is_not_opted_out() -> None:
    assert hits(snapshot(), "disconnected.opted-out") == []


DROPPED_GOAL = dataclasses.replace(STRATEGY, id=910, status="dropped")
ACHIEVED_GOAL = dataclasses.replace(STRATEGY, id=911, status="achieved")
DROPPED_KR = dataclasses.replace(STRATEGY_KR, id=912, status="dropped")
KR_OF_DROPPED_GOAL = dataclasses.replace(STRATEGY_KR, id=913, objective_id=910)


@pytest.mark.parametrize(
    ("child", "expected"),
    [
        pytest.param(
            objective(1, parent_objective_ids=(910,)), [(1, "warning")], id="dropped-parent"
        ),
        pytest.param(
            objective(1, parent_objective_ids=(911,)), [(1, "warning")], id="achieved-parent"
        ),
        pytest.param(objective(1, parent_objective_ids=(900,)), [], id="active-parent"),
        pytest.param(
            objective(1, parent_objective_ids=(), parent_key_result_ids=(912,)),
            [(1, "warning")],
            id="dropped-parent-kr",
        ),
        pytest.param(
            objective(1, parent_objective_ids=(), parent_key_result_ids=(913,)),
            [(1, "warning")],
            id="parent-kr-of-a-dropped-goal",
        ),
        pytest.param(
            objective(1, parent_objective_ids=(), parent_key_result_ids=(901,)),
            [],
            id="active-parent-kr",
        ),
        pytest.param(
            objective(1, parent_objective_ids=(910, 911)),
            [(1, "warning"), (1, "warning")],
            id="one-finding-per-closed-parent",
        ),
        pytest.param(objective(1, parent_objective_ids=(999,)), [], id="unknown-parent"),
        pytest.param(
            objective(1, parent_objective_ids=(910,), status="achieved"), [], id="closed-child"
        ),
        pytest.param(
            objective(1, parent_objective_ids=(2,)), [(1, "warning")], id="parent-in-the-period"
        ),
    ],
)
def test_link_to_a_closed_parent(child: Objective, expected: list[tuple[int, str]]) -> None:
    parent_in_period = objective(2, status="dropped")
    snap = snapshot(
        (child, parent_in_period),
        linked_objectives=(STRATEGY, DROPPED_GOAL, ACHIEVED_GOAL),
        linked_key_results=(STRATEGY_KR, DROPPED_KR, KR_OF_DROPPED_GOAL),
    )
    assert hits(snap, "disconnected.closed-parent") == expected


ONBOARDING = "Make onboarding delightful for new customers"
ONBOARDING_AGAIN = "Delight new customers during onboarding"


@pytest.mark.parametrize(
    ("objectives", "expected"),
    [
        pytest.param(
            (objective(1, ONBOARDING), objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,))),
            [(1, "warning")],
            id="two-departments-one-goal",
        ),
        pytest.param(
            (objective(2, ONBOARDING), objective(1, ONBOARDING_AGAIN, unit_ids=(PLATFORM,))),
            [(1, "warning")],
            id="reported-on-the-lower-id",
        ),
        pytest.param(
            (objective(1, ONBOARDING), objective(2, ONBOARDING_AGAIN, unit_ids=(GROWTH,))),
            [],
            id="same-department",
        ),
        pytest.param(
            (
                objective(1, ONBOARDING),
                objective(2, "Cut cloud spend per customer", unit_ids=(PLATFORM,)),
            ),
            [],
            id="different-goals",
        ),
        pytest.param(
            (objective(1, ONBOARDING, unit_ids=(SQUAD, PLATFORM)),),
            [],
            id="already-one-shared-objective",
        ),
        pytest.param(
            (
                objective(1, ONBOARDING, unit_ids=(SQUAD, PLATFORM)),
                objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,)),
            ),
            [],
            id="overlapping-departments",
        ),
        pytest.param(
            (
                objective(1, ONBOARDING),
                objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,), parent_objective_ids=(1,)),
            ),
            [],
            id="cascaded-from-the-other",
        ),
        pytest.param(
            (objective(1, ONBOARDING), objective(2, ONBOARDING_AGAIN, unit_ids=(GUILD,))),
            [],
            id="virtual-team-outside-departments",
        ),
        pytest.param(
            (
                objective(1, ONBOARDING, unit_ids=(ACME,)),
                objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,)),
            ),
            [],
            id="company-objective",
        ),
        pytest.param(
            (
                objective(1, ONBOARDING),
                objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,), status="dropped"),
            ),
            [],
            id="dropped",
        ),
    ],
)
def test_fragmentation_across_departments(
    objectives: tuple[Objective, ...], expected: list[tuple[int, str]]
) -> None:
    assert hits(snapshot(objectives), "disconnected.fragmented") == expected


def test_fragmentation_names_the_other_objective_and_goes_to_leadership() -> None:
    snap = snapshot(
        (objective(1, ONBOARDING), objective(2, ONBOARDING_AGAIN, unit_ids=(PLATFORM,)))
    )
    finding = only(snap, "disconnected.fragmented")
    assert ONBOARDING_AGAIN in finding.what and "#2" in finding.what
    assert "shared objective" in finding.fix
    assert finding.level == "product_leadership"


# --- set-and-forget --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "last_check_in", "fields", "expected"),
    [
        pytest.param(TODAY, date(2026, 1, 20), {}, [(11, "warning")], id="a-month-ago"),
        pytest.param(TODAY, date(2026, 2, 10), {}, [], id="ten-days-ago"),
        pytest.param(TODAY, date(2026, 1, 30), {}, [(11, "warning")], id="three-weeks-ago"),
        pytest.param(TODAY, date(2026, 1, 31), {}, [], id="two-weeks-and-six-days-ago"),
        pytest.param(TODAY, None, {}, [(11, "warning")], id="never"),
        pytest.param(date(2026, 1, 15), None, {}, [], id="period-too-young"),
        pytest.param(date(2026, 1, 23), None, {}, [(11, "warning")], id="three-weeks-in"),
        pytest.param(TODAY, None, {"status": "achieved"}, [], id="kr-achieved"),
        pytest.param(date(2026, 6, 1), date(2026, 3, 25), {}, [], id="period-over"),
        pytest.param(
            date(2026, 6, 1), date(2026, 2, 1), {}, [(11, "warning")], id="forgotten-until-the-end"
        ),
    ],
)
def test_set_and_forget(
    today: date, last_check_in: date | None, fields: dict[str, Any], expected: list[Any]
) -> None:
    snap = snapshot(ONE, (kr(11, 1, last_check_in=last_check_in, **fields),))
    assert hits(snap, "set_and_forget.no-check-in", today=today) == expected


def test_set_and_forget_follows_the_cadence() -> None:
    snap = snapshot(ONE, (kr(11, 1, last_check_in=date(2026, 1, 20)),), cadence_days=14)
    assert hits(snap, "set_and_forget.no-check-in") == []


def test_set_and_forget_skips_closed_objectives() -> None:
    snap = snapshot((objective(1, status="achieved"),), (kr(11, 1, last_check_in=None),))
    assert hits(snap, "set_and_forget.no-check-in") == []


# --- sandbagging and individuals -------------------------------------------------------------


def _closed(quarter: int, score: float | None, stretch: str = "aspirational", **fields: Any):  # type: ignore[no-untyped-def]
    """A closed objective of the quarter `quarter` quarters before 2026 Q1 (1 = 2025 Q4)."""
    start = date(2026 - (quarter + 3) // 4, (-quarter % 4) * 3 + 1, 1)
    values: dict[str, Any] = {"state": "achieved", "miss_cause": "", "carried_key_results": 0}
    values.update(fields)
    return ClosedObjective(f"Q-{quarter}", start, stretch, score=score, **values)


def _learning(*quarters: tuple[float, ...], unit: int = SQUAD) -> tuple[UnitLearning, ...]:
    """A unit's learning loop: the aspirational scores of its last quarters, newest first."""
    closed = tuple(
        _closed(back, score) for back, scores in enumerate(quarters, start=1) for score in scores
    )
    return (UnitLearning(unit, closed),)


@pytest.mark.parametrize(
    ("learning", "expected"),
    [
        pytest.param(_learning((1.0, 1.2), (1.0,)), [(SQUAD, "warning")], id="two-full-quarters"),
        pytest.param(
            _learning((1.0, 1.0), (1.0,), (0.3,)),
            [(SQUAD, "warning")],
            id="only-the-last-two-count",
        ),
        pytest.param(_learning((1.0,)), [], id="one-quarter-is-not-a-pattern"),
        pytest.param(_learning((0.9, 1.0), (1.0,)), [], id="recent-quarter-below"),
        pytest.param(_learning((1.0,), (0.6, 0.8)), [], id="older-quarter-below"),
        pytest.param(
            _learning((1.0,), (1.0,), unit=PLATFORM), [(PLATFORM, "warning")], id="any-unit"
        ),
        pytest.param((), [], id="no-learning-loop"),
    ],
)
def test_sandbagging(learning: tuple[UnitLearning, ...], expected: list[tuple[int, str]]) -> None:
    assert hits(snapshot(learning=learning), "sandbagging.always-full") == expected


def test_sandbagging_reads_only_aspirational_scores_of_closed_quarters_before_this_one() -> None:
    committed = (UnitLearning(SQUAD, (_closed(1, 1.0, "committed"), _closed(2, 1.0, "committed"))),)
    assert hits(snapshot(learning=committed), "sandbagging.always-full") == []
    dropped = (UnitLearning(SQUAD, (_closed(1, 1.0), _closed(2, 1.0, state="dropped"))),)
    assert hits(snapshot(learning=dropped), "sandbagging.always-full") == []
    this_quarter = ClosedObjective("2026 Q1", Q1.start, "aspirational", "achieved", 1.0, "", 0)
    early = (UnitLearning(SQUAD, (_closed(1, 1.0), this_quarter)),)
    assert hits(snapshot(learning=early), "sandbagging.always-full") == []


def test_a_sandbagging_finding_names_the_quarters_and_their_averages() -> None:
    finding = only(snapshot(learning=_learning((1.0, 1.2), (1.0,))), "sandbagging.always-full")
    assert "quarter after quarter (1.0 in Q-2 and 1.1 in Q-1)" in finding.what


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"unit_ids": ()}, [(1, "error")], id="person-in-the-cascade"),
        pytest.param(
            {"unit_ids": (), "parent_objective_ids": (), "parent_key_result_ids": (901,)},
            [(1, "error")],
            id="linked-to-a-key-result",
        ),
        pytest.param({"unit_ids": (), "parent_objective_ids": ()}, [], id="no-link"),
        pytest.param({}, [], id="team-objective"),
        pytest.param({"unit_ids": (), "status": "dropped"}, [], id="dropped"),
    ],
)
def test_individuals_in_the_cascade(fields: dict[str, Any], expected: list[Any]) -> None:
    assert hits(snapshot((objective(1, **fields),)), "individuals.in-cascade") == expected


# --- similarity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("customers", "custom"),
        ("customer", "custom"),
        ("onboarding", "onboard"),
        ("processes", "process"),
        ("process", "process"),
        ("features", "feature"),
        ("activities", "activity"),
        ("delightful", "delight"),
        ("users", "user"),
        ("bus", "bus"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_similarity_is_symmetric_and_bounded() -> None:
    assert similarity(ONBOARDING, ONBOARDING_AGAIN) == similarity(ONBOARDING_AGAIN, ONBOARDING)
    assert similarity(ONBOARDING, ONBOARDING) == 1.0
    assert similarity("the of and", ONBOARDING) == 0.0


# --- the documentation -----------------------------------------------------------------------


def test_every_registered_check_is_documented() -> None:
    rows = read_table(DOC, "The checks at a glance")
    assert [row["Code"] for row in rows] == list(codes())
    for row, check in zip(rows, CHECKS, strict=True):
        assert row["Family"] == check.family
        assert {s.strip() for s in row["Severity"].split(",")} <= set(SEVERITY_ORDER)
    text = (DOCS_RULES / DOC).read_text(encoding="utf-8")
    for code in codes():
        assert f"### `{code}`" in text, f"{code} has no section in docs/rules/{DOC}"


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: same goal"), ids=str)
def test_same_goal_examples_in_the_docs(row: dict[str, str]) -> None:
    first, second = row["First objective"], row["Second objective"]
    assert round(similarity(first, second), 2) == float(row["Similarity"])
    assert same_goal(first, second) == (row["Same goal"] == "yes")


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: set-and-forget"), ids=str)
def test_set_and_forget_examples_in_the_docs(row: dict[str, str]) -> None:
    last = None if row["Last check-in"] == "—" else date.fromisoformat(row["Last check-in"])
    snap = snapshot(ONE, (kr(11, 1, last_check_in=last),), cadence_days=int(row["Cadence (days)"]))
    today = date.fromisoformat(row["Today"])
    until = min(today, Q1.end)
    assert missed_cadences(last, Q1.start, until, snap.cadence_days) == int(row["Missed"])
    found = hits(snap, "set_and_forget.no-check-in", today=today)
    assert bool(found) == (row["Flagged"] == "yes")


def _meetings_cell(cell: str, unit: int = SQUAD) -> tuple[PastMeeting, ...]:
    """ "02-03 held, 02-10 rescheduled" → the unit's meetings (month-day means 2026)."""
    statuses = {"rescheduled": "delayed"}
    meetings = []
    for part in cell.split(","):
        day, status = part.split()
        full = f"2026-{day}" if len(day) == 5 else day
        meetings.append(PastMeeting(unit, date.fromisoformat(full), statuses.get(status, status)))
    return tuple(meetings)


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: meetings slipping"), ids=str)
def test_meetings_slipping_examples_in_the_docs(row: dict[str, str]) -> None:
    snap = snapshot(meetings=_meetings_cell(row["Meetings"]))
    found = [
        f for f in diagnose(snap, today=TODAY, texts=FAKE_TEXTS) if f.code.endswith("slipping")
    ]
    assert bool(found) == (row["Flagged"] == "yes")
    if found:
        assert found[0].what == f"Squad's {row['Says']}."


def _day(cell: str) -> date | None:
    return None if cell == "—" else date.fromisoformat(cell)


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: backlog review"), ids=str)
def test_backlog_review_examples_in_the_docs(row: dict[str, str]) -> None:
    parked, kept = _day(row["Parked"]), _day(row["Kept parked"])
    assert parked is not None
    item = max(parked, kept) if kept else parked  # as the snapshot reads an open item
    backlog = Backlog(SQUAD, _day(row["Backlog reviewed"]), (item,))
    found = hits(snapshot(backlogs=(backlog,)), "set_and_forget.backlog-not-reviewed")
    assert bool(found) == (row["Flagged"] == "yes")


STRETCHES = {"a": "aspirational", "c": "committed", "d": "aspirational"}


def _quarter_cell(cell: str, back: int) -> list[ClosedObjective]:
    if cell == "—":
        return []
    closed = []
    for part in cell.split(","):
        stretch, score = part.split()
        state = "dropped" if stretch == "d" else "achieved"
        closed.append(_closed(back, float(score), STRETCHES[stretch], state=state))
    return closed


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: sandbagging"), ids=str)
def test_sandbagging_examples_in_the_docs(row: dict[str, str]) -> None:
    closed = _quarter_cell(row["Two quarters ago"], 2) + _quarter_cell(row["Last quarter"], 1)
    loop = learn(closed)
    averages = {p.period: p.aspirational_average for p in loop.periods}
    shown = [averages.get(name) for name in ("Q-2", "Q-1")]
    expected = [optional_float(cell.strip()) for cell in row["Averages"].split(",")]
    assert shown == expected
    found = hits(
        snapshot(learning=(UnitLearning(SQUAD, tuple(closed)),)), "sandbagging.always-full"
    )
    assert bool(found) == (row["Flagged"] == "yes")


def test_an_empty_backlog_or_a_closed_period_gets_no_backlog_finding() -> None:
    old = Backlog(SQUAD, None, (date(2025, 6, 1),))
    assert (
        hits(snapshot(backlogs=(Backlog(SQUAD, None, ()),)), "set_and_forget.backlog-not-reviewed")
        == []
    )
    assert hits(snapshot(backlogs=(old,)), "set_and_forget.backlog-not-reviewed") == [
        (SQUAD, "warning")
    ]
    after = date(2026, 4, 20)
    assert hits(snapshot(backlogs=(old,)), "set_and_forget.backlog-not-reviewed", after) == []


def test_a_backlog_finding_counts_the_forgotten_ideas_and_says_when_it_was_reviewed() -> None:
    backlog = Backlog(SQUAD, date(2025, 10, 2), (date(2025, 9, 1), date(2025, 9, 5), TODAY))
    finding = only(snapshot(backlogs=(backlog,)), "set_and_forget.backlog-not-reviewed")
    assert finding.what == (
        "Squad's backlog has 2 ideas nobody has looked at for more than a quarter "
        "(the backlog was last reviewed on 2 October 2025)."
    )
    assert "mark the backlog reviewed" in finding.fix
    assert finding.level == "team" and finding.unit_ids == (SQUAD,)


def test_slipping_meetings_are_a_units_finding_only_while_the_period_runs() -> None:
    slipped = _meetings_cell("02-10 cancelled, 02-17 cancelled")
    finding = only(snapshot(meetings=slipped), "set_and_forget.meetings-slipping")
    assert finding.subject == "unit" and finding.subject_id == SQUAD
    assert "Clarify the purpose" in finding.fix and "simplify" in finding.fix
    later = date(2026, 4, 20)
    assert hits(snapshot(meetings=slipped), "set_and_forget.meetings-slipping", later) == []
    other = _meetings_cell("02-10 held, 02-17 held", unit=PLATFORM)
    assert hits(snapshot(meetings=slipped + other), "set_and_forget.meetings-slipping") == [
        (SQUAD, "warning")
    ]


@pytest.mark.parametrize("row", read_table(DOC, "Worked examples: title and fields"), ids=str)
def test_title_and_fields_examples_in_the_docs(row: dict[str, str]) -> None:
    snap = _one_kr(
        title=row["Title"],
        baseline=optional_float(row["Baseline"]),
        target=optional_float(row["Target"]),
    )
    found = hits(snap, "baseline.title-contradicts-fields")
    assert bool(found) == (row["Flagged"] == "yes")


# --- the real classifier ---------------------------------------------------------------------

GOOD_KRS = (kr(11, 1, "Checkout conversion from 4% to 6%"),)


@pytest.mark.parametrize(
    ("snap", "code"),
    [
        (snapshot(ONE, (kr(11, 1, "Ship the new billing page"),)), "activity.output-kr"),
        (snapshot(ONE, (kr(11, 1, "Write 12 blog posts"),)), "activity.output-kr"),
        (snapshot((objective(1, "Maintain 99.9% uptime"),), GOOD_KRS), "ktlo.objective"),
        (
            snapshot((objective(1, "Migrate billing to Postgres"),), GOOD_KRS),
            "activity.task-objective",
        ),
        (snapshot(ONE, (kr(11, 1, "Add 40 paying customers in the Nordics"),)), None),
        (snapshot(ONE, (kr(11, 1, "200 weekly active teams"),)), None),
        (snapshot(ONE, (kr(11, 1, "Grow podcast listeners by 25%"),)), None),
    ],
)
def test_it_reads_texts_with_the_coach_text_classifier(snap: Snapshot, code: str | None) -> None:
    assert [f.code for f in diagnose(snap, today=TODAY)] == ([code] if code else [])


def test_a_goal_many_objectives_pursue_pairs_each_one_with_its_closest_twin_only() -> None:
    """Three Product and three Engineering objectives on one goal make nine cross-department
    pairs; the coach pairs each objective with its closest twin (ties: the lowest id), so five
    findings, each objective in one, and says how many more pursue the goal."""
    snap = snapshot(
        tuple(objective(i, ONBOARDING, unit_ids=(SQUAD,)) for i in (1, 2, 3))
        + tuple(objective(i, ONBOARDING_AGAIN, unit_ids=(PLATFORM,)) for i in (4, 5, 6))
    )
    found = [
        f
        for f in diagnose(snap, today=TODAY, texts=FAKE_TEXTS)
        if f.code == "disconnected.fragmented"
    ]
    assert {(f.subject_id, f.other_objective_id) for f in found} == {
        (1, 4),
        (2, 4),
        (3, 4),
        (1, 5),
        (1, 6),
    }
    first = next(f for f in found if (f.subject_id, f.other_objective_id) == (1, 4))
    assert "2 more objectives in other departments pursue it too" in first.what


def test_a_second_diagnosis_of_unchanged_titles_reads_none_of_them_again() -> None:
    """The default readers keep their readings: the scheduled rebuild of an organisation whose
    titles did not change reads no text twice."""
    readers = TextReaders()
    snap = good_set()
    diagnose(snap, today=TODAY)
    misses = readers.key_result.cache_info().misses, readers.objective.cache_info().misses
    hits = readers.key_result.cache_info().hits
    diagnose(snap, today=TODAY)
    assert (readers.key_result.cache_info().misses, readers.objective.cache_info().misses) == misses
    assert readers.key_result.cache_info().hits > hits
