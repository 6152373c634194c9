"""Coach benchmark: the rules engine and the text classifier, in memory (no database).

* ``diagnose()`` on synthetic snapshots of 100, 400 and 1,000 objectives (three key results
  each) built straight from the ``waypoint.domain.diagnosis`` dataclasses: median and best of
  several runs, and how much of it the text readers take (the same snapshot diagnosed with
  readings computed beforehand).
* ``read_key_result`` and ``read_objective`` throughput on one thread over the varied texts
  below (written for this benchmark, not taken from the coach's evaluation set).

    make bench        # or: .venv/bin/python bench/bench_coach.py
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from waypoint.domain import diagnosis as dx
from waypoint.domain.coach_text import (
    KrReading,
    ObjectiveReading,
    read_key_result,
    read_objective,
)

SIZES = (100, 400, 1000)
KRS_PER_OBJECTIVE = 3
TEAM_OBJECTIVES = 3
DEPARTMENT_OBJECTIVES = 2
TEAMS_PER_DEPARTMENT = 5
DIAGNOSE_BUDGET_SECONDS = 3.0
THROUGHPUT_SECONDS = 1.5
TODAY = date(2026, 5, 20)
QUARTER = dx.Period(2, "2026 Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30))
YEAR = dx.Period(1, "2026", "annual", date(2026, 1, 1), date(2026, 12, 31))

# Key result texts: outcomes with and without baselines, outputs, capabilities, vague ones.
KR_TEXTS = (
    "Lift repeat purchase rate from 18% to 26%",
    "Cut median page load on the storefront from 2.4 s to 1.2 s",
    "Monthly recurring revenue from the mid-market segment reaches €1.8M",
    "Trial-to-paid conversion rises from 9% to 14%",
    "Bring chargeback rate under 0.3%",
    "Fewer than 5 sev-2 incidents per month, down from 12",
    "70% of new workspaces invite a second member within a week",
    "Average first response on chat drops to under 3 minutes",
    "Grow weekly active planners to 40,000",
    "Raise employee engagement score from 64 to 72",
    "Deploy lead time falls from four days to one",
    "Zero critical findings in the external penetration test",
    "Half of enterprise accounts use single sign-on",
    "Warehouse pick errors per 10,000 lines fall from 31 to 12",
    "Net revenue retention above 110%",
    "Refund requests settled within 24 hours go from 55% to 90%",
    "Customers can pay by bank transfer in Germany and Austria",
    "Admins can export an audit log without contacting support",
    "Dark mode is available to every user",
    "Launch the partner referral programme",
    "Ship offline mode for the Android app",
    "Write 10 blog posts on inventory planning",
    "Hold 6 webinars for accountants",
    "Hire three senior data engineers",
    "Migrate all cron jobs to the workflow scheduler",
    "Run 20 discovery interviews with lapsed customers",
    "Publish the new pricing page",
    "Complete SOC 2 Type II audit",
    "Redesign the onboarding checklist",
    "Build a churn prediction dashboard for account managers",
    "Translate the help centre into Spanish and Portuguese",
    "Improve the quality of sprint reviews",
    "Better collaboration between design and engineering",
    "Increase brand awareness",
    "Reduce technical debt in the billing service",
    "Keep uptime of the public API at or above 99.95%",
    "Onboarding satisfaction rated 8/10 or higher by new hires",
    "Forecast accuracy for quarterly bookings within ±5%",
    "Sign 12 new reseller agreements in the Nordics",
    "Reduce cloud spend per active customer from €1.40 to €1.05 by using reserved instances",
    "Double the number of self-serve upgrades through an in-app upgrade prompt",
    "Every support macro reviewed and updated",
    "Mobile crash-free sessions go from 98.1% to 99.6%",
    "Move 40% of invoices to automatic reconciliation",
    "Partner-sourced pipeline reaches €3M, from €1.1M",
    "Get the data warehouse migration done",
    "Ensure all teams have documented on-call runbooks",
    "Time from signup to first published listing under 10 minutes",
)
# Objective titles: five independent slots of twenty words, so two titles rarely share the
# four content words the "fragmented" check needs to call them the same goal.
OBJECTIVE_SLOTS = (
    (
        "Delight",
        "Win",
        "Retain",
        "Surprise",
        "Reassure",
        "Empower",
        "Court",
        "Impress",
        "Serve",
        "Equip",
        "Welcome",
        "Charm",
        "Rescue",
        "Support",
        "Attract",
        "Energise",
        "Satisfy",
        "Reward",
        "Inspire",
        "Unburden",
    ),
    (
        "Nordic",
        "Iberian",
        "Dutch",
        "Bavarian",
        "Scottish",
        "Alpine",
        "Baltic",
        "Flemish",
        "Tuscan",
        "Irish",
        "Welsh",
        "Breton",
        "Danish",
        "Polish",
        "Czech",
        "Austrian",
        "Swiss",
        "Greek",
        "Maltese",
        "Slovenian",
    ),
    (
        "bookkeepers",
        "shopkeepers",
        "agencies",
        "buyers",
        "clinics",
        "organisers",
        "landlords",
        "schools",
        "planners",
        "hoteliers",
        "freelancers",
        "franchisees",
        "charities",
        "dentists",
        "bakeries",
        "florists",
        "garages",
        "opticians",
        "vets",
        "gyms",
    ),
    (
        "with instant",
        "with honest",
        "with tidy",
        "with quick",
        "with smart",
        "with clear",
        "with easy",
        "with safe",
        "with friendly",
        "with live",
        "with bulk",
        "with fair",
        "with local",
        "with mobile",
        "with shared",
        "with guided",
        "with automatic",
        "with open",
        "with calm",
        "with fast",
    ),
    (
        "payouts",
        "pricing",
        "invoices",
        "answers",
        "reminders",
        "reports",
        "bookings",
        "backups",
        "onboarding",
        "tracking",
        "imports",
        "contracts",
        "support",
        "receipts",
        "calendars",
        "setup",
        "renewals",
        "integrations",
        "dashboards",
        "refunds",
    ),
)
# Projects and keeping-the-lights-on dressed as objectives; {region}, {who} and {what} come from
# the slots above.
OBJECTIVE_ODD = (
    "Launch the {region} {what} portal for {who}",
    "Maintain {what} stability for {region} {who}",
    "Keep {region} {what} running smoothly for {who}",
    "Organise the {region} {what} summit for {who}",
)


def odd_title(rng: random.Random) -> str:
    _, region, who, _, what = (rng.choice(slot) for slot in OBJECTIVE_SLOTS)
    return rng.choice(OBJECTIVE_ODD).format(region=region, who=who, what=what)


def build_snapshot(objectives: int, seed: int = 11) -> dx.Snapshot:
    """A company, departments and teams with ``objectives`` objectives in ``QUARTER``."""
    rng = random.Random(seed)
    ids = iter(range(1000, 10**7))
    company = dx.Unit(next(ids), "Company", "company", None)
    units: list[dx.Unit] = [company]
    ceo = dx.Person(next(ids), "CEO", "senior")
    people: list[dx.Person] = [ceo]
    per_department = DEPARTMENT_OBJECTIVES + TEAMS_PER_DEPARTMENT * TEAM_OBJECTIVES
    departments = -(-objectives // per_department)

    annual = dx.Objective(
        next(ids),
        "Be the obvious choice for growing agencies",
        "",
        YEAR.id,
        ceo.id,
        (company.id,),
        kind="strategic",
    )
    annual_krs = [
        dx.KeyResult(next(ids), annual.id, text, "metric", (company.id,), 10.0, 20.0, 14.0)
        for text in rng.sample(KR_TEXTS, 3)
    ]
    made: list[dx.Objective] = []
    krs: list[dx.KeyResult] = []
    history: list[dx.PastQuarter] = []

    def title() -> str:
        if rng.random() < 0.08:
            return odd_title(rng)
        return " ".join(rng.choice(slot) for slot in OBJECTIVE_SLOTS)

    def objective(
        unit: dx.Unit, owner: dx.Person, parents: tuple[int, ...], parent_krs: tuple[int, ...]
    ) -> dx.Objective:
        made.append(
            dx.Objective(
                next(ids),
                title(),
                "Because customers asked.",
                QUARTER.id,
                owner.id,
                (unit.id,),
                stretch="committed" if rng.random() < 0.25 else "aspirational",
                parent_objective_ids=parents,
                parent_key_result_ids=parent_krs,
            )
        )
        for _ in range(KRS_PER_OBJECTIVE):
            baseline = rng.choice((None, 10.0, 40.0, 120.0, 120.0, 300.0))
            target = None if rng.random() < 0.05 else (baseline or 50.0) * rng.uniform(1.1, 1.6)
            stale = rng.choices((None, 2, 3, 5, 6, 12, 25), weights=(1, 6, 6, 6, 6, 2, 1))[0]
            checked = None if stale is None else TODAY - timedelta(days=stale)
            krs.append(
                dx.KeyResult(
                    next(ids),
                    made[-1].id,
                    rng.choice(KR_TEXTS),
                    "metric",
                    (unit.id,),
                    baseline,
                    target,
                    None if baseline is None else baseline * rng.uniform(0.95, 1.3),
                    last_check_in=checked,
                )
            )
        return made[-1]

    for _ in range(departments):
        department = dx.Unit(next(ids), f"Department {len(units)}", "department", company.id)
        head = dx.Person(next(ids), f"Head {department.id}", "leadership")
        units.append(department)
        people.append(head)
        above = [
            objective(department, head, (), (rng.choice(annual_krs).id,))
            for _ in range(DEPARTMENT_OBJECTIVES)
        ]
        for _ in range(TEAMS_PER_DEPARTMENT):
            team = dx.Unit(next(ids), f"Team {len(units)}", "team", department.id)
            lead = dx.Person(next(ids), f"Lead {team.id}", "team")
            units.append(team)
            people.append(lead)
            for quarter in (1, 0):
                history.append(
                    dx.PastQuarter(
                        team.id,
                        quarter,
                        3,
                        rng.randint(0, 3),
                        rng.uniform(0.05, 0.6),
                    )
                )
            for _ in range(TEAM_OBJECTIVES):
                roll = rng.random()
                parent = rng.choice(above)
                objective(
                    team,
                    lead,
                    (parent.id,) if roll < 0.45 else (),
                    (rng.choice([k for k in krs if k.objective_id == parent.id]).id,)
                    if 0.45 <= roll < 0.9
                    else (),
                )
    kept = made[:objectives]
    kept_ids = {o.id for o in kept}
    return dx.Snapshot(
        period=QUARTER,
        units=tuple(units),
        people=tuple(people),
        objectives=tuple(kept),
        key_results=tuple(k for k in krs if k.objective_id in kept_ids),
        linked_objectives=(annual,),
        linked_key_results=tuple(annual_krs),
        history=tuple(history),
    )


def sample(action: Callable[[], object], budget: float, minimum: int = 3) -> list[float]:
    """Run ``action`` until ``budget`` seconds have passed (at least ``minimum`` times); ms."""
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < minimum or time.perf_counter() - started < budget:
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def precomputed_readers(snapshot: dx.Snapshot) -> dx.TextReaders:
    """Readers that look the readings up, to time the engine without the classifier."""
    krs: dict[str, KrReading] = {k.title: read_key_result(k.title) for k in snapshot.key_results}
    objectives: dict[str, ObjectiveReading] = {
        o.title: read_objective(o.title) for o in snapshot.objectives
    }
    return dx.TextReaders(key_result=krs.__getitem__, objective=objectives.__getitem__)


def bench_diagnose() -> None:
    print(
        f"{'objectives':>10} {'KRs':>5} {'findings':>8} {'median ms':>10} {'best ms':>8} "
        f"{'no-text ms':>10} {'runs':>5}  top checks"
    )
    for size in SIZES:
        snapshot = build_snapshot(size)
        findings = dx.diagnose(snapshot, today=TODAY)
        runs = sample(lambda s=snapshot: dx.diagnose(s, today=TODAY), DIAGNOSE_BUDGET_SECONDS)
        readers = precomputed_readers(snapshot)
        engine = sample(
            lambda s=snapshot, r=readers: dx.diagnose(s, today=TODAY, texts=r),
            DIAGNOSE_BUDGET_SECONDS / 2,
        )
        top = ", ".join(
            f"{code} {n}" for code, n in Counter(f.code for f in findings).most_common(3)
        )
        print(
            f"{size:>10} {len(snapshot.key_results):>5} {len(findings):>8} "
            f"{statistics.median(runs):>10.1f} {min(runs):>8.1f} "
            f"{statistics.median(engine):>10.1f} {len(runs):>5}  {top}"
        )


def throughput(reader: Callable[[str], object], texts: tuple[str, ...]) -> float:
    """Texts read per second on this thread, over ``THROUGHPUT_SECONDS``."""
    count = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < THROUGHPUT_SECONDS:
        for text in texts:
            reader(text)
        count += len(texts)
    return count / elapsed


def bench_text() -> None:
    rng = random.Random(5)
    objective_texts = tuple(
        " ".join(rng.choice(slot) for slot in OBJECTIVE_SLOTS) for _ in range(40)
    ) + tuple(odd_title(rng) for _ in range(8))
    outputs = sum(read_key_result(text).is_output for text in KR_TEXTS)
    kr_rate = throughput(read_key_result, KR_TEXTS)
    objective_rate = throughput(read_objective, objective_texts)
    print(
        f"read_key_result: {kr_rate:,.0f} KRs/s on one thread "
        f"({len(KR_TEXTS)} texts, {outputs} read as outputs; "
        f"{1e6 / kr_rate:.0f} µs per KR)"
    )
    print(
        f"read_objective:  {objective_rate:,.0f} objectives/s on one thread "
        f"({len(objective_texts)} texts; {1e6 / objective_rate:.0f} µs per objective)"
    )


def main() -> None:
    print(
        "Coach benchmark: diagnose() on in-memory snapshots "
        f"({KRS_PER_OBJECTIVE} KRs per objective, today {TODAY})"
    )
    bench_diagnose()
    bench_text()


if __name__ == "__main__":
    main()
