"""Closing a unit's quarter, carrying key results over, publishing drafts and opening the next
period. Each runs in one transaction through the okrs actions, so history and permissions are
the same as on the objective pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from waypoint.cadence import actions as cadence_actions
from waypoint.cadence.models import BacklogItem, Review
from waypoint.coach import refresh as coach_refresh
from waypoint.domain import periods as dperiods
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.access import can_edit_objective, require
from waypoint.okrs.history import record_change
from waypoint.okrs.models import KeyResult, Objective, Period, Status
from waypoint.orgs.access import can_plan_for, is_admin
from waypoint.orgs.models import Organisation, Person, Unit
from waypoint.planning.access import can_answer, can_answer_back_brief, can_propose_change
from waypoint.planning.models import BackBrief, Proposal, RelevanceCheck, Retrospective
from waypoint.planning.plans import above_objectives


@dataclass(frozen=True)
class KeyResultClose:
    key_result: KeyResult
    state: str
    score: Decimal | None
    note: str = ""
    carry_over: bool = False


@dataclass(frozen=True)
class ObjectiveClose:
    objective: Objective
    state: str
    score: Decimal | None
    learned: str = ""
    miss_cause: str = ""
    key_results: Sequence[KeyResultClose] = field(default_factory=tuple)


@dataclass(frozen=True)
class CloseOutcome:
    closed: list[Objective]
    carried: list[KeyResult]


def next_period(period: Period) -> Period | None:
    """The period of the same kind that starts right after `period`, if it exists yet."""
    return Period.objects.filter(kind=period.kind, start__gt=period.end).order_by("start").first()


@transaction.atomic
def close_quarter(
    author: Person, unit: Unit, period: Period, decisions: Sequence[ObjectiveClose]
) -> CloseOutcome:
    """Close every decided objective and key result of `unit` in `period` with its score,
    state and retrospective, and carry the chosen key results into the next period — all or
    nothing."""
    require(can_plan_for(author, unit), f"You cannot close {unit.name}'s quarter.")
    carried: list[KeyResult] = []
    closed: list[Objective] = []
    target = next_period(period)
    for decision in decisions:
        objective = decision.objective
        if objective.period_id != period.pk:
            raise ValidationError(f"“{objective}” belongs to another period.")
        for kr_decision in decision.key_results:
            kr = kr_decision.key_result
            if kr.objective_id != objective.pk:
                raise ValidationError(f"“{kr}” is not a key result of “{objective}”.")
            if kr_decision.carry_over:
                if target is None:
                    raise ValidationError(
                        f"There is no period after {period.name} yet: an administrator "
                        "creates it on the periods page before anything carries over."
                    )
                carried.append(carry_over(author, kr, target))
            if not kr.is_closed:
                okr_actions.close_key_result(
                    author,
                    kr,
                    status=kr_decision.state,
                    note=kr_decision.note,
                    score=kr_decision.score,
                )
        okr_actions.close_objective(
            author, objective, status=decision.state, note=decision.learned, score=decision.score
        )
        Retrospective.objects.update_or_create(
            objective=objective,
            defaults={
                "learned": decision.learned,
                "miss_cause": decision.miss_cause,
                "author": author,
                "at": timezone.now(),
            },
        )
        closed.append(objective)
    return CloseOutcome(closed, carried)


@transaction.atomic
def carry_over(author: Person, key_result: KeyResult, into: Period) -> KeyResult:
    """Copy `key_result` into `into` with its current value as the new baseline, linked to the
    one it continues, under a draft of its objective there (created once, then reused).
    Nothing is carried twice."""
    objective = key_result.objective
    require(can_edit_objective(author, objective), "You cannot carry this key result over.")
    if into.start <= objective.period.end:
        raise ValidationError(f"{into.name} does not come after {objective.period.name}.")
    if KeyResult.objects.filter(continues=key_result, objective__period=into).exists():
        raise ValidationError(f"“{key_result}” is already carried over into {into.name}.")
    successor = Objective.objects.filter(continues=objective, period=into).first()
    if successor is None:
        successor = okr_actions.create_objective(
            author,
            period=into,
            title=objective.title,
            description=objective.description,
            owner=objective.owner,
            units=list(objective.units.all()),
            stretch=objective.stretch,
            kind=objective.kind,
        ).obj
        successor.continues, successor.is_draft = objective, True
        successor.save(update_fields=["continues", "is_draft"])
    baseline = key_result.current if key_result.current is not None else key_result.baseline
    copy = okr_actions.add_key_result(
        author,
        successor,
        title=key_result.title,
        owner_unit=key_result.owner_unit,
        kind=key_result.kind,
        baseline=baseline,
        target=key_result.target,
        unit_label=key_result.unit_label,
        criteria=key_result.criteria,
        weight=key_result.weight,
    ).obj
    copy.continues = key_result
    copy.save(update_fields=["continues"])
    record_change(
        successor,
        "carried over",
        f"{objective.period.name}: {key_result.title}",
        f"baseline {key_result.current if key_result.current is not None else '—'}",
        key_result=copy,
        author=author,
    )
    return copy


@transaction.atomic
def publish_drafts(author: Person, unit: Unit, period: Period) -> int:
    """Publish the unit's draft objectives of `period`; returns how many."""
    require(can_plan_for(author, unit), f"You cannot publish {unit.name}'s objectives.")
    drafts = list(Objective.objects.for_period(period).owned_by(unit).filter(is_draft=True))
    for objective in drafts:
        record_change(objective, "published", "draft", "published", author=author)
    Objective.objects.filter(pk__in=[o.pk for o in drafts]).update(is_draft=False)
    return len(drafts)


