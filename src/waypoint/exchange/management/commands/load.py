"""`waypoint load FILE`: read a dump into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.exchange.dump import DumpError, load_dump, read_dump


class Command(BaseCommand):
    help = (
        "Load a file written by `waypoint dump` into this instance, which must be migrated "
        "and empty (no people, units or OKRs yet): all or nothing. To move from SQLite to "
        "PostgreSQL: dump, point DATABASE_URL at the new database, `waypoint migrate`, "
        "`waypoint load FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A file written by `waypoint dump`.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        try:
            with file.open("rb") as source:
                loaded = load_dump(read_dump(source))
        except DumpError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Loaded {loaded.rows} rows into {loaded.tables} tables in {loaded.seconds:.1f} s."
        )
