"""A synthetic organisation of ``people`` people for the benchmarks, written in bulk.

``build(people, today)`` writes into an empty database (one transaction):

* a company led by a CEO; divisions (departments under the company, about eight departments
  each) led by a head; departments (four to eight teams each, about one in six supporting:
  its teams set support goals) led by a head; about ``people / 8`` teams of a lead and
  members (six to ten people in all); and about one virtual team per forty teams, made of
  three teams of different departments and a few of their people. Everyone has a user
  account with the same password (``PASSWORD``, hashed once), so the load benchmark can log
  in as any team lead.
* the current quarter and the three before it, and the annual period of every year they
  touch. Each year the company has three objectives of three key results; each quarter every
  division, department and team has ``objectives_per_team`` objectives of
  ``krs_per_objective`` key results. A few percent of team objectives are shared with a
  sibling team (both own it; their key results alternate between the two). Links go up one
  level: a team objective contributes to an objective or key result of its department (one
  in ten is left unlinked), a department objective to a key result of its division, a
  division objective to a company key result of the year; a supporting team's objectives
  are support goals, each serving a unit or an objective of a department it supports.
* a weekly check-in on every key result from the first week of its period to yesterday (one
  key result in ten goes quiet three weeks before the end); ``current``, ``confidence`` and
  ``last_checked_in_at`` of every key result are its newest check-in's (and
  ``progress_display`` the progress they make). Quarters that have
  ended are closed the way the quarterly review closes them: every key result and objective
  gets a status and the default score, with the history rows the actions write.
* the weekly practice of every team in the current quarter: its meeting rhythm, the weekly
  meetings so far (held, a few cancelled) and the next one, commitments (open ones this week,
  done ones from last week) on its key results, and a KTLO KPI with weekly readings.

Rows are written in batches of plain tuples with explicit primary keys: ``executemany`` on
SQLite, ``COPY`` on PostgreSQL. Django's ``bulk_create`` builds a model instance per row and,
on SQLite, sends at most 999 parameters a statement (about a hundred check-ins): it wrote
check-ins about eight times slower (bench/README.md has the figures). Columns a row does not
name take the field's default, so a field added to a model later is filled. Everything is drawn
from ``random.Random(seed)`` and hashes of row ids, so two builds with the same arguments write
the same organisation.

``build`` returns a ``SyntheticOrg`` (the units, periods and team leads, for the benchmarks
to request pages of) whose ``report`` holds rows and seconds per table; ``print_report``
prints rows per second. Not a benchmark itself: ``make bench`` runs ``bench/bench_*.py``.
"""

from __future__ import annotations

import math
import random
import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from waypoint.alignment.models import SupportLink
from waypoint.cadence.models import Commitment, Kpi, KpiReading, Meeting, UnitCadence
from waypoint.domain import periods as dperiods
from waypoint.domain import progress as dp
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period, Status
from waypoint.orgs.models import Membership, Person, Unit
from waypoint.seed import period_from_span

PASSWORD = "bench-only-password"
PEOPLE_PER_TEAM = 8
COMPANY_OBJECTIVES = 3
COMPANY_KRS = 3
SHARED_SHARE = 0.04  # team objectives co-owned by a sibling team
BATCH = 20_000

# --- vocabulary ------------------------------------------------------------------------------
# Combinatorial, so names stay unique and titles varied at 12,500 teams: a department works on
# a domain for a market, its teams on a focus within it; titles mix an opener, the team's focus
# and domain, and an audience.