def next_span(kind: str, periods: Sequence[Period]) -> dperiods.PeriodSpan:
    """The quarter or year after the latest one of that kind; without any, the one that
    contains today."""

    organisation = Organisation.current()

    def after(day: date) -> dperiods.PeriodSpan:
        return dperiods.next_span(
            kind,  # type: ignore[arg-type]
            day,
            fiscal_start_month=organisation.fiscal_year_start_month,
            quarter_months=organisation.quarter_months,
        )

    latest = max((p.end for p in periods if p.kind == kind), default=None)
    if latest is not None:
        return after(latest)
    today = timezone.localdate()
    span = after(date(today.year - 2, 12, 31))
    while span.end < today:
        span = after(span.end)
    return span


@transaction.atomic
def create_next_period(author: Person, kind: str) -> Period:
    """Open the next quarter or year (administrators). Overlapping periods of one kind are
    refused."""
    if not is_admin(author):
        raise PermissionDenied("Only administrators open periods.")
    if kind not in {Period.Kind.QUARTER, Period.Kind.ANNUAL}:
        raise ValidationError("Open a quarter or a year.")
    span = next_span(kind, list(Period.objects.all()))
    overlapping = Period.objects.filter(kind=kind, start__lte=span.end, end__gte=span.start)
    if overlapping.exists():
        raise ValidationError(f"{span.name} would overlap {overlapping.first().name}.")
    if Period.objects.filter(slug=span.slug).exists():
        raise ValidationError(f"A period named {span.name} exists already.")
    return Period.objects.create(
        kind=kind, name=span.name, slug=span.slug, start=span.start, end=span.end
    )


# ---- Proposals: sharing an objective, and changes that need the owner's agreement ----------


def _open_proposal(**fields: object) -> Proposal:
    return Proposal.objects.create(proposed_at=timezone.now(), **fields)


@transaction.atomic
def propose_share(
    author: Person, objective: Objective, unit: Unit, *, reason: str = ""
) -> Proposal:
    """Ask `unit` to share `objective`. It becomes an owner only when its lead accepts."""
    require(can_edit_objective(author, objective), "You cannot share this objective.")
    if objective.units.filter(pk=unit.pk).exists():
        raise ValidationError(f"{unit.name} owns this objective already.")
    if objective.proposals.filter(kind=Proposal.Kind.SHARE, unit=unit, state="open").exists():
        raise ValidationError(f"Sharing with {unit.name} is already proposed.")
    proposal = _open_proposal(
        objective=objective,
        kind=Proposal.Kind.SHARE,
        unit=unit,
        proposed_by=author,
        reason=reason.strip() or f"{author.display_name} proposes to share it with {unit.name}.",
    )
    record_change(objective, "proposed to", "", unit.name, reason=proposal.reason, author=author)
    return proposal


