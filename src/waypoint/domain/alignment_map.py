"""Which objectives the alignment map and tree show: a focus, its ancestors and descendants.

OKR-PRINCIPLES §2: every objective should connect to the strategy above it, and the map makes
those connections visible. A whole organisation can hold thousands of objectives, more than
anyone can read at once, so a view starts from a *focus* (one objective: everything it
contributes to and everything that contributes to it) or from *seeds* (the objectives a unit
filter or a search matched, with the chain above them for context) and keeps the ``limit``
nearest to where it started, breadth first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class Selection:
    """The objectives to show, nearest first, and whether the limit cut some off."""

    ids: tuple[int, ...]
    total: int  # how many the filters matched before the limit
    truncated: bool
    # Shown objectives with matched objectives directly below them that the limit left out:
    # how many. The map draws them collapsed, to be opened on demand.
    hidden: Mapping[int, int] = field(default_factory=dict)


def children_of(parents: Mapping[int, Sequence[int]]) -> dict[int, list[int]]:
    """Invert ``child → parents`` into ``parent → children`` (children in id order)."""
    children: dict[int, list[int]] = {}
    for child in sorted(parents):
        for parent in parents[child]:
            children.setdefault(parent, []).append(child)
    return children


def _reach(starts: Iterable[int], step: Mapping[int, Sequence[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        for nxt in step.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def ancestors(ids: Iterable[int], parents: Mapping[int, Sequence[int]]) -> set[int]:
    """Every objective the given ones contribute to, directly or further up (not themselves)."""
    return _reach(ids, parents)


def descendants(ids: Iterable[int], parents: Mapping[int, Sequence[int]]) -> set[int]:
    """Every objective that contributes to the given ones, directly or further down."""
    return _reach(ids, children_of(parents))


def select(
    all_ids: Iterable[int],
    parents: Mapping[int, Sequence[int]],
    *,
    focus: int | None = None,
    seeds: Iterable[int] | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Selection:
    """The objectives a view shows.

    ``parents`` maps an objective to the objectives it contributes to (directly or through one
    of their key results), and may mention ids outside ``all_ids`` (other periods), which are
    ignored. With ``focus`` (one of ``all_ids``): the focus, its ancestors and descendants.
    Otherwise with ``seeds``: the seeds and their ancestors. Otherwise: everything. When more
    than ``limit`` qualify, the ones kept are those reached first breadth first from the focus
    (or from the seeds, or from the top-level objectives that something contributes to, then
    the ones linked to nothing), following links up and down; ``hidden`` counts what each
    shown objective has directly below it that was left out.
    """
    universe = set(all_ids)
    links = {
        child: [p for p in parents.get(child, ()) if p in universe and p != child]
        for child in universe
    }
    later: list[int] = []
    if focus is not None and focus in universe:
        starts = [focus]
        keep = {focus} | ancestors([focus], links) | descendants([focus], links)
    elif seeds is not None:
        starts = sorted(set(seeds) & universe)
        keep = set(starts) | ancestors(starts, links)
    else:
        # The trees first: an objective linked to nothing (no parent, nothing below) would
        # otherwise fill the view with unconnected boxes before any tree is drawn.
        below = children_of(links)
        roots = sorted(i for i in universe if not links[i])
        starts = [r for r in roots if below.get(r)]
        later = [r for r in roots if not below.get(r)]
        keep = universe
    if limit is None or len(keep) <= limit:
        return Selection(tuple(_breadth_first(starts, keep, links, later)), len(keep), False)
    order = _breadth_first(starts, keep, links, later)[:limit]
    return Selection(tuple(order), len(keep), True, _hidden_below(set(order), keep, links))


def _hidden_below(
    shown: set[int], keep: set[int], links: Mapping[int, Sequence[int]]
) -> dict[int, int]:
    """For each shown objective, how many kept objectives directly below it are not shown:
    counted where the view cuts, so a view reads only its own neighbourhood to know it."""
    children = children_of(links)
    hidden: dict[int, int] = {}
    for node in shown:
        missing = sum(c in keep and c not in shown for c in children.get(node, ()))
        if missing:
            hidden[node] = missing
    return hidden


def _breadth_first(
    starts: Sequence[int],
    keep: set[int],
    links: Mapping[int, Sequence[int]],
    later: Sequence[int] = (),
) -> list[int]:
    """``keep`` ordered breadth first from ``starts`` along links both ways, then ``later``;
    whatever is not reachable (a separate tree) follows in id order, each again breadth
    first."""
    children = children_of(links)
    order: list[int] = []
    seen: set[int] = set()

    def walk(roots: Sequence[int]) -> None:
        queue = deque(r for r in roots if r in keep and r not in seen)
        seen.update(queue)
        while queue:
            node = queue.popleft()
            order.append(node)
            for nxt in [*children.get(node, ()), *links.get(node, ())]:
                if nxt in keep and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)

    walk(starts)
    walk(later)
    for node in sorted(keep - seen):
        if node not in seen:
            walk([node])
    return order


def primary_parent(child: int, parents: Mapping[int, Sequence[int]], shown: set[int]) -> int | None:
    """The one parent a tree places ``child`` under: the oldest (lowest id) shown parent, so
    the choice never depends on the order links were stored in."""
    candidates = [p for p in parents.get(child, ()) if p in shown and p != child]
    return min(candidates, default=None)
