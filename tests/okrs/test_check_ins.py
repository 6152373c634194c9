"""Checking in on a key result, inline with htmx and as a plain form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import CheckIn, KeyResult, Period

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    return make_key_result(
        objective,
        "Conversion from 2% to 3%",
        owner_unit=cast.checkout,
        baseline=2,
        target=3,
        unit_label="%",
    )


def url(kr: KeyResult) -> str:
    return reverse("okrs:check-in", args=[kr.pk])


def test_the_form_shows_the_previous_check_in(client: Client, cast: Cast, kr: KeyResult) -> None:
    make_check_in(kr, 2.4, confidence=6, note="Apple Pay is live", author=cast.alice)
    client.force_login(cast.bob)
    fragment = client.get(url(kr), **HTMX).content.decode()
    assert "Last check-in" in fragment
    assert "Apple Pay is live" in fragment
    assert "<html" not in fragment


def test_an_inline_check_in_returns_the_updated_row(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.bob)
    data = {"value": "2.5", "confidence": "8", "note": "Halfway"}
    response = client.post(f"{url(kr)}?card=1", data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#kr-{kr.pk}"
    body = response.content.decode()
    assert f'id="kr-{kr.pk}"' in body
    assert "50%" in body
    assert f'id="objective-progress-{kr.objective_id}" hx-swap-oob="true"' in body
    kr.refresh_from_db()
    assert (kr.current, kr.confidence) == (Decimal("2.5"), 8)
    assert CheckIn.objects.get().author == cast.bob


def test_a_plain_form_check_in_redirects_to_the_objective(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.bob)
    response = client.post(url(kr), {"value": "3.3", "confidence": "9"})
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.progress.raw == pytest.approx(1.3)
    assert kr.progress.display == 1.0


@pytest.mark.parametrize("value", ["lots", "", "1e400x"])
def test_a_check_in_that_is_not_a_number_is_refused(
    client: Client, cast: Cast, kr: KeyResult, value: str
) -> None:
    client.force_login(cast.bob)
    response = client.post(url(kr), {"value": value, "confidence": "7", "note": "keep me"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter" in body
    assert "keep me" in body
    assert not CheckIn.objects.exists()


def test_someone_outside_the_owner_team_cannot_check_in(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.charlie)
    response = client.post(url(kr), {"value": "2.9", "confidence": "7"})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()
    page = client.get(kr.objective.get_absolute_url()).content.decode()
    assert "Check in</a>" not in page


def test_the_objective_owner_and_administrators_can_check_in(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    for person in (cast.alice, cast.admin):
        client.force_login(person)
        assert client.post(url(kr), {"value": "2.2", "confidence": "5"}).status_code == 302
    assert CheckIn.objects.count() == 2


def test_the_objective_page_charts_check_ins_against_the_plan(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    make_check_in(kr, 2.2, author=cast.bob)
    make_check_in(kr, 2.45, author=cast.bob)
    client.force_login(cast.bob)
    response = client.get(kr.objective.get_absolute_url())
    chart = response.context["charts"][kr.pk]
    assert [point[1] for point in chart["actual"]] == [2.0, 2.2, 2.45]
    assert chart["plan"] == [
        [kr.objective.period.start.isoformat(), 2.0],
        [kr.objective.period.end.isoformat(), 3.0],
    ]
    assert "data-kr-chart" in response.content.decode()


def test_a_row_outside_its_objective_card_keeps_its_place_and_swaps_nothing_else(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    """On My OKRs and in "Needs attention" the objective's progress is not on the page: the
    fragment must not carry an out-of-band swap whose target is missing, and it replaces the
    row it came from (whose id carries the section's prefix)."""
    client.force_login(cast.bob)
    form = client.get(f"{url(kr)}?row=attention-", **HTMX).content.decode()
    assert f'hx-post="{url(kr)}?row=attention-"' in form
    assert f'id="id_attention-kr{kr.pk}_value"' in form
    response = client.post(f"{url(kr)}?row=attention-", {"value": "2", "confidence": "6"}, **HTMX)
    assert response["HX-Retarget"] == f"#kr-attention-{kr.pk}"
    body = response.content.decode()
    assert f'id="kr-attention-{kr.pk}"' in body
    assert "hx-swap-oob" not in body


def test_a_forged_row_prefix_is_ignored(client: Client, cast: Cast, kr: KeyResult) -> None:
    client.force_login(cast.bob)
    response = client.post(
        f"{url(kr)}?row=%22%3E%3Cscript%3E", {"value": "2", "confidence": "6"}, **HTMX
    )
    assert response["HX-Retarget"] == f"#kr-{kr.pk}"
    assert "<script>" not in response.content.decode()
