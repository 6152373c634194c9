"""Events for webhooks, emitted by the OKR actions. Nothing is sent from inside the action's
transaction: once it commits, one Delivery per listening webhook is stored and a delivery task
queued, so a rolled-back change announces nothing and a slow receiver never slows a page."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waypoint.hooks.formats import render
from waypoint.hooks.models import Delivery, Webhook
from waypoint.orgs.models import Unit

if TYPE_CHECKING:
    from waypoint.domain.diagnosis import Finding
    from waypoint.okrs.models import CheckIn, KeyResult, Objective
    from waypoint.orgs.models import Person

logger = logging.getLogger("waypoint.hooks")

CATEGORY_OF = {
    "check_in.created": "check_in",
    "objective.created": "change",
    "objective.changed": "change",
    "objective.reopened": "change",
    "key_result.created": "change",
    "key_result.changed": "change",
    "key_result.reopened": "change",
    "objective.closed": "close",
    "key_result.closed": "close",
    "finding.created": "finding",
    "ping": "ping",
}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _link(path: str) -> str:
    return f"{settings.WAYPOINT_BASE_URL}{path}"


def _person(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "username": person.username, "name": person.display_name}


def objective_data(objective: Objective) -> dict[str, Any]:
    return {
        "id": objective.pk,
        "title": objective.title,
        "url": _link(objective.get_absolute_url()),
        "status": objective.status,
        "period": objective.period.name,
        "owner": _person(objective.owner),
        "units": [{"id": u.pk, "name": u.name} for u in objective.units.all()],
        "score": _number(objective.score),
    }


def key_result_data(kr: KeyResult) -> dict[str, Any]:
    return {
        "id": kr.pk,
        "title": kr.title,
        "url": _link(kr.get_absolute_url()),
        "objective": {"id": kr.objective_id, "title": kr.objective.title},
        "owner_unit": {"id": kr.owner_unit_id, "name": kr.owner_unit.name},
        "kind": kr.kind,
        "baseline": _number(kr.baseline),
        "target": _number(kr.target),
        "current": _number(kr.current),
        "unit_label": kr.unit_label,
        "confidence": kr.confidence,
        "status": kr.status,
        "score": _number(kr.score),
    }


Event = dict[str, Any]  # summary, path, unit_ids, data


def emit(event: str, build: Callable[[], Event]) -> None:
    """Announce `event` to the webhooks listening to it once the current transaction commits.
    `build` describes it then, and only when some webhook listens (no cost otherwise)."""
    transaction.on_commit(partial(_announce, event, build), robust=True)


def _announce(event: str, build: Callable[[], Event]) -> None:
    from waypoint.hooks.tasks import queue_finding_sweep

    if Webhook.objects.listening_to(CATEGORY_OF[event]).exists():
        described = build()
        envelope = {
            "type": event,
            "created_at": timezone.now().isoformat(),
            "summary": described["summary"],
            "url": _link(described["path"]),
            "data": described["data"],
        }
        fan_out(event, envelope, set(described["unit_ids"]))
    queue_finding_sweep()


def with_ancestors(unit_ids: set[int]) -> set[int]:
    """The units and every unit above them: a department's webhook hears about its teams."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    scope, frontier = set(unit_ids), list(unit_ids)
    while frontier:
        parent = parents.get(frontier.pop())
        if parent is not None and parent not in scope:
            scope.add(parent)
            frontier.append(parent)
    return scope


def fan_out(
    event: str, envelope: dict[str, Any], unit_ids: set[int], *, only: Webhook | None = None
) -> list[Delivery]:
    """Store one delivery per webhook that listens to `event` about `unit_ids` and queue it."""
    from waypoint.hooks.tasks import deliver

    category = CATEGORY_OF[event]
    if only is not None:
        hooks = [only]
    else:
        hooks = list(Webhook.objects.listening_to(category).select_related("unit"))
        if hooks:
            scope = with_ancestors(unit_ids)
            hooks = [h for h in hooks if h.unit_id is None or h.unit_id in scope]
    deliveries = []
    for hook in hooks:
        delivery = Delivery(webhook=hook, event=event, summary=envelope["summary"][:300])
        delivery.body = render(
            hook.format,
            {
                **envelope,
                "id": str(delivery.event_id),
                "webhook": {"id": hook.pk, "name": hook.name},
            },
        )
        delivery.save()
        deliver.enqueue(delivery.pk)
        deliveries.append(delivery)
    return deliveries


