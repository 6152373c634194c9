"""Calling the API over HTTP with real personal tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.api.actions import create_token
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Person


def token_for(person: Person, scope: str = "write", **options: Any) -> str:
    return create_token(person, person, name="tests", scope=scope, **options).secret


@dataclass
class Api:
    """A test client that sends one token (or none) and speaks JSON."""

    client: Client
    token: str | None = None

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers())

    def send(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method, path, data, content_type="application/json", headers=self.headers()
        )

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.send("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.send("PATCH", path, body, **kw)


@pytest.fixture
def api_as(client: Client, cast: Cast) -> Any:
    """`api_as("bob")` calls the API with a write token of bob's; `api_as("bob", "read")`."""

    def build(username: str | None, scope: str = "write") -> Api:
        if username is None:
            return Api(client)
        return Api(client, token_for(getattr(cast, username), scope))

    return build


@dataclass
class Okrs:
    objective: Objective
    kr: KeyResult  # Checkout's, with one check-in
    search_kr: KeyResult  # on the same objective, owned by Search


@pytest.fixture
def okrs(cast: Cast, quarter: Period) -> Okrs:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.2, author=cast.bob)
    search_kr = make_key_result(
        objective, "Search-to-cart from 10% to 14%", owner_unit=cast.search, baseline=10, target=14
    )
    return Okrs(objective, kr, search_kr)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with this status."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    assert body["detail"]
    return body
