"""Opening periods, the learning loop page and `waypoint close-quarter`."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.coach.service import diagnose_period
from waypoint.domain.periods import previous_quarter, quarter_of
from waypoint.okrs.models import Objective, Period, Status
from waypoint.planning import actions
from waypoint.seed import period_from_span


def latest_quarter() -> Period:
    return Period.objects.filter(kind="quarter").order_by("-start").first()


def test_an_administrator_opens_the_next_quarter(
    client: Client, cast: Cast, quarter: Period
) -> None:
    before = latest_quarter()
    client.force_login(cast.admin)
    page = client.get(reverse("planning:period-list")).content.decode()
    expected = actions.next_span("quarter", list(Period.objects.all()))
    assert f"Open {expected.name}" in page
    response = client.post(reverse("planning:period-create"), {"kind": "quarter"}, follow=True)
    assert f"{expected.name} is open for planning." in response.content.decode()
    created = latest_quarter()
    assert created.start == before.end + timedelta(days=1)


def test_only_administrators_open_periods(client: Client, cast: Cast, quarter: Period) -> None:
    count = Period.objects.count()
    client.force_login(cast.alice)
    assert "Open " not in client.get(reverse("planning:period-list")).content.decode()
    assert client.post(reverse("planning:period-create"), {"kind": "quarter"}).status_code == 403
    assert Period.objects.count() == count


def test_periods_opened_in_a_row_tile_time_without_overlap(cast: Cast, quarter: Period) -> None:
    for _ in range(5):
        actions.create_next_period(cast.admin, "quarter")
    quarters = list(Period.objects.filter(kind="quarter").order_by("start"))
    for earlier, later in zip(quarters, quarters[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)


def test_opening_something_other_than_a_quarter_or_year_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        actions.create_next_period(cast.admin, "custom")


@pytest.fixture
def closed_quarter(cast: Cast, quarter: Period) -> Period:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.7, author=cast.bob)
    return quarter


def test_close_quarter_dry_run_lists_the_proposals_as_json(
    cast: Cast, closed_quarter: Period
) -> None:
    out = StringIO()
    call_command(
        "close_quarter",
        "Checkout",
        "--period",
        closed_quarter.slug,
        "--dry-run",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    objective = data["objectives"][0]
    assert (objective["title"], objective["proposed_state"]) == (
        "Make checkout effortless",
        "achieved",
    )
    kr = objective["key_results"][0]
    assert (kr["proposed_score"], kr["proposed_state"]) == (0.7, "achieved")
    assert Objective.objects.get().status == Status.ACTIVE


def test_close_quarter_applies_the_proposals(cast: Cast, closed_quarter: Period) -> None:
    call_command(
        "close_quarter", str(cast.checkout.pk), "--period", closed_quarter.slug, stdout=StringIO()
    )
    objective = Objective.objects.get()
    assert (objective.status, str(objective.score)) == ("achieved", "0.70")
    assert objective.key_results.get().status == "achieved"


def test_close_quarter_refuses_an_unknown_unit(cast: Cast, closed_quarter: Period) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No unit 'Nope'"):
        call_command("close_quarter", "Nope", stdout=StringIO())


def test_the_learning_loop_shows_averages_and_misses(
    client: Client, cast: Cast, closed_quarter: Period
) -> None:
    call_command("close_quarter", "checkout", "--period", closed_quarter.slug, stdout=StringIO())
    client.force_login(cast.charlie)  # reading is open to everyone
    page = client.get(reverse("planning:learning", args=[cast.checkout.slug])).content.decode()
    assert closed_quarter.name in page
    assert "0.7" in page
    assert "data-learning-chart" in page


def test_the_learning_loop_has_a_helpful_empty_state(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    page = client.get(reverse("planning:learning", args=[cast.search.slug])).content.decode()
    assert "No closed quarter yet." in page


def _full_quarter(cast: Cast, span, title: str) -> Period:  # type: ignore[no-untyped-def]
    """A past quarter in which Checkout reached every aspirational target, closed by the CLI."""
    period = period_from_span(span)
    objective = make_objective(period, title, owner=cast.alice, units=[cast.checkout])
    kr = make_key_result(
        objective,
        f"{title}: conversion from 2% to 3%",
        owner_unit=cast.checkout,
        baseline=2,
        target=3,
    )
    make_check_in(kr, 3, author=cast.bob)
    call_command("close_quarter", "checkout", "--period", period.slug, stdout=StringIO())
    return period


def test_the_sandbagging_check_reads_the_learning_loop(
    client: Client, cast: Cast, quarter: Period
) -> None:
    """Two closed quarters at 1.0 on aspirational objectives: the learning page shows it and
    the coach says so on this quarter; a miss in the latest quarter silences it."""
    last = previous_quarter(quarter_of(quarter.start))
    before = previous_quarter(last)
    _full_quarter(cast, before, "Checkout is effortless")
    latest = _full_quarter(cast, last, "Checkout is delightful")
    client.force_login(cast.bob)
    page = client.get(reverse("planning:learning", args=[cast.checkout.slug])).content.decode()
    assert before.name in page and last.name in page and "1.0" in page

    def sandbagging() -> list[str]:
        return [
            f.what for f in diagnose_period(quarter).findings if f.code == "sandbagging.always-full"
        ]

    assert sandbagging() == [
        "Checkout scored 1.0 or more on average on its aspirational objectives quarter after "
        f"quarter (1.0 in {before.name} and 1.0 in {last.name})."
    ]
    Objective.objects.filter(period=latest).update(
        score="0.60", status=Status.PARTIAL, updated_at=timezone.now()
    )
    # A bulk update bypasses the actions (and the coach's re-check): rebuild, as documented.
    call_command("coach_refresh", period=quarter.slug, stdout=StringIO())
    assert sandbagging() == []
