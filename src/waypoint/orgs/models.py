"""People, units (company, departments, teams, virtual teams) and memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
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
