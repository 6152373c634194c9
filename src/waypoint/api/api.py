"""The REST API: /api/v1/…, its OpenAPI 3 schema at /api/openapi.json and interactive docs at
/api/docs (Swagger UI served from the installed django-ninja package)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from waypoint.api.auth import BrowserSession, PersonalToken
from waypoint.api.problems import CONTENT_TYPE, LimitedJsonParser, install_handlers, problem
from waypoint.api.routers import cadence, coach, okrs, orgs, planning

ERRORS = {
    "400": "Malformed JSON",
    "401": "No token, or an unknown, revoked or expired one",
    "403": "Not allowed (or a read token writing)",
    "404": "No such object",
    "413": "Body too large",
    "422": "Invalid fields, or the change was refused",
    "429": "Rate limited: see Retry-After",
}


class WaypointApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Every operation documents the problem+json errors it may answer with."""
        schema = super().get_openapi_schema(*args, **kwargs)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        schema["components"]["schemas"]["FieldError"] = FIELD_ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERRORS.items():
                    if status in {"400", "413"} and "requestBody" not in operation:
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {CONTENT_TYPE: {"schema": problem_ref}},
                        },
                    )
        return schema


def _problem_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    from waypoint.api.problems import FieldError, Problem

    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem.pop("$defs", None)
    return problem, FieldError.model_json_schema()


PROBLEM_SCHEMA, FIELD_ERROR_SCHEMA = _problem_schemas()

api = WaypointApi(
    title="Waypoint API",
    version="1",
    description="Everything the pages do, for other systems. Send a personal API token as "
    "`Authorization: Bearer …`; errors are RFC 9457 problem documents.",
    urls_namespace="api",
    auth=[PersonalToken(), BrowserSession()],
    parser=LimitedJsonParser(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_handlers(api)
api.add_router("/v1/", orgs.router)
api.add_router("/v1/", okrs.router)
api.add_router("/v1/", cadence.router)
api.add_router("/v1/", coach.router)
api.add_router("/v1/", planning.router)


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns. Tokens, not the login page, guard them: the site-wide login
    requirement does not apply (an anonymous call gets a 401 problem, not a redirect)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(_wrapped(pattern.callback))
    return patterns, app_name, namespace


def _wrapped(view: Any) -> Any:
    @functools.wraps(view)
    def call(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != CONTENT_TYPE:
            allowed = response.get("Allow", "")
            response = problem(request, 405, f"This path answers {allowed} only.")
            response["Allow"] = allowed
        return response

    return call
