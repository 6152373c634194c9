"""Runs the coach over stored OKRs: findings for a period, a unit or an objective, without the
ones people dismissed, and the summaries the Health page charts."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from waypoint.cadence.models import BacklogItem, BacklogReview, Meeting, Review
from waypoint.coach.labels import FAMILY_LABELS, LEVEL_LABELS
from waypoint.coach.models import Dismissal
from waypoint.coach.snapshot import build_snapshot
from waypoint.domain import diagnosis as dx
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Unit


@dataclass(frozen=True)
class Diagnosis:
    """A period's findings; `hidden` holds the ones people dismissed."""

    period: Period
    findings: tuple[dx.Finding, ...]
    hidden: tuple[dx.Finding, ...] = ()

    @property
    def dismissed(self) -> int:
        return len(self.hidden)

    def for_units(self, unit_ids: set[int]) -> list[dx.Finding]:
        return _concerning(self.findings, unit_ids)

    def within(self, unit_ids: set[int]) -> Diagnosis:
        """Only the findings, shown and dismissed, that concern `unit_ids`."""
        return Diagnosis(
            self.period,
            tuple(_concerning(self.findings, unit_ids)),
            tuple(_concerning(self.hidden, unit_ids)),
        )

    def for_objective(self, objective_id: int, kr_ids: set[int]) -> list[dx.Finding]:
        return [
            f
            for f in self.findings
            if (f.subject == "objective" and f.subject_id == objective_id)
            or (f.subject == "key_result" and f.subject_id in kr_ids)
        ]


def dismissed_keys() -> set[tuple[str, str, int]]:
    return set(Dismissal.objects.values_list("code", "subject", "subject_id"))


CACHE_SECONDS = 300


def change_marker() -> tuple[object, ...]:
    """A cheap fingerprint of everything a diagnosis reads: it changes whenever an objective,
    key result, check-in, dismissal, unit, review, meeting or backlog does (eight aggregate
    queries)."""
    okrs = Objective.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    krs = KeyResult.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    rest = Dismissal.objects.aggregate(n=Count("id"), at=Max("at"))
    units = Unit.objects.aggregate(n=Count("id"), parents=Sum("parent_id"))
    reviews = Review.objects.aggregate(n=Count("id"))
    meetings = Meeting.objects.aggregate(
        n=Count("id"),
        held=Count("id", filter=Q(status=Meeting.Status.HELD)),
        off=Count("id", filter=Q(status__in=[Meeting.Status.CANCELLED, Meeting.Status.DELAYED])),
        at=Max("scheduled_for"),
    )
    backlog = BacklogItem.objects.aggregate(
        open=Count("id", filter=Q(status=BacklogItem.Status.OPEN)), at=Max("reviewed_at")
    )
    backlog_reviews = BacklogReview.objects.aggregate(n=Count("id"))
    return (
        *okrs.values(),
        *krs.values(),
        *rest.values(),
        *units.values(),
        *reviews.values(),
        *meetings.values(),
        *backlog.values(),
        *backlog_reviews.values(),
    )


def diagnose_period(period: Period, *, today: date | None = None) -> Diagnosis:
    """The period's findings, dismissed ones left out. Pages ask for this on every request, so
    the result is cached until anything it depends on changes (or a few minutes pass, for the
    rare edits that leave no trace in the marker, such as a person's level).

    With a read replica, the marker and the diagnosis are read from the same database (the
    router only ever moves a request from the replica to the primary, never back), so a lagging
    replica's older marker keys an older diagnosis and can never hide a newer write from the
    people who read the primary."""
    today = today or timezone.localdate()
    key = "coach:" + hashlib.sha256(repr((period.pk, today, change_marker())).encode()).hexdigest()
    diagnosis = cache.get(key)
    if diagnosis is None:
        diagnosis = _diagnose(period, today)
        cache.set(key, diagnosis, CACHE_SECONDS)
    return diagnosis


def _diagnose(period: Period, today: date) -> Diagnosis:
    findings = dx.diagnose(build_snapshot(period), today=today)
    dismissed = dismissed_keys()
    kept = tuple(f for f in findings if (f.code, f.subject, f.subject_id) not in dismissed)
    hidden = tuple(f for f in findings if (f.code, f.subject, f.subject_id) in dismissed)
    return Diagnosis(period, kept, hidden)


def _concerning(findings: tuple[dx.Finding, ...], unit_ids: set[int]) -> list[dx.Finding]:
    return [f for f in findings if unit_ids & set(f.unit_ids)]


def unit_scope(unit: Unit) -> set[int]:
    """The unit and every unit below it (a department's health includes its teams)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    scope, frontier = {unit.pk}, [unit.pk]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in scope:
                scope.add(child)
                frontier.append(child)
    return scope


def heatmap(findings: list[dx.Finding]) -> dict[str, object]:
    """Counts of findings by family (rows) and level (columns), for the BAD heatmap."""
    counts = Counter((f.family, f.level) for f in findings)
    return {
        "families": [FAMILY_LABELS[f] for f in dx.FAMILIES],
        "levels": [LEVEL_LABELS[level] for level in dx.LEVELS],
        "cells": [
            [li, fi, counts[(family, level)]]
            for fi, family in enumerate(dx.FAMILIES)
            for li, level in enumerate(dx.LEVELS)
        ],
        "max": max(counts.values(), default=0),
        "rows": [
            (FAMILY_LABELS[family], [counts[(family, level)] for level in dx.LEVELS])
            for family in dx.FAMILIES
        ],
    }


def trend_quarters(period: Period, count: int) -> list[Period]:
    """The last `count` quarters that start by the end of `period`, oldest first: a quarter and
    the ones before it, or a year's own quarters."""
    quarters = Period.objects.filter(kind=Period.Kind.QUARTER, start__lte=period.end)
    return list(quarters.order_by("-start")[:count])[::-1]


def trend(periods: list[Period], scope: set[int] | None) -> dict[str, object]:
    """Findings per family in each of `periods`, oldest first."""
    series: dict[str, list[int]] = {family: [] for family in dx.FAMILIES}
    for period in periods:
        diagnosis = diagnose_period(period)
        findings = list(diagnosis.findings) if scope is None else diagnosis.for_units(scope)
        counts = Counter(f.family for f in findings)
        for family in dx.FAMILIES:
            series[family].append(counts[family])
    return {
        "periods": [p.name for p in periods],
        "series": {FAMILY_LABELS[k]: v for k, v in series.items() if any(v)},
    }
