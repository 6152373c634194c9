"""Alignment over the API — contribution links, support links, shared owners — the coach's
findings and their dismissal, and proposals: the pages' rules, refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import Okrs, assert_problem
from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from tests.test_authorization_matrix import database_state
from waypoint.alignment.models import SupportLink
from waypoint.coach.models import Dismissal
from waypoint.okrs.models import Change, Objective, Period
from waypoint.planning import actions as planning
from waypoint.planning.models import Proposal

V1 = "/api/v1"


@pytest.fixture
def higher(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Payments that never fail", owner=cast.admin, units=[cast.product]
    )


# --- contribution links -------------------------------------------------------------------------


def test_contribution_links_are_set_read_and_shown_on_the_map(
    api_as: Any, client: Client, cast: Cast, okrs: Okrs, higher: Objective
) -> None:
    higher_kr = make_key_result(
        higher, "Payment errors from 1% to 0.2%", owner_unit=cast.product, baseline=1, target=0.2
    )
    api = api_as("bob")
    url = f"{V1}/objectives/{okrs.objective.pk}"
    response = api.patch(
        url, {"parent_objective_ids": [higher.pk], "parent_key_result_ids": [higher_kr.pk]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["parent_objective_ids"] == [higher.pk]
    assert body["parent_key_result_ids"] == [higher_kr.pk]
    assert api.get(f"{V1}/objectives/{higher.pk}").json()["child_objective_ids"] == [
        okrs.objective.pk
    ]
    assert Change.objects.filter(objective=okrs.objective, field="parent_objectives").exists()
    client.force_login(cast.charlie)
    page = client.get(okrs.objective.get_absolute_url()).content.decode()
    assert "Payments that never fail" in page
    cleared = api.patch(url, {"parent_objective_ids": []}).json()
    assert cleared["parent_objective_ids"] == [] and cleared["parent_key_result_ids"] == [
        higher_kr.pk
    ]


def test_a_new_objective_can_contribute_from_the_start(
    api_as: Any, cast: Cast, quarter: Period, higher: Objective
) -> None:
    response = api_as("bob").post(
        f"{V1}/objectives",
        {
            "period_id": quarter.pk,
            "title": "Cards that always work",
            "unit_ids": [cast.checkout.pk],
            "parent_objective_ids": [higher.pk],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_objective_ids"] == [higher.pk]


def test_links_the_edit_form_does_not_offer_are_refused(
    api_as: Any, cast: Cast, okrs: Okrs, higher: Objective, quarter: Period
) -> None:
    api, admin = api_as("bob"), api_as("admin")
    url = f"{V1}/objectives/{okrs.objective.pk}"
    api.patch(url, {"parent_objective_ids": [higher.pk]})
    later_period = Period.objects.exclude(pk=quarter.pk).filter(kind="quarter").first()
    elsewhere = make_objective(later_period, "Next quarter", owner=cast.admin, units=[cast.product])
    before = database_state()
    for body, field in [
        ({"parent_objective_ids": [okrs.objective.pk]}, "parent_objective_ids"),  # itself
        ({"parent_objective_ids": [elsewhere.pk]}, "parent_objective_ids"),  # another quarter
        ({"parent_objective_ids": [987654]}, "parent_objective_ids"),
        ({"parent_key_result_ids": [okrs.kr.pk, "x"]}, "parent_key_result_ids.1"),
        ({"parent_objective_ids": "all"}, "parent_objective_ids"),
    ]:
        problem = assert_problem(api.patch(url, body), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    # A loop: the higher objective cannot contribute to what contributes to it.
    loop = assert_problem(
        admin.patch(f"{V1}/objectives/{higher.pk}", {"parent_objective_ids": [okrs.objective.pk]}),
        422,
    )
    assert "loop" in loop["detail"]
    assert database_state() == before


def test_only_the_objectives_editors_set_its_links(
    api_as: Any, okrs: Okrs, higher: Objective
) -> None:
    charlie, reader = api_as("charlie"), api_as("bob", "read")
    before = database_state()
    url = f"{V1}/objectives/{okrs.objective.pk}"
    assert_problem(charlie.patch(url, {"parent_objective_ids": [higher.pk]}), 403)
    assert_problem(reader.patch(url, {"parent_objective_ids": [higher.pk]}), 403)
    assert database_state() == before


# --- support links and shared owners --------------------------------------------------------------


def test_a_support_goal_serves_a_unit_and_the_link_is_removed(
    api_as: Any, cast: Cast, quarter: Period
) -> None:
    goal = make_objective(
        quarter, "Tooling Search can reuse", owner=cast.alice, units=[cast.checkout], kind="support"
    )
    api = api_as("bob")
    created = api.post(f"{V1}/objectives/{goal.pk}/supports", {"unit_id": cast.search.pk})
    assert created.status_code == 201, created.content
    link = created.json()
    assert link["unit_id"] == cast.search.pk and link["served_objective_id"] is None
    assert api.get(f"{V1}/objectives/{goal.pk}").json()["supports"] == [link]
    twice = assert_problem(
        api.post(f"{V1}/objectives/{goal.pk}/supports", {"unit_id": cast.search.pk}), 422
    )
    assert "already" in twice["detail"]
    assert api.send("DELETE", f"{V1}/supports/{link['id']}").status_code == 204
    assert not SupportLink.objects.exists()
    assert_problem(api.send("DELETE", f"{V1}/supports/{link['id']}"), 404)


def test_support_links_keep_the_pages_rules(
    api_as: Any, cast: Cast, quarter: Period, okrs: Okrs
) -> None:
    goal = make_objective(
        quarter, "Tooling Search can reuse", owner=cast.alice, units=[cast.checkout], kind="support"
    )
    api, charlie = api_as("bob"), api_as("charlie")
    before = database_state()
    both = {"unit_id": cast.search.pk, "served_objective_id": okrs.objective.pk}
    assert (
        "either a unit or an objective"
        in assert_problem(api.post(f"{V1}/objectives/{goal.pk}/supports", both), 422)["detail"]
    )
    assert_problem(api.post(f"{V1}/objectives/{goal.pk}/supports", {}), 422)
    strategic = assert_problem(
        api.post(f"{V1}/objectives/{okrs.objective.pk}/supports", {"unit_id": cast.search.pk}),
        422,
    )
    assert "support goal" in strategic["detail"]
    own = assert_problem(
        api.post(f"{V1}/objectives/{goal.pk}/supports", {"unit_id": cast.checkout.pk}), 422
    )
    assert "owns this goal" in own["detail"]
    unknown = assert_problem(
        api.post(f"{V1}/objectives/{goal.pk}/supports", {"unit_id": 987654}), 422
    )
    assert unknown["errors"][0]["field"] == "unit_id"
    assert_problem(
        charlie.post(f"{V1}/objectives/{goal.pk}/supports", {"unit_id": cast.search.pk}), 403
    )
    assert database_state() == before


def test_shared_owners_and_pending_shares_are_read(api_as: Any, cast: Cast, okrs: Okrs) -> None:
    planning.propose_share(cast.bob, okrs.objective, cast.search)
    body = api_as("dana", "read").get(f"{V1}/objectives/{okrs.objective.pk}").json()
    assert body["unit_ids"] == [cast.checkout.pk]
    assert body["pending_share_unit_ids"] == [cast.search.pk]


# --- proposals ----------------------------------------------------------------------------------


def test_a_share_is_accepted_by_the_unit_asked(api_as: Any, cast: Cast, okrs: Okrs) -> None:
    proposal = planning.propose_share(cast.bob, okrs.objective, cast.search)
    assert api_as("dana").get(f"{V1}/proposals").json() == {"items": [], "count": 0}
    api = api_as("charlie")
    mine = api.get(f"{V1}/proposals").json()
    assert [p["id"] for p in mine["items"]] == [proposal.pk]
    assert mine["items"][0]["summary"] == "share it with Search"
    accepted = api.post(f"{V1}/proposals/{proposal.pk}/accept", {"note": "Glad to"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    shared = api.get(f"{V1}/objectives/{okrs.objective.pk}").json()
    assert shared["unit_ids"] == sorted([cast.checkout.pk, cast.search.pk])
    assert shared["pending_share_unit_ids"] == []
    again = assert_problem(api.post(f"{V1}/proposals/{proposal.pk}/decline", {"note": "No"}), 422)
    assert "accepted already" in again["detail"]


def test_declining_needs_a_note_and_others_cannot_answer(
    api_as: Any, cast: Cast, okrs: Okrs
) -> None:
    proposal = planning.propose_share(cast.bob, okrs.objective, cast.search)
    charlie, dana = api_as("charlie"), api_as("dana")
    before = database_state()
    no_note = assert_problem(charlie.post(f"{V1}/proposals/{proposal.pk}/decline", {}), 422)
    assert no_note["errors"][0]["field"] == "note"
    assert_problem(dana.post(f"{V1}/proposals/{proposal.pk}/accept", {}), 403)
    assert_problem(charlie.post(f"{V1}/proposals/{proposal.pk}/accept", {"mood": "ok"}), 422)
    assert database_state() == before
    declined = charlie.post(f"{V1}/proposals/{proposal.pk}/decline", {"note": "Not this quarter"})
    assert declined.json()["state"] == "declined"
    assert Proposal.objects.get(pk=proposal.pk).answer_note == "Not this quarter"


# --- the coach's findings -----------------------------------------------------------------------


@pytest.fixture
def no_baseline(cast: Cast, okrs: Okrs) -> Any:
    return make_key_result(
        okrs.objective, "Reach 500 repeat buyers", owner_unit=cast.checkout, target=500
    )


def test_findings_are_filtered_and_dismissed_with_a_reason(
    api_as: Any, cast: Cast, okrs: Okrs, no_baseline: Any, quarter: Period
) -> None:
    api = api_as("bob")
    everything = api.get(f"{V1}/findings", period=quarter.slug, limit=200).json()
    assert everything["count"] == len(everything["items"]) > 0
    wanted = {"code": "baseline.missing-baseline", "subject": "key_result"}
    found = api.get(f"{V1}/findings", subject_id=no_baseline.pk, **wanted).json()
    assert found["count"] == 1 and found["items"][0]["subject_id"] == no_baseline.pk
    family = found["items"][0]["family"]
    assert all(
        f["family"] == family for f in api.get(f"{V1}/findings", family=family).json()["items"]
    )
    assert_problem(api.get(f"{V1}/findings", family="nonsense"), 422)
    response = api.post(
        f"{V1}/findings/dismissals",
        {**wanted, "subject_id": no_baseline.pk, "reason": "The baseline is in the title"},
    )
    assert response.status_code == 201, response.content
    assert api.get(f"{V1}/findings", subject_id=no_baseline.pk, **wanted).json()["count"] == 0
    dismissals = api.get(f"{V1}/findings/dismissals").json()
    assert dismissals["items"][0]["reason"] == "The baseline is in the title"
    change = Change.objects.get(objective=okrs.objective, field="coach finding dismissed")
    assert change.reason == "The baseline is in the title"


def test_a_dismissal_needs_a_reason_and_the_right_to_edit(
    api_as: Any, cast: Cast, okrs: Okrs, no_baseline: Any
) -> None:
    bob, charlie, reader = api_as("bob"), api_as("charlie"), api_as("bob", "read")
    body = {
        "code": "baseline.missing-baseline",
        "subject": "key_result",
        "subject_id": no_baseline.pk,
    }
    before = database_state()
    assert (
        assert_problem(bob.post(f"{V1}/findings/dismissals", {**body, "reason": " "}), 422)[
            "errors"
        ][0]["field"]
        == "reason"
    )
    assert_problem(bob.post(f"{V1}/findings/dismissals", body), 422)
    unknown = {**body, "code": "no.such-check", "reason": "x"}
    assert (
        "Unknown finding"
        in assert_problem(bob.post(f"{V1}/findings/dismissals", unknown), 422)["detail"]
    )
    assert_problem(bob.post(f"{V1}/findings/dismissals", {**body, "subject": "person"}), 422)
    assert_problem(charlie.post(f"{V1}/findings/dismissals", {**body, "reason": "Mine"}), 403)
    assert_problem(reader.post(f"{V1}/findings/dismissals", {**body, "reason": "Mine"}), 403)
    assert database_state() == before
    assert not Dismissal.objects.exists()
