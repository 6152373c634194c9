"""A synthetic organisation for the benchmarks: company → departments → teams, with OKRs.

``build(units, objectives_per_unit, krs_per_objective, weeks, today)`` writes, through the seed
factories in ``waypoint.seed``:

* a company led by a CEO, one department per five teams (every fifth one supporting) led by a
  head of department, ``units`` teams each with a lead and four members, and one virtual team;
* this year's annual period with its quarters (and last year's when the previous quarter
  falls in it): three company objectives for the year, and in both the current and the
  previous quarter two objectives per department and ``objectives_per_unit`` per team;
* links up (team → department objective or key result → company key result), about one team
  objective in twelve shared with a sibling team and one in ten left unlinked, so the coach
  has realistic findings to make;
* ``weeks`` weekly check-ins per key result (bulk-loaded), ending yesterday for the current
  quarter and at its end for the previous one, whose objectives are then closed with scores.

Everything is drawn from ``random.Random(seed)``, so two builds with the same arguments write
the same organisation. Not a benchmark itself: ``make bench`` runs ``bench/bench_*.py`` only.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from waypoint.domain import periods as dperiods
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.models import Person, Unit
from waypoint.seed import (
    Reading,
    add_check_ins,
    add_member,
    ensure_periods,
    make_key_result,
    make_objective,
    make_person,
    make_unit,
    mark_key_result_closed,
    mark_objective_closed,
    period_from_span,
    shared_password_hash,
)

TEAMS_PER_DEPARTMENT = 5
MEMBERS_PER_TEAM = 4
DEPARTMENT_OBJECTIVES = 2
COMPANY_OBJECTIVES = 3
PASSWORD = "bench-only-password"

# Vocabulary for titles. Each team works on its own area (a qualifier and a domain, unique for
# up to 360 teams) and department objectives borrow their teams' areas, so two departments only
# occasionally word an objective alike: the few "fragmented" findings a real organisation has.
DOMAINS = (
    "checkout",
    "search",
    "onboarding",
    "billing",
    "mobile app",
    "partner portal",
    "reporting",
    "notifications",
    "identity",
    "catalogue",
    "pricing",
    "support desk",
    "data platform",
    "release pipeline",
    "marketplace",
    "integrations",
    "analytics",
    "recommendations",
    "fraud screening",
    "warehouse sync",
    "invoicing",
    "localisation",
    "admin console",
    "customer success",
    "field sales",
    "brand",
    "hiring",
    "learning",
    "security",
    "payroll",
)
QUALIFIERS = (
    "wholesale",
    "retail",
    "courier",
    "subscription",
    "self-serve",
    "enterprise",
    "regional",
    "partner",
    "marketplace",
    "trial",
    "agency",
    "nonprofit",
)
AUDIENCES = (
    "first-time buyers",
    "enterprise admins",
    "small merchants",
    "partners",
    "field engineers",
    "returning customers",
    "new hires",
    "finance teams",
    "developers",
    "store managers",
    "resellers",
    "support agents",
    "warehouse staff",
    "marketing teams",
    "auditors",
    "franchise owners",
)
OPENERS = (
    "Effortless",
    "Trusted",
    "Faster",
    "Calmer",
    "Self-serve",
    "Delightful",
    "Dependable",
    "Simpler",
    "Friendlier",
    "Cheaper",
    "Smarter",
    "Quieter",
    "Predictable",
    "Welcoming",
    "Transparent",
    "Resilient",
    "Frictionless",
    "Generous",
    "Personal",
    "Proactive",
)
TASK_OBJECTIVE = "Launch the redesigned {domain} for {audience}"  # a project as an objective
KTLO_OBJECTIVE = "Maintain {domain} service levels for {audience}"  # keeping the lights on
# (metric, unit label, baseline, target); a lower target means "reduce".
METRICS = (
    ("conversion of {domain} visits", "%", 2.4, 3.4),
    ("weekly active {audience}", "", 1800, 2600),
    ("p95 {domain} response time", "ms", 820, 350),
    ("tickets about {domain} per 1,000 orders", "", 14, 6),
    ("{domain} NPS among {audience}", "", 21, 40),
    ("share of {audience} completing {domain} unaided", "%", 48, 75),
    ("monthly churn of {audience}", "%", 3.1, 2.0),
    ("time to first value in {domain}", "days", 9, 3),
    ("revenue through {domain}", "€k", 410, 560),
    ("{domain} error rate", "%", 1.8, 0.5),
)
METRIC_TEMPLATES_UP = (
    "Increase {metric} from {baseline}{unit} to {target}{unit}",
    "Raise {metric} to {target}{unit}",
    "{Metric} reaches {target}{unit} (from {baseline}{unit})",
)
METRIC_TEMPLATES_DOWN = (
    "Reduce {metric} from {baseline}{unit} to {target}{unit}",
    "Bring {metric} down to {target}{unit}",
    "{Metric} falls below {target}{unit}",
)
OUTPUT_TEMPLATES = (
    "Ship the new {domain} flow to all {audience}",
    "Run {count} interviews with {audience} about {domain}",
    "Write {count} help articles on {domain}",
    "Migrate {domain} to the shared platform",
)
COMPLETION_TEMPLATES = (
    "Every region runs on the rebuilt {domain}",
    "All {audience} moved to the new {domain} plans",
)
SUBJECTIVE_TEMPLATES = ("{audience} rate {domain} at least 8/10 in the quarterly panel",)
NOTES = (
    "",
    "",
    "On track.",
    "Slipped a little after the release freeze.",
    "Experiment results in; rolling out wider.",
    "Blocked on a dependency.",
)


@dataclass(frozen=True)
class KrSpec:
    """A key result to write: its title and measure."""

    title: str
    kind: str
    baseline: float
    target: float
    unit_label: str = ""
    criteria: str = ""


@dataclass
class SyntheticOrg:
    """What ``build`` made, for the benchmarks to request pages of."""

    company: Unit
    departments: list[Unit]
    teams: list[Unit]
    annual: Period
    previous: Period
    current: Period
    leads: dict[int, Person] = field(default_factory=dict)
    objectives: dict[int, list[Objective]] = field(default_factory=dict)
    check_ins: int = 0

    @property
    def team_lead(self) -> Person:
        """The lead of the first team: owns objectives, belongs to a team."""
        return self.leads[self.teams[0].pk]

    @property
    def sample_objective(self) -> Objective:
        """A current-quarter objective of the first team (with key results and check-ins)."""
        return self.objectives[self.current.pk][-1]


class _Builder:
    def __init__(self, rng: random.Random, today: date, krs_per_objective: int, weeks: int):
        self.rng = rng
        self.today = today
        self.krs_per_objective = krs_per_objective
        self.weeks = weeks
        self.readings: list[Reading] = []
        self.people: dict[str, Person] = {}
        self.areas: dict[int, list[str]] = {}  # unit id → the areas its objectives are about
        self.password_hash = shared_password_hash(PASSWORD)

    # --- people and units --------------------------------------------------------------------

    def person(self, username: str, title: str, level: str) -> Person:
        first, _, last = title.partition(" ")
        made = make_person(
            username,
            first_name=first,
            last_name=f"{last} {username}".strip(),
            title=title,
            level=level,
            password_hash=self.password_hash,
        )
        self.people[username] = made
        return made

    def team(self, index: int, department: Unit) -> tuple[Unit, Person, list[Person]]:
        area = (
            f"{QUALIFIERS[(index // len(DOMAINS)) % len(QUALIFIERS)]} "
            f"{DOMAINS[index % len(DOMAINS)]}"
        )
        unit = make_unit(
            f"{area.title()} {index + 1}",
            Unit.Kind.TEAM,
            parent=department,
            slug=f"team-{index + 1}",
            is_supporting=department.is_supporting,
        )
        self.areas[unit.pk] = [area]
        self.areas.setdefault(department.pk, []).append(area)
        lead = self.person(f"lead{index + 1}", "Team lead", Person.Level.TEAM)
        add_member(unit, lead, lead=True)
        members = [
            self.person(f"t{index + 1}m{m + 1}", "Engineer", Person.Level.TEAM)
            for m in range(MEMBERS_PER_TEAM)
        ]
        for member in members:
            add_member(unit, member)
        return unit, lead, members

    # --- text --------------------------------------------------------------------------------

    def words(self, unit: Unit) -> dict[str, str]:
        areas = self.areas.get(unit.pk) or list(DOMAINS)
        return {"domain": self.rng.choice(areas), "audience": self.rng.choice(AUDIENCES)}

    def objective_title(self, unit: Unit) -> str:
        roll = self.rng.random()
        template = (
            TASK_OBJECTIVE
            if roll < 0.05
            else KTLO_OBJECTIVE
            if roll < 0.1
            else f"{self.rng.choice(OPENERS)} {{domain}} for {{audience}}"
        )
        return template.format(**self.words(unit))

    def kr_spec(self, unit: Unit) -> KrSpec:
        words = self.words(unit)
        roll = self.rng.random()
        if roll < 0.62:
            metric, label, baseline, target = self.rng.choice(METRICS)
            metric = metric.format(**words)
            scale = self.rng.uniform(0.7, 1.4)
            baseline, target = _round(baseline * scale), _round(target * scale)
            pool = METRIC_TEMPLATES_UP if target > baseline else METRIC_TEMPLATES_DOWN
            title = self.rng.choice(pool).format(
                metric=metric,
                Metric=metric[0].upper() + metric[1:],
                baseline=baseline,
                target=target,
                unit=label,
            )
            return KrSpec(title, KeyResult.Kind.METRIC, baseline, target, unit_label=label)
        if roll < 0.8:
            count = self.rng.choice((3, 5, 8, 12))
            title = self.rng.choice(OUTPUT_TEMPLATES).format(count=count, **words)
            return KrSpec(title, KeyResult.Kind.QUANTITY, 0, count)
        if roll < 0.92:
            title = self.rng.choice(COMPLETION_TEMPLATES).format(**words)
            return KrSpec(
                title[0].upper() + title[1:], KeyResult.Kind.COMPLETION, 0, 100, unit_label="%"
            )
        title = self.rng.choice(SUBJECTIVE_TEMPLATES).format(**words)
        return KrSpec(
            title[0].upper() + title[1:],
            KeyResult.Kind.SUBJECTIVE,
            4,
            8,
            criteria="Panel of twelve customers; 8/10 means they would recommend it.",
        )

    # --- OKRs --------------------------------------------------------------------------------

    def objective(
        self,
        period: Period,
        unit: Unit,
        owner: Person,
        kr_units: list[Unit],
        *,
        planned: datetime,
        shared_with: Unit | None = None,
        parents: tuple[Objective, ...] = (),
        parent_krs: tuple[KeyResult, ...] = (),
        last_reading: date,
    ) -> Objective:
        units = [unit, shared_with] if shared_with else [unit]
        objective = make_objective(
            period,
            self.objective_title(unit),
            owner=owner,
            units=units,
            description="Why: customers told us so in the last review.",
            stretch=(
                Objective.Stretch.COMMITTED
                if self.rng.random() < 0.25
                else Objective.Stretch.ASPIRATIONAL
            ),
            kind=Objective.Kind.SUPPORT if unit.is_supporting else Objective.Kind.STRATEGIC,
            parents=parents,
            parent_krs=parent_krs,
            at=planned,
        )
        owners = [*kr_units, *([shared_with] if shared_with else [])]
        for index in range(self.krs_per_objective):
            spec = self.kr_spec(unit)
            kr = make_key_result(
                objective,
                spec.title,
                owner_unit=owners[index % len(owners)],
                kind=spec.kind,
                baseline=spec.baseline,
                target=spec.target,
                unit_label=spec.unit_label,
                criteria=spec.criteria,
                at=planned,
            )
            self.plan_readings(kr, owner, last_reading)
        return objective

    def plan_readings(self, kr: KeyResult, author: Person, last: date) -> None:
        """Weekly readings ending at ``last``; one key result in ten stops three weeks early."""
        baseline = float(kr.baseline or 0)
        target = float(kr.target if kr.target is not None else 100)
        reach = self.rng.uniform(0.2, 1.1)
        stop = 3 if self.rng.random() < 0.1 else 0
        for week in range(self.weeks - 1, stop - 1, -1):
            share = reach * (self.weeks - week) / self.weeks
            value = baseline + (target - baseline) * share * self.rng.uniform(0.85, 1.1)
            at = timezone.make_aware(datetime.combine(last - timedelta(weeks=week), time(9)))
            self.readings.append(
                Reading(
                    key_result=kr,
                    value=Decimal(str(_round(value))),
                    confidence=self.rng.randint(3, 9),
                    note=self.rng.choice(NOTES),
                    author=author,
                    at=at,
                )
            )


def _round(value: float) -> float:
    return round(value, 1) if abs(value) < 100 else float(round(value))


def _periods(today: date) -> tuple[Period, Period, Period]:
    annual, _ = ensure_periods(today)
    current_span = dperiods.quarter_of(today)
    previous_span = dperiods.previous_quarter(current_span)
    if previous_span.start.year != today.year:
        period_from_span(dperiods.year_of(previous_span.start))
    return annual, period_from_span(previous_span), period_from_span(current_span)


def _close(objectives: list[Objective], at: datetime) -> None:
    """Close last quarter's objectives and key results the way the quarterly review does."""
    for objective in objectives:
        for kr in objective.key_results.all():
            raw = kr.progress.raw or 0.0
            status = (
                Status.ACHIEVED if raw >= 0.95 else Status.PARTIAL if raw >= 0.4 else Status.MISSED
            )
            mark_key_result_closed(kr, status=status, author=objective.owner, at=at)
        score = Decimal(str(round(objective.progress.display, 1)))
        expected = Decimal("0.7") if objective.stretch == Objective.Stretch.ASPIRATIONAL else 1
        status = (
            Status.ACHIEVED
            if score >= expected
            else Status.PARTIAL
            if score >= Decimal("0.4")
            else Status.MISSED
        )
        mark_objective_closed(objective, status=status, score=score, author=objective.owner, at=at)


