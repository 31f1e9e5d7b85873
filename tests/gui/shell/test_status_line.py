"""The status bar never contradicts the window: an old "Case closed" line gives way."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient
from cdt_desktop.ui.common.settings import Settings
from tests.gui.shell.test_main_window import _molar_19_necrotic, _window_saving_forms_as_shown

CLOSED = "Case closed"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_file(tmp_path / "settings.ini")


@pytest.mark.parametrize(
    "situation", ["next patient's case opened from the list", "next patient's case created"]
)
def test_case_closed_line_is_replaced_when_the_next_case_opens(
    qtbot: QtBot,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    situation: str,
) -> None:
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (store, win):
        qtbot.addWidget(win)
        first = store.create_case(Case(patient=Patient(name="Ann")), operator="AB")
        win.open_case(first)
        win.close_case()
        assert win.statusBar().currentMessage().startswith(CLOSED)
        if situation.endswith("from the list"):
            second = store.create_case(Case(patient=Patient(name="Ben")), operator="AB")
            win.open_case(second)
        else:
            _molar_19_necrotic(win)
            second = win.new_case()
        message = win.statusBar().currentMessage()
        assert CLOSED not in message, situation
        assert f"Case {second}" in message, (situation, message)
        win.close()
