"""The task queue: background work kept in the database (django-tasks with its database
backend), so any number of `waypoint worker` processes on SQLite or PostgreSQL share it. A
task is claimed by one worker under a row lock; the tasks themselves are written so that a
second run does nothing twice (reminders and deliveries record what they sent)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks.base import Task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def waiting(task: Task) -> DBTaskResult | None:
    """A run of `task` that is queued and due but not started yet, if there is one."""
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=task.module_path, backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        .order_by("enqueued_at")
        .first()
    )


def enqueue_once(task: Task, *args: Any) -> str:
    """Queue `task` unless a run of it is already waiting; the id of the run that will do it."""
    queued = waiting(task)
    if queued is not None:
        return str(queued.id)
    return task.enqueue(*args).id


def enqueue_at(task: Task, when: datetime, *args: Any) -> str:
    """Queue `task` to run no earlier than `when`."""
    return task.using(run_after=max(when, timezone.now())).enqueue(*args).id


def run_due_tasks(*, worker_id: str = "tick") -> int:
    """Run every task that is due now, one after the other, then return how many ran (what
    `waypoint tick` and `waypoint worker --once` do). Each is claimed under the library's lock
    and run by the library's worker, exactly as `waypoint worker` runs it."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        due = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        with exclusive_transaction(due.db):
            claimed = due.get_locked()
            if claimed is not None:
                claimed.claim(worker_id)
        if claimed is None:
            return ran
        worker.run_task(claimed)
        ran += 1


def result_of(task_id: str) -> DBTaskResult:
    return DBTaskResult.objects.get(id=task_id)
