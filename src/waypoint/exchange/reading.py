"""Reading an uploaded file into a header and rows of cell values: CSV (UTF-8, with or without
a byte-order mark), XLSX (the first sheet) or Waypoint's JSON export. Nothing is evaluated:
formula cells come back as `Formula` so the importer can refuse them by row and column."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from waypoint.exchange.layout import HEADERS, size_text


class FileError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


class Formula(str):
    """The text of a formula cell, never its result."""


@dataclass(frozen=True)
class Table:
    kind: str  # csv, xlsx or json
    headers: list[str]
    rows: list[list[Any]]  # rows[0] is spreadsheet row 2


def detect_kind(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
        return "json"
    return "csv"


def read_table(content: bytes, *, max_bytes: int) -> Table:
    if len(content) > max_bytes:
        raise FileError(
            f"The file is {size_text(len(content))}; the limit is {size_text(max_bytes)} "
            "(WAYPOINT_IMPORT_MAX_BYTES). Split it by period."
        )
    if not content.strip():
        raise FileError("The file is empty.")
    kind = detect_kind(content)
    if kind == "xlsx":
        return _read_xlsx(content, max_bytes=max_bytes)
    if kind == "json":
        return _read_json(content)
    return _read_csv(content)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileError(
            f"The file is not UTF-8 text (line {line}, byte {exc.start + 1}) and not an XLSX "
            "workbook. Save it as “CSV UTF-8” or as an Excel workbook (.xlsx) and upload it again."
        ) from exc


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    if "\x00" in text:
        raise FileError("The file holds binary data, not CSV text. Upload a CSV or XLSX file.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileError(f"The CSV cannot be read: {exc}.") from exc
    if not rows:
        raise FileError("The file is empty.")
    return Table("csv", rows[0], rows[1:])


def _read_xlsx(content: bytes, *, max_bytes: int) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileError("The file looks like a workbook but is damaged.") from exc
    # A small workbook may unpack into gigabytes (a "zip bomb"): refuse before reading it.
    if unpacked > 20 * max_bytes:
        raise FileError("The workbook unpacks to more data than Waypoint accepts.")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileError(f"The workbook cannot be read ({type(exc).__name__}).") from exc
    try:
        sheet = book["OKRs"] if "OKRs" in book.sheetnames else book.worksheets[0]
        rows: list[list[Any]] = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" and value is not None:
                    value = Formula(str(value))
                values.append(value)
            rows.append(values)
    finally:
        book.close()
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    if not rows:
        raise FileError("The workbook's first sheet is empty.")
    headers = ["" if v is None else str(v) for v in rows[0]]
    return Table("xlsx", headers, rows[1:])


def _read_json(content: bytes) -> Table:
    try:
        data = json.loads(_decode(content))
    except json.JSONDecodeError as exc:
        raise FileError(f"The JSON cannot be read: {exc.msg} (line {exc.lineno}).") from exc
    if isinstance(data, dict) and "rows" in data:
        data = data["rows"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileError("The JSON must be a list of rows, each an object keyed by column name.")
    headers = list(HEADERS)
    for item in data:
        headers += [key for key in item if key not in headers]
    return Table("json", headers, [[item.get(h) for h in headers] for item in data])
