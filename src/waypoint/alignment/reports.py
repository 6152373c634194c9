"""The period's alignment reports, read from the database and computed by the domain rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from waypoint.domain import alignment_reports as rules
from waypoint.domain.coach_text import read_objective
from waypoint.okrs.access import can_edit_objective
from waypoint.okrs.models import Objective, Period, Status
from waypoint.orgs.access import AnyUser
from waypoint.orgs.models import Unit
from waypoint.planning.models import Proposal

MIRRORING_QUARTERS = 6


@dataclass(frozen=True)
class Reports:
    period: Period
    fragmentation: list[rules.FragmentedPair]
    mirroring: list[tuple[Period, rules.MirroringShare]]
    marginalisation: list[rules.Marginalised]
    units: dict[int, rules.UnitFacts]
    slugs: dict[int, str]

    def owners(self, objective: rules.ObjectiveFacts) -> str:
        return " · ".join(self.units[u].name for u in objective.unit_ids if u in self.units)


def unit_facts() -> dict[int, rules.UnitFacts]:
    members: dict[int, list[int]] = defaultdict(list)
    through = Unit.member_units.through.objects.values_list("from_unit_id", "to_unit_id")
    for virtual_id, member_id in through.order_by("id"):
        members[virtual_id].append(member_id)
    rows = Unit.objects.order_by("kind", "name").values_list(
        "id", "name", "kind", "parent_id", "is_supporting"
    )
    return {
        pk: rules.UnitFacts(pk, name, kind, parent, supporting, tuple(members.get(pk, ())))
        for pk, name, kind, parent, supporting in rows
    }


def objective_facts(periods: list[Period]) -> list[rules.ObjectiveFacts]:
    """The periods' published objectives that are not dropped, with owners and links up."""
    queryset = Objective.objects.filter(period__in=periods, is_draft=False).exclude(
        status=Status.DROPPED
    )
    ids = list(queryset.values_list("id", flat=True))
    owners: dict[int, list[int]] = defaultdict(list)
    through = Objective.units.through.objects.filter(objective_id__in=ids)
    for objective_id, unit_id in through.values_list("objective_id", "unit_id").order_by("id"):
        owners[objective_id].append(unit_id)
    parents: dict[int, set[int]] = defaultdict(set)
    direct = Objective.parent_objectives.through.objects.filter(from_objective_id__in=ids)
    for child, parent in direct.values_list("from_objective_id", "to_objective_id"):
        parents[child].add(parent)
    via_kr = Objective.parent_key_results.through.objects.filter(objective_id__in=ids)
    for child, parent in via_kr.values_list("objective_id", "keyresult__objective_id"):
        parents[child].add(parent)
    rows = queryset.order_by("id").values_list("id", "title", "period_id", "kind")
    return [
        rules.ObjectiveFacts(
            pk, title, period_id, tuple(owners[pk]), kind, tuple(sorted(parents[pk]))
        )
        for pk, title, period_id, kind in rows
    ]


def is_ktlo(title: str) -> bool:
    return read_objective(title).label == "ktlo"


def quarters_up_to(period: Period) -> list[Period]:
    """The last few quarters that start by the end of ``period``, oldest first."""
    quarters = Period.objects.filter(kind=Period.Kind.QUARTER, start__lte=period.end)
    return list(reversed(quarters.order_by("-start")[:MIRRORING_QUARTERS]))


def build(period: Period) -> Reports:
    units = unit_facts()
    quarters = quarters_up_to(period)
    periods = [*quarters, period] if period not in quarters else quarters
    facts = objective_facts(periods)
    mine = [o for o in facts if o.period_id == period.pk]
    shares = list(
        zip(quarters, rules.mirroring([q.pk for q in quarters], facts, units), strict=True)
    )
    while shares and shares[0][1].total == 0:  # quarters before the organisation started
        shares.pop(0)
    return Reports(
        period,
        rules.fragmentation(mine, units),
        shares,
        rules.marginalisation(list(units.values()), mine, is_ktlo=is_ktlo),
        units,
        dict(Unit.objects.values_list("id", "slug")),
    )


def as_json(reports: Reports) -> dict:
    """The reports as plain data: what ``waypoint alignment --format json`` prints."""

    def objective(o: rules.ObjectiveFacts) -> dict:
        return {"id": o.id, "title": o.title, "owners": reports.owners(o)}

    return {
        "period": reports.period.slug,
        "fragmentation": [
            {"first": objective(p.first), "second": objective(p.second), "similarity": p.similarity}
            for p in reports.fragmentation
        ],
        "mirroring": [
            {
                "period": quarter.slug,
                "single_department": share.single,
                "cross_functional": share.cross_functional,
                "cross_functional_share": round(share.cross_functional_share, 3),
            }
            for quarter, share in reports.mirroring
        ],
        "marginalisation": [
            {"unit_id": m.unit.id, "unit": m.unit.name, "reason": m.reason, "why": m.text}
            for m in reports.marginalisation
        ],
    }


def mirroring_chart(reports: Reports) -> dict:
    """The chart's data: quarters and the two counts per quarter."""
    return {
        "quarters": [quarter.name for quarter, _ in reports.mirroring],
        "single": [share.single for _, share in reports.mirroring],
        "cross": [share.cross_functional for _, share in reports.mirroring],
    }


@dataclass(frozen=True)
class PairRow:
    """A fragmentation pair as the report shows it to one person: the owners of each side,
    the merge they may propose (keep, other) and the merge already proposed."""

    pair: rules.FragmentedPair
    first_owners: str
    second_owners: str
    merge: tuple[int, int] | None
    proposed: Proposal | None


def pairs_for(user: AnyUser, reports: Reports) -> list[PairRow]:
    """Each pair with what this person can do about it (two queries for every pair)."""
    ids = {o.id for p in reports.fragmentation for o in (p.first, p.second)}
    objectives = Objective.objects.filter(pk__in=ids).prefetch_related("units").in_bulk()
    open_merges = Proposal.objects.filter(
        kind=Proposal.Kind.MERGE, state=Proposal.State.OPEN, objective_id__in=ids
    ).select_related("unit")
    proposed = {frozenset((m.objective_id, m.other_objective_id)): m for m in open_merges}
    rows = []
    for pair in reports.fragmentation:
        first, second = objectives[pair.first.id], objectives[pair.second.id]
        pending = proposed.get(frozenset((first.pk, second.pk)))
        merge = None
        if pending is None and can_edit_objective(user, first):
            merge = (first.pk, second.pk)
        elif pending is None and can_edit_objective(user, second):
            merge = (second.pk, first.pk)
        rows.append(
            PairRow(pair, reports.owners(pair.first), reports.owners(pair.second), merge, pending)
        )
    return rows
