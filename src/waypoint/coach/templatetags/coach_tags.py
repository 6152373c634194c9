from __future__ import annotations

from django import template

from waypoint.coach.labels import FAMILY_LABELS, LEVEL_LABELS

register = template.Library()


@register.filter
def family_label(code: str) -> str:
    return FAMILY_LABELS.get(code, code)


@register.filter
def level_label(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


@register.simple_tag
def subject_of(subjects: dict, finding: object) -> object:
    return subjects.get((finding.subject, finding.subject_id))  # type: ignore[attr-defined]
