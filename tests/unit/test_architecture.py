"""Dependencies point one way: ui -> report/db -> domain. Qt only in cdt_desktop/ui/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "cdt_desktop"
QT_FREE = ("domain", "db", "report")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("area", QT_FREE)
def test_no_qt_imports_outside_ui(area: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / area).rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
    ]
    assert offenders == []


def test_domain_does_not_import_db_report_or_ui() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / "domain").rglob("*.py"))
        for name in _imports(path)
        if name.startswith(("cdt_desktop.db", "cdt_desktop.report", "cdt_desktop.ui", "sqlite"))
    ]
    assert offenders == []


def test_importing_the_non_ui_packages_loads_no_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, cdt_desktop\n"
        "for area in ('domain', 'db', 'report'):\n"
        "    pkg = importlib.import_module('cdt_desktop.' + area)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
