"""`waypoint dump [FILE]`: the whole instance as one JSON file."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.exchange.dump import write_dump


class Command(BaseCommand):
    help = (
        "Write everything an administrator may see — people, units, periods, OKRs with their "
        "history and check-ins, the cadence, coach findings and personal goals — as one JSON "
        "file (to stdout without FILE). Load it into a new instance with `waypoint load`: the "
        "way from SQLite to PostgreSQL. The file holds password hashes and private goals: "
        "keep it as safe as the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="Where to write (a new file).")

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        started = time.monotonic()
        if file is None:
            write_dump(sys.stdout)
            return
        if file.exists():
            raise CommandError(f"{file} already exists; name a new file.")
        partial = file.with_name(f".{file.name}.partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                rows = write_dump(out)
            partial.rename(file)
        finally:
            partial.unlink(missing_ok=True)
        self.stderr.write(f"Dumped {rows} rows to {file} in {time.monotonic() - started:.1f} s.")
