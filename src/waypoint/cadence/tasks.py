"""Reminders as a background task: queued by `waypoint tick` (cron) or on a schedule by
`waypoint worker`, run by whichever worker claims it. Running it twice sends nothing twice:
every reminder sent is recorded, under a unique key, in the same transaction as its mail."""

from __future__ import annotations

from django_tasks import task

from waypoint.cadence.reminders import send_reminders


@task()
def send_reminders_task() -> dict[str, object]:
    """One reminder pass; its report is the task's result."""
    report = send_reminders()
    return {
        "digests": report.digests,
        "reminders": report.reminders,
        "skipped_today": report.skipped_today,
        "by_kind": dict(report.by_kind),
    }
