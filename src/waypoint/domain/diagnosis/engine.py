"""The rules engine: a registry of checks, the context they read, and ``diagnose``.

A check is a small function registered with ``@register(code, family, why=...)``. It reads a
``Context`` (the snapshot plus indexes, cached text readings and the clock) and yields ``Hit``
objects; the engine turns each hit into a ``Finding``, adding the check's code, family and
``why``, the level where the fix belongs and the units concerned. New checks join the same
registry from any module imported by ``waypoint.domain.diagnosis``.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Literal, get_args

from waypoint.domain.coach_text import (
    KrReading,
    ObjectiveReading,
    read_key_result,
    read_objective,
)
from waypoint.domain.diagnosis.model import (
    FAMILIES,
    LEVELS,
    Family,
    Finding,
    KeyResult,
    Level,
    Objective,
    PastQuarter,
    Severity,
    Snapshot,
    Subject,
    Unit,
)

Scope = Literal["objective", "unit", "organisation"]
# What a check reads, so a change re-checks only what it touches: one objective with its key
# results, texts, links and owner (``objective``); one unit's limits and rhythm (``unit``); or
# the whole organisation and its history (``organisation``, run in the background).
SCOPES: tuple[Scope, ...] = get_args(Scope)

SEVERITY_ORDER: Mapping[Severity, int] = {"info": 0, "warning": 1, "error": 2}
SUBJECT_ORDER: Mapping[Subject, int] = {"unit": 0, "objective": 1, "key_result": 2}

_LEVEL_OF_UNIT_KIND: Mapping[str, Level] = {
    "company": "senior_management",
    "department": "product_leadership",
    "team": "team",
    "virtual": "team",
}
_LEVEL_OF_PERSON: Mapping[str, Level] = {
    "senior": "senior_management",
    "leadership": "product_leadership",
    "team": "team",
}


# A reading depends only on the text (and the weights shipped with the code), so a process
# keeps the latest ones it made: the worker's scheduled rebuild of an organisation whose
# titles have not changed reads none of them again. About 600 bytes each: 200,000 readings,
# every key result and objective of a 100,000-person organisation's quarter, take ~120 MB.
READINGS_KEPT = 200_000


@dataclass(frozen=True)
class TextReaders:
    """The text classifiers the checks use; the defaults are ``waypoint.domain.coach_text``'s,
    each keeping its latest ``READINGS_KEPT`` readings.

    Tests may pass fakes so the engine's logic is checked apart from the classifiers'.
    """

    key_result: Callable[[str], KrReading] = lru_cache(maxsize=READINGS_KEPT)(read_key_result)
    objective: Callable[[str], ObjectiveReading] = lru_cache(maxsize=READINGS_KEPT)(read_objective)


@dataclass(frozen=True)
class Hit:
    """What a check reports: the subject, how severe, what is wrong and how to fix it.

    ``min_level`` raises the finding's level when the fix needs people above the owners
    (two departments agreeing on one shared objective, say).
    """

    subject: Subject
    subject_id: int
    severity: Severity
    what: str
    fix: str
    min_level: Level = "team"
    other_objective_id: int | None = None  # the second objective of a pair (fragmentation)


CheckFunction = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    """A registered check: its stable ``code``, its ``family``, the one-sentence principle
    (``why``) every finding repeats, and the function that finds the hits."""

    code: str
    family: Family
    why: str
    run: CheckFunction
    scope: Scope = "organisation"

    @property
    def doc(self) -> str:
        """The check function's docstring, which cites the principle it implements."""
        return inspect.getdoc(self.run) or ""


CHECKS: list[Check] = []


