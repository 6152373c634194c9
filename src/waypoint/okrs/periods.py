"""Which period a page shows: `?period=<slug>`, else the quarter containing today."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from waypoint.okrs.models import Period


def selected_period(request: HttpRequest, *, required: bool = True) -> Period | None:
    slug = request.GET.get("period")
    if slug:
        try:
            return Period.objects.get(slug=slug)
        except Period.DoesNotExist as exc:
            raise Http404(f"No period {slug!r}.") from exc
    today = timezone.localdate()
    period = (
        Period.objects.containing(today).filter(kind=Period.Kind.QUARTER).first()
        or Period.objects.containing(today).first()
        or Period.objects.filter(kind=Period.Kind.QUARTER).order_by("-start").first()
        or Period.objects.order_by("-start").first()
    )
    if period is None and required:
        raise Http404("No periods yet: an administrator creates the first one in the admin.")
    return period


def period_choices() -> list[Period]:
    return list(Period.objects.order_by("-start", "kind"))
