"""`waypoint import FILE [--dry-run] [--as USERNAME]`: a spreadsheet in, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.exchange.importing import run_import
from waypoint.orgs.models import Person


class Command(BaseCommand):
    help = (
        "Import objectives and key results from a CSV, XLSX or JSON file in Waypoint's "
        "layout (docs/exchange.md), all or nothing, through the same rules as the pages. "
        "Exits 0 when the import applied (or, with --dry-run, would apply); otherwise "
        "prints the row and column of each problem, changes nothing and exits 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Whose name the history records (default: the first active administrator).",
        )

    def handle(
        self, *args: Any, file: Path, dry_run: bool, username: str | None, **options: Any
    ) -> None:
        author = self.author(username)
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        report = run_import(
            author,
            file.read_bytes(),
            filename=file.name,
            apply=not dry_run,
            max_bytes=settings.WAYPOINT_IMPORT_MAX_BYTES,
        )
        for row in report.rows:
            for change in row.changes:
                self.stdout.write(f"row {row.number}: {change}")
            for note in row.coach:
                self.stdout.write(f"row {row.number}: coach: {note}")
        for label, names in report.not_found.items():
            self.stderr.write(f"Not found here ({label}): {', '.join(names)}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s); nothing was imported.", returncode=1
            )
        verb = "Would apply" if dry_run else "Applied"
        self.stdout.write(f"{verb}: {report.summary()}.")

    def author(self, username: str | None) -> Person:
        people = Person.objects.filter(is_active=True)
        if username:
            found = people.filter(username=username).first()
            if found is None:
                raise CommandError(f"No active person “{username}”.")
            return found
        found = people.filter(is_superuser=True).order_by("pk").first()
        if found is None:
            raise CommandError("No administrator yet: run `waypoint createsuperuser` or pass --as.")
        return found