DOMAINS = (
    "checkout", "search", "onboarding", "billing", "mobile app", "partner portal", "reporting",
    "notifications", "identity", "catalogue", "pricing", "support desk", "data platform",
    "release pipeline", "marketplace", "integrations", "analytics", "recommendations",
    "fraud screening", "warehouse sync", "invoicing", "localisation", "admin console",
    "customer success", "field sales", "brand", "hiring", "learning", "security", "payroll",
    "logistics", "subscriptions", "loyalty", "content", "payments", "compliance", "procurement",
    "facilities", "observability", "developer tools",
)  # fmt: skip
MARKETS = (
    "wholesale", "retail", "courier", "subscription", "self-serve", "enterprise", "regional",
    "partner", "trial", "agency", "nonprofit", "public sector", "education", "healthcare",
    "travel", "hospitality", "automotive", "media", "gaming", "insurance", "banking",
    "grocery", "fashion", "energy",
)  # fmt: skip
REGIONS = (
    "Nordics", "Iberia", "Benelux", "DACH", "Baltics", "Balkans", "Alps", "Levant", "Andes",
    "Pacific", "Caribbean", "Maghreb", "Anatolia", "Highlands", "Midlands", "Atlantic",
    "Adriatic", "Danube", "Rhine", "Aegean",
)  # fmt: skip
DIVISION_THEMES = (
    "Commerce", "Platform", "Growth", "Operations", "Finance", "People", "Marketing",
    "Customer", "Infrastructure", "Data", "Product", "Partnerships", "Risk", "Supply",
    "Experience", "Enablement",
)  # fmt: skip
FOCI = (
    "returns", "ranking", "sign-up", "refunds", "offline mode", "payouts", "dashboards",
    "email digests", "single sign-on", "product data", "discounts", "chat", "ingestion",
    "build speed", "seller tools", "webhooks", "funnels", "personalisation", "chargebacks",
    "stock levels", "tax rules", "translations", "permissions", "renewals", "quotes",
    "campaigns", "interviews", "courses", "audits", "contracts",
)  # fmt: skip
CREWS = (
    "Harbor", "Summit", "Lantern", "Compass", "Anchor", "Beacon", "Meridian", "Orbit",
    "Quarry", "Ridge", "Falcon", "Juniper", "Cobalt", "Willow", "Ember", "Atlas", "Delta",
    "Kestrel", "Maple", "Nimbus", "Onyx", "Pioneer", "Sable", "Tundra",
)  # fmt: skip
AUDIENCES = (
    "first-time buyers", "enterprise admins", "small merchants", "partners", "field engineers",
    "returning customers", "new hires", "finance teams", "developers", "store managers",
    "resellers", "support agents", "warehouse staff", "marketing teams", "auditors",
    "franchise owners",
)  # fmt: skip
OPENERS = (
    "Effortless", "Trusted", "Faster", "Calmer", "Self-serve", "Delightful", "Dependable",
    "Simpler", "Friendlier", "Cheaper", "Smarter", "Quieter", "Predictable", "Welcoming",
    "Transparent", "Resilient", "Frictionless", "Generous", "Personal", "Proactive",
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    "Kaja", "Luca", "Maren", "Nadia", "Oskar", "Paula", "Quentin", "Rosa", "Sami", "Tereza",
    "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zofia", "Anouk", "Bilal", "Carmen", "Dario",
    "Esther", "Filip", "Gwen", "Hamza", "Ilse", "Jasper", "Keiko", "Leon", "Mira", "Nils",
)  # fmt: skip
LAST_NAMES = (
    "Andersen", "Bakker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat",
    "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Olsen", "Popescu",
    "Quintero", "Rossi", "Schmidt", "Takahashi", "Ulrich", "Varga", "Weber", "Yilmaz",
    "Zeller", "Almeida", "Berg", "Conti", "Dahl", "Esposito", "Ferreira", "Gruber", "Haas",
    "Ilic", "Jovanovic", "Keller", "Lambert", "Meyer", "Nagy", "Ortiz",
)  # fmt: skip
MEMBER_TITLES = ("Engineer", "Engineer", "Designer", "Analyst", "Product manager", "Engineer")
# (metric, unit label, baseline, target); a lower target means "reduce".
METRICS = (
    ("conversion of {focus} visits", "%", 2.4, 3.4),
    ("weekly active {audience}", "", 1800, 2600),
    ("p95 {domain} response time", "ms", 820, 350),
    ("tickets about {focus} per 1,000 orders", "", 14, 6),
    ("{domain} NPS among {audience}", "", 21, 40),
    ("share of {audience} completing {focus} unaided", "%", 48, 75),
    ("monthly churn of {audience}", "%", 3.1, 2.0),
    ("time to first value in {domain}", "days", 9, 3),
    ("revenue through {focus}", "€k", 410, 560),
    ("{focus} error rate", "%", 1.8, 0.5),
)
METRIC_UP = (
    "Increase {metric} from {baseline}{unit} to {target}{unit}",
    "Raise {metric} to {target}{unit}",
    "{Metric} reaches {target}{unit} (from {baseline}{unit})",
)
METRIC_DOWN = (
    "Reduce {metric} from {baseline}{unit} to {target}{unit}",
    "Bring {metric} down to {target}{unit}",
    "{Metric} falls below {target}{unit}",
)
OUTPUTS = (
    "Ship the new {focus} flow to all {audience}",
    "Run {count} interviews with {audience} about {focus}",
    "Write {count} help articles on {domain} {focus}",
    "Migrate {focus} to the shared {domain} platform",
)
COMPLETIONS = (
    "Every region runs on the rebuilt {domain} {focus}",
    "All {audience} moved to the new {focus} plans",
)
SUBJECTIVES = ("{Audience} rate {focus} at least 8/10 in the quarterly panel",)
HELD_NOTES = "Went through the key results."
COMPANY_TITLES = (
    "Become the first choice of small merchants in every market",
    "Customers trust us with their busiest day",
    "Grow profitably in the markets we already serve",
    "A company people are proud to work for",
    "Win the enterprise segment without losing our simplicity",
    "Every team ships safely every week",
)
NOTES = (
    "",
    "",
    "On track.",
    "Slipped a little after the release freeze.",
    "Experiment results in; rolling out wider.",
    "Blocked on a dependency.",
)
KPIS = (
    ("Uptime of {domain}", "%", 99.5, None, 99.8),
    ("Open support tickets", "", None, 40, 25),
    ("Deploys per week", "", 5, None, 9),
    ("Median page load", "ms", None, 900, 650),
)
COMMITMENTS = (
    "Pair with support on the {focus} tickets",
    "Draft the {focus} experiment brief",
    "Review the {domain} dashboard with the team",
    "Interview two {audience}",
    "Fix the top {focus} bug",
)


# --- writing rows ----------------------------------------------------------------------------


@dataclass
class TableFigures:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class _Table:
    name: str
    columns: list[str]
    constants: tuple[Any, ...]  # defaults of the columns a row does not name
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    figures: TableFigures = field(default_factory=TableFigures)


