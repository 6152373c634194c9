"""What marks stored findings for a re-check: every save or delete of what the checks read.

Signals, rather than calls sprinkled through every action, so that no write path (an action,
the API, an import, the admin) can leave a stale finding behind. The marks are cheap; the
re-check runs once per transaction, when it commits (``waypoint.coach.refresh``). Bulk
updates that bypass signals touch what they change themselves."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from waypoint.cadence.models import BacklogItem, BacklogReview, Meeting, Review
from waypoint.coach import refresh
from waypoint.okrs.models import CheckIn, CheckInCorrection, KeyResult, Objective
from waypoint.orgs.models import Unit


def _objective(sender: Any, instance: Objective, **kwargs: Any) -> None:
    refresh.touch_objectives([instance.pk])


def _key_result(sender: Any, instance: KeyResult, **kwargs: Any) -> None:
    refresh.touch_objectives([instance.objective_id])


def _check_in(sender: Any, instance: CheckIn, **kwargs: Any) -> None:
    if CheckIn.key_result.is_cached(instance):
        refresh.touch_objectives([instance.key_result.objective_id], edited=False)
        return
    objective_id = (
        KeyResult.objects.filter(pk=instance.key_result_id)
        .values_list("objective_id", flat=True)
        .first()
    )
    refresh.touch_objectives([objective_id], edited=False)


def _correction(sender: Any, instance: CheckInCorrection, **kwargs: Any) -> None:
    objective_id = (
        CheckIn.objects.filter(pk=instance.check_in_id)
        .values_list("key_result__objective_id", flat=True)
        .first()
    )
    refresh.touch_objectives([objective_id], edited=False)


def _units_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """An objective gained or lost owning units (from either side of the relation)."""
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if reverse:  # unit.objectives.add(...)
        objectives = set(pk_set or ())
        if action == "pre_clear":
            objectives = set(instance.objectives.values_list("pk", flat=True))
        refresh.touch_objectives(objectives)
        refresh.touch_units([instance.pk], period_id=None)
        return
    units = set(pk_set or ())
    if action == "pre_clear":
        units = set(instance.units.values_list("pk", flat=True))
    refresh.touch_objectives([instance.pk])
    refresh.touch_units(units, period_id=instance.period_id)


def _links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A link up was added or removed: the child objective reads it."""
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if not reverse:
        refresh.touch_objectives([instance.pk])
        return
    # parent.child_objectives.add(...), from an objective or a key result
    children = set(pk_set or ()) if action != "pre_clear" else set()
    if action == "pre_clear":
        children = set(instance.child_objectives.values_list("pk", flat=True))
    refresh.touch_objectives(children)


def _rhythm(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A meeting, backlog item or backlog review: its unit's rhythm, in the running periods."""
    refresh.touch_units([instance.unit_id])


def _review(sender: Any, instance: Review, **kwargs: Any) -> None:
    refresh.touch_units([instance.unit_id], period_id=instance.period_id)


def _unit(sender: Any, instance: Unit, **kwargs: Any) -> None:
    """A unit's name, kind, place or support role: its own findings now, every finding that
    mentions or ranks by it in the background."""
    refresh.touch_units([instance.pk])
    refresh.touch_organisation()


def connect() -> None:
    for model, handler in (
        (Objective, _objective),
        (KeyResult, _key_result),
        (CheckIn, _check_in),
        (CheckInCorrection, _correction),
        (Meeting, _rhythm),
        (BacklogItem, _rhythm),
        (BacklogReview, _rhythm),
        (Review, _review),
        (Unit, _unit),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"coach-{model.__name__}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"coach-{model.__name__}-delete")
    m2m_changed.connect(_units_changed, sender=Objective.units.through, dispatch_uid="coach-units")
    for through in (Objective.parent_objectives.through, Objective.parent_key_results.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"coach-{through.__name__}"
        )
