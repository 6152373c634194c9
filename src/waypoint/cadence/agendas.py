"""Reads what a meeting's agenda needs — in a fixed number of queries — and hands it to the
domain's agenda builder."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from waypoint.cadence.models import AgendaItem, BacklogItem, Commitment, Kpi, KpiReading, Meeting
from waypoint.domain import agenda as da
from waypoint.domain import progress as dp
from waypoint.okrs.models import Period
from waypoint.okrs.queries import latest_check_ins, open_key_results
from waypoint.orgs.models import Unit

PARKING_LOT_SIZE = 5


def period_for(day) -> Period | None:  # type: ignore[no-untyped-def]
    """The quarter a meeting falls in (or any period containing it)."""
    periods = Period.objects.containing(day)
    return periods.filter(kind=Period.Kind.QUARTER).first() or periods.first()


def kpis_with_latest(unit: Unit) -> list[Kpi]:
    """The unit's KPIs, each with `latest` (its newest reading's value, or None)."""
    newest = KpiReading.objects.filter(kpi=OuterRef("pk")).order_by("-at", "-id")
    return list(
        Kpi.objects.filter(unit=unit).annotate(
            latest=Subquery(newest.values("value")[:1]),
            latest_at=Subquery(newest.values("at")[:1]),
        )
    )


def kpi_input(kpi: Kpi) -> da.KpiInput:
    def f(value):  # type: ignore[no-untyped-def]
        return None if value is None else float(value)

    return da.KpiInput(
        kpi.pk, kpi.name, f(kpi.latest), f(kpi.healthy_min), f(kpi.healthy_max), kpi.unit_label
    )


def agenda_for(meeting: Meeting) -> da.Agenda:
    """The meeting's agenda: for a held meeting, the one frozen when it was marked held;
    otherwise generated as of now (an unsaved, planned meeting has no added topics)."""
    if meeting.held_agenda:
        return da.from_data(meeting.held_agenda)
    return generate_agenda(meeting)


def generate_agenda(meeting: Meeting) -> da.Agenda:
    """The meeting's agenda generated from the unit's data as it is now."""
    unit = meeting.unit
    day = timezone.localtime(meeting.scheduled_for).date()
    period = period_for(day)
    krs = open_key_results(unit, period) if period else []
    notes = latest_check_ins(krs)
    expected = dp.expected_progress(period.start, period.end, day) if period else 0.0
    kr_inputs = [
        da.KrInput(
            kr.pk,
            kr.title,
            kr.objective.title,
            dp.pace(kr.progress, expected, kr.confidence),
            kr.progress.display,
            expected,
            kr.confidence,
            notes[kr.pk].note if kr.pk in notes else "",
            notes[kr.pk].author.display_name if kr.pk in notes else "",
        )
        for kr in krs
    ]
    items = list(meeting.agenda_items.select_related("added_by")) if meeting.pk else []

    def entry(item: AgendaItem) -> da.Entry:
        by = f"added by {item.added_by.display_name}" if item.added_by else ""
        detail = " · ".join(part for part in (item.notes, by) if part)
        return da.Entry(item.title, detail, "agenda_item", item.pk)

    backlog = BacklogItem.objects.filter(unit=unit, status=BacklogItem.Status.OPEN).order_by(
        "created_at"
    )[:PARKING_LOT_SIZE]
    due = (
        Commitment.objects.open()
        .filter(unit=unit, due__lte=day)
        .select_related("person")
        .order_by("due", "id")
    )
    return da.build_agenda(
        title=f"{meeting.get_kind_display()} — {unit.name}",
        when=timezone.localtime(meeting.scheduled_for),
        minutes=meeting.duration_minutes,
        key_results=kr_inputs,
        hot_topics=[entry(i) for i in items if i.section != AgendaItem.Section.PARKING_LOT],
        parking_lot=[entry(i) for i in items if i.section == AgendaItem.Section.PARKING_LOT]
        + [
            da.Entry(b.title, f"parked {b.created_at:%d %b}", "backlog_item", b.pk) for b in backlog
        ],
        kpis=[kpi_input(k) for k in kpis_with_latest(unit)],
        commitments_due=[
            da.Entry(
                c.title,
                f"{c.person.display_name}, due {c.due:%a %d %b}",
                "commitment",
                c.pk,
                "late" if c.due and c.due < day else "",
            )
            for c in due
        ],
    )


def agenda_json(agenda: da.Agenda) -> dict[str, Any]:
    return da.to_data(agenda)
