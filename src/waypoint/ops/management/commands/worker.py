"""waypoint worker: the long-running process that does Waypoint's background work."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connections

from waypoint.cadence.tasks import send_reminders_task
from waypoint.coach.refresh import queue_scheduled_rebuild
from waypoint.ops.queue import enqueue_once, run_due_tasks

logger = logging.getLogger("waypoint.worker")


def schedule_reminders(every: float, stop: threading.Event) -> None:
    """Queue a reminder pass every `every` seconds until `stop` is set. Workers started side by
    side may queue one each: the pass itself never sends a reminder twice."""
    while not stop.is_set():
        try:
            enqueue_once(send_reminders_task)
            queue_scheduled_rebuild()
        except DatabaseError:
            logger.exception("Could not queue the reminder pass; trying again later.")
        finally:
            connections.close_all()
        stop.wait(every)


class Command(BaseCommand):
    help = (
        "Run background work until stopped (SIGTERM or Ctrl+C finish the task at hand first): "
        "a reminder pass every --every seconds, webhook deliveries with their retries, the "
        "coach's sweeps and its rebuild of the running periods' findings. Any number of "
        "workers may run at once, on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=settings.WAYPOINT_REMINDER_EVERY_SECONDS,
            help="Seconds between reminder passes (default: WAYPOINT_REMINDER_EVERY_SECONDS, 300).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait, when nothing is due, before looking again (default 1).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Queue a reminder pass, run every task that is due, then stop.",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Stop after running this many tasks."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_args = ["--queue-name=*", "--no-reload", f"--verbosity={options['verbosity']}"]
        if options["max_tasks"]:
            worker_args.append(f"--max-tasks={options['max_tasks']}")
        if options["once"]:
            enqueue_once(send_reminders_task)
            ran = run_due_tasks(worker_id=f"once-{os.getpid()}")
            self.stdout.write(f"Ran {ran} task(s).")
            return
        stop = threading.Event()
        scheduler = threading.Thread(
            target=schedule_reminders,
            args=(max(options["every"], 0.5), stop),
            name="reminder-schedule",
            daemon=True,
        )
        scheduler.start()
        try:
            call_command("db_worker", f"--interval={max(options['interval'], 0.05)}", *worker_args)
        finally:
            stop.set()
