"""The coach in the pages: Health pages, the objective panel, live hints and dismissals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from waypoint.coach import actions, service
from waypoint.domain.coach_text import read_key_result, read_objective
from waypoint.okrs.models import KeyResult, Objective
from waypoint.okrs.periods import period_choices, selected_period
from waypoint.orgs.models import Unit

TREND_QUARTERS = 4
HINT_KINDS = ("objective", "key-result")


def health(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The BAD heatmap by level, the findings with links, and the trend across quarters."""
    unit = get_object_or_404(Unit, slug=slug) if slug else None
    period = selected_period(request)
    scope = service.unit_scope(unit) if unit else None
    diagnosis = service.diagnose_period(period)
    if scope is not None:
        diagnosis = diagnosis.within(scope)
    findings = list(diagnosis.findings)
    return render(
        request,
        "coach/health.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(),
            "findings": findings,
            "subjects": _subjects(findings),
            "heatmap": service.heatmap(findings),
            "trend": service.trend(service.trend_quarters(period, TREND_QUARTERS), scope),
            "dismissed": diagnosis.dismissed,
            "current_unit_slug": unit.slug if unit else None,
        },
    )


def _subjects(findings: list) -> dict[tuple[str, int], object]:
    """The objects findings are about, fetched in three queries, for links and titles."""
    ids = {
        kind: {f.subject_id for f in findings if f.subject == kind}
        for kind in ("objective", "key_result", "unit")
    }
    subjects: dict[tuple[str, int], object] = {}
    for kind, model in (("objective", Objective), ("key_result", KeyResult), ("unit", Unit)):
        for obj in model.objects.filter(pk__in=ids[kind]):
            subjects[(kind, obj.pk)] = obj
    return subjects


@require_POST
def dismiss(request: HttpRequest) -> HttpResponse:
    try:
        actions.dismiss_finding(
            request.user,
            code=request.POST.get("code", ""),
            subject=request.POST.get("subject", ""),
            subject_id=request.POST.get("subject_id", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Finding dismissed; the reason is kept in the history.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("coach:health")
    return redirect(back)


@require_GET
def hints(request: HttpRequest, kind: str) -> HttpResponse:
    """Live hints while writing an objective or key result title (htmx, debounced)."""
    if kind not in HINT_KINDS:
        raise Http404("Hints are for an objective or a key-result.")
    text = request.GET.get("title", "").strip()
    items: list[dict[str, str]] = []
    if len(text) >= 8:
        items = _objective_hints(text) if kind == "objective" else _key_result_hints(text)
    return render(request, "coach/_hints.html", {"hints": items, "text": text})


def _objective_hints(text: str) -> list[dict[str, str]]:
    reading = read_objective(text)
    if reading.label == "ktlo":
        return [
            {
                "title": "This reads like keeping the lights on",
                "body": "Objectives express improvement. " + (reading.fix or ""),
            }
        ]
    if reading.label == "task":
        return [
            {
                "title": "This reads like a project",
                "body": "An objective is the change the project serves. " + (reading.fix or ""),
            }
        ]
    return []


def _key_result_hints(text: str) -> list[dict[str, str]]:
    reading = read_key_result(text)
    items = []
    if reading.is_output:
        items.append(
            {
                "title": "This reads like an output, not an outcome",
                "body": "What will be different for customers or the business when it "
                "is done? Try: " + (reading.rewrite or "measure that change."),
            }
        )
    if not reading.has_target:
        items.append({"title": "No target", "body": "Say where it should end up, e.g. “to 45%”."})
    elif not reading.is_output and not reading.has_baseline:
        items.append(
            {
                "title": "No starting point in the text",
                "body": "Record the baseline too, so progress means something.",
            }
        )
    return items
