"""Which objectives the alignment map and tree show (domain)."""

from __future__ import annotations

import pytest

from waypoint.domain.alignment_map import ancestors, descendants, primary_parent, select

# 1 company; 2, 3 departments under it; 4, 5 under 2; 6 under 3 and 4 (two parents); 7 alone.
PARENTS = {1: [], 2: [1], 3: [1], 4: [2], 5: [2], 6: [4, 3], 7: []}
ALL = list(PARENTS)


def test_ancestors_and_descendants_follow_every_parent() -> None:
    assert ancestors([6], PARENTS) == {4, 3, 2, 1}
    assert descendants([2], PARENTS) == {4, 5, 6}
    assert descendants([7], PARENTS) == set()


@pytest.mark.parametrize(
    "kwargs, ids, total, truncated",
    [
        ({}, (1, 2, 3, 4, 5, 6, 7), 7, False),  # the tree first, 7 (linked to nothing) last
        ({"focus": 4}, (4, 6, 2, 1), 4, False),  # 3 is a parent of 6, not of 4
        ({"focus": 2, "limit": 3}, (2, 4, 5), 5, True),
        ({"seeds": [5]}, (5, 2, 1), 3, False),
        ({"seeds": []}, (), 0, False),
        ({"limit": 2}, (1, 2), 7, True),
        ({"limit": None}, (1, 2, 3, 4, 5, 6, 7), 7, False),
        ({"focus": 999}, (1, 2, 3, 4, 5, 6, 7), 7, False),  # unknown focus: everything
    ],
)
def test_select(kwargs, ids, total, truncated) -> None:  # noqa: ANN001
    selection = select(ALL, PARENTS, **kwargs)
    assert selection.ids == ids
    assert (selection.total, selection.truncated) == (total, truncated)


def test_a_cut_view_counts_what_each_shown_objective_has_directly_below_it() -> None:
    assert select(ALL, PARENTS, limit=3).hidden == {2: 2, 3: 1}  # 4, 5 under 2; 6 under 3
    assert select(ALL, PARENTS, focus=2, limit=2).hidden == {2: 1, 4: 1}  # 2, 4 shown
    assert select(ALL, PARENTS).hidden == {}


def test_select_ignores_links_into_other_periods_and_self_links() -> None:
    selection = select([1, 2], {1: [1, 99], 2: [1]}, focus=2)
    assert selection.ids == (2, 1)


def test_a_loop_in_old_data_does_not_hang_the_walk() -> None:
    assert set(select([1, 2], {1: [2], 2: [1]}).ids) == {1, 2}


def test_primary_parent_is_the_oldest_shown_parent() -> None:
    assert primary_parent(6, PARENTS, {3, 6}) == 3
    assert primary_parent(6, PARENTS, {4, 3}) == 3
    assert primary_parent(6, PARENTS, {4}) == 4
    assert primary_parent(6, PARENTS, {6}) is None
