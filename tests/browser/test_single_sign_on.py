"""Single sign-on against a real OpenID Connect provider (npm `oidc-provider`, run by node on
loopback), through the browser: the login page's button, the provider's login form, the
callback. Skips without node or the package, except in CI, where it fails."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, Route

from tests.conftest import IN_CI, Cast
from waypoint.orgs.models import Membership, Person

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID, CLIENT_SECRET = "waypoint", "waypoint-test-secret"
OTHER_APP = "other-app"
ACCOUNTS = {
    "bob": {"email": "bob@example.com", "email_verified": True, "name": "Bob Baker"},
    "newton": {
        "email": "newton@example.com",
        "email_verified": True,
        "given_name": "Nora",
        "family_name": "Newton",
    },
    "unverified": {"email": "mallory@example.com", "email_verified": False},
    "outsider": {"email": "olive@elsewhere.org", "email_verified": True},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oidc_provider(live_server: object, **extra: object) -> Iterator[str]:
    """A provider on a free loopback port, with Waypoint (on the live server) and another
    application as clients; `extra` goes into its configuration. Yields its issuer URL."""
    node = shutil.which("node")
    package = Path(django_settings.NODE_MODULES_DIR) / "oidc-provider"
    if node is None or not package.is_dir():
        message = "node and the npm package oidc-provider are needed (npm ci)"
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    callback = f"{live_server.url}/accounts/sso/callback/"  # type: ignore[attr-defined]
    config = {
        "port": port,
        "issuer": issuer,
        "clients": [
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [callback]},
            {"client_id": OTHER_APP, "client_secret": "other-secret", "redirect_uris": [callback]},
        ],
        "accounts": ACCOUNTS,
        **extra,
    }
    env = {**os.environ, "NODE_PATH": str(package.parent)}
    process = subprocess.Popen(
        [node, str(SCRIPT), json.dumps(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=package.parent.parent,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "ready":
            break
    else:
        pytest.fail(f"the OIDC provider did not start: {process.wait()}")
    try:
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def oidc_issuer(live_server: object) -> Iterator[str]:
    with oidc_provider(live_server) as issuer:
        yield issuer


def use_provider(settings, issuer: str, cast: Cast) -> Cast:  # type: ignore[no-untyped-def]
    settings.WAYPOINT_OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.WAYPOINT_OIDC_ALLOWED_DOMAINS = ["example.com"]
    Person.objects.filter(pk=cast.bob.pk).update(email="bob@example.com")
    return cast


@pytest.fixture
def sso(settings, oidc_issuer: str, cast: Cast) -> Cast:
    return use_provider(settings, oidc_issuer, cast)


def sign_in(page: Page, account: str) -> None:
    """From Waypoint's login page through the provider's login form and back."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in with your company account").click()
    page.fill("input[name=login]", account)
    page.fill("input[name=password]", "any password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "127.0.0.1" not in url.split("/")[2] or "/accounts/" in url)
    page.wait_for_load_state("load")


def test_a_person_with_a_verified_address_signs_in_as_themselves(page: Page, sso: Cast) -> None:
    sign_in(page, "bob")
    assert "/accounts/login/" not in page.url
    assert page.locator(".userbox .username").inner_text() == "Bob Baker"
    assert Person.objects.count() == 5  # matched by email, nobody created


def test_someone_new_is_created_on_first_login_in_no_unit(page: Page, sso: Cast) -> None:
    sign_in(page, "newton")
    assert page.locator(".userbox .username").inner_text() == "Nora Newton"
    newton = Person.objects.get(email="newton@example.com")
    assert not newton.has_usable_password()
    assert not Membership.objects.filter(person=newton).exists()
    page.context.clear_cookies()
    sign_in(page, "newton")  # the second time, the same person
    assert Person.objects.filter(email="newton@example.com").count() == 1


def test_an_unverified_address_is_refused(page: Page, sso: Cast) -> None:
    sign_in(page, "unverified")
    assert "/accounts/login/" in page.url
    assert "has not verified mallory@example.com" in page.locator("main").inner_text()
    assert not Person.objects.filter(email="mallory@example.com").exists()


def test_an_address_outside_the_allowed_domains_is_refused(page: Page, sso: Cast) -> None:
    sign_in(page, "outsider")
    assert "/accounts/login/" in page.url
    text = page.locator("main").inner_text()
    assert "olive@elsewhere.org is not an address of this organisation" in text
    assert "@example.com" in text
    assert not Person.objects.filter(email="olive@elsewhere.org").exists()


def test_an_id_token_meant_for_another_application_is_refused(
    page: Page, settings, live_server: object, cast: Cast
) -> None:
    """A provider that mixes up its clients: the code is exchanged by Waypoint's own client,
    and the ID token that comes back — signed by the provider — names the other application
    as its audience. Waypoint's audience check refuses it; nobody logs in."""
    with oidc_provider(live_server, id_token_audience={CLIENT_ID: OTHER_APP}) as issuer:
        use_provider(settings, issuer, cast)
        sign_in(page, "bob")
    assert "/accounts/login/" in page.url
    text = page.locator("main").inner_text()
    assert "The sign-in was meant for another application, so it was refused." in text
    assert "_auth_user_id" not in session_of(page)


def test_a_code_issued_to_another_application_is_refused(page: Page, sso: Cast) -> None:
    """The browser is sent to the provider as another client (a login for another app
    arriving at Waypoint's callback): the provider will not exchange that code for Waypoint,
    so the answer is refused and nobody logs in."""

    def as_other_app(route: Route) -> None:
        response = route.fetch(max_redirects=0)
        location = response.headers["location"]
        assert f"client_id={CLIENT_ID}&" in location
        location = location.replace(f"client_id={CLIENT_ID}&", f"client_id={OTHER_APP}&")
        route.fulfill(response=response, headers={**response.headers, "location": location})

    page.route("**/accounts/sso/start/", as_other_app)
    sign_in(page, "bob")
    assert "/accounts/login/" in page.url
    assert "could not be accepted" in page.locator("main").inner_text()
    assert "_auth_user_id" not in session_of(page)


def test_a_deactivated_person_is_refused(page: Page, sso: Cast) -> None:
    Person.objects.filter(pk=sso.bob.pk).update(is_active=False)
    sign_in(page, "bob")
    assert "/accounts/login/" in page.url
    assert "deactivated" in page.locator("main").inner_text()


def test_with_password_login_off_single_sign_on_still_lets_people_in(
    page: Page, sso: Cast, settings
) -> None:
    settings.WAYPOINT_PASSWORD_LOGIN = False
    page.goto("/accounts/login/")
    assert page.locator("input[name=password]").count() == 0
    sign_in(page, "bob")
    assert page.locator(".userbox .username").inner_text() == "Bob Baker"


def session_of(page: Page) -> dict:
    from importlib import import_module

    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    key = cookies.get(django_settings.SESSION_COOKIE_NAME)
    if key is None:
        return {}
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)
    return dict(store.items())
