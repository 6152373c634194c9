"""Request hygiene that every page relies on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

NUL = "\x00"


def _without_nul(data: QueryDict) -> QueryDict:
    if not any(NUL in key or any(NUL in v for v in data.getlist(key)) for key in data):
        return data
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key in data:
        clean.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in data.getlist(key)])
    clean._mutable = False
    return clean


class StripNulMiddleware:
    """Remove NUL characters from every query and form value before any view sees them.

    No one types a NUL on purpose; PostgreSQL refuses to store one, and one stored in SQLite
    makes a dump that PostgreSQL cannot load. Stripping them here covers raw fields that skip
    forms (reasons, `?period=`, `?unit=`) as well as every form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            request.POST = _without_nul(request.POST)
        return self.get_response(request)
