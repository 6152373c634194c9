"""The map's default view read from the database around where it starts, not the whole period.

The default view shows the ``limit`` objectives nearest the top of the period's trees, breadth
first along contribution links both ways (``domain.alignment_map.select``). Here that walk
runs against the database a layer at a time: each layer costs a few queries reading the links
and rows of the objectives it touches, so a 100,000-person organisation reads about as many
rows as a 1,000-person one. What it leaves out is counted by the database, not read.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from waypoint.alignment import graph as g
from waypoint.domain import alignment_map as dmap
from waypoint.okrs.models import Objective, Period, Status
from waypoint.orgs.models import Unit

DIRECT = Objective.parent_objectives.through
VIA_KR = Objective.parent_key_results.through
# How many objectives of a layer have their links read in one query: the first chunk, and
# at most.
FIRST_CHUNK = 4
CHUNK = 128


class Universe:
    """The objectives a view may show: the period's published, not dropped ones, and the
    other periods' ones they contribute to (a few levels up, as ``graph.load`` fetches)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.wanted = Objective.objects.filter(period=period, is_draft=False).exclude(
            status=Status.DROPPED
        )
        self.context = self._context_ids()

    def q(self, relation: str) -> Q:
        """Whether the objective at ``relation`` (a path from the queried rows; "" for the
        objectives themselves) belongs. By a join, which reads only the rows at hand: a
        subquery naming the period's objectives has the database walk all of them."""
        path = f"{relation}__" if relation else ""
        in_period = Q(**{f"{path}period": self.period, f"{path}is_draft": False}) & ~Q(
            **{f"{path}status": Status.DROPPED}
        )
        return in_period | Q(**{f"{path}pk__in": sorted(self.context)})

    def _context_ids(self) -> set[int]:
        found: set[int] = set()
        below: Q = Q(pk__in=self.wanted.values("id"))
        for _ in range(g.CONTEXT_LEVELS + 1):
            children = Objective.objects.filter(below).values("id")
            direct = DIRECT.objects.filter(from_objective_id__in=children).values("to_objective_id")
            via_kr = VIA_KR.objects.filter(objective_id__in=children).values(
                "keyresult__objective_id"
            )
            added = (
                set(
                    Objective.objects.filter(Q(pk__in=direct) | Q(pk__in=via_kr), is_draft=False)
                    .exclude(period_id=self.period.pk)
                    .values_list("id", flat=True)
                )
                - found
            )
            if not added:
                break
            found |= added
            below = Q(pk__in=sorted(added))
        return found

    def count(self) -> int:
        return self.wanted.count() + len(self.context)

    def rows(self, ids: Iterable[int]) -> QuerySet:
        """The objectives among ``ids`` that belong, as the graph's node rows."""
        inside = Objective.objects.filter(self.q(""), pk__in=sorted(set(ids)))
        return inside.values_list("id", "title", "period_id", "status", "kind")

    def roots(self, *, linked: bool, limit: int) -> list[int]:
        """Objectives that contribute to nothing here, with (``linked``) or without anything
        contributing to them, in id order."""
        me = OuterRef("pk")
        direct, via_kr = DIRECT.objects, VIA_KR.objects
        to_parent = Exists(
            direct.filter(self.q("to_objective"), from_objective_id=me).exclude(to_objective_id=me)
        ) | Exists(
            via_kr.filter(self.q("keyresult__objective"), objective_id=me).exclude(
                keyresult__objective_id=me
            )
        )
        from_child = Exists(
            direct.filter(self.q("from_objective"), to_objective_id=me).exclude(
                from_objective_id=me
            )
        ) | Exists(
            via_kr.filter(self.q("objective"), keyresult__objective_id=me).exclude(objective_id=me)
        )
        found = Objective.objects.filter(self.q(""))
        found = found.exclude(to_parent).filter(from_child if linked else ~from_child)
        return list(found.order_by("id").values_list("id", flat=True)[:limit])


