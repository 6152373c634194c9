"""The demo's alignment story: Finance's support goal serves Sales & Marketing with a supports
link, and two departments chase one goal separately, which the fragmentation report finds."""

from __future__ import annotations

from datetime import date

from waypoint.alignment.actions import link_support
from waypoint.alignment.models import SupportLink
from waypoint.demo.okrs import Links, Loaded, load_objective
from waypoint.demo.org import Org
from waypoint.demo.specs import ObjectiveSpec, kr
from waypoint.okrs.models import Objective, Period

SUPPORT_GOAL = "Sales leaders have their numbers by the 6th of every month"
SERVED_UNIT = "sales-marketing"

# Enterprise Sales (Sales & Marketing) and Account Management (Customer Success) each want the
# same lapsed customers back, each on their own.
CHASING_THE_SAME_GOAL = (
    ObjectiveSpec(
        "c-winback-sales",
        "Win back lapsed enterprise customers",
        ("enterprise-sales",),
        "rebecca",
        "Forty enterprise accounts stopped ordering last year; a few calls could bring them back.",
        (kr("Win back 12 lapsed enterprise accounts", "enterprise-sales", 0, 12, "accounts"),),
        parent_krs=("a.nrr",),
    ),
    ObjectiveSpec(
        "c-winback-am",
        "Win back lapsed enterprise customers before the renewal season",
        ("account-management",),
        "ingrid",
        "Our lapsed enterprise customers still have contracts up for renewal in the spring.",
        (
            kr(
                "Bring 10 lapsed enterprise customers back to monthly orders",
                "account-management",
                0,
                10,
                "customers",
                reach=0.6,
            ),
        ),
        parent_krs=("a.nrr",),
    ),
)


def load_alignment(org: Org, current: Period, links: Links, loaded: Loaded, today: date) -> None:
    """Add the two fragmented objectives and Finance's supports link (once)."""
    for spec in CHASING_THE_SAME_GOAL:
        load_objective(spec, current, org, links, loaded, today)
    support = Objective.objects.filter(period=current, title=SUPPORT_GOAL).first()
    sales = org.units[SERVED_UNIT]
    if support is not None and not SupportLink.objects.filter(objective=support, unit=sales):
        link_support(support.owner, support, unit=sales)
