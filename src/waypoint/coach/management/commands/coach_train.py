"""waypoint coach-train [--cv] [--check]: retrain the coach's learned output-or-outcome arbiter."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Train the coach's output-or-outcome arbiter on the labelled key results in "
        "tests/domain/data/coach_*.jsonl and write src/waypoint/domain/coach_weights.json. "
        "--cv prints grouped cross-validation (whole organisations held out) instead; "
        "--check fails when retraining would change the stored weights."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cv", action="store_true", help="Grouped cross-validation only.")
        parser.add_argument(
            "--check", action="store_true", help="Compare with the stored weights, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from waypoint import coach_training
        except ImportError as error:  # scikit-learn is a development dependency
            raise CommandError(
                f"Training needs the development dependencies (pip install -e .[dev]): {error}"
            ) from error
        if options["cv"]:
            for line in coach_training.grouped_cv():
                self.stdout.write(line)
            return
        trained = coach_training.train()
        if options["check"]:
            stored = coach_training.stored_weights()
            if coach_training.same_weights(trained, stored):
                self.stdout.write("The stored weights are what training gives.")
                return
            raise CommandError("Retraining changes the stored weights: run waypoint coach-train.")
        coach_training.write_weights(trained)
        self.stdout.write(
            f"Wrote {len(trained['weights'])} weights to {coach_training.WEIGHTS_FILE}."
        )
