"""Issue 19: the window's start opens the reference library's file with SQLite only when it
first reads it (a search, a code's page, the first tooth's candidate names). Opening it at start
(its schema, its full-text tables) was about 0.25 MiB of the start's peak memory. The chart's
candidates still carry their names from the first tooth."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot


def test_the_window_opens_the_reference_library_at_the_first_tooth(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cdt_desktop.db.reference.library as module
    from cdt_desktop.app import build_main_window
    from cdt_desktop.core import paths
    from cdt_desktop.ui.chart.candidates import CODE_ROLE

    reference = paths.reference_db_path().as_uri()
    opened: list[str] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:  # records, then the real one
        if str(args[0]).startswith(reference):  # (the case store opens its own file)
            opened.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(module.sqlite3, "connect", connect)
    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert opened == []

    window.chart_panel.chart.select_tooth("19")
    rows = window.chart_panel.candidates.list_widget()
    texts = {rows.item(i).data(CODE_ROLE): rows.item(i).text() for i in range(rows.count())}
    assert texts["D3330"].startswith("D3330  Root canal, molar"), texts["D3330"]
    assert len(opened) == 1