@transaction.atomic
def propose_change(
    author: Person,
    objective: Objective,
    *,
    kind: str,
    reason: str,
    title: str = "",
    description: str = "",
    key_result: KeyResult | None = None,
    target: Decimal | None = None,
) -> Proposal:
    """A team's proposed change to an objective owned higher up or shared with others: it goes
    to the objective's editors to accept or decline."""
    require(can_propose_change(author, objective), "You cannot propose changes to this objective.")
    if objective.is_closed:
        raise ValidationError("The objective is closed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the change is needed."})
    if kind == Proposal.Kind.REWORD and not title.strip():
        raise ValidationError({"title": "Write the new wording."})
    if kind == Proposal.Kind.TARGET:
        if key_result is None or key_result.objective_id != objective.pk:
            raise ValidationError({"key_result": "Choose one of the objective's key results."})
        if target is None or target == key_result.target:
            raise ValidationError({"target": "Give a target different from today's."})
    if kind not in {Proposal.Kind.DROP, Proposal.Kind.REWORD, Proposal.Kind.TARGET}:
        raise ValidationError({"kind": "Propose to drop, reword or adjust a target."})
    proposal = _open_proposal(
        objective=objective,
        kind=kind,
        proposed_by=author,
        reason=reason.strip(),
        title=title.strip(),
        description=description.strip(),
        key_result=key_result if kind == Proposal.Kind.TARGET else None,
        target=target if kind == Proposal.Kind.TARGET else None,
    )
    record_change(
        objective, "change proposed", "", proposal.summary, reason=proposal.reason, author=author
    )
    return proposal


def open_merge(first: Objective, second: Objective) -> Proposal | None:
    """The open proposal to merge these two objectives, whichever way round it was made."""
    pair = Q(objective=first, other_objective=second) | Q(objective=second, other_objective=first)
    return Proposal.objects.filter(pair, kind=Proposal.Kind.MERGE, state="open").first()


@transaction.atomic
def propose_merge(
    author: Person, objective: Objective, other: Objective, *, reason: str = ""
) -> Proposal:
    """Propose to the other unit's lead that ``other`` join ``objective`` as one shared
    objective (the alignment report's fragmentation pairs). On acceptance both units own
    ``objective``, ``other``'s key results move to it with their check-ins and history, and
    ``other`` is closed as merged. Refused: an objective one cannot edit, the same objective,
    another period, a closed objective, units that own both already, a proposal already open."""
    require(
        can_edit_objective(author, objective),
        "Only the owner, members of its units and administrators can propose this.",
    )
    if other.pk == objective.pk:
        raise ValidationError("An objective cannot merge with itself.")
    if other.period_id != objective.period_id:
        raise ValidationError("Only objectives of the same period can become one.")
    if objective.is_closed or other.is_closed:
        raise ValidationError("Both objectives must be open to become one.")
    theirs = [u for u in other.units.order_by("name") if u not in set(objective.units.all())]
    if not theirs:
        raise ValidationError(f"The units of “{other}” own “{objective}” already.")
    if open_merge(objective, other) is not None:
        raise ValidationError("Making these two one shared objective is proposed already.")
    proposal = _open_proposal(
        objective=objective,
        other_objective=other,
        kind=Proposal.Kind.MERGE,
        unit=theirs[0],
        proposed_by=author,
        reason=reason.strip()
        or f"“{objective}” and “{other}” pursue the same goal: let us pursue it together.",
    )
    for side, partner in ((objective, other), (other, objective)):
        record_change(
            side, "merge proposed", "", partner.title, reason=proposal.reason, author=author
        )
    return proposal


