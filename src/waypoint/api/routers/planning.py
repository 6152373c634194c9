"""Proposals waiting for the caller's answer (sharing an objective, or a change to one), answered
through waypoint.planning.access and waypoint.planning.actions, as on the proposals page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.routers.okrs import _num
from waypoint.api.schemas import ProposalAnswer, ProposalOut
from waypoint.planning import actions
from waypoint.planning.access import get_proposal_for_user, proposals_for
from waypoint.planning.models import Proposal

router = Router(tags=["Proposals"])
PathId = Path(..., ge=1, le=2**31 - 1)


def proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "objective_id": p.objective_id,
        "kind": p.kind,
        "summary": p.summary,
        "unit_id": p.unit_id,
        "key_result_id": p.key_result_id,
        "title": p.title,
        "description": p.description,
        "target": _num(p.target),
        "reason": p.reason,
        "proposed_by_id": p.proposed_by_id,
        "proposed_at": p.proposed_at,
        "state": p.state,
        "answered_by_id": p.answered_by_id,
        "answer_note": p.answer_note,
        "answered_at": p.answered_at,
    }


class ProposalQuery(ListQuery):
    objective: int | None = Field(None, ge=1, le=2**31 - 1, description="Only this objective's.")


@router.get("/proposals", response=Page[ProposalOut], url_name="proposal-list")
def list_proposals(request: HttpRequest, q: Query[ProposalQuery]) -> dict:
    """Open proposals waiting for the caller's answer (what the proposals page lists)."""
    proposals = proposals_for(request.user).order_by("-proposed_at", "-id")
    if q.objective:
        proposals = proposals.filter(objective_id=q.objective)
    return page(proposals, q, proposal_out)


@router.post("/proposals/{id}/accept", response=ProposalOut, url_name="proposal-accept")
def accept_proposal(request: HttpRequest, payload: ProposalAnswer, id: int = PathId) -> dict:
    """Accept and apply it; who agreed and when goes into the objective's history."""
    proposal = get_proposal_for_user(request.user, id)
    actions.accept_proposal(request.user, proposal, note=payload.note)
    return proposal_out(Proposal.objects.select_related("unit", "key_result").get(pk=id))


@router.post("/proposals/{id}/decline", response=ProposalOut, url_name="proposal-decline")
def decline_proposal(request: HttpRequest, payload: ProposalAnswer, id: int = PathId) -> dict:
    """Decline with a note (required), so the team knows why."""
    proposal = get_proposal_for_user(request.user, id)
    actions.decline_proposal(request.user, proposal, note=payload.note)
    return proposal_out(Proposal.objects.select_related("unit", "key_result").get(pk=id))
