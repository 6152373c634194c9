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
        path = options["file"]
        try:
            items = coach_eval.load_items(path)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: {error.reason}") from error
        except ValueError as error:  # names the bad line by its number
            raise CommandError(str(error)) from error
        if not items:
            raise CommandError(f"{path} holds no labelled items.")
        report = coach_eval.evaluate(items)
        self.stdout.write(coach_eval.format_report(report, verbose=options["verbose"]))
