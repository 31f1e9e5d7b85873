"""The bundle's file list and metadata stay true to the repository."""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import subprocess
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
        ("PySide6/Qt/plugins/imageformats/libqgif.so", True),
        ("PySide6/Qt/plugins/imageformats/libqwebp.so", True),
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
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),  # radiograph thumbnails
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


def _build_script():
    spec = importlib.util.spec_from_file_location("installer_build", INSTALLER / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return build


def test_the_window_start_imports_the_app_and_qt_but_no_lazy_library() -> None:
    packages, app_modules = _build_script().startup_packages()  # collected as .pyc files,
    assert {"cdt_desktop", "PySide6", "typing"} <= set(packages)  # the rest compressed
    assert not {"reportlab", "openpyxl", "psycopg", "sqlite_utils"} & set(packages)
    # the app's own modules one by one: the window's are files, the letter's are archived
    assert {"cdt_desktop", "cdt_desktop.app", "cdt_desktop.ui.shell.main_window"} <= set(
        app_modules
    )
    assert not {"cdt_desktop.report.appeal_pdf", "cdt_desktop.commands.restore"} & set(app_modules)


# AppImage's excludelist, which linuxdeployqt (Qt's Linux deployment tool) follows: the libraries
# a Linux bundle takes from the system. Only these may be in manifest.SYSTEM_LIBRARIES.
APPIMAGE_EXCLUDELIST = {
    "libasound.so.2", "libcom_err.so.2", "libdrm.so.2", "libEGL.so.1", "libexpat.so.1",
    "libfontconfig.so.1", "libfreetype.so.6", "libfribidi.so.0", "libgbm.so.1", "libgcc_s.so.1",
    "libgdk_pixbuf-2.0.so.0", "libgio-2.0.so.0", "libglapi.so.0", "libGLdispatch.so.0",
    "libglib-2.0.so.0", "libGL.so.1", "libGLX.so.0", "libgobject-2.0.so.0", "libgpg-error.so.0",
    "libharfbuzz.so.0", "libICE.so.6", "libjack.so.0", "libp11-kit.so.0", "libpango-1.0.so.0",
    "libSM.so.6", "libstdc++.so.6", "libthai.so.0", "libusb-1.0.so.0", "libuuid.so.1",
    "libX11.so.6", "libxcb-dri2.so.0", "libxcb-dri3.so.0", "libxcb.so.1", "libz.so.1",
}  # fmt: skip


def test_the_bundle_takes_from_the_system_only_what_every_desktop_linux_has() -> None:
    manifest = _manifest()
    assert set(manifest.SYSTEM_LIBRARIES) <= APPIMAGE_EXCLUDELIST
    assert manifest.from_system("libstdc++.so.6")
    assert not manifest.from_system("libzstd.so.1")  # Qt's, bundled
    assert not manifest.from_system("psycopg_binary.libs/libcom_err-2abe824b.so.2.1")
    assert not manifest.from_system("libxcb-cursor.so.0")  # often missing: bundled


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("cc") or not shutil.which("readelf"),
    reason="reads ELF files built with a C compiler",
)
def test_the_build_refuses_a_bundle_that_needs_a_library_it_left_out(tmp_path: Path) -> None:
    build = _build_script()
    needed, bundle = tmp_path / "needed", tmp_path / "bundle"
    needed.mkdir()
    bundle.mkdir()
    source = tmp_path / "empty.c"
    source.write_text("int cdt_probe(void) { return 1; }\n", encoding="utf-8")
    compile_ = ["cc", "-shared", "-fPIC", "-o"]
    subprocess.run(
        [*compile_, str(needed / "libcdtneeded.so.1"), "-Wl,-soname,libcdtneeded.so.1",
         str(source)],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [*compile_, str(bundle / "libcdtplugin.so"), str(source), "-Wl,--no-as-needed",
         f"-L{needed}", "-l:libcdtneeded.so.1", "-lz"],
        check=True,
    )  # fmt: skip
    assert build.missing_libraries(bundle) == ["libcdtplugin.so needs libcdtneeded.so.1"]
    shutil.copy(needed / "libcdtneeded.so.1", bundle)  # bundled: fine; libz: the system's
    assert build.missing_libraries(bundle) == []


def test_shibokens_support_modules_are_written_as_bytecode_for_the_bundle(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    (internal / "shiboken6").mkdir(parents=True)
    assert _build_script().shiboken_support_as_bytecode(tmp_path)
    support = internal / "shiboken6" / "files.dir" / "shibokensupport"
    assert (support / "__init__.pyc").is_file()
    assert (support / "signature" / "loader.pyc").is_file()
    assert not list(support.rglob("*.py"))  # bytecode only, like the rest of the bundle


def test_the_build_starts_the_app_away_from_the_builders_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CDT_DESKTOP_STORE", "postgresql://office@server/cases")
    monkeypatch.setenv("CDT_DESKTOP_DATA_DIR", "/home/builder/cases")
    env = _build_script().app_environment("/tmp/empty")
    assert "CDT_DESKTOP_STORE" not in env
    assert env["CDT_DESKTOP_DATA_DIR"] == "/tmp/empty"
    assert env["QT_QPA_PLATFORM"] == "offscreen"


@pytest.mark.skipif(not Path("/proc/self/exe").exists(), reason="Linux installer")
def test_the_linux_installer_refuses_to_replace_a_running_app(tmp_path: Path) -> None:
    """An update installed while the app ran replaced its folder under it: the next menu that
    loaded a module failed with an ImportError (tour). The installer now says to quit first."""
    tree = tmp_path / "repo"
    shutil.copytree(INSTALLER / "linux", tree / "installer" / "linux")
    bundle = tree / "dist" / "cdt-desktop"
    bundle.mkdir(parents=True)
    shutil.copy2(shutil.which("sleep") or "/bin/sleep", bundle / "cdt-desktop")
    (bundle / "cdt-desktop-cli").symlink_to("cdt-desktop")
    prefix = tmp_path / "home" / ".local"
    env = {"PATH": "/usr/bin:/bin", "PREFIX": str(prefix), "HOME": str(tmp_path / "home")}
    script = str(tree / "installer" / "linux" / "install.sh")
    first = subprocess.run(["sh", script], env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    running = subprocess.Popen([str(prefix / "opt" / "cdt-desktop" / "cdt-desktop"), "30"])
    try:
        again = subprocess.run(["sh", script], env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1
        assert f"(process {running.pid})" in again.stderr and "quit it" in again.stderr
        assert (prefix / "opt" / "cdt-desktop" / "cdt-desktop").exists()  # nothing replaced
    finally:
        running.kill()
        running.wait()
    assert subprocess.run(["sh", script], env=env, capture_output=True, timeout=60).returncode == 0
