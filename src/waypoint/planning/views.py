"""Quarter close, the learning loop, drafts, periods, proposals and the monthly check."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.cadence.models import BacklogItem, Review
from waypoint.domain.agenda import duration_label
from waypoint.domain.agenda import to_markdown as agenda_markdown
from waypoint.okrs.access import can_edit_objective, get_objective_for_user, require
from waypoint.okrs.models import Objective, Period, Status
from waypoint.okrs.periods import period_choices, selected_period
from waypoint.okrs.views import apply_action_errors
from waypoint.orgs.access import can_plan_for, is_admin
from waypoint.orgs.models import Unit
from waypoint.planning import actions, learning, offsite_agendas, plans, review
from waypoint.planning.access import (
    can_answer_back_brief,
    can_propose_change,
    get_back_brief_for_answer,
    get_proposal_for_user,
    get_unit_for_planning,
    proposals_for,
)
from waypoint.planning.closing import ObjectiveProposal, propose_close
from waypoint.planning.forms import (
    AnswerForm,
    BackBriefForm,
    KeyResultCloseForm,
    MergeProposalForm,
    MidQuarterReviewForm,
    ObjectiveCloseForm,
    ProposalForm,
    RelevanceForm,
)
from waypoint.planning.models import BackBrief, Proposal, RelevanceCheck


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
            "periods": period_choices(request),
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
            "periods": period_choices(request),
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
            "periods": period_choices(request),
            "form": form,
            "figures": review.mid_quarter(unit, period),
            "reviews": Review.objects.filter(
                unit=unit, period=period, kind=Review.Kind.MID_QUARTER
            ).select_related("author"),
            "current_unit_slug": unit.slug,
        },
    )


# ---- Planning the next period: drafts and back-briefs --------------------------------------


def _planning_period(request: HttpRequest) -> Period | None:
    slug = request.GET.get("period")
    period = plans.planning_period(slug)
    if slug and period is None:
        raise Http404(f"No period {slug!r}.")
    return period


def _plan_url(unit: Unit, period: Period) -> str:
    return f"{reverse('planning:plan', args=[unit.slug])}?period={period.slug}"


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's planning page for the next period: the objectives above it, its carried-over
    and new drafts, its backlog, and its back-brief to the lead above."""
    unit = get_unit_for_planning(request.user, slug)
    period = _planning_period(request)
    if period is None:
        return render(
            request,
            "planning/plan.html",
            {"unit": unit, "period": None, "current_unit_slug": unit.slug},
        )
    the_plan = plans.plan_for(unit, period)
    above = plans.above_objectives(unit, period)
    brief = the_plan.back_brief
    initial = (
        {
            "understood": brief.understood,
            "plan": brief.plan,
            "measures": brief.measures,
            "needs": brief.needs,
            "contributes_to": list(brief.contributes_to.all()),
        }
        if brief
        else {"contributes_to": [o for o in the_plan.above if o.pk in the_plan.contributed]}
    )
    form = BackBriefForm(request.POST or None, above=above, initial=initial)
    if form.is_valid():
        try:
            actions.write_back_brief(request.user, unit, period, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            lead_above = unit.parent.name if unit.parent else "the unit above"
            messages.success(request, f"Back-brief sent: {lead_above}'s lead answers it.")
            return redirect(_plan_url(unit, period))
    return render(
        request,
        "planning/plan.html",
        {
            "unit": unit,
            "period": period,
            "periods": [p for p in period_choices(request) if p.kind == period.kind],
            "plan": the_plan,
            "form": form,
            "current_unit_slug": unit.slug,
        },
    )


@require_POST
def plan_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a draft for the planned period from an objective above or a backlog idea."""
    unit = get_unit_for_planning(request.user, slug)
    period = _planning_period(request)
    if period is None:
        raise Http404("No period to plan yet.")
    try:
        if request.POST.get("above", "").isdigit():
            above = get_object_or_404(Objective, pk=int(request.POST["above"]), period=period)
            draft = actions.draft_contribution(request.user, unit, above)
        elif request.POST.get("backlog", "").isdigit():
            item = get_object_or_404(
                BacklogItem.objects.select_related("unit"),
                pk=int(request.POST["backlog"]),
                unit=unit,
            )
            draft = actions.draft_from_backlog(request.user, item, period)
        else:
            raise ValidationError("Choose an objective above or an idea from the backlog.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(unit, period))
    messages.success(request, f"Drafted “{draft.title}”: reword it as {unit.name}'s own.")
    return redirect(_plan_url(unit, period))


def back_briefs(request: HttpRequest, slug: str) -> HttpResponse:
    """The back-briefs of the units below, side by side, and who has not back-briefed yet."""
    unit = get_object_or_404(Unit, slug=slug)
    period = _planning_period(request)
    rows = plans.briefs_below(unit, period) if period else []
    # Every unit below shares the same units above: one check answers for all of them.
    answers_here = bool(rows) and can_answer_back_brief(request.user, BackBrief(unit=rows[0].unit))
    answerable = {row.back_brief.pk for row in rows if row.back_brief and answers_here}
    return render(
        request,
        "planning/back_briefs.html",
        {
            "unit": unit,
            "period": period,
            "periods": [p for p in period_choices(request) if period and p.kind == period.kind],
            "rows": rows,
            "missing": [row for row in rows if row.back_brief is None],
            "answerable": answerable,
            "intent": list(
                Objective.objects.for_period(period)
                .owned_by(unit)
                .filter(status=Status.ACTIVE)
                .order_by("id")
            )
            if period
            else [],
            "can_plan": can_plan_for(request.user, unit),
            "current_unit_slug": unit.slug,
        },
    )


@require_POST
def back_brief_answer(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    back_brief = get_back_brief_for_answer(request.user, pk)
    note = request.POST.get("note", "")[:4000]
    answer = (
        actions.accept_back_brief if verdict == "accept" else actions.ask_for_back_brief_changes
    )
    try:
        answer(request.user, back_brief, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{back_brief.unit.name}'s back-brief "
            + ("accepted." if verdict == "accept" else "goes back to them with your note."),
        )
    parent = back_brief.unit.parent
    target = parent.slug if parent else back_brief.unit.slug
    return redirect(
        f"{reverse('planning:back-briefs', args=[target])}?period={back_brief.period.slug}"
    )


# ---- Monthly, quarterly and annual agendas -------------------------------------------------


def _offsite(request: HttpRequest, slug: str, meeting: str) -> tuple[Unit, Period, object]:
    if meeting not in offsite_agendas.MEETING_KIND:
        raise Http404("A monthly, quarterly or annual meeting.")
    unit = get_object_or_404(Unit, slug=slug)
    period = selected_period(request)
    try:
        agenda = offsite_agendas.agenda_for(unit, meeting, period, timezone.localdate())
    except LookupError as error:
        raise Http404(str(error)) from error
    return unit, period, agenda


def offsite_agenda(request: HttpRequest, slug: str, meeting: str) -> HttpResponse:
    """The generated agenda of a unit's monthly check, quarterly or annual offsite; `?print=1`
    gives the printable page."""
    unit, period, agenda = _offsite(request, slug, meeting)
    template = "planning/agenda_print.html" if request.GET.get("print") else "planning/agenda.html"
    return render(
        request,
        template,
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(request),
            "meeting": meeting,
            "meetings": [(m, offsite_agendas.TITLES[m]) for m in offsite_agendas.MEETING_KIND],
            "agenda": agenda,
            "length": duration_label(agenda.minutes),
            "current_unit_slug": unit.slug,
        },
    )


def offsite_agenda_markdown(request: HttpRequest, slug: str, meeting: str) -> HttpResponse:
    unit, period, agenda = _offsite(request, slug, meeting)
    response = HttpResponse(agenda_markdown(agenda), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{meeting}-{unit.slug}-{period.slug}.md"'
    return response
