"""Periods, objectives, key results, alignment links, check-ins and the change history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from waypoint.domain import progress as dp


class PeriodQuerySet(models.QuerySet["Period"]):
    def containing(self, day: date) -> PeriodQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Period(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual"
        QUARTER = "quarter", "Quarter"
        CUSTOM = "custom", "Custom"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    start = models.DateField()
    end = models.DateField(help_text="Last day of the period (inclusive).")

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    """How an objective or key result stands; anything but ACTIVE is closed."""

    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    PARTIAL = "partial", "Partially achieved"
    MISSED = "missed", "Missed"
    DROPPED = "dropped", "Dropped"


CLOSED_STATUSES = [s for s in Status.values if s != Status.ACTIVE]


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def for_period(self, period: Period) -> ObjectiveQuerySet:
        return self.filter(period=period)

    def owned_by(self, *units: object) -> ObjectiveQuerySet:
        return self.filter(units__in=units).distinct()

    def active(self) -> ObjectiveQuerySet:
        return self.filter(status=Status.ACTIVE)

    def not_dropped(self) -> ObjectiveQuerySet:
        return self.exclude(status=Status.DROPPED)

    def with_details(self) -> ObjectiveQuerySet:
        """Everything an objective card shows, in a fixed number of queries."""
        return self.select_related("owner", "period", "assigned_by").prefetch_related(
            "units",
            models.Prefetch(
                "key_results",
                queryset=KeyResult.objects.select_related("owner_unit").order_by("position", "id"),
            ),
            "parent_objectives",
            "parent_key_results__objective",
        )


class Objective(models.Model):
    """A qualitative, directional improvement with one accountable owner (OKR-PRINCIPLES §1)."""

    class Stretch(models.TextChoices):
        ASPIRATIONAL = "aspirational", "Aspirational (expect ~0.7)"
        COMMITTED = "committed", "Committed (expect 1.0)"

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", "Strategic goal"
        SUPPORT = "support", "Support goal"

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField("why it matters", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_objectives"
    )
    units = models.ManyToManyField("orgs.Unit", related_name="objectives", blank=True)
    stretch = models.CharField(max_length=12, choices=Stretch.choices, default=Stretch.ASPIRATIONAL)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STRATEGIC)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_objectives",
    )
    parent_objectives = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="child_objectives"
    )
    parent_key_results = models.ManyToManyField(
        "KeyResult", blank=True, related_name="child_objectives"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_draft = models.BooleanField(
        default=False, help_text="Planned for its period; visible as a draft until published."
    )
    continues = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text="The objective of an earlier period this one carries over.",
    )
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["period__start", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("okrs:objective-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status != Status.ACTIVE

    @property
    def progress(self) -> dp.Progress:
        parts = [
            (kr.progress, float(kr.weight))
            for kr in self.key_results.all()
            if kr.status != Status.DROPPED
        ]
        return dp.objective_progress(parts)


class KeyResultQuerySet(models.QuerySet["KeyResult"]):
    def for_period(self, period: Period) -> KeyResultQuerySet:
        return self.filter(objective__period=period)

    def owned_by(self, *units: object) -> KeyResultQuerySet:
        return self.filter(owner_unit__in=units)


class KeyResult(models.Model):
    """A measurable outcome owned by exactly one team (OKR-PRINCIPLES §1)."""

    class Kind(models.TextChoices):
        METRIC = "metric", "Metric from a baseline to a target"
        COMPLETION = "completion", "Completion % (0–100)"
        QUANTITY = "quantity", "Output quantity"
        SUBJECTIVE = "subjective", "Subjective assessment (0–10) against agreed criteria"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=240)
    owner_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="key_results", verbose_name="owner team"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.METRIC)
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    current = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    unit_label = models.CharField(
        "unit", max_length=30, blank=True, help_text="e.g. %, ms, €k, users"
    )
    criteria = models.TextField(
        blank=True, help_text="For a subjective KR: what the team agreed a 10/10 looks like."
    )
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    last_checked_in_at = models.DateTimeField(null=True, blank=True)
    # The progress bar's fraction (0..1), None before there is anything to measure. Kept with
    # the values it comes from (see save()) so that "furthest behind" across an organisation
    # is one indexed query instead of every key result of the period in memory.
    progress_display = models.FloatField(null=True, blank=True, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    continues = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text="The key result of an earlier period this one carries over.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyResultQuerySet.as_manager()

    class Meta:
        ordering = ["objective_id", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.progress_display = self.measured_progress()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "progress_display" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "progress_display"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("okrs:key-result-detail", args=[self.pk])

    def measured_progress(self) -> float | None:
        """What `progress_display` holds: the bar's fraction, or None when unmeasured."""
        progress = self.progress
        return None if progress.raw is None else progress.display

    def to_measure(self) -> dp.Measure:
        def f(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return dp.Measure(self.kind, f(self.baseline), f(self.target), f(self.current))

    @property
    def progress(self) -> dp.Progress:
        return dp.kr_progress(self.to_measure())

    @property
    def direction(self) -> str | None:
        return dp.direction(self.to_measure())

    @property
    def is_closed(self) -> bool:
        return self.status != Status.ACTIVE


class CheckIn(models.Model):
    """One reading of a key result: value, confidence (0–10) and a note.

    `at` is the moment the reading is *for* (its "as of"): charts, "last check-in" and the key
    result's current value go by it. A reading made today is as of now; one back-dated to an
    earlier day of the period is as of the end of that day, so that readings of one day order
    by when they were written. `recorded_at` is when it was written. Rows are never deleted:
    a correction by its author changes value, confidence, note or as-of in place and keeps
    what it replaced as a `CheckInCorrection` (and a line in the objective's history)."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    confidence = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="check_ins"
    )
    at = models.DateTimeField(help_text="The moment the reading is for (its as-of).")
    recorded_at = models.DateTimeField(default=timezone.now, help_text="When it was written.")

    class Meta:
        ordering = ["key_result_id", "at", "id"]
        indexes = [models.Index(fields=["key_result", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__lte=10), name="confidence_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_result}: {self.value} ({self.at:%Y-%m-%d})"

    @property
    def as_of(self) -> date:
        return timezone.localtime(self.at).date()

    @property
    def back_dated(self) -> bool:
        """Written on a later day than the one it is for."""
        return timezone.localtime(self.recorded_at).date() > self.as_of


class CheckInCorrection(models.Model):
    """What a correction of a check-in replaced, and who corrected it when (append-only)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.DecimalField(max_digits=14, decimal_places=4)
    old_confidence = models.PositiveSmallIntegerField()
    old_note = models.TextField(blank=True)
    old_at = models.DateTimeField()
    new_value = models.DecimalField(max_digits=14, decimal_places=4)
    new_confidence = models.PositiveSmallIntegerField()
    new_note = models.TextField(blank=True)
    new_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="check_in_corrections"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["check_in_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.check_in_id}: {self.old_value} → {self.new_value}"


class Change(models.Model):
    """One recorded edit of an objective or key result: what, from, to, why, who, when."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="changes")
    key_result = models.ForeignKey(
        KeyResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    field = models.CharField(max_length=60)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["objective", "at"])]

    def __str__(self) -> str:
        return f"{self.field}: {self.old!r} → {self.new!r}"
