"""Every page needs a login, forms need a CSRF token, passwords are hashed with Argon2."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Objective, Period


@pytest.fixture
def urls(cast: Cast, quarter: Period) -> list[str]:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(objective, "Conversion", owner_unit=cast.checkout, baseline=2, target=3)
    return [
        reverse("okrs:home"),
        reverse("okrs:my-okrs"),
        cast.checkout.get_absolute_url(),
        objective.get_absolute_url(),
        reverse("okrs:objective-create"),
        reverse("okrs:objective-edit", args=[objective.pk]),
        kr.get_absolute_url(),
        reverse("okrs:check-in", args=[kr.pk]),
        reverse("personal:goal-list"),
        reverse("personal:goal-create"),
    ]


def test_every_page_needs_a_login(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_post_without_a_csrf_token_is_refused(cast: Cast, quarter: Period) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.alice)
    response = client.post(
        f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}",
        {
            "title": "Sneaky",
            "owner": cast.alice.pk,
            "units": [cast.checkout.pk],
            "stretch": "aspirational",
            "kind": "strategic",
        },
    )
    assert response.status_code == 403
    assert not Objective.objects.exists()


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    production = importlib.import_module("waypoint.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_logging_in_with_the_login_form(client: Client, cast: Cast) -> None:
    from tests.factory import PASSWORD

    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("login"), {"username": "bob", "password": "wrong"})
    assert "Please enter a correct username and password" in response.content.decode()


def test_administrators_manage_the_organisation_in_the_django_admin(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.admin)
    for name in (
        "admin:index",
        "admin:okrs_objective_changelist",
        "admin:orgs_unit_changelist",
        "admin:orgs_person_changelist",
        "admin:okrs_period_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(cast.bob)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
