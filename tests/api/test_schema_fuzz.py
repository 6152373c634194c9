"""Schemathesis against the live OpenAPI schema: generated requests (valid and invalid) to every
operation, sent with an administrator's write token to the WSGI application, must never get a
server error, nor a response that the schema does not describe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Okrs, token_for
from tests.conftest import Cast

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The schema as the running application serves it (no server: requests go to the WSGI app).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
SENT: list[int] = []  # status codes, for the figures printed at the end


@pytest.fixture(autouse=True)
def _requests_inside_the_test_transaction(settings: Any) -> Iterator[None]:
    """Requests run inside the test's transaction, so the connection must survive each
    request's end; one token makes all the requests, so the rate limit is lifted."""
    settings.WAYPOINT_API_RATE_PER_MINUTE = 10_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(cast: Cast, okrs: Okrs) -> str:
    return token_for(cast.admin, "write")


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case: Any, admin_token: str) -> None:
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS
    )
    SENT.append(response.status_code)


def teardown_module() -> None:
    if SENT:
        codes = sorted(set(SENT))
        counts = ", ".join(f"{code}: {SENT.count(code)}" for code in codes)
        print(f"\nschemathesis sent {len(SENT)} requests ({counts})")
