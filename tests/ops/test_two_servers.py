"""Two `waypoint` servers on one database never disagree: a person logged in on one is logged in
on the other, a check-in saved through one shows on the other at once, and an API token's rate
limit is one count across both. Run with the default shared cache (files in the data
directory) and with Redis (`CACHE_URL`), as a deployment behind a load balancer would."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.conftest import IN_CI, Cast
from tests.factory import PASSWORD
from waypoint.api.actions import create_token
from waypoint.api.models import ApiToken
from waypoint.okrs.models import Period
from waypoint.seed import make_key_result, make_objective

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("WAYPOINT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
RATE = 6


def redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    database = (parts.path or "/0").strip("/") or "0"
    with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
        sock.sendall(f"SELECT {database}\r\nFLUSHDB\r\n".encode())
        sock.recv(64)


def database_url() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@dataclass
class Browser:
    """One person's cookies, used against either server (as behind a load balancer)."""

    jar: CookieJar = field(default_factory=CookieJar)

    def open(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": url}
        try:
            with opener.open(urllib.request.Request(url, body, headers), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")


def start(data_dir: Path, extra: dict[str, str]) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "WAYPOINT_DATA_DIR": str(data_dir),
        "WAYPOINT_API_RATE_PER_MINUTE": str(RATE),
        **extra,
    }
    if "CACHE_URL" not in extra:
        env.pop("CACHE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "waypoint.wsgi:application", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=5).close()
            return Server(url, process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server on port {port} did not start")
            time.sleep(0.2)


@pytest.fixture(params=["default cache", "redis"])
def servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    extra: dict[str, str] = {}
    if request.param == "redis":
        if not redis_answers(REDIS_URL):
            if IN_CI:
                pytest.fail(f"Redis does not answer at {REDIS_URL} (CI needs it)")
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        flush_redis(REDIS_URL)
        extra["CACHE_URL"] = REDIS_URL
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # The pages link to the hashed static files the test session collected.
    (data_dir / "static").symlink_to(settings.STATIC_ROOT, target_is_directory=True)
    pair = (start(data_dir, extra), start(data_dir, extra))
    yield pair
    for server in pair:
        server.process.terminate()
        server.process.wait(timeout=30)
    if request.param == "redis":
        flush_redis(REDIS_URL)
    shutil.rmtree(data_dir, ignore_errors=True)


def log_in(person: Browser, server: Server, username: str) -> None:
    person.open(f"{server.url}/accounts/login/")
    status, _ = person.open(
        f"{server.url}/accounts/login/",
        {"csrfmiddlewaretoken": person.csrf(), "username": username, "password": PASSWORD},
    )
    assert status == 200


@pytest.mark.django_db(transaction=True)
def test_two_servers_share_sessions_writes_and_rate_limits(
    servers: tuple[Server, Server], cast: Cast, quarter: Period
) -> None:
    first, second = servers
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Raise mobile conversion", owner_unit=cast.checkout, baseline=20, target=30
    )

    # The servers run with production settings, which do not read the tests' fast hashes.
    cast.alice.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers", iterations=1000)
    cast.alice.save(update_fields=["password"])
    alice = Browser()
    log_in(alice, first, cast.alice.username)
    status, page = alice.open(f"{second.url}{objective.get_absolute_url()}")
    assert status == 200 and "Make checkout effortless" in page  # one session, both servers

    status, _ = alice.open(
        f"{second.url}/key-results/{kr.pk}/check-ins/",
        {"csrfmiddlewaretoken": alice.csrf(), "value": "27.5", "confidence": "8", "note": "x"},
    )
    assert status == 200
    _, page = alice.open(f"{first.url}{objective.get_absolute_url()}")
    assert re.search(r"27\.5", page)  # the other server shows it at once

    secret = create_token(cast.alice, cast.alice, name="BI", scope=ApiToken.Scope.READ).secret
    statuses, retry_after = [], None
    for n in range(RATE + 1):
        server = (first, second)[n % 2]
        request = urllib.request.Request(
            f"{server.url}/api/v1/key-results?limit=1",
            headers={"Authorization": f"Bearer {secret}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            retry_after = error.headers.get("Retry-After")
    assert statuses == [200] * RATE + [429]  # one count across both servers
    assert retry_after and int(retry_after) > 0