def _merge(author: Person, proposal: Proposal, why: str) -> None:
    """Fold the other objective into the proposal's: owners, key results, links; close it."""
    keep = Objective.objects.select_for_update().get(pk=proposal.objective_id)
    gone = Objective.objects.select_for_update().get(pk=proposal.other_objective_id)
    if keep.is_closed or gone.is_closed:
        raise ValidationError("One of the two objectives was closed meanwhile: nothing merged.")
    added = [u for u in gone.units.all() if u not in set(keep.units.all())]
    keep.units.add(*added)
    position = max((kr.position for kr in keep.key_results.all()), default=0)
    moved = list(gone.key_results.order_by("position", "id"))
    for offset, kr in enumerate(moved, start=1):
        KeyResult.objects.filter(pk=kr.pk).update(objective=keep, position=position + offset)
        record_change(keep, "key result joined", gone.title, kr.title, key_result=kr, author=author)
    links = Objective.parent_objectives.through.objects
    children = list(links.filter(to_objective=gone).values_list("from_objective_id", flat=True))
    # Key results moved and links copied with bulk updates: the coach re-checks all of them.
    coach_refresh.touch_objectives([keep.pk, gone.pk, *children])
    for child_id in children:
        if child_id != keep.pk:
            links.get_or_create(from_objective_id=child_id, to_objective_id=keep.pk)
    links.filter(to_objective=gone).delete()
    keep.parent_objectives.add(*gone.parent_objectives.exclude(pk=keep.pk))
    own_krs = set(keep.key_results.values_list("pk", flat=True))
    keep.parent_key_results.add(*gone.parent_key_results.exclude(pk__in=own_krs))
    keep.parent_key_results.remove(*own_krs)
    keep.parent_objectives.remove(gone)
    okr_actions.refuse_cycle(
        keep, list(keep.parent_objectives.all()), list(keep.parent_key_results.all())
    )
    names = ", ".join(u.name for u in added)
    record_change(
        keep,
        "merged with",
        "",
        f"{gone.title} ({names}; agreed by {author.display_name})",
        reason=why,
        author=author,
    )
    record_change(gone, "status", gone.get_status_display(), "Dropped", reason=why, author=author)
    record_change(gone, "merged into", "", keep.title, reason=why, author=author)
    gone.status, gone.closed_at = Status.DROPPED, timezone.now()
    gone.closing_note = f"Merged into “{keep.title}”, now shared by its units."
    gone.version += 1
    gone.save()
    keep.version += 1
    keep.save()


def _answer(author: Person, proposal: Proposal, state: str, note: str) -> None:
    require(can_answer(author, proposal), "Only those it was proposed to can answer it.")
    if proposal.state != Proposal.State.OPEN:
        raise ValidationError(f"This proposal was {proposal.get_state_display().lower()} already.")
    proposal.state, proposal.answered_by = state, author
    proposal.answer_note, proposal.answered_at = note.strip(), timezone.now()
    proposal.save()


@transaction.atomic
def accept_proposal(author: Person, proposal: Proposal, *, note: str = "") -> Proposal:
    """Accept and apply the proposal, recording the agreement (who, when) in the history."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _answer(author, proposal, Proposal.State.ACCEPTED, note)
    objective = Objective.objects.get(pk=proposal.objective_id)
    why = f"Proposed by {proposal.proposed_by.display_name}: {proposal.reason}"
    if note.strip():
        why += f" — {note.strip()}"
    if proposal.kind == Proposal.Kind.SHARE:
        objective.units.add(proposal.unit)
        record_change(
            objective,
            "shared with",
            "",
            f"{proposal.unit} (agreed by {author.display_name})",
            reason=why,
            author=author,
        )
    elif proposal.kind == Proposal.Kind.MERGE:
        _merge(author, proposal, why)
    elif proposal.kind == Proposal.Kind.DROP:
        okr_actions.close_objective(author, objective, status=Status.DROPPED, note=why)
    elif proposal.kind == Proposal.Kind.REWORD:
        changes = {"title": proposal.title}
        if proposal.description:
            changes["description"] = proposal.description
        okr_actions.change_objective(author, objective, changes, reason=why)
    else:
        kr = KeyResult.objects.get(pk=proposal.key_result_id)
        okr_actions.change_key_result(author, kr, {"target": proposal.target}, reason=why)
    return proposal


@transaction.atomic
def decline_proposal(author: Person, proposal: Proposal, *, note: str) -> Proposal:
    """Decline with a note, so the team knows why."""
    if not note.strip():
        raise ValidationError({"note": "Say why, so the team can take it from there."})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _answer(author, proposal, Proposal.State.DECLINED, note)
    sides = [proposal.objective]
    if proposal.other_objective_id:
        sides.append(proposal.other_objective)
    for side in sides:
        record_change(
            side, "proposal declined", proposal.summary, "", reason=note.strip(), author=author
        )
    return proposal


@transaction.atomic
def change_objective_agreeing(
    author: Person, objective: Objective, changes: dict, *, reason: str = ""
) -> tuple[okr_actions.Outcome, list[Proposal]]:
    """Edit an objective; owning units the author cannot plan for are proposed to their leads
    instead of added (one rule for creating and editing shared objectives)."""
    proposals: list[Proposal] = []
    if "units" in changes:
        current = {u.pk for u in objective.units.all()}
        asked = [u for u in changes["units"] if u.pk not in current and not can_plan_for(author, u)]
        changes = {**changes, "units": [u for u in changes["units"] if u not in asked]}
        proposals = [propose_share(author, objective, unit, reason=reason) for unit in asked]
    return okr_actions.change_objective(author, objective, changes, reason=reason), proposals


@transaction.atomic
def create_objective_agreeing(
    author: Person, *, units: list[Unit], **fields: object
) -> tuple[okr_actions.Outcome, list[Proposal]]:
    """Create an objective owned by the units the author plans for, and propose it to the
    others' leads."""
    mine = [u for u in units if can_plan_for(author, u)]
    asked = [u for u in units if u not in mine]
    if asked and not mine:
        raise PermissionDenied("You can only write objectives for units you belong to or lead.")
    outcome = okr_actions.create_objective(author, units=mine, **fields)  # type: ignore[arg-type]
    return outcome, [propose_share(author, outcome.obj, unit) for unit in asked]


