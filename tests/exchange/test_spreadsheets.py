"""Spreadsheets both ways: export a period, import it back, update by key, refuse bad input
with its row and column, and never import part of a file."""

from __future__ import annotations

import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import Cast
from tests.exchange.conftest import csv_bytes, database_state, parse_csv
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.exchange.importing import ImportReport, run_import
from waypoint.exchange.layout import HEADERS
from waypoint.exchange.writing import export_rows, render, template, to_csv, to_xlsx
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period

LIMIT = 5 * 1024 * 1024


def imported(author, content: bytes, *, apply: bool = True, name: str = "okrs.csv") -> ImportReport:
    return run_import(author, content, filename=name, apply=apply, max_bytes=LIMIT)


def messages(report: ImportReport) -> list[str]:
    return [str(p) for p in report.problems]


@pytest.fixture
def planned(cast: Cast, quarter: Period) -> Objective:
    """Checkout's objective with two key results, one checked in, linked to a company goal."""
    goal = make_objective(quarter, "Win the mid-market", owner=cast.admin, units=[cast.company])
    objective = make_objective(
        quarter,
        "Make checkout effortless",
        owner=cast.alice,
        units=[cast.checkout, cast.virtual],
        description="Buyers give up at payment.",
        stretch="committed",
        parents=[goal],
    )
    kr = make_key_result(
        objective,
        "Raise conversion from 2.1% to 3%",
        owner_unit=cast.checkout,
        baseline=Decimal("2.1"),
        target=3,
        unit_label="%",
    )
    make_check_in(kr, Decimal("2.45"), author=cast.bob, confidence=6)
    make_key_result(
        objective,
        '=HYPERLINK("http://evil")',
        owner_unit=cast.virtual,
        kind="subjective",
        baseline=3,
        target=8,
        criteria="-5 points if a tester needs help",
    )
    make_objective(quarter, "Close the books faster", owner=cast.admin, units=[cast.finance])
    return objective


def test_an_export_has_one_row_per_key_result_and_one_for_an_objective_without(
    planned: Objective, quarter: Period
) -> None:
    rows = parse_csv(to_csv(export_rows(quarter)))
    assert [r["objective"] for r in rows] == [
        "Win the mid-market",
        "Make checkout effortless",
        "Make checkout effortless",
        "Close the books faster",
    ]
    first_kr = rows[1]
    assert first_kr["period"] == quarter.name
    assert first_kr["units"] == "Checkout; Checkout Experience"
    assert first_kr["owner"] == "alice"
    assert first_kr["stretch"] == "committed"
    assert first_kr["links"] == f"O-{Objective.objects.get(title='Win the mid-market').pk}"
    assert (first_kr["baseline"], first_kr["target"], first_kr["current"]) == ("2.1", "3", "2.45")
    assert first_kr["confidence"] == "6" and first_kr["unit label"] == "%"
    assert first_kr["objective key"] == f"O-{planned.pk}"
    assert first_kr["key result key"].startswith("KR-")
    assert rows[3]["key result"] == "" and rows[3]["key result key"] == ""


def test_formulas_are_escaped_in_csv_and_stay_text_in_xlsx(
    planned: Objective, quarter: Period
) -> None:
    rows = parse_csv(to_csv(export_rows(quarter)))
    assert rows[2]["key result"] == '\'=HYPERLINK("http://evil")'
    assert rows[2]["criteria"] == "'-5 points if a tester needs help"
    sheet = load_workbook(io.BytesIO(to_xlsx(export_rows(quarter))))["OKRs"]
    cell = sheet.cell(row=4, column=HEADERS.index("key result") + 1)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_importing_an_export_changes_nothing(
    cast: Cast, planned: Objective, quarter: Period, fmt: str
) -> None:
    content = render(export_rows(quarter), fmt)
    before = database_state()
    report = imported(cast.admin, content, name=f"okrs.{fmt}")
    assert report.ok, messages(report)
    assert report.applied and report.change_count == 0
    assert database_state() == before


