"""The demo's deliberately BAD OKRs: what the coach should find in this quarter, and nothing
else. Every other objective and key result of the quarter is meant to be unambiguously good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from waypoint.domain.review import review_due


@dataclass(frozen=True)
class DeliberateProblem:
    """One planted problem, in the coach's terms (``docs/rules/diagnosis.md``).

    ``code`` is the coach's finding code; ``subject`` is what carries it (``key_result``,
    ``objective`` or ``unit``) and ``title`` names that item exactly (a unit by its slug);
    ``unit`` is the slug of the team it belongs to. All live in the current quarter. Some
    traps need time to show: the coach can see the problem once ``visible_after_days`` days of
    the quarter have passed (set-and-forget needs three missed weekly check-ins), or, with
    ``when_review_due``, once the mid-quarter review is overdue.
    """

    code: str
    subject: str
    title: str
    unit: str
    what: str
    visible_after_days: int = 0
    when_review_due: bool = False

    def visible(self, start: date, end: date, today: date) -> bool:
        """Whether the coach can see the problem on `today` in the quarter `start`–`end`."""
        if self.when_review_due:
            return review_due(start, end, today) and today <= end
        return (today - start).days >= self.visible_after_days


SET_AND_FORGET_VISIBLE_AFTER = 42
MID_QUARTER_SKIPPED_BY = "growth-marketing"

DELIBERATE_PROBLEMS: tuple[DeliberateProblem, ...] = (
    DeliberateProblem(
        "activity.output-kr",
        "key_result",
        "Launch the partner portal",
        "sales-enablement",
        "An output (a launch), not an outcome: it says what will be done, not what changes.",
    ),
    DeliberateProblem(
        "activity.output-kr",
        "key_result",
        "Publish 6 blog posts",
        "growth-marketing",
        "An effort count: six posts can go out without one more reader or sign-up.",
    ),
    DeliberateProblem(
        "activity.output-kr",
        "key_result",
        "Hire 2 data engineers",
        "data-platform",
        "Hiring is an activity; the outcome it serves (fresher data) is what to measure.",
    ),
    DeliberateProblem(
        "ktlo.objective",
        "objective",
        "Maintain 99.9% uptime",
        "sre",
        "Keeping the lights on dressed as an objective; it belongs beside OKRs as a KTLO KPI.",
    ),
    DeliberateProblem(
        "big.too-many-objectives",
        "unit",
        "growth-marketing",
        "growth-marketing",
        "Growth Marketing has 7 objectives this quarter, above the limit of 5 (ideal: 3).",
    ),
    DeliberateProblem(
        "baseline.missing-baseline",
        "key_result",
        "Reduce zero-result searches to 3%",
        "search",
        "A metric key result with a target but no starting point: progress cannot be judged.",
    ),
    DeliberateProblem(
        "disconnected.no-link",
        "objective",
        "Make the merchant app feel instant on older phones",
        "mobile",
        "A team objective linked to no higher objective or key result, and not a support goal.",
    ),
    DeliberateProblem(
        "set_and_forget.no-mid-quarter-review",
        "unit",
        MID_QUARTER_SKIPPED_BY,
        MID_QUARTER_SKIPPED_BY,
        "The over-committed team skipped its mid-quarter review; every other team held one.",
        when_review_due=True,
    ),
    DeliberateProblem(
        "set_and_forget.no-check-in",
        "key_result",
        "Cut time-to-offer for engineering roles from 33 to 25 days",
        "talent",
        "Checked in twice at the start of the quarter, then never again.",
        visible_after_days=SET_AND_FORGET_VISIBLE_AFTER,
    ),
    DeliberateProblem(
        "set_and_forget.no-check-in",
        "key_result",
        "Raise key metrics with one agreed definition from 30% to 90%",
        "product-analytics",
        "Checked in three times at the start of the quarter, then never again.",
        visible_after_days=SET_AND_FORGET_VISIBLE_AFTER,
    ),
    DeliberateProblem(
        "set_and_forget.meetings-slipping",
        "unit",
        "search",
        "search",
        "Search cancelled its last two weekly meetings: the rhythm is slipping.",
    ),
    DeliberateProblem(
        "disconnected.fragmented",
        "objective",
        "Win back lapsed enterprise customers",
        "enterprise-sales",
        "Enterprise Sales and Account Management chase the same lapsed customers separately.",
    ),
)
