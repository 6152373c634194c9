"""The read-replica router's decisions, one by one: which reads may go to the replica, when a
browser is pinned to the primary, and what the setting turns on. The same router against a
real PostgreSQL streaming replica is tested in test_replica.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from waypoint.okrs.models import KeyResult
from waypoint.replicas import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    ReplicaMiddleware,
    ReplicaRouter,
    is_write,
    may_read_replica,
)

ROOT = Path(__file__).resolve().parents[2]
router = ReplicaRouter()


class Recorder:
    """A view that notes where each of its reads would go, optionally running a statement on
    the primary between them."""

    def __init__(self, on_primary: Callable[[], object] | None = None, after: int = 1) -> None:
        self.on_primary, self.after = on_primary, after
        self.reads: list[str] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for n in range(3):
            if n == self.after and self.on_primary is not None:
                self.on_primary()
            self.reads.append(router.db_for_read(KeyResult))
        return HttpResponse("ok")


def answer(
    method: str, *, cookie: str | None = None, on_primary: Callable[[], object] | None = None
) -> tuple[Recorder, HttpResponse]:
    request = RequestFactory().generic(method, "/objectives/1/")
    if cookie is not None:
        request.COOKIES[PIN_COOKIE] = cookie
    view = Recorder(on_primary)
    return view, ReplicaMiddleware(view)(request)


def write() -> None:
    """A real write on the primary (it changes no row, but PostgreSQL would refuse it on a
    standby all the same)."""
    KeyResult.objects.filter(pk=-1).update(title="never")


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "get"])
def test_safe_methods_may_read_the_replica(method: str) -> None:
    assert may_read_replica(method, pinned=False)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_unsafe_methods_never_read_the_replica(method: str) -> None:
    assert not may_read_replica(method, pinned=False)


def test_a_pinned_browser_reads_the_primary() -> None:
    assert not may_read_replica("GET", pinned=True)


def test_outside_a_request_everything_reads_the_primary() -> None:
    # Workers, `waypoint tick`, management commands: no request, no replica.
    assert router.db_for_read(KeyResult) == PRIMARY
    assert router.db_for_write(KeyResult) == PRIMARY


def test_a_safe_request_reads_the_replica_and_sets_no_pin() -> None:
    view, response = answer("GET")
    assert view.reads == [REPLICA, REPLICA, REPLICA]
    assert PIN_COOKIE not in response.cookies


def test_an_unsafe_request_reads_the_primary_and_pins_the_browser() -> None:
    view, response = answer("POST")
    assert view.reads == [PRIMARY, PRIMARY, PRIMARY]
    pin = response.cookies[PIN_COOKIE]
    # The browser drops it after the pin's seconds: no server clock decides when it ends.
    assert pin["max-age"] == settings.WAYPOINT_REPLICA_PIN_SECONDS
    assert pin["httponly"] and pin["samesite"] == "Lax" and pin["path"] == "/"

    # The page after the redirect is read from the primary (read-your-writes) ...
    view, _ = answer("GET", cookie=pin.value)
    assert view.reads == [PRIMARY, PRIMARY, PRIMARY]
    # ... and once the browser has dropped the cookie, from the replica again.
    view, _ = answer("GET")
    assert view.reads == [REPLICA, REPLICA, REPLICA]


def test_a_pinned_browser_that_only_reads_is_not_pinned_again() -> None:
    # The pin runs out PIN seconds after the last write, not after the last page.
    _, response = answer("GET", cookie="1")
    assert PIN_COOKIE not in response.cookies


def test_asking_where_to_write_is_not_a_write() -> None:
    # Django asks db_for_write when a related object is assigned to a new instance: a page
    # doing that has written nothing, and keeps reading the replica.
    view, response = answer("GET", on_primary=lambda: router.db_for_write(KeyResult))
    assert view.reads == [REPLICA, REPLICA, REPLICA]
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "okrs_checkin" ("value") VALUES (1)',
        'UPDATE "django_session" SET "session_data" = \'x\'',
        '  delete from "django_session"',
        'WITH moved AS (DELETE FROM "a" RETURNING *) SELECT 1',
        "TRUNCATE x",
    ],
)
def test_statements_that_change_data_are_writes(sql: str) -> None:
    assert is_write(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "okrs_keyresult"."id" FROM "okrs_keyresult"',
        "(SELECT 1) UNION (SELECT 2)",
        'DECLARE "_django_curs_1" NO SCROLL CURSOR WITH HOLD FOR SELECT 1',
        'FETCH FORWARD 2000 FROM "_django_curs_1"',
        'CLOSE "_django_curs_1"',
        'SAVEPOINT "s1"',
        'RELEASE SAVEPOINT "s1"',
        'ROLLBACK TO SAVEPOINT "s1"',
        "BEGIN IMMEDIATE",
        "ROLLBACK",
        "",
    ],
)
def test_statements_that_only_read_are_not_writes(sql: str) -> None:
    assert not is_write(sql)


@pytest.mark.django_db(transaction=True)
def test_a_safe_request_that_writes_reads_the_primary_from_then_on_and_pins() -> None:
    view, response = answer("GET", on_primary=write)
    assert view.reads == [REPLICA, PRIMARY, PRIMARY]
    assert PIN_COOKIE in response.cookies


@pytest.mark.django_db(transaction=True)
def test_a_read_on_the_primary_keeps_the_request_there_without_pinning() -> None:
    # e.g. a read for writing (get_or_create finding its row), or the organisation's settings.
    view, response = answer("GET", on_primary=lambda: KeyResult.objects.using(PRIMARY).exists())
    assert view.reads == [REPLICA, PRIMARY, PRIMARY]
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary_and_stay_there() -> None:
    reads: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        reads.append(router.db_for_read(KeyResult))
        with transaction.atomic():
            reads.append(router.db_for_read(KeyResult))
        # After the transaction: still the primary, never older data than the request saw.
        reads.append(router.db_for_read(KeyResult))
        return HttpResponse("ok")

    ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert reads == [REPLICA, PRIMARY, PRIMARY]


def test_the_router_is_left_once_the_request_is_answered() -> None:
    answer("GET")
    assert router.db_for_read(KeyResult) == PRIMARY


def test_migrations_run_only_on_the_primary() -> None:
    assert router.allow_migrate(PRIMARY, "okrs") is True
    assert router.allow_migrate(REPLICA, "okrs") is False


def configured(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh process with these environment variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAYPOINT_REPLICA_")}
    env.update(extra)
    script = (
        "import json; from waypoint import settings as s; "
        "print(json.dumps({'aliases': sorted(s.DATABASES), "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE, "
        "'replica': s.DATABASES.get('replica')}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_without_a_replica_url_nothing_changes() -> None:
    result = configured({"DATABASE_URL": "postgres://waypoint@db.example.com:5432/waypoint"})
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["aliases"] == ["default"]
    assert config["routers"] == []
    assert "waypoint.replicas.ReplicaMiddleware" not in config["middleware"]


def test_a_replica_url_adds_the_replica_the_router_and_the_middleware() -> None:
    result = configured(
        {
            "DATABASE_URL": "postgres://waypoint@db.example.com:5432/waypoint",
            "WAYPOINT_REPLICA_DATABASE_URL": "postgres://reader:pw@replica.example.com:6432/wp",
        }
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["aliases"] == ["default", "replica"]
    assert config["routers"] == ["waypoint.replicas.ReplicaRouter"]
    replica = config["replica"]
    assert (replica["HOST"], replica["PORT"], replica["NAME"], replica["USER"]) == (
        "replica.example.com",
        6432,
        "wp",
        "reader",
    )
    middleware = config["middleware"]
    assert middleware.index("waypoint.replicas.ReplicaMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"DATABASE_URL": "sqlite:////tmp/waypoint.sqlite3"},
            "WAYPOINT_REPLICA_DATABASE_URL needs PostgreSQL",
        ),
        (
            {
                "DATABASE_URL": "postgres://waypoint@db.example.com/waypoint",
                "WAYPOINT_REPLICA_PIN_SECONDS": "0",
            },
            "WAYPOINT_REPLICA_PIN_SECONDS must be at least 1",
        ),
    ],
)
def test_a_replica_setting_that_cannot_work_is_refused_clearly(
    extra: dict[str, str], message: str
) -> None:
    result = configured(
        {"WAYPOINT_REPLICA_DATABASE_URL": "postgres://reader@replica.example.com/wp", **extra}
    )
    assert result.returncode != 0
    assert message in result.stderr
