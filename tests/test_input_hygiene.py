"""Bad input anywhere gets a clear answer, never a server error, and is never stored as typed
when no database could keep it (NUL characters, ids beyond 64 bits, numbers in other scripts)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.coach.models import Dismissal
from waypoint.okrs import actions
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period

NUL = "\x00"
TOO_BIG = str(2**63)


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )


@pytest.fixture
def kr(cast: Cast, objective: Objective) -> KeyResult:
    return make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )


def test_a_nul_in_a_reason_that_skips_forms_is_stripped(
    client: Client, cast: Cast, objective: Objective
) -> None:
    actions.close_objective(cast.alice, objective, status="missed")
    client.force_login(cast.bob)
    response = client.post(
        reverse("okrs:reopen-objective", args=[objective.pk]), {"reason": f"Wrong{NUL} call"}
    )
    assert response.status_code == 302
    assert Change.objects.filter(field="status").first().reason == "Wrong call"


def test_a_nul_in_a_dismissal_reason_is_stripped(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    client.post(
        reverse("coach:dismiss"),
        {
            "code": "disconnected.no-link",
            "subject": "objective",
            "subject_id": objective.pk,
            "reason": f"Top{NUL}-level bet",
        },
    )
    assert Dismissal.objects.get().reason == "Top-level bet"


@pytest.mark.parametrize(
    "path",
    [
        lambda cast, q: f"/?period={q.slug}{NUL}",
        lambda cast, q: f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}{NUL}",
        lambda cast, q: f"{reverse('okrs:my-okrs')}?period={NUL}",
        lambda cast, q: f"{reverse('coach:health')}?period={NUL}{NUL}",
    ],
)
def test_a_nul_in_the_query_string_is_no_server_error(
    client: Client, cast: Cast, quarter: Period, path
) -> None:
    client.force_login(cast.bob)
    response = client.get(path(cast, quarter))
    assert response.status_code in {200, 404}


def test_a_nul_in_a_form_field_is_not_stored(client: Client, cast: Cast, kr: KeyResult) -> None:
    client.force_login(cast.bob)
    client.post(
        reverse("okrs:check-in", args=[kr.pk]),
        {"value": "2.5", "confidence": "7", "note": f"Apple{NUL} Pay"},
    )
    assert CheckIn.objects.get().note == "Apple Pay"


def test_an_id_beyond_64_bits_in_a_multi_select_is_a_form_error(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    url = f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}&period={quarter.slug}"
    response = client.post(
        url,
        {
            "title": "Make checkout effortless on mobile",
            "owner": cast.alice.pk,
            "units": [cast.checkout.pk],
            "stretch": "aspirational",
            "kind": "strategic",
            "parent_objectives": [TOO_BIG],
        },
    )
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert not Objective.objects.exists()


@pytest.mark.parametrize("field", ["owner", "units"])
def test_an_id_beyond_64_bits_in_a_single_choice_is_a_form_error(
    client: Client, cast: Cast, quarter: Period, field: str
) -> None:
    client.force_login(cast.bob)
    url = f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}&period={quarter.slug}"
    data = {
        "title": "Make checkout effortless on mobile",
        "owner": cast.alice.pk,
        "units": [cast.checkout.pk],
        "stretch": "aspirational",
        "kind": "strategic",
        field: TOO_BIG,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Objective.objects.exists()


def test_an_id_beyond_64_bits_in_a_url_is_not_found(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    assert client.get(f"/objectives/{TOO_BIG}/").status_code == 404
    assert client.get(f"/key-results/{TOO_BIG}0/").status_code == 404


@pytest.mark.parametrize("typed", ["1_000", "٣", "３", "1e3", "2..5", "½", "0x10"])
def test_a_check_in_takes_only_plain_numbers(
    client: Client, cast: Cast, kr: KeyResult, typed: str
) -> None:
    client.force_login(cast.bob)
    response = client.post(
        reverse("okrs:check-in", args=[kr.pk]), {"value": typed, "confidence": "7"}
    )
    assert response.status_code == 200
    assert "Enter a number, e.g. 42 or 3.5." in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "typed, stored", [("2.5", "2.5"), ("2,5", "2.5"), ("-1", "-1"), (" 3 ", "3")]
)
def test_a_check_in_takes_plain_numbers_with_a_point_or_comma(
    client: Client, cast: Cast, kr: KeyResult, typed: str, stored: str
) -> None:
    client.force_login(cast.bob)
    # Confirmed as typed: -1 on a 2 → 3 key result would first ask "did you mean…?".
    data = {"value": typed, "confidence": "7", "confirmed_value": typed}
    client.post(reverse("okrs:check-in", args=[kr.pk]), data)
    assert str(CheckIn.objects.get().value.normalize()) == stored