class Writer:
    """Buffers rows per table and writes them in batches: ``executemany`` on SQLite, ``COPY``
    on PostgreSQL. A table is declared with the model attributes its rows give, in order;
    every other concrete column (but an automatic primary key) gets the field's default."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.tables: dict[str, _Table] = {}
        self.explicit_ids: list[type[models.Model]] = []

    def table(
        self, key: str, model: type[models.Model], attnames: Sequence[str], *, ids: bool = False
    ) -> None:
        opts = model._meta
        given = {opts.get_field(a).attname if a != "id" else "id" for a in attnames}
        columns = [opts.get_field(a).column for a in attnames]
        constants = []
        for f in opts.concrete_fields:
            if f.attname in given or (f.primary_key and not ids):
                continue
            columns.append(f.column)
            automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            default = timezone.now() if automatic else f.get_default()
            constants.append(f.get_db_prep_save(default, connection))
        self.tables[key] = _Table(opts.db_table, columns, tuple(constants))
        if ids:
            self.explicit_ids.append(model)

    def m2m(self, key: str, model: type[models.Model], name: str) -> None:
        """Declare the through table of ``model.name``: rows are (from id, to id)."""
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through._meta  # type: ignore[union-attr]
        columns = [m2m.m2m_column_name(), m2m.m2m_reverse_name()]  # type: ignore[union-attr]
        self.tables[key] = _Table(through.db_table, columns, ())

    def add(self, key: str, row: tuple[Any, ...]) -> None:
        table = self.tables[key]
        table.rows.append(row)
        if len(table.rows) >= BATCH:
            self.flush(key)

    def flush(self, key: str) -> None:
        table = self.tables[key]
        if not table.rows:
            return
        start = clock.perf_counter()
        rows = [row + table.constants for row in table.rows] if table.constants else table.rows
        raw = connection.connection
        if self.vendor == "postgresql":
            columns = ", ".join(f'"{c}"' for c in table.columns)
            statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            columns = ", ".join(f'"{c}"' for c in table.columns)
            marks = ", ".join("?" for _ in table.columns)
            raw.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)
        table.figures.rows += len(rows)
        table.figures.seconds += clock.perf_counter() - start
        table.rows.clear()

    def flush_all(self) -> None:
        for key in self.tables:
            self.flush(key)

    def finish(self) -> dict[str, TableFigures]:
        self.flush_all()
        if self.explicit_ids:  # PostgreSQL: sequences continue after the ids written here
            statements = connection.ops.sequence_reset_sql(no_style(), self.explicit_ids)
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        return {t.name: t.figures for t in self.tables.values()}

    def clock(self, moment: time) -> Any:
        """A time of day as this backend's column takes it (SQLite: text)."""
        return moment if self.vendor == "postgresql" else str(moment)

    def when(self, moment: datetime) -> Any:
        """A datetime as this backend's column takes it (SQLite: naive UTC text)."""
        if self.vendor == "postgresql":
            return moment
        return str(moment.astimezone(UTC).replace(tzinfo=None))


# --- what was built ---------------------------------------------------------------------------


@dataclass
class SyntheticOrg:
    """What ``build`` made, for the benchmarks to request pages of."""

    company: Unit
    divisions: list[Unit]
    departments: list[Unit]
    teams: list[Unit]
    virtual_teams: list[Unit]
    annual: Period
    quarters: list[Period]  # oldest first; the last is the current quarter
    leads: dict[int, Person] = field(default_factory=dict)  # team id → its lead
    objectives: dict[int, list[Objective]] = field(default_factory=dict)  # first team's
    people: int = 0
    check_ins: int = 0
    report: dict[str, TableFigures] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def current(self) -> Period:
        return self.quarters[-1]

    @property
    def previous(self) -> Period:
        return self.quarters[-2] if len(self.quarters) > 1 else self.quarters[-1]

    @property
    def team_lead(self) -> Person:
        """The lead of the first team: owns objectives, belongs to a team."""
        return self.leads[self.teams[0].pk]

    @property
    def sample_objective(self) -> Objective:
        """A current-quarter objective of the first team (with key results and check-ins)."""
        return self.objectives[self.current.pk][-1]

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.report.values())


def print_report(org: SyntheticOrg, *, file: Any = None) -> None:
    """Rows and rows per second per table, and the total, largest tables first."""
    print(
        f"Synthetic organisation: {org.people:,} people, {len(org.teams):,} teams, "
        f"{org.rows:,} rows in {org.seconds:.1f} s ({org.rows / org.seconds:,.0f} rows/s)",
        file=file,
    )
    print(f"  {'table':<36} {'rows':>10} {'write s':>8} {'rows/s':>10}", file=file)
    for name, f in sorted(org.report.items(), key=lambda item: -item[1].rows):
        rate = f"{f.rows / f.seconds:>10,.0f}" if f.rows and f.seconds else ""
        print(f"  {name:<36} {f.rows:>10,} {f.seconds:>8.2f} {rate}", file=file)


# --- the builder ------------------------------------------------------------------------------


def _unique_combinations(rng: random.Random, count: int, *pools: Sequence[str]) -> list[str]:
    """``count`` distinct combinations of one word from each pool (numbered past the last)."""
    sizes = [len(p) for p in pools]
    total = math.prod(sizes)
    picks = rng.sample(range(total), min(count, total))
    names = []
    for n in range(count):
        index = picks[n % len(picks)]
        words = []
        for pool, size in zip(pools, sizes, strict=True):
            index, rest = divmod(index, size)
            words.append(pool[rest])
        name = " ".join(words)
        names.append(name if n < total else f"{name} {n // total + 1}")
    return names


def _noise(key: int, salt: int) -> float:
    """A deterministic number in [0, 1) from two integers (cheaper than a Random per row)."""
    h = (key * 2654435761 + salt * 40503 + 12345) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 2246822519) & 0xFFFFFFFF
    h ^= h >> 13
    return h / 4294967296.0


def _round(value: float) -> float:
    return round(value, 1) if abs(value) < 100 else float(round(value))


def _number(value: float) -> Decimal:
    return Decimal(str(_round(value)))


