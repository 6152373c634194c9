"""A person's inbox: check-ins due, commitments due, meetings soon, findings on what I own."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import Meeting
from waypoint.coach import refresh
from waypoint.okrs.models import Period


def test_the_inbox_lists_what_needs_me(client: Client, cast: Cast, quarter: Period) -> None:
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.bob, units=[cast.checkout]
    )
    stale = make_key_result(
        objective, "Raise conversion", owner_unit=cast.checkout, baseline=0, target=10
    )
    fresh = make_key_result(objective, "Cut errors", owner_unit=cast.checkout, baseline=9, target=3)
    make_check_in(fresh, 5, author=cast.bob, at=timezone.now())
    actions.create_commitment(
        cast.bob, cast.checkout, person=cast.bob, title="Call the bank", due=timezone.localdate()
    )
    actions.create_commitment(
        cast.bob,
        cast.checkout,
        person=cast.bob,
        title="Far away",
        due=timezone.localdate() + timedelta(days=9),
    )
    Meeting.objects.create(
        unit=cast.checkout,
        kind="weekly",
        scheduled_for=timezone.now() + timedelta(hours=3),
        duration_minutes=60,
    )
    Meeting.objects.create(
        unit=cast.search,
        kind="weekly",
        scheduled_for=timezone.now() + timedelta(hours=2),
        duration_minutes=60,
    )
    client.force_login(cast.bob)
    page = client.get(reverse("cadence:inbox")).content.decode()
    assert "Raise conversion" in page and "Cut errors" not in page
    assert reverse("cadence:team-check-in", args=[cast.checkout.slug]) in page
    assert "Call the bank" in page and "Far away" not in page
    assert "Checkout · Weekly" in page and "Search · Weekly" not in page
    count = client.get(reverse("cadence:inbox-count")).content.decode()
    assert '<span class="badge">' in count
    assert stale.pk


def test_an_empty_inbox_says_so(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.charlie)
    page = client.get(reverse("cadence:inbox")).content.decode()
    assert "Nothing needs you right now" in page
    assert client.get(reverse("cadence:inbox-count")).content.decode().strip() == ""


def test_the_inbox_is_linked_from_every_page_without_slowing_it(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    assert reverse("cadence:inbox") in page and reverse("cadence:inbox-count") in page


def test_the_inbox_query_count_is_bounded(client: Client, cast: Cast, quarter: Period) -> None:
    actions.set_cadence(
        cast.alice,
        cast.checkout,
        frequency="weekly",
        weekday=0,
        at=time(9, 30),
        duration_minutes=60,
    )

    def measure(n: int) -> int:
        objective = make_objective(quarter, f"Objective {n}", owner=cast.bob, units=[cast.checkout])
        for i in range(n):
            kr = make_key_result(
                objective, f"KR {n}.{i}", owner_unit=cast.checkout, baseline=0, target=10
            )
            make_check_in(kr, 1, author=cast.bob, at=timezone.now() - timedelta(days=20))
            actions.create_commitment(
                cast.bob,
                cast.checkout,
                person=cast.bob,
                title=f"c{n}.{i}",
                due=timezone.localdate(),
            )
            actions.complete_commitment(cast.bob, cast.bob.commitments.open().first())
        refresh.flush()  # the writes' re-check of their findings, which a commit runs
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cadence:inbox")).status_code == 200
        return len(queries)

    client.force_login(cast.bob)
    measure(1)  # warms the coach's cache for the period
    small, large = measure(2), measure(5)
    print(f"inbox: {small} → {large} queries")
    assert small == large <= 40  # the header, the data fingerprint, four kinds of item
