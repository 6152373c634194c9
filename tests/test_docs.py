"""Every environment variable Waypoint reads is documented for operators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "waypoint"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
ENV_EXAMPLE = ROOT / ".env.example"

# env("X"), env_bool("X", …), os.environ["X"], os.environ.get("X"), os.getenv("X"), …
READ_PATTERN = re.compile(
    r"""(?:\benv\w*\(|os\.environ(?:\.get|\.setdefault)?[\[(]|os\.getenv\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def variables_read_in_source() -> set[str]:
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        names.update(READ_PATTERN.findall(path.read_text()))
    return names - NOT_SETTINGS


def test_it_finds_the_variables_settings_reads() -> None:
    assert {"DATABASE_URL", "WAYPOINT_DATA_DIR", "WAYPOINT_SECRET_KEY", "PORT"} <= (
        variables_read_in_source()
    )


@pytest.mark.parametrize("name", sorted(variables_read_in_source()))
def test_every_variable_is_in_the_deploy_guide(name: str) -> None:
    assert f"`{name}`" in DEPLOY_DOC.read_text(), f"document {name} in docs/deploy.md"


@pytest.mark.parametrize("name", sorted(variables_read_in_source()))
def test_every_variable_is_in_env_example(name: str) -> None:
    listed = re.search(rf"^#?\s*{name}=", ENV_EXAMPLE.read_text(), re.MULTILINE)
    assert listed, f"list {name} with its default in .env.example"