@transaction.atomic
def record_relevance_check(
    author: Person, unit: Unit, period: Period, *, answers: dict, notes: str = ""
) -> RelevanceCheck:
    """Record a unit's monthly relevance check: per objective, still relevant, on track,
    change needed, and a note."""
    require(can_plan_for(author, unit), f"You cannot run {unit.name}'s monthly check.")
    if period.end < timezone.localdate() - timedelta(days=31):
        raise ValidationError(f"{period.name} is over: its monthly checks are done.")
    return RelevanceCheck.objects.create(
        unit=unit,
        period=period,
        answers=answers,
        notes=notes.strip(),
        author=author,
        at=timezone.now(),
    )


@transaction.atomic
def record_mid_quarter_review(
    author: Person,
    unit: Unit,
    period: Period,
    *,
    progress_notes: str,
    process_notes: str = "",
    held_on: date | None = None,
) -> Review:
    """Record a unit's mid-quarter review (its outcome: notes and decisions on progress and
    on the process). A closed period has no mid-quarter review any more."""
    require(can_plan_for(author, unit), f"You cannot review {unit.name}'s quarter.")
    today = timezone.localdate()
    if period.end < today:
        raise ValidationError(f"{period.name} is over: close it instead of reviewing it.")
    if not progress_notes.strip():
        raise ValidationError({"progress_notes": "Write down what the review found and decided."})
    return Review.objects.create(
        unit=unit,
        period=period,
        kind=Review.Kind.MID_QUARTER,
        held_on=held_on or today,
        progress_notes=progress_notes.strip(),
        process_notes=process_notes.strip(),
        author=author,
    )


# ---- Planning the next period: drafts and back-briefs --------------------------------------


def _require_ahead(period: Period) -> None:
    if period.end < timezone.localdate():
        raise ValidationError(f"{period.name} is over: plan a period that is still to come.")


def _draft(author: Person, objective: Objective, what: str) -> Objective:
    Objective.objects.filter(pk=objective.pk).update(is_draft=True)
    objective.is_draft = True
    record_change(objective, "drafted", "", what, author=author)
    return objective


@transaction.atomic
def draft_contribution(author: Person, unit: Unit, above: Objective) -> Objective:
    """Start a draft objective of `unit` that contributes to `above`, an objective of a unit
    above it in the period being planned. The team rewords it as its own; the focus limit
    applies as to any objective. One per objective above."""
    require(can_plan_for(author, unit), f"You cannot plan for {unit.name}.")
    period = above.period
    _require_ahead(period)
    if not above_objectives(unit, period).filter(pk=above.pk).exists():
        raise ValidationError(f"“{above}” is not an objective above {unit.name} in {period.name}.")
    ours = Objective.objects.for_period(period).owned_by(unit).exclude(status=Status.DROPPED)
    if ours.filter(parent_objectives=above).exists():
        raise ValidationError(f"{unit.name} already has an objective contributing to “{above}”.")
    owners = ", ".join(u.name for u in above.units.all())
    outcome = okr_actions.create_objective(
        author,
        period=period,
        title=above.title,
        description=f"Our part of {owners}'s “{above.title}”: reword it as what {unit.name} "
        "will achieve.",
        owner=author,
        units=[unit],
        stretch=above.stretch,
        parent_objectives=[above],
    )
    return _draft(author, outcome.obj, f"contributes to {above.title}")


