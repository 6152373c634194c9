"""The demo's agreements across units, all through the actions: Julia (Search) seconded to
Checkout for a few weeks, an objective Raj assigns top-down to one of Engineering's teams, and
Rebecca's proposal that Account Management and Enterprise Sales pursue their win-back goal as
one shared objective, waiting for Ingrid's answer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from waypoint.alignment import actions as alignment
from waypoint.alignment.models import Secondment
from waypoint.demo.alignment import CHASING_THE_SAME_GOAL
from waypoint.demo.org import Org
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import Objective, Period
from waypoint.planning import actions as planning
from waypoint.planning.models import Proposal

ASSIGNED = "Every release can be rolled back in five minutes"
ENGINEERING_TEAMS = ("sre", "data-platform", "mobile", "onboarding", "search", "checkout")


def load_agreements(org: Org, current: Period, today: date) -> None:
    """Add the secondment, the assigned objective and the open merge proposal (once)."""
    _secondment(org, today)
    _assignment(org, current)
    _merge_proposal(current)


def _secondment(org: Org, today: date) -> None:
    julia, checkout = org.people["julia"], org.units["checkout"]
    if Secondment.objects.filter(person=julia, unit=checkout).exists():
        return
    alignment.second_person(
        org.people["lena"],
        julia,
        checkout,
        start=today - timedelta(days=7),
        end=today + timedelta(days=14),
        note="Search ranking for the new checkout",
    )


def _assignment(org: Org, current: Period) -> None:
    if Objective.objects.filter(period=current, title=ASSIGNED).exists():
        return
    # The Engineering team with the fewest objectives, so the assignment stays within limits.
    team = min(
        (org.units[slug] for slug in ENGINEERING_TEAMS),
        key=lambda unit: Objective.objects.for_period(current).owned_by(unit).count(),
    )
    assigned = alignment.assign_objective(
        org.people["raj"],
        period=current,
        title=ASSIGNED,
        units=[team],
        description="Two incidents this year lasted hours because a release could not be undone.",
    ).obj
    # The team wrote its key result, as assignees do.
    lead = org.members(team.slug)[0]
    kr = okr_actions.add_key_result(
        lead,
        assigned,
        title="Cut the time to roll back a release from 40 to 5 minutes",
        owner_unit=team,
        baseline=Decimal(40),
        target=Decimal(5),
        unit_label="min",
    ).obj
    okr_actions.record_check_in(
        lead, kr, value=Decimal(25), confidence=7, note="One-click rollback works for the API."
    )


def _merge_proposal(current: Period) -> None:
    titles = [spec.title for spec in CHASING_THE_SAME_GOAL]
    sales, accounts = (Objective.objects.filter(period=current, title=t).first() for t in titles)
    if sales is None or accounts is None or sales.is_closed or accounts.is_closed:
        return
    if Proposal.objects.filter(kind=Proposal.Kind.MERGE, objective=sales).exists():
        return
    planning.propose_merge(
        sales.owner,
        sales,
        accounts,
        reason="The alignment report found us chasing the same lapsed customers: one shared "
        "objective, with each team keeping its own key results.",
    )
