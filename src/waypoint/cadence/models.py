"""The weekly practice around OKRs: commitments, meetings and agendas, backlog, KTLO KPIs,
reviews and end-of-period scores (OKR-PRINCIPLES §1 and §4). Pages arrive in later issues;
the data is here from the start so they add behaviour, not rewrites."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def open(self) -> CommitmentQuerySet:
        return self.filter(status="open")


class Commitment(models.Model):
    """A short-term action a person commits to this week to move a key result."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"
        CARRIED = "carried", "Carried over"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="commitments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    key_result = models.ForeignKey(
        "okrs.KeyResult",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    title = models.CharField(max_length=240)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was done, dropped or carried over."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due", "id"]

    def __str__(self) -> str:
        return self.title


class UnitCadence(models.Model):
    """A unit's meeting rhythm: the weekly (or bi-weekly) meeting and an optional stand-up."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        BIWEEKLY = "biweekly", "Every other week"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="cadence")
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    at = models.TimeField("time", default=time(9, 30))
    duration_minutes = models.PositiveSmallIntegerField("meeting length (minutes)", default=60)
    anchor = models.DateField(
        null=True, blank=True, help_text="The first meeting: bi-weekly meetings count from it."
    )
    standup = models.BooleanField("daily stand-up", default=False)
    standup_at = models.TimeField("stand-up time", default=time(9, 15))
    standup_minutes = models.PositiveSmallIntegerField("stand-up length (minutes)", default=15)

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_frequency_display()} on {self.get_weekday_display()}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(status__in=["scheduled", "delayed"])


class Meeting(models.Model):
    """A meeting in a unit's rhythm; delays and cancellations are a health signal."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual offsite"
        QUARTERLY = "quarterly", "Quarterly"
        MONTHLY = "monthly", "Monthly"
        WEEKLY = "weekly", "Weekly"
        BIWEEKLY = "biweekly", "Bi-weekly"
        DAILY = "daily", "Daily check-in"
        ADHOC = "adhoc", "Ad hoc deep dive"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        DELAYED = "delayed", "Rescheduled"
        CANCELLED = "cancelled", "Cancelled"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scheduled_for = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    rescheduled_from = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(max_length=240, blank=True)
    # The agenda as it stood when the meeting was marked held (the JSON of
    # `cadence.agendas.agenda_json`): a held meeting shows what was discussed then.
    held_agenda = models.JSONField(null=True, blank=True, editable=False)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit} ({self.scheduled_for:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("cadence:meeting-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.SCHEDULED, self.Status.DELAYED}


# The meetings a unit's rhythm schedules one after another (a daily stand-up runs beside them).
RHYTHM_KINDS = [Meeting.Kind.WEEKLY, Meeting.Kind.BIWEEKLY]


class AgendaItem(models.Model):
    class Section(models.TextChoices):
        TRACKING = "tracking", "OKR tracking and support"
        HOT_TOPICS = "hot_topics", "Hot topics"
        PARKING_LOT = "parking_lot", "Parking lot / backlog"
        KPIS = "kpis", "KTLO KPIs"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    section = models.CharField(max_length=12, choices=Section.choices)
    title = models.CharField(max_length=240)
    key_result = models.ForeignKey(
        "okrs.KeyResult", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class BacklogItem(models.Model):
    """An idea that is not a "hell yes" priority now: parked, reviewed at least quarterly."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROMOTED = "promoted", "Promoted"
        DISCARDED = "discarded", "Discarded"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="backlog_items")
    title = models.CharField(max_length=240)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    promoted_objective = models.ForeignKey(
        "okrs.Objective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class BacklogReview(models.Model):
    """Someone went through a unit's whole backlog (OKR-PRINCIPLES §4: at least quarterly)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="backlog_reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    open_items = models.PositiveIntegerField(default=0)  # how many ideas were parked then

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Backlog of {self.unit} reviewed {self.reviewed_at:%Y-%m-%d}"


class Kpi(models.Model):
    """A keep-the-lights-on number tracked beside OKRs, with a healthy range — never an OKR."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=120)
    unit_label = models.CharField(max_length=30, blank=True)
    healthy_min = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    healthy_max = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = "KTLO KPI"

    def __str__(self) -> str:
        return self.name


class KpiReading(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="readings")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kpi", "at"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class Review(models.Model):
    """A mid-quarter review or quarter close: progress on KRs and on the process."""

    class Kind(models.TextChoices):
        MID_QUARTER = "mid_quarter", "Mid-quarter review"
        CLOSE = "close", "Quarter close"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey("okrs.Period", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField()
    progress_notes = models.TextField(blank=True)
    process_notes = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}, {self.period}"


class Score(models.Model):
    """The end-of-period score of a key result (0.0–1.0) with the team's reflection."""

    key_result = models.OneToOneField(
        "okrs.KeyResult", on_delete=models.CASCADE, related_name="final_score"
    )
    value = models.DecimalField(max_digits=3, decimal_places=2)
    reflection = models.TextField(blank=True)
    carry_over = models.BooleanField(default=False)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=1), name="score_0_to_1"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_result}: {self.value}"


class CalendarFeed(models.Model):
    """An iCalendar feed of a unit's meetings, or of a person's, behind an unguessable token.
    Revoking it makes the URL answer 404 from then on."""

    token = models.CharField(max_length=64, unique=True)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) ^ models.Q(person__isnull=True),
                name="calendar_feed_of_a_unit_or_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.unit or self.person}"

    def get_absolute_url(self) -> str:
        return reverse("cadence:calendar-feed", args=[self.token])


class ReminderSent(models.Model):
    """One reminder sent to one person, so that it is never sent twice."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    key = models.CharField(max_length=120)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="one_reminder_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.key}"


class ReminderOptOut(models.Model):
    """A person who asked for no reminder emails."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person} (no reminders)"
