"""What the bundle ships besides Python code: read by the PyInstaller spec and by the tests.

Paths are relative to the repository root; each pair is (source, folder inside the bundle).
The folders match what `cdt_desktop.core.paths` looks for under ``sys._MEIPASS``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DATA_FILES: list[tuple[str, str]] = [
    ("data/cdt.sqlite", "cdt_desktop/_data"),
    ("resources", "cdt_desktop/_resources"),
    ("docs", "cdt_desktop/_docs"),  # Help -> User guide shows docs/user-guide.md
]

# Qt modules and heavy libraries the app never imports; excluding them keeps the bundle small.
EXCLUDES: list[str] = [
    "tkinter",
    "unittest",
    "pydoc_data",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.Qt3DCore",
    "numpy",
    "PIL",
    "pytest",
    "hypothesis",
]

# Modules that only the lazy import paths reach, which PyInstaller's analysis could miss.
HIDDEN_IMPORTS: list[str] = [
    "cdt_desktop.commands.search",
    "cdt_desktop.commands.suggest",
    "cdt_desktop.commands.narrative",
    "cdt_desktop.commands.backup",
    "cdt_desktop.commands.doctor",
    "cdt_desktop.commands.build_data",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "reportlab.graphics.barcode.common",
    # the shared PostgreSQL case store: psycopg picks its libpq wrapper at run time
    "psycopg_binary",
    "psycopg_binary.pq",
]


def app_metadata() -> tuple[str, str, str]:
    """(app name, app id, version), read from the package without importing Qt."""
    text = (ROOT / "cdt_desktop" / "__init__.py").read_text(encoding="utf-8")

    def field(name: str) -> str:
        match = re.search(rf'^{name}\s*=\s*"([^"]+)"', text, re.MULTILINE)
        if not match:
            raise RuntimeError(f"cdt_desktop/__init__.py has no {name}")
        return match.group(1)

    return field("APP_NAME"), field("APP_ID"), field("__version__")
