"""`waypoint export` and `waypoint import` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Cast
from tests.exchange.conftest import csv_bytes, database_state, parse_csv
from tests.exchange.test_spreadsheets import row
from tests.factory import make_objective
from waypoint.okrs.models import Objective, Period


def test_export_writes_the_period_to_stdout(
    cast: Cast, quarter: Period, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    make_objective(quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout])
    make_objective(quarter, "Close the books faster", owner=cast.admin, units=[cast.finance])
    call_command("export", period=quarter.slug, format="csv")
    rows = parse_csv(capfdbinary.readouterr().out)
    assert [r["objective"] for r in rows] == ["Make checkout effortless", "Close the books faster"]
    call_command("export", period=quarter.name, format="xlsx", unit="checkout")
    assert capfdbinary.readouterr().out.startswith(b"PK")
    with pytest.raises(CommandError, match="No period “1999 Q1”"):
        call_command("export", period="1999 Q1")


def test_import_applies_or_dry_runs_with_exit_zero(
    cast: Cast, quarter: Period, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "okrs.csv"
    sheet.write_bytes(csv_bytes([row(quarter)]))
    call_command("import", str(sheet), dry_run=True)
    assert "Would apply: 1 objective(s) created" in capsys.readouterr().out
    assert not Objective.objects.exists()
    call_command("import", str(sheet), username="alice")
    assert "Applied: 1 objective(s) created" in capsys.readouterr().out
    assert Objective.objects.get().changes.get(field="created").author == cast.alice


def test_a_refused_import_names_each_problem_and_exits_non_zero(
    cast: Cast, quarter: Period, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "okrs.csv"
    sheet.write_bytes(
        csv_bytes([row(quarter), row(quarter, objective="Refunds", target="x", owner="zoe")])
    )
    before = database_state()
    with pytest.raises(CommandError, match="2 problem") as refused:
        call_command("import", str(sheet))
    assert refused.value.returncode == 1
    err = capsys.readouterr().err
    assert "row 3, column E (owner): Nobody with the email or username “zoe”" in err
    assert "row 3, column M (target): “x” is not a number." in err
    assert "Not found here (people): zoe" in err
    assert database_state() == before
