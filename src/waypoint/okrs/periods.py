"""Which period a page shows: `?period=<slug>`, else the quarter containing today.

Every period is read once per request (a handful of rows a year): the page's period, the
period switcher and the year a quarter belongs to all come from that one list."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest
from django.utils import timezone

from waypoint.okrs.models import Period


def all_periods(request: HttpRequest) -> list[Period]:
    """Every period, newest first (the switcher's order), read once per request."""
    cached: list[Period] | None = getattr(request, "_waypoint_periods", None)
    if cached is None:
        cached = list(Period.objects.order_by("-start", "kind"))
        request._waypoint_periods = cached  # type: ignore[attr-defined]
    return cached


def selected_period(request: HttpRequest, *, required: bool = True) -> Period | None:
    periods = all_periods(request)
    slug = request.GET.get("period")
    if slug:
        for period in periods:
            if period.slug == slug:
                return period
        raise Http404(f"No period {slug!r}.")
    today = timezone.localdate()
    running = [p for p in periods if p.start <= today <= p.end]
    period = (
        _earliest(p for p in running if p.kind == Period.Kind.QUARTER)
        or _earliest(running)
        or next((p for p in periods if p.kind == Period.Kind.QUARTER), None)
        or next(iter(periods), None)
    )
    if period is None and required:
        raise Http404("No periods yet: an administrator creates the first one in the admin.")
    return period


def period_choices(request: HttpRequest) -> list[Period]:
    return all_periods(request)


def year_of(request: HttpRequest, quarter: Period) -> Period | None:
    """The annual period a quarter lies in (the earliest, should several)."""
    return _earliest(
        p
        for p in all_periods(request)
        if p.kind == Period.Kind.ANNUAL and p.start <= quarter.start and p.end >= quarter.end
    )


def _earliest(periods: Iterable[Period]) -> Period | None:
    """The first in the model's own order (start, then kind), as ``.first()`` gives it."""
    return min(periods, key=lambda p: (p.start, p.kind), default=None)
