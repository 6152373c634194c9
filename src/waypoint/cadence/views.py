"""Pages of the weekly practice: team check-in, commitments, meetings and agendas, backlog, KPIs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from waypoint.cadence import access
from waypoint.cadence.forms import TeamCheckInSheet
from waypoint.okrs.periods import period_choices, selected_period


@require_http_methods(["GET", "POST"])
def team_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Every open key result of the unit on one screen; one "Save all" for the filled rows."""
    unit = access.get_unit_for_user(request.user, slug)
    period = selected_period(request)
    sheet = TeamCheckInSheet(request.user, unit, period, request.POST or None)
    if request.method == "POST":
        saved, failed = sheet.save()
        if saved:
            messages.success(request, f"{saved} check-in{'s' if saved != 1 else ''} saved.")
        if not failed:
            if not saved:
                messages.warning(request, "Nothing to save: fill in a value for a key result.")
            return redirect(f"{request.path}?period={period.slug}")
    return render(
        request,
        "cadence/team_check_in.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(),
            "sheet": sheet,
            "current_unit_slug": unit.slug,
        },
        status=422 if request.method == "POST" else 200,
    )