def test_an_export_imported_into_an_empty_period_comes_back_identical(
    cast: Cast, planned: Objective, quarter: Period
) -> None:
    """Without its keys, the export recreates the same OKRs (links aside, which point at keys
    of the objectives it replaces) and exports to the same file."""
    rows = export_rows(quarter)
    for row in rows:
        row["objective key"] = row["key result key"] = None
        row["links"] = None
    first = to_csv(rows)
    Objective.objects.filter(period=quarter).delete()
    report = imported(cast.admin, first)
    assert report.ok, messages(report)
    assert (report.created_objectives, report.created_key_results, report.check_ins) == (3, 2, 1)
    again = export_rows(quarter)
    for row in again:
        row["objective key"] = row["key result key"] = None
        row["links"] = None
    assert to_csv(again) == first


def test_reimporting_updates_by_key_instead_of_duplicating(
    cast: Cast, planned: Objective, quarter: Period
) -> None:
    rows = export_rows(quarter)
    rows[1]["target"] = Decimal("3.5")
    rows[1]["current"] = Decimal("2.6")
    rows[1]["confidence"] = 7
    for row in rows[1:3]:
        row["objective"] = "Make checkout effortless on phones"
    objectives, krs = Objective.objects.count(), KeyResult.objects.count()
    report = imported(cast.admin, to_csv(rows))
    assert report.ok, messages(report)
    assert (report.changed_objectives, report.changed_key_results, report.check_ins) == (1, 1, 1)
    assert (Objective.objects.count(), KeyResult.objects.count()) == (objectives, krs)
    kr = KeyResult.objects.get(title__startswith="Raise conversion")
    assert (kr.target, kr.current, kr.confidence) == (Decimal("3.5"), Decimal("2.6"), 7)
    assert kr.objective.title == "Make checkout effortless on phones"
    assert Change.objects.filter(
        field="key result target", reason="Imported from okrs.csv"
    ).exists()
    assert CheckIn.objects.filter(key_result=kr).count() == 2


def test_a_new_spreadsheet_creates_objectives_and_key_results(cast: Cast, quarter: Period) -> None:
    content = csv_bytes(
        [
            {
                "period": quarter.slug,
                "units": "checkout",
                "objective": "Payments that never fail",
                "owner": "alice",
                "key result": "Cut payment errors from 1.2% to 0.4%",
                "owner team": "Checkout",
                "baseline": "1.2",
                "target": "0.4",
                "current": "1.1",
                "confidence": "5",
            },
            {
                "period": quarter.name,
                "units": "Checkout",
                "objective": "Payments that never fail",
                "owner": "alice",
                "key result": "Launch Apple Pay",
                "owner team": "Checkout",
                "kr kind": "completion",
                "target": "100",
            },
        ]
    )
    report = imported(cast.alice, content)
    assert report.ok, messages(report)
    objective = Objective.objects.get(title="Payments that never fail")
    assert [kr.title for kr in objective.key_results.all()] == [
        "Cut payment errors from 1.2% to 0.4%",
        "Launch Apple Pay",
    ]
    assert objective.key_results.first().current == Decimal("1.1")
    coach = [note for row in report.rows for note in row.coach]
    assert any("output" in note for note in coach), coach


def test_the_preview_flags_outputs_and_missing_baselines_and_changes_nothing(
    cast: Cast, quarter: Period
) -> None:
    content = csv_bytes(
        [
            {
                "period": quarter.name,
                "units": "Checkout",
                "objective": "Make checkout effortless",
                "owner": "alice",
                "key result": "Raise conversion to 3%",
                "owner team": "Checkout",
                "target": "3",
            },
            {
                "period": quarter.name,
                "units": "Checkout",
                "objective": "Make checkout effortless",
                "owner": "alice",
                "key result": "Ship the new payment page",
                "owner team": "Checkout",
                "kr kind": "completion",
                "target": "100",
            },
        ]
    )
    before = database_state()
    report = imported(cast.admin, content, apply=False)
    assert report.ok and not report.applied
    assert report.created_objectives == 1 and report.created_key_results == 2
    assert any("No baseline" in note for note in report.rows[0].coach)
    assert any("output" in note for note in report.rows[1].coach)
    assert database_state() == before


