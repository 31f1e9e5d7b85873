"""The one place that knows where files live.

Three layouts are supported, checked in this order:

* a PyInstaller bundle (``sys._MEIPASS``), where the spec copies ``data/cdt.sqlite`` to
  ``cdt_desktop/_data/`` and ``resources/`` to ``cdt_desktop/_resources/``;
* an installed wheel (``pip install .``), where hatchling force-includes the same two folders
  inside the package;
* a source checkout, where they sit at the repository root next to the package.

User data (the case store, logs) never lives in any of these: it goes to the per-user folders
from platformdirs, or to ``--data-dir`` / ``CDT_DESKTOP_DATA_DIR`` when given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cdt_desktop import APP_NAME, ORG_NAME

DATA_DIR_ENV = "CDT_DESKTOP_DATA_DIR"
"""Environment variable that moves the per-user data folder (tests, shared setups)."""

REFERENCE_DB_ENV = "CDT_DESKTOP_REFERENCE_DB"
"""Environment variable that points the app at another reference library file."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

NAME_MAX_BYTES = 255
"""The longest file or folder name the usual file systems hold (ext4, NTFS, APFS)."""
PATH_MAX_BYTES = 4095
"""The longest whole path Linux opens (PATH_MAX, 4,096 with its closing NUL)."""


def too_long(path: Path | str) -> str | None:
    """Why ``path`` cannot be opened for its length (a name over 255 bytes, or on POSIX a whole
    path over 4,095), as the end of a sentence ("The output file " + it); None when it fits.
    The system's own answer is OSError 'File name too long', which the CLI called internal."""
    path = Path(path)
    for name in path.parts:
        size = len(os.fsencode(name))
        if size > NAME_MAX_BYTES:
            return (
                f"has a name too long for a file system ({name[:24]}..., {size} bytes; a name "
                f"holds at most {NAME_MAX_BYTES})"
            )
    size = len(os.fsencode(str(path.absolute())))
    if os.name != "nt" and size > PATH_MAX_BYTES:
        return (
            f"is too long for a file system ({size:,} bytes; a whole path holds at most "
            f"{PATH_MAX_BYTES:,})"
        )
    return None


def _candidates(packaged: str, checkout: str) -> list[Path]:
    found: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        found.append(Path(meipass) / "cdt_desktop" / packaged)
    found.append(_PACKAGE_DIR / packaged)
    found.append(_PACKAGE_DIR.parent / checkout)
    return found


def _first_existing(packaged: str, checkout: str) -> Path:
    options = _candidates(packaged, checkout)
    for path in options:
        if path.exists():
            return path
    return options[-1]


def repo_root() -> Path | None:
    """The source checkout's root, or None when running from a wheel or a bundle."""
    root = _PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() else None


def reference_db_path() -> Path:
    """The shipped, read-only reference library (``data/cdt.sqlite``)."""
    override = os.environ.get(REFERENCE_DB_ENV)
    if override:
        return Path(override)
    return _first_existing("_data/cdt.sqlite", "data/cdt.sqlite")


def source_dir() -> Path:
    """``data/source``: the human-edited TOML the reference library is built from (checkout only)."""
    return _PACKAGE_DIR.parent / "data" / "source"


def resource_dir() -> Path:
    """``resources/``: icons and bundled fonts (with licences)."""
    return _first_existing("_resources", "resources")


def resource_path(*parts: str) -> Path:
    """A file inside ``resources/``, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return resource_dir().joinpath(*parts)


def docs_path(*parts: str) -> Path:
    """A file of the bundled documentation (``docs/``), e.g. the user guide for Help."""
    return _first_existing("_docs", "docs").joinpath(*parts)


def user_data_dir(override: Path | str | None = None) -> Path:
    """Per-user data folder for the case store; not created here."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, ORG_NAME)


CASE_STORE_FILE = "cases.sqlite"
CODESETS_FILE = "codesets.sqlite"
LOCK_FILE = "cases.sqlite.lock"
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def owned_files(data_dir: Path | str | None = None) -> list[Path]:
    """The files of the data folder that no export may ever replace (docs/design-rules.md, R24):
    the case store and its WAL/shared-memory/journal files, the code-set file and its side
    files, and the instance lock."""
    folder = user_data_dir(data_dir)
    found = [folder / LOCK_FILE]
    for name in (CASE_STORE_FILE, CODESETS_FILE):
        found.append(folder / name)
        found.extend(folder / f"{name}{suffix}" for suffix in SQLITE_SIDE_SUFFIXES)
    return found


def user_log_dir(override: Path | str | None = None) -> Path:
    """Per-user log folder (no patient data is ever logged)."""
    if override or os.environ.get(DATA_DIR_ENV):
        return user_data_dir(override) / "logs"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, ORG_NAME)
