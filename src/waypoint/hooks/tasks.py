"""Background tasks of webhooks: delivering one event (retried with exponential backoff) and
the coach's sweep that turns findings which were not there before into events."""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from waypoint.hooks.destinations import DestinationError, check_destination
from waypoint.hooks.models import Delivery, DeliveryAttempt, SeenFinding, Webhook
from waypoint.hooks.signing import signature_header
from waypoint.ops.queue import enqueue_at, enqueue_once

logger = logging.getLogger("waypoint.hooks")
USER_AGENT = "Waypoint-Webhooks/1"


def backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, …): the base delay,
    doubling each time (30 s, 1 min, 2 min, 4 min … with the default base)."""
    return timedelta(seconds=settings.WAYPOINT_WEBHOOK_RETRY_SECONDS * 2 ** (attempt - 1))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead anywhere, past the destination check: it counts as a failure."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(delivery: Delivery) -> DeliveryAttempt:
    """Send the delivery's body once, signed now; what the receiver answered."""
    hook = delivery.webhook
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempts + 1)
    body = delivery.body.encode()
    started = time.monotonic()
    try:
        check_destination(hook.url, resolve=True)
        request = urllib.request.Request(
            hook.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Waypoint-Event": delivery.event,
                "Waypoint-Delivery": str(delivery.event_id),
                "Waypoint-Attempt": str(attempt.number),
                "Waypoint-Signature": signature_header(hook.secret, int(time.time()), body),
            },
        )
        with _opener.open(request, timeout=settings.WAYPOINT_WEBHOOK_TIMEOUT_SECONDS) as response:
            attempt.status_code = response.status
            attempt.response = response.read(300).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        attempt.status_code = error.code
        attempt.response = error.read(300).decode("utf-8", "replace")
        attempt.error = f"The receiver answered {error.code} {error.reason}."[:300]
    except DestinationError as error:
        attempt.error = str(error)[:300]
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        attempt.error = f"No answer: {reason}"[:300]
    attempt.duration_ms = round((time.monotonic() - started) * 1000)
    attempt.at = timezone.now()
    if attempt.status_code is not None and not attempt.succeeded and not attempt.error:
        attempt.error = f"The receiver answered {attempt.status_code}."
    return attempt


@task()
def deliver(delivery_id: int) -> dict[str, object]:
    """One attempt at a delivery; on failure the next is queued after the backoff, until
    WAYPOINT_WEBHOOK_MAX_ATTEMPTS. A delivery already delivered or given up is left alone, so
    a task that runs twice sends nothing twice."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return {"skipped": True}
    if not delivery.webhook.is_active:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, next_attempt_at=None
        )
        return {"skipped": True, "paused": True}
    attempt = post(delivery)
    delivery.attempts = attempt.number
    if attempt.succeeded:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            Delivery.Status.DELIVERED,
            attempt.at,
            None,
        )
    elif attempt.number >= settings.WAYPOINT_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    else:
        delivery.next_attempt_at = attempt.at + backoff(attempt.number)
    try:
        with transaction.atomic():
            attempt.save()
            delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    except IntegrityError:
        return {"skipped": True}  # another worker recorded this attempt a moment ago
    if delivery.next_attempt_at is not None:
        enqueue_at(deliver, delivery.next_attempt_at, delivery.pk)
    return {"attempt": attempt.number, "status": attempt.status_code, "error": attempt.error}


def _finding_path(subject: str, subject_id: int) -> str:
    if subject == "objective":
        return reverse("okrs:objective-detail", args=[subject_id])
    if subject == "key_result":
        return reverse("okrs:key-result-detail", args=[subject_id])
    return reverse("coach:health")


def current_findings() -> list:
    from waypoint.coach.service import diagnose_period
    from waypoint.okrs.models import Period

    today = timezone.localdate()
    findings = []
    for period in Period.objects.filter(start__lte=today, end__gte=today):
        findings.extend(diagnose_period(period, today=today).findings)
    return findings


def note_findings(*, announce: bool) -> int:
    """Record the coach's current findings; with `announce`, send those not seen before to the
    webhooks listening to findings. The number of new findings."""
    seen = set(SeenFinding.objects.values_list("code", "subject", "subject_id"))
    new = {
        (f.code, f.subject, f.subject_id): f
        for f in current_findings()
        if (f.code, f.subject, f.subject_id) not in seen
    }
    from waypoint.hooks.events import finding_found

    for (code, subject, subject_id), finding in sorted(new.items()):
        try:
            with transaction.atomic():
                SeenFinding.objects.create(code=code, subject=subject, subject_id=subject_id)
        except IntegrityError:
            continue  # another sweep took it
        if announce:
            finding_found(finding, _finding_path(subject, subject_id))
    return len(new)


@task()
def sweep_findings() -> dict[str, int]:
    """Announce coach findings that appeared since the last sweep."""
    return {"new": note_findings(announce=True)}


def queue_finding_sweep() -> None:
    """Queue a sweep when someone listens to findings (and none is waiting already)."""
    if Webhook.objects.listening_to("finding").exists():
        enqueue_once(sweep_findings)
