"""Pages of a unit's meetings: the schedule and rhythm, one meeting with its agenda, notes,
commitments and parked ideas, and the agenda as Markdown or for print."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from waypoint.cadence import access, actions, agendas
from waypoint.cadence.forms import (
    AgendaItemForm,
    BacklogForm,
    CadenceForm,
    CancelForm,
    CommitmentForm,
    MeetingNotesForm,
    RescheduleForm,
    ScheduleMeetingForm,
    add_action_errors,
)
from waypoint.cadence.models import (
    RHYTHM_KINDS,
    CalendarFeed,
    Meeting,
    UnitCadence,
)
from waypoint.cadence.templatetags.cadence_tags import COMMITMENT_BUTTONS
from waypoint.domain.agenda import slipping_rhythm
from waypoint.domain.agenda import to_markdown as agenda_markdown
from waypoint.orgs.models import Organisation, Unit


def _unit_meetings_page(
    request: HttpRequest, unit: Unit, *, status: int = 200, **forms: Form
) -> HttpResponse:
    cadence = UnitCadence.objects.filter(unit=unit).first()
    meetings = Meeting.objects.filter(unit=unit)
    now = timezone.now()
    return render(
        request,
        "cadence/unit_meetings.html",
        {
            "unit": unit,
            "cadence": cadence,
            "can_act": access.can_act_for(request.user, unit),
            "cadence_form": forms.get("cadence_form")
            or CadenceForm(
                instance=cadence
                or UnitCadence(unit=unit, **Organisation.current().meeting_defaults())
            ),
            "schedule_form": forms.get("schedule_form") or ScheduleMeetingForm(),
            "upcoming": meetings.upcoming().filter(scheduled_for__gte=now - timedelta(hours=3)),
            "feed": CalendarFeed.objects.filter(unit=unit, revoked_at__isnull=True).first(),
            "slipping": slipping_rhythm(
                list(
                    meetings.filter(scheduled_for__lt=now, kind__in=RHYTHM_KINDS)
                    .order_by("-scheduled_for")
                    .values_list("status", flat=True)[:5]
                )
            ),
            "past": meetings.filter(scheduled_for__lt=now)
            .exclude(
                status__in=["scheduled", "delayed"], scheduled_for__gte=now - timedelta(hours=3)
            )
            .order_by("-scheduled_for")[:12],
            "current_unit_slug": unit.slug,
        },
        status=status,
    )


def unit_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """The unit's rhythm: its cadence, upcoming meetings and the ones before."""
    return _unit_meetings_page(request, access.get_unit_for_user(request.user, slug))


@require_POST
def unit_cadence(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, slug, act=True)
    form = CadenceForm(request.POST)
    if form.is_valid():
        try:
            actions.set_cadence(request.user, unit, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Meeting rhythm saved; the next meeting is on the calendar.")
            return redirect("cadence:unit-meetings", unit.slug)
    return _unit_meetings_page(request, unit, status=422, cadence_form=form)


@require_POST
def meeting_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, slug, act=True)
    form = ScheduleMeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = actions.schedule_meeting(request.user, unit, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Meeting scheduled. Add topics to its agenda.")
            return redirect(meeting)
    return _unit_meetings_page(request, unit, status=422, schedule_form=form)


def _meeting_page(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms: Form
) -> HttpResponse:
    unit = meeting.unit
    period = agendas.period_for(timezone.localtime(meeting.scheduled_for).date())
    return render(
        request,
        "cadence/meeting_detail.html",
        {
            "meeting": meeting,
            "unit": unit,
            "agenda": agendas.agenda_for(meeting),
            "can_act": access.can_act_for(request.user, unit),
            "item_form": forms.get("item_form") or AgendaItemForm(),
            "notes_form": forms.get("notes_form")
            or MeetingNotesForm(initial={"notes": meeting.notes, "decisions": meeting.decisions}),
            "commitment_form": forms.get("commitment_form")
            or CommitmentForm(
                unit=unit, period=period, initial={"person": request.user}, prefix="commitment"
            ),
            "backlog_form": forms.get("backlog_form") or BacklogForm(),
            "reschedule_form": forms.get("reschedule_form") or RescheduleForm(),
            "cancel_form": forms.get("cancel_form") or CancelForm(),
            "new_commitments": meeting.commitments.select_related("person", "key_result"),
            "today": timezone.localdate(),
            "commitment_buttons": COMMITMENT_BUTTONS,
            "current_unit_slug": unit.slug,
        },
        status=status,
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's generated agenda, and everything to run it from one page."""
    return _meeting_page(request, access.get_meeting_for_user(request.user, pk))


def _meeting_form_post(
    request: HttpRequest,
    pk: int,
    form_class: type[Form],
    name: str,
    run: Callable[[Meeting, dict[str, Any]], object],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    """Access → form → action → redirect back to the meeting (or the page with the errors)."""
    meeting = access.get_meeting_for_user(request.user, pk, act=True)
    kwargs: dict[str, Any] = {}
    if form_class is CommitmentForm:
        day = timezone.localtime(meeting.scheduled_for).date()
        kwargs = {"unit": meeting.unit, "period": agendas.period_for(day), "prefix": "commitment"}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            run(meeting, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(meeting.get_absolute_url() + anchor)
    return _meeting_page(request, meeting, status=422, **{name: form})


@require_POST
def meeting_agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        AgendaItemForm,
        "item_form",
        lambda m, data: actions.add_agenda_item(request.user, m, **data),
        "Added to the agenda.",
    )


@require_POST
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        MeetingNotesForm,
        "notes_form",
        lambda m, data: actions.record_meeting_notes(request.user, m, **data),
        "Notes and decisions saved.",
        "#notes-heading",
    )


@require_POST
def meeting_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        CommitmentForm,
        "commitment_form",
        lambda m, data: actions.create_commitment(request.user, m.unit, meeting=m, **data),
        "Commitment added.",
        "#new-commitments-heading",
    )


@require_POST
def meeting_backlog(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        BacklogForm,
        "backlog_form",
        lambda m, data: actions.park_in_backlog(request.user, m.unit, **data),
        "Parked in the backlog.",
    )


@require_POST
def meeting_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        RescheduleForm,
        "reschedule_form",
        lambda m, data: actions.reschedule_meeting(request.user, m, **data),
        "Meeting rescheduled.",
    )


@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form_post(
        request,
        pk,
        CancelForm,
        "cancel_form",
        lambda m, data: actions.cancel_meeting(request.user, m, **data),
        "Meeting cancelled. The next one is on the calendar.",
    )


@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk, act=True)
    try:
        actions.hold_meeting(request.user, meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Meeting held. The next one is on the calendar.")
    return redirect(meeting)


def meeting_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda as Markdown (text/markdown), for a chat or a document."""
    meeting = access.get_meeting_for_user(request.user, pk)
    text = agenda_markdown(agendas.agenda_for(meeting))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="agenda-{meeting.pk}.md"'
    return response


def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda on one printable page."""
    meeting = access.get_meeting_for_user(request.user, pk)
    return render(
        request,
        "cadence/meeting_print.html",
        {"meeting": meeting, "unit": meeting.unit, "agenda": agendas.agenda_for(meeting)},
    )
