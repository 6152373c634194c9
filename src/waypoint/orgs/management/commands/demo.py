"""`waypoint demo`: migrate, load the demo organisation, print the logins, serve it."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from waypoint.demo import COMPANY_NAME, DemoSummary, default_password, load_demo


def default_port() -> int:
    return int(os.environ.get("PORT", "8000"))


class Command(BaseCommand):
    help = (
        "Load the demo organisation (Tidewater Software: ~75 people, this year's company goals, "
        "last quarter scored, this quarter checked in weekly up to today) and serve it. Safe to "
        "run again: nothing is duplicated, and every demo login gets the given password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            dest="no_serve",
            help="Load the demo and exit instead of starting the server.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=default_port(),
            help="Port to serve on (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Password for every demo login (default: $WAYPOINT_DEMO_PASSWORD or 'waypoint').",
        )

    def handle(
        self, *args: Any, no_serve: bool, port: int, password: str | None, **options: Any
    ) -> None:
        password = password or default_password()
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        summary = load_demo(timezone.localdate(), password)
        self._report(summary, password, port, time.perf_counter() - started)
        if not no_serve:
            call_command("serve", port=port)

    def _report(self, summary: DemoSummary, password: str, port: int, seconds: float) -> None:
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"{COMPANY_NAME} is ready ({seconds:.1f} s): {summary.units} units, "
                f"{summary.people} people, {summary.objectives} objectives, "
                f"{summary.key_results} key results, {summary.check_ins} check-ins."
            )
        )
        write(f"\n  Open  http://127.0.0.1:{port}/\n")
        write(f"  Every demo login uses the password: {password}\n")
        for login in summary.logins:
            write(f"    {login.username:<8} {login.role}")
        write("")
