"""The GUI tests' usual start: the fully wired main window on its own data folder, shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot


@contextmanager
def shown_window(qtbot: QtBot, data_dir: Path, *, operator: str = "AB") -> Iterator[Any]:
    """``build_main_window`` on ``data_dir``, shown and exposed, ``operator``'s initials chosen
    (no sign-in: a store without users); closed afterwards."""
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operator_picker.set_operator(operator)  # type: ignore[attr-defined]
    try:
        yield window
    finally:
        window.close()
