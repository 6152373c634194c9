"""Every change to objectives, key results and check-ins. Views, the API, the CLI and the demo
all call these; each runs in one transaction, checks permission and records history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.domain import alignment as da
from waypoint.domain import limits as dl
from waypoint.domain import progress as dp
from waypoint.hooks import events
from waypoint.okrs.access import (
    CORRECT_REFUSED,
    can_check_in,
    can_correct_check_in,
    can_edit_key_result,
    can_edit_objective,
    can_word_key_result,
    require,
)
from waypoint.okrs.history import display, record_change
from waypoint.okrs.models import CheckIn, CheckInCorrection, KeyResult, Objective, Period, Status
from waypoint.orgs.access import can_plan_for
from waypoint.orgs.models import Organisation, Person, Unit

OBJECTIVE_FIELDS = ("title", "description", "owner", "stretch", "kind", "period")
# What the owner team may word; the rest of a key result is for the objective's editors.
WORDING_FIELDS = ("title", "kind", "baseline", "target", "unit_label", "criteria")
EDITOR_FIELDS = ("owner_unit", "weight")
KEY_RESULT_FIELDS = WORDING_FIELDS + EDITOR_FIELDS
# Moving the goalposts after check-ins needs a reason, whoever moves them.
REASON_FIELDS = {"baseline", "target", "kind"}


def limit_policy() -> dl.LimitPolicy:
    """The organisation's limits (its settings page; WAYPOINT_LIMIT_* until saved)."""
    organisation = Organisation.current()
    return dl.LimitPolicy(
        warn_above=organisation.limit_warn_above,
        refuse_above=organisation.limit_refuse_above,
    )


@dataclass(frozen=True)
class Outcome:
    """What an action did, plus any limit warnings to show the writer."""

    obj: Any
    warnings: tuple[str, ...] = ()


def objective_count(unit: Unit, period: Period, *, excluding: Objective | None = None) -> int:
    qs = Objective.objects.for_period(period).owned_by(unit).not_dropped()
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.count()


def limit_verdict(unit: Unit, period: Period, objectives: Iterable[Objective]) -> dl.LimitVerdict:
    """The verdict on `unit`'s objectives in `period` from all of them, as its page has them
    (no query for the count)."""
    live = sum(objective.status != Status.DROPPED for objective in objectives)
    return dl.check_objectives(unit.name, period.name, live, limit_policy())


def objective_limit_verdicts(
    units: Iterable[Unit], period: Period, *, excluding: Objective | None = None
) -> list[dl.LimitVerdict]:
    return [
        dl.check_objectives(
            unit.name,
            period.name,
            objective_count(unit, period, excluding=excluding),
            limit_policy(),
        )
        for unit in units
    ]


def key_result_limit_verdict(objective: Objective) -> dl.LimitVerdict:
    existing = objective.key_results.exclude(status=Status.DROPPED).count()
    return dl.check_key_results(objective.title, existing, limit_policy())


def _apply_limits(verdicts: list[dl.LimitVerdict], field: str) -> tuple[str, ...]:
    refusals = [v.message for v in verdicts if v.level == "refuse"]
    if refusals:
        raise ValidationError({field: refusals})
    return tuple(v.message for v in verdicts if v.level == "warn")


def refuse_cycle(
    objective: Objective, parents: list[Objective], parent_krs: list[KeyResult]
) -> None:
    """Refuse contribution links that would loop back to `objective` (directly or through a
    key result)."""
    period = objective.period
    nearby = Objective.objects.filter(period__start__lte=period.end, period__end__gte=period.start)
    links: dict[int, set[int]] = {}
    through_objectives = Objective.parent_objectives.through.objects.filter(
        from_objective__in=nearby
    ).values_list("from_objective_id", "to_objective_id")
    through_krs = Objective.parent_key_results.through.objects.filter(
        objective__in=nearby
    ).values_list("objective_id", "keyresult__objective_id")
    for child, parent in [*through_objectives, *through_krs]:
        links.setdefault(child, set()).add(parent)
    links.pop(objective.pk, None)  # its links are being replaced
    proposed = {p.pk for p in parents} | {kr.objective_id for kr in parent_krs}
    loop = da.cycle_through(objective.pk, proposed, links)
    if loop is None:
        return
    titles = dict(Objective.objects.filter(pk__in=loop).values_list("pk", "title"))
    steps = " → ".join(f"“{titles[pk]}”" for pk in loop)
    field = "parent_objectives" if any(p.pk in loop for p in parents) else "parent_key_results"
    raise ValidationError({field: f"That link would make a loop: {steps}."})