def row(quarter: Period, **values: object) -> dict[str, object]:
    base = {
        "period": quarter.name,
        "units": "Checkout",
        "objective": "Payments that never fail",
        "owner": "alice",
        "key result": "Cut payment errors from 1.2% to 0.4%",
        "owner team": "Checkout",
        "baseline": "1.2",
        "target": "0.4",
    }
    return {**base, **values}


def refused(author, content: bytes, *expected: str) -> ImportReport:
    """Import `content`, assert it is refused with each expected text and changed nothing."""
    before = database_state()
    report = imported(author, content)
    assert not report.ok and not report.applied
    text = "\n".join(messages(report))
    for part in expected:
        assert part in text, text
    assert database_state() == before
    return report


def test_a_bad_row_refuses_the_whole_file(cast: Cast, quarter: Period) -> None:
    content = csv_bytes(
        [
            row(quarter),
            row(quarter, objective="Refunds in a day", target="lots"),
        ]
    )
    refused(cast.admin, content, "row 3, column M (target): “lots” is not a number.")
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"target": "12,5"}, "column M (target): “12,5”: write decimals with a point"),
        ({"baseline": "=A1*2"}, "column L (baseline): “=A1*2” is a formula"),
        ({"confidence": "11", "current": "1"}, "column Q (confidence): 11: give a whole number"),
        ({"owner": "zoe@example.com"}, "column E (owner): Nobody with the email or username"),
        ({"units": "Checkout; Growth"}, "column B (units): No unit “Growth” here"),
        ({"owner team": "Growth"}, "column K (owner team): No unit “Growth” here"),
        ({"period": "1999 Q1"}, "column A (period): No period “1999 Q1” here"),
        (
            {"stretch": "maybe"},
            "column F (stretch): “maybe”: choose one of aspirational, committed",
        ),
        ({"objective key": "O-99999"}, "column S (objective key): No O-99999 here"),
        ({"key result key": "banana"}, "“banana” is not a key Waypoint wrote"),
        ({"target": "1.2"}, "column M (target): The target equals the baseline"),
        ({"current": "1.0"}, "column Q (confidence): Give a confidence"),
        ({"owner team": ""}, "column K (owner team): Name the one team"),
        ({"target": "1" * 12}, "out of range"),
    ],
)
def test_bad_cells_are_named_by_row_and_column(
    cast: Cast, quarter: Period, values: dict[str, str], expected: str
) -> None:
    report = refused(cast.admin, csv_bytes([row(quarter, **values)]), expected)
    assert all(p.row == 2 for p in report.problems)


def test_unknown_people_and_units_are_listed_not_created(cast: Cast, quarter: Period) -> None:
    content = csv_bytes(
        [
            row(quarter, owner="zoe@example.com", units="Growth"),
            row(quarter, objective="Other", owner="yann", units="Growth; Checkout"),
        ]
    )
    report = refused(cast.admin, content)
    assert report.not_found == {"people": ["yann", "zoe@example.com"], "units": ["Growth"]}


def test_missing_and_renamed_columns_are_refused(cast: Cast, quarter: Period) -> None:
    headers = tuple("goal" if h == "target" else h for h in HEADERS if h != "owner")
    content = csv_bytes([{**row(quarter), "goal": "0.4"}], headers=headers)
    refused(
        cast.admin,
        content,
        "The column “owner” is missing.",
        "column L (goal): Unknown column “goal”. Was it renamed?",
    )


