"""The coach's text readers (OKR-PRINCIPLES §5): outputs, baselines, targets, tasks and KTLO."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.domain.doc_tables import read_table
from waypoint.domain.coach_text import read_key_result, read_objective

ISSUE_OUTPUTS = [
    "Launch guided setup",
    "Publish 4 blog posts",
    "Complete the migration to the new billing system",
    "Hire 3 engineers",
]
ISSUE_OUTCOMES = [
    "Increase activation from 30% to 45% by launching guided setup",
    "Reduce churn from 5% to 3%",
    "90% of new customers rate onboarding 4/5 or better",
]


@pytest.mark.parametrize("text", ISSUE_OUTPUTS)
def test_it_flags_the_issues_outputs(text: str) -> None:
    assert read_key_result(text).is_output


@pytest.mark.parametrize("text", ISSUE_OUTCOMES)
def test_it_accepts_the_issues_outcomes(text: str) -> None:
    assert not read_key_result(text).is_output


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Translate the help centre into Portuguese", "deliverable-verb"),
        ("Organise two supporter open days", "deliverable-verb"),
        ("Set up single sign-on for the staff portal", "deliverable-verb"),
        ("Give 6 talks about the new API at meetups", "deliverable-verb"),
        ("Increase newsletter output to 3 issues a month", "effort-count"),
        ("Improve the expenses policy", "improves-artefact"),
        ("Team leads can now approve leave from their phone", "capability"),
        ("Refund requests are tracked in one queue", "capability"),
        ("A playbook for vendor onboarding exists", "capability"),
        ("Audit logging is enabled by default", "capability"),
        ("Four customer round-tables held", "done-statement"),
        ("Redesigned quote builder", "work-item"),
        ("Eight case-study videos", "effort-count"),
    ],
)
def test_it_flags_a_deliverable_as_output(text: str, signal: str) -> None:
    reading = read_key_result(text)
    assert reading.is_output
    assert signal in reading.signals
    assert reading.rewrite


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Lift repeat purchases from 18% to 25%", "baseline-metric"),
        ("Shrink invoice disputes to under 1% of invoices", "metric-change"),
        ("Grow paying households in the co-op to 900", "metric-change"),
        ("Quote turnaround time drops below two days", "metric-change"),
        ("70% of volunteers come back for a second shift", "share-of-people"),
        ("No payroll run is late by more than one day", "defect-level"),
        ("400 new members join the credit union", "counted-result"),
        ("Average basket value", "metric-noun"),
        ("Raise donor retention to 60% by sending thank-you calls", "outcome-with-method"),
        ("Support tickets per 1,000 orders fall to 4", "metric-change"),
    ],
)
def test_it_accepts_a_measured_change_as_outcome(text: str, signal: str) -> None:
    reading = read_key_result(text)
    assert not reading.is_output
    assert signal in reading.signals
    assert reading.rewrite is None


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        # a delivery-looking verb in front of a measured result
        ("Add 40 paying customers in the Nordics", "counted-result"),
        ("Bring 12 new clinics onto the booking service", "counted-result"),
        ("Have 200 weekly active teams", "counted-result"),
        ("Keep a 12% reply rate on partner emails", "metric-change"),
        ("We have reduced the cost per claim by a third", "metric-change"),
        # declarative results with no verb or metric word
        ("200 weekly active teams", "counted-result"),
        ("15 active reading groups in the region", "counted-result"),
        ("$2m in signed contracts", "counted-result"),
        ("100 newsletter subscribers", "counted-result"),
        ("Median of replies per support thread", "metric-noun"),
        # people or customers doing something, and what people report
        ("At least 5 customers run the importer every week", "counted-result"),
        ("Shop owners export their stock list every month", "people-acting"),
        ("There are 30 regular volunteers outside the staff", "counted-result"),
        ("500 accounts opened by referred customers", "people-acting"),
        ("The booking API is used by 30+ partner clinics", "people-acting"),
        # a time limit, a purpose that names the result, a count of people before a clause
        ("Orders leave the warehouse in under 24 hours", "time-threshold"),
        (
            "Rotate support shifts across the team to collectively achieve a 90% first-day "
            "reply rate",
            "outcome-with-method",
        ),
        ("No paying customers are locked out after an upgrade", "counted-result"),
        ("At least four clinics are booking online and their usage is tracked", "counted-result"),
        ("Deliver 600 qualified leads to sales", "counted-result"),
        ("There are at least 12 mentors in the programme", "counted-result"),
    ],
)
def test_it_does_not_report_a_result_that_looks_like_work(text: str, signal: str) -> None:
    reading = read_key_result(text)
    assert not reading.sure_output
    assert signal in reading.signals


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("A funnel conversion dashboard in place", "capability"),
        ("Editors are able to schedule posts ahead", "capability"),
        ("Let editors schedule posts ahead", "deliverable-verb"),
        ("Write up the outage lessons for the board", "deliverable-verb"),
        ("Reach out to 10 local clinics", "deliverable-verb"),
        ("Follow up with every churned account", "deliverable-verb"),
        ("By the end of June, run three pricing experiments", "deliverable-verb"),
        ("Completely replace the old invoicing screens", "deliverable-verb"),
        ("Get feedback on the prototype from 5 users", "deliverable-verb"),
        ("6 meetup presentations in Q2", "effort-count"),
        ("Increase blog posts from 15 to 30", "effort-count"),
        ("Grow the team to 12 engineers", "hiring"),
        ("Blog post on the spring release", "work-item"),
        ("Add 3 help pages on refunds", "effort-count"),
        ("3 designs created", "done-statement"),
        ("Add 2 full-time developers", "hiring"),
        ("Hire 2 engineers to increase capacity", "deliverable-verb"),
        ("Deliver 3 workshops for partners", "effort-count"),
    ],
)
def test_it_reports_work_that_looks_like_a_result(text: str, signal: str) -> None:
    reading = read_key_result(text)
    assert reading.sure_output
    assert signal in reading.signals


@pytest.mark.parametrize(
    "text",
    ["Partner channel in shape", "300 reposts", "Make our app the default choice for clinics"],
)
def test_an_unclear_shape_is_unsure_and_never_a_finding(text: str) -> None:
    reading = read_key_result(text)
    assert reading.is_output and not reading.sure and not reading.sure_output
    assert "unsure" in reading.signals
    assert reading.confidence < 0.75


@pytest.mark.parametrize("row", read_table("coach-text.md", "Worked examples: sure and unsure"))
def test_sure_and_unsure_examples_in_the_docs(row: dict[str, str]) -> None:
    reading = read_key_result(row["KR"])
    assert reading.is_output is (row["Output"] == "yes")
    assert reading.sure is (row["Sure"] == "yes")


@pytest.mark.parametrize(
    "text",
    [
        "Shorten payroll close from 6 days to 3 days",
        "Cut refund time to 2 days (today: 9 days)",
        "Raise first-call resolution from the current 71% to 80%",
        "Lift store rating to 4.6 (currently 4.1)",
        "Grant win rate: 20% → 35%",
        "Close the books in 4 days instead of 7",
    ],
)
def test_it_finds_a_baseline_stated_in_the_text(text: str) -> None:
    assert read_key_result(text).has_baseline


@pytest.mark.parametrize(
    "text",
    [
        "Raise repeat purchases to 30%",
        "NPS up 10 points compared with last quarter",
        "Publish the 2.0 release notes",
        "Lower p95 latency below 200 ms",
        "Get feedback on the prototype from 5 users",
        "Build on our progress from 2024 in the schools programme",
        "Publish the audit results for every package from 2.2 that passed",
    ],
)
def test_it_finds_no_baseline_when_the_text_has_none(text: str) -> None:
    assert not read_key_result(text).has_baseline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grow the mailing list to 5,000 readers", True),
        ("Ship the holiday gift-card flow", True),
        ("No order ships with a wrong address", True),
        ("Cut the hosting bill by a third", True),
        ("Grow usage of saved searches", False),
        ("Lift repeat orders by X%", False),
        ("Sign N new wholesale partners", False),
        ("Improve the onboarding doc", False),
        ("Reduce churn by end of Q3", False),
        ("Average handling time", False),
        ("Work out our pricing story", False),
        ("Simplify the release process", False),
        ("Reduce onboarding time", False),
        ("Build a script that checks broken links", True),
        ("Win the city's innovation tender", True),
        ("Keep infra costs flat", True),
    ],
)
def test_it_decides_whether_a_target_is_stated(text: str, expected: bool) -> None:
    assert read_key_result(text).has_target is expected


@pytest.mark.parametrize(
    ("text", "expected_words"),
    [
        ("Launch the referral programme", "sign-ups from referrals"),
        ("Publish 4 blog posts", "organic visitors"),
        ("Hire 3 engineers", "lead time"),
        ("Roll out the partner dashboard", "partner dashboard"),
    ],
)
def test_it_suggests_an_outcome_rewrite_for_an_output(text: str, expected_words: str) -> None:
    rewrite = read_key_result(text).rewrite
    assert rewrite is not None
    assert expected_words in rewrite
    assert "__" in rewrite


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Maintain 99.9% uptime", "ktlo"),
        ("Keep month-end close running on schedule", "ktlo"),
        ("Ongoing care of the volunteer database", "ktlo"),
        ("Availability", "ktlo"),
        ("Continue hosting the user forum", "ktlo"),
        ("Launch the partner portal", "task"),
        ("Migrate payroll to the new provider", "task"),
        ("Build a pricing strategy for schools", "task"),
        ("Set up a shared services desk", "task"),
        ("Make onboarding effortless", "improvement"),
        ("Customers trust our uptime", "improvement"),
        ("Build a culture of written decisions", "improvement"),
        ("Enable squads to release on their own", "improvement"),
        ("Keep growing the developer community", "improvement"),
        ("Reduce the cost of each donation we process", "improvement"),
        ("Retention: keep more trial users past week one", "improvement"),
        ("Support the expansion of our reseller network", "improvement"),
        ("Support the finance team", "ktlo"),
        ("Let merchants solve common problems without us", "improvement"),
        ("Provide a great experience for new hires", "improvement"),
        ("Provide a new payroll portal", "task"),
        ("Have clear company goals", "improvement"),
        ("Partner reporting solution", "task"),
        ("Standardised reporting on churn stages", "task"),
        ("Stronger platforms", "improvement"),
        ("Develop a mechanism to share vans between depots", "task"),
        ("Introduce a better content system", "task"),
        ("Build greater trust with partners", "improvement"),
        ("Deliver sufficient leads to sales", "improvement"),
    ],
)
def test_it_labels_an_objective(text: str, label: str) -> None:
    assert read_objective(text).label == label


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Maintain 99.9% uptime", "KTLO KPI with a healthy range"),
        ("Launch the partner portal", "improvement it serves"),
    ],
)
def test_it_suggests_a_fix_for_a_task_or_ktlo_objective(text: str, words: str) -> None:
    fix = read_objective(text).fix
    assert fix is not None and words in fix


def test_it_offers_no_fix_for_an_improvement() -> None:
    assert read_objective("Make first-week success the norm").fix is None


@pytest.mark.parametrize("text", ["", "   ", "?!", "42"])
def test_it_reads_degenerate_text_without_crashing(text: str) -> None:
    read_key_result(text)
    read_objective(text)


COACH_MODULES = sorted(
    (Path(__file__).parents[2] / "src" / "waypoint" / "domain").glob("coach_*.py")
)


@pytest.mark.parametrize("source", COACH_MODULES, ids=lambda path: path.name)
def test_the_text_readers_import_nothing_from_django(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    modules = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not any(name.split(".")[0] == "django" for name in modules)


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        # A verb the lexicon does not know, then "a/the" and an artefact: work, surely.
        ("Assemble a starter kit for new chapter leads", True),
        ("Craft a pitch deck for the seed round", True),
        # Without an artefact after the determiner the shape says nothing sure.
        ("Nail the conference season", True),
    ],
)
def test_an_unknown_verb_making_an_artefact_is_a_sure_output(text: str, is_output: bool) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert reading.sure is text.startswith(("Assemble", "Craft"))


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        ("Simplify the release process", True),
        ("Refine the sales playbook", True),
        ("Cultivate relationships with other communities", True),
        ("Optimise page load time", False),
        ("Enhance search relevance", False),
    ],
)
def test_a_verb_of_reworking_reads_by_what_it_works_on(text: str, is_output: bool) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert reading.sure
    assert not reading.has_target


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        ("Ship 95% of orders within 48 hours", False),
        ("Handle 85% of refund requests in under 2 days", False),
        ("Deliver 95% of orders on time", False),
        ("Schedule 95% of onboarding calls within 5 days", True),
        ("Complete 80% of roadmap items on time", True),
        ("Migrate 80% of services within Q3", True),
    ],
)
def test_a_share_of_cases_within_a_time_limit_is_a_service_level(
    text: str, is_output: bool
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert ("service-level" in reading.signals) is not is_output
    assert reading.sure


@pytest.mark.parametrize(
    ("text", "is_output", "signal"),
    [
        ("Self-serve refunds live in the help centre", True, "capability"),
        ("The new donation form now live", True, "capability"),
        ("40 clinics live on the booking system", False, "counted-result"),
        ("Twelve schools live on the new plan", False, "counted-result"),
    ],
)
def test_a_deliverable_live_is_work_but_people_live_on_it_are_a_result(
    text: str, is_output: bool, signal: str
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert signal in reading.signals
    assert reading.sure


@pytest.mark.parametrize(
    ("text", "has_target"),
    [
        ("Contribute to the open standard", False),
        ("Engage with local universities", False),
        ("Polish the mobile app", False),
        ("Contribute the importer upstream", True),
        ("Engage 3 universities in the pilot", True),
    ],
)
def test_taking_part_or_polishing_has_no_checkable_end(text: str, has_target: bool) -> None:
    reading = read_key_result(text)
    assert reading.is_output
    assert reading.has_target is has_target


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Reliability - keep the platform up", "ktlo"),
        ("Growth | win more mid-size customers", "improvement"),
        ("Launch the partner portal - phase one", "task"),
        ("Launch the partner portal: phase one", "task"),
        ("Ship v2 - the fast one", "task"),
        ("Get a data warehouse in place for finance", "task"),
        ("Have an on-call rota up and running", "task"),
        ("Have happy customers", "improvement"),
        ("Craft a new brand identity", "task"),
        ("Iterate on the talent function and set the standard for hiring", "improvement"),
    ],
)
def test_objective_themes_things_put_in_place_and_unknown_verbs(text: str, label: str) -> None:
    assert read_objective(text).label == label


@pytest.mark.parametrize(
    ("text", "is_output", "signal"),
    [
        ("3 enterprises adopt the new API", False, "adoption"),
        ("All teams use the new incident process", False, "adoption"),
        ("12 clubs run the new format", False, "counted-result"),
        ("4 talks use the new slide template", True, "effort-count"),
        ("Every team runs a retro", True, "effort-count"),
    ],
)
def test_adopters_counted_as_they_take_something_up_are_a_result(
    text: str, is_output: bool, signal: str
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert signal in reading.signals
    assert reading.sure


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        ("Receive 50 applications for the fellowship", False),
        ("Test coverage above 80%", False),
        ("Write 5 applications for grants", True),
    ],
)
def test_what_others_send_in_and_a_metric_above_a_level_are_results(
    text: str, is_output: bool
) -> None:
    assert read_key_result(text).is_output is is_output


@pytest.mark.parametrize(
    ("text", "is_output", "has_target"),
    [
        ("Reach 300 paying teams", False, True),
        ("Reach XX paying teams", False, False),
        ("Grow the team to 12 engineers", True, True),
        ("Review at least ## ballot publications", True, False),
        ("Fix issue #12 in the tracker", True, True),
    ],
)
def test_paying_teams_are_customers_and_hashes_are_a_placeholder(
    text: str, is_output: bool, has_target: bool
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert reading.has_target is has_target


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        ("Partner events: run 4 regional meetups for resellers", True),
        ("Staff security training: deliver phishing training to 100% of staff", True),
        ("Help desk response time: measure the median against a 2 hour benchmark", False),
        ("Donor retention: 60% of donors give again within a year", False),
        ("Hiring: 2 designers, 1 product manager", True),
    ],
)
def test_a_label_before_a_colon_is_left_out_only_before_an_imperative(
    text: str, is_output: bool
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert reading.sure


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Administer the pension and payroll services", "ktlo"),
        ("Provide advice and support to small landlords", "ktlo"),
        ("Perform security reviews of vendor systems", "ktlo"),
        ("Ensure financial accountability across departments", "ktlo"),
        ("Protect residents' personal data", "ktlo"),
        ("Provide faster support for new tenants", "improvement"),
        ("Offer new services to rural schools", "improvement"),
        ("Ensure users can book a visit in one step", "improvement"),
    ],
)
def test_a_standing_function_or_duty_is_business_as_usual(text: str, label: str) -> None:
    assert read_objective(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Develop offline mode for the field app", "task"),
        ("Develop a handful of teaching programmes for schools", "task"),
        ("Get the booking API partner-ready", "task"),
        ("Bring the scheduling app to market", "task"),
        ("Beta release of the tenant portal", "task"),
        ("Create an efficient and transparent grants process", "task"),
        ("Develop our next generation of leaders", "improvement"),
        ("Develop a culture of written decisions", "improvement"),
        ("Establish the museum as the city's meeting place", "improvement"),
        ("Fix the barriers that keep clinics from booking online", "improvement"),
        ("Engage a wider public of readers", "improvement"),
        ("Turn the old depot into a community hub", "improvement"),
        ("Launch the partner marketplace", "task"),
        ("Run the annual donor gala", "task"),
    ],
)
def test_what_an_objective_makes_or_changes(text: str, label: str) -> None:
    assert read_objective(text).label == label


@pytest.mark.parametrize(
    ("text", "is_output", "has_target"),
    [
        ("Tenant survey report (phase 2) by the end of Q2", True, True),
        ("Shared data dictionary for all departments by March 2027", True, True),
        ("Churn below 2% by June", False, True),
        ("Zero lost-time injuries by the end of 2027", False, True),
        ("Residents rate the new bins 4 of 5 or better by May 2027", False, True),
    ],
)
def test_a_bare_thing_due_on_a_date_is_a_deliverable(
    text: str, is_output: bool, has_target: bool
) -> None:
    reading = read_key_result(text)
    assert reading.is_output is is_output
    assert reading.has_target is has_target
    assert ("deliverable-due" in reading.signals) is is_output


@pytest.mark.parametrize(
    ("text", "is_output"),
    [
        ("# of active reading groups", False),
        ("% of parcels with a tracking update", False),
        ("Keep stock turnover above 6 a year", False),
        ("Maintain clean-air days at > 90%", False),
        ("Maintain the release checklist", True),
    ],
)
def test_a_statistic_sign_or_a_level_kept_is_a_measure(text: str, is_output: bool) -> None:
    assert read_key_result(text).is_output is is_output


@pytest.mark.parametrize(
    ("text", "has_target"),
    [
        ("Maintain the build farm", False),
        ("Support the design work for offline mode", False),
        ("Socialise the new accessibility spec", False),
        ("Stabilise search in production", False),
        ("Support for signed builds", True),
        ("Support 3 partner teams moving to the new API", True),
    ],
)
def test_ongoing_care_with_no_amount_has_no_checkable_end(text: str, has_target: bool) -> None:
    assert read_key_result(text).has_target is has_target
