"""Pages of the weekly practice: team check-in, commitments, backlog, KPIs, inbox and calendar
feeds (meetings and their agendas are in meeting_views.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.cadence import access, actions, agendas
from waypoint.cadence.calendar import feed_meetings, feed_name, render_calendar
from waypoint.cadence.charts import kpi_chart
from waypoint.cadence.forms import (
    CaptureForm,
    CommitmentForm,
    KpiForm,
    ReadingForm,
    TeamCheckInSheet,
    add_action_errors,
)
from waypoint.cadence.inbox import inbox_for
from waypoint.cadence.models import (
    BacklogItem,
    BacklogReview,
    CalendarFeed,
    Commitment,
    ReminderOptOut,
)
from waypoint.cadence.templatetags.cadence_tags import COMMITMENT_BUTTONS
from waypoint.domain.agenda import KpiInput, out_of_range
from waypoint.domain.diagnosis.rhythm import BACKLOG_REVIEW_DAYS
from waypoint.okrs.access import get_objective_for_user, require
from waypoint.okrs.periods import period_choices, selected_period


@require_http_methods(["GET", "POST"])
def team_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Every open key result of the unit on one screen; one "Save all" for the filled rows."""
    unit = access.get_unit_for_user(request.user, slug)
    period = selected_period(request)
    sheet = TeamCheckInSheet(request.user, unit, period, request.POST or None)
    if request.method == "POST":
        require(sheet.editable, "You cannot check in on any key result of this unit.")
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
            "periods": period_choices(request),
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


