"""The quarter close: one small form per objective and per key result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from waypoint.formfields import IdChoiceField, PlainDecimalField
from waypoint.okrs.forms import PlainForm
from waypoint.okrs.models import CLOSED_STATUSES, Objective, Status
from waypoint.planning.closing import KeyResultProposal, ObjectiveProposal
from waypoint.planning.models import Retrospective

STATE_CHOICES = [(s, Status(s).label) for s in CLOSED_STATUSES]


def _score_field() -> PlainDecimalField:
    return PlainDecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=2,
        label="Score",
        error_messages={
            "min_value": "A score runs from 0.0 to 1.0.",
            "max_value": "A score runs from 0.0 to 1.0.",
        },
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "1"}),
    )


class ScoredCloseForm(PlainForm):
    """A close decision with a score proposed from progress: empty means as proposed, dropped
    means no score, and a score other than the proposal needs a word of why in `why_field`."""

    why_field = "note"
    why_message = "The score from progress is {score}: say why you adjust it."

    def __init__(self, *args: Any, proposal: Any, prefix: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", prefix)
        kwargs.setdefault("initial", {"state": proposal.state, "score": proposal.score})
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("state") == Status.DROPPED:
            data["score"] = None
        elif data.get("score") is None and "score" not in self.errors:
            data["score"] = self.proposal.score
        adjusted = data.get("score") is not None and data["score"] != self.proposal.score
        if adjusted and not (data.get(self.why_field) or "").strip():
            self.add_error(self.why_field, self.why_message.format(score=self.proposal.score))
        return data


class KeyResultCloseForm(ScoredCloseForm):
    state = forms.ChoiceField(choices=STATE_CHOICES, label="Close as")
    score = _score_field()
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note",
        widget=forms.TextInput(attrs={"placeholder": "Why this score?"}),
    )
    carry_over = forms.BooleanField(required=False, label="Carry over")

    def __init__(self, *args: Any, proposal: KeyResultProposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, prefix=f"kr{proposal.key_result.pk}", **kwargs)


class ObjectiveCloseForm(ScoredCloseForm):
    state = forms.ChoiceField(choices=STATE_CHOICES, label="Close the objective as")
    score = _score_field()
    learned = forms.CharField(
        required=False,
        max_length=4000,
        label="What did we learn?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    miss_cause = forms.ChoiceField(
        required=False,
        choices=Retrospective.Cause.choices,
        label="Was a miss about the strategy or the execution?",
        widget=forms.RadioSelect,
    )

    why_field = "learned"
    why_message = "The score from its key results is {score}: say why you adjust it."

    def __init__(self, *args: Any, proposal: ObjectiveProposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, prefix=f"o{proposal.objective.pk}", **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("state") in {Status.MISSED, Status.PARTIAL} and not data.get("miss_cause"):
            self.add_error("miss_cause", "Say whether the bet was wrong or the plan was not done.")
        return data


class ProposalForm(PlainForm):
    """A team's proposed change to an objective owned higher up or shared with others."""

    kind = forms.ChoiceField(
        label="What should change?",
        choices=[
            ("reword", "Reword it (reduce its scope or sharpen it)"),
            ("target", "Adjust a key result's target"),
            ("drop", "Drop it: it is no longer relevant"),
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(required=False, max_length=200, label="New wording")
    description = forms.CharField(
        required=False, label="Why it matters (new)", widget=forms.Textarea(attrs={"rows": 2})
    )
    key_result = forms.TypedChoiceField(required=False, coerce=int, label="Key result")
    target = PlainDecimalField(required=False, label="New target", max_digits=14, decimal_places=4)
    reason = forms.CharField(
        max_length=2000,
        label="Why is the change needed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the change is needed."},
    )

    def __init__(self, *args: Any, objective: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objective = objective
        krs = [kr for kr in objective.key_results.all() if not kr.is_closed]
        self.fields["key_result"].choices = [("", "—")] + [(kr.pk, kr.title) for kr in krs]
        self.key_results = {kr.pk: kr for kr in krs}

    def clean_key_result(self) -> Any:
        pk = self.cleaned_data.get("key_result")
        return self.key_results.get(pk) if pk else None


class AnswerForm(PlainForm):
    note = forms.CharField(
        required=False, max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2})
    )


class RelevanceForm(PlainForm):
    """One objective of the monthly relevance check."""

    relevant = forms.TypedChoiceField(
        label="Still relevant?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        initial="yes",
    )
    on_track = forms.TypedChoiceField(
        label="On track?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        initial="yes",
    )
    change_needed = forms.TypedChoiceField(
        label="Change needed?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        initial="no",
    )
    note = forms.CharField(required=False, max_length=2000, label="Note")


class MidQuarterReviewForm(PlainForm):
    progress_notes = forms.CharField(
        label="Progress: what did we find and decide?",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write down what the review found and decided."},
    )
    process_notes = forms.CharField(
        required=False,
        label="Process: check-ins, meetings, commitments — what do we change?",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BackBriefForm(PlainForm):
    """A unit's back-brief for the next period (essay 003: the team tells back what it
    understood and how it will get there)."""

    understood = forms.CharField(
        label="What we understood the intent to be",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The objectives above us, in our own words: what they mean, and why now.",
        error_messages={"required": "Say what you understood the objectives above you to mean."},
    )
    plan = forms.CharField(
        label="What we will do",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How we plan to achieve it: our draft objectives, and the big bets in them.",
        error_messages={"required": "Say what you will do about them."},
    )
    measures = forms.CharField(
        required=False,
        label="How we will measure it",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    needs = forms.CharField(
        required=False,
        label="What we need from others",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="People, decisions, other teams' work — and by when.",
    )
    contributes_to = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="The objectives above us this answers",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, above: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contributes_to"]
        field.queryset = above
        field.label_from_instance = lambda o: (
            f"{o.title} ({', '.join(u.name for u in o.units.all())})"
        )


class MergeProposalForm(PlainForm):
    """One step from the alignment report: make two objectives one shared objective."""

    other = IdChoiceField(
        Objective.objects.filter(is_draft=False),
        error_messages={"invalid_choice": "That objective no longer exists."},
    )
    reason = forms.CharField(required=False, max_length=2000, label="Why")