def _pairs(direct: tuple[Q, Q], via_kr: tuple[Q, Q]) -> list[tuple[int, int]]:
    """(child, parent) contribution links matching either condition of each pair, direct
    ones then through key results, each in the order they were made (the order
    ``graph.load`` keeps parents in). Each condition is its own indexed query: one OR over
    both ends of a link has the database read every link there is."""
    pairs: list[tuple[int, int]] = []
    for model, ends, conditions in (
        (DIRECT, ("from_objective_id", "to_objective_id"), direct),
        (VIA_KR, ("objective_id", "keyresult__objective_id"), via_kr),
    ):
        first, second = (
            model.objects.filter(condition).values_list("id", *ends) for condition in conditions
        )
        pairs += [(child, parent) for _, child, parent in first.union(second).order_by("id")]
    return pairs


def _parents(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in pairs:
        if parent != child and parent not in parents[child]:
            parents[child].append(parent)
    return dict(parents)


# One objective's links both ways, with the objective at the other end when it belongs: four
# indexed selects in one statement (the ORM spent several times the database's time building
# the equivalent queries). {ids} and {member} are filled in by ``_links``.
_LINKS_SQL = """
SELECT 0, l.id, l.from_objective_id, l.to_objective_id, {node}
  FROM okrs_objective_parent_objectives l JOIN okrs_objective o ON o.id = l.to_objective_id
 WHERE l.from_objective_id IN ({ids}) AND {member}
UNION ALL
SELECT 0, l.id, l.from_objective_id, l.to_objective_id, {node}
  FROM okrs_objective_parent_objectives l JOIN okrs_objective o ON o.id = l.from_objective_id
 WHERE l.to_objective_id IN ({ids}) AND {member}
UNION ALL
SELECT 1, l.id, l.objective_id, k.objective_id, {node}
  FROM okrs_objective_parent_key_results l JOIN okrs_keyresult k ON k.id = l.keyresult_id
  JOIN okrs_objective o ON o.id = k.objective_id
 WHERE l.objective_id IN ({ids}) AND {member}
UNION ALL
SELECT 1, l.id, l.objective_id, k.objective_id, {node}
  FROM okrs_objective_parent_key_results l JOIN okrs_keyresult k ON k.id = l.keyresult_id
  JOIN okrs_objective o ON o.id = l.objective_id
 WHERE k.objective_id IN ({ids}) AND {member}
ORDER BY 1, 2
"""


def _links(
    universe: Universe, ids: list[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]], list[tuple]]:
    """Parents and children (by id) of ``ids`` within ``universe``, and the node rows (as
    ``Universe.rows``) of the objectives at their other ends."""
    marks = ", ".join(["%s"] * len(ids))
    context = sorted(universe.context)
    member = "((o.period_id = %s AND NOT o.is_draft AND o.status <> %s)"
    member += f" OR o.id IN ({', '.join(['%s'] * len(context))})" if context else ""
    member += ")"
    sql = _LINKS_SQL.format(
        ids=marks, member=member, node="o.id, o.title, o.period_id, o.status, o.kind"
    )
    params = [*ids, universe.period.pk, Status.DROPPED, *context] * 4
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # A link between two of ``ids`` comes back from both ends: ``_parents`` keeps it once.
    parents = _parents((child, parent) for _, _, child, parent, *_ in found)
    return parents, dmap.children_of(parents), [row[4:] for row in found]


def _left_out(universe: Universe, shown: list[int]) -> dict[int, int]:
    """How many objectives of ``universe`` directly below each shown one are not shown,
    counted by the database."""
    ids = sorted(shown)
    direct = (
        DIRECT.objects.filter(universe.q("from_objective"), to_objective_id__in=ids)
        .exclude(from_objective_id__in=ids)
        .values("to_objective_id")
        .annotate(n=Count("from_objective_id", distinct=True))
        .values_list("to_objective_id", "n")
    )
    linked_directly = DIRECT.objects.filter(
        from_objective_id=OuterRef("objective_id"),
        to_objective_id=OuterRef("keyresult__objective_id"),
    )
    via_kr = (
        VIA_KR.objects.filter(universe.q("objective"), keyresult__objective_id__in=ids)
        .exclude(objective_id__in=ids)
        .exclude(Exists(linked_directly))
        .values("keyresult__objective_id")
        .annotate(n=Count("objective_id", distinct=True))
        .values_list("keyresult__objective_id", "n")
    )
    hidden: dict[int, int] = defaultdict(int)
    for parent, n in [*direct, *via_kr]:
        hidden[parent] += n
    return dict(hidden)