@dataclass
class _Unit:
    id: int
    kind: str
    name: str
    slug: str
    parent: int | None
    supporting: bool = False
    lead: int = 0
    people: list[int] = field(default_factory=list)  # lead first
    words: dict[str, str] = field(default_factory=dict)  # domain, market, focus


@dataclass
class _Kr:
    id: int
    owner: int
    kind: str
    baseline: Decimal | None
    target: Decimal | None
    reach: float
    stale: bool


@dataclass
class _Period:
    period: Period
    weeks: list[datetime]  # check-in moments, oldest first, up to yesterday
    length: int  # weeks in the whole period
    closed_at: datetime | None  # the period has ended: its OKRs are closed at this moment
    planned: datetime


class _Builder:
    def __init__(self, people: int, today: date, seed: int, objectives: int, krs: int):
        self.rng = random.Random(seed)
        self.today = today
        self.per_unit = objectives
        self.krs_per_objective = krs
        self.w = Writer()
        self.tz = timezone.get_current_timezone()
        self.ids: dict[str, int] = {}
        for key, model in (("person", Person), ("unit", Unit), ("objective", Objective)):
            top = model.objects.aggregate(m=models.Max("id"))["m"] or 0
            self.ids[key] = top
        self.ids["kr"] = KeyResult.objects.aggregate(m=models.Max("id"))["m"] or 0
        self.ids["kpi"] = Kpi.objects.aggregate(m=models.Max("id"))["m"] or 0
        self.units: dict[int, _Unit] = {}
        self.moments: dict[tuple[int, int], list[Any]] = {}
        self.person_count = 0
        self.check_ins = 0
        self.first_team_objectives: dict[int, list[int]] = {}
        self._declare()
        self.password = make_password(PASSWORD)
        self.joined = self.w.when(self.local(today - timedelta(days=400), time(9)))

    def _declare(self) -> None:
        w = self.w
        w.table(
            "person",
            Person,
            ["id", "username", "first_name", "last_name", "email", "password", "title", "level"]
            + ["is_active", "is_staff", "is_superuser", "date_joined"],
            ids=True,
        )
        w.table(
            "unit",
            Unit,
            ["id", "kind", "name", "slug", "parent_id", "is_supporting", "description"],
            ids=True,
        )
        w.m2m("unit_members", Unit, "member_units")
        w.table("membership", Membership, ["person_id", "unit_id", "role"])
        w.table(
            "objective",
            Objective,
            ["id", "period_id", "title", "description", "owner_id", "stretch", "kind"]
            + ["status", "score", "closed_at", "version", "created_at", "updated_at"],
            ids=True,
        )
        w.m2m("objective_units", Objective, "units")
        w.m2m("objective_parents", Objective, "parent_objectives")
        w.m2m("objective_parent_krs", Objective, "parent_key_results")
        w.table(
            "kr",
            KeyResult,
            ["id", "objective_id", "title", "owner_unit_id", "kind", "baseline", "target"]
            + ["current", "unit_label", "criteria", "weight", "confidence", "last_checked_in_at"]
            + ["position", "status", "score", "closed_at", "created_at", "updated_at"]
            + ["progress_display"],
            ids=True,
        )
        w.table(
            "check_in",
            CheckIn,
            ["key_result_id", "value", "confidence", "note", "author_id", "at", "recorded_at"],
        )
        w.table(
            "change",
            Change,
            ["objective_id", "key_result_id", "field", "old", "new", "author_id", "at"],
        )
        w.table("support", SupportLink, ["objective_id", "unit_id", "served_objective_id"])
        w.table("cadence", UnitCadence, ["unit_id", "frequency", "weekday", "at", "anchor"])
        w.table(
            "meeting",
            Meeting,
            ["unit_id", "kind", "scheduled_for", "duration_minutes", "status", "notes"]
            + ["status_reason", "held_at"],
        )
        w.table(
            "commitment",
            Commitment,
            ["unit_id", "person_id", "key_result_id", "title", "status", "due", "created_at"]
            + ["done_at", "created_by_id"],
        )
        w.table(
            "kpi", Kpi, ["id", "unit_id", "name", "unit_label", "healthy_min", "healthy_max"],
            ids=True,
        )  # fmt: skip
        w.table("kpi_reading", KpiReading, ["kpi_id", "value", "at", "author_id"])

    # --- helpers ---------------------------------------------------------------------------

    def next_id(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.tz)

    def person(self, title: str, level: str, username: str | None = None) -> int:
        pid = self.next_id("person")
        self.person_count += 1
        first = FIRST_NAMES[pid % len(FIRST_NAMES)]
        last = LAST_NAMES[(pid // len(FIRST_NAMES) + pid * 7) % len(LAST_NAMES)]
        username = username or f"p{pid}"
        self.w.add(
            "person",
            (
                pid, username, first, last, f"{username}@synthetic.example", self.password,
                title, level, True, False, False, self.joined,
            ),
        )  # fmt: skip
        return pid

    def unit(
        self, kind: str, name: str, slug: str, parent: int | None, supporting: bool = False
    ) -> _Unit:
        made = _Unit(self.next_id("unit"), kind, name, slug, parent, supporting)
        self.units[made.id] = made
        self.w.add("unit", (made.id, kind, name, slug, parent, supporting, ""))
        return made

    def member(self, unit: _Unit, person: int, lead: bool = False) -> None:
        role = Membership.Role.LEAD if lead else Membership.Role.MEMBER
        self.w.add("membership", (person, unit.id, role))
        if lead:
            unit.lead = person
        unit.people.append(person)

    # --- the organisation ------------------------------------------------------------------

    def organisation(
        self, people: int
    ) -> tuple[_Unit, list[_Unit], list[_Unit], list[_Unit], list[_Unit]]:
        rng = self.rng
        teams_wanted = max(2, round(people / PEOPLE_PER_TEAM))
        sizes: list[int] = []  # teams per department
        while sum(sizes) < teams_wanted:
            sizes.append(min(rng.randint(4, 8), teams_wanted - sum(sizes)))
        divisions_wanted = max(1, round(len(sizes) / 8))
        ceo = self.person("Chief Executive", Person.Level.SENIOR, username="ceo")
        company = self.unit(Unit.Kind.COMPANY, "Synthetic Corp", "synthetic-corp", None)
        self.member(company, ceo, lead=True)
        company.words = {"domain": "the business", "market": "every market", "focus": "growth"}
        division_names = _unique_combinations(rng, divisions_wanted, DIVISION_THEMES, REGIONS)
        divisions = []
        for d, name in enumerate(division_names):
            division = self.unit(Unit.Kind.DEPARTMENT, name, f"division-{d + 1}", company.id)
            theme, _, region = name.partition(" ")
            division.words = {"domain": theme.lower(), "market": region, "focus": theme.lower()}
            self.member(division, self.person("Division head", Person.Level.SENIOR), lead=True)
            divisions.append(division)
        department_names = _unique_combinations(rng, len(sizes), MARKETS, DOMAINS, REGIONS)
        departments, teams = [], []
        for d, (name, size) in enumerate(zip(department_names, sizes, strict=True)):
            market, domain = self._split(name)
            division = divisions[d * len(divisions) // len(sizes)]
            department = self.unit(
                Unit.Kind.DEPARTMENT,
                name[0].upper() + name[1:],
                f"department-{d + 1}",
                division.id,
                supporting=d % 6 == 5 or 1 < len(sizes) < 6 and d == len(sizes) - 1,
            )
            department.words = {"domain": domain, "market": market, "focus": domain}
            self.member(
                department, self.person("Head of department", Person.Level.LEADERSHIP), lead=True
            )
            departments.append(department)
            crews = rng.sample(CREWS, size)
            foci = rng.sample(FOCI, size)
            for crew, focus in zip(crews, foci, strict=True):
                index = len(teams) + 1
                team = self.unit(
                    Unit.Kind.TEAM,
                    f"{department.name} {crew}",
                    f"team-{index}",
                    department.id,
                    supporting=department.supporting,
                )
                team.words = {"domain": domain, "market": market, "focus": focus}
                teams.append(team)
        # people: whoever is not a head is in exactly one team (six to ten each)
        left = max(len(teams) * 3, people - self.person_count)
        weights = [rng.uniform(0.6, 1.4) for _ in teams]
        scale = left / sum(weights)
        counts = [max(3, round(x * scale)) for x in weights]
        for index in rng.sample(range(len(teams)), len(teams)):
            drift = left - sum(counts)
            if drift == 0:
                break
            step = 1 if drift > 0 else -1
            if counts[index] + step >= 3:
                counts[index] += step
        for team, count in zip(teams, counts, strict=True):
            self.member(team, self.person("Team lead", Person.Level.TEAM), lead=True)
            for m in range(count - 1):
                title = MEMBER_TITLES[(team.id + m) % len(MEMBER_TITLES)]
                self.member(team, self.person(title, Person.Level.TEAM))
        virtual = []
        if len(departments) >= 2:
            for v in range(max(1, len(teams) // 40)):
                members = self._spread(teams, 3)
                focus = rng.choice(FOCI)
                squad = self.unit(
                    Unit.Kind.VIRTUAL, f"{focus.capitalize()} squad {v + 1}", f"squad-{v + 1}", None
                )
                squad.words = {**members[0].words, "focus": focus}
                for m in members:
                    self.w.add("unit_members", (squad.id, m.id))
                self.member(squad, members[0].lead, lead=True)
                for m in members:
                    for person in m.people[1:3]:
                        self.member(squad, person)
                virtual.append(squad)
        return company, divisions, departments, teams, virtual

    def _spread(self, teams: list[_Unit], count: int) -> list[_Unit]:
        """``count`` teams of different departments."""
        chosen: list[_Unit] = []
        while len(chosen) < count:
            team = self.rng.choice(teams)
            if all(t.parent != team.parent for t in chosen):
                chosen.append(team)
        return chosen

    @staticmethod
    def _split(name: str) -> tuple[str, str]:
        for market in sorted(MARKETS, key=len, reverse=True):
            if name.startswith(market + " "):
                rest = name[len(market) + 1 :]
                for domain in sorted(DOMAINS, key=len, reverse=True):
                    if rest.startswith(domain + " "):
                        return market, domain
        raise ValueError(name)

    # --- periods ---------------------------------------------------------------------------

    def period(self, span: dperiods.PeriodSpan) -> _Period:
        period = period_from_span(span)
        first = span.start + timedelta(days=4)
        yesterday = self.today - timedelta(days=1)
        weeks = []
        day = first
        while day <= min(span.end, yesterday):
            weeks.append(self.local(day, time(9)))
            day += timedelta(weeks=1)
        length = max(1, math.ceil(((span.end - span.start).days + 1 - 4) / 7))
        closed = self.local(span.end, time(16)) if span.end < self.today else None
        planned = self.local(min(span.start + timedelta(days=3), self.today), time(10))
        return _Period(period, weeks, length, closed, planned)

    # --- OKRs ------------------------------------------------------------------------------

    def words(self, unit: _Unit, salt: int) -> dict[str, str]:
        audience = AUDIENCES[int(_noise(unit.id, salt) * len(AUDIENCES))]
        return {**unit.words, "audience": audience, "Audience": audience.capitalize()}

    def objective_title(self, unit: _Unit, salt: int) -> str:
        words = self.words(unit, salt)
        roll = _noise(unit.id, salt + 1)
        if roll < 0.05:
            return "Launch the redesigned {domain} {focus} for {audience}".format(**words)
        if roll < 0.1:
            return "Maintain {domain} service levels for {audience}".format(**words)
        opener = OPENERS[int(_noise(unit.id, salt + 2) * len(OPENERS))]
        if unit.kind == Unit.Kind.TEAM:
            return f"{opener} {words['focus']} in {words['market']} {words['domain']}"
        return f"{opener} {words['domain']} for {words['audience']} in {words['market']}"

    def kr_text(self, unit: _Unit, salt: int) -> tuple[str, str, float, float, str, str]:
        """(title, kind, baseline, target, unit label, criteria) of a key result."""
        words = self.words(unit, salt)
        roll = _noise(unit.id, salt + 3)
        pick = _noise(unit.id, salt + 4)
        if roll < 0.62:
            metric, label, baseline, target = METRICS[int(pick * len(METRICS))]
            metric = metric.format(**words)
            scale = 0.7 + 0.7 * _noise(unit.id, salt + 5)
            baseline, target = _round(baseline * scale), _round(target * scale)
            pool = METRIC_UP if target > baseline else METRIC_DOWN
            title = pool[int(_noise(unit.id, salt + 6) * len(pool))].format(
                metric=metric,
                Metric=metric[0].upper() + metric[1:],
                baseline=baseline,
                target=target,
                unit=label,
            )
            return title, KeyResult.Kind.METRIC, baseline, target, label, ""
        if roll < 0.8:
            count = (3, 5, 8, 12)[int(pick * 4)]
            title = OUTPUTS[int(_noise(unit.id, salt + 6) * len(OUTPUTS))]
            return title.format(count=count, **words), KeyResult.Kind.QUANTITY, 0, count, "", ""
        if roll < 0.92:
            title = COMPLETIONS[int(pick * len(COMPLETIONS))].format(**words)
            title = title[0].upper() + title[1:]
            return title, KeyResult.Kind.COMPLETION, 0, 100, "%", ""
        title = SUBJECTIVES[0].format(**words)
        criteria = "Panel of twelve customers; 8/10 means they would recommend it."
        return title, KeyResult.Kind.SUBJECTIVE, 4, 8, "", criteria

    def objective(
        self,
        p: _Period,
        unit: _Unit,
        kr_owners: Sequence[_Unit],
        *,
        shared_with: _Unit | None = None,
        parent: int | None = None,
        parent_kr: int | None = None,
        krs: int | None = None,
    ) -> tuple[int, list[int]]:
        """Write an objective with its key results and their check-ins; returns the ids."""
        w = self.w
        oid = self.next_id("objective")
        owner = unit.lead
        title = (
            COMPANY_TITLES[(oid + p.period.start.year) % len(COMPANY_TITLES)]
            if unit.kind == Unit.Kind.COMPANY
            else self.objective_title(unit, oid)
        )
        stretch = (
            Objective.Stretch.COMMITTED if _noise(oid, 7) < 0.25 else Objective.Stretch.ASPIRATIONAL
        )
        kind = Objective.Kind.SUPPORT if unit.supporting else Objective.Kind.STRATEGIC
        w.add("objective_units", (oid, unit.id))
        if shared_with is not None:
            w.add("objective_units", (oid, shared_with.id))
        if parent is not None:
            w.add("objective_parents", (oid, parent))
        if parent_kr is not None:
            w.add("objective_parent_krs", (oid, parent_kr))
        planned = w.when(p.planned)
        self.change(oid, None, "created", "", title, owner, planned)
        owners = [*kr_owners, *([shared_with] if shared_with else [])]
        parts: list[tuple[dp.Progress, float]] = []
        kr_ids = []
        closed_at = w.when(p.closed_at) if p.closed_at else None
        for position in range(self.krs_per_objective if krs is None else krs):
            kid = self.next_id("kr")
            kr_ids.append(kid)
            owner_unit = owners[position % len(owners)]
            text, kr_kind, baseline, target, label, criteria = self.kr_text(unit, kid)
            kr = _Kr(
                kid,
                owner_unit.id,
                kr_kind,
                _number(baseline),
                _number(target),
                0.2 + 0.9 * _noise(kid, 11),
                _noise(kid, 12) < 0.1,
            )
            last = self.check_in_series(p, kr, owner_unit)
            current, confidence, last_at = last if last else (None, None, None)
            measure = dp.Measure(
                kr_kind, float(baseline), float(target), None if current is None else float(current)
            )
            progress = dp.kr_progress(measure)
            parts.append((progress, 1.0))
            status, score = Status.ACTIVE, None
            if closed_at:
                raw = progress.raw or 0.0
                status = (
                    Status.ACHIEVED
                    if raw >= 0.95
                    else Status.PARTIAL
                    if raw >= 0.4
                    else Status.MISSED
                )
                score = Decimal(str(dp.default_score(measure)))
            w.add(
                "kr",
                (
                    kid, oid, text, owner_unit.id, kr_kind, kr.baseline, kr.target, current,
                    label, criteria, Decimal(1), confidence, last_at, position, status, score,
                    closed_at, planned, closed_at or (last_at or planned),
                    None if progress.raw is None else progress.display,
                ),
            )  # fmt: skip
            self.change(oid, kid, "key result added", "", text, owner, planned)
            if closed_at:
                self.change(
                    oid, kid, "key result status", "Active", Status(status).label, owner, closed_at
                )
        status, score, version = Status.ACTIVE, None, 1
        if closed_at:
            score = Decimal(str(round(dp.objective_progress(parts).display, 1)))
            expected = Decimal("0.7") if stretch == Objective.Stretch.ASPIRATIONAL else Decimal(1)
            status = (
                Status.ACHIEVED
                if score >= expected
                else Status.PARTIAL
                if score >= Decimal("0.4")
                else Status.MISSED
            )
            version = 2
            self.change(oid, None, "status", "Active", Status(status).label, owner, closed_at)
        w.add(
            "objective",
            (
                oid, p.period.pk, title, "Why: customers told us so in the last review.", owner,
                stretch, kind, status, score, closed_at, version, planned, closed_at or planned,
            ),
        )  # fmt: skip
        return oid, kr_ids

    def change(
        self, oid: int, kid: int | None, name: str, old: str, new: str, author: int, at: Any
    ) -> None:
        self.w.add("change", (oid, kid, name, old, new, author, at))

    def check_in_series(self, p: _Period, kr: _Kr, owner: _Unit) -> tuple[Decimal, int, Any] | None:
        """Weekly check-ins of one key result; returns its newest (value, confidence, at)."""
        weeks = p.weeks[: len(p.weeks) - 3] if kr.stale and len(p.weeks) > 3 else p.weeks
        if not weeks:
            return None
        baseline = float(kr.baseline or 0)
        span = float(kr.target if kr.target is not None else 100) - baseline
        people = owner.people or [owner.lead]
        hours = int(_noise(kr.id, 13) * 8)
        moments = self.moments.get((p.period.pk, hours))
        if moments is None:
            shift = timedelta(hours=hours)
            moments = [self.w.when(m + shift) for m in p.weeks]
            self.moments[(p.period.pk, hours)] = moments
        newest: tuple[Decimal, int, Any] | None = None
        w = self.w
        for index in range(len(weeks)):
            noise = _noise(kr.id, 100 + index)
            share = kr.reach * (index + 1) / p.length
            value = _number(baseline + span * share * (0.85 + 0.25 * noise))
            confidence = 3 + int(noise * 7)
            at = moments[index]
            author = people[int(noise * 997) % len(people)]
            w.add(
                "check_in",
                (kr.id, value, confidence, NOTES[int(noise * 6007) % len(NOTES)], author, at, at),
            )
            newest = (value, confidence, at)
        self.check_ins += len(weeks)
        return newest

    def okrs(
        self,
        periods: list[_Period],
        annuals: dict[int, _Period],
        company: _Unit,
        divisions: list[_Unit],
        departments: list[_Unit],
        teams: list[_Unit],
        virtual: list[_Unit],
    ) -> None:
        rng = self.rng
        company_krs: dict[int, list[int]] = {}
        for year, annual in annuals.items():
            company_krs[year] = []
            for _ in range(COMPANY_OBJECTIVES):
                _oid, krs = self.objective(annual, company, divisions, krs=COMPANY_KRS)
                company_krs[year] += krs
        by_parent: dict[int, list[_Unit]] = {}
        for unit in [*departments, *teams]:
            by_parent.setdefault(unit.parent, []).append(unit)  # type: ignore[arg-type]
        helped = [d for d in departments if not d.supporting] or departments
        first_team = teams[0].id
        for p in periods:
            year_krs = company_krs[p.period.start.year]
            division_krs: dict[int, list[int]] = {}
            for division in divisions:
                division_krs[division.id] = []
                below = by_parent.get(division.id, [division])
                for _ in range(self.per_unit):
                    _oid, krs = self.objective(p, division, below, parent_kr=rng.choice(year_krs))
                    division_krs[division.id] += krs
            dept_objectives: dict[int, list[tuple[int, list[int]]]] = {}
            for department in departments:
                below = by_parent.get(department.id, [department])
                made = []
                for _ in range(self.per_unit):
                    made.append(
                        self.objective(
                            p,
                            department,
                            below,
                            parent_kr=rng.choice(division_krs[department.parent]),  # type: ignore[index]
                        )
                    )
                dept_objectives[department.id] = made
            self.first_team_objectives[p.period.pk] = []
            for team in teams:
                siblings = [t for t in by_parent[team.parent] if t.id != team.id]  # type: ignore[index]
                above = dept_objectives[team.parent]  # type: ignore[index]
                for _ in range(self.per_unit):
                    roll = rng.random()
                    parent = parent_kr = None
                    if team.supporting and roll < 0.5:
                        pass  # a support goal that serves, contributing to nothing above
                    elif roll < 0.45:
                        parent = rng.choice(above)[0]
                    elif roll < 0.9:
                        parent_kr = rng.choice(rng.choice(above)[1])
                    shared = (
                        rng.choice(siblings) if siblings and rng.random() < SHARED_SHARE else None
                    )
                    oid, _krs = self.objective(
                        p, team, [team], shared_with=shared, parent=parent, parent_kr=parent_kr
                    )
                    if team.supporting:
                        served = rng.choice(helped)
                        if rng.random() < 0.5:
                            self.w.add("support", (oid, served.id, None))
                        else:
                            self.w.add(
                                "support", (oid, None, rng.choice(dept_objectives[served.id])[0])
                            )
                    if team.id == first_team:
                        self.first_team_objectives[p.period.pk].append(oid)
            for squad in virtual:
                self.objective(p, squad, [squad], parent_kr=rng.choice(year_krs))

    # --- the weekly practice ---------------------------------------------------------------

    def practice(
        self, current: _Period, teams: list[_Unit], team_krs: dict[int, list[int]]
    ) -> None:
        w = self.w
        start = current.period.start
        monday = self.today - timedelta(days=self.today.weekday())
        for team in teams:
            weekday = team.id % 5
            w.add("cadence", (team.id, "weekly", weekday, w.clock(time(9, 30)), start))
            day = start + timedelta(days=(weekday - start.weekday()) % 7)
            n = 0
            while True:
                moment = self.local(day, time(9, 30))
                upcoming = day >= self.today
                noise = _noise(team.id, 200 + n)
                at = w.when(moment)
                if upcoming:
                    row = (team.id, "weekly", at, 60, "scheduled", "", "", None)
                elif noise < 0.08:
                    row = (team.id, "weekly", at, 60, "cancelled", "", "Team offsite", None)
                else:
                    held = w.when(moment + timedelta(hours=1))
                    row = (team.id, "weekly", at, 60, "held", HELD_NOTES, "", held)
                w.add("meeting", row)
                if upcoming:
                    break
                day += timedelta(weeks=1)
                n += 1
            krs = team_krs.get(team.id) or [None]
            friday = monday + timedelta(days=4)
            for m, person in enumerate(team.people):
                words = self.words(team, person)
                title = COMMITMENTS[(person + m) % len(COMMITMENTS)].format(**words)
                kr = krs[m % len(krs)]
                made = w.when(self.local(monday, time(10)))
                w.add(
                    "commitment", (team.id, person, kr, title, "open", friday, made, None, person)
                )
                if m < 3:
                    last = monday - timedelta(days=7)
                    done = w.when(self.local(last + timedelta(days=3), time(15)))
                    made = w.when(self.local(last, time(10)))
                    due = last + timedelta(days=4)
                    row = (team.id, person, kr, title, "done", due, made, done, person)
                    w.add("commitment", row)
            name, label, low, high, typical = KPIS[team.id % len(KPIS)]
            kpi = self.next_id("kpi")
            low_value = None if low is None else Decimal(str(low))
            high_value = None if high is None else Decimal(str(high))
            w.add("kpi", (kpi, team.id, name.format(**team.words), label, low_value, high_value))
            for index, moment in enumerate(current.weeks):
                value = _number(typical * (0.97 + 0.06 * _noise(kpi, index)))
                w.add("kpi_reading", (kpi, value, w.when(moment), team.lead))


def _spans(today: date, quarters: int) -> list[dperiods.PeriodSpan]:
    spans = [dperiods.quarter_of(today)]
    while len(spans) < quarters:
        spans.insert(0, dperiods.previous_quarter(spans[0]))
    return spans


def build(
    people: int,
    today: date,
    *,
    seed: int = 20240917,
    objectives_per_team: int = 3,
    krs_per_objective: int = 3,
    quarters: int = 4,
) -> SyntheticOrg:
    """Write a synthetic organisation of about ``people`` people into an empty database, in
    one transaction; ``seconds`` and ``report`` include committing it."""
    started = clock.perf_counter()
    with transaction.atomic():
        b = _Builder(people, today, seed, objectives_per_team, krs_per_objective)
        company, divisions, departments, teams, virtual = b.organisation(people)
        spans = _spans(today, quarters)
        periods = [b.period(span) for span in spans]
        annuals = {span.start.year: b.period(dperiods.year_of(span.start)) for span in spans}
        b.okrs(periods, annuals, company, divisions, departments, teams, virtual)
        current = periods[-1]
        b.w.flush_all()
        team_krs: dict[int, list[int]] = {}
        for kid, unit_id in KeyResult.objects.filter(
            objective__period=current.period, owner_unit__kind=Unit.Kind.TEAM
        ).values_list("id", "owner_unit_id"):
            team_krs.setdefault(unit_id, []).append(kid)
        b.practice(current, teams, team_krs)
        report = b.w.finish()
        committing = clock.perf_counter()
    report["(commit)"] = TableFigures(0, clock.perf_counter() - committing)
    if connection.vendor == "postgresql":  # what autovacuum would do soon after: fresh plans
        analysed = clock.perf_counter()
        with connection.cursor() as cursor:
            for name in [n for n in report if not n.startswith("(")]:
                cursor.execute(f'ANALYZE "{name}"')
        report["(ANALYZE)"] = TableFigures(0, clock.perf_counter() - analysed)
    seconds = clock.perf_counter() - started

    def units(made: Iterable[_Unit]) -> list[Unit]:
        return [
            Unit(id=u.id, kind=u.kind, name=u.name, slug=u.slug, parent_id=u.parent,
                 is_supporting=u.supporting)
            for u in made
        ]  # fmt: skip

    org = SyntheticOrg(
        company=units([company])[0],
        divisions=units(divisions),
        departments=units(departments),
        teams=units(teams),
        virtual_teams=units(virtual),
        annual=annuals[today.year].period,
        quarters=[p.period for p in periods],
        people=b.person_count,
        check_ins=b.check_ins,
        report=report,
        seconds=seconds,
    )
    leads = Person.objects.in_bulk([t.lead for t in teams])
    org.leads = {t.id: leads[t.lead] for t in teams}
    for period_id, ids in b.first_team_objectives.items():
        found = Objective.objects.in_bulk(ids)
        org.objectives[period_id] = [found[i] for i in ids]
    return org
