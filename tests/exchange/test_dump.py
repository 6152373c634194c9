"""`waypoint dump` / `waypoint load`: the demo organisation moves to a fresh PostgreSQL
database through `waypoint load`, and every table arrives as it left."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import IN_CI, Cast
from tests.exchange.conftest import database_state
from waypoint.demo import load_demo
from waypoint.exchange.dump import DumpError, dump_tables, dumped_models, load_dump, write_dump

POSTGRES_SERVER = os.environ.get("WAYPOINT_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    name = f"waypoint_load_{uuid.uuid4().hex[:10]}"
    try:
        server = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL is not reachable at {POSTGRES_SERVER}: {exc}"
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    with server:
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def waypoint(database_url: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WAYPOINT_DATA_DIR": str(data_dir),
        "WAYPOINT_SECRET_KEY": "insecure-test-only-key",
        "WAYPOINT_DEBUG": "false",
    }
    return subprocess.run(
        [sys.executable, "-m", "waypoint", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_the_demo_moves_to_a_fresh_postgresql_database_table_for_table(
    fresh_postgres: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(timezone.localdate(), password="moving-day")
    dump = tmp_path / "waypoint.json"
    with dump.open("w") as out:
        rows = write_dump(out)
    migrated = waypoint(fresh_postgres, "migrate", "--noinput", "-v", "0", data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    with psycopg.connect(fresh_postgres) as pg:  # a row made before anyone used it gives way
        pg.execute("INSERT INTO auth_group (name) VALUES ('made before the move')")
    started = time.monotonic()
    loaded = waypoint(fresh_postgres, "load", str(dump), data_dir=tmp_path)
    seconds = time.monotonic() - started
    assert loaded.returncode == 0, loaded.stderr
    assert f"Loaded {rows} rows" in loaded.stdout

    again = tmp_path / "from-postgres.json"
    dumped = waypoint(fresh_postgres, "dump", str(again), data_dir=tmp_path)
    assert dumped.returncode == 0, dumped.stderr
    theirs = json.loads(again.read_text())
    ours = dump_tables()
    assert theirs["database"] == "postgresql"
    assert sorted(theirs["tables"]) == sorted(ours)
    for label, table in ours.items():
        assert theirs["tables"][label] == table, f"{label} differs after the move"

    # Counted by PostgreSQL itself, not through Waypoint; new rows get new ids.
    with psycopg.connect(fresh_postgres) as pg:
        for model in dumped_models():
            count = pg.execute(f'SELECT count(*) FROM "{model._meta.db_table}"').fetchone()[0]
            assert count == model.objects.count(), model._meta.label
        next_id = pg.execute("SELECT nextval(pg_get_serial_sequence('okrs_checkin', 'id'))")
        assert next_id.fetchone()[0] > max(r[0] for r in ours["okrs.CheckIn"]["rows"])
    with capsys.disabled():
        print(f"\n  demo to PostgreSQL: {loaded.stdout.strip()} ({seconds:.1f} s with start-up)")


@pytest.mark.django_db
def test_the_dump_holds_history_check_ins_and_personal_goals(cast: Cast) -> None:
    load_demo(timezone.localdate(), password="moving-day")
    tables = dump_tables()
    for label in ("okrs.Change", "okrs.CheckIn", "personal.PersonalGoal", "orgs.Membership"):
        assert tables[label]["rows"], label
    assert "exchange.Upload" not in tables
    person = tables["orgs.Person"]
    assert "password" in person["columns"]


@pytest.mark.django_db
def test_loading_into_an_instance_with_data_is_refused_and_changes_nothing(
    cast: Cast, tmp_path: Path
) -> None:
    out = io.StringIO()
    write_dump(out)
    before = database_state()
    with pytest.raises(DumpError, match="This instance is not empty"):
        load_dump(json.loads(out.getvalue()))
    assert database_state() == before
    dump = tmp_path / "dump.json"
    dump.write_text(out.getvalue())
    with pytest.raises(CommandError, match="run `waypoint migrate`, then `waypoint load FILE`"):
        call_command("load", str(dump))
    assert database_state() == before


@pytest.mark.django_db
def test_a_dump_of_another_version_or_no_dump_at_all_is_refused(tmp_path: Path) -> None:
    out = io.StringIO()
    write_dump(out)
    data = json.loads(out.getvalue())
    data["migrations"]["okrs"] = "9999_from_the_future"
    with pytest.raises(DumpError, match="another version of Waypoint .*okrs"):
        load_dump(data)
    junk = tmp_path / "junk.json"
    junk.write_text('{"objects": []}')
    with pytest.raises(CommandError, match="not a Waypoint dump"):
        call_command("load", str(junk))
    junk.write_bytes(b"\xff\xfe not json")
    with pytest.raises(CommandError, match="not a Waypoint dump"):
        call_command("load", str(junk))


@pytest.mark.django_db
def test_dump_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "keep.json"
    existing.write_text("precious")
    with pytest.raises(CommandError, match="already exists"):
        call_command("dump", str(existing))
    assert existing.read_text() == "precious"
