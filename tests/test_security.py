"""Every page needs a login, forms need a CSRF token, passwords are hashed with Argon2."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Objective, Period

ROOT = Path(__file__).resolve().parent.parent


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


def test_every_page_is_sent_with_a_content_security_policy(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    for url in (reverse("login"), reverse("okrs:home")):
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in client.get(url)["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", url
        assert policy["style-src-elem"] == "'self'", url
        assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"


TEMPLATES = sorted((ROOT / "src" / "waypoint").rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_have_no_inline_scripts_or_event_handlers(template: Path) -> None:
    """The policy would block them: scripts come from /static/, data from json_script."""
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", html), "inline event handler"
    assert "javascript:" not in html


def test_static_files_have_hashed_names_and_far_future_cache_headers(
    client: Client, cast: Cast
) -> None:
    page = client.get(reverse("login")).content.decode()
    stylesheet = re.search(r'href="(/static/waypoint/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links to a hashed app.css"
    response = client.get(stylesheet.group(1))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_static_files_are_stored_hashed_and_compressed_in_production_settings() -> None:
    production = importlib.import_module("waypoint.settings")
    backend = production.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def production_settings(env: dict[str, str], *names: str) -> dict[str, object]:
    """The named settings as a fresh process sees them with `env`, and nothing from this run."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"values = {{n: getattr(settings, n, None) for n in {list(names)!r}}}; "
        "print(json.dumps(values, default=str))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    kept = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "waypoint.settings",
        "WAYPOINT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'waypoint.sqlite3'}",
        **variables,
    }


def test_security_settings_default_to_plain_http_for_a_first_start(tmp_path: Path) -> None:
    values = production_settings(
        clean_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_AGE": 14 * 24 * 3600,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:15:00",
    }


def test_security_settings_come_from_the_environment(tmp_path: Path) -> None:
    env = clean_env(
        tmp_path,
        WAYPOINT_SSL_REDIRECT="true",
        WAYPOINT_HSTS_SECONDS="3600",
        WAYPOINT_HSTS_INCLUDE_SUBDOMAINS="true",
        WAYPOINT_PROXY_SSL_HEADER="X-Forwarded-Proto",
        WAYPOINT_SECURE_COOKIES="true",
        WAYPOINT_SESSION_AGE_SECONDS="28800",
        WAYPOINT_LOGIN_FAILURE_LIMIT="3",
        WAYPOINT_LOGIN_COOLOFF_MINUTES="0",
    )
    values = production_settings(
        env,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 28800,
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": None,
    }


def documented_production_settings() -> dict[str, str]:
    """The variables in the ```sh block under "## Production settings" in docs/deploy.md."""
    guide = (ROOT / "docs" / "deploy.md").read_text()
    section = guide.split("## Production settings", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return dict(line.split("=", 1) for line in block.splitlines() if "=" in line)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    documented = documented_production_settings()
    assert documented["WAYPOINT_HSTS_SECONDS"] == "31536000"
    finished = subprocess.run(
        [sys.executable, "-m", "waypoint", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(tmp_path, **documented),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_check_deploy_warns_without_them(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "waypoint", "check", "--deploy"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = finished.stdout + finished.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output, output
