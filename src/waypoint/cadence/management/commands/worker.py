"""waypoint worker: a long-running process that sends reminders on a schedule."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.cadence.reminders import send_reminders


class Command(BaseCommand):
    help = "Run the reminder pass every --every seconds (default 300) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=300, help="Seconds between passes.")
        parser.add_argument("--once", action="store_true", help="Run one pass and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            report = send_reminders()
            self.stdout.write(f"Sent {report.digests} digest(s), {report.reminders} reminder(s).")
            if options["once"]:
                return
            time.sleep(max(10, options["every"]))