@transaction.atomic
def build(
    units: int,
    objectives_per_unit: int,
    krs_per_objective: int,
    weeks: int,
    today: date,
    *,
    seed: int = 20240917,
) -> SyntheticOrg:
    """Write a synthetic organisation of ``units`` teams into an empty database."""
    rng = random.Random(seed)
    b = _Builder(rng, today, krs_per_objective, weeks)
    annual, previous, current = _periods(today)

    ceo = b.person("ceo", "Chief Executive", Person.Level.SENIOR)
    company = make_unit("Synthetic Corp", Unit.Kind.COMPANY, slug="synthetic-corp", leads=[ceo])
    departments: list[Unit] = []
    heads: dict[int, Person] = {}
    for d in range(math.ceil(units / TEAMS_PER_DEPARTMENT)):
        head = b.person(f"head{d + 1}", "Head of department", Person.Level.LEADERSHIP)
        department = make_unit(
            f"Department {d + 1}",
            Unit.Kind.DEPARTMENT,
            parent=company,
            slug=f"department-{d + 1}",
            is_supporting=d % 5 == 4,
            leads=[head],
        )
        departments.append(department)
        heads[department.pk] = head
    teams: list[Unit] = []
    org = SyntheticOrg(company, departments, teams, annual, previous, current)
    for index in range(units):
        team, lead, _members = b.team(index, departments[index // TEAMS_PER_DEPARTMENT])
        teams.append(team)
        org.leads[team.pk] = lead
    if len(teams) >= 3:
        make_unit(
            "Growth squad",
            Unit.Kind.VIRTUAL,
            slug="growth-squad",
            member_units=rng.sample(teams, 3),
            leads=[org.leads[teams[1].pk]],
        )

    def when(period: Period) -> tuple[datetime, date]:
        planned_day = min(period.start + timedelta(days=3), today)
        last = min(period.end, today - timedelta(days=1))
        return timezone.make_aware(datetime.combine(planned_day, time(10))), last

    planned, last = when(annual)
    company_krs: list[KeyResult] = []
    for _ in range(COMPANY_OBJECTIVES):
        objective = b.objective(
            annual, company, ceo, departments, planned=planned, last_reading=last
        )
        company_krs += objective.key_results.all()

    for period in (previous, current):
        planned, last = when(period)
        made: list[Objective] = []
        dept_objectives: dict[int, list[Objective]] = {}
        for department in departments:
            dept_teams = [t for t in teams if t.parent_id == department.pk]
            dept_objectives[department.pk] = [
                b.objective(
                    period,
                    department,
                    heads[department.pk],
                    dept_teams,
                    planned=planned,
                    parent_krs=(rng.choice(company_krs),),
                    last_reading=last,
                )
                for _ in range(DEPARTMENT_OBJECTIVES)
            ]
            made += dept_objectives[department.pk]
        org.objectives[period.pk] = team_objectives = []
        for index, team in enumerate(teams):
            siblings = [t for t in teams if t.parent_id == team.parent_id and t != team]
            above = dept_objectives[team.parent_id]
            for _ in range(objectives_per_unit):
                roll = rng.random()
                parents: tuple[Objective, ...] = ()
                parent_krs: tuple[KeyResult, ...] = ()
                if roll < 0.45:
                    parents = (rng.choice(above),)
                elif roll < 0.9:
                    parent_krs = (rng.choice(list(rng.choice(above).key_results.all())),)
                shared = rng.choice(siblings) if siblings and rng.random() < 1 / 12 else None
                objective = b.objective(
                    period,
                    team,
                    org.leads[team.pk],
                    [team],
                    planned=planned,
                    shared_with=shared,
                    parents=parents,
                    parent_krs=parent_krs,
                    last_reading=last,
                )
                if index == 0:
                    team_objectives.append(objective)
                made.append(objective)
        if period == previous:
            closed_at = timezone.make_aware(datetime.combine(period.end, time(16)))
            org.check_ins += add_check_ins(b.readings)
            b.readings.clear()
            _close(made, closed_at)
    org.check_ins += add_check_ins(b.readings)
    # The coach's findings are stored: rebuild them once, as after any bulk load.
    from waypoint.coach import refresh

    refresh.forget()
    refresh.rebuild_periods([annual, previous, current], today=today)
    return org
