"""Loops in contribution links (domain)."""

from __future__ import annotations

import pytest

from waypoint.domain.alignment import cycle_through


@pytest.mark.parametrize(
    "child, parents, links, loop",
    [
        (1, [2], {}, None),
        (1, [1], {}, [1, 1]),
        (1, [2], {2: [1]}, [1, 2, 1]),
        (1, [2], {2: [3], 3: [1]}, [1, 2, 3, 1]),
        (1, [2, 4], {2: [3], 4: [5], 5: [1]}, [1, 4, 5, 1]),
        (1, [2], {2: [3], 3: [2]}, None),  # a loop elsewhere is not this link's loop
        (1, [2], {2: [3, 4], 3: [5], 4: [5]}, None),  # a diamond is no loop
    ],
)
def test_cycle_through(child, parents, links, loop) -> None:  # noqa: ANN001
    assert cycle_through(child, parents, links) == loop
