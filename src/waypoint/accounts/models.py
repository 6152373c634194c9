"""Invitations: a one-time link, sent by mail, that lets a new person in."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone


def token_digest(token: str) -> str:
    """Only a digest of the link's token is stored: a copy of the database opens no door."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    role = models.CharField(max_length=8, default="member")
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "orgs.Person", null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
