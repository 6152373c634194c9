"""The one spreadsheet layout Waypoint reads and writes: one row per key result, carrying its
objective's columns (docs/exchange.md). Plain Python: what the columns are, how a cell's text
is escaped against formula injection, and how numbers and choices are read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal

ColumnKind = Literal["text", "number", "whole", "choice", "list"]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: ColumnKind = "text"
    level: Literal["objective", "key result"] = "objective"
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("period", "period", required=True, help="The period's name or slug, e.g. 2026 Q4."),
    Column("units", "units", "list", required=True, help="Owning units by name, separated by ';'."),
    Column("objective", "title", required=True, help="The objective's title."),
    Column("why it matters", "description", help="Optional description."),
    Column("owner", "owner", required=True, help="The owner's email address or username."),
    Column(
        "stretch",
        "stretch",
        "choice",
        choices=("aspirational", "committed"),
        help="Default aspirational.",
    ),
    Column("kind", "kind", "choice", choices=("strategic", "support"), help="Default strategic."),
    Column("links", "links", "list", help="Keys of the objectives or key results it supports."),
    Column("key result", "kr_title", level="key result", help="Empty for an objective alone."),
    Column(
        "kr kind",
        "kr_kind",
        "choice",
        level="key result",
        choices=("metric", "completion", "quantity", "subjective"),
        help="Default metric.",
    ),
    Column("owner team", "owner_unit", level="key result", help="The one team owning the KR."),
    Column("baseline", "baseline", "number", level="key result", help="Where it starts: a number."),
    Column(
        "target", "target", "number", level="key result", help="A number; a point for decimals."
    ),
    Column("current", "current", "number", level="key result", help="A new value is a check-in."),
    Column("unit label", "unit_label", level="key result", help="e.g. %, ms, €k, users"),
    Column("criteria", "criteria", level="key result", help="For a subjective KR."),
    Column("confidence", "confidence", "whole", level="key result", help="0 (none) to 10."),
    Column("weight", "weight", "number", level="key result", help="Default 1."),
    Column("objective key", "objective_key", help="Written by Waypoint; empty for a new one."),
    Column(
        "key result key",
        "kr_key",
        level="key result",
        help="Written by Waypoint; empty for a new one.",
    ),
)
HEADERS = tuple(c.header for c in COLUMNS)
BY_FIELD = {c.field: c for c in COLUMNS}
BY_HEADER = {c.header: c for c in COLUMNS}
# A cell starting with one of these is a formula to spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"
OBJECTIVE_KEY = re.compile(r"^O-(\d+)$", re.IGNORECASE)
KEY_RESULT_KEY = re.compile(r"^KR-(\d+)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
# DecimalField(max_digits=14, decimal_places=4): ten digits before the point, four after.
MAX_NUMBER = Decimal("9999999999.9999")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheet programs name a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def size_text(size: int) -> str:
    """12_345 → '12.3 kB', 10_485_760 → '10.5 MB'."""
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def normalise_header(text: object) -> str:
    return re.sub(r"[\s_]+", " ", str(text or "")).strip().lower()


def escape(text: str) -> str:
    """Text safe to open in a spreadsheet program: a leading formula character gets a ' in
    front, which spreadsheet programs show as text (and `unescape` removes on import)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unescape(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def format_number(value: Decimal | None) -> str:
    """2.5000 → '2.5', 10.0000 → '10', None → ''."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0"} else text


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


def read_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return unescape(str(value).strip())


def read_number(value: object) -> Decimal | None:
    """A number from a cell: spreadsheet numbers as they are, text in plain decimal notation
    (a point for decimals). Dates, formulas and anything else are refused with a reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"{read_text(value)} is not a number.")
    if isinstance(value, datetime | date | time):
        raise CellError(
            f"This cell holds a date ({read_text(value)}), not a number: format the cell as a "
            "number and type the value again."
        )
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.startswith(("=", "@")):
            raise CellError(
                f"“{text[:40]}” is a formula; Waypoint does not run formulas: type the value."
            )
        if re.fullmatch(r"[-+]?\d+,\d+", text):
            raise CellError(f"“{text}”: write decimals with a point (e.g. 12.5).")
        if not _PLAIN_NUMBER.match(text):
            raise CellError(f"“{text[:40]}” is not a number.")
        number = Decimal(text)
    if not number.is_finite() or abs(number) > MAX_NUMBER:
        raise CellError(
            f"{read_text(value)} is out of range (at most ten digits before the point)."
        )
    if number != number.quantize(Decimal("0.0001")):
        raise CellError(f"{read_text(value)} has more than four decimal places.")
    return number


def read_whole(value: object, low: int, high: int) -> int | None:
    number = read_number(value)
    if number is None:
        return None
    if number != number.to_integral_value() or not low <= number <= high:
        raise CellError(f"{read_text(value)}: give a whole number from {low} to {high}.")
    return int(number)


def read_choice(value: object, choices: tuple[str, ...]) -> str | None:
    text = read_text(value).lower()
    if not text:
        return None
    matches = [c for c in choices if c == text or c.startswith(text.split()[0])]
    if len(matches) != 1:
        raise CellError(f"“{read_text(value)}”: choose one of {', '.join(choices)}.")
    return matches[0]


def read_list(value: object) -> list[str]:
    text = read_text(value)
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
