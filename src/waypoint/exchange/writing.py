"""Exporting a period's OKRs in the layout of `layout.py`, as CSV, XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from waypoint.exchange.layout import BY_HEADER, COLUMNS, HEADERS, escape, format_number
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Person, Unit

Row = dict[str, Any]  # column header -> value (str, Decimal, int or None)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def person_key(person: Person) -> str:
    return person.email or person.username


def objective_key(objective: Objective) -> str:
    return f"O-{objective.pk}"


def key_result_key(key_result: KeyResult) -> str:
    return f"KR-{key_result.pk}"


def objective_columns(objective: Objective) -> Row:
    links = [objective_key(o) for o in objective.parent_objectives.all()]
    links += [key_result_key(kr) for kr in objective.parent_key_results.all()]
    return {
        "period": objective.period.name,
        "units": "; ".join(sorted(u.name for u in objective.units.all())),
        "objective": objective.title,
        "why it matters": objective.description,
        "owner": person_key(objective.owner),
        "stretch": objective.stretch,
        "kind": objective.kind,
        "links": "; ".join(sorted(links)),
        "objective key": objective_key(objective),
    }


def key_result_columns(kr: KeyResult | None) -> Row:
    if kr is None:
        return {c.header: None for c in COLUMNS if c.level == "key result"}
    return {
        "key result": kr.title,
        "kr kind": kr.kind,
        "owner team": kr.owner_unit.name,
        "baseline": kr.baseline,
        "target": kr.target,
        "current": kr.current,
        "unit label": kr.unit_label,
        "criteria": kr.criteria,
        "confidence": kr.confidence,
        "weight": kr.weight,
        "key result key": key_result_key(kr),
    }


def export_rows(period: Period, *, unit: Unit | None = None) -> list[Row]:
    """One row per key result (an objective without any: one row with empty KR columns)."""
    objectives = Objective.objects.for_period(period).with_details().order_by("id")
    if unit is not None:
        objectives = objectives.owned_by(unit)
    rows: list[Row] = []
    for objective in objectives:
        base = objective_columns(objective)
        key_results = list(objective.key_results.all()) or [None]
        rows += [{**base, **key_result_columns(kr)} for kr in key_results]
    return [{h: row.get(h) for h in HEADERS} for row in rows]


def _cell_text(header: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return escape(text) if BY_HEADER[header].kind != "number" else text


def to_csv(rows: Iterable[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents correctly; formulas escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_cell_text(h, row[h]) for h in HEADERS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[Row], *, guide: bool = False) -> bytes:
    """A workbook whose sheet "OKRs" holds the rows; numbers as numbers, text always as text
    (never a formula). With `guide`, a second sheet explains each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "OKRs"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_value(row[h]) for h in HEADERS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a title such as "=2x revenue" stays text
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, min(40, len(header) + 4)
        )
    if guide:
        notes = book.create_sheet("How to fill")
        notes.append(["column", "required", "values", "notes"])
        for column in COLUMNS:
            notes.append(
                [
                    column.header,
                    "yes" if column.required else "",
                    ", ".join(column.choices) or column.kind,
                    column.help,
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return value


def to_json(rows: Iterable[Row]) -> bytes:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            normal = value.normalize()
            return int(normal) if normal == normal.to_integral_value() else float(normal)
        return value

    data = [{h: plain(row[h]) for h in HEADERS} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def render(rows: list[Row], fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "xlsx":
        return to_xlsx(rows)
    if fmt == "json":
        return to_json(rows)
    raise ValueError(f"Unknown format {fmt!r}: choose csv, xlsx or json.")


def template(fmt: str) -> bytes:
    """An empty sheet in the layout (the XLSX with a sheet explaining each column)."""
    return to_xlsx([], guide=True) if fmt == "xlsx" else to_csv([])
