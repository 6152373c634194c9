"""Planning the next period: drafts from the objectives above and the backlog, back-briefs to the
lead above, and their answers (accept, or ask for changes and revise)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective, make_period
from waypoint.cadence import actions as cadence_actions
from waypoint.okrs.models import Change, Objective, Period
from waypoint.orgs.models import Membership
from waypoint.planning import actions
from waypoint.planning.models import BackBrief


@pytest.fixture
def next_quarter(quarter: Period) -> Period:
    start = quarter.end + timedelta(days=1)
    return make_period("quarter", "Next quarter", start, start + timedelta(days=89), "next-q")


@pytest.fixture
def product_lead(cast: Cast) -> Cast:
    """dana leads Product (the unit above Checkout and Search)."""
    Membership.objects.create(person=cast.dana, unit=cast.product, role=Membership.Role.LEAD)
    return cast


@pytest.fixture
def above(cast: Cast, next_quarter: Period) -> Objective:
    objective = make_objective(
        next_quarter, "Payments that never fail", owner=cast.admin, units=[cast.product]
    )
    make_key_result(
        objective,
        "Failed payments from 2% to 0.5%",
        owner_unit=cast.product,
        baseline=2,
        target=0.5,
    )
    return objective


def brief(cast: Cast, period: Period, **overrides) -> BackBrief:  # type: ignore[no-untyped-def]
    fields = {
        "understood": "Buyers leave when a payment fails.",
        "plan": "Retry failed card payments automatically.",
        "measures": "Failed payments from 2% to 0.5%.",
        "needs": "A decision on the new provider by week 2.",
    }
    return actions.write_back_brief(cast.bob, cast.checkout, period, **(fields | overrides))


def plan_url(cast: Cast, period: Period) -> str:
    return f"{reverse('planning:plan', args=[cast.checkout.slug])}?period={period.slug}"


# ---- drafts ---------------------------------------------------------------------------------


def test_a_team_drafts_its_part_of_an_objective_above_once(
    cast: Cast, next_quarter: Period, above: Objective
) -> None:
    draft = actions.draft_contribution(cast.bob, cast.checkout, above)
    assert draft.is_draft and draft.period == next_quarter
    assert list(draft.parent_objectives.all()) == [above]
    assert list(draft.units.all()) == [cast.checkout]
    assert Change.objects.filter(objective=draft, field="drafted").exists()
    with pytest.raises(ValidationError, match="already has an objective contributing"):
        actions.draft_contribution(cast.bob, cast.checkout, above)
    assert Objective.objects.filter(period=next_quarter, units=cast.checkout).count() == 1


def test_only_objectives_above_the_team_can_be_drafted_from(
    cast: Cast, next_quarter: Period
) -> None:
    sideways = make_objective(
        next_quarter, "Search for all", owner=cast.charlie, units=[cast.search]
    )
    with pytest.raises(ValidationError, match="is not an objective above Checkout"):
        actions.draft_contribution(cast.bob, cast.checkout, sideways)
    with pytest.raises(PermissionDenied):
        actions.draft_contribution(cast.charlie, cast.checkout, sideways)
    assert not Objective.objects.filter(units=cast.checkout).exists()


def test_a_backlog_idea_becomes_a_draft_of_the_next_period(
    cast: Cast, next_quarter: Period
) -> None:
    idea = cadence_actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    draft = actions.draft_from_backlog(cast.bob, idea, next_quarter)
    assert draft.is_draft and draft.title == "Gift cards" and draft.period == next_quarter
    idea.refresh_from_db()
    assert idea.status == "promoted"


def test_a_period_that_is_over_is_not_planned(cast: Cast, product_lead: Cast) -> None:
    past = make_period("quarter", "Old", *_past(), "old-q")
    old = make_objective(past, "Old goal", owner=cast.admin, units=[cast.product])
    with pytest.raises(ValidationError, match="Old is over"):
        actions.draft_contribution(cast.bob, cast.checkout, old)
    with pytest.raises(ValidationError, match="Old is over"):
        brief(cast, past)
    assert not BackBrief.objects.exists()


def _past():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    end = timezone.localdate() - timedelta(days=200)
    return end - timedelta(days=89), end


# ---- back-briefs ----------------------------------------------------------------------------


def test_a_back_brief_goes_to_the_lead_above_who_accepts_it(
    cast: Cast, product_lead: Cast, next_quarter: Period, above: Objective
) -> None:
    back_brief = brief(cast, next_quarter, contributes_to=[above])
    assert back_brief.state == BackBrief.State.SUBMITTED
    assert list(back_brief.contributes_to.all()) == [above]
    with pytest.raises(PermissionDenied):  # a team does not accept its own plan
        actions.accept_back_brief(cast.alice, back_brief)
    actions.accept_back_brief(cast.dana, back_brief, note="Go.")
    back_brief.refresh_from_db()
    assert back_brief.state == BackBrief.State.ACCEPTED
    assert back_brief.answered_by == cast.dana and back_brief.answer_note == "Go."
    assert [t["what"] for t in back_brief.exchange] == ["back-briefed", "accepted it"]
    with pytest.raises(ValidationError, match="accepted already"):
        actions.accept_back_brief(cast.dana, back_brief)


def test_asking_for_changes_needs_a_note_and_the_revision_goes_back_to_the_lead(
    cast: Cast, product_lead: Cast, next_quarter: Period
) -> None:
    back_brief = brief(cast, next_quarter)
    with pytest.raises(ValidationError, match="Say what should change"):
        actions.ask_for_back_brief_changes(cast.dana, back_brief, note="  ")
    back_brief.refresh_from_db()
    assert back_brief.state == BackBrief.State.SUBMITTED
    actions.ask_for_back_brief_changes(cast.dana, back_brief, note="How will you measure it?")
    with pytest.raises(ValidationError, match="revises its back-brief first"):
        actions.accept_back_brief(cast.dana, back_brief)
    revised = brief(cast, next_quarter, measures="Failed payments, weekly, from the PSP report.")
    assert revised.pk == back_brief.pk and revised.revision == 2
    assert revised.state == BackBrief.State.SUBMITTED and revised.answer_note == ""
    assert [t["what"] for t in revised.exchange] == [
        "back-briefed",
        "asked for changes",
        "revised it (version 2)",
    ]
    assert revised.exchange[1]["note"] == "How will you measure it?"


def test_a_back_brief_says_what_was_understood_and_what_the_team_will_do(
    cast: Cast, next_quarter: Period
) -> None:
    with pytest.raises(ValidationError) as error:
        brief(cast, next_quarter, understood=" ", plan="")
    assert set(error.value.message_dict) == {"understood", "plan"}
    with pytest.raises(ValidationError, match="has no unit above it"):
        actions.write_back_brief(cast.admin, cast.company, next_quarter, understood="x", plan="y")
    sideways = make_objective(
        next_quarter, "Search for all", owner=cast.charlie, units=[cast.search]
    )
    with pytest.raises(ValidationError, match="is not an objective above Checkout"):
        brief(cast, next_quarter, contributes_to=[sideways])
    with pytest.raises(PermissionDenied):
        actions.write_back_brief(
            cast.charlie, cast.checkout, next_quarter, understood="x", plan="y"
        )
    assert not BackBrief.objects.exists()


# ---- pages ----------------------------------------------------------------------------------


def test_the_planning_page_starts_from_above_carried_over_and_the_backlog(
    client: Client, cast: Cast, quarter: Period, next_quarter: Period, above: Objective
) -> None:
    current = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        current, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    actions.carry_over(cast.alice, kr, next_quarter)
    cadence_actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    client.force_login(cast.bob)
    page = client.get(plan_url(cast, next_quarter)).content.decode()
    assert "Plan Next quarter" in page
    assert "Payments that never fail" in page and "Draft our part" in page
    assert "Carried over from" in page and "Conversion from 2% to 3%" in page
    assert "Gift cards" in page and "Make it a draft" in page
    assert "Send the back-brief" in page

    response = client.post(
        f"{reverse('planning:plan-draft', args=[cast.checkout.slug])}?period={next_quarter.slug}",
        {"above": above.pk},
    )
    assert response.status_code == 302
    assert Objective.objects.filter(
        parent_objectives=above, units=cast.checkout, is_draft=True
    ).exists()
    page = client.get(plan_url(cast, next_quarter)).content.decode()
    assert "Our part:" in page


def test_the_planning_page_defaults_to_the_quarter_after_today(
    client: Client, cast: Cast, quarter: Period, next_quarter: Period
) -> None:
    client.force_login(cast.bob)
    response = client.get(reverse("planning:plan", args=[cast.checkout.slug]))
    assert response.context["period"] == next_quarter


def test_a_bad_back_brief_keeps_what_was_typed_and_says_what_is_missing(
    client: Client, cast: Cast, next_quarter: Period
) -> None:
    client.force_login(cast.bob)
    response = client.post(
        plan_url(cast, next_quarter), {"understood": "", "plan": "Retry failed payments"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what you understood the objectives above you to mean." in page
    assert "Retry failed payments" in page
    assert not BackBrief.objects.exists()


def test_the_lead_above_reads_the_back_briefs_side_by_side_and_sees_who_is_missing(
    client: Client, cast: Cast, product_lead: Cast, next_quarter: Period
) -> None:
    back_brief = brief(cast, next_quarter)
    client.force_login(cast.dana)
    url = f"{reverse('planning:back-briefs', args=[cast.product.slug])}?period={next_quarter.slug}"
    response = client.get(url)
    page = response.content.decode()
    assert [row.unit for row in response.context["rows"]][-1] == cast.checkout  # missing first
    assert "Not back-briefed yet:" in page
    assert {r.unit for r in response.context["missing"]} == {cast.search, cast.virtual}
    assert "Buyers leave when a payment fails." in page
    assert "A decision on the new provider by week 2." in page
    assert response.context["answerable"] == {back_brief.pk}

    response = client.post(
        reverse("planning:back-brief-changes", args=[back_brief.pk]), {"note": "Which provider?"}
    )
    assert response.status_code == 302 and response["Location"] == url
    back_brief.refresh_from_db()
    assert back_brief.state == BackBrief.State.CHANGES

    # The team sees the note on its planning page.
    client.force_login(cast.bob)
    page = client.get(plan_url(cast, next_quarter)).content.decode()
    assert "Which provider?" in page and "Send the revised back-brief" in page


def test_an_empty_ask_for_changes_is_refused_with_a_message(
    client: Client, cast: Cast, product_lead: Cast, next_quarter: Period
) -> None:
    back_brief = brief(cast, next_quarter)
    client.force_login(cast.dana)
    response = client.post(
        reverse("planning:back-brief-changes", args=[back_brief.pk]), {"note": ""}, follow=True
    )
    assert "Say what should change" in response.content.decode()
    back_brief.refresh_from_db()
    assert back_brief.state == BackBrief.State.SUBMITTED


def test_only_the_lead_above_may_answer(
    client: Client, cast: Cast, product_lead: Cast, next_quarter: Period
) -> None:
    back_brief = brief(cast, next_quarter)
    client.force_login(cast.alice)  # leads Checkout itself
    response = client.post(reverse("planning:back-brief-accept", args=[back_brief.pk]))
    assert response.status_code == 403
    back_brief.refresh_from_db()
    assert back_brief.state == BackBrief.State.SUBMITTED


def test_the_unit_page_links_to_planning_and_counts_the_back_briefs(
    client: Client, cast: Cast, product_lead: Cast, quarter: Period, next_quarter: Period
) -> None:
    brief(cast, next_quarter)
    client.force_login(cast.dana)
    page = client.get(cast.product.get_absolute_url()).content.decode()
    assert "Plan Next quarter" in page
    assert "Back-briefs for Next quarter (1 of 3)" in page
    assert "Quarterly offsite" in page


def test_the_pages_take_the_same_queries_with_more_units_below(
    client: Client, cast: Cast, product_lead: Cast, next_quarter: Period, above: Objective
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factory import make_unit

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    briefs = (
        f"{reverse('planning:back-briefs', args=[cast.product.slug])}?period={next_quarter.slug}"
    )
    brief(cast, next_quarter)
    actions.draft_contribution(cast.bob, cast.checkout, above)
    client.force_login(cast.dana)
    before = (count(briefs), count(plan_url(cast, next_quarter)))
    for name in ("Returns", "Payments", "Loyalty"):
        team = make_unit(name, "team", parent=cast.product, members=[cast.bob])
        actions.draft_contribution(cast.admin, team, above)
        actions.write_back_brief(cast.admin, team, next_quarter, understood="x", plan="y")
    after = (count(briefs), count(plan_url(cast, next_quarter)))
    assert after == before, (before, after)
    print(f"\nqueries: back-briefs {after[0]}, planning page {after[1]}")
