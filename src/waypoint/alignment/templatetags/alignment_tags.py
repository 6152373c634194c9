"""The support links panel on an objective's page."""

from __future__ import annotations

from django import template

from waypoint.alignment.models import SupportLink
from waypoint.okrs.access import can_edit_objective
from waypoint.okrs.models import Objective
from waypoint.orgs.models import Unit

register = template.Library()


@register.inclusion_tag("alignment/_supports.html", takes_context=True)
def supports_panel(context: template.Context, objective: Objective) -> dict:
    """Whom this support goal serves, who supports this objective, and the form to add one."""
    user = context["request"].user
    links = SupportLink.objects.select_related("unit", "served_objective")
    serves = list(links.filter(objective=objective))
    supported_by = list(
        SupportLink.objects.select_related("objective")
        .filter(served_objective=objective)
        .order_by("objective__title")
    )
    can_edit = objective.kind == Objective.Kind.SUPPORT and can_edit_objective(user, objective)
    return {
        "objective": objective,
        "serves": serves,
        "supported_by": supported_by,
        "can_edit": can_edit,
        "objectives": Objective.objects.filter(period=objective.period_id, is_draft=False)
        .exclude(pk=objective.pk)
        .order_by("title")
        .only("id", "title"),
        "units": Unit.objects.active()
        .exclude(pk__in=objective.units.values("pk"))
        .order_by("kind", "name"),
        "csrf_token": context.get("csrf_token"),
    }
