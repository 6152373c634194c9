"""The change history of objectives and key results: one way to write a row of it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from waypoint.okrs.models import Change, KeyResult, Objective
from waypoint.orgs.models import Person


def display(value: object) -> str:
    """A value as the history shows it: numbers without trailing zeros, sets as sorted lists."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "all"):
        return ", ".join(sorted(str(item) for item in value.all()))
    return str(value)


def record_change(
    objective: Objective,
    field: str,
    old: object,
    new: object,
    *,
    author: Person | None,
    key_result: KeyResult | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Change:
    """Append one row to the objective's history: what changed, from, to, why, who, when."""
    return Change.objects.create(
        objective=objective,
        key_result=key_result,
        field=field,
        old=display(old),
        new=display(new),
        reason=reason,
        author=author,
        at=at or timezone.now(),
    )
