"""`waypoint backup [FILE]`: a consistent backup of the database while Waypoint runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from waypoint.ops.backups import BackupError, backup_postgres, backup_sqlite, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database while Waypoint keeps running. SQLite: a checked copy made with "
        "SQLite's online backup API. PostgreSQL: pg_dump's custom format (pg_dump must be "
        "installed). Without FILE, the backup goes to $WAYPOINT_DATA_DIR/backups/ under a "
        "timestamped name. Prints the backup's path; exits non-zero if no backup was made."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help="Where to write the backup (new file)."
        )

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        now = datetime.now(UTC)
        try:
            if connection.vendor == "sqlite":
                target = file or default_backup_path(settings.DATA_DIR, now, ".sqlite3")
                backup = backup_sqlite(Path(connection.settings_dict["NAME"]), target)
            elif connection.vendor == "postgresql":
                target = file or default_backup_path(settings.DATA_DIR, now, ".dump")
                backup = backup_postgres(connection.settings_dict, target)
            else:
                raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        retries = f", {backup.attempts} attempts" if backup.attempts > 1 else ""
        self.stdout.write(
            f"Backed up to {backup.path} "
            f"({backup.size / 1_000_000:.1f} MB in {backup.seconds:.1f} s{retries})."
        )
