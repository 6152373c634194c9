"""Importing a spreadsheet in Waypoint's layout, all or nothing.

`run_import` reads the file, checks every cell, then carries the rows out through the OKR
actions (create_objective, change_objective, add_key_result, change_key_result,
record_check_in) inside one transaction, so limits, permissions and history apply exactly as
on the pages. A preview (`apply=False`) runs the same and rolls back, so it shows what would
happen; an apply commits only when no row has a problem. People, units and periods are
matched, never created: unknown ones are listed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from waypoint.domain import coach_text
from waypoint.exchange import layout
from waypoint.exchange.layout import BY_HEADER, COLUMNS, CellError, column_letter
from waypoint.exchange.reading import FileError, Formula, Table, read_table
from waypoint.okrs import actions
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Person, Unit

# Which column an action's refusal of a field concerns.
ACTION_FIELD_COLUMNS = {
    "title": "objective",
    "units": "units",
    "owner": "owner",
    "period": "period",
    "parent_objectives": "links",
    "parent_key_results": "links",
}
KR_FIELD_COLUMNS = {
    "title": "key result",
    "kind": "kr kind",
    "owner_unit": "owner team",
    "baseline": "baseline",
    "target": "target",
    "criteria": "criteria",
    "weight": "weight",
    "confidence": "confidence",
    "value": "current",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong where: `row` counts as the spreadsheet does (the header is row 1)."""

    row: int
    column: str
    letter: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.column:
            where += f", column {self.letter} ({self.column})"
        return f"{where}: {self.message}"


@dataclass
class RowReport:
    number: int
    objective: str = ""
    key_result: str = ""
    changes: list[str] = field(default_factory=list)
    coach: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    filename: str
    file_problems: list[Problem] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    unknown_people: set[str] = field(default_factory=set)
    unknown_units: set[str] = field(default_factory=set)
    unknown_periods: set[str] = field(default_factory=set)
    created_objectives: int = 0
    changed_objectives: int = 0
    created_key_results: int = 0
    changed_key_results: int = 0
    check_ins: int = 0
    applied: bool = False
    seconds: float = 0.0

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [p for row in self.rows for p in row.problems]

    @property
    def not_found(self) -> dict[str, list[str]]:
        """People, units and periods the file names that do not exist here."""
        found = {
            "people": sorted(self.unknown_people),
            "units": sorted(self.unknown_units),
            "periods": sorted(self.unknown_periods),
        }
        return {label: names for label, names in found.items() if names}

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def change_count(self) -> int:
        return (
            self.created_objectives
            + self.changed_objectives
            + self.created_key_results
            + self.changed_key_results
            + self.check_ins
        )

    def summary(self) -> str:
        return (
            f"{self.created_objectives} objective(s) created, {self.changed_objectives} changed; "
            f"{self.created_key_results} key result(s) created, {self.changed_key_results} "
            f"changed; {self.check_ins} check-in(s)"
        )


class Refused(Exception):
    """Rolls the import's transaction back."""


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    report: RowReport
    letters: dict[str, str]

    def problem(self, header: str, message: str) -> None:
        self.report.problems.append(
            Problem(self.number, header, self.letters.get(header, ""), message)
        )

    def has_problem(self, *headers: str) -> bool:
        return any(p.column in headers for p in self.report.problems)

    @property
    def has_key_result(self) -> bool:
        return any(
            self.values.get(c.field) not in (None, "", [])
            for c in COLUMNS
            if c.level == "key result"
        )


OBJECTIVE_HEADERS = tuple(c.header for c in COLUMNS if c.level == "objective")


def run_import(
    author: Person, content: bytes, *, filename: str, apply: bool, max_bytes: int
) -> ImportReport:
    """Check and carry out the import; commit only if `apply` and nothing is wrong."""
    started = time.monotonic()
    report = ImportReport(filename)
    try:
        table = read_table(content, max_bytes=max_bytes)
    except FileError as exc:
        report.file_problems.append(Problem(0, "", "", str(exc)))
        return report
    columns = _map_headers(table, report)
    if report.file_problems:
        return report
    rows = _parse_rows(table, columns, report)
    if not rows and not report.file_problems:
        report.file_problems.append(Problem(0, "", "", "The file has a header but no rows."))
        return report
    importer = _Importer(author, filename, report, columns)
    try:
        with transaction.atomic():
            importer.run(rows)
            if not (apply and report.ok):
                raise Refused
    except Refused:
        pass
    else:
        report.applied = True
    report.seconds = time.monotonic() - started
    return report


