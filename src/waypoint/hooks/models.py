"""Outgoing webhooks: where Waypoint tells other systems what happened, and the log of every
delivery. A webhook belongs to one unit (set up by its leads) or to all units (administrators)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from waypoint.orgs.models import Unit


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def active(self) -> WebhookQuerySet:
        return self.filter(is_active=True)

    def listening_to(self, category: str) -> WebhookQuerySet:
        return self.active().filter(**{f"on_{category}": True})


class Webhook(models.Model):
    class Format(models.TextChoices):
        JSON = "json", "JSON event (for your own systems)"
        SLACK = "slack", "Slack-compatible message"
        TEAMS = "teams", "Microsoft Teams-compatible message"

    # What a webhook can listen to: the field is `on_<category>`.
    CATEGORIES = {
        "check_in": "Check-ins",
        "change": "Objective or key result changes",
        "close": "Objectives and key results closed",
        "finding": "New coach findings",
    }

    name = models.CharField(max_length=80)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=500)
    format = models.CharField(max_length=5, choices=Format.choices, default=Format.JSON)
    # Kept as it is (not hashed): every delivery is signed with it.
    secret = models.CharField(max_length=80)
    on_check_in = models.BooleanField(default=True)
    on_change = models.BooleanField(default=False)
    on_close = models.BooleanField(default=False)
    on_finding = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hooks:webhook-detail", args=[self.pk])

    @property
    def categories(self) -> list[str]:
        return [c for c in self.CATEGORIES if getattr(self, f"on_{c}")]

    @property
    def category_labels(self) -> list[str]:
        return [self.CATEGORIES[c] for c in self.categories]

    @property
    def scope_label(self) -> str:
        return self.unit.name if self.unit_id else "All units"


class Delivery(models.Model):
    """One event for one webhook: the same body is sent on every attempt, under a fresh
    signature, until the receiver answers 2xx or the attempts run out."""

    class Status(models.TextChoices):
        PENDING = "pending", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"


class DeliveryAttempt(models.Model):
    """What the receiver answered to one attempt (or why there was no answer)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_row_per_attempt")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class SeenFinding(models.Model):
    """A coach finding the sweeps have already announced (or found there when webhooks for
    findings were set up): only findings not seen before are sent."""

    code = models.CharField(max_length=60)
    subject = models.CharField(max_length=12)
    subject_id = models.PositiveBigIntegerField()
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "subject", "subject_id"], name="one_row_per_seen_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.subject} {self.subject_id}"
