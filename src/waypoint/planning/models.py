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


class Proposal(models.Model):
    """A change to an objective that needs someone else's agreement (OKR-PRINCIPLES §2:
    alignment by negotiation, not pushing): sharing it with another unit, or a team's proposed
    change to an objective owned higher up or shared with others. Until answered, the
    objective shows the proposal; accepting applies it through the same actions as the pages
    and records who agreed and when."""

    class Kind(models.TextChoices):
        SHARE = "share", "Share with another unit"
        DROP = "drop", "Drop the objective"
        REWORD = "reword", "Reword the objective"
        TARGET = "target", "Adjust a key result's target"
        MERGE = "merge", "Merge two objectives into one shared objective"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    objective = models.ForeignKey(
        "okrs.Objective", on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_proposals",
        help_text="The unit asked to share the objective.",
    )
    key_result = models.ForeignKey(
        "okrs.KeyResult", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_objective = models.ForeignKey(
        "okrs.Objective",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="merge_proposals",
        help_text="For a merge: the other unit's objective, which joins this one.",
    )
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_made"
    )
    proposed_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals_answered",
    )
    answer_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "unit"],
                condition=models.Q(state="open", kind="share"),
                name="one_open_share_proposal_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.objective}"

    @property
    def summary(self) -> str:
        if self.kind == self.Kind.SHARE:
            return f"share it with {self.unit}"
        if self.kind == self.Kind.DROP:
            return "drop it"
        if self.kind == self.Kind.REWORD:
            return f"reword it as “{self.title}”"
        if self.kind == self.Kind.MERGE:
            return (
                f"make it and {self.unit}'s “{self.other_objective}” one shared objective, "
                "each team keeping its key results"
            )
        return f"move the target of “{self.key_result}” to {self.target.normalize():f}"


class RelevanceCheck(models.Model):
    """A unit's monthly relevance check: for each objective — still relevant, on track, does it
    need a change? (OKR-PRINCIPLES §4: steer monthly)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("okrs.Period", on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Relevance check of {self.unit}, {self.period}"


class BackBrief(models.Model):
    """A unit's back-brief for the next period (essay 003: not only briefing out the intent,
    but the team telling back what it understood and how it will get there): what we
    understood the objectives above us to mean, what we will do, how we will measure it and
    what we need from others. The lead of the unit above answers: accepted, or changes asked
    for — the team revises and sends it again. Every turn is kept in `exchange`."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for an answer"
        CHANGES = "changes", "Changes asked for"
        ACCEPTED = "accepted", "Accepted"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="back_briefs")
    period = models.ForeignKey("okrs.Period", on_delete=models.CASCADE, related_name="+")
    understood = models.TextField("what we understood the intent to be")
    plan = models.TextField("what we will do")
    measures = models.TextField("how we will measure it", blank=True)
    needs = models.TextField("what we need from others", blank=True)
    contributes_to = models.ManyToManyField(
        "okrs.Objective", blank=True, related_name="back_briefs"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    exchange = models.JSONField(
        default=list, help_text="The negotiation, oldest first: who did what, when, and why."
    )

    class Meta:
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_back_brief_per_period")
        ]

    def __str__(self) -> str:
        return f"Back-brief of {self.unit}, {self.period}"
