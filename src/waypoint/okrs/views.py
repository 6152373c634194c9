"""OKR pages: company, unit, objective and key result pages, forms and inline check-ins."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from waypoint.coach import service as coach
from waypoint.okrs import actions, charts
from waypoint.okrs.access import (
    can_correct_check_in,
    can_edit_key_result,
    get_check_in_for_user,
    get_key_result_for_user,
    get_objective_for_user,
)
from waypoint.okrs.forms import (
    CheckInForm,
    CloseForm,
    CorrectionForm,
    KeyResultForm,
    ObjectiveForm,
    plain_number,
)
from waypoint.okrs.models import CheckIn, KeyResult, Objective, Period, Status
from waypoint.okrs.periods import period_choices, selected_period, year_of
from waypoint.okrs.queries import needs_attention
from waypoint.okrs.summaries import units_below
from waypoint.orgs.access import can_plan_for, is_admin, led_unit_ids
from waypoint.orgs.models import Person, Unit
from waypoint.planning import actions as agreements
from waypoint.planning.access import can_answer, can_propose_change, proposals_for
from waypoint.planning.models import Proposal


def apply_action_errors(form: Form, error: ValidationError) -> None:
    """Show an action's refusal next to the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_warnings(request: HttpRequest, warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def flash_proposals(request: HttpRequest, proposals: list) -> None:
    for proposal in proposals:
        messages.info(
            request,
            f"Proposed to {proposal.unit}: it shares this objective once its lead accepts.",
        )


# A unit's page counts the coach's findings up to here ("99+"); its Health page lists them all.
COACH_COUNT_UP_TO = 99


def home(request: HttpRequest) -> HttpResponse:
    company = Unit.objects.filter(kind=Unit.Kind.COMPANY).first()
    if company is None:
        return render(request, "okrs/empty_org.html")
    return unit_detail(request, company.slug)


def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The breadcrumbs show the parent and the grandparent.
    unit = get_object_or_404(Unit.objects.select_related("parent__parent"), slug=slug)
    period = selected_period(request)
    objectives = list(
        Objective.objects.for_period(period).owned_by(unit).with_details().order_by("id")
    )
    can_plan = can_plan_for(request.user, unit)
    below, summaries = units_below(unit, period, request.GET.get("page"), timezone.localdate())
    return render(
        request,
        "okrs/unit_detail.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(request),
            "objectives": objectives,
            "annual": _annual_goals(unit, period, year_of(request, period)),
            "attention": (
                needs_attention(period, timezone.localdate())
                if unit.kind == Unit.Kind.COMPANY
                else []
            ),
            "current_unit_slug": unit.slug,
            "below": below,
            "summaries": summaries,
            "can_plan": can_plan,
            # can_plan_for asked for the units one leads already when it matters; asked again
            # only for the company page's administrators and leads who are members here.
            "can_assign": below.paginator.count > 0 and can_plan and _leads(request.user, unit),
            "drafts": sum(o.is_draft for o in objectives),
            # The close page is offered in the last two weeks of a period and after it.
            "closing_time": timezone.localdate() >= period.end - timedelta(days=14)
            and any(not o.is_closed for o in objectives),
            "limit": actions.limit_verdict(unit, period, objectives) if can_plan else None,
            "coach_count": coach.shown_count(
                period, coach.page_scope(unit), up_to=COACH_COUNT_UP_TO + 1
            ),
            "coach_count_up_to": COACH_COUNT_UP_TO,
        },
    )


def _leads(user: object, unit: Unit) -> bool:
    return is_admin(user) or unit.pk in led_unit_ids(user)


def _annual_goals(
    unit: Unit, period: Period, year: Period | None
) -> tuple[Period | None, list[Objective]]:
    """While looking at a quarter, the unit's goals for the `year` it belongs to."""
    if period.kind != Period.Kind.QUARTER or year is None:
        return None, []
    goals = list(
        Objective.objects.for_period(year)
        .owned_by(unit)
        .not_dropped()
        .with_details()
        .order_by("id")
    )
    if period.end < timezone.localdate():
        _as_of(goals, period.end)
    return year, goals


