"""The weekly practice around the demo's OKRs: commitments, meetings, backlog, KTLO KPIs,
reviews, and two personal goals. Each item is keyed by its unit (or owner) and title."""

from __future__ import annotations

from datetime import date, time, timedelta

from waypoint.cadence.models import BacklogItem, Commitment, Kpi, Meeting, Review
from waypoint.demo.okrs import aware, not_after_now
from waypoint.demo.org import Org
from waypoint.demo.problems import MID_QUARTER_SKIPPED_BY
from waypoint.demo.rhythm import load_rhythm
from waypoint.demo.trajectory import rng_for
from waypoint.okrs.models import KeyResult, Period
from waypoint.orgs.models import Unit
from waypoint.personal.models import PersonalGoal
from waypoint.seed import (
    make_backlog_item,
    make_commitment,
    make_kpi,
    make_meeting,
    make_personal_goal,
    make_personal_key_result,
)

OPEN = Commitment.Status.OPEN
DONE = Commitment.Status.DONE

# unit, person, commitment, the key result it moves, status
COMMITMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "checkout",
        "tom",
        "Add the saved-card prompt to the order confirmation page",
        "Raise returning shoppers paying with a saved method from 22% to 40%",
        OPEN,
    ),
    (
        "checkout",
        "aisha",
        "Fix the 3-D Secure timeout on Safari",
        "Cut the payment error rate from 1.8% to 0.6%",
        DONE,
    ),
    (
        "checkout",
        "marta",
        "Test the one-column address step with five shoppers",
        "Cut mobile checkout abandonment from 72% to 60%",
        OPEN,
    ),
    (
        "checkout",
        "lena",
        "Pair with Data Platform on the abandonment funnel query",
        "Cut mobile checkout abandonment from 72% to 60%",
        OPEN,
    ),
    (
        "search",
        "emma",
        "Add synonyms for the 200 most common zero-result queries",
        "Reduce zero-result searches to 3%",
        OPEN,
    ),
    (
        "onboarding",
        "rosa",
        "Call five merchants stuck at domain setup",
        "Cut median time from sign-up to live store from 6 to 3 days",
        DONE,
    ),
    (
        "sre",
        "karin",
        "Silence the three noisiest alerts nobody acts on",
        "Cut pages per on-call week from 19 to 8",
        OPEN,
    ),
    (
        "sre",
        "omar",
        "Write the runbook for payment gateway failover",
        "Cut mean time to restore from 50 to 30 minutes",
        DONE,
    ),
    (
        "finance",
        "ana",
        "Automate the bank reconciliation for the two main accounts",
        "Close the books in 5 working days instead of 9",
        OPEN,
    ),
    (
        "finance",
        "peter",
        "Agree the accrual cut-off date with Sales Ops",
        "Close the books in 5 working days instead of 9",
        DONE,
    ),
    (
        "growth-marketing",
        "claire",
        "Brief the agency on the DACH awareness survey",
        "Raise aided brand awareness among DACH mid-market retailers from 10% to 15%",
        OPEN,
    ),
)

BACKLOG: tuple[tuple[str, str, str, str], ...] = (
    (
        "checkout",
        "kai",
        "Offer express wallet payments on product pages",
        "Could skip the cart entirely for single-item orders. Not this quarter.",
    ),
    (
        "checkout",
        "marta",
        "Merge the shipping and billing address forms",
        "Shoppers fill in the same address twice on mobile.",
    ),
    (
        "search",
        "julia",
        "Try semantic search for queries longer than four words",
        "Long queries convert well but return the worst results.",
    ),
)


def _key_result(period: Period, title: str) -> KeyResult | None:
    return KeyResult.objects.filter(objective__period=period, title=title).first()


def _friday_of(day: date) -> date:
    return day + timedelta(days=(4 - day.weekday()) % 7)


def load_commitments(org: Org, current: Period, today: date) -> None:
    for slug, username, title, kr_title, status in COMMITMENTS:
        unit = org.units[slug]
        if Commitment.objects.filter(unit=unit, title=title).exists():
            continue
        done_at = not_after_now(aware(today, time(8))) if status == DONE else None
        make_commitment(
            unit,
            org.people[username],
            title,
            key_result=_key_result(current, kr_title),
            status=status,
            due=_friday_of(today),
            done_at=done_at,
        )


def load_meetings(org: Org, today: date) -> None:
    """Checkout's Monday weekly (the last four held, the next one scheduled) and
    Engineering's monthly relevance check."""
    checkout = org.units["checkout"]
    next_monday = today + timedelta(days=-today.weekday() % 7)
    for weeks_back in range(4, -1, -1):
        day = next_monday - timedelta(weeks=weeks_back)
        status = Meeting.Status.HELD if weeks_back else Meeting.Status.SCHEDULED
        _meeting(checkout, Meeting.Kind.WEEKLY, day, time(9, 30), 45, status)
    engineering = org.units["engineering"]
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    _meeting(
        engineering,
        Meeting.Kind.MONTHLY,
        last_month + timedelta(days=14),
        time(14),
        90,
        Meeting.Status.HELD,
        "Dropped nothing; Onboarding scope cut to EU stores.",
    )
    _meeting(
        engineering,
        Meeting.Kind.MONTHLY,
        month_start + timedelta(days=14),
        time(14),
        90,
        Meeting.Status.HELD
        if month_start + timedelta(days=14) < today
        else Meeting.Status.SCHEDULED,
    )