def _map_headers(table: Table, report: ImportReport) -> dict[str, int]:
    """Header → column index; unknown, repeated and missing columns are file problems."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(table.headers):
        header = layout.normalise_header(raw)
        letter = column_letter(index)
        if not header:
            if any(index < len(r) and r[index] not in (None, "") for r in table.rows):
                report.file_problems.append(
                    Problem(1, "", letter, f"Column {letter} has values but no header.")
                )
            continue
        if header not in BY_HEADER:
            report.file_problems.append(
                Problem(
                    1,
                    str(raw),
                    letter,
                    f"Unknown column “{raw}”. Was it renamed? The columns are: "
                    f"{', '.join(layout.HEADERS)}.",
                )
            )
        elif header in columns:
            report.file_problems.append(
                Problem(1, header, letter, f"“{raw}” appears twice; keep one.")
            )
        else:
            columns[header] = index
    for column in COLUMNS:
        if column.required and column.header not in columns:
            report.file_problems.append(
                Problem(1, column.header, "", f"The column “{column.header}” is missing.")
            )
    return columns


def _parse_rows(table: Table, columns: dict[str, int], report: ImportReport) -> list[ParsedRow]:
    letters = {h: column_letter(i) for h, i in columns.items()}
    rows: list[ParsedRow] = []
    for offset, cells in enumerate(table.rows):
        number = offset + 2
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        row = ParsedRow(number, {}, RowReport(number), letters)
        for header, index in columns.items():
            column = BY_HEADER[header]
            raw = cells[index] if index < len(cells) else None
            row.values[column.field] = _read_cell(row, column, raw)
        row.report.objective = row.values.get("title") or ""
        row.report.key_result = row.values.get("kr_title") or ""
        rows.append(row)
        report.rows.append(row.report)
    return rows


def _read_cell(row: ParsedRow, column: layout.Column, raw: Any) -> Any:
    if isinstance(raw, Formula):
        row.problem(
            column.header,
            f"This cell holds a formula ({raw[:40]}); Waypoint does not run formulas: "
            "paste the value instead.",
        )
        return None
    try:
        if column.kind == "number":
            return layout.read_number(raw)
        if column.kind == "whole":
            return layout.read_whole(raw, 0, 10)
        if column.kind == "choice":
            return layout.read_choice(raw, column.choices)
        if column.kind == "list":
            return layout.read_list(raw)
        return layout.read_text(raw)
    except CellError as exc:
        row.problem(column.header, str(exc))
        return None


def _messages(error: ValidationError | PermissionDenied) -> dict[str, list[str]]:
    if isinstance(error, PermissionDenied):
        return {"__all__": [str(error) or "You may not do this."]}
    if hasattr(error, "error_dict"):
        return {f: [m for e in errs for m in e.messages] for f, errs in error.error_dict.items()}
    return {"__all__": list(error.messages)}


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return layout.format_number(value)
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, list | set | tuple):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    return f"“{value}”"


class _Importer:
    def __init__(
        self, author: Person, filename: str, report: ImportReport, columns: dict[str, int]
    ) -> None:
        self.author = author
        self.reason = f"Imported from {filename}"
        self.report = report
        self.present = {BY_HEADER[h].field for h in columns}
        self.periods = {p.name.lower(): p for p in Period.objects.all()}
        self.periods |= {p.slug.lower(): p for p in self.periods.values()}
        self._units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.all():
            for name in {unit.name.lower(), unit.slug.lower()}:
                self._units.setdefault(name, []).append(unit)
        self._people: dict[str, Person | None] = {}

    # --- looking things up -----------------------------------------------------------------

    def unit(self, row: ParsedRow, header: str, name: str) -> Unit | None:
        found = {u.pk: u for u in self._units.get(name.lower(), [])}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            row.problem(header, f"Several units are called “{name}”: use its slug instead.")
        else:
            self.report.unknown_units.add(name)
            row.problem(header, f"No unit “{name}” here. Create it first, or fix the name.")
        return None

    def person(self, row: ParsedRow, text: str) -> Person | None:
        key = text.lower()
        if key not in self._people:
            matches = list(
                Person.objects.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2]
            )
            self._people[key] = matches[0] if len(matches) == 1 else None
            if len(matches) > 1:
                row.problem("owner", f"Several people match “{text}”: use their username.")
                return None
        found = self._people[key]
        if found is None:
            self.report.unknown_people.add(text)
            row.problem(
                "owner", f"Nobody with the email or username “{text}” here. Invite them first."
            )
        elif not found.is_active:
            row.problem("owner", f"{found} is deactivated; choose an active owner.")
            return None
        return found

    def period(self, row: ParsedRow, text: str) -> Period | None:
        found = self.periods.get(text.lower())
        if found is None:
            self.report.unknown_periods.add(text)
            row.problem("period", f"No period “{text}” here (e.g. {self._example_period()}).")
        return found

    def _example_period(self) -> str:
        return next(iter(self.periods.values())).name if self.periods else "2026 Q4"

    def by_key(self, row: ParsedRow, header: str, text: str, model: type) -> Any:
        pattern = layout.OBJECTIVE_KEY if model is Objective else layout.KEY_RESULT_KEY
        example = "O-12" if model is Objective else "KR-34"
        match = pattern.match(text)
        if not match:
            row.problem(header, f"“{text}” is not a key Waypoint wrote (like {example}).")
            return None
        found = model.objects.filter(pk=int(match[1])).first()
        if found is None:
            row.problem(header, f"No {text} here: clear the key to create it as new.")
        return found

    # --- carrying the rows out -------------------------------------------------------------

    def run(self, rows: list[ParsedRow]) -> None:
        groups: dict[Any, list[ParsedRow]] = {}
        for row in rows:
            key_text = row.values.get("objective_key") or ""
            if key_text:
                group = ("key", key_text.upper())
            else:
                period_text = str(row.values.get("period") or "").lower()
                period = self.periods.get(period_text)
                group = ("new", period.pk if period else period_text, row.report.objective)
            groups.setdefault(group, []).append(row)
        for group_rows in groups.values():
            self.coach(group_rows)
            self.check_same_objective(group_rows)
            objective = self.objective(group_rows)
            if objective is None:
                continue
            for row in group_rows:
                if row.has_key_result:
                    self.key_result(row, objective)

    def coach(self, rows: list[ParsedRow]) -> None:
        """The coach's text readers on each title: outputs, tasks and missing baselines."""
        title = rows[0].values.get("title")
        if title:
            reading = coach_text.read_objective(title)
            if reading.label != "improvement" and reading.sure:
                kind = "a task or project" if reading.label == "task" else "keeping the lights on"
                rows[0].report.coach.append(
                    f"The objective reads as {kind}." + (f" {reading.fix}" if reading.fix else "")
                )
        for row in rows:
            kr_title = row.values.get("kr_title")
            if not kr_title:
                continue
            kr_reading = coach_text.read_key_result(kr_title)
            if kr_reading.sure_output:
                hint = f" Try: “{kr_reading.rewrite}”." if kr_reading.rewrite else ""
                row.report.coach.append(f"The key result reads as an output, not an outcome.{hint}")
            kind = row.values.get("kr_kind") or KeyResult.Kind.METRIC
            if (
                kind == KeyResult.Kind.METRIC
                and row.values.get("baseline") is None
                and not kr_reading.has_baseline
            ):
                row.report.coach.append("No baseline: where does this key result start from?")

    def check_same_objective(self, rows: list[ParsedRow]) -> None:
        first = rows[0]
        for row in rows[1:]:
            for header in OBJECTIVE_HEADERS:
                name = BY_HEADER[header].field
                if name in self.present and self.same(name, row) != self.same(name, first):
                    row.problem(
                        header,
                        f"Differs from row {first.number} for the same objective: "
                        "an objective's columns must match on all its rows.",
                    )

    def same(self, name: str, row: ParsedRow) -> Any:
        """A cell's value as far as it matters whether two rows agree on it."""
        value = row.values.get(name)
        if name == "period" and value:
            found = self.periods.get(value.lower())
            return found.pk if found else value.lower()
        if name in {"units", "links"}:
            return sorted(v.lower() for v in value or [])
        if name == "owner" and value:
            return value.lower()
        return value

    def objective_values(self, row: ParsedRow) -> dict[str, Any] | None:
        v = row.values
        values: dict[str, Any] = {}
        if "period" in self.present:
            if not v.get("period"):
                row.problem("period", "Give the period, e.g. 2026 Q4.")
            else:
                values["period"] = self.period(row, v["period"])
        if "units" in self.present:
            if not v.get("units") and not row.has_problem("units"):
                row.problem("units", "Give at least one owning unit.")
            values["units"] = [self.unit(row, "units", name) for name in v.get("units") or []]
        if "title" in self.present:
            if not v.get("title") and not row.has_problem("objective"):
                row.problem("objective", "Give the objective's title.")
            values["title"] = v.get("title")
        if "owner" in self.present:
            if not v.get("owner") and not row.has_problem("owner"):
                row.problem("owner", "Give the owner's email address or username.")
            else:
                values["owner"] = self.person(row, v["owner"]) if v.get("owner") else None
        for name in ("description", "stretch", "kind"):
            if name in self.present and v.get(name) is not None:
                values[name] = v[name]
        if "links" in self.present:
            parents: list[Objective] = []
            parent_krs: list[KeyResult] = []
            for text in v.get("links") or []:
                is_kr = text.upper().startswith("KR")
                found = self.by_key(row, "links", text, KeyResult if is_kr else Objective)
                if found is not None:
                    (parent_krs if is_kr else parents).append(found)
            values["parent_objectives"], values["parent_key_results"] = parents, parent_krs
        if row.has_problem(*OBJECTIVE_HEADERS):
            return None
        return values

    def objective(self, rows: list[ParsedRow]) -> Objective | None:
        row = rows[0]
        existing = None
        if row.values.get("objective_key"):
            existing = self.by_key(row, "objective key", row.values["objective_key"], Objective)
        values = self.objective_values(row)
        if values is None or row.has_problem("objective key"):
            return None
        try:
            if existing is None:
                return self.create_objective(row, values)
            return self.change_objective(row, existing, values)
        except (ValidationError, PermissionDenied) as error:
            # Who may write an objective follows from its owning units.
            fallback = "units" if isinstance(error, PermissionDenied) else "objective"
            for name, messages in _messages(error).items():
                header = ACTION_FIELD_COLUMNS.get(name, fallback)
                for message in messages:
                    row.problem(header, message)
            return None

    def create_objective(self, row: ParsedRow, values: dict[str, Any]) -> Objective:
        outcome = actions.create_objective(
            self.author,
            period=values["period"],
            title=values["title"],
            owner=values["owner"],
            units=values["units"],
            description=values.get("description", ""),
            stretch=values.get("stretch") or Objective.Stretch.ASPIRATIONAL,
            kind=values.get("kind") or Objective.Kind.STRATEGIC,
            parent_objectives=values.get("parent_objectives", ()),
            parent_key_results=values.get("parent_key_results", ()),
        )
        row.report.changes.append("New objective")
        row.report.changes += list(outcome.warnings)
        self.report.created_objectives += 1
        return outcome.obj

    def change_objective(
        self, row: ParsedRow, objective: Objective, values: dict[str, Any]
    ) -> Objective:
        changes: dict[str, Any] = {}
        for name, new in values.items():
            if name in {"units", "parent_objectives", "parent_key_results"}:
                old = list(getattr(objective, name).all())
                if {o.pk for o in old} != {o.pk for o in new}:
                    changes[name] = new
                    row.report.changes.append(
                        f"{name.replace('_', ' ')}: {_show([str(o) for o in old])} → "
                        f"{_show([str(o) for o in new])}"
                    )
            elif new is not None and getattr(objective, name) != new:
                changes[name] = new
                label = "why it matters" if name == "description" else name
                row.report.changes.append(
                    f"{label}: {_show(getattr(objective, name))} → {_show(new)}"
                )
        if changes:
            outcome = actions.change_objective(self.author, objective, changes, reason=self.reason)
            row.report.changes += list(outcome.warnings)
            self.report.changed_objectives += 1
        return objective

    def key_result(self, row: ParsedRow, objective: Objective) -> None:
        v = row.values
        existing: KeyResult | None = None
        if v.get("kr_key"):
            existing = self.by_key(row, "key result key", v["kr_key"], KeyResult)
            if existing is not None and existing.objective_id != objective.pk:
                row.problem(
                    "key result key",
                    f"{v['kr_key']} belongs to the objective “{existing.objective}”, not this one.",
                )
                return
            if existing is None:
                return
        owner_unit = None
        if v.get("owner_unit"):
            owner_unit = self.unit(row, "owner team", v["owner_unit"])
        elif existing is None and not row.has_problem("owner team"):
            row.problem("owner team", "Name the one team that owns this key result.")
        if existing is None and not v.get("kr_title") and not row.has_problem("key result"):
            row.problem("key result", "Give the key result's title.")
        if row.report.problems:
            return
        try:
            kr = (
                self.add_key_result(row, objective, owner_unit)
                if existing is None
                else self.change_key_result(row, existing, owner_unit)
            )
            self.check_in(row, kr)
        except (ValidationError, PermissionDenied) as error:
            for name, messages in _messages(error).items():
                for message in messages:
                    row.problem(KR_FIELD_COLUMNS.get(name, "key result"), message)

    def add_key_result(
        self, row: ParsedRow, objective: Objective, owner_unit: Unit | None
    ) -> KeyResult:
        v = row.values
        outcome = actions.add_key_result(
            self.author,
            objective,
            title=v["kr_title"],
            owner_unit=owner_unit,
            kind=v.get("kr_kind") or KeyResult.Kind.METRIC,
            baseline=v.get("baseline"),
            target=v.get("target"),
            unit_label=v.get("unit_label") or "",
            criteria=v.get("criteria") or "",
            weight=v["weight"] if v.get("weight") is not None else Decimal("1"),
        )
        row.report.changes.append("New key result")
        row.report.changes += list(outcome.warnings)
        self.report.created_key_results += 1
        return outcome.obj

    def change_key_result(
        self, row: ParsedRow, kr: KeyResult, owner_unit: Unit | None
    ) -> KeyResult:
        v = row.values
        wanted: dict[str, Any] = {}
        for name, column in (("title", "kr_title"), ("kind", "kr_kind"), ("weight", "weight")):
            if v.get(column) not in (None, ""):
                wanted[name] = v[column]
        if owner_unit is not None:
            wanted["owner_unit"] = owner_unit
        for name in ("baseline", "target", "unit_label", "criteria"):
            if name in self.present:
                wanted[name] = v.get(name) if name in {"baseline", "target"} else v.get(name) or ""
        changes = {name: new for name, new in wanted.items() if getattr(kr, name) != new}
        for name, new in changes.items():
            label = "owner team" if name == "owner_unit" else name.replace("_", " ")
            row.report.changes.append(
                f"key result {label}: {_show(getattr(kr, name))} → {_show(new)}"
            )
        if changes:
            actions.change_key_result(self.author, kr, changes, reason=self.reason)
            self.report.changed_key_results += 1
        return kr

    def check_in(self, row: ParsedRow, kr: KeyResult) -> None:
        if "current" not in self.present:
            return
        value, confidence = row.values.get("current"), row.values.get("confidence")
        if value is None:
            if kr.current is not None and not row.has_problem("current"):
                row.problem(
                    "current",
                    f"The current value is {_show(kr.current)} from its check-ins, which are "
                    "kept: write a new value or leave it as it is.",
                )
            return
        confidence = confidence if confidence is not None else kr.confidence
        if value == kr.current and confidence == kr.confidence:
            return
        if confidence is None:
            row.problem("confidence", "Give a confidence (0–10) with the new current value.")
            return
        actions.record_check_in(
            self.author, kr, value=value, confidence=confidence, note=self.reason
        )
        row.report.changes.append(f"Check-in: {_show(value)} (confidence {confidence}/10)")
        self.report.check_ins += 1
