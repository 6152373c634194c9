"""Who plans for a unit (closes its quarter, publishes its drafts, back-briefs), who answers a
proposal, and who answers a back-brief."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from waypoint.okrs.access import can_edit_objective, require
from waypoint.okrs.models import Objective
from waypoint.orgs.access import (
    AnyUser,
    ancestor_ids,
    can_plan_for,
    is_admin,
    led_unit_ids,
    member_unit_ids,
)
from waypoint.orgs.models import Membership, Unit
from waypoint.planning.models import BackBrief, Proposal


def get_unit_for_planning(user: AnyUser, slug: str) -> Unit:
    """The unit `slug`, or 404; PermissionDenied unless the user plans for it."""
    unit = get_object_or_404(Unit, slug=slug)
    require(
        can_plan_for(user, unit),
        f"Only {unit.name}'s members, a lead of a unit above it and administrators plan for it.",
    )
    return unit


def can_answer(user: AnyUser, proposal: Proposal) -> bool:
    """A proposal to share (or to merge with one of its objectives) goes to the lead of the unit
    asked (a lead above it, or, for a unit without a lead, its members); a proposed change goes
    to the objective's editors other than whoever proposed it. Administrators answer anything."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if proposal.kind in {Proposal.Kind.SHARE, Proposal.Kind.MERGE}:
        unit = proposal.unit
        leads_here_or_above = led_unit_ids(user) & {unit.pk, *ancestor_ids(unit)}
        if leads_here_or_above:
            return True
        has_lead = unit.memberships.filter(role=Membership.Role.LEAD).exists()
        return not has_lead and unit.pk in member_unit_ids(user)
    return proposal.proposed_by_id != user.pk and can_edit_objective(user, proposal.objective)


def can_propose_change(user: AnyUser, objective: Objective) -> bool:
    """Owners of a shared objective, and units whose objectives contribute to it, may propose
    changes to it."""
    if not user.is_authenticated:
        return False
    if can_edit_objective(user, objective):
        return True
    mine = member_unit_ids(user)
    return objective.child_objectives.filter(units__in=mine).exists()


def get_proposal_for_user(user: AnyUser, pk: int) -> Proposal:
    """The proposal `pk`, or 404; PermissionDenied unless the user may answer it."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("objective", "unit", "key_result"), pk=pk
    )
    require(can_answer(user, proposal), "Only those it was proposed to can answer it.")
    return proposal


def proposals_for(user: AnyUser) -> QuerySet[Proposal]:
    """Open proposals waiting for this person's answer (for the inbox and the proposals page)."""
    open_ = Proposal.objects.filter(state=Proposal.State.OPEN).select_related(
        "objective__period", "unit", "key_result", "proposed_by"
    )
    return open_.filter(pk__in=[p.pk for p in open_ if can_answer(user, p)])


def can_answer_back_brief(user: AnyUser, back_brief: BackBrief) -> bool:
    """A back-brief goes to the owner above: a lead of a unit above the unit that wrote it
    (not its own members, who cannot accept their own plan); administrators may answer too."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return bool(led_unit_ids(user) & set(ancestor_ids(back_brief.unit)))


def get_back_brief_for_answer(user: AnyUser, pk: int) -> BackBrief:
    """The back-brief `pk`, or 404; PermissionDenied unless the user answers it."""
    back_brief = get_object_or_404(BackBrief.objects.select_related("unit", "period"), pk=pk)
    require(
        can_answer_back_brief(user, back_brief),
        f"Only a lead of a unit above {back_brief.unit.name} answers its back-brief.",
    )
    return back_brief
