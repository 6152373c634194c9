"""Reads what the monthly, quarterly and annual meetings' agendas need and hands it to the
domain's builders (waypoint.domain.offsites)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from waypoint.cadence.models import BacklogItem, Meeting
from waypoint.domain import agenda as da
from waypoint.domain import learning as dl
from waypoint.domain import offsites as do
from waypoint.domain import progress as dp
from waypoint.okrs.models import CLOSED_STATUSES, Objective, Period, Status
from waypoint.orgs.models import Unit
from waypoint.planning.learning import learning_for
from waypoint.planning.models import Proposal, RelevanceCheck
from waypoint.planning.plans import briefs_below

MEETING_KIND = {
    "monthly": Meeting.Kind.MONTHLY,
    "quarterly": Meeting.Kind.QUARTERLY,
    "annual": Meeting.Kind.ANNUAL,
}
TITLES = {
    "monthly": "Monthly check",
    "quarterly": "Quarterly offsite",
    "annual": "Annual offsite",
}
DEEP_DIVES = 5


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _when(unit: Unit, meeting: str, default: date, hour: int = 9) -> tuple[datetime, int]:
    """The unit's next scheduled meeting of that kind, else `default` at `hour` with the
    standard length."""
    upcoming = (
        Meeting.objects.upcoming()
        .filter(unit=unit, kind=MEETING_KIND[meeting], scheduled_for__gte=timezone.now())
        .order_by("scheduled_for")
        .first()
    )
    if upcoming is not None:
        return timezone.localtime(upcoming.scheduled_for), upcoming.duration_minutes
    default = do.working_day(default, timezone.localdate())
    return _at(default, hour), do.DEFAULT_MINUTES[meeting]


def _objective_input(
    objective: Objective,
    expected: float,
    *,
    last_check: str = "",
    proposal: str = "",
) -> do.ObjectiveInput:
    progress = objective.progress
    retro = getattr(objective, "retrospective", None)
    return do.ObjectiveInput(
        id=objective.pk,
        title=objective.title,
        stretch=objective.stretch,
        progress=progress.display,
        expected=expected,
        pace=objective.status if objective.is_closed else dp.pace(progress, expected, None),
        owners=", ".join(u.name for u in objective.units.all()),
        state=objective.status,
        score=None if objective.score is None else float(objective.score),
        learned=retro.learned if retro else "",
        miss_cause=retro.miss_cause if retro else "",
        last_check=last_check,
        proposal=proposal,
    )


def _expected(period: Period, day: date) -> float:
    return dp.expected_progress(period.start, period.end, day)


def _yes_no(answer: dict, key: str, yes: str, no: str) -> str:
    return yes if answer.get(key) == "yes" else no


def _check_text(answer: dict) -> str:
    return " · ".join(
        (
            _yes_no(answer, "relevant", "relevant", "no longer relevant"),
            _yes_no(answer, "on_track", "on track", "off track"),
            _yes_no(answer, "change_needed", "change needed", "no change"),
        )
    )


def _back_brief_inputs(unit: Unit, period: Period | None) -> list[do.BackBriefInput]:
    if period is None:
        return []
    return [
        do.BackBriefInput(
            unit=row.unit.name,
            state=row.state,
            understood=row.back_brief.understood if row.back_brief else "",
            needs=row.back_brief.needs if row.back_brief else "",
            drafts=sum(o.is_draft for o in row.objectives),
            ref=row.back_brief.pk if row.back_brief else None,
        )
        for row in briefs_below(unit, period)
    ]


def _deep_dives(unit: Unit) -> list[da.Entry]:
    backlog = BacklogItem.objects.filter(unit=unit, status=BacklogItem.Status.OPEN).order_by(
        "created_at"
    )[:DEEP_DIVES]
    return [
        da.Entry(b.title, f"from the backlog, parked {b.created_at:%d %b}", "backlog_item", b.pk)
        for b in backlog
    ]


def _draft_entries(unit: Unit, period: Period | None) -> list[da.Entry]:
    if period is None:
        return []
    objectives = (
        Objective.objects.for_period(period)
        .owned_by(unit)
        .exclude(status=Status.DROPPED)
        .prefetch_related("key_results")
        .select_related("continues")
        .order_by("id")
    )
    return [
        da.Entry(
            o.title,
            " · ".join(
                part
                for part in (
                    "draft" if o.is_draft else "published",
                    f"{len(o.key_results.all())} key results",
                    "carried over" if o.continues_id else "",
                )
                if part
            ),
            "objective",
            o.pk,
        )
        for o in objectives
    ]


def monthly(unit: Unit, period: Period, today: date) -> da.Agenda:
    objectives = list(
        Objective.objects.for_period(period)
        .owned_by(unit)
        .filter(status=Status.ACTIVE, is_draft=False)
        .with_details()
        .order_by("id")
    )
    last = RelevanceCheck.objects.filter(unit=unit, period=period).first()
    answers = last.answers if last else {}
    proposals = list(
        Proposal.objects.filter(objective__in=objectives, state=Proposal.State.OPEN)
        .select_related("objective", "unit", "key_result", "proposed_by")
        .order_by("proposed_at")
    )
    open_by_objective = {p.objective_id: p.summary for p in proposals}
    expected = _expected(period, today)
    first_of_next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    when, minutes = _when(unit, "monthly", first_of_next_month, hour=10)
    return do.monthly_agenda(
        title=f"{TITLES['monthly']} — {unit.name}, {period.name}",
        when=when,
        minutes=minutes,
        objectives=[
            _objective_input(
                o,
                expected,
                last_check=_check_text(answers[str(o.pk)]) if str(o.pk) in answers else "",
                proposal=open_by_objective.get(o.pk, ""),
            )
            for o in objectives
        ],
        proposals=[
            da.Entry(
                p.objective.title,
                f"{p.proposed_by.display_name} proposes to {p.summary} — “{p.reason}”",
                "proposal",
                p.pk,
                "change_proposed",
            )
            for p in proposals
        ],
    )


def _next_of_kind(period: Period) -> Period | None:
    return Period.objects.filter(kind=period.kind, start__gt=period.end).order_by("start").first()


def quarterly(unit: Unit, period: Period, today: date) -> da.Agenda:
    objectives = list(
        Objective.objects.for_period(period)
        .owned_by(unit)
        .filter(is_draft=False)
        .with_details()
        .select_related("retrospective")
        .order_by("id")
    )
    upcoming = _next_of_kind(period)
    expected = _expected(period, min(today, period.end))
    when, minutes = _when(unit, "quarterly", max(period.end - timedelta(days=4), today))
    return do.quarterly_agenda(
        title=f"{TITLES['quarterly']} — {unit.name}, {period.name}",
        when=when,
        minutes=minutes,
        period=period.name,
        next_period=upcoming.name if upcoming else None,
        objectives=[_objective_input(o, expected) for o in objectives],
        learning=learning_for(unit),
        back_briefs=_back_brief_inputs(unit, upcoming),
        drafts=_draft_entries(unit, upcoming),
        deep_dives=_deep_dives(unit),
    )


def _subtree(unit: Unit) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = {unit.pk}, [unit.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def annual_period(period: Period) -> Period | None:
    """The year a period belongs to (itself, for a year)."""
    if period.kind == Period.Kind.ANNUAL:
        return period
    return (
        Period.objects.filter(kind=Period.Kind.ANNUAL, start__lte=period.start, end__gte=period.end)
        .order_by("start")
        .first()
    )


def annual(unit: Unit, year: Period, today: date) -> da.Agenda:
    goals = list(
        Objective.objects.for_period(year)
        .owned_by(unit)
        .filter(is_draft=False)
        .with_details()
        .order_by("id")
    )
    below = _subtree(unit)
    loop = learning_for(unit, units=below)
    in_year = dl.Learning([p for p in loop.periods if year.start <= p.period_start <= year.end])
    strategy = (
        Objective.objects.filter(
            units__in=below,
            period__kind=Period.Kind.QUARTER,
            period__start__gte=year.start,
            period__end__lte=year.end,
            status__in=CLOSED_STATUSES,
            retrospective__miss_cause="strategy",
        )
        .select_related("period", "retrospective")
        .distinct()
        .order_by("period__start", "id")
    )
    next_year = _next_of_kind(year)
    first_quarter = Period.objects.filter(
        kind=Period.Kind.QUARTER, start=year.end + timedelta(days=1)
    ).first()
    plans = _draft_entries(unit, next_year) + _draft_entries(unit, first_quarter)
    when, minutes = _when(unit, "annual", max(year.end - timedelta(days=30), today))
    return do.annual_agenda(
        title=f"{TITLES['annual']} — {unit.name}, {year.name}",
        when=when,
        minutes=minutes,
        year=year.name,
        goals=[_objective_input(g, _expected(year, min(today, year.end))) for g in goals],
        learning=in_year,
        strategy_misses=[
            da.Entry(
                o.title,
                f"{o.period.name} · {o.get_status_display().lower()} · “{o.retrospective.learned}”",
                "objective",
                o.pk,
            )
            for o in strategy
        ],
        next_year=plans,
        back_briefs=_back_brief_inputs(unit, first_quarter),
        deep_dives=_deep_dives(unit),
    )


def agenda_for(unit: Unit, meeting: str, period: Period, today: date) -> da.Agenda:
    """The agenda of `unit`'s monthly check, quarterly or annual offsite around `period`."""
    if meeting == "monthly":
        return monthly(unit, period, today)
    if meeting == "quarterly":
        return quarterly(unit, period, today)
    year = annual_period(period)
    if year is None:
        raise LookupError(f"No year contains {period.name}: an administrator opens it first.")
    return annual(unit, year, today)


def agenda_json(agenda: da.Agenda) -> dict[str, Any]:
    data = asdict(agenda)
    data["when"] = agenda.when.isoformat()
    return data
