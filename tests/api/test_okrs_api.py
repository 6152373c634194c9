"""Objectives, key results and check-ins over the API: the same rules as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client

from tests.api.conftest import Api, Okrs, assert_problem, token_for
from tests.conftest import Cast
from tests.test_authorization_matrix import database_state
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period

V1 = "/api/v1"


def test_a_check_in_pushed_over_the_api_shows_on_the_key_results_page(
    api_as: Any, client: Client, cast: Cast, okrs: Okrs
) -> None:
    response = api_as("bob").post(
        f"{V1}/key-results/{okrs.kr.pk}/check-ins",
        {"value": 2.45, "confidence": 7, "note": "Apple Pay is live"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"] == 2.45 and body["author_id"] == cast.bob.pk
    okrs.kr.refresh_from_db()
    assert okrs.kr.current == Decimal("2.45") and okrs.kr.confidence == 7
    client.force_login(cast.alice)
    page = client.get(okrs.kr.get_absolute_url()).content.decode()
    assert "Apple Pay is live" in page


def test_lists_are_paginated_with_a_count(api_as: Any, okrs: Okrs, quarter: Period) -> None:
    api = api_as("charlie", "read")
    first = api.get(f"{V1}/key-results", limit=1).json()
    assert first["count"] == 2 and len(first["items"]) == 1
    second = api.get(f"{V1}/key-results", limit=1, offset=1).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    by_unit = api.get(f"{V1}/key-results", unit="search").json()
    assert [kr["id"] for kr in by_unit["items"]] == [okrs.search_kr.pk]
    by_period = api.get(f"{V1}/objectives", period=quarter.slug, owner="alice").json()
    assert [o["id"] for o in by_period["items"]] == [okrs.objective.pk]
    assert api.get(f"{V1}/objectives", owner="charlie").json() == {"items": [], "count": 0}


def test_every_list_answers(api_as: Any, okrs: Okrs) -> None:
    api = api_as("dana", "read")
    for path in (
        "units",
        "people",
        "periods",
        "objectives",
        "key-results",
        "findings",
        f"key-results/{okrs.kr.pk}/check-ins",
        "commitments",
        "meetings",
        "backlog",
        "kpis",
    ):
        response = api.get(f"{V1}/{path}")
        assert response.status_code == 200, (path, response.content)
        assert set(response.json()) == {"items", "count"}


def test_a_limit_above_the_maximum_is_a_field_error(api_as: Any, okrs: Okrs) -> None:
    body = assert_problem(api_as("bob").get(f"{V1}/key-results", limit=10_000), 422)
    assert body["errors"][0]["field"] == "limit"


def test_another_teams_key_result_is_refused_and_nothing_changes(api_as: Any, okrs: Okrs) -> None:
    api = api_as("charlie")
    before = database_state()
    response = api.post(f"{V1}/key-results/{okrs.kr.pk}/check-ins", {"value": 9, "confidence": 9})
    body = assert_problem(response, 403)
    assert "owner team" in body["detail"]
    assert database_state() == before


def test_a_read_token_cannot_write(api_as: Any, okrs: Okrs) -> None:
    api = api_as("bob", "read")
    before = database_state()
    response = api.post(f"{V1}/key-results/{okrs.kr.pk}/check-ins", {"value": 2.5, "confidence": 6})
    assert "only read" in assert_problem(response, 403)["detail"]
    assert database_state() == before


def test_bad_input_gets_field_errors_and_changes_nothing(api_as: Any, okrs: Okrs) -> None:
    api = api_as("bob")
    url = f"{V1}/key-results/{okrs.kr.pk}/check-ins"
    before = CheckIn.objects.count()
    cases: list[tuple[Any, str]] = [
        ({"value": "lots", "confidence": 5}, "value"),
        ({"value": 2.5, "confidence": 11}, "confidence"),
        ({"value": 2.5}, "confidence"),
        ({"value": 2.5, "confidence": 5, "mood": "great"}, "mood"),
        ({"value": 1e20, "confidence": 5}, "value"),
        ({"value": 2.5, "confidence": 5, "note": "a\x00b"}, "note"),
        ({"value": 2.5, "confidence": "high"}, "confidence"),
    ]
    for body, field in cases:
        problem = assert_problem(api.post(url, body), 422)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert CheckIn.objects.count() == before


def test_unknown_fields_are_named(api_as: Any, okrs: Okrs) -> None:
    problem = assert_problem(
        api_as("bob").post(
            f"{V1}/key-results/{okrs.kr.pk}/check-ins", {"value": 1, "confidence": 1, "x": 1}
        ),
        422,
    )
    assert problem["errors"] == [
        {
            "location": "body",
            "field": "x",
            "message": "Unknown field: it is not part of this request's schema.",
        }
    ]


def test_malformed_and_oversized_json_are_refused(api_as: Any, okrs: Okrs, settings: Any) -> None:
    api = api_as("bob")
    url = f"{V1}/key-results/{okrs.kr.pk}/check-ins"
    before = database_state()
    assert "not valid JSON" in assert_problem(api.post(url, raw=b'{"value": 2,'), 400)["detail"]
    assert_problem(api.post(url, raw=b"[1, 2]"), 400)
    settings.WAYPOINT_API_MAX_BODY_BYTES = 100
    huge = {"value": 2.5, "confidence": 5, "note": "x" * 200}
    assert "larger than 100 bytes" in assert_problem(api.post(url, huge), 413)["detail"]
    assert database_state() == before


def test_a_closed_key_result_refuses_check_ins(api_as: Any, okrs: Okrs) -> None:
    api = api_as("alice")
    assert api.post(f"{V1}/key-results/{okrs.kr.pk}/close", {"status": "missed"}).status_code == 200
    problem = assert_problem(
        api.post(f"{V1}/key-results/{okrs.kr.pk}/check-ins", {"value": 3, "confidence": 8}), 422
    )
    assert "closed" in problem["detail"]


def test_a_method_a_path_does_not_answer_is_a_405(api_as: Any, okrs: Okrs) -> None:
    response = api_as("bob").send("DELETE", f"{V1}/key-results/{okrs.kr.pk}")
    assert_problem(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}


def test_an_unknown_key_result_is_a_404(api_as: Any, okrs: Okrs) -> None:
    assert_problem(api_as("bob").get(f"{V1}/key-results/999999"), 404)
    assert_problem(api_as("bob").get(f"{V1}/no-such-thing"), 404)


def test_objectives_are_created_changed_and_closed_with_history(
    api_as: Any, cast: Cast, quarter: Period
) -> None:
    api = api_as("bob")
    created = api.post(
        f"{V1}/objectives",
        {
            "period_id": quarter.pk,
            "title": "Payments that never fail",
            "unit_ids": [cast.checkout.pk],
        },
    )
    assert created.status_code == 201, created.content
    objective = Objective.objects.get(pk=created.json()["id"])
    assert objective.owner == cast.bob and list(objective.units.all()) == [cast.checkout]
    changed = api.patch(
        f"{V1}/objectives/{objective.pk}", {"title": "Payments that never fail, anywhere"}
    )
    assert changed.json()["title"] == "Payments that never fail, anywhere"
    assert changed.json()["version"] == 2
    kr = api.post(
        f"{V1}/objectives/{objective.pk}/key-results",
        {
            "title": "Payment errors from 1.2% to 0.4%",
            "owner_unit_id": cast.checkout.pk,
            "baseline": 1.2,
            "target": 0.4,
        },
    )
    assert kr.status_code == 201, kr.content
    closed = api.post(
        f"{V1}/objectives/{objective.pk}/close", {"status": "partial", "note": "Half"}
    )
    assert closed.json()["status"] == "partial"
    fields = set(Change.objects.filter(objective=objective).values_list("field", flat=True))
    assert {"created", "title", "key result added", "status"} <= fields


def test_an_outsider_cannot_write_an_objective_for_another_team(
    api_as: Any, cast: Cast, quarter: Period
) -> None:
    api = api_as("charlie")
    before = database_state()
    response = api.post(
        f"{V1}/objectives",
        {"period_id": quarter.pk, "title": "Take over checkout", "unit_ids": [cast.checkout.pk]},
    )
    assert_problem(response, 403)
    assert database_state() == before


def test_a_missing_reference_is_a_field_error(api_as: Any, cast: Cast, quarter: Period) -> None:
    problem = assert_problem(
        api_as("bob").post(
            f"{V1}/objectives", {"period_id": quarter.pk, "title": "X", "unit_ids": [987654]}
        ),
        422,
    )
    assert problem["errors"][0]["field"] == "unit_ids"


def test_the_owner_team_rewords_a_key_result_with_a_reason(api_as: Any, okrs: Okrs) -> None:
    api = api_as("charlie")
    url = f"{V1}/key-results/{okrs.search_kr.pk}"
    response = api.patch(url, {"title": "Search-to-cart from 10% to 15%", "reason": "Q3 data"})
    assert response.status_code == 200, response.content
    refused = api.patch(url, {"weight": 3})
    assert "weight" in assert_problem(refused, 403)["detail"]
    assert KeyResult.objects.get(pk=okrs.search_kr.pk).weight == 1


def test_the_curl_line_in_the_docs_pushes_a_value(api_as: Any, okrs: Okrs) -> None:
    import json
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    line = next(x for x in doc.splitlines() if x.startswith("curl") and "-X POST" in x)
    body = json.loads(re.search(r"-d '([^']+)'", line).group(1))
    path = re.search(r"https://[^/]+(/api/v1/key-results/)42(/check-ins)", line)
    response = api_as("bob").post(f"{path.group(1)}{okrs.kr.pk}{path.group(2)}", body)
    assert response.status_code == 201, response.content
    okrs.kr.refresh_from_db()
    assert okrs.kr.current == Decimal(str(body["value"]))


def test_the_unit_list_leaves_archived_units_out_unless_asked(cast: Cast, client: Client) -> None:
    from waypoint.orgs.actions import archive_unit

    archive_unit(cast.admin, cast.finance)
    api = Api(client, token_for(cast.bob, scope="read"))
    slugs = {u["slug"] for u in api.get("/api/v1/units", limit=200).json()["items"]}
    assert cast.finance.slug not in slugs and cast.checkout.slug in slugs
    everything = api.get("/api/v1/units", limit=200, archived="true").json()["items"]
    assert cast.finance.slug in {u["slug"] for u in everything}
