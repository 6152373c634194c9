"""The coach's stored findings, kept current as OKRs change, and the ones people dismissed."""

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


class Finding(models.Model):
    """One finding of the coach, stored: pages read these and never diagnose.

    Kept current incrementally (``waypoint.coach.refresh``): a change re-checks the objectives
    and units it touches (the ``objective`` and ``unit`` scopes); the ``organisation`` scope
    (comparisons across units, the learning loop) is re-run in the background. A dismissed
    finding stays stored; pages leave it out by its code and subject (``Dismissal``)."""

    period = models.ForeignKey("okrs.Period", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=60)
    family = models.CharField(max_length=20)
    level = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    severity_rank = models.PositiveSmallIntegerField()  # for the engine's order: errors first
    subject = models.CharField(max_length=12)
    subject_rank = models.PositiveSmallIntegerField()  # units, objectives, key results
    subject_id = models.PositiveBigIntegerField()
    # The objective the finding is about (a key result's objective); none for a unit.
    objective_id = models.PositiveBigIntegerField(null=True)
    other_objective_id = models.PositiveBigIntegerField(null=True)  # a pair's second objective
    unit_ids = models.JSONField(default=list)
    scope = models.CharField(max_length=12)
    what = models.TextField()
    why = models.TextField()
    fix = models.TextField()
    first_seen = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["period", "subject", "subject_id"], name="finding_subject"),
            models.Index(fields=["objective_id", "scope"], name="finding_objective"),
            models.Index(fields=["other_objective_id"], name="finding_other_objective"),
            models.Index(fields=["code", "subject", "subject_id"], name="finding_dismissal"),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.subject} {self.subject_id}"


class FindingUnit(models.Model):
    """One unit a stored finding concerns, so a unit's findings are one indexed query."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="units")
    period_id = models.PositiveBigIntegerField()
    unit_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["period_id", "unit_id"], name="finding_unit")]

    def __str__(self) -> str:
        return f"unit {self.unit_id} of finding {self.finding_id}"


class CoachState(models.Model):
    """What the stored findings of a period were computed with: two facts about the whole
    period that some checks read, and when the whole period was last re-checked."""

    period = models.OneToOneField("okrs.Period", on_delete=models.CASCADE, related_name="+")
    has_strategy = models.BooleanField(default=False)
    practice_running = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField(null=True)
    refreshed_on = models.DateField(null=True)  # the day the time-based checks were read for

    def __str__(self) -> str:
        return f"coach state of period {self.period_id}"
