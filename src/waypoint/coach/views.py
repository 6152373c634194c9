"""The coach in the pages: Health pages, the objective panel, live hints and dismissals."""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from waypoint.coach import actions, service
from waypoint.domain.diagnosis import drafts
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
    diagnosis = service.findings_of(service.stored(period, unit_ids=scope))
    findings = list(diagnosis.findings)
    return render(
        request,
        "coach/health.html",
        {
            "unit": unit,
            "period": period,
            "periods": period_choices(request),
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
    """Live hints while writing an objective or key result (htmx, debounced). A key result's
    form sends its kind, baseline, target and criteria too, so the numbers are read as well."""
    if kind not in HINT_KINDS:
        raise Http404("Hints are for an objective or a key-result.")
    text = request.GET.get("title", "").strip()
    items: list[drafts.Hint] = []
    if len(text) >= 8:
        items = drafts.objective_hints(text) if kind == "objective" else _key_result_hints(request)
    return render(request, "coach/_hints.html", {"hints": items, "text": text})


def _key_result_hints(request: HttpRequest) -> list[drafts.Hint]:
    draft = drafts.KrDraft(
        title=request.GET.get("title", "").strip(),
        kind=request.GET.get("kind", ""),
        baseline=_number(request.GET.get("baseline", "")),
        target=_number(request.GET.get("target", "")),
        criteria=request.GET.get("criteria", ""),
    )
    return drafts.key_result_hints(draft)


def _number(value: str) -> float | None:
    """A number typed into the form so far, or ``None`` while it is empty or not a number."""
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None