def _require_units(units: list[Unit]) -> None:
    if not units:
        raise ValidationError({"units": "An objective needs at least one owning unit."})


@transaction.atomic
def create_objective(
    author: Person,
    *,
    period: Period,
    title: str,
    owner: Person,
    units: Iterable[Unit],
    description: str = "",
    stretch: str = Objective.Stretch.ASPIRATIONAL,
    kind: str = Objective.Kind.STRATEGIC,
    parent_objectives: Iterable[Objective] = (),
    parent_key_results: Iterable[KeyResult] = (),
    assign: bool = False,
) -> Outcome:
    """Create an objective owned by `units`, refusing it above the limit (OKR-PRINCIPLES §1).
    A lead of a unit above the owning units may assign it (§2): `assigned_by` records that,
    always with `assign`, otherwise when the author belongs to none of the units."""
    units = list(units)
    _require_units(units)
    require(
        all(can_plan_for(author, unit) for unit in units),
        "You can only write objectives for units you belong to or lead.",
    )
    warnings = _apply_limits(objective_limit_verdicts(units, period), "units")
    objective = Objective.objects.create(
        period=period,
        title=title,
        description=description,
        owner=owner,
        stretch=stretch,
        kind=kind,
        assigned_by=author
        if assign or not any(u.memberships.filter(person=author).exists() for u in units)
        else None,
    )
    objective.units.set(units)
    objective.parent_objectives.set(parent_objectives)
    objective.parent_key_results.set(parent_key_results)
    record_change(objective, "created", "", title, author=author)
    events.objective_event("objective.created", objective, author)
    return Outcome(objective, warnings)


@transaction.atomic
def change_objective(
    author: Person, objective: Objective, changes: Mapping[str, Any], *, reason: str = ""
) -> Outcome:
    """Apply `changes` (fields and the units/parent link sets), one history row per field."""
    require(can_edit_objective(author, objective), "You cannot edit this objective.")
    warnings: tuple[str, ...] = ()
    changed: list[str] = []
    if "parent_objectives" in changes or "parent_key_results" in changes:
        refuse_cycle(
            objective,
            list(changes.get("parent_objectives", objective.parent_objectives.all())),
            list(changes.get("parent_key_results", objective.parent_key_results.all())),
        )
    for field in OBJECTIVE_FIELDS:
        if field in changes and getattr(objective, field) != changes[field]:
            record_change(
                objective,
                field,
                getattr(objective, field),
                changes[field],
                reason=reason,
                author=author,
            )
            setattr(objective, field, changes[field])
            changed.append(field)
    for field in ("units", "parent_objectives", "parent_key_results"):
        if field not in changes:
            continue
        new = list(changes[field])
        manager = getattr(objective, field)
        if {o.pk for o in manager.all()} == {o.pk for o in new}:
            continue
        if field == "units":
            _require_units(new)
            added = [u for u in new if u.pk not in {o.pk for o in manager.all()}]
            outside = [u.name for u in added if not can_plan_for(author, u)]
            if outside:
                raise ValidationError(
                    {
                        "units": f"You cannot add {', '.join(outside)} as an owner: only its "
                        "members, a lead of a unit above it or an administrator can."
                    }
                )
            warnings = _apply_limits(
                objective_limit_verdicts(added, objective.period, excluding=objective), "units"
            )
        old_text = display(manager)
        manager.set(new)
        record_change(
            objective,
            field,
            old_text,
            ", ".join(sorted(str(o) for o in new)),
            reason=reason,
            author=author,
        )
        changed.append(field)
    if changed:
        objective.version += 1
        objective.save()
        events.objective_event("objective.changed", objective, author, changed)
    return Outcome(objective, warnings)


