"""Setting up, changing, pausing and removing webhooks. The settings page and the demo call
these; each checks permission and validates before anything is saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.hooks.access import can_manage_webhooks
from waypoint.hooks.destinations import DestinationError, check_destination
from waypoint.hooks.models import Delivery, Webhook
from waypoint.hooks.signing import new_secret
from waypoint.okrs.access import require
from waypoint.orgs.models import Person, Unit


@dataclass(frozen=True)
class NewSecret:
    """A webhook with the secret it signs with: shown once, right after it is made."""

    webhook: Webhook
    secret: str


def _validate(*, name: str, url: str, categories: Iterable[str], format: str) -> str:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Name the webhook after where it goes, e.g. “#team-checkout in Slack”."
    try:
        url = check_destination(url)
    except DestinationError as error:
        errors["url"] = str(error)
    if len(url) > 500:
        errors["url"] = "Keep the URL under 500 characters."
    if not set(categories) or not set(categories) <= set(Webhook.CATEGORIES):
        errors["events"] = "Choose at least one kind of event to send."
    if format not in Webhook.Format.values:
        errors["format"] = "Choose JSON, Slack or Teams."
    if errors:
        raise ValidationError(errors)
    return url


def _note_existing_findings(categories: Iterable[str]) -> None:
    """Findings already there when someone starts listening are not news: record them."""
    if "finding" in categories:
        from waypoint.hooks.tasks import note_findings

        note_findings(announce=False)


@transaction.atomic
def create_webhook(
    author: Person,
    *,
    name: str,
    url: str,
    unit: Unit | None,
    categories: Iterable[str],
    format: str = Webhook.Format.JSON,
    is_active: bool = True,
) -> NewSecret:
    """A webhook for `unit` (None: all units, administrators only), with a new secret."""
    require(
        can_manage_webhooks(author, unit),
        "Only administrators set up webhooks for all units; a unit's leads, for their unit.",
    )
    categories = list(categories)
    url = _validate(name=name, url=url, categories=categories, format=format)
    secret = new_secret()
    hook = Webhook.objects.create(
        name=name.strip(),
        url=url,
        unit=unit,
        format=format,
        secret=secret,
        is_active=is_active,
        created_by=author,
        **{f"on_{c}": c in categories for c in Webhook.CATEGORIES},
    )
    _note_existing_findings(categories)
    return NewSecret(hook, secret)


@transaction.atomic
def change_webhook(
    author: Person,
    hook: Webhook,
    *,
    name: str,
    url: str,
    unit: Unit | None,
    categories: Iterable[str],
    format: str,
) -> Webhook:
    """Change where a webhook goes and what it sends; its secret stays."""
    require(can_manage_webhooks(author, hook.unit), "You cannot change this webhook.")
    require(can_manage_webhooks(author, unit), "You cannot move the webhook to that unit.")
    categories = list(categories)
    url = _validate(name=name, url=url, categories=categories, format=format)
    if "finding" in categories and not hook.on_finding:
        _note_existing_findings(categories)
    hook.name, hook.url, hook.unit, hook.format = name.strip(), url, unit, format
    for category in Webhook.CATEGORIES:
        setattr(hook, f"on_{category}", category in categories)
    hook.save()
    return hook


@transaction.atomic
def set_webhook_active(author: Person, hook: Webhook, *, active: bool) -> Webhook:
    """Pause (nothing is sent, retries waiting are given up) or resume a webhook."""
    require(can_manage_webhooks(author, hook.unit), "You cannot pause or resume this webhook.")
    hook.is_active = active
    hook.save(update_fields=["is_active"])
    if not active:
        hook.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, next_attempt_at=None
        )
    return hook


@transaction.atomic
def rotate_webhook_secret(author: Person, hook: Webhook) -> NewSecret:
    """A new secret; the old one stops working at once."""
    require(can_manage_webhooks(author, hook.unit), "You cannot change this webhook.")
    hook.secret = new_secret()
    hook.save(update_fields=["secret"])
    return NewSecret(hook, hook.secret)


@transaction.atomic
def delete_webhook(author: Person, hook: Webhook) -> None:
    """Remove a webhook with its delivery log."""
    require(can_manage_webhooks(author, hook.unit), "You cannot remove this webhook.")
    hook.delete()


def send_test_event(author: Person, hook: Webhook) -> Delivery:
    """Queue a `ping` event for this webhook alone, to try the receiver."""
    require(can_manage_webhooks(author, hook.unit), "You cannot test this webhook.")
    if not hook.is_active:
        raise ValidationError("The webhook is paused; resume it to send a test event.")
    from waypoint.hooks.events import fan_out

    envelope = {
        "type": "ping",
        "created_at": timezone.now().isoformat(),
        "summary": f"{author.display_name} sent a test event from Waypoint to “{hook.name}”.",
        "url": settings.WAYPOINT_BASE_URL + hook.get_absolute_url(),
        "data": {},
    }
    [delivery] = fan_out("ping", envelope, set(), only=hook)
    return delivery
