"""Reads from a PostgreSQL streaming replica where that is safe; everything else on the primary.

On only when `WAYPOINT_REPLICA_DATABASE_URL` is set (the `replica` database alias). A read goes
to the replica when, and only when, all of these hold:

- it happens while a web request is being answered (workers, `waypoint tick`, management
  commands and migrations have no request, so they read the primary);
- the request's method is safe (GET, HEAD, OPTIONS);
- the browser has not written recently: every request that writes anything (any unsafe method,
  or a safe one that saved something, such as a session) pins that browser to the primary for
  `WAYPOINT_REPLICA_PIN_SECONDS` with a short-lived cookie, so people see their own writes
  (the check-in page after a check-in, the first page after logging in) whatever the lag;
- no transaction is open on the primary (`transaction.atomic`: the reads that decide a write;
  `select_for_update` and `get_or_create` read for writing, which Django sends to the primary);
- the request has not used the primary yet: once any statement of it ran there (a write, a
  read inside a transaction or for writing), the rest of its reads stay on the primary, so a
  request never sees data older than it already saw (the coach's cache relies on this: its key
  and its diagnosis are read from one database).

Writes always go to the primary, and migrations only run there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_COOKIE = "waypoint_primary"


@dataclass
class RequestRouting:
    """What the router knows about the request being answered: whether it may still read the
    replica (not once it used the primary) and whether it wrote (then the browser is pinned)."""

    may_use_replica: bool
    wrote: bool = False


# Statements that change no data: anything else run on the primary during a request counts as
# a write (transaction control is not one; the statements inside a transaction are judged).
READING_STATEMENTS = frozenset(
    {"SELECT", "DECLARE", "FETCH", "CLOSE", "SHOW", "BEGIN", "COMMIT", "ROLLBACK"}
    | {"SAVEPOINT", "RELEASE"}
)


def is_write(sql: str) -> bool:
    """Whether a statement may change data (conservative: unknown statements do)."""
    words = sql.lstrip(" \t\n(").split(None, 1)
    return bool(words) and words[0].upper() not in READING_STATEMENTS


_routing: ContextVar[RequestRouting | None] = ContextVar("waypoint_replica_routing", default=None)


def is_pinned(request: HttpRequest) -> bool:
    """Whether the browser wrote within the pin's seconds. The browser drops the cookie when
    its max-age runs out, so the servers' clocks need not agree; a forged one only sends that
    browser's reads to the primary."""
    return PIN_COOKIE in request.COOKIES


def may_read_replica(method: str, pinned: bool) -> bool:
    """Whether a request may read from the replica at all (the router checks the rest)."""
    return method.upper() in SAFE_METHODS and not pinned


class ReplicaRouter:
    """Sends a read to the replica only inside a request that may use it (see the module)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        routing = _routing.get()
        if routing is None or not routing.may_use_replica:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            routing.may_use_replica = False
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Django also asks this without writing (assigning a related object to a new instance),
        # so what really ran on the primary is watched by the middleware instead.
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # One database seen through two connections: rows from either may be related.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaMiddleware:
    """Lets the router read from the replica during safe requests of browsers that have not
    written lately, watches every statement the request runs on the primary, and pins a browser
    whose request wrote (or used an unsafe method) to the primary for a few seconds.

    It sits before the session middleware, so a session saved at the end of a request counts
    as a write, and the session of a request that may read the replica is read from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        method = (request.method or "GET").upper()
        routing = RequestRouting(may_read_replica(method, is_pinned(request)))

        def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
            routing.may_use_replica = False
            if not routing.wrote and is_write(sql):
                routing.wrote = True
            return execute(sql, params, many, context)

        token = _routing.set(routing)
        try:
            with connections[PRIMARY].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote or method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.WAYPOINT_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def replica_settings(url: str, conn_max_age: int) -> dict[str, Any]:
    """The `replica` alias for DATABASES, parsed like DATABASE_URL. Its tests use the primary's
    test database: the replica is the same data, and pytest must not create a second one."""
    import dj_database_url

    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    config["TEST"] = {"MIRROR": PRIMARY}
    return config
