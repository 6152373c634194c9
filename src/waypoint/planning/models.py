"""What a unit learned when it closed an objective (OKR-PRINCIPLES §4: quarter close)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Retrospective(models.Model):
    """The short retrospective of a closed objective: what we learned, and whether a miss was
    about the strategy (the bet was wrong) or the execution (we did not do what we planned)."""

    class Cause(models.TextChoices):
        STRATEGY = "strategy", "Strategy — the bet was wrong"
        EXECUTION = "execution", "Execution — we did not do what we planned"

    objective = models.OneToOneField(
        "okrs.Objective", on_delete=models.CASCADE, related_name="retrospective"
    )
    learned = models.TextField("what we learned", blank=True)
    miss_cause = models.CharField(max_length=10, choices=Cause.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Retrospective of {self.objective}"
