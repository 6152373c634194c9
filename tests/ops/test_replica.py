"""Waypoint on a real PostgreSQL primary with a real streaming replica (a hot standby).

The module starts its own pair of clusters (the shared test server does not allow replication
connections): `initdb` a primary on a free loopback port, `waypoint migrate` and the main
pages' organisation on it, `pg_basebackup -R` a standby from it, then a server with
DATABASE_URL on the primary and WAYPOINT_REPLICA_DATABASE_URL on the standby. Which database
answered is read from each cluster's own pg_stat_statements (statement counts are per server,
not replicated), and the standby is made to lag on purpose with `recovery_min_apply_delay`.

It needs the PostgreSQL server programs (`pg_config --bindir`); without them it skips, except
with CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.factory import PASSWORD
from tests.ops.test_two_servers import Browser, free_port
from waypoint.orgs.management.commands.serve import gunicorn_argv

ROOT = Path(__file__).resolve().parents[2]
PIN_SECONDS = 2
PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
DATABASE = "waypoint"


def server_programs() -> Path | None:
    """Where the PostgreSQL server programs are, as pg_config says, or None."""
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
    bindir = Path(found.stdout.strip())
    if found.returncode != 0 or not all((bindir / name).is_file() for name in PROGRAMS):
        return None
    return bindir


@dataclass
class Cluster:
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def query(self, sql: str, *params: object, database: str = DATABASE) -> list[tuple]:
        url = f"postgres://postgres@127.0.0.1:{self.port}/{database}"
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def reads_of(self, table: str = "") -> int:
        """How many SELECTs (on `table`, or on any table) this server has answered so far."""
        rows = self.query(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
            "JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = %s AND s.query LIKE 'SELECT%%' AND s.query LIKE %s "
            "AND s.query NOT LIKE '%%pg_stat_statements%%'",
            DATABASE,
            f'%FROM "{table}"%' if table else "%FROM%",
        )
        return int(rows[0][0])


@dataclass
class Pair:
    primary: Cluster
    standby: Cluster
    url: str
    seed: dict
    env: dict[str, str]

    def session_reads(self) -> tuple[int, int]:
        """Session lookups (one per logged-in request) answered by (primary, standby)."""
        return self.primary.reads_of("django_session"), self.standby.reads_of("django_session")


class PostgresPrograms:
    """Runs the server programs as the `postgres` user when the tests run as root."""

    def __init__(self, bindir: Path, base: Path) -> None:
        self.bindir, self.base = bindir, base
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(base, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.prefix, str(self.bindir / program), *args],
            cwd=self.base,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            pytest.fail(f"{program} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self, cluster: Cluster) -> None:
        log = self.base / f"{cluster.data.name}.log"
        self.run("pg_ctl", "-D", str(cluster.data), "-l", str(log), "-w", "-t", "60", "start")

    def stop(self, cluster: Cluster) -> None:
        subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate"]
            + ["-w", "stop"],
            cwd=self.base,
            capture_output=True,
            timeout=60,
        )


def configure(cluster: Cluster, base: Path, extra: str = "") -> None:
    with (cluster.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{base}'\n{extra}"
        )


def wait_for_replay(primary: Cluster, standby: Cluster) -> None:
    """Until the standby has applied everything the primary has written so far."""
    [(written,)] = primary.query("SELECT pg_current_wal_lsn()::text", database="postgres")
    deadline = time.monotonic() + 60
    applied = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
    while not standby.query(applied, written, database="postgres")[0][0]:
        if time.monotonic() > deadline:
            pytest.fail("the standby did not catch up with the primary")
        time.sleep(0.1)


def run_waypoint(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def start_server(env: dict[str, str]) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    # The argv `waypoint serve` runs once it has checked migrations and collected static files.
    process = subprocess.Popen(
        gunicorn_argv("127.0.0.1", port, 2), cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=5).close()
            return url, process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the server on the primary and its replica did not start")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    bindir = server_programs()
    if bindir is None:
        reason = "the PostgreSQL server programs (initdb, pg_basebackup …) are not installed"
        if IN_CI:
            pytest.fail(f"{reason}; CI needs them")
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="waypoint-replica-"))
    programs = PostgresPrograms(bindir, base)
    primary = Cluster(base / "primary", free_port())
    standby = Cluster(base / "standby", free_port())
    server: subprocess.Popen[bytes] | None = None
    try:
        programs.run(
            "initdb",
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--no-locale",
        )
        configure(
            primary,
            base,
            # Throwaway clusters: no need to survive a power cut.
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "shared_preload_libraries = 'pg_stat_statements'\n",
        )
        (primary.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
            "host replication all 127.0.0.1/32 trust\n"
        )
        programs.start(primary)
        # The standby: a base backup of the (still empty) primary that follows it (-R writes
        # the settings); the schema and the organisation reach it by streaming replication.
        programs.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(standby.data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )
        configure(standby, base)
        programs.start(standby)
        assert standby.query("SELECT pg_is_in_recovery()", database="postgres") == [(True,)]
        primary.query(f"CREATE DATABASE {DATABASE}", database="postgres")
        primary.query("CREATE EXTENSION pg_stat_statements")

        data_dir = base / "data"
        data_dir.mkdir()
        # The pages link to the hashed static files the test session collected.
        (data_dir / "static").symlink_to(settings.STATIC_ROOT, target_is_directory=True)
        env = {**os.environ, "DATABASE_URL": primary.url, "WAYPOINT_DATA_DIR": str(data_dir)}
        env.pop("CACHE_URL", None)
        run_waypoint([sys.executable, "-m", "waypoint", "migrate", "--noinput", "-v0"], env)
        seed_file = base / "seed.json"
        run_waypoint([sys.executable, "-m", "tests.ops.replica_seed", str(seed_file)], env)
        wait_for_replay(primary, standby)

        env |= {
            "WAYPOINT_REPLICA_DATABASE_URL": standby.url,
            "WAYPOINT_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        }
        url, server = start_server(env)
        yield Pair(primary, standby, url, json.loads(seed_file.read_text()), env)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            server.wait(timeout=30)
        for cluster in (standby, primary):
            if cluster.data.exists():
                programs.stop(cluster)
        shutil.rmtree(base, ignore_errors=True)


def logged_in(pair: Pair, who: str) -> Browser:
    """A browser logged in as `who` whose pin to the primary (from the login) has run out."""
    browser = Browser()
    browser.open(f"{pair.url}/accounts/login/")
    status, page = browser.open(
        f"{pair.url}/accounts/login/",
        {"csrfmiddlewaretoken": browser.csrf(), "username": who, "password": PASSWORD},
    )
    assert status == 200 and "Log out" in page, f"{who} could not log in"
    return browser


def pinned(browser: Browser) -> bool:
    return any(cookie.name == "waypoint_primary" for cookie in browser.jar)


def wait_out_pin(*browsers: Browser) -> None:
    time.sleep(PIN_SECONDS + 0.3)
    for browser in browsers:
        browser.jar.clear_expired_cookies()
        assert not pinned(browser)


def pages_are_read_from_the_standby(pair: Pair) -> None:
    """(1) A logged-in person's pages are served, their reads answered by the standby."""
    alice = logged_in(pair, "alice")
    # The first page after logging in reads the primary: the new session may not have reached
    # the standby yet.
    assert pinned(alice)
    wait_out_pin(alice)

    primary_before, standby_before = pair.session_reads()
    objective_reads = pair.standby.reads_of("okrs_objective")
    status, page = alice.open(f"{pair.url}{pair.seed['objective_url']}")
    assert status == 200 and pair.seed["objective_title"] in page
    primary_after, standby_after = pair.session_reads()
    assert standby_after == standby_before + 1  # the session, from the standby
    assert primary_after == primary_before  # and nothing from the primary
    assert pair.standby.reads_of("okrs_objective") > objective_reads
    assert not pinned(alice)  # reading a page writes nothing


