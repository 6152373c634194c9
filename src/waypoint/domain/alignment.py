"""Contribution links between objectives must form a hierarchy, never a loop.

An objective contributes to parent objectives directly, or to a parent key result (and so to
that key result's objective). "A contributes to B contributes to A" would make both the
reason for each other: OKR-PRINCIPLES §2 asks that work connect to strategy above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def cycle_through(
    child: int, parents: Iterable[int], links: Mapping[int, Iterable[int]]
) -> list[int] | None:
    """The loop that linking objective `child` to `parents` would close, or None.

    `links` maps an objective to the objectives it already contributes to (through an
    objective or a key result link). The result runs from `child` up to `child` again, e.g.
    ``[7, 3, 7]``, so a message can name every step."""
    for parent in parents:
        path = _path_up(parent, child, links)
        if path is not None:
            return [child, *path]
    return None


def _path_up(start: int, goal: int, links: Mapping[int, Iterable[int]]) -> list[int] | None:
    """A path of contribution links from `start` up to `goal` (depth first, each node once)."""
    stack: list[tuple[int, list[int]]] = [(start, [start])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        if node in seen:
            continue
        seen.add(node)
        for parent in links.get(node, ()):
            stack.append((parent, [*path, parent]))
    return None
