"""My OKRs: objectives I own and the key results of my teams."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Period


def test_it_shows_objectives_i_own_and_my_teams_key_results(
    client: Client, cast: Cast, quarter: Period
) -> None:
    mine = make_objective(
        quarter, "Make search results obviously relevant", owner=cast.bob, units=[cast.search]
    )
    make_key_result(
        mine,
        "Zero-result searches from 8% to 3%",
        owner_unit=cast.search,
        baseline=8,
        target=3,
        unit_label="%",
    )
    shared = make_objective(
        quarter, "Checkout everyone trusts", owner=cast.alice, units=[cast.checkout]
    )
    make_key_result(
        shared,
        "Payment errors from 1.2% to 0.4%",
        owner_unit=cast.checkout,
        baseline=1.2,
        target=0.4,
    )
    other = make_objective(quarter, "Faster close", owner=cast.alice, units=[cast.finance])
    make_key_result(
        other, "Close in 5 days instead of 9", owner_unit=cast.finance, baseline=9, target=5
    )
    client.force_login(cast.bob)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    assert "Make search results obviously relevant" in page
    assert "Payment errors from 1.2% to 0.4%" in page
    assert "Close in 5 days instead of 9" not in page


def test_it_says_so_when_i_own_nothing(client: Client, cast: Cast, quarter: Period) -> None:
    client.force_login(cast.charlie)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    assert "You own no objective" in page
    assert "None of your teams owns a key result" in page


def test_every_id_on_my_okrs_is_unique(client: Client, cast: Cast, quarter: Period) -> None:
    """A key result of an objective I own that my team also owns shows once, with its
    objective, so its check-in opens in the right place."""
    import re
    from collections import Counter

    mine = make_objective(
        quarter, "Checkout everyone trusts", owner=cast.bob, units=[cast.checkout]
    )
    make_key_result(
        mine, "Payment errors from 1.2% to 0.4%", owner_unit=cast.checkout, baseline=1.2, target=0.4
    )
    theirs = make_objective(quarter, "Faster checkout", owner=cast.alice, units=[cast.checkout])
    make_key_result(
        theirs, "Checkout time from 90 s to 40 s", owner_unit=cast.checkout, baseline=90, target=40
    )
    client.force_login(cast.bob)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert page.count(">Payment errors from 1.2% to 0.4%</a>") == 1
    assert "Checkout time from 90 s to 40 s" in page