def test_rows_of_one_objective_must_agree(cast: Cast, quarter: Period) -> None:
    content = csv_bytes(
        [row(quarter), row(quarter, owner="bob", **{"key result": "Cut refunds from 4% to 2%"})]
    )
    refused(cast.admin, content, "row 3, column E (owner): Differs from row 2")


def test_limits_apply_to_imports_too(cast: Cast, quarter: Period) -> None:
    rows = [row(quarter, objective=f"Objective {n}") for n in range(6)]
    refused(cast.admin, csv_bytes(rows), "row 7, column B (units):")
    assert not Objective.objects.exists()


def test_an_outsider_cannot_import_into_a_team_they_do_not_plan_for(
    cast: Cast, quarter: Period
) -> None:
    refused(cast.charlie, csv_bytes([row(quarter)]), "row 2, column B (units)")


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_read(cast: Cast, quarter: Period) -> None:
    text = csv_bytes([row(quarter, objective="Zahlungen, die nie scheitern")]).decode()
    import csv as csv_module

    rows = list(csv_module.reader(io.StringIO(text)))
    semicolons = "\r\n".join(";".join(f'"{c}"' for c in r) for r in rows)
    report = imported(cast.admin, "\ufeff".encode() + semicolons.encode("utf-8"))
    assert report.ok, messages(report)
    assert Objective.objects.filter(title="Zahlungen, die nie scheitern").exists()


def test_a_csv_in_another_encoding_is_refused_with_what_to_do(cast: Cast, quarter: Period) -> None:
    content = csv_bytes([row(quarter, objective="Zahlungen für alle")]).decode().encode("cp1252")
    refused(cast.admin, content, "not UTF-8 text (line 2", "CSV UTF-8")


def test_ten_megabytes_of_junk_are_refused_by_size(cast: Cast) -> None:
    junk = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    refused(cast.admin, junk, "The file is 10.5 MB; the limit is 5.2 MB")


def test_junk_under_the_limit_is_refused_as_unreadable(cast: Cast) -> None:
    refused(cast.admin, b"\x00\x01garbage" * 1000, "binary data")
    refused(cast.admin, b"PK\x03\x04" + b"\x00" * 100, "damaged")
    refused(cast.admin, b"[1, 2, 3]", "The JSON must be a list of rows")
    refused(cast.admin, b"", "The file is empty.")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_date_in_a_number_cell_is_refused(cast: Cast, quarter: Period) -> None:
    values = [row(quarter).get(h) for h in HEADERS]
    values[HEADERS.index("target")] = datetime(2026, 3, 4)
    refused(
        cast.admin,
        xlsx_bytes([values]),
        "row 2, column M (target): This cell holds a date (2026-03-04T00:00:00)",
    )


def test_xlsx_formulas_are_not_evaluated(cast: Cast, quarter: Period) -> None:
    values = [row(quarter).get(h) for h in HEADERS]
    values[HEADERS.index("key result")] = '=HYPERLINK("http://evil","Click")'
    values[HEADERS.index("target")] = "=0.2*2"
    refused(
        cast.admin,
        xlsx_bytes([values]),
        "column I (key result): This cell holds a formula",
        "row 2, column M (target): This cell holds a formula (=0.2*2)",
    )


def test_the_template_has_the_columns_and_a_guide(cast: Cast) -> None:
    book = load_workbook(io.BytesIO(template("xlsx")))
    assert [c.value for c in book["OKRs"][1]] == list(HEADERS)
    assert book["How to fill"].max_row == len(HEADERS) + 1
    assert parse_csv(template("csv")) == []
    assert template("csv").decode("utf-8-sig").strip() == ",".join(HEADERS)


def test_json_export_is_rows_keyed_by_column(planned: Objective, quarter: Period) -> None:
    data = json.loads(render(export_rows(quarter), "json"))
    assert data[1]["baseline"] == 2.1 and data[1]["current"] == 2.45
    assert set(data[0]) == set(HEADERS)
