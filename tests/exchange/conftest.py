"""Helpers for spreadsheet tests: files in Waypoint's layout, and LibreOffice to write them."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps

from tests.conftest import IN_CI
from waypoint.exchange.layout import HEADERS

LIBREOFFICE = os.environ.get("WAYPOINT_LIBREOFFICE", "libreoffice")


def csv_bytes(rows: list[dict[str, object]], *, headers: tuple[str, ...] = HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return out.getvalue().encode("utf-8")


def parse_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def database_state() -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table of Waypoint's apps, to show that a refusal changed nothing."""
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("waypoint.")}
    return {
        model._meta.label: [
            tuple(map(str, row)) for row in model.objects.order_by("pk").values_list()
        ]
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }


Convert = Callable[[Path, str], Path]


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Convert:
    """`convert(file, "xlsx")`: the file as LibreOffice Calc (headless) saves it."""
    program = shutil.which(LIBREOFFICE)
    if program is None:
        message = f"LibreOffice not found ({LIBREOFFICE}; Debian: libreoffice-calc-nogui)"
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(source: Path, fmt: str) -> Path:
        out_dir = source.parent / f"converted-{fmt}"
        out_dir.mkdir(exist_ok=True)
        filter_name = {
            "xlsx": "xlsx:Calc MS Excel 2007 XML",
            "csv": "csv:Text - txt - csv (StarCalc):44,34,76",
        }[fmt]
        # A CSV is read as comma-separated UTF-8, the way Waypoint writes it.
        infilter = ["--infilter=CSV:44,34,76,1"] if source.suffix == ".csv" else []
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                *infilter,
                "--convert-to",
                filter_name,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        converted = out_dir / f"{source.stem}.{fmt}"
        assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
        return converted

    return convert
