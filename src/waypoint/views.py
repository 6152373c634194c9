"""Pages of the frame itself rather than of a domain: the favicon and the CSRF failure page.
The 403, 404 and 500 pages are Django's own handlers with templates/403.html, 404.html, 500.html."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.templatetags.static import static


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    return HttpResponsePermanentRedirect(static("waypoint/favicon.svg"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (expired page, cookies off) in the product's layout, with a way back."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "back": request.path}
    return render(request, "403_csrf.html", context, status=403)


def floor(request: HttpRequest) -> HttpResponse:
    """The framework floor for the load benchmark: behind the same middleware and login as
    every page, a fixed short answer. Routed only when WAYPOINT_BENCH_FLOOR is set."""
    return HttpResponse("ok", content_type="text/plain")
