"""How an API request says who it is: a personal token (`Authorization: Bearer …`), or the
browser's session (with CSRF) on the interactive docs. Read tokens cannot write, and every
caller is rate limited through Django's cache, so all processes share one count."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from waypoint.api.access import find_token
from waypoint.api.actions import note_use
from waypoint.api.problems import RateLimited

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
WINDOW_SECONDS = 60


def check_rate(caller: str) -> None:
    """A fixed one-minute window per caller: WAYPOINT_API_RATE_PER_MINUTE requests."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{caller}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS + 5)
        count = 1
    if count > settings.WAYPOINT_API_RATE_PER_MINUTE:
        raise RateLimited(retry_after=max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


class PersonalToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = find_token(token.strip())
        if found is None:
            raise AuthenticationError(message="Unknown token: check it was copied whole.")
        if found.is_revoked:
            raise AuthenticationError(message="This token was revoked.")
        if found.is_expired:
            raise AuthenticationError(message="This token has expired: create a new one.")
        if not found.person.is_active:
            raise AuthenticationError(message="This token's person is deactivated.")
        check_rate(f"token:{found.pk}")
        if request.method not in SAFE_METHODS and not found.can_write:
            raise PermissionDenied(
                "This token can only read: create one with the write scope to change things."
            )
        note_use(found)
        request.user = found.person
        request.api_token = found  # type: ignore[attr-defined]
        return found.person


class BrowserSession(SessionAuth):
    """The logged-in browser (the docs page); POSTs need the CSRF token, as on every page."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None  # not logged in: a 401, not a CSRF refusal
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if check_csrf(request) is not None:
            raise PermissionDenied("CSRF check failed: send the X-CSRFToken header.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            check_rate(f"session:{user.pk}")
        return user
