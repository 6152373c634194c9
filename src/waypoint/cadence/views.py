"""Pages of the weekly practice: team check-in, commitments, meetings and agendas, backlog, KPIs."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.cadence import access, actions
from waypoint.cadence.forms import CommitmentForm, TeamCheckInSheet, add_action_errors
from waypoint.cadence.models import Commitment
from waypoint.cadence.templatetags.cadence_tags import COMMITMENT_BUTTONS
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


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@require_http_methods(["GET", "POST"])
def unit_commitments(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's commitments in flight, and a form to add one."""
    unit = access.get_unit_for_user(request.user, slug)
    period = selected_period(request, required=False)
    can_act = access.can_act_for(request.user, unit)
    form = CommitmentForm(
        request.POST or None, unit=unit, period=period, initial={"person": request.user}
    )
    if request.method == "POST":
        access.require_act_for(request.user, unit)
        if form.is_valid():
            try:
                actions.create_commitment(request.user, unit, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Commitment added.")
                return redirect(request.get_full_path())
    commitments = Commitment.objects.filter(unit=unit).select_related("person", "key_result")
    week_ago = timezone.now() - timedelta(days=7)
    return render(
        request,
        "cadence/unit_commitments.html",
        {
            "unit": unit,
            "period": period,
            "form": form,
            "can_act": can_act,
            "in_flight": commitments.open().order_by("person__first_name", "due", "id"),
            "recent": commitments.exclude(status="open").filter(done_at__gte=week_ago),
            "limit": actions.commitment_limit(),
            "today": timezone.localdate(),
            "commitment_buttons": COMMITMENT_BUTTONS,
            "current_unit_slug": unit.slug,
        },
        status=422 if request.method == "POST" else 200,
    )


COMMITMENT_VERBS = {
    "done": (actions.complete_commitment, "Done — well finished."),
    "drop": (actions.drop_commitment, "Dropped."),
    "carry": (actions.carry_over_commitment, "Carried over to next week."),
}


@require_POST
def commitment_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    commitment = access.get_commitment_for_user(request.user, pk)
    action, message = COMMITMENT_VERBS[verb]
    try:
        action(request.user, commitment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return _back(request, reverse("cadence:unit-commitments", args=[commitment.unit.slug]))
