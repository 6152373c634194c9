"""Fragmentation, org-chart mirroring and marginalisation (domain)."""

from __future__ import annotations

import pytest

from waypoint.domain.alignment_reports import (
    ObjectiveFacts,
    UnitFacts,
    departments_of,
    fragmentation,
    marginalisation,
    mirroring,
)
from waypoint.domain.coach_text import read_objective

UNITS = {
    u.id: u
    for u in [
        UnitFacts(1, "Acme", "company", None),
        UnitFacts(2, "Sales", "department", 1),
        UnitFacts(3, "Marketing", "department", 1),
        UnitFacts(4, "Finance", "department", 1, is_supporting=True),
        UnitFacts(5, "Field sales", "team", 2),
        UnitFacts(6, "Brand", "team", 3),
        UnitFacts(7, "Launch squad", "virtual", 1, member_unit_ids=(5, 6)),
        UnitFacts(8, "Legal", "team", 1),
    ]
}


def o(id: int, title: str, *units: int, period: int = 1, **kw) -> ObjectiveFacts:  # noqa: ANN003
    return ObjectiveFacts(id, title, period, tuple(units), **kw)


@pytest.mark.parametrize(
    "unit, departments",
    [(1, set()), (2, {2}), (5, {2}), (6, {3}), (7, {2, 3}), (8, {8}), (99, set())],
)
def test_departments_of(unit, departments) -> None:  # noqa: ANN001
    assert departments_of(unit, UNITS) == departments


def test_fragmentation_finds_two_departments_chasing_one_goal_ranked_by_similarity() -> None:
    objectives = [
        o(1, "Win back lapsed enterprise customers", 5),
        o(2, "Win back lapsed enterprise customers this year", 6),
        o(3, "Enterprise customers come back: win back lapsed accounts", 6),
        o(4, "Win back lapsed enterprise customers", 5),  # same department as 1: no pair
        o(5, "Ship the new pricing page", 6),
    ]
    pairs = fragmentation(objectives, UNITS)
    assert [(p.first.id, p.second.id) for p in pairs] == [(1, 2), (2, 4), (1, 3), (3, 4)]
    assert pairs[0].similarity == 1.0
    assert pairs[-1].similarity < 1.0
    assert all(a.similarity >= b.similarity for a, b in zip(pairs, pairs[1:], strict=False))


def test_fragmentation_leaves_out_linked_pairs_and_one_shared_word() -> None:
    objectives = [
        o(1, "Win back lapsed enterprise customers", 5),
        o(2, "Win back lapsed enterprise customers", 6, parent_ids=(1,)),
        o(3, "Happy customers", 6),
        o(4, "Loyal customers", 5),
    ]
    assert fragmentation(objectives, UNITS) == []


def test_fragmentation_ignores_objectives_of_the_company_alone() -> None:
    objectives = [
        o(1, "Win back lapsed enterprise customers", 1),
        o(2, "Win back lapsed enterprise customers", 6),
    ]
    assert fragmentation(objectives, UNITS) == []


def test_mirroring_counts_shared_and_virtual_team_objectives_as_cross_functional() -> None:
    objectives = [
        o(1, "a", 5),
        o(2, "b", 5, 6),
        o(3, "c", 7),
        o(4, "d", 6),
        o(5, "e", 6, period=2),
        o(6, "f", 5, period=3),  # a period not asked for
    ]
    shares = mirroring([1, 2], objectives, UNITS)
    assert [(s.period_id, s.single, s.cross_functional) for s in shares] == [(1, 2, 2), (2, 1, 0)]
    assert shares[0].cross_functional_share == 0.5
    assert mirroring([9], [], UNITS)[0].cross_functional_share == 0.0


def ktlo(title: str) -> bool:
    return read_objective(title).label == "ktlo"


def test_marginalisation_names_each_unit_with_its_reason() -> None:
    objectives = [
        o(1, "Win the mid-market", 2),
        o(2, "Maintain the billing system", 4),  # a supporting unit without a support goal
        o(3, "Keep the lights on in the brand studio", 6),
        o(4, "Make launches land with customers", 7),
        o(5, "Maintain contract templates", 8, kind="support"),  # support goals are not KTLO
    ]
    found = marginalisation(list(UNITS.values()), objectives, is_ktlo=ktlo)
    assert [(m.unit.name, m.reason) for m in found] == [
        ("Marketing", "no_objectives"),
        ("Finance", "no_support_goal"),
        ("Field sales", "no_objectives"),
        ("Brand", "only_ktlo"),
    ]
    assert "support goal" in found[1].text


def test_a_shared_objective_counts_for_every_owner() -> None:
    units = [UNITS[5], UNITS[6]]
    found = marginalisation(units, [o(1, "Make launches land with customers", 5, 6)], is_ktlo=ktlo)
    assert found == []
