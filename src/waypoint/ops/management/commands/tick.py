"""waypoint tick: one pass of the background work, for cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from waypoint.cadence.tasks import send_reminders_task
from waypoint.coach.refresh import queue_scheduled_rebuild
from waypoint.ops.queue import enqueue_once, result_of, run_due_tasks


def describe(report: dict[str, Any]) -> str:
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report["by_kind"].items()))
    return (
        f"Sent {report['digests']} digest(s) with {report['reminders']} reminder(s)"
        + (f" ({kinds})" if kinds else "")
        + (
            f"; {report['skipped_today']} person(s) already had today's"
            if report["skipped_today"]
            else ""
        )
        + "."
    )


class Command(BaseCommand):
    help = (
        "Queue a reminder pass and run every background task that is due (reminders, webhook "
        "deliveries and their retries, the coach's rebuild of the running periods' findings when "
        "due), then stop. One digest per person per day at most, never "
        "the same reminder twice: safe to run from cron every few minutes, beside workers too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue-only",
            action="store_true",
            help="Only queue the reminder pass, for a running `waypoint worker` to do.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        task_id = enqueue_once(send_reminders_task)
        if options["enqueue_only"]:
            self.stdout.write("Queued a reminder pass for the worker.")
            return
        queue_scheduled_rebuild()
        run_due_tasks()
        result = result_of(task_id)
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(describe(result.return_value))
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(f"The reminder pass failed:\n{result.traceback}")
        else:
            self.stdout.write("A worker is running the reminder pass.")
