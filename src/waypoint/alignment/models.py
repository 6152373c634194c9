"""Support links: a support goal serving a unit or an objective (distinct from contributing)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models


class SupportLink(models.Model):
    """A supporting unit's *support* objective serves a unit or one of its objectives
    (OKR-PRINCIPLES §2: supporting teams set support goals). Such an objective counts as
    aligned even when it contributes to nothing above it."""

    objective = models.ForeignKey(
        "okrs.Objective", on_delete=models.CASCADE, related_name="support_links"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="supported_by"
    )
    served_objective = models.ForeignKey(
        "okrs.Objective",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supported_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objective_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) ^ models.Q(served_objective__isnull=True),
                name="support_link_serves_one_thing",
            ),
            models.UniqueConstraint(fields=["objective", "unit"], name="support_unit_once"),
            models.UniqueConstraint(
                fields=["objective", "served_objective"], name="support_objective_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} supports {self.served}"

    @property
    def served(self) -> object:
        return self.unit if self.unit_id else self.served_objective


class SecondmentQuerySet(models.QuerySet["Secondment"]):
    def active_on(self, day: date) -> SecondmentQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Secondment(models.Model):
    """A person lent to another team for a date range to resolve a dependency: while it runs
    they count as a member of that team (check-ins, commitments, agendas)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secondments"
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="secondments")
    start = models.DateField()
    end = models.DateField(help_text="Last day of the secondment (inclusive).")
    note = models.CharField(max_length=200, blank=True, help_text="What it resolves.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecondmentQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="secondment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} seconded to {self.unit} ({self.start} – {self.end})"