def _as_of(objectives: list[Objective], day: date) -> None:
    """Show the objectives' key results as they stood at the end of `day` (in memory only):
    a past quarter's page shows the year's goals as they were then, not as they are today."""
    krs = [kr for objective in objectives for kr in objective.key_results.all()]
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    latest: dict[int, CheckIn] = {}
    for check_in in CheckIn.objects.filter(key_result__in=krs, at__lt=end).order_by("at", "id"):
        latest[check_in.key_result_id] = check_in
    for kr in krs:
        reading = latest.get(kr.pk)
        kr.current = reading.value if reading else None
        kr.confidence = reading.confidence if reading else None
        kr.last_checked_in_at = reading.at if reading else None
        if kr.closed_at is not None and kr.closed_at >= end:
            kr.status = Status.ACTIVE  # closed later than that day


def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk)
    key_results = list(objective.key_results.all())
    check_ins = CheckIn.objects.filter(key_result__in=key_results).select_related("author")
    return render(
        request,
        "okrs/objective_detail.html",
        {
            "coach_findings": coach.objective_findings({objective.pk})[objective.pk],
            "objective": objective,
            "period": objective.period,
            "key_results": key_results,
            "charts": charts.key_result_charts(key_results, list(check_ins), objective.period),
            "changes": objective.changes.select_related("author", "key_result")[:50],
            "children": objective.child_objectives.prefetch_related("units").select_related(
                "owner"
            ),
            "proposals": [
                (proposal, can_answer(request.user, proposal))
                for proposal in Proposal.objects.filter(
                    Q(objective=objective) | Q(other_objective=objective), state="open"
                ).select_related("unit", "key_result", "proposed_by", "other_objective")
            ],
            "can_propose": not objective.is_closed and can_propose_change(request.user, objective),
        },
    )


