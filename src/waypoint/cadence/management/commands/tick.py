"""waypoint tick: one pass of the reminders (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.cadence.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due now, one digest per person per day at most, never the same "
        "reminder twice (safe to run from cron every few minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_reminders()
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.by_kind.items()))
        self.stdout.write(
            f"Sent {report.digests} digest(s) with {report.reminders} reminder(s)"
            + (f" ({kinds})" if kinds else "")
            + (
                f"; {report.skipped_today} person(s) already had today's"
                if report.skipped_today
                else ""
            )
            + "."
        )