def _validate_measure(
    kind: str, baseline: Decimal | None, target: Decimal | None, criteria: str
) -> None:
    errors: dict[str, str] = {}
    if kind == KeyResult.Kind.METRIC:
        if target is None:
            errors["target"] = "A metric key result needs a target."
        elif baseline is not None and baseline == target:
            errors["target"] = "The target equals the baseline: there is nothing to achieve."
    if kind == KeyResult.Kind.SUBJECTIVE and not criteria.strip():
        errors["criteria"] = "Agree on the criteria a subjective key result is scored against."
    if kind == KeyResult.Kind.COMPLETION and target is not None and not 0 < target <= 100:
        errors["target"] = "Completion is measured in percent: the target lies in 1–100."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_key_result(
    author: Person,
    objective: Objective,
    *,
    title: str,
    owner_unit: Unit,
    kind: str = KeyResult.Kind.METRIC,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    unit_label: str = "",
    criteria: str = "",
    weight: Decimal = Decimal("1"),
) -> Outcome:
    """Add a key result owned by exactly one team; refused above the per-objective limit."""
    require(can_edit_objective(author, objective), "You cannot add key results to this objective.")
    _validate_measure(kind, baseline, target, criteria)
    warnings = _apply_limits([key_result_limit_verdict(objective)], "__all__")
    key_result = KeyResult.objects.create(
        objective=objective,
        title=title,
        owner_unit=owner_unit,
        kind=kind,
        baseline=baseline,
        target=target,
        unit_label=unit_label,
        criteria=criteria,
        weight=weight,
        position=objective.key_results.count(),
    )
    record_change(objective, "key result added", "", title, key_result=key_result, author=author)
    events.key_result_event("key_result.created", key_result, author)
    return Outcome(key_result, warnings)


@transaction.atomic
def change_key_result(
    author: Person, key_result: KeyResult, changes: Mapping[str, Any], *, reason: str = ""
) -> Outcome:
    """Edit a key result. Its owner team words it; weight and owner team are for the objective's
    editors, and it moves only to a team the mover may plan for. Moving the goalposts (baseline,
    target, kind) after check-ins needs a reason — and so does any rewording by the owner team —
    which the history keeps (OKR-PRINCIPLES §4: changes are allowed and recorded)."""
    require(can_word_key_result(author, key_result), "You cannot edit this key result.")
    diff = {
        f: changes[f]
        for f in KEY_RESULT_FIELDS
        if f in changes and getattr(key_result, f) != changes[f]
    }
    if not diff:
        return Outcome(key_result)
    is_editor = can_edit_key_result(author, key_result)
    require(
        is_editor or not diff.keys() & set(EDITOR_FIELDS),
        "Only the objective's editors change a key result's weight or owner team.",
    )
    if "owner_unit" in diff and not can_plan_for(author, diff["owner_unit"]):
        raise ValidationError(
            {
                "owner_unit": f"You cannot plan for {diff['owner_unit']}: choose a team you "
                "belong to or lead, or ask its lead to take it on."
            }
        )
    needs_reason = REASON_FIELDS & diff.keys() or not is_editor
    if needs_reason and not reason.strip() and key_result.check_ins.exists():
        raise ValidationError(
            {
                "reason": "This key result has check-ins: say why its "
                "wording, baseline, target or kind changes."
            }
        )
    merged = {
        f: diff.get(f, getattr(key_result, f)) for f in ("kind", "baseline", "target", "criteria")
    }
    _validate_measure(merged["kind"], merged["baseline"], merged["target"], merged["criteria"])
    for field, new in diff.items():
        record_change(
            key_result.objective,
            f"key result {field}",
            getattr(key_result, field),
            new,
            key_result=key_result,
            reason=reason,
            author=author,
        )
        setattr(key_result, field, new)
    # Check-ins own the current value: take it from the locked row, never from the copy the
    # editor loaded (a check-in saved meanwhile would otherwise be undone), and write only
    # what the edit changes.
    fresh = KeyResult.objects.select_for_update().get(pk=key_result.pk)
    key_result.current, key_result.confidence = fresh.current, fresh.confidence
    key_result.last_checked_in_at = fresh.last_checked_in_at
    key_result.version = fresh.version + 1
    key_result.save(update_fields=[*diff, "version", "updated_at"])
    events.key_result_event("key_result.changed", key_result, author, diff)
    return Outcome(key_result)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def check_in_moment(period: Period, as_of: date | None, *, now: datetime | None = None) -> datetime:
    """The moment a check-in "as of" `as_of` is for: now when it is today (or not given),
    else the end of that day — so that a reading back-dated to a day comes after that day's
    live readings, which were written before it. Refused for a future day and a day outside
    the key result's period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if as_of is None or as_of == today:
        return now
    if as_of > today:
        raise ValidationError(
            {"as_of": f"{_day(as_of)} is in the future: a check-in is for today or an earlier day."}
        )
    if as_of < period.start:
        raise ValidationError(
            {
                "as_of": f"{_day(as_of)} is before {period.name} starts ({_day(period.start)}): "
                "a check-in is for a day inside its key result's period."
            }
        )
    if as_of > period.end:
        raise ValidationError(
            {
                "as_of": f"{_day(as_of)} is after {period.name} ended ({_day(period.end)}): "
                "a check-in is for a day inside its key result's period."
            }
        )
    return timezone.make_aware(datetime.combine(as_of, time.max))


def _lock_open_key_result(key_result: KeyResult, verb: str) -> KeyResult:
    """The key result's row, locked until the transaction ends, refused when it is closed.
    Concurrent check-ins and corrections on one key result are serialised by this lock
    (PostgreSQL) or the write lock SQLite takes, so the current value is always the
    newest check-in's."""
    locked = (
        KeyResult.objects.select_for_update()
        .select_related("objective__period")
        .get(pk=key_result.pk)
    )
    if locked.objective.is_closed:
        raise ValidationError(
            f"The objective is {locked.objective.get_status_display().lower()}; "
            f"reopen it to {verb}."
        )
    if locked.is_closed:
        raise ValidationError(f"This key result is closed; reopen it to {verb}.")
    return locked


