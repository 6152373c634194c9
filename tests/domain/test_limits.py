from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.doc_tables import read_table
from waypoint.domain.limits import LimitPolicy, LimitVerdict, check_key_results, check_objectives

LEVEL_RANK = {"ok": 0, "warn": 1, "refuse": 2}

names = st.text(min_size=1, max_size=40)
counts = st.integers(min_value=0, max_value=50)


@st.composite
def policies(draw: st.DrawFn) -> LimitPolicy:
    refuse_above = draw(st.integers(min_value=1, max_value=20))
    return LimitPolicy(draw(st.integers(min_value=0, max_value=refuse_above)), refuse_above)


# --- Worked examples from docs/rules/scoring.md ------------------------------------------------


@pytest.mark.parametrize(
    "row",
    read_table("scoring.md", "Worked examples: objective limits"),
    ids=lambda r: r["Existing"],
)
def test_it_matches_the_documented_objective_limits(row: dict[str, str]) -> None:
    verdict = check_objectives("Checkout", "2026 Q4", int(row["Existing"]))
    assert verdict == LimitVerdict(row["Verdict"], row["Message"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "row",
    read_table("scoring.md", "Worked examples: key-result limits"),
    ids=lambda r: r["Existing"],
)
def test_it_matches_the_documented_key_result_limits(row: dict[str, str]) -> None:
    verdict = check_key_results("Make checkout effortless", int(row["Existing"]))
    assert verdict == LimitVerdict(row["Verdict"], row["Message"])  # type: ignore[arg-type]


# --- Objectives -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "level"),
    [(0, "ok"), (1, "ok"), (2, "ok"), (3, "warn"), (4, "warn"), (5, "refuse"), (9, "refuse")],
)
def test_it_applies_the_default_objective_policy(existing: int, level: str) -> None:
    assert check_objectives("Checkout", "2026 Q4", existing).level == level


def test_it_refuses_a_sixth_objective() -> None:
    verdict = check_objectives("Checkout", "2026 Q4", 5)
    assert verdict.level == "refuse"
    assert not verdict.allowed
    assert verdict.message == (
        "Checkout already has 5 objectives in 2026 Q4 — the limit is 5. "
        "Focus: finish or drop one first, or park the idea in the backlog."
    )


def test_it_warns_about_a_fourth_objective_but_allows_it() -> None:
    verdict = check_objectives("Checkout", "2026 Q4", 3)
    assert verdict.allowed
    assert verdict.message == (
        "This will be objective 4 of Checkout in 2026 Q4; 3 or fewer keeps the team focused."
    )


def test_it_speaks_of_one_objective_in_the_singular() -> None:
    verdict = check_objectives("Legal", "2027", 1, LimitPolicy(warn_above=1, refuse_above=1))
    assert verdict.message.startswith("Legal already has 1 objective in 2027 — the limit is 1.")


@pytest.mark.parametrize(
    ("policy", "existing", "level"),
    [
        (LimitPolicy(warn_above=2, refuse_above=4), 1, "ok"),
        (LimitPolicy(warn_above=2, refuse_above=4), 2, "warn"),
        (LimitPolicy(warn_above=2, refuse_above=4), 4, "refuse"),
        (LimitPolicy(warn_above=5, refuse_above=5), 4, "ok"),
        (LimitPolicy(warn_above=5, refuse_above=5), 5, "refuse"),
        (LimitPolicy(warn_above=0, refuse_above=3), 0, "warn"),
    ],
)
def test_it_follows_an_organisations_own_policy(
    policy: LimitPolicy, existing: int, level: str
) -> None:
    assert check_objectives("Checkout", "2026 Q4", existing, policy).level == level
    assert check_key_results("Make checkout effortless", existing, policy).level == level


# --- Key results ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "level"),
    [(0, "ok"), (2, "ok"), (3, "warn"), (4, "warn"), (5, "refuse"), (6, "refuse")],
)
def test_it_applies_the_default_key_result_policy(existing: int, level: str) -> None:
    assert check_key_results("Make checkout effortless", existing).level == level


def test_it_refuses_a_sixth_key_result() -> None:
    verdict = check_key_results("Make checkout effortless", 5)
    assert verdict.level == "refuse"
    assert "“Make checkout effortless” already has 5 key results" in verdict.message
    assert "the limit is 5" in verdict.message


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("warn_above", "refuse_above"),
    [(4, 3), (-1, 5), (0, 0)],
    ids=["warn above refuse", "negative", "nothing allowed"],
)
def test_it_rejects_an_incoherent_policy(warn_above: int, refuse_above: int) -> None:
    with pytest.raises(ValueError):
        LimitPolicy(warn_above, refuse_above)


def test_it_rejects_a_negative_count() -> None:
    with pytest.raises(ValueError):
        check_objectives("Checkout", "2026 Q4", -1)
    with pytest.raises(ValueError):
        check_key_results("Make checkout effortless", -1)


# --- Properties -------------------------------------------------------------------------------


@given(policies(), counts, counts)
def test_more_existing_items_never_loosen_the_verdict(policy: LimitPolicy, a: int, b: int) -> None:
    low, high = sorted((a, b))
    for check in (
        lambda n: check_objectives("Checkout", "2026 Q4", n, policy),
        lambda n: check_key_results("Make checkout effortless", n, policy),
    ):
        assert LEVEL_RANK[check(low).level] <= LEVEL_RANK[check(high).level]


@given(policies(), counts)
def test_the_verdict_matches_the_count_after_adding_one(policy: LimitPolicy, existing: int) -> None:
    level = check_objectives("Checkout", "2026 Q4", existing, policy).level
    after = existing + 1
    assert (level == "refuse") is (after > policy.refuse_above)
    assert (level == "ok") is (after <= policy.warn_above)


@given(names, names, counts, policies())
def test_objective_messages_name_the_unit_and_period(
    unit: str, period: str, existing: int, policy: LimitPolicy
) -> None:
    verdict = check_objectives(unit, period, existing, policy)
    assert unit in verdict.message
    assert period in verdict.message
    if verdict.level == "refuse":
        assert f"the limit is {policy.refuse_above}" in verdict.message
        assert "backlog" in verdict.message
    if verdict.level == "warn":
        assert f"{policy.warn_above} or fewer" in verdict.message


@given(names, counts, policies())
def test_key_result_messages_name_the_objective(
    title: str, existing: int, policy: LimitPolicy
) -> None:
    verdict = check_key_results(title, existing, policy)
    assert f"“{title}”" in verdict.message
    assert verdict.allowed is (verdict.level != "refuse")
