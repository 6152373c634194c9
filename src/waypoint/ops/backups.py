"""Backups of the live database: consistent copies taken while people keep working."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

SQLITE_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


class BackupError(Exception):
    """A backup could not be taken; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    attempts: int
    seconds: float


def default_backup_path(data_dir: Path, now: datetime, suffix: str) -> Path:
    """`<data dir>/backups/waypoint-20261201T074500Z.sqlite3`: sorts by time, never clashes."""
    return data_dir / "backups" / f"waypoint-{now:%Y%m%dT%H%M%SZ}{suffix}"


def backup_sqlite(source: Path, target: Path, *, attempts: int = 8, wait: float = 0.25) -> Backup:
    """Copy the SQLite database at `source` into a new file `target` with SQLite's online
    backup API, in one step, so the copy is one consistent snapshot even while others write.

    A busy or locked database is retried `attempts` times with a growing pause. The copy is
    written next to `target` and renamed into place only once `PRAGMA integrity_check` passes,
    so `target` is either a whole, checked backup or absent.
    """
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file (or leave FILE out).")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    started = time.monotonic()
    for attempt in range(1, attempts + 1):
        partial.unlink(missing_ok=True)
        try:
            _copy_and_check(source, partial)
            break
        except sqlite3.OperationalError as exc:
            if not str(exc).startswith(SQLITE_BUSY_MESSAGES) or attempt == attempts:
                partial.unlink(missing_ok=True)
                raise BackupError(f"Backing up {source} failed: {exc}.") from exc
            time.sleep(wait * attempt)
    partial.rename(target)
    return Backup(target, target.stat().st_size, attempt, time.monotonic() - started)


def _copy_and_check(source: Path, partial: Path) -> None:
    live = sqlite3.connect(source, timeout=5)
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: one step under one read transaction; in WAL mode writers carry on meanwhile.
        live.backup(copy, pages=-1)
        # The copy is a single self-contained file, not a WAL database with side files.
        copy.execute("PRAGMA journal_mode=DELETE")
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        live.close()
    if result != "ok":
        raise BackupError(f"The copy failed its integrity check: {result}")


def postgres_dump_command(
    database: dict[str, Any], target: Path
) -> tuple[list[str], dict[str, str]]:
    """The `pg_dump` call (custom format, for `pg_restore`) and its environment for `database`
    (a Django DATABASES entry); the password goes in the environment, not the command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], env


def backup_postgres(database: dict[str, Any], target: Path) -> Backup:
    """Dump a PostgreSQL database with `pg_dump` (a consistent snapshot, like any pg_dump)."""
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump is not installed here. Install PostgreSQL's client tools (Debian: "
            "postgresql-client, of the server's major version or newer) and run this again, "
            "or back up from any machine that has them: "
            'pg_dump --format=custom --file=FILE "$DATABASE_URL".'
        )
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file (or leave FILE out).")
    target.parent.mkdir(parents=True, exist_ok=True)
    command, env = postgres_dump_command(database, target)
    started = time.monotonic()
    finished = subprocess.run(command, env=env, capture_output=True, text=True)
    if finished.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed (exit {finished.returncode}): {finished.stderr.strip()}")
    return Backup(target, target.stat().st_size, 1, time.monotonic() - started)
