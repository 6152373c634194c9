"""The demo's deliberately BAD OKRs: what the coach should find, and nothing else.

Every other objective and key result in the demo is meant to be unambiguously good, so a
coach run over the demo's current quarter should flag exactly these items (plus nothing).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeliberateProblem:
    """One planted problem.

    ``code`` is a short name for the trap (OKR-PRINCIPLES §5); ``subject`` says what carries
    it (``key_result``, ``objective`` or ``unit``) and ``title`` names that item exactly (a
    unit by its slug); ``period`` is ``current`` (this quarter) for all of them.
    """

    code: str
    subject: str
    title: str
    unit: str
    what: str
    period: str = "current"


DELIBERATE_PROBLEMS: tuple[DeliberateProblem, ...] = (
    DeliberateProblem(
        "output_kr", "key_result", "Launch the partner portal", "sales-enablement",
        "An output (a launch), not an outcome: it says what will be done, not what changes.",
    ),
    DeliberateProblem(
        "output_kr", "key_result", "Publish 6 blog posts", "growth-marketing",
        "An effort count: six posts can be published without one more reader or sign-up.",
    ),
    DeliberateProblem(
        "output_kr", "key_result", "Hire 2 data engineers", "data-platform",
        "Hiring is an activity; the outcome it serves (fresher data) is what to measure.",
    ),
    DeliberateProblem(
        "ktlo_objective", "objective", "Maintain 99.9% uptime", "sre",
        "Keeping the lights on dressed as an objective; it belongs beside OKRs as a KTLO KPI.",
    ),
    DeliberateProblem(
        "too_many_objectives", "unit", "growth-marketing", "growth-marketing",
        "Growth Marketing has 7 objectives this quarter, above the limit of 5 (ideal: 3).",
    ),
    DeliberateProblem(
        "missing_baseline", "key_result", "Reduce zero-result searches to 3%", "search",
        "A metric key result with a target but no starting point: progress cannot be judged.",
    ),
    DeliberateProblem(
        "disconnected", "objective", "Make the merchant app feel instant on older phones",
        "mobile",
        "Not linked to any higher objective or key result, and not a support goal.",
    ),
    DeliberateProblem(
        "set_and_forget", "key_result",
        "Cut time-to-offer for engineering roles from 33 to 25 days", "talent",
        "No check-in since the second week of the quarter.",
    ),
    DeliberateProblem(
        "set_and_forget", "key_result",
        "Raise key metrics with one agreed definition from 30% to 90%", "product-analytics",
        "No check-in since the third week of the quarter.",
    ),
)
