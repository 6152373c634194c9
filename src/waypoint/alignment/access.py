"""Who may change support links: the support goal's editors (its owner, members of its owning
units, administrators). Reading is open to everyone logged in, like every OKR."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from waypoint.alignment.models import SupportLink
from waypoint.okrs.access import can_edit_objective, require
from waypoint.orgs.access import AnyUser


def get_support_link_for_user(user: AnyUser, pk: int, *, write: bool = False) -> SupportLink:
    link = get_object_or_404(
        SupportLink.objects.select_related("objective", "unit", "served_objective"), pk=pk
    )
    if write:
        require(
            can_edit_objective(user, link.objective),
            "Only the support goal's owner, members of its units and administrators can "
            "change whom it supports.",
        )
    return link
