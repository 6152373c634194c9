"""Every API error as one RFC 9457 problem document (application/problem+json):
`{"type", "title", "status", "detail", "instance"}`, plus `errors` (each `{"in", "field",
"message"}`) when input was refused field by field."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

CONTENT_TYPE = "application/problem+json"


class FieldError(Schema):
    location: str | None = None
    field: str | None
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


class PayloadTooLarge(Exception):
    pass


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(429, f"Too many requests for this token: try again in {retry_after} s.")


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class LimitedJsonParser(Parser):
    """JSON bodies up to WAYPOINT_API_MAX_BODY_BYTES; anything else is refused before parsing."""

    def parse_body(self, request: HttpRequest) -> Any:
        if len(request.body) > settings.WAYPOINT_API_MAX_BODY_BYTES:
            raise PayloadTooLarge
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("The body must be a JSON object.")
        return data


def _location_and_field(loc: list[Any] | tuple[Any, ...]) -> tuple[str | None, str | None]:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        where, parts = parts[0], parts[1:]
    else:
        where = None
    # Ninja nests a body under its parameter name ("payload"); people think in fields.
    if where == "body" and len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return where, ".".join(parts) or None


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        where, field = _location_and_field(error.get("loc", ()))
        message = str(error.get("msg", "Invalid value."))
        if error.get("type") == "extra_forbidden":
            message = "Unknown field: it is not part of this request's schema."
        errors.append({"location": where, "field": field, "message": message})
    return problem(request, 422, "The request has invalid fields.", errors=errors)


def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """An action refused the change (the same messages the pages show next to a field)."""
    errors: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = None if field == "__all__" else field
            errors += [{"location": "body", "field": name, "message": m} for m in messages]
    else:
        errors = [{"location": None, "field": None, "message": m} for m in exc.messages]
    detail = " ".join(e["message"] for e in errors) or "The change was refused."
    return problem(request, 422, detail, errors=errors)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, PayloadTooLarge):
        limit = settings.WAYPOINT_API_MAX_BODY_BYTES
        return problem(request, 413, f"The body is larger than {limit} bytes.")
    if exc.status_code == 400 and exc.__cause__ is not None:
        reason = exc.__cause__
        detail = (
            str(reason)
            if isinstance(reason, ValueError) and not isinstance(reason, json.JSONDecodeError)
            else "The body is not valid JSON."
        )
        return problem(request, 400, detail)
    headers = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="waypoint"'
        detail = (
            str(exc)
            if str(exc) != "Unauthorized"
            else "Send a personal API token as "
            "“Authorization: Bearer …” (create one under Settings → API tokens)."
        )
        return problem(request, 401, detail, headers=headers)
    return problem(request, exc.status_code, str(exc), headers=headers)


def install_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(
        Http404, lambda r, e: problem(r, 404, "Nothing here: no such object, or no such route.")
    )
    api.add_exception_handler(
        PermissionDenied, lambda r, e: problem(r, 403, str(e) or "You may not do this.")
    )
    api.add_exception_handler(NinjaValidationError, _validation)
    api.add_exception_handler(DjangoValidationError, _refused)
    api.add_exception_handler(HttpError, _http_error)


@csrf_exempt
@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/ answer in the API's shape too."""
    return problem(request, 404, "Nothing here: no such object, or no such route.")
