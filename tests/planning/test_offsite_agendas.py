"""The monthly, quarterly and annual agendas from a unit's own data: pages, print, Markdown and
`waypoint agenda UNIT --meeting monthly|quarterly|annual`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_period
from waypoint.cadence import actions as cadence_actions
from waypoint.okrs.models import Objective, Period
from waypoint.orgs.models import Membership
from waypoint.planning import actions


@pytest.fixture
def okrs(cast: Cast, quarter: Period) -> tuple[Objective, Objective]:
    """Checkout's open objective (behind) and a closed one with its retrospective."""
    behind = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        behind, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.0, author=cast.bob)
    done = make_objective(
        quarter, "Refunds without tickets", owner=cast.alice, units=[cast.checkout]
    )
    done_kr = make_key_result(
        done, "Refund tickets from 40 to 10", owner_unit=cast.checkout, baseline=40, target=10
    )
    make_check_in(done_kr, 20, author=cast.bob)
    actions.close_quarter(
        cast.alice,
        cast.checkout,
        quarter,
        [
            actions.ObjectiveClose(
                objective=done,
                state="partial",
                score=None,
                learned="Self-service refunds work; the form was the blocker.",
                miss_cause="execution",
                key_results=[
                    actions.KeyResultClose(key_result=done_kr, state="partial", score=None)
                ],
            )
        ],
    )
    return behind, done


def url(cast: Cast, meeting: str, period: Period) -> str:
    return f"{reverse('planning:agenda', args=[cast.checkout.slug, meeting])}?period={period.slug}"


def test_the_monthly_agenda_is_the_relevance_check_of_every_open_objective(
    client: Client, cast: Cast, quarter: Period, okrs
) -> None:  # noqa: ANN001
    behind, done = okrs
    actions.record_relevance_check(
        cast.bob,
        cast.checkout,
        quarter,
        answers={str(behind.pk): {"relevant": "yes", "on_track": "no", "change_needed": "yes"}},
    )
    client.force_login(cast.bob)
    response = client.get(url(cast, "monthly", quarter))
    sections = response.context["agenda"].sections
    assert [e.ref for e in sections[0].entries] == [behind.pk]  # the closed one is not checked
    assert "last month: relevant · off track · change needed" in sections[0].entries[0].detail
    page = response.content.decode()
    assert "Relevance check, objective by objective" in page
    assert "Monthly check — Checkout" in page


def test_the_quarterly_agenda_closes_reflects_and_lists_the_back_briefs_below(
    client: Client, cast: Cast, quarter: Period, okrs
) -> None:  # noqa: ANN001
    behind, done = okrs
    start = quarter.end + timedelta(days=1)
    upcoming = make_period("quarter", "Next quarter", start, start + timedelta(days=89), "next-q")
    actions.write_back_brief(
        cast.bob, cast.checkout, upcoming, understood="Buyers leave", plan="Retry payments"
    )
    client.force_login(cast.bob)
    response = client.get(
        f"{reverse('planning:agenda', args=[cast.product.slug, 'quarterly'])}?period={quarter.slug}"
    )
    briefs = {e.title: e for e in response.context["agenda"].sections[4].entries}
    assert briefs["Checkout"].detail.startswith("back-briefed, waiting for an answer")
    assert briefs["Search"].flag == "no_back_brief"

    response = client.get(url(cast, "quarterly", quarter))
    close, retro, *_ = response.context["agenda"].sections
    assert [e.ref for e in close.entries] == [behind.pk, done.pk]  # still open first
    assert close.entries[0].flag == "unscored"
    assert "Self-service refunds work" in retro.entries[1].detail
    page = response.content.decode()
    assert "Plan Next quarter: our drafts" in page and "6 hours" not in page
    assert "1 day" in page


def test_the_annual_agenda_reads_the_year_and_its_strategy_misses(
    client: Client, cast: Cast, quarter: Period, okrs
) -> None:  # noqa: ANN001
    year = Period.objects.get(kind="annual", start__lte=quarter.start, end__gte=quarter.end)
    goal = make_objective(year, "Become the easiest shop", owner=cast.alice, units=[cast.checkout])
    client.force_login(cast.bob)
    response = client.get(url(cast, "annual", quarter))
    goals, learning, strategy, *_ = response.context["agenda"].sections
    assert [e.ref for e in goals.entries] == [goal.pk]
    assert learning.entries[0].title == quarter.name
    assert strategy.entries == ()  # the one miss was execution
    assert f"Annual offsite — Checkout, {year.name}" in response.content.decode()


def test_print_and_markdown_carry_the_same_agenda(
    client: Client, cast: Cast, quarter: Period, okrs
) -> None:  # noqa: ANN001
    client.force_login(cast.bob)
    printed = client.get(url(cast, "quarterly", quarter) + "&print=1").content.decode()
    assert "Back to the agenda" in printed and "Retrospective: what did we learn?" in printed
    response = client.get(
        f"{reverse('planning:agenda-markdown', args=[cast.checkout.slug, 'quarterly'])}"
        f"?period={quarter.slug}"
    )
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert text.startswith(f"# Quarterly offsite — Checkout, {quarter.name}")
    assert "## 2. Retrospective: what did we learn?" in text


def test_an_unknown_meeting_is_not_found(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.bob)
    assert client.get(url(cast, "yearly", quarter)).status_code == 404


def test_a_scheduled_offsite_gives_the_agenda_its_time_and_length(
    client: Client, cast: Cast, quarter: Period, okrs
) -> None:  # noqa: ANN001
    from waypoint.cadence.models import Meeting

    at = timezone.now().replace(microsecond=0) + timedelta(days=3)
    Meeting.objects.create(
        unit=cast.checkout, kind="quarterly", scheduled_for=at, duration_minutes=480
    )
    client.force_login(cast.bob)
    agenda = client.get(url(cast, "quarterly", quarter)).context["agenda"]
    assert agenda.minutes == 480 and agenda.when == timezone.localtime(at)


def test_the_command_prints_the_steering_agendas(
    cast: Cast, quarter: Period, okrs, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    call_command("agenda", "checkout", "--meeting", "monthly")
    assert capsys.readouterr().out.startswith(f"# Monthly check — Checkout, {quarter.name}")
    call_command("agenda", "checkout", "--meeting", "quarterly", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"] == "quarterly" and data["period"] == quarter.slug
    assert [s["key"] for s in data["sections"]][:3] == ["close", "retrospective", "learning"]
    assert data["minutes"] == 360
    call_command("agenda", "Checkout", "--meeting", "annual", "--period", quarter.slug)
    assert "## 1. The goals of" in capsys.readouterr().out


def test_the_command_explains_a_bad_meeting_or_period(cast: Cast, quarter: Period) -> None:
    with pytest.raises(CommandError, match="monthly, quarterly, annual"):
        call_command("agenda", "checkout", "--meeting", "yearly")
    with pytest.raises(CommandError, match="No period 'nope'"):
        call_command("agenda", "checkout", "--meeting", "monthly", "--period", "nope")


def test_a_department_lead_sees_the_backlog_as_deep_dives(
    client: Client, cast: Cast, quarter: Period
) -> None:
    Membership.objects.create(person=cast.dana, unit=cast.product, role=Membership.Role.LEAD)
    cadence_actions.park_in_backlog(cast.dana, cast.product, title="Marketplace payments")
    client.force_login(cast.dana)
    response = client.get(
        f"{reverse('planning:agenda', args=[cast.product.slug, 'quarterly'])}?period={quarter.slug}"
    )
    deep = response.context["agenda"].sections[-1]
    assert [e.title for e in deep.entries] == ["Marketplace payments"]