def _check_confidence(confidence: int) -> None:
    if not 0 <= confidence <= 10:
        raise ValidationError({"confidence": "Confidence runs from 0 (no chance) to 10 (certain)."})


def _refresh_current(locked: KeyResult, key_result: KeyResult) -> None:
    """Current value, confidence and last check-in from the newest check-in by its as-of
    moment (ties by creation), on the row and on the caller's instance."""
    newest = CheckIn.objects.filter(key_result=locked).order_by("-at", "-id").first()
    assert newest is not None
    for kr in (locked, key_result):
        kr.current, kr.confidence = newest.value, newest.confidence
        kr.last_checked_in_at = newest.at
        kr.progress_display = kr.measured_progress()
    KeyResult.objects.filter(pk=locked.pk).update(
        current=newest.value,
        confidence=newest.confidence,
        last_checked_in_at=newest.at,
        progress_display=locked.progress_display,
        updated_at=timezone.now(),
    )


@transaction.atomic
def record_check_in(
    author: Person,
    key_result: KeyResult,
    *,
    value: Decimal,
    confidence: int,
    note: str = "",
    as_of: date | None = None,
    at: datetime | None = None,
) -> CheckIn:
    """Append a check-in and refresh the key result's current value and confidence from its
    newest check-in. `as_of` dates it to a day of the period up to today (see
    `check_in_moment`); `at` back-dates it to an exact moment (imports and seed data)."""
    require(can_check_in(author, key_result), "You cannot check in on this key result.")
    locked = _lock_open_key_result(key_result, "check in")
    _check_confidence(confidence)
    now = timezone.now()
    moment = at or check_in_moment(locked.objective.period, as_of, now=now)
    check_in = CheckIn.objects.create(
        key_result=locked,
        value=value,
        confidence=confidence,
        note=note,
        author=author,
        at=moment,
        recorded_at=now,
    )
    _refresh_current(locked, key_result)
    events.check_in_recorded(check_in, key_result)
    return check_in


def _reading(check_in: CheckIn | CheckInCorrection, prefix: str = "") -> str:
    value = getattr(check_in, f"{prefix}value")
    confidence = getattr(check_in, f"{prefix}confidence")
    day = timezone.localtime(getattr(check_in, f"{prefix}at")).date()
    return f"{display(value)} (confidence {confidence}/10, as of {_day(day)})"


@transaction.atomic
def correct_check_in(
    author: Person,
    check_in: CheckIn,
    *,
    value: Decimal,
    confidence: int,
    note: str = "",
    as_of: date | None = None,
    reason: str = "",
) -> CheckIn:
    """Correct a check-in in place: its author (or an administrator) may, while its period
    runs and its key result is open. What it replaces is kept as a `CheckInCorrection` and
    a line of the objective's history, and the key result's current value is derived
    again from its newest check-in under the same lock check-ins take."""
    require(can_correct_check_in(author, check_in), CORRECT_REFUSED)
    locked = _lock_open_key_result(check_in.key_result, "correct its check-ins")
    period = locked.objective.period
    fresh = CheckIn.objects.get(pk=check_in.pk)
    today = timezone.localdate()
    if today > period.end:
        raise ValidationError(
            f"{period.name} ended on {_day(period.end)}: its check-ins stay as they were. "
            "Record what you learned when you close the key result instead."
        )
    if not period.start <= fresh.as_of <= period.end:
        raise ValidationError(
            f"This check-in is for {_day(fresh.as_of)}, outside {period.name}: it cannot be "
            "corrected."
        )
    _check_confidence(confidence)
    moment = fresh.at
    if as_of is not None and as_of != fresh.as_of:
        moment = check_in_moment(period, as_of)
    new = (value, confidence, note, moment)
    if new == (fresh.value, fresh.confidence, fresh.note, fresh.at):
        raise ValidationError(
            "Nothing changed: change the value, confidence, note or date to correct it."
        )
    correction = CheckInCorrection.objects.create(
        check_in=fresh,
        old_value=fresh.value,
        old_confidence=fresh.confidence,
        old_note=fresh.note,
        old_at=fresh.at,
        new_value=value,
        new_confidence=confidence,
        new_note=note,
        new_at=moment,
        reason=reason,
        author=author,
    )
    record_change(
        locked.objective,
        "check-in corrected",
        _reading(correction, "old_"),
        _reading(correction, "new_"),
        key_result=locked,
        reason=reason,
        author=author,
    )
    fresh.value, fresh.confidence, fresh.note, fresh.at = new
    fresh.save(update_fields=["value", "confidence", "note", "at"])
    _refresh_current(locked, check_in.key_result)
    check_in.value, check_in.confidence, check_in.note, check_in.at = new
    return fresh


