"""What the status bar says after the letter dialog's exports: a copy says it was copied.

Walkthrough: Copy plain text in the appeal dialog left "Exported (case 1)" in the status bar, as
if a file had been written somewhere. Real window, real SQLite store, real letter dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.cases import PLANNED_RCT


def _window(qtbot: QtBot, tmp_path: Path) -> tuple[Any, int]:
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("BL")
    case_id = window.cases.create(PLANNED_RCT, operator="DR")
    window.open_case(case_id)
    return window, case_id


@pytest.mark.parametrize(
    ("action", "name", "copy", "said"),
    [
        ("exportAppealAction", "narrativeDialog", "copy_plain_text", "Appeal letter copied as plain text"),
        ("exportAppealAction", "narrativeDialog", "copy_remark", "Claim remark copied"),
        ("priorAuthAction", "priorAuthDialog", "copy_plain_text",
         "Prior-authorization request copied as plain text"),
    ],
)  # fmt: skip
def test_a_copy_from_the_letter_says_it_was_copied(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action, name, copy, said
) -> None:
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(precheck, "offer_mark_sent", lambda *_a: False)
    window, case_id = _window(qtbot, tmp_path)
    window.findChild(QAction, action).trigger()
    dialog = window.findChild(NarrativeDialog, name)
    assert dialog is not None

    assert getattr(dialog, copy)()

    assert window.statusBar().currentMessage() == f"{said} (case {case_id})"