def _meeting(
    unit: Unit, kind: str, day: date, at: time, minutes: int, status: str, notes: str = ""
) -> None:
    when = aware(day, at)
    if not Meeting.objects.filter(unit=unit, kind=kind, scheduled_for=when).exists():
        make_meeting(unit, kind, when, duration_minutes=minutes, status=status, notes=notes)


def load_backlog(org: Org, today: date) -> None:
    for slug, username, title, description in BACKLOG:
        unit = org.units[slug]
        if not BacklogItem.objects.filter(unit=unit, title=title).exists():
            make_backlog_item(
                unit,
                title,
                description=description,
                created_by=org.people[username],
                reviewed_at=not_after_now(aware(today - timedelta(days=30), time(10))),
            )


def load_kpis(org: Org, today: date) -> None:
    """Two keep-the-lights-on numbers for SRE, read weekly for the last twelve weeks."""
    sre = org.units["sre"]
    omar = org.people["omar"]
    mondays = [today - timedelta(days=today.weekday(), weeks=back) for back in range(11, -1, -1)]
    rng = rng_for("kpis", today.isoformat())
    kpis = (
        (
            "Storefront availability",
            "%",
            "99.9",
            "100",
            "Monthly availability of merchant storefronts, tracked beside OKRs.",
            [round(99.93 + rng.uniform(-0.02, 0.06), 3) for _ in mondays],
        ),
        (
            "Storefront 5xx error rate",
            "%",
            "0",
            "0.5",
            "Share of storefront requests answered with a server error.",
            [round(0.22 + rng.uniform(-0.08, 0.12), 2) for _ in mondays],
        ),
    )
    for name, label, low, high, description, values in kpis:
        if Kpi.objects.filter(unit=sre, name=name).exists():
            continue
        readings = [
            (not_after_now(aware(day, time(8))), value)
            for day, value in zip(mondays, values, strict=True)
        ]
        make_kpi(
            sre,
            name,
            unit_label=label,
            healthy_min=low,
            healthy_max=high,
            description=description,
            readings=readings,
            author=omar,
        )


def load_reviews(org: Org, previous: Period, current: Period, today: date) -> None:
    checkout, lena = org.units["checkout"], org.people["lena"]
    reviews = [
        (
            previous,
            Review.Kind.CLOSE,
            previous.end + timedelta(days=3),
            "Completion 67% against 68%; declines beat the target.",
            "Weekly check-ins took two minutes; the mid-quarter review came too late.",
        )
    ]
    mid = current.start + timedelta(days=45)
    if mid <= today:
        reviews.append(
            (
                current,
                Review.Kind.MID_QUARTER,
                mid,
                "Payment errors ahead, mobile abandonment behind: asked Design for help.",
                "Dropped the Friday demo; the Monday weekly is enough.",
            )
        )
    if mid <= today:
        _hold_mid_quarter_reviews(org, current, mid, skip={checkout.slug, MID_QUARTER_SKIPPED_BY})
    for period, kind, held_on, progress, process in reviews:
        Review.objects.get_or_create(
            unit=checkout,
            period=period,
            kind=kind,
            defaults={
                "held_on": min(held_on, today),
                "progress_notes": progress,
                "process_notes": process,
                "author": lena,
            },
        )


def _hold_mid_quarter_reviews(org: Org, period: Period, held_on: date, *, skip: set[str]) -> None:
    """Every unit with objectives this quarter held its mid-quarter review, except `skip`."""
    units = Unit.objects.filter(objectives__period=period).exclude(slug__in=skip).distinct()
    for unit in units:
        lead = unit.memberships.filter(role="lead").select_related("person").first()
        Review.objects.get_or_create(
            unit=unit,
            period=period,
            kind=Review.Kind.MID_QUARTER,
            defaults={
                "held_on": held_on,
                "progress_notes": "Went through every key result against the plan line; "
                "agreed who to ask for help where we are behind.",
                "process_notes": "Keep the weekly; check in before Monday's meeting.",
                "author": lead.person if lead else None,
            },
        )


def load_personal_goals(org: Org, current: Period) -> None:
    tom, lena = org.people["tom"], org.people["lena"]
    if not PersonalGoal.objects.filter(
        owner=tom, title="Get comfortable with our data pipeline"
    ).exists():
        goal = make_personal_goal(
            tom,
            "Get comfortable with our data pipeline",
            period=current,
            description="I want to answer my own checkout questions without waiting for Analytics.",
        )
        make_personal_key_result(
            goal,
            "Finish the internal warehouse course",
            kind="completion",
            baseline=0,
            target=100,
            current=60,
            unit_label="%",
        )
        make_personal_key_result(
            goal,
            "Write 3 funnel queries the team reuses",
            kind="quantity",
            baseline=0,
            target=3,
            current=1,
            unit_label="queries",
        )
    if not PersonalGoal.objects.filter(
        owner=lena, title="Run weekly meetings people look forward to"
    ).exists():
        goal = make_personal_goal(
            lena,
            "Run weekly meetings people look forward to",
            period=current,
            shared_with=[org.people["raj"]],
            description="Shared with Raj, who offered to give me feedback.",
        )
        make_personal_key_result(
            goal,
            "Weekly meeting ends on time from 4 to 9 weeks in 10",
            kind="metric",
            baseline=4,
            target=9,
            current=7,
            unit_label="weeks",
        )


def load_practice(org: Org, previous: Period, current: Period, today: date) -> None:
    load_commitments(org, current, today)
    load_meetings(org, today)
    load_backlog(org, today)
    load_kpis(org, today)
    load_rhythm(org, today)
    load_reviews(org, previous, current, today)
    load_personal_goals(org, current)
