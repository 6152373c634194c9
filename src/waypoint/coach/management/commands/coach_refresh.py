"""waypoint coach-refresh: diagnose whole periods again and store their findings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.coach import refresh
from waypoint.okrs.models import Period


class Command(BaseCommand):
    help = (
        "Rebuild the coach's stored findings: every check, organisation-wide ones included, "
        "over every period (or --period). Run it after bulk changes made outside Waypoint's "
        "own actions; the worker rebuilds the running periods on its own schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="Slug of one period (default: every period).")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = Period.objects.order_by("start", "pk")
        if options["period"]:
            periods = periods.filter(slug=options["period"])
            if not periods.exists():
                raise CommandError(f"No period with slug {options['period']!r}.")
        counts = refresh.rebuild_periods(periods)
        for slug, count in counts.items():
            self.stdout.write(f"{slug}: {count} finding(s)")
        self.stdout.write(f"Rebuilt {len(counts)} period(s).")
