"""The demo's next quarter in planning: the company's and Engineering's objectives for it,
Checkout's drafts and back-brief waiting for Raj's answer, Search's accepted back-brief, Mobile
asked for changes — and the other Engineering teams not back-briefed yet (all through the
actions, so history and permissions are the real ones)."""

from __future__ import annotations

from decimal import Decimal

from waypoint.demo.org import Org
from waypoint.domain import periods as dperiods
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import Objective, Period
from waypoint.planning import actions as planning
from waypoint.planning.models import BackBrief
from waypoint.seed import period_from_span

COMPANY_OBJECTIVE = "Win the mid-market with a checkout that never lets a buyer down"
ENGINEERING_OBJECTIVE = "Make every release boring: fast, safe and reversible"


def next_quarter(current: Period) -> Period:
    """The quarter after `current` (created when the demo runs in the year's last quarter)."""
    span = dperiods.next_span("quarter", current.end)
    return Period.objects.filter(slug=span.slug).first() or period_from_span(span)


def _objective(org: Org, period: Period, title: str, unit: str, lead: str, **fields) -> Objective:  # type: ignore[no-untyped-def]
    found = Objective.objects.filter(period=period, title=title).first()
    if found:
        return found
    return okr_actions.create_objective(
        org.people[lead],
        period=period,
        title=title,
        owner=org.people[lead],
        units=[org.units[unit]],
        **fields,
    ).obj


def load_next_quarter(org: Org, current: Period) -> Period:
    upcoming = next_quarter(current)
    company = _objective(
        org,
        upcoming,
        COMPANY_OBJECTIVE,
        "tidewater",
        "maya",
        description="Mid-market retailers choose us when checkout just works, on every device.",
    )
    engineering = _objective(
        org,
        upcoming,
        ENGINEERING_OBJECTIVE,
        "engineering",
        "raj",
        description="Teams ship small changes daily without fear, so checkout can improve weekly.",
        parent_objectives=[company],
    )
    if BackBrief.objects.filter(period=upcoming).exists():
        return upcoming
    checkout, search, mobile = (org.units[s] for s in ("checkout", "search", "mobile"))
    lena, viktor, ethan, raj = (org.people[p] for p in ("lena", "viktor", "ethan", "raj"))

    draft = planning.draft_contribution(lena, checkout, company)
    okr_actions.change_objective(
        lena,
        draft,
        {"title": "Buyers finish checkout on the first try, on any device"},
        reason="Our part of the company objective, in our words",
    )
    okr_actions.add_key_result(
        lena,
        draft,
        title="Raise first-try checkout completion from 71% to 80%",
        owner_unit=checkout,
        baseline=Decimal(71),
        target=Decimal(80),
        unit_label="%",
    )
    planning.write_back_brief(
        lena,
        checkout,
        upcoming,
        understood="Mid-market buyers abandon when payment fails or asks twice; the company "
        "bets that a checkout that just works wins renewals.",
        plan="Retry failed card payments automatically, keep the basket across devices, and "
        "remove the second address form.",
        measures="First-try completion from 71% to 80%, measured weekly in the funnel report.",
        needs="Data Platform's device-independent basket by week 3; a decision from Product "
        "on guest checkout.",
        contributes_to=[company],
    )

    planning.draft_contribution(viktor, search, engineering)
    accepted = planning.write_back_brief(
        viktor,
        search,
        upcoming,
        understood="Releases should stop being events: small, reversible changes every day.",
        plan="Move the search ranking service to feature flags and daily deploys.",
        measures="Deploys per week from 2 to 10; rollbacks under 5 minutes.",
        contributes_to=[engineering],
    )
    planning.accept_back_brief(raj, accepted, note="Clear and realistic. Go.")

    asked = planning.write_back_brief(
        ethan,
        mobile,
        upcoming,
        understood="Ship faster.",
        plan="Release the apps every week.",
    )
    planning.ask_for_back_brief_changes(
        raj,
        asked,
        note="What does 'faster' mean for buyers, and how will you measure it? App store "
        "review takes days: what do you need from the platform team?",
    )
    return upcoming
