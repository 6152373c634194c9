"""The team check-in page: every open key result of a unit, one "Save all"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective, make_unit
from waypoint.okrs.models import CheckIn, KeyResult, Period


def six_key_results(cast: Cast, quarter: Period) -> list[KeyResult]:
    krs = []
    for o in range(2):
        objective = make_objective(
            quarter, f"Make checkout effortless {o}", owner=cast.alice, units=[cast.checkout]
        )
        for k in range(3):
            krs.append(
                make_key_result(
                    objective,
                    f"Raise metric {o}.{k}",
                    owner_unit=cast.checkout,
                    baseline=0,
                    target=100,
                )
            )
    return krs


def url(cast: Cast, quarter: Period) -> str:
    return reverse("cadence:team-check-in", args=[cast.checkout.slug]) + f"?period={quarter.slug}"


def row_data(kr: KeyResult, value: str = "", confidence: str = "7", note: str = "") -> dict:
    prefix = f"kr-{kr.pk}"
    return {f"{prefix}-value": value, f"{prefix}-confidence": confidence, f"{prefix}-note": note}


def test_it_shows_every_open_key_result_with_its_previous_check_in(
    client: Client, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    make_check_in(krs[0], 40, confidence=4, note="Blocked on the payments API", author=cast.bob)
    other = make_objective(quarter, "Search is fast", owner=cast.charlie, units=[cast.search])
    make_key_result(other, "Cut search latency", owner_unit=cast.search, baseline=900, target=300)
    client.force_login(cast.alice)
    page = client.get(url(cast, quarter)).content.decode()
    for kr in krs:
        assert f'id="id_kr-{kr.pk}-value"' in page
    assert "Blocked on the payments API" in page
    assert "Cut search latency" not in page
    assert "Save all" in page


def test_a_lead_checks_in_six_key_results_with_one_submit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.alice)
    data: dict[str, str] = {}
    for n, kr in enumerate(krs):
        data |= row_data(kr, str(10 * (n + 1)), "6", f"note {n}")
    response = client.post(url(cast, quarter), data)
    assert response.status_code == 302
    assert CheckIn.objects.count() == 6
    assert [kr.current for kr in KeyResult.objects.order_by("id")] == [10, 20, 30, 40, 50, 60]
    assert "6 check-ins saved." in client.get(response.url).content.decode()


def test_empty_rows_are_left_alone(client: Client, cast: Cast, quarter: Period) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.bob)
    data = row_data(krs[0], "12") | row_data(krs[1])
    assert client.post(url(cast, quarter), data).status_code == 302
    assert list(CheckIn.objects.values_list("key_result_id", flat=True)) == [krs[0].pk]


def test_a_row_with_an_error_keeps_what_was_typed_and_the_others_save(
    client: Client, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.bob)
    data = (
        row_data(krs[0], "25", "8", "good week")
        | row_data(krs[1], "lots", "3", "typed a word")
        | row_data(krs[2], "", "2", "note without a value")
    )
    response = client.post(url(cast, quarter), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert list(CheckIn.objects.values_list("key_result_id", flat=True)) == [krs[0].pk]
    assert "Enter a number" in page
    assert "Enter the new value." in page
    assert 'value="lots"' in page and 'value="typed a word"' in page
    assert 'value="note without a value"' in page
    assert "1 check-in saved." in page


def test_a_key_result_closed_meanwhile_drops_off_and_the_others_save(
    client: Client, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.bob)
    page = client.get(url(cast, quarter))
    assert page.status_code == 200
    KeyResult.objects.filter(pk=krs[0].pk).update(status="achieved")
    response = client.post(url(cast, quarter), row_data(krs[0], "50") | row_data(krs[1], "5"))
    # krs[0] is no longer open: it drops off the sheet; krs[1] saves.
    assert response.status_code == 302
    assert list(CheckIn.objects.values_list("key_result_id", flat=True)) == [krs[1].pk]


def test_an_outsider_reads_the_sheet_but_saves_nothing(
    client: Client, cast: Cast, quarter: Period
) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.charlie)
    page = client.get(url(cast, quarter)).content.decode()
    assert "Save all" not in page and "You can read this sheet" in page
    assert client.post(url(cast, quarter), row_data(krs[0], "99")).status_code == 403
    assert not CheckIn.objects.exists()


def test_it_says_who_is_due_and_overdue(client: Client, cast: Cast, quarter: Period) -> None:
    krs = six_key_results(cast, quarter)
    now = timezone.now()
    make_check_in(krs[0], 10, author=cast.bob, at=now)
    client.force_login(cast.alice)
    page = client.get(url(cast, quarter)).content.decode()
    days_in = (timezone.localdate() - quarter.start).days
    if days_in >= 14:
        assert page.count("chip chip--overdue") == 5
    assert page.count("chip chip--done") == 1


def test_an_empty_team_gets_a_helpful_page(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.alice)
    page = client.get(url(cast, quarter)).content.decode()
    assert "owns no open key result" in page


def test_it_is_linked_from_the_unit_page_and_my_okrs(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    target = reverse("cadence:team-check-in", args=[cast.checkout.slug])
    assert target in client.get(cast.checkout.get_absolute_url()).content.decode()
    assert target in client.get(reverse("okrs:my-okrs")).content.decode()


def test_its_query_count_does_not_grow_with_the_team(
    client: Client, cast: Cast, quarter: Period
) -> None:
    def measure(krs: list[KeyResult]) -> int:
        for kr in krs:
            for week in range(3):
                make_check_in(kr, week, author=cast.bob, at=timezone.now() - timedelta(days=week))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(cast, quarter)).status_code == 200
        return len(queries)

    client.force_login(cast.bob)
    small = measure(six_key_results(cast, quarter))
    make_unit("Extra", "team", parent=cast.product)
    large = measure(six_key_results(cast, quarter) + six_key_results(cast, quarter))
    print(f"team check-in: {small} queries (6 KRs), {large} queries (18 KRs)")
    assert small == large <= 20


@pytest.mark.parametrize("rows", [6])
def test_saving_six_rows_takes_a_bounded_number_of_queries(
    client: Client, cast: Cast, quarter: Period, rows: int
) -> None:
    krs = six_key_results(cast, quarter)
    client.force_login(cast.alice)
    data: dict[str, str] = {}
    for kr in krs[:rows]:
        data |= row_data(kr, "5")
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url(cast, quarter), data).status_code == 302
    print(f"team check-in save of {rows} rows: {len(queries)} queries")
    assert len(queries) <= 12 + 6 * rows
