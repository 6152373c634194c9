"""Alignment pages: the map and its tree twin, the map's data, the period's reports, the org
view with its secondments, and top-down assignment."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypoint.alignment import actions, assignment, neighbourhood, orgview, reports
from waypoint.alignment import graph as g
from waypoint.alignment.access import (
    assignable_units,
    can_second_to,
    get_secondment_for_user,
    get_support_link_for_user,
    require_assigner,
    secondment_units,
)
from waypoint.alignment.forms import (
    AssignmentForm,
    EndSecondmentForm,
    MapFilterForm,
    SecondmentForm,
    SupportForm,
)
from waypoint.okrs.access import get_objective_for_user, require
from waypoint.okrs.periods import period_choices, selected_period
from waypoint.okrs.views import apply_action_errors, flash_warnings


def _filters(form: MapFilterForm) -> g.Filters:
    data = form.cleaned_data
    return g.Filters(data["unit"], data["q"], data["focus"], data["all"])


@require_GET
def alignment_map(request: HttpRequest) -> HttpResponse:
    """The map (drawn in the browser from ``map_data``) and the indented tree, one filter form."""
    period = selected_period(request)
    form = MapFilterForm(request.GET)
    context: dict = {"period": period, "periods": period_choices(request), "form": form}
    if form.is_valid():
        filters = _filters(form)
        graph, selection = neighbourhood.load_view(period, timezone.localdate(), filters)
        data = g.payload(graph, filters, selection)
        query = {k: v for k, v in request.GET.items() if k != "view" and v}
        query["period"] = period.slug
        view = form.cleaned_data["view"]
        context |= {
            "data": data,
            # The tree is drawn unless the map was asked for; a phone shows it by default.
            "rows": g.tree_rows(data["nodes"]) if view != "map" else None,
            # The map reads its data from the page instead of computing it a second time.
            "embed": view != "tree",
            "view": view,
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
    graph, selection = neighbourhood.load_view(period, timezone.localdate(), filters)
    return JsonResponse(g.payload(graph, filters, selection))


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
            "periods": period_choices(request),
            "reports": found,
            "pairs": reports.pairs_for(request.user, found),
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
    """The real org chart beside the virtual teams that cut across it, and who is seconded."""
    period = selected_period(request)
    context = orgview.build(period)
    return render(
        request,
        "alignment/org_view.html",
        context
        | {
            "period": period,
            "periods": period_choices(request),
            "can_second": bool(secondment_units(request.user)),
            "can_assign": bool(assignable_units(request.user)),
            "endable": {
                s.pk for s in context["secondments"] if can_second_to(request.user, s.unit)
            },
        },
    )


@require_http_methods(["GET", "POST"])
def secondment_create(request: HttpRequest) -> HttpResponse:
    units = secondment_units(request.user)
    require(bool(units), "Only a team's leads and administrators second people to it.")
    form = SecondmentForm(request.POST or None, units=units)
    if form.is_valid():
        try:
            secondment = actions.second_person(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"{secondment.person} is seconded to {secondment.unit}.")
            return redirect("alignment:org-view")
    return render(request, "alignment/secondment_form.html", {"form": form})


@require_POST
def secondment_end(request: HttpRequest, pk: int) -> HttpResponse:
    secondment = get_secondment_for_user(request.user, pk, write=True)
    form = EndSecondmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("alignment:org-view")
    try:
        ended = actions.end_secondment(request.user, secondment, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = f"{secondment.person}'s secondment to {secondment.unit}"
        last = form.cleaned_data["last_day"]
        messages.success(
            request, f"{who} ends on {actions.day(last)}." if ended else f"{who} is cancelled."
        )
    return redirect("alignment:org-view")


@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest) -> HttpResponse:
    """One page for a lead: the units under them with what each owns this period, and a form
    to assign an objective to one or more of them."""
    units = require_assigner(request.user)
    period = selected_period(request)
    board = assignment.build(request.user, units, period)
    form = AssignmentForm(
        request.POST or None, units=units, people=board.people, parents=board.parents
    )
    if form.is_valid():
        try:
            outcome = actions.assign_objective(request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            flash_warnings(request, outcome.warnings)
            names = ", ".join(u.name for u in form.cleaned_data["units"])
            messages.success(request, f"Assigned to {names}: they write its key results.")
            return redirect(f"{reverse('alignment:assignments')}?period={period.slug}")
    return render(
        request,
        "alignment/assignments.html",
        {"period": period, "periods": period_choices(request), "board": board, "form": form},
        status=200,
    )
