"""Read the worked-example tables out of docs/rules/*.md so the docs double as tests."""

from __future__ import annotations

from pathlib import Path

DOCS_RULES = Path(__file__).resolve().parents[2] / "docs" / "rules"
EMPTY = "—"


def read_table(doc_name: str, heading: str) -> list[dict[str, str]]:
    """Return the rows of the first Markdown table below the heading starting with ``heading``.

    Each row maps the header cells to the row's cells, stripped of spaces and backticks.
    """
    lines = (DOCS_RULES / doc_name).read_text(encoding="utf-8").splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.lstrip("#").strip().startswith(heading) and line.startswith("#")
    )
    table: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append([cell.strip().strip("`") for cell in line.strip().strip("|").split("|")])
        elif table:
            break
    header, _separator, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def optional_float(cell: str) -> float | None:
    """Parse a numeric cell, where an em dash means empty."""
    return None if cell == EMPTY else float(cell)
