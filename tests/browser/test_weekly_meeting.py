"""Running a weekly meeting in a real browser: agenda → notes → commitments → held."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LoginAs
from tests.browser.test_team_check_in import axe_violations
from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import BacklogItem, Commitment, Meeting
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser
FITS = (
    "(() => { const m = document.querySelector('main'); return m.scrollWidth <= m.clientWidth; })()"
)


def test_a_lead_runs_the_weekly_meeting_from_agenda_to_commitments(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Raise conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(
        kr, 2, confidence=3, note="Blocked: we need the payments API key", author=cast.bob
    )
    page = logged_in_page(cast.alice)
    page.goto(cast.checkout.get_absolute_url())
    page.get_by_role("link", name="Meetings").click()
    page.get_by_label("Weekday").select_option("Monday")
    page.get_by_label("Time", exact=True).fill("09:30")
    page.get_by_label("Meeting length (minutes)").fill("45")
    page.get_by_role("button", name="Save rhythm").click()
    expect(page.get_by_text("the next meeting is on the calendar")).to_be_visible()
    page.locator(".meetings a").first.click()

    agenda = page.locator(".agenda")
    expect(agenda.locator(".agenda__entry").first).to_contain_text("Raise conversion")
    expect(agenda).to_contain_text(
        "asks for support (Bob Baker): “Blocked: we need the payments API key”"
    )
    assert axe_violations(page) == []

    page.get_by_label("Topic", exact=True).fill("On-call handover")
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.locator("#agenda-hot_topics + ul")).to_contain_text("On-call handover")

    page.get_by_label("Notes", exact=True).fill("Payments key is the blocker.")
    page.get_by_label("Decisions", exact=True).fill("Alice escalates to payments today")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes and decisions saved.")).to_be_visible()

    form = page.get_by_role("form", name="New commitment")
    form.get_by_label("Commitment").fill("Get the payments API key")
    form.get_by_label("Moves key result").select_option(label="Raise conversion from 2% to 3%")
    form.get_by_label("Who").select_option(label="Bob Baker")
    form.get_by_role("button", name="Add commitment").click()
    expect(page.locator("#commitment-" + str(Commitment.objects.get().pk))).to_contain_text(
        "Get the payments API key"
    )

    page.get_by_role("button", name="Mark held").click()
    expect(page.get_by_text("Meeting held.")).to_be_visible()
    expect(page.get_by_text("As it stood when the meeting was marked held")).to_be_visible()
    expect(page.locator("#agenda-hot_topics + ul")).to_contain_text("On-call handover")
    held = Meeting.objects.get(status="held")
    assert (held.notes, held.decisions) == (
        "Payments key is the blocker.",
        "Alice escalates to payments today",
    )
    assert Commitment.objects.get().meeting == held
    assert Meeting.objects.upcoming().filter(unit=cast.checkout).exists()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(held.get_absolute_url())
    assert page.evaluate(FITS)
    assert axe_violations(page) == []


def test_the_meetings_and_commitments_pages_pass_axe_on_a_phone(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    actions.set_cadence(
        cast.alice,
        cast.checkout,
        frequency="weekly",
        weekday=0,
        at=time(9, 30),
        duration_minutes=60,
    )
    actions.create_commitment(
        cast.bob, cast.checkout, person=cast.bob, title="Write the release notes"
    )
    actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards at checkout")
    kpi = actions.create_kpi(
        cast.bob, cast.checkout, name="Payment error rate", healthy_min=None, healthy_max=Decimal(1)
    )
    for days, value in ((14, "0.6"), (7, "0.9"), (0, "1.6")):
        actions.record_kpi_reading(
            cast.bob, kpi, value=Decimal(value), at=timezone.now() - timedelta(days=days)
        )
    page = logged_in_page(cast.bob)
    page.set_viewport_size({"width": 390, "height": 844})
    meeting = Meeting.objects.get()
    for url in (
        f"/units/{cast.checkout.slug}/meetings/",
        f"/units/{cast.checkout.slug}/commitments/",
        f"/meetings/{meeting.pk}/print/",
        "/my/",
        f"/units/{cast.checkout.slug}/backlog/",
        f"/units/{cast.checkout.slug}/kpis/",
        f"/kpis/{kpi.pk}/",
        "/inbox/",
    ):
        page.goto(url)
        if url.startswith("/kpis/"):
            expect(page.locator("[data-kpi-chart] svg")).to_be_visible()
        assert axe_violations(page) == [], url
        assert page.evaluate(FITS), url


def test_a_member_marks_the_backlog_reviewed(
    logged_in_page: LoginAs, cast: Cast, quarter: Period
) -> None:
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards at checkout")
    BacklogItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=120))
    page = logged_in_page(cast.bob)
    page.goto(f"/units/{cast.checkout.slug}/backlog/")
    review = page.get_by_role("region", name="Quarterly review")
    expect(review).to_contain_text("has not been reviewed as a whole yet")
    expect(review).to_contain_text("review due")
    assert axe_violations(page) == []
    review.get_by_role("button", name="Mark the backlog reviewed").click()
    expect(page.get_by_text("Backlog marked reviewed (1 idea still parked)")).to_be_visible()
    expect(review).to_contain_text("Last reviewed")
    expect(review).to_contain_text("by Bob Baker")
    expect(page.get_by_text("review due")).to_have_count(0)
