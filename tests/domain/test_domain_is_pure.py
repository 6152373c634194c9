"""The domain package stays plain Python: no Django, and nothing from the Django apps around it.

Walks every ``.py`` file under ``src/waypoint/domain`` (including ones added later) so the rules
can be tested and reused without settings or a database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "waypoint" / "domain"
DOMAIN_FILES = sorted(DOMAIN.rglob("*.py"))
IMPORT_FUNCTIONS = {"import_module", "__import__"}


def _absolute(module: str | None, level: int, path: Path) -> str:
    """Resolve a (possibly relative) ``from`` import to an absolute dotted module name."""
    if level == 0:
        return module or ""
    package = ["waypoint", *path.relative_to(DOMAIN.parent).parent.parts]
    if level > len(package):
        return ".." * level
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _is_forbidden(module: str) -> bool:
    top = module.split(".")[0]
    if top == "django":
        return True
    inside_waypoint = top == "waypoint"
    return inside_waypoint and not (
        module == "waypoint.domain" or module.startswith("waypoint.domain.")
    )


def forbidden_imports(source: str, path: Path) -> list[str]:
    """Return ``"line: module"`` for each import of Django or of Waypoint code outside domain."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [_absolute(node.module, node.level, path)]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in IMPORT_FUNCTIONS and isinstance(first, ast.Constant):
                modules = [str(first.value)]
        found += [f"{node.lineno}: {m}" for m in modules if _is_forbidden(m) or m.startswith("..")]
    return found


def test_the_domain_package_has_files_to_check() -> None:
    assert DOMAIN / "__init__.py" in DOMAIN_FILES
    assert DOMAIN / "progress.py" in DOMAIN_FILES


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_modules_do_not_import_django(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8"), path) == []


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "import django.db.models as m",
        "import os, django.conf",
        "from django.db import models",
        "from django import forms",
        "def f():\n    from django.utils import timezone",
        "import importlib\nimportlib.import_module('django.conf')",
        "__import__('django')",
        "from waypoint.okrs.models import Objective",
        "from ..okrs import models",
        "from ... import anything",
        "import waypoint.settings",
    ],
)
def test_the_checker_catches_django_and_app_imports(source: str) -> None:
    assert forbidden_imports(source, DOMAIN / "example.py")


@pytest.mark.parametrize(
    "source",
    [
        "import datetime",
        "from dataclasses import dataclass",
        "from waypoint.domain.progress import Measure",
        "from .progress import Measure",
        "from . import periods",
        "import djangoish",
        "x = 'import django'",
    ],
)
def test_the_checker_allows_plain_python_and_domain_imports(source: str) -> None:
    assert forbidden_imports(source, DOMAIN / "example.py") == []


def test_the_checker_resolves_relative_imports_in_subpackages() -> None:
    nested = DOMAIN / "diagnosis" / "rules.py"
    assert forbidden_imports("from ..progress import Measure", nested) == []
    assert forbidden_imports("from ...okrs import models", nested)
