"""People, units (company, departments, teams, virtual teams) and memberships."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, models
from django.urls import reverse


class Person(AbstractUser):
    """A person who uses Waypoint. `level` tells the coach whose OKR a finding concerns."""

    class Level(models.TextChoices):
        SENIOR = "senior", "Senior management"
        LEADERSHIP = "leadership", "Product leadership"
        TEAM = "team", "Team"

    title = models.CharField(max_length=120, blank=True, help_text="Job title, e.g. Team lead")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.TEAM)

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = "person"
        verbose_name_plural = "people"

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def initials(self) -> str:
        parts = self.display_name.split()
        return "".join(p[0] for p in parts[:2]).upper()

    def __str__(self) -> str:
        return self.display_name


class UnitQuerySet(models.QuerySet["Unit"]):
    def of_kind(self, *kinds: str) -> UnitQuerySet:
        return self.filter(kind__in=kinds)

    def with_member(self, person: Person) -> UnitQuerySet:
        return self.filter(memberships__person=person)

    def active(self) -> UnitQuerySet:
        """Units that are not archived: the ones pickers and the sidebar offer."""
        return self.filter(archived_at__isnull=True)


class Unit(models.Model):
    """A place OKRs are owned: the company, a department, a team or a virtual team."""

    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        DEPARTMENT = "department", "Department"
        TEAM = "team", "Team"
        VIRTUAL = "virtual", "Virtual team"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_supporting = models.BooleanField(
        default=False,
        help_text="A supporting function (finance, legal, platform…) that sets support goals.",
    )
    description = models.TextField(blank=True)
    member_units = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="virtual_teams",
        help_text="For a virtual team: the units it brings together.",
    )
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="Archived units keep their OKRs and history, read-only."
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="company") | models.Q(parent__isnull=True),
                name="company_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("okrs:unit-detail", args=[self.slug])

    @property
    def is_team(self) -> bool:
        return self.kind in {self.Kind.TEAM, self.Kind.VIRTUAL}

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["unit__name", "role", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="one_membership_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.unit} ({self.get_role_display()})"


MONTHS = [
    (1, "January"),
    (2, "February"),
    (3, "March"),
    (4, "April"),
    (5, "May"),
    (6, "June"),
    (7, "July"),
    (8, "August"),
    (9, "September"),
    (10, "October"),
    (11, "November"),
    (12, "December"),
]
CACHE_KEY = "waypoint:organisation"


class Organisation(models.Model):
    """The organisation's own settings; one row at most. Until an administrator saves them,
    the installation's settings (WAYPOINT_*) are the values."""

    class QuarterMonths(models.IntegerChoices):
        ONE = 1, "1 month"
        TWO = 2, "2 months"
        THREE = 3, "3 months (calendar quarters)"
        FOUR = 4, "4 months (trimesters)"
        SIX = 6, "6 months (halves)"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        BIWEEKLY = "biweekly", "Every other week"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    name = models.CharField(
        max_length=120, help_text="Shown on the login page and in the mails Waypoint sends."
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        "fiscal year starts in", choices=MONTHS, default=1
    )
    quarter_months = models.PositiveSmallIntegerField(
        "length of a quarter", choices=QuarterMonths.choices, default=3
    )
    meeting_frequency = models.CharField(
        "weekly meeting", max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        "on", choices=Weekday.choices, default=Weekday.MONDAY
    )
    meeting_at = models.TimeField("at", default=time(9, 30))
    meeting_minutes = models.PositiveSmallIntegerField("for (minutes)", default=60)
    limit_warn_above = models.PositiveSmallIntegerField(
        "warn above",
        default=3,
        help_text="Objectives per unit and period (or key results per objective) before "
        "Waypoint asks whether they are all priorities.",
    )
    limit_refuse_above = models.PositiveSmallIntegerField(
        "refuse above", default=5, help_text="More than this is refused."
    )
    commitment_limit = models.PositiveSmallIntegerField(
        "open commitments per person",
        default=5,
        help_text="Never more than a person can finish in a week.",
    )

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def defaults(cls) -> Organisation:
        """The values from the installation's settings, for an organisation not yet set up."""
        return cls(
            name=settings.SITE_NAME,
            fiscal_year_start_month=settings.WAYPOINT_FISCAL_YEAR_START_MONTH,
            quarter_months=settings.WAYPOINT_QUARTER_MONTHS,
            limit_warn_above=settings.WAYPOINT_LIMIT_WARN_ABOVE,
            limit_refuse_above=settings.WAYPOINT_LIMIT_REFUSE_ABOVE,
            commitment_limit=settings.WAYPOINT_COMMITMENT_LIMIT,
        )

    @classmethod
    def current(cls) -> Organisation:
        """The saved settings, or the defaults; kept in the shared cache (every process agrees,
        and saving clears it). Read from the primary: a lagging read replica would put the
        settings from before a save back into the shared cache for everyone."""
        values: dict[str, Any] | None = cache.get(CACHE_KEY)
        if values is None:
            saved = cls.objects.using(DEFAULT_DB_ALIAS).first()
            values = {"saved": saved is not None}
            if saved is not None:
                values.update(
                    (f.attname, getattr(saved, f.attname)) for f in cls._meta.concrete_fields
                )
            cache.set(CACHE_KEY, values, 300)
        if not values["saved"]:
            return cls.defaults()
        return cls(**{k: v for k, v in values.items() if k != "saved"})

    def meeting_defaults(self) -> dict[str, Any]:
        return {
            "frequency": self.meeting_frequency,
            "weekday": self.meeting_weekday,
            "at": self.meeting_at,
            "duration_minutes": self.meeting_minutes,
        }


class OrgEvent(models.Model):
    """One change to the organisation (a unit, a membership, a person, the settings): what,
    who, when. Kept when the thing it names is archived or deactivated."""

    text = models.CharField(max_length=300)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="org_events"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_about"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text
