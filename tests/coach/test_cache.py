"""The coach's stored findings follow every change people make."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from tests.coach.conftest import Planted
from tests.conftest import Cast
from waypoint.okrs import actions


def health(client: Client) -> str:
    return client.get(reverse("coach:health")).content.decode()


def test_a_rewritten_key_result_leaves_the_health_page_at_once(
    client: Client, cast: Cast, planted: Planted
) -> None:
    client.force_login(cast.bob)
    assert "Publish 4 blog posts" in health(client)
    assert "Publish 4 blog posts" in health(client)  # served from the cache
    actions.change_key_result(
        cast.bob,
        planted.bad_kr,
        {
            "title": "Grow organic sign-ups from 300 to 450 a month",
            "baseline": Decimal(300),
            "target": Decimal(450),
        },
        reason="Measure the outcome, not the posts",
    )
    assert "Publish 4 blog posts" not in health(client)


def test_a_new_bad_key_result_shows_up_at_once(
    client: Client, cast: Cast, planted: Planted
) -> None:
    client.force_login(cast.bob)
    assert "Hire 3 engineers" not in health(client)
    actions.add_key_result(
        cast.bob,
        planted.good,
        title="Hire 3 engineers",
        owner_unit=cast.checkout,
        kind="quantity",
        target=Decimal(3),
    )
    assert "Hire 3 engineers" in health(client)
