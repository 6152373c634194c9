"""waypoint coach-eval FILE.jsonl: measure the coach's text classifiers on a labelled file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.domain import coach_eval


class Command(BaseCommand):
    help = (
        "Run the coach's text classifiers on a labelled JSONL file and print precision, recall "
        "and F1 for output KRs, the outcome false-positive rate, and objective, baseline and "
        "target accuracy. The last line is a machine-readable summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSONL file of labelled OKR texts.")
        parser.add_argument("--verbose", action="store_true", help="List every miss.")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [options["file"]] + (["--verbose"] if options["verbose"] else [])
        try:
            status = coach_eval.main(argv)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if status:
            raise SystemExit(status)
