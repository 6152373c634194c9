"""Sam imports last quarter's spreadsheet in a real browser: uploads it, reads the problems
by row and column on the preview, uploads the corrected file and imports it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import LoginAs
from tests.browser.test_team_check_in import axe_violations
from tests.conftest import Cast
from tests.exchange.conftest import csv_bytes
from tests.exchange.test_spreadsheets import row
from waypoint.okrs.models import KeyResult, Objective, Period

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("WAYPOINT_SCREENSHOTS", "")


def sheet_row(page: Page, number: int) -> Locator:
    """The preview's row for spreadsheet row `number`."""
    header = page.get_by_role("rowheader", name=str(number), exact=True)
    return page.get_by_role("row").filter(has=header)


def test_an_administrator_uploads_sees_the_errors_fixes_and_imports(
    logged_in_page: LoginAs, cast: Cast, quarter: Period, tmp_path: Path
) -> None:
    page = logged_in_page(cast.admin)
    page.goto("/")
    page.get_by_role("link", name="Spreadsheets").click()
    expect(page.get_by_role("heading", name="Spreadsheets", level=1)).to_be_visible()

    bad = tmp_path / "last-quarter.csv"
    bad.write_bytes(
        csv_bytes(
            [
                row(quarter),
                row(quarter, objective="Refunds within a day", owner="zoe@example.com"),
                row(quarter, **{"key result": "Cut refunds from 4% to 2%", "target": "two"}),
            ]
        )
    )
    page.get_by_label("Spreadsheet").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").first.click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("2 problems — nothing has been imported")
    expect(alert).to_contain_text("people: zoe@example.com")
    expect(sheet_row(page, 3)).to_contain_text("Column E (owner): Nobody with the email")
    expect(sheet_row(page, 4)).to_contain_text("Column M (target): “two” is not a number.")
    if SCREENSHOTS:
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.screenshot(path=f"{SCREENSHOTS}/import-preview-errors.png", full_page=True)
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert axe_violations(page) == []
    assert not Objective.objects.exists()

    fixed = tmp_path / "last-quarter-fixed.csv"
    fixed.write_bytes(
        csv_bytes(
            [
                row(quarter),
                row(quarter, objective="Refunds within a day", owner="bob"),
                row(
                    quarter,
                    **{"key result": "Cut refunds from 4% to 2%", "target": "2", "baseline": "4"},
                ),
            ]
        )
    )
    page.get_by_label("Spreadsheet").set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Ready to import")).to_be_visible()
    page.get_by_role("button", name="Import 5 changes").click()
    expect(
        page.get_by_text("Imported last-quarter-fixed.csv: 2 objective(s) created")
    ).to_be_visible()
    assert Objective.objects.count() == 2
    assert KeyResult.objects.filter(objective__title="Payments that never fail").count() == 2
