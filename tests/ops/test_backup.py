"""`waypoint backup` takes whole, consistent backups while people keep checking in."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import Cast
from waypoint.ops.backups import BackupError, backup_postgres, backup_sqlite

ROOT = Path(__file__).resolve().parents[2]
BACKUPS_UNDER_LOAD = 10


@dataclass
class CheckInLoad:
    """A separate process checking in on one key result of a file-based SQLite database."""

    database: Path
    env: dict[str, str]
    process: subprocess.Popen[str]
    stop_file: Path

    def stop(self) -> int:
        """Stop checking in; return how many check-ins were recorded."""
        self.stop_file.touch()
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return int(out.split()[-1])


@pytest.fixture
def load(tmp_path: Path) -> Iterator[CheckInLoad]:
    database = tmp_path / "waypoint.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "WAYPOINT_DATA_DIR": str(tmp_path / "data"),
    }
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ops.checkin_writer", str(ready), str(stop)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 180
    while not ready.exists():
        if process.poll() is not None:
            pytest.fail(f"the check-in writer stopped: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the check-in writer did not start within 180 s")
        time.sleep(0.1)
    running = CheckInLoad(database, env, process, stop)
    yield running
    if process.poll() is None:
        stop.touch()
        process.communicate(timeout=60)


def check_ins_in(backup: Path) -> tuple[int, bool]:
    """(check-ins, whether the key result's current value is its newest check-in's)."""
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        count = db.execute("SELECT count(*) FROM okrs_checkin").fetchone()[0]
        consistent = db.execute(
            """SELECT kr.current = (SELECT value FROM okrs_checkin WHERE key_result_id = kr.id
                                    ORDER BY at DESC, id DESC LIMIT 1)
               FROM okrs_keyresult kr"""
        ).fetchone()[0]
    return count, bool(consistent)


def test_backups_taken_while_people_check_in_are_whole_and_consistent(
    load: CheckInLoad, tmp_path: Path
) -> None:
    counts = []
    for number in range(BACKUPS_UNDER_LOAD):
        backup = backup_sqlite(load.database, tmp_path / f"backup-{number}.sqlite3")
        count, consistent = check_ins_in(backup.path)
        assert consistent, f"backup {number}: current value is not the newest check-in's"
        counts.append(count)
        time.sleep(0.05)
    written = load.stop()
    assert counts == sorted(counts) and counts[-1] > counts[0] > 0, counts
    final = backup_sqlite(load.database, tmp_path / "final.sqlite3")
    assert check_ins_in(final.path) == (written, True)


def test_waypoint_backup_writes_a_timestamped_file_in_the_data_dir(
    load: CheckInLoad, tmp_path: Path
) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "waypoint", "backup"],
        cwd=ROOT,
        env=load.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    written = load.stop()
    backups = list((tmp_path / "data" / "backups").iterdir())
    assert len(backups) == 1
    assert re.fullmatch(r"waypoint-\d{8}T\d{6}Z\.sqlite3", backups[0].name), backups[0].name
    assert f"Backed up to {backups[0]}" in finished.stdout
    count, consistent = check_ins_in(backups[0])
    assert 0 < count <= written and consistent


def test_it_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE t (x)")
    existing = tmp_path / "yesterday.sqlite3"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(source, existing)
    assert existing.read_bytes() == b"yesterday's backup"


def test_it_says_when_there_is_no_database_to_back_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="There is no SQLite database at"):
        backup_sqlite(tmp_path / "missing.sqlite3", tmp_path / "backup.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()
    assert not (tmp_path / "backup.sqlite3").exists()


def test_without_pg_dump_it_explains_how_to_back_up_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"pg_dump is not installed.*pg_dump --format=custom"):
        backup_postgres({"NAME": "waypoint"}, tmp_path / "waypoint.dump")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client tools")
def test_it_dumps_postgresql_with_pg_dump(
    transactional_db: None, cast: Cast, tmp_path: Path
) -> None:
    target = tmp_path / "waypoint.dump"
    call_command("backup", str(target))
    listing = subprocess.run(
        ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public orgs_person" in listing
    assert "TABLE DATA public okrs_checkin" in listing
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(target))