def a_check_in_shows_at_once_though_the_standby_lags(pair: Pair) -> None:
    """(2) Read-your-writes: the pin shows a check-in at once, while the standby lags."""
    alice, bob = logged_in(pair, "alice"), logged_in(pair, "bob")
    wait_out_pin(alice, bob)
    objective = f"{pair.url}{pair.seed['objective_url']}"
    # From now on the standby applies each commit half a minute after the primary made it.
    pair.standby.query("ALTER SYSTEM SET recovery_min_apply_delay = '30s'")
    pair.standby.query("SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        _, form = alice.open(f"{pair.url}/key-results/{pair.seed['kr']}/check-ins/")
        status, page = alice.open(
            f"{pair.url}/key-results/{pair.seed['kr']}/check-ins/",
            {"csrfmiddlewaretoken": alice.csrf(), "value": "2.65", "confidence": "7", "note": ""},
        )
        assert status == 200 and re.search(r"2\.65", page)  # the page after the redirect
        assert pinned(alice)
        status, page = alice.open(objective)
        assert status == 200 and re.search(r"2\.65", page)  # read-your-writes

        # Bob has written nothing lately: he reads the standby, which has not applied it yet.
        status, page = bob.open(objective)
        assert status == 200 and pair.seed["objective_title"] in page
        assert not re.search(r"2\.65", page)
    finally:
        pair.standby.query("ALTER SYSTEM RESET recovery_min_apply_delay")
        pair.standby.query("SELECT pg_reload_conf()")
    deadline = time.monotonic() + 30
    while not re.search(r"2\.65", bob.open(objective)[1]):
        assert time.monotonic() < deadline, "the standby never caught up"
        time.sleep(0.2)


def after_the_pin_reads_return_to_the_standby(pair: Pair) -> None:
    """(4) The pin ends: the same person's reads go back to the standby."""
    alice = logged_in(pair, "alice")
    wait_out_pin(alice)
    objective = f"{pair.url}{pair.seed['objective_url']}"
    alice.open(f"{pair.url}/key-results/{pair.seed['kr']}/check-ins/")
    status, _ = alice.open(
        f"{pair.url}/key-results/{pair.seed['kr']}/check-ins/",
        {"csrfmiddlewaretoken": alice.csrf(), "value": "2.7", "confidence": "7", "note": ""},
    )
    assert status == 200

    primary_before, standby_before = pair.session_reads()
    assert alice.open(objective)[0] == 200
    primary_after, standby_after = pair.session_reads()
    assert (primary_after, standby_after) == (primary_before + 1, standby_before)  # pinned

    wait_out_pin(alice)
    assert alice.open(objective)[0] == 200
    assert pair.session_reads() == (primary_after, standby_after + 1)  # the standby again


def no_page_writes_through_the_standby(pair: Pair) -> None:
    """(3) A standby refuses every write, so a page that wrote while reading it would fail:
    every main page, as the people who use it, and the API's list, answer as they should."""
    browsers = {who: logged_in(pair, who) for who in ("alice", "bob", "admin")}
    wait_out_pin(*browsers.values())
    primary_before, standby_before = pair.session_reads()
    failures, logged_in_pages = [], 0
    for page in pair.seed["pages"]:
        browser = browsers[page["who"]] if page["who"] else Browser()
        status, body = browser.open(f"{pair.url}{page['url']}")
        logged_in_pages += bool(page["who"])
        if status != page["status"]:
            failures.append(f"{page['name']} {page['url']}: {status}")
    assert not failures, failures
    primary_after, standby_after = pair.session_reads()
    # Every logged-in page read its session from the standby (none wrote, none was pinned).
    assert primary_after == primary_before
    assert standby_after - standby_before >= logged_in_pages
    assert not any(pinned(browser) for browser in browsers.values())

    tokens_before = pair.standby.reads_of("api_apitoken")
    request = urllib.request.Request(
        f"{pair.url}{pair.seed['api_list']}",
        headers={"Authorization": f"Bearer {pair.seed['token']}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        listed = json.loads(response.read())
    assert pair.seed["objective_title"] in [item["title"] for item in listed["items"]]
    assert pair.standby.reads_of("api_apitoken") == tokens_before + 1


def background_work_reads_the_primary(pair: Pair) -> None:
    """(5) `waypoint tick` (reminders, webhook deliveries), configured like the server, reads
    only the primary: its data must not lag."""
    primary_before, standby_before = pair.primary.reads_of(), pair.standby.reads_of()
    run_waypoint([sys.executable, "-m", "waypoint", "tick"], pair.env)
    assert pair.standby.reads_of() == standby_before
    assert pair.primary.reads_of() > primary_before


def test_a_server_on_a_primary_and_its_streaming_replica(pair: Pair) -> None:
    """One test, so that a parallel run (pytest -n) starts the clusters once, not per worker."""
    pages_are_read_from_the_standby(pair)
    a_check_in_shows_at_once_though_the_standby_lags(pair)
    no_page_writes_through_the_standby(pair)
    after_the_pin_reads_return_to_the_standby(pair)
    background_work_reads_the_primary(pair)
