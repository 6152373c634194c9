"""The coach's background work: rebuilding the stored findings of whole periods, which runs
the organisation-wide checks (fragmentation, the learning loop) and catches what time alone
changes (a check-in now overdue, a review now due)."""

from __future__ import annotations

from django_tasks import task

from waypoint.coach import refresh


@task()
def rebuild_running_periods() -> dict[str, int]:
    """Rebuild the findings of every period that runs today; the count stored by period."""
    return refresh.rebuild_periods(refresh.running_periods())
