"""Quarter close, the learning loop, drafts, periods, proposals and the monthly check."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.cadence.models import Review
from waypoint.okrs.access import can_edit_objective, get_objective_for_user, require
from waypoint.okrs.models import Objective, Period, Status
from waypoint.okrs.periods import period_choices, selected_period
from waypoint.okrs.views import apply_action_errors
from waypoint.orgs.access import is_admin
from waypoint.orgs.models import Unit
from waypoint.planning import actions, learning, review
from waypoint.planning.access import (
    can_propose_change,
    get_proposal_for_user,
    get_unit_for_planning,
    proposals_for,
)
from waypoint.planning.closing import ObjectiveProposal, propose_close
from waypoint.planning.forms import (
    AnswerForm,
    KeyResultCloseForm,
    MergeProposalForm,
    MidQuarterReviewForm,
    ObjectiveCloseForm,
    ProposalForm,
    RelevanceForm,
)
from waypoint.planning.models import Proposal, RelevanceCheck


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


# ---- Proposals and the monthly relevance check ---------------------------------------------


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk)
    require(can_propose_change(request.user, objective), "You cannot propose changes to this.")
    form = ProposalForm(request.POST or None, objective=objective)
    if form.is_valid():
        try:
            actions.propose_change(request.user, objective, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, "Proposed. The objective's owners answer it in their inbox.")
            return redirect(objective)
    return render(request, "planning/proposal_form.html", {"form": form, "objective": objective})


@require_POST
def merge_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose, in one step, that another unit's objective and this one become one shared
    objective; back to where the button was (the alignment report)."""
    objective = get_objective_for_user(request.user, pk, write=True)
    form = MergeProposalForm(request.POST)
    if form.is_valid():
        other = form.cleaned_data["other"]
        try:
            proposal = actions.propose_merge(
                request.user, objective, other, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Proposed to {proposal.unit}: “{objective}” and “{other}” become one shared "
                "objective once its lead accepts.",
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = objective.get_absolute_url()
    return redirect(back)


def proposal_list(request: HttpRequest) -> HttpResponse:
    mine = Proposal.objects.filter(proposed_by=request.user).select_related(
        "objective", "unit", "key_result", "answered_by"
    )[:50]
    return render(
        request,
        "planning/proposal_list.html",
        {"waiting": proposals_for(request.user), "mine": mine},
    )


@require_POST
def proposal_answer(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    answer = actions.accept_proposal if verdict == "accept" else actions.decline_proposal
    try:
        answer(request.user, proposal, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{'Accepted' if verdict == 'accept' else 'Declined'}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = proposal.objective.get_absolute_url()
    return redirect(back)


def _relevance_objectives(unit: Unit, period: Period) -> list[Objective]:
    """The unit's own open objectives, then the ones above that they contribute to."""
    own = list(
        Objective.objects.for_period(period)
        .owned_by(unit)
        .filter(status=Status.ACTIVE)
        .with_details()
        .order_by("id")
    )
    above = (
        Objective.objects.filter(child_objectives__in=own, status=Status.ACTIVE)
        .exclude(pk__in=[o.pk for o in own])
        .distinct()
        .with_details()
        .order_by("id")
    )
    return own + list(above)


@require_http_methods(["GET", "POST"])
def relevance_check(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_unit_for_planning(request.user, slug)
    period = selected_period(request)
    objectives = _relevance_objectives(unit, period)
    rows = [
        (
            o,
            RelevanceForm(request.POST or None, prefix=f"o{o.pk}"),
            can_edit_objective(request.user, o),
        )
        for o in objectives
    ]
    notes = request.POST.get("notes", "")
    if request.method == "POST" and all(form.is_valid() for _, form, _ in rows):
        check = actions.record_relevance_check(
            request.user,
            unit,
            period,
            answers={str(o.pk): form.cleaned_data for o, form, _ in rows},
            notes=notes,
        )
        flagged = sum(a["change_needed"] == "yes" for a in check.answers.values())
        messages.success(
            request,
            "Monthly check recorded."
            + (
                f" {flagged} objective{'s' * (flagged != 1)} need a change: make it or propose it."
                if flagged
                else ""
            ),
        )
        return redirect(
            f"{reverse('planning:relevance-check', args=[unit.slug])}?period={period.slug}"
        )
    last = RelevanceCheck.objects.filter(unit=unit, period=period).select_related("author").first()
    return render(
        request,
        "planning/relevance_check.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(),
            "rows": rows,
            "last": last,
            "notes": notes,
            "proposals": {
                p.objective_id: p
                for p in Proposal.objects.filter(
                    objective__in=objectives, state=Proposal.State.OPEN
                )
            },
            "current_unit_slug": unit.slug,
        },
    )


@require_http_methods(["GET", "POST"])
def mid_quarter_review(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_unit_for_planning(request.user, slug)
    period = selected_period(request)
    form = MidQuarterReviewForm(request.POST or None)
    if form.is_valid():
        try:
            actions.record_mid_quarter_review(request.user, unit, period, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, "Mid-quarter review recorded.")
            return redirect(
                f"{reverse('planning:mid-quarter', args=[unit.slug])}?period={period.slug}"
            )
    return render(
        request,
        "planning/mid_quarter.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(),
            "form": form,
            "figures": review.mid_quarter(unit, period),
            "reviews": Review.objects.filter(
                unit=unit, period=period, kind=Review.Kind.MID_QUARTER
            ).select_related("author"),
            "current_unit_slug": unit.slug,
        },
    )
