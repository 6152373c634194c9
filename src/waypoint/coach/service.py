"""The coach's findings as pages read them: stored findings (kept current by
``waypoint.coach.refresh``) for a period, a unit or an objective, without the ones people
dismissed, and the summaries the Health page charts. Nothing here runs the checks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet

from waypoint.coach import refresh
from waypoint.coach.labels import FAMILY_LABELS, LEVEL_LABELS
from waypoint.coach.models import Dismissal, Finding, FindingUnit
from waypoint.domain import diagnosis as dx
from waypoint.okrs.models import Period
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


def _dismissed() -> Exists:
    return Exists(
        Dismissal.objects.filter(
            code=OuterRef("code"), subject=OuterRef("subject"), subject_id=OuterRef("subject_id")
        )
    )


ORDER = ("-severity_rank", "subject_rank", "subject_id", "code", "what")
# What a page reads of a stored finding: all it says but where it is filed.
FIELDS = tuple(name for name in refresh.STORED if name not in ("objective_id", "scope"))


def stored(
    period: Period | None = None,
    *,
    unit_ids: set[int] | None = None,
    objective_ids: set[int] | None = None,
) -> QuerySet[Finding]:
    """The stored findings of `period` (about `unit_ids`, or `objective_ids` and their key
    results, when given), in the engine's order, each marked ``dismissed`` or not. Changes
    this thread made are re-checked first, so a page never reads what they made stale."""
    refresh.flush()
    rows = Finding.objects.annotate(dismissed=_dismissed())
    if period is not None:
        rows = rows.filter(period=period)
    if unit_ids is not None:
        units = FindingUnit.objects.filter(unit_id__in=unit_ids)
        if period is not None:
            units = units.filter(period_id=period.pk)
        rows = rows.filter(pk__in=units.values("finding_id"))
    if objective_ids is not None:
        rows = rows.filter(objective_id__in=objective_ids)
    return rows.order_by(*ORDER)


def as_finding(row: dict[str, object]) -> dx.Finding:
    values = {name: row[name] for name in FIELDS}
    values["unit_ids"] = tuple(values["unit_ids"])  # type: ignore[arg-type]
    return dx.Finding(**values)  # type: ignore[arg-type]


def findings_of(rows: QuerySet[Finding]) -> Diagnosis:
    """Read stored rows into the engine's findings, the dismissed ones apart."""
    kept: list[dx.Finding] = []
    hidden: list[dx.Finding] = []
    period = None
    for row in rows.values(*FIELDS, "dismissed", "period_id"):
        (hidden if row["dismissed"] else kept).append(as_finding(row))
    return Diagnosis(period, tuple(kept), tuple(hidden))  # type: ignore[arg-type]


def shown_count(period: Period, unit_ids: set[int] | None, *, up_to: int) -> int:
    """How many findings, not dismissed, concern `unit_ids` (the whole organisation when
    None) in `period`, counting no further than `up_to` (one query: it reads at most `up_to`
    findings, however many there are)."""
    return stored(period, unit_ids=unit_ids).filter(dismissed=False).order_by()[:up_to].count()


def diagnose_period(period: Period, *, today: date | None = None) -> Diagnosis:
    """The period's stored findings, dismissed ones apart. Pages, the API and webhooks read
    findings from storage; nothing here runs the checks (see ``waypoint.coach.refresh``).
    `today` is accepted for callers that pass their clock; stored findings carry their own."""
    del today
    diagnosis = findings_of(stored(period))
    return Diagnosis(period, diagnosis.findings, diagnosis.hidden)


def objective_findings(objective_ids: set[int]) -> dict[int, list[dx.Finding]]:
    """The findings, not dismissed, about each objective and its key results (one query)."""
    found: dict[int, list[dx.Finding]] = {pk: [] for pk in objective_ids}
    rows = stored(objective_ids=objective_ids).filter(dismissed=False)
    for row in rows.values(*FIELDS, "objective_id"):
        found[row["objective_id"]].append(as_finding(row))
    return found


def _concerning(findings: tuple[dx.Finding, ...], unit_ids: set[int]) -> list[dx.Finding]:
    return [f for f in findings if unit_ids & set(f.unit_ids)]


def page_scope(unit: Unit) -> set[int] | None:
    """The units whose findings a unit's page counts: on the company's page the whole
    organisation's (virtual teams too, without reading every unit), else ``unit_scope``."""
    return None if unit.kind == Unit.Kind.COMPANY else unit_scope(unit)


def unit_scope(unit: Unit) -> set[int]:
    """The unit and every unit below it (a department's health includes its teams): one query
    per level below it, reading only that subtree, however large the organisation."""
    scope, frontier = {unit.pk}, {unit.pk}
    while frontier:
        below = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = below - scope
        scope |= frontier
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
    """Findings (not dismissed) per family in each of `periods`, oldest first (one query)."""
    series: dict[str, list[int]] = {family: [0] * len(periods) for family in dx.FAMILIES}
    index = {period.pk: n for n, period in enumerate(periods)}
    rows = stored(unit_ids=scope).filter(period__in=periods, dismissed=False)
    for period_id, family, n in (
        rows.order_by().values_list("period_id", "family").annotate(n=Count("id"))
    ):
        series[family][index[period_id]] = n
    return {
        "periods": [p.name for p in periods],
        "series": {FAMILY_LABELS[k]: v for k, v in series.items() if any(v)},
    }