@transaction.atomic
def draft_from_backlog(author: Person, item: BacklogItem, period: Period) -> Objective:
    """Turn a parked idea of the unit's backlog into a draft objective for `period`."""
    require(can_plan_for(author, item.unit), f"You cannot plan for {item.unit.name}.")
    _require_ahead(period)
    objective = cadence_actions.promote_to_objective(author, item, period=period)
    return _draft(author, objective, f"from the backlog: {item.title}")


def _turn(back_brief: BackBrief, author: Person, what: str, note: str = "") -> None:
    back_brief.exchange = [
        *back_brief.exchange,
        {
            "at": timezone.now().isoformat(),
            "who": author.display_name,
            "what": what,
            "note": note,
        },
    ]


@transaction.atomic
def write_back_brief(
    author: Person,
    unit: Unit,
    period: Period,
    *,
    understood: str,
    plan: str,
    measures: str = "",
    needs: str = "",
    contributes_to: Sequence[Objective] = (),
) -> BackBrief:
    """Write (or revise) `unit`'s back-brief for `period`: what we understood the objectives
    above us to mean, what we will do, how we will measure it, what we need from others. It
    goes to the lead above; a revision after changes were asked for goes back to them."""
    require(can_plan_for(author, unit), f"You cannot back-brief for {unit.name}.")
    if unit.parent_id is None:
        raise ValidationError(f"{unit.name} has no unit above it to back-brief.")
    _require_ahead(period)
    errors = {}
    if not understood.strip():
        errors["understood"] = "Say what you understood the objectives above you to mean."
    if not plan.strip():
        errors["plan"] = "Say what you will do about them."
    allowed = set(above_objectives(unit, period).values_list("pk", flat=True))
    strangers = [o for o in contributes_to if o.pk not in allowed]
    if strangers:
        errors["contributes_to"] = (
            f"“{strangers[0]}” is not an objective above {unit.name} in {period.name}."
        )
    if errors:
        raise ValidationError(errors)
    back_brief = BackBrief.objects.select_for_update().filter(unit=unit, period=period).first()
    if back_brief is None:
        back_brief, what = BackBrief(unit=unit, period=period), "back-briefed"
    else:
        back_brief.revision += 1
        what = f"revised it (version {back_brief.revision})"
    back_brief.understood, back_brief.plan = understood.strip(), plan.strip()
    back_brief.measures, back_brief.needs = measures.strip(), needs.strip()
    back_brief.state = BackBrief.State.SUBMITTED
    back_brief.written_by, back_brief.written_at = author, timezone.now()
    back_brief.answered_by, back_brief.answered_at, back_brief.answer_note = None, None, ""
    _turn(back_brief, author, what)
    back_brief.save()
    back_brief.contributes_to.set(contributes_to)
    return back_brief


def _answer_back_brief(author: Person, back_brief: BackBrief, state: str, note: str) -> BackBrief:
    require(
        can_answer_back_brief(author, back_brief),
        f"Only a lead of a unit above {back_brief.unit.name} answers its back-brief.",
    )
    current = BackBrief.objects.select_for_update().select_related("unit").get(pk=back_brief.pk)
    if current.state == BackBrief.State.ACCEPTED:
        raise ValidationError(f"{current.unit.name}'s back-brief is accepted already.")
    if current.state == BackBrief.State.CHANGES:
        raise ValidationError(
            f"Changes are asked for already: {current.unit.name} revises its back-brief first."
        )
    current.state, current.answered_by = state, author
    current.answered_at, current.answer_note = timezone.now(), note.strip()
    _turn(
        current,
        author,
        "accepted it" if state == BackBrief.State.ACCEPTED else "asked for changes",
        note.strip(),
    )
    current.save()
    return current


@transaction.atomic
def accept_back_brief(author: Person, back_brief: BackBrief, *, note: str = "") -> BackBrief:
    """The lead above agrees: this is what the unit will do in the period."""
    return _answer_back_brief(author, back_brief, BackBrief.State.ACCEPTED, note)


@transaction.atomic
def ask_for_back_brief_changes(author: Person, back_brief: BackBrief, *, note: str) -> BackBrief:
    """The lead above asks for changes, saying which; the unit revises and sends it again."""
    if not note.strip():
        raise ValidationError({"note": "Say what should change, so the team can revise it."})
    return _answer_back_brief(author, back_brief, BackBrief.State.CHANGES, note)
