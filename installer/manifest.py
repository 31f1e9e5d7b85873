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
    "PySide6.QtSvg",
    "numpy",
    "pytest",
    "hypothesis",
    # Python's TLS module: nothing here speaks TLS from Python (psycopg's libpq brings its own);
    # readline: no interactive prompt (PINs are read with getpass).
    "ssl",
    "readline",
    # No process pools; leaving it out also leaves out PyInstaller's multiprocessing start-up hook.
    "multiprocessing",
    # Pillow's parts the radiographs never use (they are JPEG or PNG, drawn by ReportLab): AVIF
    # and WebP codecs, colour management, its own text drawing (FreeType, HarfBuzz), Tk and the
    # Qt bridge; 11 MB of libraries with them.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingft",
    "PIL.ImageFont",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL._imagingmath",
    "PIL.ImageMath",
    "PIL._imagingmorph",
    "PIL.ImageMorph",
]

# Folders searched before site-packages: stand-ins for packages a library imports but the app
# never uses. None now: Pillow reads the radiographs attached to a case and ReportLab draws them.
STUB_PATHS: list[Path] = []

# PyInstaller's run-time hooks that run at every start but serve nothing the app does: `inspect`'s
# finds source files for tracebacks' frames in a bundle that ships none (and imports zipfile), and
# `pkgutil`'s lists the modules of a bundled package, which no code here asks for. Together with
# the multiprocessing hook (left out with the module above) they cost about 5% of the bundled start.
SKIPPED_RUNTIME_HOOKS: list[str] = ["pyi_rth_inspect", "pyi_rth_pkgutil"]

# Files PyInstaller's Qt hooks collect that the app never loads (glob patterns on the path inside
# the bundle). The app is English-only and loads no Qt translation; it draws its icons from PNG
# files (Qt reads PNG without a plugin; Qt's SVG library stays for the Adwaita window decorations
# on Wayland); it runs on X11 (xcb), Wayland or offscreen, never on
# eglfs/linuxfb/vnc or over OpenGL; the GTK theme plugin would pull a private copy of GTK and
# cairo (file dialogs use Qt's own or the desktop portal). Printing (CUPS) and input methods
# (compose, ibus) stay.
QT = "PySide6/Qt/"
DROPPED_FILES: list[str] = [
    QT + "translations/*",
    QT + "plugins/platforms/libqeglfs.so",
    QT + "plugins/platforms/libqlinuxfb.so",
    QT + "plugins/platforms/libqminimal*.so",
    QT + "plugins/platforms/libqvnc.so",
    QT + "plugins/platforms/libqvkkhrdisplay.so",
    QT + "plugins/egldeviceintegrations/*",
    QT + "plugins/generic/*",
    # image formats: only JPEG stays (the radiographs' thumbnails; Qt reads PNG without a plugin)
    QT + "plugins/imageformats/libq[!j]*.so",
    QT + "plugins/iconengines/*",
    QT + "plugins/platformthemes/libqgtk3.so",
    QT + "plugins/xcbglintegrations/*",
    QT + "plugins/wayland-graphics-integration-client/*",
    QT + "plugins/wayland-shell-integration/libfullscreen-shell-v1.so",
    QT + "plugins/wayland-shell-integration/libivi-shell.so",
    QT + "plugins/wayland-shell-integration/libwl-shell-plugin.so",
    QT + "lib/libQt6EglFS*",
    QT + "lib/libQt6EglFs*",
    QT + "lib/libQt6OpenGL.so*",
    # what only the GTK theme plugin needed
    "libgtk-3.so*",
    "libgdk-3.so*",
    "libgdk_pixbuf-2.0.so*",
    "libatk*.so*",
    "libatspi.so*",
    "libpango*.so*",
    "libcairo*.so*",
    "libepoxy.so*",
    "libthai.so*",
    "libdatrie.so*",
    "libXcomposite.so*",
    "libXdamage.so*",
    "libXinerama.so*",
    "libXrandr.so*",
    "libXcursor.so*",
    "libXi.so*",
    "libwayland-egl.so*",
    "libgio-2.0.so*",
    "libharfbuzz.so*",  # Qt shapes text with its own HarfBuzz
    "libpixman-1.so*",
    "libjpeg.so*",
    "libfribidi.so*",
    "libXext.so*",
    "libXrender.so*",
    "libxcb-glx.so*",
    "libgraphite2.so*",
    "libgobject-2.0.so*",
    "libgmodule-2.0.so*",
    "libmount.so*",
    "libblkid.so*",
    "libselinux.so*",
    "libbsd.so*",
    "libmd.so*",
    "libXau.so*",
    "libXdmcp.so*",
    # Python's CJK legacy codecs: the app reads and writes UTF-8 (names in any script are fine)
    "python3*/lib-dynload/_codecs_*",
    # pictures for the README, not linked from the in-app user guide
    "cdt_desktop/_docs/sample-appeal*.png",
    # caches and tests that wheels ship
    "*/__pycache__/*",
    "*/tests/*",
]


# Linux libraries left to the system, as Qt's Linux deployment tool (linuxdeployqt) and AppImage
# (its "excludelist") leave them: every desktop Linux has them, and a bundled copy can clash with
# the system's (p11-kit loads the system's modules; the system's graphics drivers and input
# methods need the system's libstdc++ and GLib). PyInstaller itself leaves glibc, libGL/libEGL,
# libxcb and the Wayland client library to the system; the bundled libraries need glibc 2.36 or
# newer anyway (Debian 12, Ubuntu 24.04, Fedora 37), whose systems have all of these.
SYSTEM_LIBRARIES: list[str] = [
    "libstdc++.so.6",
    "libgcc_s.so.1",
    "libglib-2.0.so.0",
    "libX11.so.6",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libexpat.so.1",
    "libz.so.1",
    "libuuid.so.1",
    "libcom_err.so.2",
    "libgpg-error.so.0",
    "libp11-kit.so.0",
]


def from_system(dest: str) -> bool:
    """True for a library the Linux bundle takes from the system (``dest``: path in the bundle)."""
    return dest.replace("\\", "/").rsplit("/", 1)[-1] in SYSTEM_LIBRARIES


def dropped(dest: str, target: str = "") -> bool:
    """True for a file the bundle leaves out (``dest`` is its path inside the bundle; a link
    to a left-out file (``target``) goes too)."""
    from fnmatch import fnmatch

    paths = [p.replace("\\", "/") for p in (dest, target) if p]
    return any(fnmatch(path, pattern) for path in paths for pattern in DROPPED_FILES)


# Modules that only the lazy import paths reach, which PyInstaller's analysis could miss.
HIDDEN_IMPORTS: list[str] = [
    "cdt_desktop.commands.search",
    "cdt_desktop.commands.suggest",
    "cdt_desktop.commands.narrative",
    "cdt_desktop.commands.backup",
    "cdt_desktop.commands.doctor",
    "cdt_desktop.commands.build_data",
    "cdt_desktop.commands.payers",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
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
