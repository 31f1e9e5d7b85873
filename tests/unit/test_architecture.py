"""The layers of docs/design-rules.md as a check: the import-linter contracts in
pyproject.toml (layers, no Qt outside ui/, ui never touches a database, independent ui rooms, no
cycles, type-only imports included), plus what a static graph cannot see: importing every
Qt-free module at run time loads no Qt."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.helpers import REPO_ROOT

LINT = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(no_cache=True, no_logo=True))\n"
)


def test_import_linter_contracts_are_kept() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LINT], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_the_contracts_cover_every_ui_room() -> None:
    """A new ui room must join the independence contract (shell and common are not rooms)."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    rooms = next(c["modules"] for c in contracts if c["type"] == "independence")
    on_disk = {
        f"cdt_desktop.ui.{p.name}"
        for p in (REPO_ROOT / "cdt_desktop" / "ui").iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"shell", "common"}
    }
    assert on_disk == set(rooms)


def test_importing_the_qt_free_packages_loads_no_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, cdt_desktop\n"
        "for area in ('core', 'domain', 'db', 'report', 'services', 'commands'):\n"
        "    pkg = importlib.import_module('cdt_desktop.' + area)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_store_is_typed_any() -> None:
    """Every store seam is typed with the CaseRepository Protocol (mypy sees through it)."""
    package = REPO_ROOT / "cdt_desktop"
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bstore\w*\s*:\s*(Any|object)\b", line)
    ]
    assert offenders == []