# --- backlog -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def unit_backlog(request: HttpRequest, slug: str) -> HttpResponse:
    """The unit's parking lot: capture in one step, review, promote or discard."""
    unit = access.get_unit_for_user(request.user, slug)
    form = CaptureForm(request.POST or None)
    if request.method == "POST":
        access.require_act_for(request.user, unit)
        if form.is_valid():
            try:
                actions.park_in_backlog(request.user, unit, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Parked. Review the backlog at least once a quarter.")
                return redirect("cadence:unit-backlog", unit.slug)
    items = BacklogItem.objects.filter(unit=unit).select_related(
        "created_by", "promoted_objective", "promoted_commitment"
    )
    last_review = BacklogReview.objects.filter(unit=unit).select_related("reviewed_by").first()
    stale_before = timezone.now() - timedelta(days=BACKLOG_REVIEW_DAYS)
    open_items = list(items.filter(status=BacklogItem.Status.OPEN).order_by("created_at"))
    for item in open_items:
        seen = [item.created_at, item.reviewed_at, last_review and last_review.reviewed_at]
        item.review_due = max(day for day in seen if day) < stale_before
    return render(
        request,
        "cadence/unit_backlog.html",
        {
            "unit": unit,
            "form": form,
            "can_act": access.can_act_for(request.user, unit),
            "open_items": open_items,
            "closed_items": items.exclude(status=BacklogItem.Status.OPEN)[:10],
            "last_review": last_review,
            "review_due": any(item.review_due for item in open_items),
            "review_days": BACKLOG_REVIEW_DAYS,
            "backlog_buttons": BACKLOG_BUTTONS,
            "current_unit_slug": unit.slug,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def unit_backlog_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark the unit's whole backlog reviewed now, by the person asking."""
    unit = access.get_unit_for_user(request.user, slug, act=True)
    try:
        review = actions.review_backlog(request.user, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Backlog marked reviewed ({review.open_items} "
            f"idea{'s' if review.open_items != 1 else ''} still parked). "
            "Review it again within a quarter.",
        )
    return redirect("cadence:unit-backlog", unit.slug)


BACKLOG_BUTTONS = [
    ("cadence:backlog-promote-objective", "Make it an objective"),
    ("cadence:backlog-promote-commitment", "Make it my commitment"),
    ("cadence:backlog-keep", "Keep parked"),
    ("cadence:backlog-discard", "Discard"),
]
BACKLOG_VERBS = {
    "keep": (
        lambda user, item, request: actions.review_backlog_item(user, item),
        "Reviewed: kept.",
    ),
    "discard": (
        lambda user, item, request: actions.review_backlog_item(user, item, keep=False),
        "Discarded.",
    ),
    "commitment": (
        lambda user, item, request: actions.promote_to_commitment(user, item),
        "Promoted to a commitment of yours for the coming week.",
    ),
    "objective": (
        lambda user, item, request: actions.promote_to_objective(
            user, item, period=selected_period(request)
        ),
        "Promoted to an objective: add two or three key results.",
    ),
}


@require_POST
def backlog_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    item = access.get_backlog_item_for_user(request.user, pk)
    action, message = BACKLOG_VERBS[verb]
    try:
        result = action(request.user, item, request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cadence:unit-backlog", item.unit.slug)
    messages.success(request, message)
    if verb == "objective":
        return redirect(result)
    return redirect("cadence:unit-backlog", item.unit.slug)


# --- KTLO KPIs ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def unit_kpis(request: HttpRequest, slug: str) -> HttpResponse:
    """The unit's keep-the-lights-on numbers, their healthy ranges and latest readings."""
    unit = access.get_unit_for_user(request.user, slug)
    form = KpiForm(request.POST or None, initial={"name": request.GET.get("name", "")})
    if request.method == "POST":
        access.require_act_for(request.user, unit)
        if form.is_valid():
            try:
                kpi = actions.create_kpi(request.user, unit, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "KPI added. Record its first reading.")
                return redirect("cadence:kpi-detail", kpi.pk)
    return render(
        request,
        "cadence/unit_kpis.html",
        {
            "unit": unit,
            "form": form,
            "can_act": access.can_act_for(request.user, unit),
            "kpis": [
                (k, out_of_range(agendas.kpi_input(k))) for k in agendas.kpis_with_latest(unit)
            ],
            "current_unit_slug": unit.slug,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One KPI: its chart against the healthy range, its readings, and a new reading."""
    kpi = access.get_kpi_for_user(request.user, pk)
    form = ReadingForm(request.POST or None)
    if request.method == "POST":
        access.require_act_for(request.user, kpi.unit)
        if form.is_valid():
            try:
                actions.record_kpi_reading(request.user, kpi, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Reading recorded.")
                return redirect("cadence:kpi-detail", kpi.pk)
    readings = list(kpi.readings.select_related("author"))
    latest = readings[-1].value if readings else None
    return render(
        request,
        "cadence/kpi_detail.html",
        {
            "kpi": kpi,
            "unit": kpi.unit,
            "form": form,
            "can_act": access.can_act_for(request.user, kpi.unit),
            "readings": list(reversed(readings)),
            "chart": kpi_chart(kpi, readings),
            "unhealthy": out_of_range(
                KpiInput(
                    kpi.pk,
                    kpi.name,
                    _float(latest),
                    _float(kpi.healthy_min),
                    _float(kpi.healthy_max),
                )
            ),
            "current_unit_slug": kpi.unit.slug,
        },
        status=422 if request.method == "POST" else 200,
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


# --- inbox -------------------------------------------------------------------------------------


def inbox(request: HttpRequest) -> HttpResponse:
    """What needs me now: check-ins due, my commitments due, meetings in the next 24 hours,
    coach findings on objectives I own."""
    return render(
        request,
        "cadence/inbox.html",
        {
            "inbox": inbox_for(request.user),
            "feed": CalendarFeed.objects.filter(
                person=request.user, revoked_at__isnull=True
            ).first(),
            "reminders_on": not ReminderOptOut.objects.filter(person=request.user).exists(),
            "today": timezone.localdate(),
            "commitment_buttons": COMMITMENT_BUTTONS,
        },
    )


def inbox_count(request: HttpRequest) -> HttpResponse:
    """The header's inbox badge, fetched after the page so pages stay as fast as they were."""
    count = inbox_for(request.user).count
    return render(request, "cadence/_inbox_count.html", {"count": count})


# --- calendar feeds ----------------------------------------------------------------------------


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind an unguessable token (calendar apps cannot log in)."""
    feed = access.get_active_feed(token)
    body = render_calendar(feed_name(feed), feed_meetings(feed), request.build_absolute_uri("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_POST
def unit_calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, slug, act=True)
    actions.create_calendar_feed(request.user, unit=unit)
    messages.success(request, "New calendar link: subscribe to it in your calendar app.")
    return redirect("cadence:unit-meetings", unit.slug)


@require_POST
def my_calendar_feed(request: HttpRequest) -> HttpResponse:
    actions.create_calendar_feed(request.user, person=request.user)
    messages.success(request, "New calendar link: subscribe to it in your calendar app.")
    return redirect("cadence:inbox")


@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = access.get_feed_for_user(request.user, pk)
    actions.revoke_calendar_feed(request.user, feed)
    messages.success(request, "Calendar link revoked: it no longer works anywhere.")
    if feed.unit is not None:
        return redirect("cadence:unit-meetings", feed.unit.slug)
    return redirect("cadence:inbox")


@require_POST
def kpi_recovery(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a recovery objective from an unhealthy KPI, then refine it on its page."""
    kpi = access.get_kpi_for_user(request.user, pk, act=True)
    try:
        objective = actions.start_recovery_objective(
            request.user, kpi, period=selected_period(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cadence:kpi-detail", kpi.pk)
    messages.success(request, "Recovery objective started: check its wording and key result.")
    return redirect(objective)


@require_POST
def reminders_setting(request: HttpRequest) -> HttpResponse:
    """Switch my reminder emails on or off."""
    enabled = request.POST.get("enabled") == "on"
    actions.set_reminders(request.user, enabled=enabled)
    messages.success(request, "Reminder emails on." if enabled else "Reminder emails off.")
    return redirect("cadence:inbox")


def kpi_from_objective(request: HttpRequest, pk: int) -> HttpResponse:
    """The coach's "track this as a KPI" fix: the new-KPI form of the objective's unit, named
    after what the objective keeps running."""
    objective = get_objective_for_user(request.user, pk)
    unit = next(iter(objective.units.all()), None)
    if unit is None:
        raise Http404("This objective has no owning unit.")
    name = re.sub(r"^(maintain|keep|sustain)\s+", "", objective.title, flags=re.IGNORECASE)
    query = urlencode({"name": name[:1].upper() + name[1:], "objective": objective.pk})
    return redirect(f"{reverse('cadence:unit-kpis', args=[unit.slug])}?{query}#new-kpi-heading")
