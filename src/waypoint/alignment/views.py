"""Alignment pages: the map and its tree twin, the map's data, and the period's reports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from waypoint.alignment import actions, orgview, reports
from waypoint.alignment import graph as g
from waypoint.alignment.access import get_support_link_for_user
from waypoint.alignment.forms import MapFilterForm, SupportForm
from waypoint.okrs.access import get_objective_for_user
from waypoint.okrs.periods import period_choices, selected_period


def _filters(form: MapFilterForm) -> g.Filters:
    data = form.cleaned_data
    return g.Filters(data["unit"], data["q"], data["focus"], data["all"])


@require_GET
def alignment_map(request: HttpRequest) -> HttpResponse:
    """The map (drawn in the browser from ``map_data``) and the indented tree, one filter form."""
    period = selected_period(request)
    form = MapFilterForm(request.GET)
    context: dict = {"period": period, "periods": period_choices(), "form": form}
    if form.is_valid():
        filters = _filters(form)
        graph = g.load(period, timezone.localdate())
        selection = g.select(graph, filters)
        data = g.payload(graph, filters, selection)
        query = {k: v for k, v in request.GET.items() if k != "view" and v}
        query["period"] = period.slug
        context |= {
            "data": data,
            "rows": g.tree_rows(data["nodes"]),
            "view": form.cleaned_data["view"],
            "query": urlencode(query),
            "unfocused": urlencode({k: v for k, v in query.items() if k != "focus"}),
            "focused": graph.nodes.get(filters.focus) if filters.focus else None,
        }
    return render(
        request, "alignment/alignment_map.html", context, status=200 if form.is_valid() else 400
    )


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's nodes and links as JSON, with the page's filters; 400 with the errors if any."""
    period = selected_period(request)
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    filters = _filters(form)
    graph = g.load(period, timezone.localdate())
    return JsonResponse(g.payload(graph, filters, g.select(graph, filters)))


@require_GET
def alignment_reports(request: HttpRequest) -> HttpResponse:
    """Fragmentation, org-chart mirroring over quarters and marginalisation for one period."""
    period = selected_period(request)
    found = reports.build(period)
    return render(
        request,
        "alignment/alignment_reports.html",
        {
            "period": period,
            "periods": period_choices(),
            "reports": found,
            "pairs": [
                (p, found.owners(p.first), found.owners(p.second)) for p in found.fragmentation
            ],
            "chart": reports.mirroring_chart(found),
            "marginalised": [(m, found.slugs[m.unit.id]) for m in found.marginalisation],
        },
    )


@require_POST
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk, write=True)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            link = actions.link_support(
                request.user,
                objective,
                unit=form.cleaned_data["unit"],
                served=form.cleaned_data["served_objective"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"This goal now supports {link.served}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(objective)


@require_POST
def support_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_support_link_for_user(request.user, pk, write=True)
    actions.unlink_support(request.user, link)
    messages.success(request, f"This goal no longer supports {link.served}.")
    return redirect(link.objective)


@require_GET
def org_view(request: HttpRequest) -> HttpResponse:
    """The real org chart beside the virtual teams that cut across it."""
    period = selected_period(request)
    return render(
        request,
        "alignment/org_view.html",
        {"period": period, "periods": period_choices()} | orgview.build(period),
    )
