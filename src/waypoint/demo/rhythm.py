"""The demo's meeting rhythm: a cadence for every team, past meetings with notes (and one team
that cancelled twice in a row), one person at the commitment limit, and a KPI out of range —
so every team's next weekly agenda is real. Written through the cadence actions."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from waypoint.cadence import actions
from waypoint.cadence.models import Commitment, Kpi, Meeting, UnitCadence
from waypoint.demo.okrs import aware, not_after_now
from waypoint.demo.org import Org
from waypoint.orgs.models import Person, Unit

# slug: frequency, weekday (0 = Monday), time, minutes, daily stand-up
RHYTHMS: dict[str, tuple[str, int, time, int, bool]] = {
    "checkout": ("weekly", 0, time(9, 30), 45, True),
    "search": ("weekly", 1, time(10), 60, False),
    "sre": ("weekly", 0, time(11), 60, True),
    "finance": ("biweekly", 3, time(14), 60, False),
}
DEFAULT_RHYTHM = ("weekly", 0, time(10), 60, False)

CHECKOUT_NOTES = (
    "Saved cards: the prompt test is live on 10% of traffic. Abandonment flat; wait a week.",
    "3-D Secure timeouts on Safari explain half the payment errors. Aisha takes it.",
    "Address step: five shoppers tested; the one-column form wins. Marta writes it up.",
    "Error rate back under 1%. Decided: no new payment methods until the funnel query lands.",
)
# One person at the per-person limit of open commitments (the demo's default limit is 5).
TOM_COMMITMENTS = (
    "Ship the saved-card prompt to all traffic",
    "Pair with Aisha on the Safari timeout fix",
    "Review Marta's address-step write-up",
    "Clean up the old checkout feature flags",
)


def _lead(org: Org, slug: str):  # type: ignore[no-untyped-def]
    return org.members(slug)[0]


def load_rhythm(org: Org, today: date) -> None:
    _mail_addresses(org)
    teams = [u for u in org.units.values() if u.kind in (Unit.Kind.TEAM, Unit.Kind.VIRTUAL)]
    for unit in teams + [org.units["finance"]]:
        frequency, weekday, at, minutes, standup = RHYTHMS.get(unit.slug, DEFAULT_RHYTHM)
        if not UnitCadence.objects.filter(unit=unit).exists():
            actions.set_cadence(
                _lead(org, unit.slug),
                unit,
                frequency=frequency,
                weekday=weekday,
                at=at,
                duration_minutes=minutes,
                standup=standup,
            )
    _checkout_history(org)
    _search_cancellations(org, today)
    _tom_at_the_limit(org)
    _checkout_kpi(org, today)


def _mail_addresses(org: Org) -> None:
    """Every demo person gets an example.com address, so reminders have somewhere to go."""
    for username, person in org.people.items():
        if not person.email:
            Person.objects.filter(pk=person.pk).update(email=f"{username}@example.com")
            person.email = f"{username}@example.com"


def _checkout_history(org: Org) -> None:
    held = Meeting.objects.filter(unit=org.units["checkout"], status=Meeting.Status.HELD, notes="")
    for meeting, notes in zip(held.order_by("scheduled_for"), CHECKOUT_NOTES, strict=False):
        actions.record_meeting_notes(_lead(org, "checkout"), meeting, notes=notes, decisions="")
    upcoming = actions.ensure_next_meeting(org.units["checkout"], Meeting.Kind.WEEKLY)
    if upcoming is not None and not upcoming.agenda_items.exists():
        actions.add_agenda_item(
            org.people["tom"],
            upcoming,
            title="Who covers on-call during the holidays?",
            section="hot_topics",
        )


def _search_cancellations(org: Org, today: date) -> None:
    """Search cancelled its last two weekly meetings: a rhythm that is slipping."""
    search = org.units["search"]
    last_tuesday = today - timedelta(days=(today.weekday() - 1) % 7 or 7)
    for weeks_back, reason in ((1, "Half the team at a conference"), (0, "Release firefight")):
        when = aware(last_tuesday - timedelta(weeks=weeks_back), time(10))
        if (
            when >= timezone.now()
            or Meeting.objects.filter(unit=search, scheduled_for=when).exists()
        ):
            continue
        Meeting.objects.create(
            unit=search,
            kind=Meeting.Kind.WEEKLY,
            scheduled_for=when,
            duration_minutes=60,
            status=Meeting.Status.CANCELLED,
            status_reason=reason,
        )


def _tom_at_the_limit(org: Org) -> None:
    tom, checkout = org.people["tom"], org.units["checkout"]
    for title in TOM_COMMITMENTS:
        if Commitment.objects.filter(person=tom, title=title).exists():
            continue
        if not actions.commitment_verdict(tom).allowed:
            break
        actions.create_commitment(tom, checkout, person=tom, title=title)


def _checkout_kpi(org: Org, today: date) -> None:
    """Checkout's payment error rate: healthy up to 1 %, out of range this week."""
    checkout, lena = org.units["checkout"], _lead(org, "checkout")
    if Kpi.objects.filter(unit=checkout, name="Payment error rate").exists():
        return
    kpi = actions.create_kpi(
        lena,
        checkout,
        name="Payment error rate",
        unit_label="%",
        healthy_min=None,
        healthy_max=Decimal(1),
        description="Share of payment attempts that fail for technical reasons.",
    )
    for weeks_back, value in enumerate(("1.4", "0.9", "0.8", "0.7", "0.8", "0.6")):
        at = not_after_now(aware(today - timedelta(weeks=weeks_back), time(8)))
        actions.record_kpi_reading(lena, kpi, value=Decimal(value), at=at)


def freeze_held_agendas() -> None:
    """Every held meeting keeps the agenda it had, as if it had been marked held on the day
    (done last, once the demo's OKRs, backlog and KPIs are in place)."""
    for meeting in Meeting.objects.filter(status=Meeting.Status.HELD, held_agenda__isnull=True):
        held_at = meeting.scheduled_for + timedelta(minutes=meeting.duration_minutes)
        actions.freeze_agenda(meeting, held_at=min(held_at, timezone.now()))
