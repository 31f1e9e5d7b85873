"""Typed settings over QSettings, with one Enum of keys.

Why typed: QSettings hands back strings from INI files and native types from the registry, so
``"false"`` is truthy and ``"2"`` is not an int. Every key here has a default whose type decides
how the stored value is read back, and a caller cannot invent a key by typo.

Where: with an explicit data folder (``--data-dir``, ``CDT_DESKTOP_DATA_DIR``, tests) the settings
live in ``settings.ini`` inside it, so tests never touch the user's real settings; otherwise the
platform's native store (registry on Windows, plist on macOS, ~/.config on Linux).
"""

from __future__ import annotations

import contextlib
import os
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from cdt_desktop import APP_NAME, ORG_NAME
from cdt_desktop.core import paths

SETTINGS_FILE_NAME = "settings.ini"


class Key(Enum):
    """Every setting the app stores; the value is the QSettings key."""

    WINDOW_GEOMETRY = "window/geometry"
    WINDOW_STATE = "window/state"
    MAIN_SPLITTER = "window/mainSplitter"
    CENTRE_SPLITTER = "window/centreSplitter"
    CHART_ROOM = "window/chartRoom"  # at a zoom: the centre splitter's 100 % sizes, chart height
    RIGHT_TAB = "window/rightTab"
    NOTATION = "chart/notation"
    DENTITION = "chart/dentition"
    OPERATOR_INITIALS = "operator/initials"
    PAGE_SIZE = "print/pageSize"
    PRACTICE_NAME = "practice/name"
    PRACTICE_ADDRESS = "practice/address"
    PRACTICE_PHONE = "practice/phone"
    PROVIDER_NAME = "provider/name"
    PROVIDER_CREDENTIALS = "provider/credentials"
    PROVIDER_NPI = "provider/npi"
    OPERATOR_RECENT = "operator/recent"  # the picker's recent initials, newest first
    ZOOM_PERCENT = "view/zoomPercent"
    LARGE_TARGETS = "view/largeTargets"
    APPEARANCE = "view/appearance"  # the colours: system, light or dark
    FILMS_FOLDER = "folders/films"  # where the last radiograph was attached from (folders.py)
    LETTERS_FOLDER = "folders/letters"  # where the last letter was saved
    CASE_FILES_FOLDER = "folders/caseFiles"  # where the last case file was exported or imported
    BACKUPS_FOLDER = "folders/backups"  # where the last backup was written (File > Back up)


DEFAULTS: dict[Key, Any] = {
    Key.WINDOW_GEOMETRY: b"",
    Key.WINDOW_STATE: b"",
    Key.MAIN_SPLITTER: b"",
    Key.CENTRE_SPLITTER: b"",
    Key.CHART_ROOM: "",
    Key.RIGHT_TAB: 0,
    Key.NOTATION: "universal",
    Key.DENTITION: "permanent",
    Key.OPERATOR_INITIALS: "",
    Key.PAGE_SIZE: "letter",
    Key.PRACTICE_NAME: "",
    Key.PRACTICE_ADDRESS: "",
    Key.PRACTICE_PHONE: "",
    Key.PROVIDER_NAME: "",
    Key.PROVIDER_CREDENTIALS: "",
    Key.PROVIDER_NPI: "",
    Key.OPERATOR_RECENT: "",
    Key.ZOOM_PERCENT: 100,
    Key.LARGE_TARGETS: False,
    Key.APPEARANCE: "system",
    Key.FILMS_FOLDER: "",
    Key.LETTERS_FOLDER: "",
    Key.CASE_FILES_FOLDER: "",
    Key.BACKUPS_FOLDER: "",
}

CHOICES: dict[Key, tuple[str, ...]] = {
    Key.NOTATION: ("universal", "fdi", "palmer"),
    Key.DENTITION: ("permanent", "primary", "mixed"),
    Key.PAGE_SIZE: ("letter", "a4"),
    Key.APPEARANCE: ("system", "light", "dark"),
}
"""Keys with a closed set of values: anything else stored (hand-edited file) reads as default."""


def _coerce(key: Key, raw: Any) -> Any:
    default = DEFAULTS[key]
    try:
        if isinstance(default, bytes):
            if isinstance(raw, QByteArray):
                return bytes(raw.data())
            return bytes(raw) if isinstance(raw, bytes | bytearray) else default
        if isinstance(default, bool):
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes", "on")
            return bool(raw)
        if isinstance(default, int):
            return int(raw)
        value = str(raw)
    except (TypeError, ValueError):
        return default
    if key in CHOICES and value not in CHOICES[key]:
        return default
    return value


class Settings:
    """Read and write the app's settings by :class:`Key`, always with the default's type."""

    def __init__(self, qsettings: QSettings) -> None:
        self._q = qsettings

    @classmethod
    def from_file(cls, path: Path) -> Settings:
        """Settings kept in one INI file (tests, portable set-ups)."""
        from cdt_desktop.core.atomic import new_private_file, private_folder

        private_folder(path.parent)  # a new data folder 0700, the file 0600 (issue 15 item 7)
        if not path.exists():
            with contextlib.suppress(OSError):
                new_private_file(path)
        if os.name == "posix":
            with contextlib.suppress(OSError):
                path.chmod(0o600)  # Qt rewrites it keeping these permissions
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def for_data_dir(cls, data_dir: Path | str | None = None) -> Settings:
        """INI file in an explicit data folder, else the platform's native settings store."""
        if data_dir or os.environ.get(paths.DATA_DIR_ENV):
            return cls.from_file(paths.user_data_dir(data_dir) / SETTINGS_FILE_NAME)
        return cls(QSettings(ORG_NAME, APP_NAME))

    @property
    def qsettings(self) -> QSettings:
        return self._q

    def file_name(self) -> str:
        return self._q.fileName()

    def get(self, key: Key) -> Any:
        """The stored value converted to the default's type, or the default."""
        if not self._q.contains(key.value):
            return DEFAULTS[key]
        return _coerce(key, self._q.value(key.value))

    def set(self, key: Key, value: Any) -> None:
        """Store ``value``; it must have the type of the key's default (or be a QByteArray)."""
        default = DEFAULTS[key]
        if isinstance(value, QByteArray):
            value = bytes(value.data())
        if not isinstance(value, type(default)):
            raise TypeError(f"{key.name} takes {type(default).__name__}")
        if key in CHOICES and value not in CHOICES[key]:
            raise ValueError(f"{key.name} must be one of {', '.join(CHOICES[key])}")
        self._q.setValue(key.value, QByteArray(value) if isinstance(value, bytes) else value)

    def get_bytes(self, key: Key) -> QByteArray:
        """A binary setting as the QByteArray Qt's restoreGeometry/restoreState want."""
        return QByteArray(self.get(key))

    def remove(self, key: Key) -> None:
        self._q.remove(key.value)

    def sync(self) -> None:
        """Write to disk now (Qt also does it on exit and from time to time)."""
        self._q.sync()