def load_view(
    period: Period, today: date, filters: g.Filters
) -> tuple[g.PeriodGraph, dmap.Selection]:
    """The graph and selection a view shows: the default view read around the top, any
    other (a unit, a search, a focus, the whole organisation) from the whole period."""
    if filters == g.Filters():
        around = load_top(period, today)
        if around is not None:
            return around
    graph = g.load(period, today)
    return graph, g.select(graph, filters)


def load_top(
    period: Period, today: date, limit: int = dmap.DEFAULT_LIMIT
) -> tuple[g.PeriodGraph, dmap.Selection] | None:
    """The default view's graph and selection, read around the top of the period's trees.
    None when the walk cannot place everything it should (a loop in old data, no root): the
    caller then reads the whole period."""
    universe = Universe(period)
    total = universe.count()
    nodes: dict[int, g.Node] = {}
    parents: dict[int, list[int]] = {}
    order: list[int] = []

    def admit(candidates: list[int]) -> None:
        for pk, title, period_id, status, kind in universe.rows(candidates):
            nodes[pk] = g.Node(pk, title, period_id, status, kind, "")

    def expand(layer: list[int]) -> list[int]:
        found: list[int] = []
        start, size = 0, FIRST_CHUNK
        # Chunks sized by how many objectives each one so far brought: a wide layer stops
        # being read soon after the limit is reached, however many sit below each one.
        while start < len(layer) and len(order) + len(found) < limit:
            chunk = layer[start : start + size]
            start += len(chunk)
            ups, downs, rows = _links(universe, chunk)
            for pk, title, period_id, status, kind in rows:
                nodes.setdefault(pk, g.Node(pk, title, period_id, status, kind, ""))
            for pk in chunk:
                parents[pk] = ups.get(pk, [])
                for nxt in (*downs.get(pk, ()), *parents[pk]):
                    if nxt not in seen:
                        seen.add(nxt)
                        found.append(nxt)
            each = max(1.0, len(found) / start)
            size = max(1, min(CHUNK, math.ceil((limit - len(order) - len(found)) / each)))
        return found

    layer = universe.roots(linked=True, limit=limit)
    seen = set(layer)
    admit(layer)
    while layer and len(order) < limit:
        order += layer
        layer = expand(layer) if len(order) < limit else []
    if len(order) < limit:
        lonely = [r for r in universe.roots(linked=False, limit=limit) if r not in seen]
        admit(lonely)
        order += lonely[: limit - len(order)]
    order = order[:limit]
    if len(order) < min(limit, total):
        return None
    unexpanded = [pk for pk in order if pk not in parents]
    shown = sorted(order)
    for start in range(0, len(unexpanded), CHUNK):
        chunk = unexpanded[start : start + CHUNK]
        parents |= _parents(
            _pairs(
                (Q(from_objective_id__in=chunk, to_objective_id__in=shown), Q(pk__in=[])),
                (Q(objective_id__in=chunk, keyresult__objective_id__in=shown), Q(pk__in=[])),
            )
        )
    graph = _graph(period, today, {pk: nodes[pk] for pk in order}, parents)
    hidden = _left_out(universe, order)
    return graph, dmap.Selection(tuple(order), total, total > len(order), hidden)


def _graph(
    period: Period, today: date, nodes: dict[int, g.Node], parents: dict[int, list[int]]
) -> g.PeriodGraph:
    scope = g.Scope(None, set(nodes))
    g.add_owners(nodes, scope)
    supports, serves_units = g.support_links(nodes, scope)
    wanted_units = {u for n in nodes.values() for u in n.unit_ids}
    wanted_units |= {u for units in serves_units.values() for u in units}
    units = {
        row["id"]: row
        for row in Unit.objects.filter(pk__in=sorted(wanted_units)).values(
            "id", "name", "slug", "kind", "parent_id", "is_supporting"
        )
    }
    shown = {pk: [p for p in ps if p in nodes] for pk, ps in parents.items() if pk in nodes}
    return g.PeriodGraph(period, nodes, shown, supports, units, today, serves_units, complete=False)
