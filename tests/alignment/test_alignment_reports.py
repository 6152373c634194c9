"""The alignment reports page and `waypoint alignment`: fragmentation, mirroring,
marginalisation for one period."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_objective, make_unit
from waypoint.okrs.models import Objective, Period

REPORTS = reverse("alignment:reports")


@pytest.fixture
def chasing(cast: Cast, quarter: Period) -> tuple[Objective, Objective]:
    """Checkout (Product) and Finance chase one goal separately; Search has nothing."""
    first = make_objective(
        quarter, "Win back lapsed enterprise customers", owner=cast.alice, units=[cast.checkout]
    )
    second = make_objective(
        quarter,
        "Win back lapsed enterprise customers this year",
        owner=cast.admin,
        units=[cast.finance],
    )
    make_objective(
        quarter, "One journey from search to paid", owner=cast.dana, units=[cast.virtual]
    )
    return first, second


def test_everyone_logged_in_reads_the_reports_and_health_links_to_them(
    client: Client, cast: Cast, chasing: tuple
) -> None:
    client.force_login(cast.charlie)
    health = client.get(reverse("coach:health")).content.decode()
    assert REPORTS in health
    html = client.get(REPORTS).content.decode()
    first, second = chasing
    assert first.title in html and second.title in html
    assert "Search</a> — No objectives this period" in html
    assert "Finance</a> — A supporting unit without a support goal" in html
    assert "data-mirroring-chart" in html
    client.logout()
    assert client.get(REPORTS).status_code == 302


def test_an_empty_period_says_so(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.bob)
    html = client.get(REPORTS).content.decode()
    assert "No two departments pursue the same goal separately" in html
    assert client.get(REPORTS, {"period": "no-such-period"}).status_code == 404


def test_the_cli_prints_the_reports_as_json(
    capsys: pytest.CaptureFixture[str], cast: Cast, quarter: Period, chasing: tuple
) -> None:
    call_command("alignment", "--period", quarter.slug, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    first, second = chasing
    [pair] = data["fragmentation"]
    assert {pair["first"]["id"], pair["second"]["id"]} == {first.pk, second.pk}
    assert pair["first"]["title"] == first.title and 0.5 <= pair["similarity"] <= 1
    current = [row for row in data["mirroring"] if row["period"] == quarter.slug]
    assert current == [
        {
            "period": quarter.slug,
            "single_department": 2,
            "cross_functional": 1,
            "cross_functional_share": 0.333,
        }
    ]
    reasons = {row["unit"]: row["reason"] for row in data["marginalisation"]}
    assert reasons["Search"] == "no_objectives" and reasons["Finance"] == "no_support_goal"
    assert "Checkout" not in reasons and "Checkout Experience" not in reasons


def test_the_cli_prints_text_and_refuses_an_unknown_period(
    capsys: pytest.CaptureFixture[str], cast: Cast, quarter: Period, chasing: tuple
) -> None:
    call_command("alignment")
    out = capsys.readouterr().out
    assert "Fragmentation" in out and "Win back lapsed enterprise customers" in out
    assert "Search: No objectives this period" in out
    with pytest.raises(CommandError, match="No period 'nope'"):
        call_command("alignment", "--period", "nope")


def test_a_unit_with_only_ktlo_objectives_is_marginalised(
    capsys: pytest.CaptureFixture[str], cast: Cast, quarter: Period
) -> None:
    ops = make_unit("Ops", "team", parent=cast.product)
    make_objective(quarter, "Keep the lights on in the data centre", owner=cast.admin, units=[ops])
    call_command("alignment", "--format", "json")
    reasons = {
        row["unit"]: row["reason"] for row in json.loads(capsys.readouterr().out)["marginalisation"]
    }
    assert reasons["Ops"] == "only_ktlo"