def _okr_units(objective: Objective, kr: KeyResult | None = None) -> set[int]:
    ids = {u.pk for u in objective.units.all()}
    if kr is not None:
        ids.add(kr.owner_unit_id)
    return ids


def check_in_recorded(check_in: CheckIn, kr: KeyResult) -> None:
    def build() -> Event:
        label = f" {kr.unit_label}" if kr.unit_label else ""
        of_target = f" of {_number(kr.target):g}{label}" if kr.target is not None else label
        return {
            "summary": f"{check_in.author.display_name} checked in on “{kr.title}” "
            f"({kr.owner_unit.name}): {float(check_in.value):g}{of_target}, "
            f"confidence {check_in.confidence}/10",
            "path": kr.get_absolute_url(),
            "unit_ids": _okr_units(kr.objective, kr),
            "data": {
                "check_in": {
                    "id": check_in.pk,
                    "value": float(check_in.value),
                    "confidence": check_in.confidence,
                    "note": check_in.note,
                    "at": check_in.at.isoformat(),
                    "author": _person(check_in.author),
                },
                "key_result": key_result_data(kr),
            },
        }

    emit("check_in.created", build)


def objective_event(
    event: str, objective: Objective, author: Person, fields: Iterable[str] = ()
) -> None:
    fields = list(fields)

    def build() -> Event:
        verb = event.split(".")[1]
        detail = f" ({', '.join(fields)})" if fields and verb == "changed" else ""
        status = f" as {objective.get_status_display().lower()}" if verb == "closed" else ""
        return {
            "summary": f"{author.display_name} {verb} the objective “{objective.title}”"
            f"{status}{detail}",
            "path": objective.get_absolute_url(),
            "unit_ids": _okr_units(objective),
            "data": {
                "objective": objective_data(objective),
                "author": _person(author),
                "fields": fields,
            },
        }

    emit(event, build)


def key_result_event(event: str, kr: KeyResult, author: Person, fields: Iterable[str] = ()) -> None:
    fields = list(fields)

    def build() -> Event:
        verb = {"created": "added"}.get(event.split(".")[1], event.split(".")[1])
        detail = f" ({', '.join(fields)})" if fields and verb == "changed" else ""
        status = f" as {kr.get_status_display().lower()}" if verb == "closed" else ""
        return {
            "summary": f"{author.display_name} {verb} the key result “{kr.title}” "
            f"({kr.owner_unit.name}){status}{detail}",
            "path": kr.get_absolute_url(),
            "unit_ids": _okr_units(kr.objective, kr),
            "data": {
                "key_result": key_result_data(kr),
                "author": _person(author),
                "fields": fields,
            },
        }

    emit(event, build)


def finding_found(finding: Finding, path: str) -> list[Delivery]:
    """Announce a coach finding now (the sweep that found it runs outside any request)."""
    envelope = {
        "type": "finding.created",
        "created_at": timezone.now().isoformat(),
        "summary": f"The coach: {finding.what}",
        "url": _link(path),
        "data": {
            "finding": {
                "code": finding.code,
                "family": str(finding.family),
                "level": str(finding.level),
                "severity": str(finding.severity),
                "subject": str(finding.subject),
                "subject_id": finding.subject_id,
                "what": finding.what,
                "why": finding.why,
                "fix": finding.fix,
                "unit_ids": list(finding.unit_ids),
            }
        },
    }
    return fan_out("finding.created", envelope, set(finding.unit_ids))
