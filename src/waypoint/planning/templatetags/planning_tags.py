"""The unit page's links to its steering meetings and to planning the next period."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.orgs.access import can_plan_for
from waypoint.planning.models import BackBrief
from waypoint.planning.plans import planning_period

register = template.Library()


@register.inclusion_tag("planning/_unit_planning.html", takes_context=True)
def unit_planning(context: dict[str, Any], unit: Any, period: Any = None) -> dict[str, Any]:
    """Agendas of the monthly, quarterly and annual meetings, the planning page of the next
    period and, for a unit with units below, how many of them have back-briefed (three
    queries)."""
    upcoming = planning_period(None)
    children = list(unit.children.filter(archived_at__isnull=True).values_list("pk", flat=True))
    briefed = (
        BackBrief.objects.filter(unit__in=children, period=upcoming).count()
        if upcoming and children
        else 0
    )
    return {
        "unit": unit,
        "period": period,
        "upcoming": upcoming,
        "can_plan": can_plan_for(context["request"].user, unit),
        "children": len(children),
        "briefed": briefed,
    }
