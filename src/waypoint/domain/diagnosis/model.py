"""The coach's input and output: an OKR snapshot with its organisational context, and findings.

Everything here is a frozen dataclass so the rules engine stays pure. The Django side builds a
``Snapshot`` from its models (one period, the units and people around it, the period's
objectives and key results, the parents they link to and the units' history) and renders the
``Finding`` objects the engine returns.

Personal goals never appear in a snapshot: OKR-PRINCIPLES §3 keeps them private to their
owner and out of every organisation report, so the adapter must leave them out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from waypoint.domain.learning import ClosedObjective
from waypoint.domain.limits import LimitPolicy

UnitKind = Literal["company", "department", "team", "virtual"]
PersonLevel = Literal["senior", "leadership", "team"]
PeriodKind = Literal["annual", "quarter", "custom"]
Stretch = Literal["aspirational", "committed"]
ObjectiveKind = Literal["strategic", "support"]
Status = Literal["active", "achieved", "partial", "missed", "dropped"]
KrKind = Literal["metric", "completion", "quantity", "subjective"]

Family = Literal[
    "big",
    "activity",
    "disconnected",
    "baseline",
    "ktlo",
    "set_and_forget",
    "over_commitment",
    "sandbagging",
    "individuals",
]
Level = Literal["team", "product_leadership", "senior_management"]
Severity = Literal["info", "warning", "error"]
Subject = Literal["objective", "key_result", "unit"]

# The same names as the Literal types, in order, for loops and charts.
FAMILIES: tuple[Family, ...] = get_args(Family)
LEVELS: tuple[Level, ...] = get_args(Level)


@dataclass(frozen=True)
class Unit:
    """A company, department, team or virtual (cross-functional) team."""

    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    is_supporting: bool = False


@dataclass(frozen=True)
class Person:
    """An objective owner; ``level`` says where they sit: senior management, product
    leadership, or a team."""

    id: int
    name: str
    level: PersonLevel


@dataclass(frozen=True)
class Period:
    """The period being diagnosed; ``end`` is inclusive."""

    id: int
    name: str
    kind: PeriodKind
    start: date
    end: date


@dataclass(frozen=True)
class Objective:
    """An objective of the period (or, in ``Snapshot.linked_objectives``, a parent of one)."""

    id: int
    title: str
    description: str
    period_id: int
    owner_id: int | None
    unit_ids: tuple[int, ...]
    stretch: Stretch = "aspirational"
    kind: ObjectiveKind = "strategic"
    status: Status = "active"
    parent_objective_ids: tuple[int, ...] = ()
    parent_key_result_ids: tuple[int, ...] = ()

    @property
    def has_link_up(self) -> bool:
        """True when the objective contributes to a higher-level objective or key result."""
        return bool(self.parent_objective_ids or self.parent_key_result_ids)


@dataclass(frozen=True)
class KeyResult:
    """A key result; ``owner_unit_ids`` normally holds exactly one team."""

    id: int
    objective_id: int
    title: str
    kind: KrKind
    owner_unit_ids: tuple[int, ...]
    baseline: float | None
    target: float | None
    current: float | None
    criteria: str = ""
    status: Status = "active"
    last_check_in: date | None = None
    imported: bool = False
    carried_quarters: int = 0  # how many periods in a row it was carried over into this one


@dataclass(frozen=True)
class PastQuarter:
    """What a unit set and achieved in an earlier quarter.

    ``best_relative_gain`` is the largest ``|current - baseline| / |baseline|`` any of its key
    results reached, or ``None`` when none could be computed. (Scores are read from the
    learning loop, ``UnitLearning``.)
    """

    unit_id: int
    period_id: int
    objectives_set: int
    objectives_completed: int
    best_relative_gain: float | None = None


@dataclass(frozen=True)
class UnitLearning:
    """A unit's closed quarter objectives, as its learning loop reads them
    (``waypoint.domain.learning``): scores, stretch, close state, cause of a miss."""

    unit_id: int
    closed: tuple[ClosedObjective, ...] = ()


@dataclass(frozen=True)
class PastMeeting:
    """One of a unit's weekly or bi-weekly meetings: its day and how it went (``held``,
    ``cancelled``, ``delayed`` for rescheduled, or ``scheduled``)."""

    unit_id: int
    day: date
    status: str


@dataclass(frozen=True)
class Backlog:
    """A unit's parking lot: when the whole backlog was last marked reviewed, and for each
    open item the day it was parked or last decided on (kept parked)."""

    unit_id: int
    last_review: date | None
    open_items: tuple[date, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """One period's OKRs with their organisational context, as the coach sees them.

    ``history`` lists each unit's past quarters, most recent first; ``learning`` holds each
    unit's closed quarter objectives (its learning loop); ``meetings`` and ``backlogs`` the
    units' recent weekly meetings and open backlog items. ``linked_objectives`` and
    ``linked_key_results`` hold parents that live outside the period (annual goals, say), so
    links can be followed. The limits mirror ``LimitPolicy`` (warn above 3, refuse above 5).
    """

    period: Period
    units: tuple[Unit, ...] = ()
    people: tuple[Person, ...] = ()
    objectives: tuple[Objective, ...] = ()
    key_results: tuple[KeyResult, ...] = ()
    linked_objectives: tuple[Objective, ...] = ()
    linked_key_results: tuple[KeyResult, ...] = ()
    history: tuple[PastQuarter, ...] = ()
    mid_quarter_reviews: tuple[int, ...] = ()  # units that held one in this period
    learning: tuple[UnitLearning, ...] = ()  # each unit's closed quarters, for sandbagging
    meetings: tuple[PastMeeting, ...] = ()  # the units' recent rhythm meetings
    backlogs: tuple[Backlog, ...] = ()  # the units with open backlog items
    cadence_days: int = 7
    warn_above: int = 3
    refuse_above: int = 5
    # For a neighbourhood snapshot (some objectives and units, not the whole period), what the
    # whole period says: whether the company has goals to link to, and whether anyone has set
    # objectives yet. ``None`` means: read it from this snapshot (a whole period).
    has_strategy: bool | None = None
    practice_running: bool | None = None

    def __post_init__(self) -> None:
        LimitPolicy(self.warn_above, self.refuse_above)  # raises on an inconsistent policy
        if self.cadence_days < 1:
            raise ValueError(f"cadence must be at least one day, got {self.cadence_days}")


@dataclass(frozen=True)
class Finding:
    """One thing the coach noticed: what is wrong, why it matters, and how to fix it.

    ``level`` is where the fix belongs (a team, product leadership or senior management);
    ``unit_ids`` are the units the finding concerns, for filtering and notifications.
    """

    code: str
    family: Family
    level: Level
    severity: Severity
    subject: Subject
    subject_id: int
    unit_ids: tuple[int, ...]
    what: str
    why: str
    fix: str
    other_objective_id: int | None = None  # the other objective of a pair, when there is one
