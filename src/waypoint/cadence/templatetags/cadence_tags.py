"""Pieces of the weekly practice shown on other apps' pages (My OKRs)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from waypoint.cadence.models import Commitment

register = template.Library()

COMMITMENT_BUTTONS = [
    ("cadence:commitment-done", "Done"),
    ("cadence:commitment-carry-over", "Carry over"),
    ("cadence:commitment-drop", "Drop"),
]


@register.inclusion_tag("cadence/_my_commitments.html", takes_context=True)
def my_commitments(context: dict[str, Any], units: list[Any] = ()) -> dict[str, Any]:
    """The signed-in person's open commitments, across their units, in one query."""
    request = context["request"]
    commitments = (
        Commitment.objects.open()
        .filter(person=request.user)
        .select_related("unit", "key_result", "person")
        .order_by("due", "id")
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "commitments": list(commitments),
        "units": units,
        "today": timezone.localdate(),
        "commitment_buttons": COMMITMENT_BUTTONS,
    }


@register.inclusion_tag("cadence/_unit_practice.html", takes_context=True)
def unit_practice(context: dict[str, Any], unit: Any, period: Any = None) -> dict[str, Any]:
    """The unit page's links to its weekly practice, with its KPIs at a glance (one query)."""
    from waypoint.cadence import agendas
    from waypoint.domain.agenda import out_of_range

    kpis = agendas.kpis_with_latest(unit)
    return {
        "unit": unit,
        "period": period,
        "kpis": [(k, out_of_range(agendas.kpi_input(k))) for k in kpis],
    }