def register(
    code: str, family: Family, *, why: str, scope: Scope = "organisation"
) -> Callable[[CheckFunction], CheckFunction]:
    """Add a check to the registry under a stable ``code`` such as ``"activity.output-kr"``.

    Codes are ``<family>.<name>``, unique, and documented in ``docs/rules/diagnosis.md``.
    ``scope`` says what the check reads: ``"objective"`` (one objective, its key results,
    links and owner), ``"unit"`` (one unit's objectives, limits, history and rhythm) or
    ``"organisation"`` (anything else: comparisons across units, the learning loop). A check
    that is not sure reads the whole organisation, so it is re-run only in the background.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    if not code.startswith(f"{family}."):
        raise ValueError(f"code {code!r} must start with its family {family!r}")
    if code in codes():
        raise ValueError(f"check {code!r} is already registered")

    def decorate(func: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(code, family, why, func, scope))
        return func

    return decorate


def codes() -> tuple[str, ...]:
    """Return every registered check code, in registration order."""
    return tuple(check.code for check in CHECKS)


class Context:
    """The snapshot as the checks read it: lookups, cached text readings and the clock."""

    def __init__(self, snapshot: Snapshot, today: date, texts: TextReaders) -> None:
        self.snapshot = snapshot
        self.today = today
        self.texts = texts
        self.units = {unit.id: unit for unit in snapshot.units}
        self.people = {person.id: person for person in snapshot.people}
        self.objectives = {o.id: o for o in snapshot.objectives}
        self.key_results = {kr.id: kr for kr in snapshot.key_results}
        self._kr_readings: dict[int, KrReading] = {}
        self._objective_readings: dict[int, ObjectiveReading] = {}

    @cached_property
    def live_objectives(self) -> tuple[Objective, ...]:
        """The period's objectives that were not dropped."""
        return tuple(o for o in self.snapshot.objectives if o.status != "dropped")

    @cached_property
    def live_key_results(self) -> tuple[KeyResult, ...]:
        """Key results not dropped whose objective is in the period and not dropped."""
        live = {o.id for o in self.live_objectives}
        return tuple(
            kr
            for kr in self.snapshot.key_results
            if kr.status != "dropped" and kr.objective_id in live
        )

    @cached_property
    def key_results_by_objective(self) -> Mapping[int, tuple[KeyResult, ...]]:
        """Live key results grouped by objective id."""
        grouped: dict[int, list[KeyResult]] = defaultdict(list)
        for kr in self.live_key_results:
            grouped[kr.objective_id].append(kr)
        return {objective_id: tuple(krs) for objective_id, krs in grouped.items()}

    @cached_property
    def objectives_by_unit(self) -> Mapping[int, tuple[Objective, ...]]:
        """Live objectives grouped by owning unit; a shared objective counts for each owner."""
        grouped: dict[int, list[Objective]] = defaultdict(list)
        for objective in self.live_objectives:
            for unit_id in dict.fromkeys(objective.unit_ids):
                grouped[unit_id].append(objective)
        return {unit_id: tuple(objectives) for unit_id, objectives in grouped.items()}

    @cached_property
    def all_objectives(self) -> Mapping[int, Objective]:
        """The period's objectives and the linked parents outside it, by id."""
        return {o.id: o for o in (*self.snapshot.linked_objectives, *self.snapshot.objectives)}

    @cached_property
    def all_key_results(self) -> Mapping[int, KeyResult]:
        """The period's key results and the linked parents outside it, by id."""
        return {kr.id: kr for kr in (*self.snapshot.linked_key_results, *self.snapshot.key_results)}

    @cached_property
    def _history_by_unit(self) -> Mapping[int, tuple[PastQuarter, ...]]:
        grouped: dict[int, list[PastQuarter]] = defaultdict(list)
        for past in self.snapshot.history:
            grouped[past.unit_id].append(past)
        return {unit_id: tuple(pasts) for unit_id, pasts in grouped.items()}

    def history_of(self, unit_id: int) -> tuple[PastQuarter, ...]:
        """The unit's past quarters, most recent first."""
        return self._history_by_unit.get(unit_id, ())

    def read_key_result(self, kr: KeyResult) -> KrReading:
        """The text classifier's reading of a key result's title (computed once)."""
        if kr.id not in self._kr_readings:
            self._kr_readings[kr.id] = self.texts.key_result(kr.title)
        return self._kr_readings[kr.id]

    def read_objective(self, objective: Objective) -> ObjectiveReading:
        """The text classifier's reading of an objective's title (computed once)."""
        if objective.id not in self._objective_readings:
            self._objective_readings[objective.id] = self.texts.objective(objective.title)
        return self._objective_readings[objective.id]

    def unit_name(self, unit_id: int) -> str:
        """The unit's name, or a placeholder when the snapshot does not include it."""
        unit = self.units.get(unit_id)
        return unit.name if unit else f"unit #{unit_id}"

    def department_of(self, unit_id: int) -> int | None:
        """Walk up the unit's parents to the department it belongs to (itself if it is one).

        ``None`` for the company itself, for units outside any department, and for virtual
        teams that hang off nothing.
        """
        seen: set[int] = set()
        unit: Unit | None = self.units.get(unit_id)
        while unit is not None and unit.id not in seen:
            if unit.kind == "department":
                return unit.id
            seen.add(unit.id)
            unit = self.units.get(unit.parent_id) if unit.parent_id is not None else None
        return None

    def unit_ids_of(self, subject: Subject, subject_id: int) -> tuple[int, ...]:
        """The units a finding about this subject concerns."""
        if subject == "unit":
            return (subject_id,)
        if subject == "objective":
            return self.objectives[subject_id].unit_ids
        kr = self.key_results[subject_id]
        objective = self.objectives.get(kr.objective_id)
        return kr.owner_unit_ids or (objective.unit_ids if objective else ())

    def level_of(self, subject: Subject, subject_id: int) -> Level:
        """Where the fix belongs: the highest level among the units' kinds and the owner's.

        A company unit or a senior owner means senior management; a department or a
        product-leadership owner means product leadership; teams and virtual teams mean the
        team itself. A key result takes its objective's owner.
        """
        levels = [_LEVEL_OF_UNIT_KIND[u.kind] for u in self._units(subject, subject_id)]
        owner_id: int | None = None
        if subject == "objective":
            owner_id = self.objectives[subject_id].owner_id
        elif subject == "key_result":
            objective = self.objectives.get(self.key_results[subject_id].objective_id)
            owner_id = objective.owner_id if objective else None
        owner = self.people.get(owner_id) if owner_id is not None else None
        if owner is not None:
            levels.append(_LEVEL_OF_PERSON[owner.level])
        return highest_level(levels)

    def _units(self, subject: Subject, subject_id: int) -> Iterator[Unit]:
        for unit_id in self.unit_ids_of(subject, subject_id):
            if unit_id in self.units:
                yield self.units[unit_id]


