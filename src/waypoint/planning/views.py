"""Quarter close, the learning loop, drafts and periods."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.okrs.models import Period
from waypoint.okrs.periods import period_choices, selected_period
from waypoint.orgs.access import is_admin
from waypoint.orgs.models import Unit
from waypoint.planning import actions, learning
from waypoint.planning.access import get_unit_for_planning
from waypoint.planning.forms import KeyResultCloseForm, ObjectiveCloseForm
from waypoint.planning.proposals import ObjectiveProposal, propose_close


@dataclass
class CloseRow:
    proposal: ObjectiveProposal
    form: ObjectiveCloseForm
    key_results: list[tuple[object, KeyResultCloseForm | None]]

    @property
    def forms(self) -> list:
        return [self.form, *(f for _, f in self.key_results if f is not None)]


def _close_rows(proposals: list[ObjectiveProposal], data: object) -> list[CloseRow]:
    return [
        CloseRow(
            p,
            ObjectiveCloseForm(data, proposal=p),
            [
                (kr, None if kr.already_closed else KeyResultCloseForm(data, proposal=kr))
                for kr in p.key_results
            ],
        )
        for p in proposals
    ]


def _decisions(rows: list[CloseRow]) -> list[actions.ObjectiveClose]:
    return [
        actions.ObjectiveClose(
            objective=row.proposal.objective,
            state=row.form.cleaned_data["state"],
            score=row.form.cleaned_data["score"],
            learned=row.form.cleaned_data["learned"],
            miss_cause=row.form.cleaned_data["miss_cause"],
            key_results=[
                actions.KeyResultClose(
                    key_result=kr.key_result,
                    state=form.cleaned_data["state"],
                    score=form.cleaned_data["score"],
                    note=form.cleaned_data["note"],
                    carry_over=form.cleaned_data["carry_over"],
                )
                for kr, form in row.key_results
                if form is not None
            ],
        )
        for row in rows
    ]


@require_http_methods(["GET", "POST"])
def quarter_close(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_unit_for_planning(request.user, slug)
    period = selected_period(request)
    rows = _close_rows(propose_close(unit, period), request.POST or None)
    error = None
    if request.method == "POST" and all(f.is_valid() for row in rows for f in row.forms):
        try:
            outcome = actions.close_quarter(request.user, unit, period, _decisions(rows))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"Closed {len(outcome.closed)} objective{'s' * (len(outcome.closed) != 1)}; "
                f"{len(outcome.carried)} key result{'s' * (len(outcome.carried) != 1)} carried "
                "over as drafts.",
            )
            return redirect(f"{reverse('planning:learning', args=[unit.slug])}")
    return render(
        request,
        "planning/quarter_close.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(),
            "rows": rows,
            "error": error,
            "next_period": actions.next_period(period),
            "current_unit_slug": unit.slug,
        },
    )


def learning_loop(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug)
    loop = learning.learning_for(unit)
    return render(
        request,
        "planning/learning.html",
        {
            "unit": unit,
            "loop": loop,
            "chart": learning.chart_data(loop),
            "current_unit_slug": unit.slug,
        },
    )


@require_POST
def publish_drafts(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_unit_for_planning(request.user, slug)
    period = selected_period(request)
    count = actions.publish_drafts(request.user, unit, period)
    messages.success(request, f"Published {count} objective{'s' * (count != 1)}.")
    return redirect(f"{reverse('okrs:unit-detail', args=[unit.slug])}?period={period.slug}")


def period_list(request: HttpRequest) -> HttpResponse:
    periods = list(Period.objects.annotate(objectives_count=Count("objectives")).order_by("-start"))
    return render(
        request,
        "planning/period_list.html",
        {
            "periods": periods,
            "can_open": is_admin(request.user),
            "next_quarter": actions.next_span(Period.Kind.QUARTER, periods),
            "next_year": actions.next_span(Period.Kind.ANNUAL, periods),
        },
    )


@require_POST
def period_create(request: HttpRequest) -> HttpResponse:
    try:
        period = actions.create_next_period(request.user, request.POST.get("kind", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{period.name} is open for planning.")
    return redirect("planning:period-list")
