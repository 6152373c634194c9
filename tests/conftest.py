"""Test settings and the named cast, in one place.

The organisation every test can ask for, by name:

    company "Acme"
    ├── product (department "Product")
    │   ├── checkout (team "Checkout"): alice leads it, bob is a member
    │   ├── search (team "Search"): charlie, the outsider, is a member
    │   └── virtual (virtual team "Checkout Experience"): dana is a member
    └── finance (supporting department "Finance")

plus admin (staff and superuser), the current `quarter` and `year` periods. Everyone's
password is `tests.factory.PASSWORD`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from tests.factory import PASSWORD, Cast, ensure_periods, make_cast
from waypoint.domain.periods import quarter_of, year_of
from waypoint.okrs.models import Period
from waypoint.orgs.models import Person, Unit

CHROMIUM = Path(os.environ.get("WAYPOINT_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
_scratch_dir = Path(tempfile.mkdtemp(prefix="waypoint-tests-"))

# Properties are about behaviour, not speed: no per-example deadline (on a busy machine the
# default 200 ms made sound properties fail). Speed is measured in bench/.
hypothesis_settings.register_profile("waypoint", deadline=None)
hypothesis_settings.load_profile("waypoint")


def pytest_configure(config: pytest.Config) -> None:
    # Runs before Django is set up, so these apply to every test without per-test overrides.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DATA_DIR = _scratch_dir
    # One cache per test process: parallel workers must not share rate counts or diagnoses.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_scratch_dir / "cache"),
        }
    }
    settings.STATIC_ROOT = _scratch_dir / "static"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # A file, as in production: threads (concurrent check-ins, the live server) then see
        # SQLite's real locking instead of the shared in-memory cache's table locks.
        database.setdefault("TEST", {})["NAME"] = str(_scratch_dir / "test.sqlite3")
    # Hashed names and the manifest as in production, without its gzip step (seconds per run).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATICFILES_FINDERS = [
        *settings.STATICFILES_FINDERS,
        "tests.browser.collected_static.CollectedStaticFinder",
    ]


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_scratch_dir, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip without Chromium, except in CI, where their fixture fails instead."""
    if chromium_available() or IN_CI:
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (set WAYPOINT_CHROMIUM)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


@cache
def password_hash() -> str:
    return make_password(PASSWORD)


@pytest.fixture
def cast(db: None) -> Cast:
    """The whole named organisation; each fixture below hands out one member of it."""
    return make_cast(password_hash())


@pytest.fixture
def company(cast: Cast) -> Unit:
    return cast.company


@pytest.fixture
def product(cast: Cast) -> Unit:
    return cast.product


@pytest.fixture
def checkout(cast: Cast) -> Unit:
    return cast.checkout


@pytest.fixture
def search(cast: Cast) -> Unit:
    return cast.search


@pytest.fixture
def finance(cast: Cast) -> Unit:
    return cast.finance


@pytest.fixture
def virtual(cast: Cast) -> Unit:
    return cast.virtual


@pytest.fixture
def alice(cast: Cast) -> Person:
    return cast.alice


@pytest.fixture
def bob(cast: Cast) -> Person:
    return cast.bob


@pytest.fixture
def charlie(cast: Cast) -> Person:
    return cast.charlie


@pytest.fixture
def dana(cast: Cast) -> Person:
    return cast.dana


@pytest.fixture
def admin(cast: Cast) -> Person:
    return cast.admin


@pytest.fixture
def quarter(db: None) -> Period:
    """The quarter containing today (and, with it, the rest of this year's periods)."""
    today = timezone.localdate()
    ensure_periods(today)
    return Period.objects.get(slug=quarter_of(today).slug)


@pytest.fixture
def year(db: None) -> Period:
    """This calendar year's annual period."""
    today = timezone.localdate()
    ensure_periods(today)
    return Period.objects.get(slug=year_of(today).slug)


@pytest.fixture(scope="session", autouse=True)
def _static_files() -> None:
    """Pages link to hashed static names, which only exist once collectstatic has run."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the coach caches diagnoses per process)."""
    from django.core.cache import cache

    cache.clear()
