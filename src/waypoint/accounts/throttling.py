"""How django-axes counts failed logins here, and what a locked-out person sees.

Any login form that calls `authenticate(request, ...)` is covered: Waypoint's, the admin's,
and an accounts library's (django-allauth posts the username as `login`; axes then needs
`AXES_USERNAME_CALLABLE` to read it from there).
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse logins for a person locked out at the request's address.

    Logging in without an HTTP request (the shell, the test client's `login()`) has no address
    to count attempts against, so it is left to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """The address failed logins are counted against.

    With `WAYPOINT_PROXY_COUNT` reverse proxies in front, it is the address the outermost of
    them saw: X-Forwarded-For's entry that many places from the right (a client can write any
    entries to the left of it, so those are never trusted).
    """
    proxies = settings.WAYPOINT_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page again, saying why the login was refused and for how long."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return TemplateResponse(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request, initial={"username": username}),
            "next": request.POST.get("next", request.GET.get("next", "")),
            "locked_out": True,
            "lockout_minutes": minutes,
        },
        status=429,
    ).render()
