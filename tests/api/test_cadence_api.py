"""The weekly practice over the API — backlog, KPIs and their readings, running a meeting —
under the same rules as the pages, and refusals that change nothing."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import assert_problem
from tests.conftest import Cast
from tests.test_authorization_matrix import database_state
from waypoint.cadence import actions
from waypoint.cadence.models import BacklogItem, Commitment, Kpi, KpiReading, Meeting
from waypoint.okrs.models import Objective, Period

V1 = "/api/v1"


def iso(days: float) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    actions.set_cadence(
        cast.alice,
        cast.checkout,
        frequency="weekly",
        weekday=0,
        at=time(9, 30),
        duration_minutes=60,
    )
    return cast.checkout.meetings.get()


@pytest.fixture
def kpi(cast: Cast) -> Kpi:
    kpi = actions.create_kpi(
        cast.bob, cast.checkout, name="Payment error rate", healthy_min=None, healthy_max=1
    )
    actions.record_kpi_reading(cast.bob, kpi, value=Decimal("2.5"))
    return kpi


# --- backlog ------------------------------------------------------------------------------------


def test_an_idea_is_parked_listed_and_shown_on_the_backlog_page(
    api_as: Any, client: Client, cast: Cast
) -> None:
    api = api_as("bob")
    response = api.post(
        f"{V1}/backlog",
        {"unit_id": cast.checkout.pk, "title": "Gift cards", "description": "Asked by 3 shops"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["unit_id"] == cast.checkout.pk
    listed = api.get(f"{V1}/backlog", unit="checkout", status="open").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Gift cards"
    assert api.get(f"{V1}/backlog", unit="search").json() == {"items": [], "count": 0}
    assert api.get(f"{V1}/backlog/{body['id']}").json()["description"] == "Asked by 3 shops"
    client.force_login(cast.alice)
    assert "Gift cards" in client.get("/units/checkout/backlog/").content.decode()


def test_an_idea_is_kept_or_discarded(api_as: Any, cast: Cast) -> None:
    kept = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    gone = actions.park_in_backlog(cast.bob, cast.checkout, title="Fax orders")
    api = api_as("bob")
    body = api.post(f"{V1}/backlog/{kept.pk}/review", {"keep": True}).json()
    assert body["status"] == "open" and body["reviewed_at"] is not None
    assert api.post(f"{V1}/backlog/{gone.pk}/review", {"keep": False}).json()["status"] == (
        "discarded"
    )
    again = assert_problem(api.post(f"{V1}/backlog/{gone.pk}/review", {"keep": True}), 422)
    assert "already discarded" in again["detail"]


def test_an_idea_becomes_a_commitment_or_an_objective(
    api_as: Any, cast: Cast, quarter: Period
) -> None:
    first = actions.park_in_backlog(cast.bob, cast.checkout, title="Call five shops")
    second = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards that sell")
    api = api_as("bob")
    commitment = api.post(f"{V1}/backlog/{first.pk}/promote-to-commitment")
    assert commitment.status_code == 201, commitment.content
    assert Commitment.objects.get(pk=commitment.json()["id"]).person == cast.bob
    objective = api.post(f"{V1}/backlog/{second.pk}/promote-to-objective", {})
    assert objective.status_code == 201, objective.content
    created = Objective.objects.get(pk=objective.json()["id"])
    assert created.period == quarter and list(created.units.all()) == [cast.checkout]
    second.refresh_from_db()
    assert second.status == "promoted" and second.promoted_objective == created
    assert api.get(f"{V1}/backlog/{second.pk}").json()["promoted_objective_id"] == created.pk


def test_another_team_cannot_touch_a_backlog_and_nothing_changes(api_as: Any, cast: Cast) -> None:
    idea = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    api, reader = api_as("charlie"), api_as("bob", "read")
    before = database_state()
    refused = api.post(f"{V1}/backlog", {"unit_id": cast.checkout.pk, "title": "Take it over"})
    assert "Only members of Checkout" in assert_problem(refused, 403)["detail"]
    assert_problem(api.post(f"{V1}/backlog/{idea.pk}/review", {"keep": False}), 403)
    assert_problem(api.post(f"{V1}/backlog/{idea.pk}/promote-to-commitment"), 403)
    assert_problem(reader.post(f"{V1}/backlog/{idea.pk}/review", {"keep": False}), 403)
    assert database_state() == before


def test_bad_backlog_input_is_named_and_changes_nothing(api_as: Any, cast: Cast) -> None:
    api = api_as("bob")
    before = database_state()
    for body, field in [
        ({"unit_id": cast.checkout.pk, "title": "   "}, "title"),
        ({"unit_id": cast.checkout.pk, "title": "x" * 241}, "title"),
        ({"unit_id": cast.checkout.pk, "title": "Ok", "priority": 1}, "priority"),
        ({"unit_id": "checkout", "title": "Ok"}, "unit_id"),
        ({"unit_id": 987654, "title": "Ok"}, "unit_id"),
    ]:
        problem = assert_problem(api.post(f"{V1}/backlog", body), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert_problem(api.post(f"{V1}/backlog/1/review", {"keep": "maybe"}), 422)
    assert database_state() == before


def test_a_backlog_item_cannot_be_deleted_only_discarded(api_as: Any, cast: Cast) -> None:
    idea = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    assert_problem(api_as("bob").send("DELETE", f"{V1}/backlog/{idea.pk}"), 405)
    assert BacklogItem.objects.filter(pk=idea.pk, status="open").exists()


# --- KPIs and readings --------------------------------------------------------------------------


def test_a_kpi_is_created_read_and_its_readings_posted(
    api_as: Any, client: Client, cast: Cast
) -> None:
    api = api_as("bob")
    created = api.post(
        f"{V1}/kpis",
        {"unit_id": cast.checkout.pk, "name": "Uptime", "unit_label": "%", "healthy_min": 99.5},
    )
    assert created.status_code == 201, created.content
    kpi = created.json()
    assert kpi["healthy_min"] == 99.5 and kpi["healthy_max"] is None and kpi["latest"] is None
    reading = api.post(f"{V1}/kpis/{kpi['id']}/readings", {"value": 99.1})
    assert reading.status_code == 201, reading.content
    earlier = api.post(f"{V1}/kpis/{kpi['id']}/readings", {"value": 99.9, "at": iso(-2)})
    assert earlier.status_code == 201, earlier.content
    read = api.get(f"{V1}/kpis/{kpi['id']}").json()
    assert read["latest"] == 99.1 and read["healthy"] is False
    readings = api.get(f"{V1}/kpis/{kpi['id']}/readings").json()
    assert readings["count"] == 2 and [r["value"] for r in readings["items"]] == [99.1, 99.9]
    unhealthy = api.get(f"{V1}/kpis", unit="checkout", healthy="false").json()
    assert [k["id"] for k in unhealthy["items"]] == [kpi["id"]]
    assert api.get(f"{V1}/kpis", healthy="true").json()["count"] == 0
    client.force_login(cast.alice)
    assert "99.1" in client.get(f"/kpis/{kpi['id']}/").content.decode()


def test_a_healthy_range_that_ends_below_its_start_is_refused(api_as: Any, cast: Cast) -> None:
    api = api_as("bob")
    before = database_state()
    problem = assert_problem(
        api.post(
            f"{V1}/kpis",
            {
                "unit_id": cast.checkout.pk,
                "name": "Latency",
                "healthy_min": 300,
                "healthy_max": 200,
            },
        ),
        422,
    )
    assert problem["errors"][0]["field"] == "healthy_max"
    assert "ends below where it starts" in problem["detail"]
    no_range = assert_problem(
        api.post(f"{V1}/kpis", {"unit_id": cast.checkout.pk, "name": "Latency"}), 422
    )
    assert no_range["errors"][0]["field"] == "healthy_min"
    assert database_state() == before


def test_a_reading_must_be_a_number_from_the_past(api_as: Any, kpi: Kpi) -> None:
    api = api_as("bob")
    url = f"{V1}/kpis/{kpi.pk}/readings"
    before = KpiReading.objects.count()
    for body, field in [
        ({"value": "high"}, "value"),
        ({"value": None}, "value"),
        ({}, "value"),
        ({"value": 1e20}, "value"),
        ({"value": 1, "at": "yesterday"}, "at"),
        ({"value": 1, "at": "9999-12-31T23:59:59+14:00"}, "at"),
        ({"value": 1, "at": iso(2)}, "at"),
        ({"value": 1, "source": "grafana"}, "source"),
    ]:
        problem = assert_problem(api.post(url, body), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert KpiReading.objects.count() == before


def test_another_team_cannot_post_a_reading(api_as: Any, kpi: Kpi) -> None:
    charlie, reader, bob = api_as("charlie"), api_as("bob", "read"), api_as("bob")
    before = database_state()
    assert_problem(charlie.post(f"{V1}/kpis/{kpi.pk}/readings", {"value": 0.5}), 403)
    assert_problem(reader.post(f"{V1}/kpis/{kpi.pk}/readings", {"value": 0.5}), 403)
    assert_problem(bob.post(f"{V1}/kpis/999999/readings", {"value": 0.5}), 404)
    assert database_state() == before


def test_an_unhealthy_kpi_starts_a_recovery_objective(
    api_as: Any, cast: Cast, kpi: Kpi, quarter: Period
) -> None:
    response = api_as("bob").post(f"{V1}/kpis/{kpi.pk}/recovery", {"period_id": quarter.pk})
    assert response.status_code == 201, response.content
    objective = Objective.objects.get(pk=response.json()["id"])
    assert objective.title == "Bring payment error rate back to healthy"
    assert objective.key_results.get().target == Decimal("1")
    actions.record_kpi_reading(cast.bob, kpi, value=Decimal("0.4"))
    problem = assert_problem(api_as("bob").post(f"{V1}/kpis/{kpi.pk}/recovery", {}), 422)
    assert "within its healthy range" in problem["detail"]


# --- meetings -----------------------------------------------------------------------------------


def test_a_meeting_answers_with_the_agenda_its_page_generates(
    api_as: Any, cast: Cast, meeting: Meeting, kpi: Kpi
) -> None:
    actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    api = api_as("dana", "read")
    body = api.get(f"{V1}/meetings/{meeting.pk}").json()
    agenda = body["generated_agenda"]
    assert agenda["title"] == "Weekly — Checkout" and agenda["minutes"] == 60
    sections = {s["key"]: s for s in agenda["sections"]}
    kpis = [e for s in sections.values() for e in s["entries"] if e["kind"] == "kpi"]
    assert kpis and kpis[0]["ref"] == kpi.pk and kpis[0]["flag"] == "out_of_range"
    parked = [e["title"] for s in sections.values() for e in s["entries"]]
    assert "Gift cards" in parked
    listed = api.get(f"{V1}/meetings", unit="checkout", kind="weekly", status="scheduled").json()
    assert [m["id"] for m in listed["items"]] == [meeting.pk]


def test_a_meeting_is_run_over_the_api(api_as: Any, cast: Cast, meeting: Meeting) -> None:
    api = api_as("bob")
    topic = api.post(f"{V1}/meetings/{meeting.pk}/agenda-items", {"title": "On-call handover"})
    assert topic.status_code == 201, topic.content
    notes = api.send(
        "PUT",
        f"{V1}/meetings/{meeting.pk}/notes",
        {"notes": "Conversion is stuck", "decisions": "Escalate to Product"},
    )
    assert notes.status_code == 200, notes.content
    body = notes.json()
    assert body["decisions"] == "Escalate to Product"
    hot = next(s for s in body["generated_agenda"]["sections"] if s["key"] == "hot_topics")
    assert [e["title"] for e in hot["entries"]] == ["On-call handover"]
    held = api.post(f"{V1}/meetings/{meeting.pk}/held")
    assert held.json()["status"] == "held"
    nxt = Meeting.objects.filter(unit=cast.checkout, status="scheduled").get()
    assert nxt.scheduled_for > meeting.scheduled_for
    again = assert_problem(api.post(f"{V1}/meetings/{meeting.pk}/held"), 422)
    assert "already held" in again["detail"]


def test_a_meeting_is_rescheduled_forward_never_into_the_past(
    api_as: Any, meeting: Meeting
) -> None:
    api = api_as("bob")
    url = f"{V1}/meetings/{meeting.pk}/reschedule"
    before = database_state()
    past = assert_problem(api.post(url, {"scheduled_for": iso(-1)}), 422)
    assert past["errors"][0]["field"] == "scheduled_for" and "future" in past["detail"]
    assert_problem(api.post(url, {"scheduled_for": "next tuesday"}), 422)
    assert database_state() == before
    moved = api.post(url, {"scheduled_for": iso(10), "reason": "Offsite"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "delayed"
    meeting.refresh_from_db()
    assert meeting.status_reason == "Offsite" and meeting.rescheduled_from is not None


def test_a_naive_time_is_read_in_the_organisations_time_zone(api_as: Any, meeting: Meeting) -> None:
    local = timezone.localtime() + timedelta(days=10)
    naive = local.replace(tzinfo=None, microsecond=0).isoformat()
    response = api_as("bob").post(
        f"{V1}/meetings/{meeting.pk}/reschedule", {"scheduled_for": naive}
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.scheduled_for).replace(tzinfo=None) == local.replace(
        tzinfo=None, microsecond=0
    )


def test_a_cancelled_meeting_takes_no_notes(api_as: Any, meeting: Meeting) -> None:
    api = api_as("bob")
    cancelled = api.post(f"{V1}/meetings/{meeting.pk}/cancel", {"reason": "Half the team away"})
    assert cancelled.json()["status"] == "cancelled"
    before = database_state()
    problem = assert_problem(
        api.send("PUT", f"{V1}/meetings/{meeting.pk}/notes", {"notes": "x"}), 422
    )
    assert "cancelled" in problem["detail"]
    assert_problem(api.post(f"{V1}/meetings/{meeting.pk}/agenda-items", {"title": "Late"}), 422)
    assert database_state() == before


def test_a_deep_dive_is_scheduled_in_the_future_only(
    api_as: Any, cast: Cast, meeting: Meeting
) -> None:
    api, charlie = api_as("bob"), api_as("charlie")
    before = database_state()
    for body, field in [
        ({"unit_id": cast.checkout.pk, "kind": "adhoc", "scheduled_for": iso(-1)}, "scheduled_for"),
        (
            {
                "unit_id": cast.checkout.pk,
                "kind": "adhoc",
                "scheduled_for": iso(2),
                "duration_minutes": 200,
            },
            "duration_minutes",
        ),
        ({"unit_id": cast.checkout.pk, "kind": "daily", "scheduled_for": iso(2)}, "kind"),
    ]:
        problem = assert_problem(api.post(f"{V1}/meetings", body), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    refused = charlie.post(
        f"{V1}/meetings", {"unit_id": cast.checkout.pk, "kind": "adhoc", "scheduled_for": iso(2)}
    )
    assert_problem(refused, 403)
    assert database_state() == before
    created = api.post(
        f"{V1}/meetings",
        {
            "unit_id": cast.checkout.pk,
            "kind": "adhoc",
            "scheduled_for": iso(2),
            "duration_minutes": 45,
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "adhoc" and "generated_agenda" in created.json()


def test_another_team_cannot_run_a_meeting_and_nothing_changes(
    api_as: Any, meeting: Meeting
) -> None:
    api = api_as("charlie")
    before = database_state()
    for method, path, body in [
        ("PUT", "notes", {"notes": "Ours now"}),
        ("POST", "held", {}),
        ("POST", "reschedule", {"scheduled_for": iso(3)}),
        ("POST", "cancel", {}),
    ]:
        response = api.send(method, f"{V1}/meetings/{meeting.pk}/{path}", body)
        assert "Only members of Checkout" in assert_problem(response, 403)["detail"]
    assert database_state() == before


# --- commitments --------------------------------------------------------------------------------


def test_a_commitment_is_read_filtered_and_closed(api_as: Any, cast: Cast) -> None:
    commitment = actions.create_commitment(
        cast.bob, cast.checkout, person=cast.bob, title="Run the pricing test"
    )
    api = api_as("bob")
    assert api.get(f"{V1}/commitments/{commitment.pk}").json()["title"] == "Run the pricing test"
    assert api.get(f"{V1}/commitments", owner="bob", status="open").json()["count"] == 1
    assert api.get(f"{V1}/commitments", key_result=1).json()["count"] == 0
    done = api.patch(f"{V1}/commitments/{commitment.pk}", {"status": "done"})
    assert done.json()["status"] == "done"
    again = assert_problem(api.patch(f"{V1}/commitments/{commitment.pk}", {"status": "done"}), 422)
    assert "already done" in again["detail"]
    assert_problem(api.patch(f"{V1}/commitments/{commitment.pk}", {"status": "open"}), 422)
