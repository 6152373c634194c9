"""Dismissed coach findings. Findings themselves are computed live by the domain engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Dismissal(models.Model):
    """A finding someone decided not to act on, with the reason; it stays dismissed."""

    code = models.CharField(max_length=60)
    subject = models.CharField(max_length=12)
    subject_id = models.PositiveBigIntegerField()
    reason = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "subject", "subject_id"], name="one_dismissal_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.subject} {self.subject_id}"
