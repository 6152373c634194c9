"""A period's objectives as a graph, read in a fixed number of queries, for the map and tree.

Everything is read with ``values_list`` (no model instances), so 2,000 objectives cost the
same eight or so queries as twenty. Objectives of other periods that the period's objectives
contribute to (a quarter's goals serve the year's) come along as context, a bounded number of
levels up, so the map always starts at the company.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.urls import reverse

from waypoint.alignment.models import SupportLink
from waypoint.domain import alignment_map as dmap
from waypoint.domain import progress as dp
from waypoint.domain.confidence import confidence_band
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Unit

# How many levels of other periods' objectives are fetched above the period's own.
CONTEXT_LEVELS = 3


@dataclass
class Node:
    id: int
    title: str
    period_id: int
    status: str
    kind: str
    owner: str
    unit_ids: list[int] = field(default_factory=list)
    parts: list[tuple[dp.Progress, float]] = field(default_factory=list)
    confidences: list[int] = field(default_factory=list)
    krs_open: int = 0
    progress: dp.Progress = dp.Progress(None, 0.0)


@dataclass
class PeriodGraph:
    period: Period
    nodes: dict[int, Node]
    parents: dict[int, list[int]]  # contributes to (directly or via a key result)
    supports: dict[int, list[int]]  # a support goal → the objectives it serves
    units: dict[int, dict]
    today: date
    serves_units: dict[int, list[int]] = field(default_factory=dict)  # support goal → units
    complete: bool = True  # every objective of the period, or only those a view shows

    def in_period(self, objective_id: int) -> bool:
        return self.nodes[objective_id].period_id == self.period.pk

    def progress(self, objective_id: int) -> dp.Progress:
        return self.nodes[objective_id].progress

    def confidence(self, objective_id: int) -> int | None:
        """The lowest latest confidence among its open key results: the weakest link."""
        values = self.nodes[objective_id].confidences
        return min(values) if values else None

    def pace(self, objective_id: int) -> str:
        node = self.nodes[objective_id]
        if node.status != Status.ACTIVE:
            return node.status
        expected = dp.expected_progress(self.period.start, self.period.end, self.today)
        return dp.pace(self.progress(objective_id), expected, self.confidence(objective_id))

    def unit_subtree(self, unit_id: int) -> set[int]:
        """The unit, every unit below it, and virtual teams made of those units."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for unit in self.units.values():
            children[unit["parent_id"]].append(unit["id"])
        found = {unit_id}
        stack = [unit_id]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


def load(period: Period, today: date) -> PeriodGraph:
    """The period's published, not dropped objectives, their links, progress and units."""
    nodes: dict[int, Node] = {}
    parents: dict[int, list[int]] = defaultdict(list)
    wanted = Objective.objects.filter(period=period, is_draft=False).exclude(status=Status.DROPPED)
    # The period's own objectives are named by a subquery, the few context objectives by id:
    # a list of thousands of ids costs more to send than the query takes.
    scope = Scope(wanted.values("id"))
    _add_nodes(nodes, wanted)
    _add_links(parents, scope)
    for _ in range(CONTEXT_LEVELS + 1):
        missing = {p for ps in parents.values() for p in ps} - set(nodes)
        if not missing:
            break
        added = _add_nodes(nodes, Objective.objects.filter(pk__in=missing, is_draft=False))
        scope.context |= added
        _add_links(parents, Scope(None, added))
    for objective_id in list(parents):
        parents[objective_id] = [p for p in parents[objective_id] if p in nodes]
    add_owners(nodes, scope)
    units = {
        row["id"]: row
        for row in Unit.objects.values("id", "name", "slug", "kind", "parent_id", "is_supporting")
    }
    supports, serves_units = support_links(nodes, scope)
    return PeriodGraph(period, nodes, dict(parents), supports, units, today, serves_units)


@dataclass
class Scope:
    """Which objectives a query reads: the period's (a subquery) and context ones (ids)."""

    period: object
    context: set[int] = field(default_factory=set)

    def q(self, lookup: str) -> Q:
        found = Q(**{f"{lookup}__in": sorted(self.context)})
        if self.period is not None:
            found |= Q(**{f"{lookup}__in": self.period})
        return found


