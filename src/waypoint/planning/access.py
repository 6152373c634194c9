"""Who closes a unit's quarter and publishes its drafts: whoever plans for the unit."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from waypoint.okrs.access import require
from waypoint.orgs.access import AnyUser, can_plan_for
from waypoint.orgs.models import Unit


def get_unit_for_planning(user: AnyUser, slug: str) -> Unit:
    """The unit `slug`, or 404; PermissionDenied unless the user plans for it."""
    unit = get_object_or_404(Unit, slug=slug)
    require(
        can_plan_for(user, unit),
        f"Only {unit.name}'s members, a lead of a unit above it and administrators plan for it.",
    )
    return unit
