"""Cases tab > Export...: the status bar says the case file was saved, and its name, as the
letter's exports say theirs. QA walkthrough: after a case file was saved the status bar stayed
blank, and the clerk could not tell whether it had worked. Real window, real SQLite store; the
file chooser (a native dialog) and the missing-items question are answered here."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.core.text import isolate
from cdt_desktop.ui.cases import file_io
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell import main_window as main_window_module
from tests.helpers.cases import PLANNED_RCT


@pytest.mark.parametrize(
    ("typed", "saved_as"),
    [
        (None, "case-{id}.json"),  # the name offered
        ("Jordan Reyes", "Jordan Reyes.json"),  # a name of one's own, .json added
        ("مريم حداد.json", "مريم حداد.json"),  # right to left: the sentence stays in order
        ("", None),  # Cancel in the file chooser: nothing saved, nothing said
    ],
    ids=["the name offered", "a name of ones own", "an Arabic name", "cancelled"],
)
def test_the_status_bar_says_the_case_file_was_saved_and_its_name(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str | None,
    saved_as: str | None,
) -> None:  # fmt: skip
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    (tmp_path / "usb").mkdir()

    def choose(_parent: QWidget | None, offered: Path) -> Path | None:
        if typed == "":
            return None
        return tmp_path / "usb" / (offered.name if typed is None else typed)

    monkeypatch.setattr(file_io, "ask_save_path", choose)
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)  # export anyway
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operator_picker.set_operator("BL")
    case_id = window.cases.create(PLANNED_RCT, operator="DR")
    window.menu_actions["casesAction"].trigger()
    window.case_list.refresh()
    assert window.case_list.select_case(case_id)
    window.statusBar().clearMessage()
    export = window.case_list.findChild(QWidget, "exportCaseButton")
    assert export is not None
    export.click()  # type: ignore[attr-defined]
    said = window.statusBar().currentMessage()
    if saved_as is None:
        assert list((tmp_path / "usb").iterdir()) == []
        assert "saved" not in said
    else:
        name = saved_as.format(id=case_id)
        assert (tmp_path / "usb" / name).is_file()
        assert said == f"Case file saved: {isolate(name)} (case {case_id})"
    window.close()


def test_a_case_with_radiographs_says_their_images_stay_behind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Walkthrough: the case file went to the billing PC, whose letter had no film pages, and
    # nothing at the export had said the images were not in the file.
    from tests.helpers.images import jpeg_bytes

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    monkeypatch.setattr(file_io, "ask_save_path", lambda _p, offered: tmp_path / offered.name)
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("BL")
    case_id = window.cases.create(PLANNED_RCT, operator="DR")
    for caption in ("Pre-op PA #19", "Post-op PA #19"):
        window.store.add_radiograph(case_id, caption=caption, taken_on="2026-11-02",
                                    media_type="image/jpeg", data=jpeg_bytes(), width=64,
                                    height=48, operator="DR")  # fmt: skip
    window.menu_actions["casesAction"].trigger()
    window.case_list.refresh()
    assert window.case_list.select_case(case_id)
    window.case_list.findChild(QWidget, "exportCaseButton").click()  # type: ignore[union-attr]
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Case file saved: {isolate(f'case-{case_id}.json')}")
    assert said.endswith("its 2 radiograph images are not in it: attach them again on the other PC")
    window.close()
