"""The unit's backlog (parking lot) and its KTLO KPIs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import BacklogItem, BacklogReview, Commitment, Kpi, KpiReading
from waypoint.coach.service import diagnose_period
from waypoint.okrs.models import Objective, Period


def backlog_url(cast: Cast) -> str:
    return reverse("cadence:unit-backlog", args=[cast.checkout.slug])


def test_an_idea_is_parked_in_one_step_and_listed(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.post(backlog_url(cast), {"title": "Gift cards at checkout"})
    assert response.status_code == 302
    item = BacklogItem.objects.get()
    assert (item.title, item.created_by, item.status) == (
        "Gift cards at checkout",
        cast.bob,
        "open",
    )
    assert "Gift cards at checkout" in client.get(backlog_url(cast)).content.decode()
    empty = client.post(backlog_url(cast), {"title": "  "})
    assert empty.status_code == 422 and BacklogItem.objects.count() == 1


def test_an_outsider_cannot_park_or_promote(client: Client, cast: Cast) -> None:
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="Gift cards")
    client.force_login(cast.charlie)
    assert client.post(backlog_url(cast), {"title": "x"}).status_code == 403
    assert client.post(reverse("cadence:backlog-discard", args=[item.pk])).status_code == 403
    assert BacklogItem.objects.get().status == "open" and BacklogItem.objects.count() == 1


def test_promoting_to_an_objective_creates_it_for_the_unit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="Make returns painless")
    client.force_login(cast.bob)
    response = client.post(
        reverse("cadence:backlog-promote-objective", args=[item.pk]) + f"?period={quarter.slug}"
    )
    objective = Objective.objects.get()
    assert response.url == objective.get_absolute_url()
    assert list(objective.units.all()) == [cast.checkout] and objective.period == quarter
    item.refresh_from_db()
    assert (item.status, item.promoted_objective) == ("promoted", objective)


def test_promoting_past_the_objective_limit_is_refused_and_the_idea_stays_parked(
    client: Client, cast: Cast, quarter: Period
) -> None:
    for n in range(5):
        make_objective(quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout])
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="A sixth objective")
    client.force_login(cast.bob)
    response = client.post(
        reverse("cadence:backlog-promote-objective", args=[item.pk]) + f"?period={quarter.slug}",
        follow=True,
    )
    assert Objective.objects.count() == 5
    assert BacklogItem.objects.get().status == "open"
    assert "objectives" in response.content.decode().lower()


def test_promoting_to_a_commitment_respects_the_limit(cast: Cast, settings) -> None:
    settings.WAYPOINT_COMMITMENT_LIMIT = 1
    first = actions.park_in_backlog(cast.bob, cast.checkout, title="First")
    second = actions.park_in_backlog(cast.bob, cast.checkout, title="Second")
    assert actions.promote_to_commitment(cast.bob, first).title == "First"
    with pytest.raises(ValidationError, match="already has 1 open commitment"):
        actions.promote_to_commitment(cast.bob, second)
    assert BacklogItem.objects.get(pk=second.pk).status == "open"
    assert Commitment.objects.count() == 1


def test_reviewing_keeps_or_discards(cast: Cast) -> None:
    kept = actions.review_backlog_item(
        cast.bob, actions.park_in_backlog(cast.bob, cast.checkout, title="a")
    )
    assert kept.reviewed_at is not None and kept.status == "open"
    gone = actions.review_backlog_item(
        cast.bob, actions.park_in_backlog(cast.bob, cast.checkout, title="b"), keep=False
    )
    assert gone.status == "discarded"
    with pytest.raises(ValidationError, match="already discarded"):
        actions.review_backlog_item(cast.bob, gone)


def test_an_idea_never_reviewed_for_a_quarter_says_so(client: Client, cast: Cast) -> None:
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="Old idea")
    BacklogItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=120))
    client.force_login(cast.bob)
    assert "review due" in client.get(backlog_url(cast)).content.decode()


def _backlog_findings(period: Period) -> list[str]:
    return [
        f.what
        for f in diagnose_period(period).findings
        if f.code == "set_and_forget.backlog-not-reviewed"
    ]


def test_marking_the_backlog_reviewed_records_who_and_when_and_clears_the_finding(
    client: Client, cast: Cast, quarter: Period
) -> None:
    old = actions.park_in_backlog(cast.bob, cast.checkout, title="Old idea")
    actions.park_in_backlog(cast.bob, cast.checkout, title="New idea")
    BacklogItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    [what] = _backlog_findings(quarter)
    assert what.startswith("Checkout's backlog has 1 idea nobody has looked at")
    assert "never reviewed as a whole" in what

    client.force_login(cast.bob)
    page = client.get(backlog_url(cast)).content.decode()
    assert "has not been reviewed as a whole yet" in page and "review due" in page
    assert "Mark the backlog reviewed" in page
    url = reverse("cadence:unit-backlog-reviewed", args=[cast.checkout.slug])
    response = client.post(url, follow=True)
    review = BacklogReview.objects.get()
    assert (review.unit, review.reviewed_by, review.open_items) == (cast.checkout, cast.bob, 2)
    assert timezone.now() - review.reviewed_at < timedelta(minutes=1)
    page = response.content.decode()
    assert "Backlog marked reviewed (2 ideas still parked)" in page
    assert "Last reviewed" in page and "by Bob" in page and "review due" not in page
    assert _backlog_findings(quarter) == []  # the Health page agrees at once
    # Both ideas are still parked: a review decides nothing on its own.
    assert BacklogItem.objects.filter(status="open").count() == 2


def test_an_empty_backlog_cannot_be_marked_reviewed_and_outsiders_cannot(
    client: Client, cast: Cast
) -> None:
    with pytest.raises(ValidationError, match="Nothing is parked"):
        actions.review_backlog(cast.bob, cast.checkout)
    client.force_login(cast.bob)
    url = reverse("cadence:unit-backlog-reviewed", args=[cast.checkout.slug])
    page = client.post(url, follow=True).content.decode()
    assert "nothing to review" in page and not BacklogReview.objects.exists()
    actions.park_in_backlog(cast.bob, cast.checkout, title="An idea")
    with pytest.raises(PermissionDenied):
        actions.review_backlog(cast.charlie, cast.checkout)
    client.force_login(cast.charlie)
    assert client.post(url).status_code == 403
    assert "Mark the backlog reviewed" not in client.get(backlog_url(cast)).content.decode()
    assert not BacklogReview.objects.exists()


def test_a_review_older_than_a_quarter_brings_the_finding_back(cast: Cast, quarter: Period) -> None:
    item = actions.park_in_backlog(cast.bob, cast.checkout, title="Old idea")
    review = actions.review_backlog(cast.bob, cast.checkout)
    long_ago = timezone.now() - timedelta(days=100)
    BacklogItem.objects.filter(pk=item.pk).update(created_at=long_ago - timedelta(days=30))
    BacklogReview.objects.filter(pk=review.pk).update(reviewed_at=long_ago)
    [what] = _backlog_findings(quarter)
    assert "last reviewed on" in what
    actions.review_backlog_item(cast.bob, item)  # keeping the one idea counts as a look
    assert _backlog_findings(quarter) == []


def kpis_url(cast: Cast) -> str:
    return reverse("cadence:unit-kpis", args=[cast.checkout.slug])


def test_a_kpi_with_a_healthy_range_and_readings(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    response = client.post(
        kpis_url(cast), {"name": "Payment error rate", "unit_label": "%", "healthy_max": "1"}
    )
    kpi = Kpi.objects.get()
    assert response.url == reverse("cadence:kpi-detail", args=[kpi.pk])
    assert client.post(response.url, {"value": "0.6"}).status_code == 302
    assert client.post(response.url, {"value": "1.8"}).status_code == 302
    page = client.get(response.url).content.decode()
    assert "Out of range" in page and "data-kpi-chart" in page
    assert list(kpi.readings.values_list("value", flat=True)) == [Decimal("0.6"), Decimal("1.8")]
    unit_page = client.get(cast.checkout.get_absolute_url()).content.decode()
    assert "Payment error rate" in unit_page and "Out of range" in unit_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Uptime", "healthy_min": "99.9", "healthy_max": "99"},
            "ends below where it starts",
        ),
        ({"name": "Uptime"}, "a low end, a high end, or both"),
        ({"name": "Uptime", "healthy_min": "lots"}, "Enter a number"),
        ({"name": "", "healthy_min": "1"}, "Name the KPI"),
    ],
)
def test_a_bad_kpi_is_refused_and_nothing_is_saved(
    client: Client, cast: Cast, data: dict, message: str
) -> None:
    client.force_login(cast.bob)
    response = client.post(kpis_url(cast), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Kpi.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "abc"}, "Enter a number"),
        ({"value": ""}, "Enter the reading."),
        ({"value": "1", "at": "2999-01-01T10:00"}, "cannot be in the future"),
    ],
)
def test_a_bad_reading_is_refused_and_nothing_is_saved(
    client: Client, cast: Cast, data: dict, message: str
) -> None:
    kpi = actions.create_kpi(
        cast.bob, cast.checkout, name="Uptime", healthy_min=Decimal("99.9"), healthy_max=None
    )
    client.force_login(cast.bob)
    response = client.post(reverse("cadence:kpi-detail", args=[kpi.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not KpiReading.objects.exists()


def test_an_outsider_cannot_add_kpis_or_readings(client: Client, cast: Cast) -> None:
    kpi = actions.create_kpi(
        cast.bob, cast.checkout, name="Uptime", healthy_min=Decimal("99.9"), healthy_max=None
    )
    client.force_login(cast.charlie)
    assert client.post(kpis_url(cast), {"name": "x", "healthy_min": "1"}).status_code == 403
    assert (
        client.post(reverse("cadence:kpi-detail", args=[kpi.pk]), {"value": "5"}).status_code == 403
    )
    assert Kpi.objects.count() == 1 and not KpiReading.objects.exists()


def test_backlog_and_kpi_pages_have_a_bounded_query_count(client: Client, cast: Cast) -> None:
    def measure(n: int) -> list[int]:
        for i in range(n):
            actions.park_in_backlog(cast.bob, cast.checkout, title=f"idea {n}.{i}")
            kpi = actions.create_kpi(
                cast.bob,
                cast.checkout,
                name=f"KPI {n}.{i}",
                healthy_min=None,
                healthy_max=Decimal(1),
            )
            for r in range(n):
                actions.record_kpi_reading(
                    cast.bob, kpi, value=Decimal(r), at=timezone.now() - timedelta(days=r)
                )
        counts = []
        for url in (
            backlog_url(cast),
            kpis_url(cast),
            reverse("cadence:kpi-detail", args=[Kpi.objects.last().pk]),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    client.force_login(cast.bob)
    small, large = measure(2), measure(8)
    print(f"backlog, KPIs, KPI pages: {small} → {large} queries")
    assert small == large and max(large) <= 15


def test_an_unhealthy_kpi_starts_a_recovery_objective(
    client: Client, cast: Cast, quarter: Period
) -> None:
    kpi = actions.create_kpi(
        cast.bob,
        cast.checkout,
        name="Payment error rate",
        unit_label="%",
        healthy_min=None,
        healthy_max=Decimal(1),
    )
    client.force_login(cast.bob)
    url = reverse("cadence:kpi-recovery", args=[kpi.pk]) + f"?period={quarter.slug}"
    client.post(url, follow=True)
    assert not Objective.objects.exists()  # no reading: nothing to recover
    actions.record_kpi_reading(cast.bob, kpi, value=Decimal("1.4"))
    assert (
        "Start a recovery objective"
        in client.get(reverse("cadence:kpi-detail", args=[kpi.pk])).content.decode()
    )
    response = client.post(url)
    objective = Objective.objects.get()
    assert response.url == objective.get_absolute_url()
    kr = objective.key_results.get()
    assert (kr.baseline, kr.target, kr.owner_unit) == (Decimal("1.4"), Decimal("1"), cast.checkout)
    assert kr.title == "Payment error rate from 1.4% to 1%"
    client.force_login(cast.charlie)
    assert client.post(url).status_code == 403
    assert Objective.objects.count() == 1


def test_the_sixth_objective_refusal_offers_to_park_that_very_text(
    client: Client, cast: Cast, quarter: Period
) -> None:
    for n in range(5):
        make_objective(quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout])
    client.force_login(cast.bob)
    data = {
        "title": "Delight gift-card buyers",
        "description": "Gift cards are a fifth of December sales.",
        "owner": cast.bob.pk,
        "units": [cast.checkout.pk],
        "stretch": "aspirational",
        "kind": "strategic",
    }
    create = reverse("okrs:objective-create") + f"?unit={cast.checkout.slug}&period={quarter.slug}"
    page = client.post(create, data).content.decode()
    assert Objective.objects.count() == 5
    assert "Park “Delight gift-card buyers” in Checkout's backlog" in page
    client.post(backlog_url(cast), {"title": data["title"], "description": data["description"]})
    item = BacklogItem.objects.get()
    assert (item.title, item.description) == (data["title"], data["description"])


def test_the_coachs_track_as_a_kpi_fix_opens_the_kpi_form_prefilled(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Maintain 99.9% checkout uptime", owner=cast.alice, units=[cast.checkout]
    )
    client.force_login(cast.bob)
    response = client.get(reverse("cadence:kpi-from-objective", args=[objective.pk]))
    assert response.url.startswith(kpis_url(cast))
    page = client.get(response.url).content.decode()
    assert 'value="99.9% checkout uptime"' in page