def support_links(
    nodes: dict[int, Node], scope: Scope
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Support goal → objectives it serves, and support goal → units it serves."""
    supports: dict[int, list[int]] = defaultdict(list)
    units: dict[int, list[int]] = defaultdict(list)
    rows = SupportLink.objects.filter(scope.q("objective_id")).values_list(
        "objective_id", "served_objective_id", "unit_id"
    )
    for objective_id, served_id, unit_id in rows.order_by("id"):
        if objective_id not in nodes:
            continue
        if served_id is not None:
            supports[objective_id].append(served_id)
        else:
            units[objective_id].append(unit_id)
    return dict(supports), dict(units)


def _add_nodes(nodes: dict[int, Node], queryset) -> set[int]:  # noqa: ANN001
    # The owner's name is read with the progress, for the objectives a view shows.
    rows = queryset.values_list("id", "title", "period_id", "status", "kind")
    added: set[int] = set()
    for pk, title, period_id, status, kind in rows:
        nodes[pk] = Node(pk, title, period_id, status, kind, "")
        added.add(pk)
    return added


def _add_links(parents: dict[int, list[int]], scope: Scope) -> None:
    """Record the contribution links of the objectives in ``scope``."""
    direct = Objective.parent_objectives.through.objects.filter(scope.q("from_objective_id"))
    via_kr = Objective.parent_key_results.through.objects.filter(scope.q("objective_id"))
    pairs = list(direct.values_list("from_objective_id", "to_objective_id").order_by("id"))
    pairs += via_kr.values_list("objective_id", "keyresult__objective_id").order_by("id")
    for child, parent in pairs:
        if parent not in parents[child] and parent != child:
            parents[child].append(parent)


def add_owners(nodes: dict[int, Node], scope: Scope) -> None:
    """The owning units of the objectives in ``scope`` that are among ``nodes``."""
    through = Objective.units.through.objects.filter(scope.q("objective_id"))
    for objective_id, unit_id in through.values_list("objective_id", "unit_id").order_by("id"):
        if objective_id in nodes:
            nodes[objective_id].unit_ids.append(unit_id)


def add_progress(graph: PeriodGraph, ids: Iterable[int]) -> None:
    """Owner, progress and confidence of the objectives `ids`. Only the ones a view shows are
    read: the structure of the whole period is light, its key results are not."""
    nodes = {pk: graph.nodes[pk] for pk in ids}
    # The whole organisation names the period by a join rather than thousands of ids.
    if graph.complete and len(nodes) == len(graph.nodes):
        context = sorted(pk for pk in nodes if not graph.in_period(pk))
        objectives = Q(period=graph.period) | Q(pk__in=context)
        wanted = Q(objective__period=graph.period) | Q(objective_id__in=context)
    else:
        objectives, wanted = Q(pk__in=sorted(nodes)), Q(objective_id__in=sorted(nodes))
    owners = Objective.objects.filter(objectives).values_list(
        "id", "owner__first_name", "owner__last_name", "owner__username"
    )
    for pk, first, last, username in owners:
        if pk in nodes:
            nodes[pk].owner = f"{first} {last}".strip() or username
    # Floats straight from the database: progress is computed in floats anyway, and turning
    # thousands of decimals into Decimal objects first doubles the time this takes.
    as_float = {f: Cast(f, FloatField()) for f in ("baseline", "target", "current", "weight")}
    rows = (
        KeyResult.objects.filter(wanted)
        .annotate(**{f"{f}_f": value for f, value in as_float.items()})
        .values_list(
            "objective_id",
            "kind",
            "baseline_f",
            "target_f",
            "current_f",
            "weight_f",
            "confidence",
            "status",
        )
    )
    for objective_id, kind, baseline, target, current, weight, confidence, status in rows:
        if status == Status.DROPPED or objective_id not in nodes:
            continue
        node = nodes[objective_id]
        node.parts.append((dp.kr_progress(dp.Measure(kind, baseline, target, current)), weight))
        if status == Status.ACTIVE:
            node.krs_open += 1
            if confidence is not None:
                node.confidences.append(confidence)
    for node in nodes.values():
        node.progress = dp.objective_progress(node.parts)


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    query: str = ""
    focus: int | None = None
    everything: bool = False


def select(graph: PeriodGraph, filters: Filters) -> dmap.Selection:
    """The objectives a view shows for these filters (see ``domain.alignment_map.select``)."""
    seeds: list[int] | None = None
    in_period = [pk for pk in graph.nodes if graph.in_period(pk)]
    if filters.unit is not None or filters.query:
        seeds = in_period
        if filters.unit is not None:
            scope = graph.unit_subtree(filters.unit.pk)
            seeds = [pk for pk in seeds if scope & set(graph.nodes[pk].unit_ids)]
        if filters.query:
            needle = filters.query.casefold()
            seeds = [pk for pk in seeds if needle in graph.nodes[pk].title.casefold()]
    return dmap.select(
        graph.nodes,
        graph.parents,
        focus=filters.focus,
        seeds=seeds,
        limit=None if filters.everything else dmap.DEFAULT_LIMIT,
    )


def owners_label(graph: PeriodGraph, objective_id: int) -> str:
    names = [graph.units[u]["name"] for u in graph.nodes[objective_id].unit_ids if u in graph.units]
    return " · ".join(names)


# Every objective's address from one reversed URL (reversing 2,000 took longer than the query).
_ID_MARK = 987654321


def objective_url_template() -> tuple[str, str]:
    before, after = reverse("okrs:objective-detail", args=[_ID_MARK]).split(str(_ID_MARK))
    return before, after


def node_payload(
    graph: PeriodGraph, objective_id: int, shown: set[int], url: tuple[str, str]
) -> dict:
    node = graph.nodes[objective_id]
    progress = graph.progress(objective_id)
    confidence = graph.confidence(objective_id)
    kinds = {graph.units[u]["kind"] for u in node.unit_ids if u in graph.units}
    return {
        "id": node.id,
        "title": node.title,
        "url": f"{url[0]}{node.id}{url[1]}",
        "owners": owners_label(graph, objective_id),
        "owner": node.owner,
        "shared": len(node.unit_ids) > 1,
        "virtual": "virtual" in kinds,
        "level": "company" if "company" in kinds else "",
        "kind": node.kind,
        "pace": graph.pace(objective_id),
        "progress": None if progress.raw is None else round(progress.display, 3),
        "confidence": confidence,
        "band": "" if confidence is None else confidence_band(confidence),
        "context": not graph.in_period(objective_id),
        "serves": [graph.units[u]["name"] for u in graph.serves_units.get(objective_id, ())],
        "parent": dmap.primary_parent(objective_id, graph.parents, shown),
    }


def payload(graph: PeriodGraph, filters: Filters, selection: dmap.Selection) -> dict:
    """What the map's data endpoint returns: nodes, links and how much the limit left out."""
    shown = set(selection.ids)
    add_progress(graph, selection.ids)
    url = objective_url_template()
    nodes = [node_payload(graph, pk, shown, url) for pk in selection.ids]
    needle = filters.query.casefold()
    for item in nodes:
        item["match"] = bool(needle) and needle in item["title"].casefold()
        # What the limit left out below it: the map draws it collapsed, opened on demand.
        item["hidden"] = selection.hidden.get(item["id"], 0)
    edges = []
    for item in nodes:
        for parent in graph.parents.get(item["id"], ()):
            if parent in shown:
                kind = "contributes" if parent == item["parent"] else "also"
                edges.append({"source": item["id"], "target": parent, "kind": kind})
        for served in graph.supports.get(item["id"], ()):
            if served in shown:
                edges.append({"source": item["id"], "target": served, "kind": "supports"})
    return {
        "period": {"slug": graph.period.slug, "name": graph.period.name},
        "focus": filters.focus if filters.focus in shown else None,
        "total": selection.total,
        "truncated": selection.truncated,
        "nodes": nodes,
        "edges": edges,
    }


def tree_rows(nodes: list[dict]) -> list[dict]:
    """The shown objectives as an indented tree: each under its primary parent, depth first,
    with ``depth``, ``children`` (how many sit directly under it) and the ids above it."""
    by_id = {item["id"]: item for item in nodes}
    children: dict[int | None, list[int]] = defaultdict(list)
    for item in nodes:
        parent = item["parent"] if item["parent"] in by_id else None
        children[parent].append(item["id"])
    rows: list[dict] = []
    placed: set[int] = set()

    def place(pk: int, depth: int, path: tuple[int, ...]) -> None:
        placed.add(pk)
        kids = [k for k in children.get(pk, ()) if k not in placed]
        rows.append(by_id[pk] | {"depth": depth, "children": len(kids), "path": path})
        for kid in kids:
            if kid not in placed:
                place(kid, depth + 1, (*path, pk))

    for root in children[None]:
        place(root, 0, ())
    for item in nodes:  # a loop in old data has no root: show it from its first member
        if item["id"] not in placed:
            place(item["id"], 0, ())
    return rows
