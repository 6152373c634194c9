"""Small presentation helpers for OKR pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template
from django.utils import timezone

from waypoint.domain import progress as dp
from waypoint.domain.confidence import confidence_band
from waypoint.okrs import access
from waypoint.okrs.models import KeyResult, Objective, Period

register = template.Library()


@register.filter
def num(value: Decimal | float | None) -> str:
    """A number as people write it: 12, 3.5, 0.25 — no trailing zeros."""
    if value is None:
        return "—"
    text = format(Decimal(str(value)).normalize(), "f")
    return text


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def progress_text(progress: dp.Progress) -> str:
    """Progress as shown: always 0–100 % (the raw value is kept, and told by `progress_detail`)."""
    return "—" if progress.raw is None else percent(progress.display)


@register.filter
def progress_detail(progress: dp.Progress) -> str:
    """What the clamped percentage leaves out: past the target, or behind the baseline."""
    if progress.raw is None or 0.0 <= progress.raw <= 1.0:
        return ""
    if progress.raw > 1.0:
        return f"past the target: {percent(progress.raw)} of the way"
    return f"behind the baseline: {percent(progress.raw)}"


@register.filter
def pct_number(value: float | None) -> int:
    return 0 if value is None else round(value * 100)


@register.filter
def band(confidence: int | None) -> str:
    return "" if confidence is None else confidence_band(confidence)


def _today() -> date:
    return timezone.localdate()


@register.filter
def expected(period: Period) -> float:
    return dp.expected_progress(period.start, period.end, _today())


@register.filter
def pace(item: KeyResult | Objective, period: Period) -> str:
    if item.is_closed:
        return item.status
    if isinstance(item, Objective):
        key_results = list(item.key_results.all())
        if key_results and all(kr.is_closed for kr in key_results):
            return "ready_to_close"
    confidence = item.confidence if isinstance(item, KeyResult) else None
    return dp.pace(item.progress, expected(period), confidence)


PACE_LABELS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_started": "No check-in yet",
    "achieved": "Achieved",
    "partial": "Partially achieved",
    "missed": "Missed",
    "dropped": "Dropped",
    "ready_to_close": "Key results closed",
}


@register.filter
def pace_label(code: str) -> str:
    return PACE_LABELS.get(code, code)


@register.filter
def can_check_in(kr: KeyResult, user: object) -> bool:
    return access.can_check_in(user, kr)  # type: ignore[arg-type]


@register.filter
def can_word_kr(kr: KeyResult, user: object) -> bool:
    return access.can_word_key_result(user, kr)  # type: ignore[arg-type]


@register.filter
def can_edit_kr(kr: KeyResult, user: object) -> bool:
    return access.can_edit_key_result(user, kr)  # type: ignore[arg-type]


@register.filter
def can_edit(objective: Objective, user: object) -> bool:
    return access.can_edit_objective(user, objective)  # type: ignore[arg-type]


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
