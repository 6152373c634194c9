"""Closing a unit's quarter, carrying key results over, publishing drafts and opening the next
period. Each runs in one transaction through the okrs actions, so history and permissions are
the same as on the objective pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.domain import periods as dperiods
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.access import can_edit_objective, require
from waypoint.okrs.history import record_change
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.access import can_plan_for, is_admin
from waypoint.orgs.models import Person, Unit
from waypoint.planning.models import Retrospective


@dataclass(frozen=True)
class KeyResultClose:
    key_result: KeyResult
    state: str
    score: Decimal | None
    note: str = ""
    carry_over: bool = False


@dataclass(frozen=True)
class ObjectiveClose:
    objective: Objective
    state: str
    score: Decimal | None
    learned: str = ""
    miss_cause: str = ""
    key_results: Sequence[KeyResultClose] = field(default_factory=tuple)


@dataclass(frozen=True)
class CloseOutcome:
    closed: list[Objective]
    carried: list[KeyResult]


def next_period(period: Period) -> Period | None:
    """The period of the same kind that starts right after `period`, if it exists yet."""
    return Period.objects.filter(kind=period.kind, start__gt=period.end).order_by("start").first()


@transaction.atomic
def close_quarter(
    author: Person, unit: Unit, period: Period, decisions: Sequence[ObjectiveClose]
) -> CloseOutcome:
    """Close every decided objective and key result of `unit` in `period` with its score,
    state and retrospective, and carry the chosen key results into the next period — all or
    nothing."""
    require(can_plan_for(author, unit), f"You cannot close {unit.name}'s quarter.")
    carried: list[KeyResult] = []
    closed: list[Objective] = []
    target = next_period(period)
    for decision in decisions:
        objective = decision.objective
        if objective.period_id != period.pk:
            raise ValidationError(f"“{objective}” belongs to another period.")
        for kr_decision in decision.key_results:
            kr = kr_decision.key_result
            if kr.objective_id != objective.pk:
                raise ValidationError(f"“{kr}” is not a key result of “{objective}”.")
            if kr_decision.carry_over:
                if target is None:
                    raise ValidationError(
                        f"There is no period after {period.name} yet: an administrator "
                        "creates it on the periods page before anything carries over."
                    )
                carried.append(carry_over(author, kr, target))
            if not kr.is_closed:
                okr_actions.close_key_result(
                    author,
                    kr,
                    status=kr_decision.state,
                    note=kr_decision.note,
                    score=kr_decision.score,
                )
        okr_actions.close_objective(
            author, objective, status=decision.state, note=decision.learned, score=decision.score
        )
        Retrospective.objects.update_or_create(
            objective=objective,
            defaults={
                "learned": decision.learned,
                "miss_cause": decision.miss_cause,
                "author": author,
                "at": timezone.now(),
            },
        )
        closed.append(objective)
    return CloseOutcome(closed, carried)


@transaction.atomic
def carry_over(author: Person, key_result: KeyResult, into: Period) -> KeyResult:
    """Copy `key_result` into `into` with its current value as the new baseline, linked to the
    one it continues, under a draft of its objective there (created once, then reused).
    Nothing is carried twice."""
    objective = key_result.objective
    require(can_edit_objective(author, objective), "You cannot carry this key result over.")
    if into.start <= objective.period.end:
        raise ValidationError(f"{into.name} does not come after {objective.period.name}.")
    if KeyResult.objects.filter(continues=key_result, objective__period=into).exists():
        raise ValidationError(f"“{key_result}” is already carried over into {into.name}.")
    successor = Objective.objects.filter(continues=objective, period=into).first()
    if successor is None:
        successor = okr_actions.create_objective(
            author,
            period=into,
            title=objective.title,
            description=objective.description,
            owner=objective.owner,
            units=list(objective.units.all()),
            stretch=objective.stretch,
            kind=objective.kind,
        ).obj
        successor.continues, successor.is_draft = objective, True
        successor.save(update_fields=["continues", "is_draft"])
    baseline = key_result.current if key_result.current is not None else key_result.baseline
    copy = okr_actions.add_key_result(
        author,
        successor,
        title=key_result.title,
        owner_unit=key_result.owner_unit,
        kind=key_result.kind,
        baseline=baseline,
        target=key_result.target,
        unit_label=key_result.unit_label,
        criteria=key_result.criteria,
        weight=key_result.weight,
    ).obj
    copy.continues = key_result
    copy.save(update_fields=["continues"])
    record_change(
        successor,
        "carried over",
        f"{objective.period.name}: {key_result.title}",
        f"baseline {key_result.current if key_result.current is not None else '—'}",
        key_result=copy,
        author=author,
    )
    return copy


@transaction.atomic
def publish_drafts(author: Person, unit: Unit, period: Period) -> int:
    """Publish the unit's draft objectives of `period`; returns how many."""
    require(can_plan_for(author, unit), f"You cannot publish {unit.name}'s objectives.")
    drafts = list(Objective.objects.for_period(period).owned_by(unit).filter(is_draft=True))
    for objective in drafts:
        record_change(objective, "published", "draft", "published", author=author)
    Objective.objects.filter(pk__in=[o.pk for o in drafts]).update(is_draft=False)
    return len(drafts)


def next_span(kind: str, periods: Sequence[Period]) -> dperiods.PeriodSpan:
    """The quarter or year after the latest one of that kind; without any, the one that
    contains today."""

    def after(day: date) -> dperiods.PeriodSpan:
        return dperiods.next_span(
            kind,  # type: ignore[arg-type]
            day,
            fiscal_start_month=settings.WAYPOINT_FISCAL_YEAR_START_MONTH,
            quarter_months=settings.WAYPOINT_QUARTER_MONTHS,
        )

    latest = max((p.end for p in periods if p.kind == kind), default=None)
    if latest is not None:
        return after(latest)
    today = timezone.localdate()
    span = after(date(today.year - 2, 12, 31))
    while span.end < today:
        span = after(span.end)
    return span


@transaction.atomic
def create_next_period(author: Person, kind: str) -> Period:
    """Open the next quarter or year (administrators). Overlapping periods of one kind are
    refused."""
    if not is_admin(author):
        raise PermissionDenied("Only administrators open periods.")
    if kind not in {Period.Kind.QUARTER, Period.Kind.ANNUAL}:
        raise ValidationError("Open a quarter or a year.")
    span = next_span(kind, list(Period.objects.all()))
    overlapping = Period.objects.filter(kind=kind, start__lte=span.end, end__gte=span.start)
    if overlapping.exists():
        raise ValidationError(f"{span.name} would overlap {overlapping.first().name}.")
    if Period.objects.filter(slug=span.slug).exists():
        raise ValidationError(f"A period named {span.name} exists already.")
    return Period.objects.create(
        kind=kind, name=span.name, slug=span.slug, start=span.start, end=span.end
    )
