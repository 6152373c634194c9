"""A person's inbox: what needs them now — check-ins due on their teams' key results, their
commitments due, agendas of meetings they attend in the next 24 hours, and coach findings on
the objectives they own. Read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from waypoint.cadence.models import Commitment, Meeting
from waypoint.domain import cadence as dc
from waypoint.domain.diagnosis import Finding
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.okrs.queries import latest_check_ins
from waypoint.orgs.access import member_unit_ids
from waypoint.orgs.models import Person

COMMITMENTS_AHEAD = timedelta(days=2)
MEETINGS_AHEAD = timedelta(hours=24)


@dataclass
class Inbox:
    period: Period | None
    check_ins: list[tuple[KeyResult, str]] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    findings: list[tuple[Objective, list[Finding]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.check_ins)
            + len(self.commitments)
            + len(self.meetings)
            + sum(len(found) for _, found in self.findings)
        )


def current_quarter() -> Period | None:
    periods = Period.objects.containing(timezone.localdate())
    return periods.filter(kind=Period.Kind.QUARTER).first() or periods.first()


def due_check_ins(person: Person, period: Period) -> list[tuple[KeyResult, str]]:
    """Open key results of the person's teams with no check-in this cadence period."""
    krs = list(
        KeyResult.objects.for_period(period)
        .filter(owner_unit_id__in=member_unit_ids(person), status=Status.ACTIVE)
        .filter(objective__status=Status.ACTIVE)
        .select_related("owner_unit", "objective")
        .order_by("owner_unit__name", "objective_id", "position")
    )
    latest = latest_check_ins(krs)
    today = timezone.localdate()
    due = []
    for kr in krs:
        last = latest.get(kr.pk)
        state = dc.check_in_state(
            timezone.localtime(last.at).date() if last else None,
            period.start,
            today,
            settings.WAYPOINT_CHECK_IN_CADENCE_DAYS,
        )
        if state != "done":
            due.append((kr, state))
    return due


def inbox_for(person: Person, *, with_findings: bool = True) -> Inbox:
    period = current_quarter()
    now = timezone.now()
    inbox = Inbox(period)
    if period is not None:
        inbox.check_ins = due_check_ins(person, period)
    inbox.commitments = list(
        Commitment.objects.open()
        .filter(person=person, due__lte=timezone.localdate() + COMMITMENTS_AHEAD)
        .select_related("unit", "key_result", "person")
        .order_by("due", "id")
    )
    inbox.meetings = list(
        Meeting.objects.upcoming()
        .filter(unit_id__in=member_unit_ids(person))
        .filter(scheduled_for__gte=now, scheduled_for__lte=now + MEETINGS_AHEAD)
        .select_related("unit")
    )
    if with_findings and period is not None:
        from waypoint.coach import service as coach

        diagnosis = coach.diagnose_period(period)
        owned = Objective.objects.for_period(period).filter(owner=person).active()
        for objective in owned.prefetch_related("key_results"):
            found = diagnosis.for_objective(
                objective.pk, {kr.pk for kr in objective.key_results.all()}
            )
            if found:
                inbox.findings.append((objective, found))
    return inbox