def highest_level(levels: Iterable[Level]) -> Level:
    """The most senior of ``levels`` (``"team"`` when there are none)."""
    return max(levels, key=LEVELS.index, default="team")


def _finding(check: Check, hit: Hit, ctx: Context) -> Finding:
    level = highest_level((ctx.level_of(hit.subject, hit.subject_id), hit.min_level))
    return Finding(
        code=check.code,
        family=check.family,
        level=level,
        severity=hit.severity,
        subject=hit.subject,
        subject_id=hit.subject_id,
        unit_ids=ctx.unit_ids_of(hit.subject, hit.subject_id),
        what=hit.what,
        why=check.why,
        fix=hit.fix,
        other_objective_id=hit.other_objective_id,
    )


def sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    """Most severe first; then units, objectives, key results; then by id and code."""
    return (
        -SEVERITY_ORDER[finding.severity],
        SUBJECT_ORDER[finding.subject],
        finding.subject_id,
        finding.code,
        finding.what,
    )


def scope_of(code: str) -> Scope:
    """The scope of the check registered under ``code``."""
    return next(check.scope for check in CHECKS if check.code == code)


def diagnose(
    snapshot: Snapshot,
    *,
    today: date,
    texts: TextReaders | None = None,
    scopes: Iterable[Scope] = SCOPES,
    objective_ids: Iterable[int] | None = None,
    unit_ids: Iterable[int] | None = None,
) -> list[Finding]:
    """Run every registered check over ``snapshot`` and return the findings, sorted.

    Implements OKR-PRINCIPLES §5 (the product actively coaches; each finding says what is
    wrong, why it matters, and a fix, at the level where the fix belongs). The clock is
    passed in as ``today``. Sorted by severity (errors first), then subject (units,
    objectives, key results), then subject id and code.

    ``scopes`` runs only the checks of those scopes. With ``objective_ids`` and ``unit_ids``
    the snapshot is a neighbourhood (some objectives, some units, with what they read) and
    only findings about those objectives (and their key results) and those units are kept:
    the rest of the neighbourhood is there to be read, not judged.
    """
    ctx = Context(snapshot, today, texts or TextReaders())
    wanted = set(scopes)
    checks = [check for check in CHECKS if check.scope in wanted]
    findings = [_finding(check, hit, ctx) for check in checks for hit in check.run(ctx)]
    if objective_ids is not None or unit_ids is not None:
        objectives, units = set(objective_ids or ()), set(unit_ids or ())
        findings = [f for f in findings if _about(ctx, f, objectives, units)]
    return sorted(findings, key=sort_key)


def objective_of(ctx: Context, finding: Finding) -> int | None:
    """The objective a finding is about (a key result's objective), or ``None`` for a unit."""
    if finding.subject == "objective":
        return finding.subject_id
    if finding.subject == "key_result":
        return ctx.key_results[finding.subject_id].objective_id
    return None


def _about(ctx: Context, finding: Finding, objectives: set[int], units: set[int]) -> bool:
    if finding.subject == "unit":
        return finding.subject_id in units
    return objective_of(ctx, finding) in objectives


def at_or_above(findings: Iterable[Finding], severity: Severity) -> list[Finding]:
    """Keep the findings at ``severity`` or worse (for the CLI's ``--fail-on``)."""
    floor = SEVERITY_ORDER[severity]
    return [f for f in findings if SEVERITY_ORDER[f.severity] >= floor]
