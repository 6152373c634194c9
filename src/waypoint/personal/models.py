"""Private personal goals in OKR form (OKR-PRINCIPLES §3): never part of the cascade, never
rolled up, visible only to their owner and the people they share them with."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from waypoint.domain import progress as dp


class PersonalGoal(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_goals"
    )
    period = models.ForeignKey(
        "okrs.Period", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField("why it matters to me", blank=True)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="goals_shared_with_me"
    )
    is_done = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["is_done", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("personal:goal-detail", args=[self.pk])

    @property
    def progress(self) -> dp.Progress:
        return dp.objective_progress([(kr.progress, 1.0) for kr in self.key_results.all()])


class PersonalKeyResult(models.Model):
    goal = models.ForeignKey(PersonalGoal, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=240)
    kind = models.CharField(
        max_length=10,
        choices=[
            ("metric", "Metric from a baseline to a target"),
            ("completion", "Completion % (0–100)"),
            ("quantity", "Quantity"),
            ("subjective", "Self-assessment (0–10)"),
        ],
        default="completion",
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    current = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    unit_label = models.CharField("unit", max_length=30, blank=True)

    class Meta:
        ordering = ["goal", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> dp.Progress:
        def f(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return dp.kr_progress(
            dp.Measure(self.kind, f(self.baseline), f(self.target), f(self.current))
        )
