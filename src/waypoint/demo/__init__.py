"""The demo organisation: Tidewater Software, a ~400-person commerce software company.

``load_demo(today, password)`` builds it relative to ``today`` — this year's company goals,
last quarter checked in weekly and closed with scores, this quarter checked in up to today —
and can be run again without duplicating anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.coach import refresh as coach_refresh
from waypoint.demo.agreements import load_agreements
from waypoint.demo.alignment import load_alignment
from waypoint.demo.content import ANNUAL, CURRENT_QUARTER, PREVIOUS_QUARTER
from waypoint.demo.okrs import Links, Loaded, close_loaded, load_objectives, write_check_ins
from waypoint.demo.org import COMPANY_NAME, COMPANY_SLUG, load_org, load_organisation
from waypoint.demo.planning import load_next_quarter
from waypoint.demo.practice import load_practice
from waypoint.demo.problems import DELIBERATE_PROBLEMS, DeliberateProblem
from waypoint.demo.quarter import load_quarter_rhythm
from waypoint.demo.rhythm import freeze_held_agendas
from waypoint.demo.specs import ObjectiveSpec
from waypoint.demo.webhooks import load_webhooks
from waypoint.domain import periods as dperiods
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import CheckIn, CheckInCorrection, KeyResult, Objective, Period
from waypoint.orgs.models import Person, Unit
from waypoint.seed import ensure_periods, period_from_span, shared_password_hash

DEFAULT_PASSWORD = "waypoint"
Content = tuple[ObjectiveSpec, ...]

__all__ = [
    "COMPANY_NAME",
    "COMPANY_SLUG",
    "DELIBERATE_PROBLEMS",
    "DEMO_LOGINS",
    "DeliberateProblem",
    "DemoSummary",
    "Login",
    "default_password",
    "load_demo",
]


@dataclass(frozen=True)
class Login:
    """A demo account worth trying, and who that person is."""

    username: str
    role: str


DEMO_LOGINS: tuple[Login, ...] = (
    Login("admin", "administrator (Sam Whitfield)"),
    Login("maya", "CEO"),
    Login("raj", "VP Engineering"),
    Login("lena", "team lead, Checkout"),
    Login("tom", "engineer, Checkout"),
    Login("ana", "Finance lead"),
)


@dataclass(frozen=True)
class DemoSummary:
    """How big the database is after loading the demo, and the logins to print."""

    units: int
    people: int
    objectives: int
    key_results: int
    check_ins: int
    logins: tuple[Login, ...] = DEMO_LOGINS


@dataclass(frozen=True)
class DemoPeriods:
    annual: dict[int, Period]
    previous: Period
    current: Period


def default_password() -> str:
    """The demo password: ``WAYPOINT_DEMO_PASSWORD``, or "waypoint"."""
    return os.environ.get("WAYPOINT_DEMO_PASSWORD") or DEFAULT_PASSWORD


def load_periods(today: date) -> DemoPeriods:
    """This year and its quarters, plus last quarter's year when it was another one."""
    annual, _ = ensure_periods(today)
    current_span = dperiods.quarter_of(today)
    previous_span = dperiods.previous_quarter(current_span)
    annuals = {today.year: annual}
    if previous_span.start.year != today.year:
        annuals[previous_span.start.year] = period_from_span(dperiods.year_of(previous_span.start))
    return DemoPeriods(annuals, period_from_span(previous_span), period_from_span(current_span))


def quarter_content(period: Period, default: Content) -> Content:
    """The OKRs a quarter gets: whichever set an earlier load gave it, else ``default``.

    A demo loaded in one quarter and reloaded in the next keeps last quarter's content (now
    checked in to its end and closed) instead of gaining a second set of objectives."""
    titles = set(Objective.objects.filter(period=period).values_list("title", flat=True))
    for content in (CURRENT_QUARTER, PREVIOUS_QUARTER):
        if titles & {spec.title for spec in content}:
            return content
    return default


def summarize() -> DemoSummary:
    return DemoSummary(
        units=Unit.objects.count(),
        people=Person.objects.count(),
        objectives=Objective.objects.count(),
        key_results=KeyResult.objects.count(),
        check_ins=CheckIn.objects.count(),
    )


def correct_a_slip(period: Period) -> None:
    """One check-in of the running quarter typed without its decimal point (×10) and corrected
    by its author, so the key result's page shows a correction and the history what it was.
    Done once: a later load finds the correction."""
    if CheckInCorrection.objects.exists():
        return
    newest = (
        CheckIn.objects.filter(
            key_result__objective__period=period,
            key_result__status="active",
            key_result__objective__status="active",
            key_result__kind="metric",
        )
        .select_related("key_result__objective__period", "author")
        .order_by("-at", "-id")
        .first()
    )
    if newest is None or timezone.localdate() > period.end:
        return
    right = newest.value
    CheckIn.objects.filter(pk=newest.pk).update(value=right * 10)
    newest.refresh_from_db()
    try:
        with transaction.atomic():
            okr_actions.correct_check_in(
                newest.author,
                newest,
                value=right,
                confidence=newest.confidence,
                note=newest.note,
                reason="Left out the decimal point.",
            )
    except ValidationError:  # a demo loaded for a day outside the period: leave it be
        CheckIn.objects.filter(pk=newest.pk).update(value=right)


@transaction.atomic
def load_demo(today: date, password: str | None = None) -> DemoSummary:
    """Load (or refresh) the demo organisation as of ``today``; every demo person's password
    becomes ``password`` (default: ``default_password()``). The coach's stored findings are
    rebuilt once, at the end, rather than after each of the thousands of writes."""
    with coach_refresh.suspended():
        summary = _load_demo(today, password)
    coach_refresh.rebuild_periods(Period.objects.order_by("start"), today=today)
    from waypoint.hooks.models import Webhook
    from waypoint.hooks.tasks import note_findings

    if Webhook.objects.listening_to("finding").exists():
        note_findings(announce=False)  # the demo's findings are not news to its webhooks
    return summary


def _load_demo(today: date, password: str | None) -> DemoSummary:
    org = load_org(shared_password_hash(password or default_password()))
    periods = load_periods(today)
    links = Links(annual_by_year={p.start.year: p for p in periods.annual.values()})
    loaded = Loaded()
    for annual in sorted(periods.annual.values(), key=lambda p: p.start):
        load_objectives(ANNUAL, annual, org, links, loaded, today)
    for period, default in (
        (periods.previous, PREVIOUS_QUARTER),
        (periods.current, CURRENT_QUARTER),
    ):
        load_objectives(quarter_content(period, default), period, org, links, loaded, today)
    load_alignment(org, periods.current, links, loaded, today)
    load_agreements(org, periods.current, today)
    write_check_ins(loaded)
    correct_a_slip(periods.current)
    close_loaded(loaded, today)
    load_practice(org, periods.previous, periods.current, today)
    load_quarter_rhythm(org, periods.previous, periods.current, today)
    load_webhooks(org)
    load_next_quarter(org, periods.current)
    freeze_held_agendas()
    load_organisation(org)
    return summarize()
