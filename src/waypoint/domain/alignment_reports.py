"""Alignment reports: fragmentation, org-chart mirroring and marginalisation.

OKR-PRINCIPLES §2 (alignment without an org-chart waterfall) and §5 Disconnected. Essays 002
and 004: cascading goals down the org chart fragments strategy ("if your OKRs perfectly map to
your org chart, you're probably missing the most important opportunities") and leaves
supporting teams with nothing to contribute but keeping the lights on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from waypoint.domain.diagnosis.similarity import jaccard, key_words, same_goal_pairs

UnitKind = Literal["company", "department", "team", "virtual"]
MarginReason = Literal["no_objectives", "no_support_goal", "only_ktlo"]


@dataclass(frozen=True)
class UnitFacts:
    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    is_supporting: bool = False
    member_unit_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ObjectiveFacts:
    id: int
    title: str
    period_id: int
    unit_ids: tuple[int, ...]
    kind: Literal["strategic", "support"] = "strategic"
    parent_ids: tuple[int, ...] = ()  # objectives it contributes to (directly or via a KR)


@dataclass(frozen=True)
class FragmentedPair:
    """Two objectives in different departments that read as the same goal."""

    first: ObjectiveFacts
    second: ObjectiveFacts
    similarity: float


@dataclass(frozen=True)
class MirroringShare:
    """One period's objectives: owned by a single department, or cross-functional."""

    period_id: int
    single: int
    cross_functional: int

    @property
    def total(self) -> int:
        return self.single + self.cross_functional

    @property
    def cross_functional_share(self) -> float:
        return self.cross_functional / self.total if self.total else 0.0


@dataclass(frozen=True)
class Marginalised:
    unit: UnitFacts
    reason: MarginReason

    @property
    def text(self) -> str:
        return MARGIN_TEXT[self.reason]


MARGIN_TEXT: dict[MarginReason, str] = {
    "no_objectives": "No objectives this period: the unit has no part in the strategy.",
    "no_support_goal": (
        "A supporting unit without a support goal: nothing says whom it serves or how."
    ),
    "only_ktlo": "Only keep-the-lights-on objectives: no improvement of its own.",
}


def departments_of(unit_id: int, units: Mapping[int, UnitFacts]) -> frozenset[int]:
    """The departments a unit belongs to: itself if a department, the nearest department above
    it, or, for a virtual team, the departments of the units it brings together (and of its
    parent). A unit directly under the company with no department above it stands for itself."""
    found: set[int] = set()
    stack = [unit_id]
    seen: set[int] = set()
    while stack:
        current = units.get(stack.pop())
        if current is None or current.id in seen:
            continue
        seen.add(current.id)
        if current.kind == "department":
            found.add(current.id)
        elif current.kind == "virtual":
            stack.extend(current.member_unit_ids)
            if current.parent_id is not None:
                stack.append(current.parent_id)
        elif current.kind == "team":
            parent = units.get(current.parent_id) if current.parent_id is not None else None
            if parent is None or parent.kind == "company":
                found.add(current.id)
            else:
                stack.append(parent.id)
    return frozenset(found)


def fragmentation(
    objectives: Sequence[ObjectiveFacts], units: Mapping[int, UnitFacts]
) -> list[FragmentedPair]:
    """Pairs of objectives whose owners sit in different departments and whose titles pursue
    the same goal (``similarity.same_goal_words``), most similar first.

    Pairs already linked (one contributes to the other) are left out: they are aligned, not
    fragmented. Candidate pairs come from ``similarity.same_goal_pairs`` (a prefix filter over
    rare key words), so only objectives that meet in a rare word are ever compared.
    """
    words = {o.id: key_words(o.title) for o in objectives}
    by_id = {o.id: o for o in objectives}
    departments = {
        o.id: frozenset().union(*(departments_of(u, units) for u in o.unit_ids)) for o in objectives
    }
    ordered = {o.id: words[o.id] for o in sorted(objectives, key=lambda o: o.id)}
    pairs: list[FragmentedPair] = []
    for a, b in same_goal_pairs(ordered):
        depts_a, depts_b = departments[a], departments[b]
        if not depts_a or not depts_b or depts_a & depts_b or _linked(by_id[a], by_id[b]):
            continue
        pairs.append(FragmentedPair(by_id[a], by_id[b], round(jaccard(words[a], words[b]), 3)))
    pairs.sort(key=lambda p: (-p.similarity, p.first.id, p.second.id))
    return pairs


def _linked(a: ObjectiveFacts, b: ObjectiveFacts) -> bool:
    return b.id in a.parent_ids or a.id in b.parent_ids


def is_cross_functional(objective: ObjectiveFacts, units: Mapping[int, UnitFacts]) -> bool:
    """Shared by more than one unit, or owned by a virtual team."""
    if len(set(objective.unit_ids)) > 1:
        return True
    return any(units[u].kind == "virtual" for u in objective.unit_ids if u in units)


def mirroring(
    period_ids: Sequence[int],
    objectives: Iterable[ObjectiveFacts],
    units: Mapping[int, UnitFacts],
) -> list[MirroringShare]:
    """Per period (in the order given): how many objectives one department owns alone and how
    many are cross-functional. A chart of this over quarters shows whether the OKRs only
    mirror the org chart."""
    counts = {pid: [0, 0] for pid in period_ids}
    for objective in objectives:
        if objective.period_id not in counts:
            continue
        counts[objective.period_id][1 if is_cross_functional(objective, units) else 0] += 1
    return [MirroringShare(pid, single, cross) for pid, (single, cross) in counts.items()]


def marginalisation(
    units: Sequence[UnitFacts],
    objectives: Sequence[ObjectiveFacts],
    *,
    is_ktlo: Callable[[str], bool],
) -> list[Marginalised]:
    """Units left out of the strategy in one period, with the reason, in the order given.

    * ``no_objectives``: the unit owns no objective (shared ones count for every owner);
    * ``no_support_goal``: a supporting unit (finance, legal, platform…) with objectives but no
      support goal;
    * ``only_ktlo``: every objective it owns reads as keeping the lights on (``is_ktlo`` on its
      title); support goals are never counted as KTLO.

    The company itself is never reported.
    """
    owned: dict[int, list[ObjectiveFacts]] = defaultdict(list)
    for objective in objectives:
        for unit_id in set(objective.unit_ids):
            owned[unit_id].append(objective)
    found: list[Marginalised] = []
    for unit in units:
        if unit.kind == "company":
            continue
        mine = owned.get(unit.id, [])
        if not mine:
            found.append(Marginalised(unit, "no_objectives"))
        elif unit.is_supporting and not any(o.kind == "support" for o in mine):
            found.append(Marginalised(unit, "no_support_goal"))
        elif all(o.kind != "support" and is_ktlo(o.title) for o in mine):
            found.append(Marginalised(unit, "only_ktlo"))
    return found