@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest) -> HttpResponse:
    period = selected_period(request)
    unit = Unit.objects.filter(slug=request.GET.get("unit", "")).first()
    initial = {"owner": request.user, "units": [unit] if unit else []}
    form = ObjectiveForm(request.POST or None, period=period, initial=initial)
    if form.is_valid():
        try:
            outcome, proposals = agreements.create_objective_agreeing(
                request.user,
                period=period,
                **{
                    k: form.cleaned_data[k]
                    for k in (
                        "title",
                        "description",
                        "owner",
                        "units",
                        "stretch",
                        "kind",
                        "parent_objectives",
                        "parent_key_results",
                    )
                },
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            flash_warnings(request, outcome.warnings)
            flash_proposals(request, proposals)
            messages.success(request, "Objective created. Now add two or three key results.")
            return redirect(outcome.obj)
    # On a refused POST the form itself says why; the up-front notes are for the first look.
    warnings: list[str] = []
    if unit is not None and request.method == "GET":
        if can_plan_for(request.user, unit):
            limits = actions.objective_limit_verdicts([unit], period)
            warnings = [v.message for v in limits if v.level != "ok"]
        else:
            warnings = [
                f"You are not a member of {unit.name}: its members, a lead of a unit "
                "above it, or an administrator write its objectives."
            ]
    return render(
        request,
        "okrs/objective_form.html",
        {
            "form": form,
            "period": period,
            "unit": unit,
            "warnings": warnings,
        },
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk, write=True)
    form = ObjectiveForm(request.POST or None, instance=objective, period=objective.period)
    if request.method == "POST" and form.is_valid():
        try:
            outcome, proposals = agreements.change_objective_agreeing(
                request.user,
                Objective.objects.get(pk=pk),
                form.cleaned_data,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            flash_warnings(request, outcome.warnings)
            flash_proposals(request, proposals)
            messages.success(request, "Objective saved.")
            return redirect(outcome.obj)
    return render(
        request,
        "okrs/objective_form.html",
        {
            "form": form,
            "period": objective.period,
            "objective": objective,
        },
    )


@require_http_methods(["GET", "POST"])
def key_result_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk, write=True)
    first_unit = next(iter(objective.units.all()), None)
    form = KeyResultForm(request.POST or None, initial={"owner_unit": first_unit})
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            outcome = actions.add_key_result(request.user, objective, **data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            flash_warnings(request, outcome.warnings)
            messages.success(request, "Key result added.")
            return redirect(objective)
    verdict = actions.key_result_limit_verdict(objective)
    return render(
        request,
        "okrs/key_result_form.html",
        {
            "form": form,
            "objective": objective,
            "warnings": [verdict.message] if verdict.level != "ok" else [],
        },
    )


@require_http_methods(["GET", "POST"])
def key_result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    key_result = get_key_result_for_user(request.user, pk, write=True)
    form = KeyResultForm(
        request.POST or None,
        instance=key_result,
        wording_only=not can_edit_key_result(request.user, key_result),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_key_result(
                request.user,
                KeyResult.objects.get(pk=pk),
                form.cleaned_data,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, "Key result saved.")
            return redirect(key_result.objective)
    return render(
        request,
        "okrs/key_result_form.html",
        {
            "form": form,
            "objective": key_result.objective,
            "key_result": key_result,
            "has_check_ins": key_result.check_ins.exists(),
        },
    )


def key_result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key_result = get_key_result_for_user(request.user, pk)
    check_ins = list(
        key_result.check_ins.select_related("author").prefetch_related("corrections__author")
    )
    period = key_result.objective.period
    open_for_corrections = (
        not key_result.is_closed
        and not key_result.objective.is_closed
        and timezone.localdate() <= period.end
    )
    return render(
        request,
        "okrs/key_result_detail.html",
        {
            "kr": key_result,
            "objective": key_result.objective,
            "period": period,
            "check_ins": list(reversed(check_ins)),
            "correctable": {
                c.pk
                for c in check_ins
                if open_for_corrections
                and period.start <= c.as_of <= period.end
                and can_correct_check_in(request.user, c)
            },
            "chart": charts.key_result_chart(key_result, check_ins, period),
            "changes": key_result.changes.select_related("author")[:50],
        },
    )


# Where a key result row sits on its page: a prefix keeps its ids unique when one key result
# is shown twice (e.g. "Needs attention" and its objective's card on the company page), and
# `card=1` says the row's objective progress is on the page too, to refresh it after a check-in.
ROW_PREFIX = re.compile(r"[a-z]{1,20}-")


def _row_place(request: HttpRequest) -> tuple[str, bool]:
    prefix = request.GET.get("row", "")
    return (prefix if ROW_PREFIX.fullmatch(prefix) else ""), request.GET.get("card") == "1"


def _focus_value(form: CheckInForm, request: HttpRequest) -> None:
    """The value is focused when a check-in form opens: on its own page by the browser, inline
    by the front end once htmx has wired the form (see app.js)."""
    form.fields["value"].widget.attrs["data-autofocus" if request.htmx else "autofocus"] = True


def _typed_back(data: QueryDict, prefix: str = "") -> dict[str, Any]:
    """The form as it was before "did you mean…?", to change the value (the "edit" button
    carries the value as typed)."""
    names = ("confidence", "note", "as_of", "reason")
    initial: dict[str, Any] = {name: data.get(f"{prefix}{name}", "") for name in names}
    initial["value"] = data.get("edit", "")
    return initial


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    key_result = get_key_result_for_user(request.user, pk, check_in=True)
    row_prefix, in_card = _row_place(request)
    previous = key_result.check_ins.select_related("author").last()
    data = request.POST or None
    initial: dict[str, Any] = {"confidence": key_result.confidence or 7}
    if data is not None and "edit" in data:
        data, initial = None, _typed_back(request.POST)
    form = CheckInForm(
        data,
        initial=initial,
        key_result=key_result,
        previous=previous.value if previous else None,
        auto_id=f"id_{row_prefix}kr{key_result.pk}_%s",
    )
    _focus_value(form, request)
    if form.is_valid():
        try:
            actions.record_check_in(request.user, key_result, **form.action_data())
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            if request.htmx:
                row = kr_row(request, key_result, row_prefix=row_prefix, in_card=in_card)
                return reswap(retarget(row, f"#kr-{row_prefix}{key_result.pk}"), "outerHTML")
            messages.success(request, "Check-in saved.")
            return redirect(key_result.objective)
    template = "okrs/check_in_form.html#form" if request.htmx else "okrs/check_in_form.html"
    return render(
        request,
        template,
        {
            "form": form,
            "kr": key_result,
            "previous": previous,
            "period": key_result.objective.period,
            "row_query": request.GET.urlencode() if row_prefix or in_card else "",
        },
    )


@require_http_methods(["GET", "POST"])
def check_in_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one of my check-ins (or, as an administrator, anyone's) while its period runs;
    the history keeps what it was."""
    check_in = get_check_in_for_user(request.user, pk, correct=True)
    key_result = check_in.key_result
    data = request.POST or None
    initial: dict[str, Any] = {
        "value": plain_number(check_in.value),
        "confidence": check_in.confidence,
        "note": check_in.note,
        "as_of": check_in.as_of,
    }
    if data is not None and "edit" in data:
        data, initial = None, _typed_back(request.POST)
    before = key_result.check_ins.exclude(pk=check_in.pk).filter(at__lte=check_in.at).last()
    form = CorrectionForm(
        data,
        initial=initial,
        key_result=key_result,
        previous=before.value if before else None,
        auto_id=f"id_correct{check_in.pk}_%s",
    )
    _focus_value(form, request)
    if form.is_valid():
        try:
            actions.correct_check_in(request.user, check_in, **form.action_data())
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, "Check-in corrected. The history keeps what it was.")
            if request.htmx:
                return HttpResponseClientRedirect(key_result.get_absolute_url())
            return redirect(key_result)
    template = "okrs/check_in_correct.html#form" if request.htmx else "okrs/check_in_correct.html"
    return render(
        request,
        template,
        {
            "form": form,
            "check_in": check_in,
            "kr": key_result,
            "period": key_result.objective.period,
        },
    )


def kr_row(
    request: HttpRequest, key_result: KeyResult, *, row_prefix: str, in_card: bool
) -> HttpResponse:
    """The key result's row just after a check-in, as an htmx fragment: with its chart on pages
    that show charts, and its objective's progress when that is on the page too."""
    period = key_result.objective.period
    current = request.htmx.current_url_abs_path or ""
    chart = None
    if current.startswith(("/objectives/", "/key-results/")):
        chart = charts.key_result_chart(key_result, list(key_result.check_ins.all()), period)
    objective = Objective.objects.with_details().get(pk=key_result.objective_id)
    return render(
        request,
        "okrs/_kr_row.html",
        {
            "kr": key_result,
            "period": period,
            "just_checked_in": True,
            "chart": chart,
            "row_prefix": row_prefix,
            "in_card": in_card,
            "objective_progress": objective if in_card else None,
        },
    )


def _close(request: HttpRequest, target: Objective | KeyResult, close_action) -> HttpResponse:
    form = CloseForm(request.POST or None)
    if form.is_valid():
        try:
            close_action(request.user, target, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Closed as {target.get_status_display().lower()}.")
            return redirect(target.objective if isinstance(target, KeyResult) else target)
    objective = target.objective if isinstance(target, KeyResult) else target
    return render(
        request,
        "okrs/close_form.html",
        {"form": form, "target": target, "objective": objective, "period": objective.period},
    )


@require_http_methods(["GET", "POST"])
def objective_close(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk, write=True)
    return _close(request, objective, actions.close_objective)


@require_http_methods(["GET", "POST"])
def key_result_close(request: HttpRequest, pk: int) -> HttpResponse:
    key_result = get_key_result_for_user(request.user, pk, write=True)
    return _close(request, key_result, actions.close_key_result)


@require_http_methods(["POST"])
def reopen(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "objectives":
        target: Objective | KeyResult = get_objective_for_user(request.user, pk, write=True)
    else:
        target = get_key_result_for_user(request.user, pk, write=True)
    try:
        actions.reopen(request.user, target, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Reopened.")
    return redirect(target.objective if isinstance(target, KeyResult) else target)


def my_okrs(request: HttpRequest) -> HttpResponse:
    """Objectives I own, key results of my teams, and my private personal goals."""
    from waypoint.personal.access import personal_goals_for

    person: Person = request.user  # type: ignore[assignment]
    period = selected_period(request, required=False)
    my_units = list(Unit.objects.with_member(person))
    owned = Objective.objects.none()
    team_krs = KeyResult.objects.none()
    if period is not None:
        owned = Objective.objects.for_period(period).filter(owner=person).with_details()
        team_krs = (
            KeyResult.objects.for_period(period)
            .filter(owner_unit__in=my_units)
            .exclude(objective__owner=person)  # shown with the objectives I own, above
            .select_related("objective__owner", "objective__period", "owner_unit")
            .order_by("owner_unit__name", "objective_id", "position")
        )
    return render(
        request,
        "okrs/my_okrs.html",
        {
            "period": period,
            "periods": period_choices(request),
            "owned": owned,
            "team_krs": team_krs,
            "my_units": my_units,
            "personal_goals": personal_goals_for(person, period),
            "waiting_proposals": proposals_for(person),
        },
    )