CLOSING_STATUSES = (Status.ACHIEVED, Status.PARTIAL, Status.MISSED, Status.DROPPED)


def _check_closing(target: Objective | KeyResult, status: str, score: Decimal | None) -> None:
    if target.is_closed:
        raise ValidationError(
            f"It is already closed as {target.get_status_display().lower()}; reopen it first."
        )
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": "Choose achieved, partially achieved, missed or dropped."})
    if score is not None and not Decimal(0) <= score <= Decimal(1):
        raise ValidationError({"score": "A score runs from 0.0 to 1.0."})


@transaction.atomic
def close_key_result(
    author: Person,
    key_result: KeyResult,
    *,
    status: str,
    note: str = "",
    score: Decimal | None = None,
    at: datetime | None = None,
) -> KeyResult:
    """Close a key result; without an explicit score it gets the default end-of-period score.
    `at` back-dates the closing (imports and seed data)."""
    require(can_edit_key_result(author, key_result), "You cannot close this key result.")
    _check_closing(key_result, status, score)
    if score is None and status != Status.DROPPED:
        score = Decimal(str(dp.default_score(key_result.to_measure())))
    record_change(
        key_result.objective,
        "key result status",
        key_result.get_status_display(),
        Status(status).label,
        key_result=key_result,
        reason=note,
        author=author,
        at=at,
    )
    key_result.status, key_result.score = status, score
    key_result.closing_note, key_result.closed_at = note, at or timezone.now()
    key_result.save()
    events.key_result_event("key_result.closed", key_result, author)
    return key_result


@transaction.atomic
def close_objective(
    author: Person,
    objective: Objective,
    *,
    status: str,
    note: str = "",
    score: Decimal | None = None,
    at: datetime | None = None,
) -> Objective:
    """Close an objective; its score defaults to the weighted progress of its key results.
    `at` back-dates the closing (imports and seed data)."""
    require(can_edit_objective(author, objective), "You cannot close this objective.")
    _check_closing(objective, status, score)
    if score is None and status != Status.DROPPED:
        display = objective.progress.display
        score = Decimal(str(round(display, 1)))
    record_change(
        objective,
        "status",
        objective.get_status_display(),
        Status(status).label,
        reason=note,
        author=author,
        at=at,
    )
    objective.status, objective.score = status, score
    objective.closing_note, objective.closed_at = note, at or timezone.now()
    objective.version += 1
    objective.save()
    events.objective_event("objective.closed", objective, author)
    return objective


@transaction.atomic
def reopen(author: Person, target: Objective | KeyResult, *, reason: str = "") -> None:
    """Reopen a closed objective or key result, keeping the history of its closing."""
    objective = target if isinstance(target, Objective) else target.objective
    require(can_edit_objective(author, objective), "You cannot reopen this.")
    if not target.is_closed:
        raise ValidationError("It is not closed: there is nothing to reopen.")
    prefix = "" if isinstance(target, Objective) else "key result "
    record_change(
        objective,
        f"{prefix}status",
        target.get_status_display(),
        Status.ACTIVE.label,
        key_result=None if target is objective else target,
        reason=reason,
        author=author,
    )
    target.status, target.score, target.closed_at = Status.ACTIVE, None, None
    target.save()
    if isinstance(target, Objective):
        events.objective_event("objective.reopened", target, author)
    else:
        events.key_result_event("key_result.reopened", target, author)
