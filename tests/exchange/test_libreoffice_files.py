"""Files as a real spreadsheet program writes them: LibreOffice Calc, headless, opens what
Waypoint exported (or what a person typed) and saves it again; Waypoint reads that back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Cast
from tests.exchange.conftest import Convert, csv_bytes, database_state
from tests.exchange.test_spreadsheets import imported, messages, planned, refused, row
from waypoint.exchange.writing import export_rows, to_csv, to_xlsx
from waypoint.okrs.models import KeyResult, Objective, Period

__all__ = ["planned"]  # the fixture, shared with the other spreadsheet tests


@pytest.mark.parametrize(
    ("written", "saved_as"), [("csv", "xlsx"), ("xlsx", "xlsx"), ("xlsx", "csv")]
)
def test_an_export_saved_by_libreoffice_imports_without_changes(
    cast: Cast,
    planned: Objective,
    quarter: Period,
    libreoffice: Convert,
    tmp_path: Path,
    written: str,
    saved_as: str,
) -> None:
    source = tmp_path / f"okrs.{written}"
    rows = export_rows(quarter)
    source.write_bytes(to_csv(rows) if written == "csv" else to_xlsx(rows))
    saved = libreoffice(source, saved_as)
    before = database_state()
    report = imported(cast.admin, saved.read_bytes(), name=saved.name)
    assert report.ok, messages(report)
    assert report.change_count == 0, [r.changes for r in report.rows]
    assert database_state() == before


def test_a_sheet_edited_in_libreoffice_updates_by_key(
    cast: Cast, planned: Objective, quarter: Period, libreoffice: Convert, tmp_path: Path
) -> None:
    rows = export_rows(quarter)
    rows[1]["target"] = Decimal("3.25")
    source = tmp_path / "edited.csv"
    source.write_bytes(to_csv(rows))
    report = imported(cast.admin, libreoffice(source, "xlsx").read_bytes(), name="edited.xlsx")
    assert report.ok, messages(report)
    assert report.changed_key_results == 1
    assert KeyResult.objects.get(title__startswith="Raise conversion").target == Decimal("3.25")


def test_formulas_and_dates_typed_in_libreoffice_are_refused_by_row_and_column(
    cast: Cast, quarter: Period, libreoffice: Convert, tmp_path: Path
) -> None:
    source = tmp_path / "typed.csv"
    source.write_bytes(
        csv_bytes(
            [
                row(quarter),
                row(quarter, objective="Refunds in a day", target="2026-03-04"),
                row(quarter, objective="Happier merchants", baseline="=1+1"),
            ]
        )
    )
    content = libreoffice(source, "xlsx").read_bytes()
    refused(
        cast.admin,
        content,
        "row 3, column M (target): This cell holds a date",
        "row 4, column L (baseline): This cell holds a formula (=1+1)",
    )
    assert not Objective.objects.exists()
