"""Action commitments: create, done, dropped, carried over; the per-person limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.cadence import actions
from waypoint.cadence.models import Commitment
from waypoint.okrs.models import KeyResult, Period


@pytest.fixture
def kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    return make_key_result(
        objective, "Raise conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )


def commit(cast: Cast, title: str, **kwargs) -> Commitment:
    return actions.create_commitment(
        cast.bob, cast.checkout, person=cast.bob, title=title, **kwargs
    )


def url(cast: Cast) -> str:
    return reverse("cadence:unit-commitments", args=[cast.checkout.slug])


def test_a_member_adds_a_commitment_linked_to_a_key_result(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    client.force_login(cast.bob)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        url(cast),
        {"title": "Run the pricing test", "key_result": kr.pk, "person": cast.bob.pk, "due": due},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.title, commitment.key_result, commitment.person) == (
        "Run the pricing test",
        kr,
        cast.bob,
    )
    page = client.get(url(cast)).content.decode()
    assert "Run the pricing test" in page and "Raise conversion" in page


def test_the_sixth_open_commitment_is_refused_naming_the_open_ones(
    client: Client, cast: Cast, kr: KeyResult
) -> None:
    for n in range(5):
        commit(cast, f"Task number {n}")
    client.force_login(cast.bob)
    due = timezone.localdate().isoformat()
    response = client.post(url(cast), {"title": "One too many", "person": cast.bob.pk, "due": due})
    assert response.status_code == 422
    page = response.content.decode()
    assert "already has 5 open commitments" in page
    for n in range(5):
        assert f"Task number {n}" in page
    assert 'value="One too many"' in page  # what was typed is kept
    assert Commitment.objects.count() == 5


def test_the_limit_is_a_setting(cast: Cast, settings) -> None:
    settings.WAYPOINT_COMMITMENT_LIMIT = 2
    commit(cast, "one")
    commit(cast, "two")
    with pytest.raises(ValidationError, match="limit is 2"):
        commit(cast, "three")


def test_done_and_dropped_commitments_free_a_place(cast: Cast) -> None:
    made = [commit(cast, f"t{n}") for n in range(5)]
    actions.complete_commitment(cast.bob, made[0])
    actions.drop_commitment(cast.alice, made[1])
    commit(cast, "new one")
    commit(cast, "another")
    assert Commitment.objects.open().count() == 5
    assert Commitment.objects.get(pk=made[0].pk).done_at is not None


def test_carrying_over_reopens_it_for_next_week_even_at_the_limit(
    cast: Cast, kr: KeyResult
) -> None:
    made = [commit(cast, f"t{n}", key_result=kr) for n in range(5)]
    again = actions.carry_over_commitment(cast.bob, made[0])
    assert Commitment.objects.get(pk=made[0].pk).status == "carried"
    assert again.status == "open" and again.carried_from_id == made[0].pk
    assert again.key_result == kr
    assert again.due == max(made[0].due, timezone.localdate()) + timedelta(days=7)
    assert Commitment.objects.open().count() == 5


def test_a_closed_commitment_cannot_change_again(client: Client, cast: Cast) -> None:
    made = commit(cast, "t")
    actions.complete_commitment(cast.bob, made)
    with pytest.raises(ValidationError, match="already done"):
        actions.drop_commitment(cast.bob, made)
    client.force_login(cast.bob)
    response = client.post(reverse("cadence:commitment-drop", args=[made.pk]), follow=True)
    assert "already done" in response.content.decode()
    assert Commitment.objects.get().status == "done"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Say what you commit to"),
        ("person", "charlie", "not a member of Checkout"),
        ("key_result", "other", "open key result of Checkout"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    cast: Cast, quarter: Period, kr: KeyResult, field: str, value: str, message: str
) -> None:
    other = make_objective(quarter, "Search is fast", owner=cast.charlie, units=[cast.search])
    other_kr = make_key_result(other, "Cut latency", owner_unit=cast.search, baseline=9, target=3)
    args = {"person": cast.bob, "title": "ok", "key_result": kr}
    args[field] = {"charlie": cast.charlie, "other": other_kr}.get(value, value)
    with pytest.raises(ValidationError, match=message):
        actions.create_commitment(cast.bob, cast.checkout, **args)
    assert not Commitment.objects.exists()


def test_an_outsider_can_neither_add_nor_close_commitments(client: Client, cast: Cast) -> None:
    made = commit(cast, "t")
    with pytest.raises(PermissionDenied):
        actions.create_commitment(cast.charlie, cast.checkout, person=cast.bob, title="x")
    client.force_login(cast.charlie)
    due = timezone.localdate().isoformat()
    assert (
        client.post(url(cast), {"title": "x", "person": cast.bob.pk, "due": due}).status_code == 403
    )
    assert client.post(reverse("cadence:commitment-done", args=[made.pk])).status_code == 403
    assert Commitment.objects.get().status == "open" and Commitment.objects.count() == 1
    assert "Add commitment" not in client.get(url(cast)).content.decode()


def test_a_lead_of_the_department_acts_for_its_teams(cast: Cast) -> None:
    from tests.factory import add_member

    add_member(cast.product, cast.dana, lead=True)
    made = actions.create_commitment(cast.dana, cast.checkout, person=cast.bob, title="from above")
    actions.complete_commitment(cast.dana, made)


def test_my_commitments_are_on_my_okrs(client: Client, cast: Cast, quarter: Period) -> None:
    commit(cast, "Write the release notes")
    actions.create_commitment(cast.alice, cast.checkout, person=cast.alice, title="Alice's own")
    client.force_login(cast.bob)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    assert "Write the release notes" in page and "Alice's own" not in page
    assert reverse("cadence:commitment-done", args=[Commitment.objects.first().pk]) in page


def test_done_from_my_okrs_returns_there(client: Client, cast: Cast, quarter: Period) -> None:
    made = commit(cast, "t")
    client.force_login(cast.bob)
    back = reverse("okrs:my-okrs")
    response = client.post(reverse("cadence:commitment-done", args=[made.pk]), {"next": back})
    assert response.url == back
    evil = client.post(
        reverse("cadence:commitment-drop", args=[commit(cast, "u").pk]),
        {"next": "https://evil.example/"},
    )
    assert evil.url == url(cast)


def test_the_in_flight_page_query_count_is_bounded(
    client: Client, cast: Cast, kr: KeyResult, settings
) -> None:
    settings.WAYPOINT_COMMITMENT_LIMIT = 100

    def measure(n: int) -> int:
        for i in range(n):
            commit(cast, f"c{n}-{i}", key_result=kr)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(cast)).status_code == 200
        return len(queries)

    client.force_login(cast.bob)
    small, large = measure(2), measure(20)
    print(f"commitments page: {small} queries (2), {large} queries (22)")
    assert small == large <= 20
