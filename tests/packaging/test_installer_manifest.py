"""The bundle's file list and metadata stay true to the repository."""

from __future__ import annotations

import configparser
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import cdt_desktop
from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT
INSTALLER = ROOT / "installer"


def _manifest():
    spec = importlib.util.spec_from_file_location("installer_manifest", INSTALLER / "manifest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["installer_manifest"] = module
    spec.loader.exec_module(module)
    return module


def test_every_listed_data_file_exists() -> None:
    manifest = _manifest()
    missing = [src for src, _ in manifest.DATA_FILES if not (ROOT / src).exists()]
    assert missing == []


def test_bundle_folders_match_what_the_path_helper_looks_for() -> None:
    paths_source = (ROOT / "cdt_desktop" / "core" / "paths.py").read_text(encoding="utf-8")
    for _, dest in _manifest().DATA_FILES:
        assert dest.startswith("cdt_desktop/")
        assert f'"{dest.removeprefix("cdt_desktop/")}' in paths_source


def test_metadata_is_read_from_the_package() -> None:
    name, app_id, version = _manifest().app_metadata()
    assert (name, app_id, version) == (
        cdt_desktop.APP_NAME,
        cdt_desktop.APP_ID,
        cdt_desktop.__version__,
    )


def test_hidden_imports_name_real_project_modules() -> None:
    for module in _manifest().HIDDEN_IMPORTS:
        if module.startswith("cdt_desktop."):
            assert importlib.util.find_spec(module) is not None, module


def test_desktop_file_is_named_by_app_id_and_valid() -> None:
    desktop = INSTALLER / "linux" / f"{cdt_desktop.APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == cdt_desktop.APP_NAME
    assert entry["Icon"] == cdt_desktop.APP_ID
    assert entry["Exec"].split()[0] == "cdt-desktop"
    assert entry["Categories"].endswith(";")


def test_metainfo_matches_app_id_and_version() -> None:
    tree = ET.parse(INSTALLER / "linux" / f"{cdt_desktop.APP_ID}.metainfo.xml")
    root = tree.getroot()
    assert root.findtext("id") == cdt_desktop.APP_ID
    assert root.find("launchable").text == f"{cdt_desktop.APP_ID}.desktop"  # type: ignore[union-attr]
    versions = [r.get("version") for r in root.iter("release")]
    assert cdt_desktop.__version__ in versions


def test_inno_setup_script_refuses_to_build_without_a_version() -> None:
    script = (INSTALLER / "windows" / "cdt-desktop.iss").read_text(encoding="utf-8")
    assert re.search(r"#ifndef AppVersion\s+#error", script)
    assert "PrivilegesRequired=lowest" in script  # per-user install
    assert "{uninstallexe}" in script
    assert "{localappdata}" in script


@pytest.mark.parametrize(
    ("path", "left_out"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", True),
        ("reportlab/__pycache__/rl_config.cpython-311.pyc", True),
        # what the window needs on X11, Wayland and offscreen, printing and input methods
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/plugins/wayland-decoration-client/libbradient.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
        ("PySide6/Qt/lib/libicudata.so.73", False),  # replaced by an empty one, not left out
        ("libcups.so.2", False),
        ("libfreetype.so.6", False),
        ("cdt_desktop/_data/cdt.sqlite", False),
    ],
)
def test_the_bundle_leaves_out_only_what_the_app_never_loads(path: str, left_out: bool) -> None:
    assert _manifest().dropped(path) is left_out


def test_every_picture_the_user_guide_shows_stays_in_the_bundle() -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\(([\w/.-]+\.png)\)", guide)
    assert pictures
    assert [p for p in pictures if _manifest().dropped(f"cdt_desktop/_docs/{p}")] == []


def _imported_modules() -> set[str]:
    """Every module name the app's own code imports (at the top or inside a function)."""
    import ast

    names: set[str] = set()
    for source in (ROOT / "cdt_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def test_the_bundle_leaves_out_no_module_the_app_imports() -> None:
    imported = _imported_modules()
    assert "PySide6.QtWidgets" in imported  # the walk sees the app's imports
    left_out = [
        name
        for name in imported
        for excluded in _manifest().EXCLUDES
        if name == excluded or name.startswith(excluded + ".")
    ]
    assert left_out == []


def test_skipped_runtime_hooks_are_pyinstallers_own() -> None:
    pyinstaller = pytest.importorskip("PyInstaller")
    hooks = Path(pyinstaller.__file__).parent / "hooks" / "rthooks"
    for name in _manifest().SKIPPED_RUNTIME_HOOKS:
        assert (hooks / f"{name}.py").is_file(), name
    assert "pyi_rth_pyside6" not in _manifest().SKIPPED_RUNTIME_HOOKS  # Qt's plugin path


def test_the_window_start_imports_the_app_and_qt_but_no_lazy_library() -> None:
    spec = importlib.util.spec_from_file_location("installer_build", INSTALLER / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    packages = build.startup_packages()  # collected as .pyc files, the rest stays compressed
    assert {"cdt_desktop", "PySide6", "typing"} <= set(packages)
    assert not {"reportlab", "openpyxl", "psycopg", "sqlite_utils"} & set(packages)
