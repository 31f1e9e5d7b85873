"""After a crash, the start says whose typing waits (hostile-user walkthrough: after kill -9
the start said only "Ready", and the kept edits were named only once that very case was
opened again; a tired clerk may never open it).

Real window on a real data folder; the draft is written as the case form writes it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.cases.form_recovery import Draft, owner_key
from tests.helpers.windows import shown_window


def test_the_start_names_the_forms_whose_typing_was_kept(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with CaseStore.open(data) as store:
        case = Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30"))
        case_id = store.create_case(case, operator="AB")
    drafts = data / "drafts"
    typed = {("claim", "date_of_service"): "2026-12-01"}
    assert Draft(drafts, case_id, owner_key(None, "AB")).write(typed, 1)
    assert Draft(drafts, None, owner_key(None, "AB")).write({("patient", "name"): "Bo"}, None)
    with shown_window(qtbot, data, operator="") as window:
        window.operator_picker.set_operator("AB")  # the initials chosen (or restored)
        said = window.statusBar().currentMessage()
    assert said.startswith("Operator: AB. Unsaved edits of case 1's form are kept"), said
    assert "New case… puts it back" in said


def test_an_ordinary_start_says_ready(qtbot: QtBot, tmp_path: Path) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        assert window.controller.kept_forms() == ""
        said = window.statusBar().currentMessage()
    assert "kept" not in said


def test_another_operator_s_kept_typing_is_not_said_to_this_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    CaseStore.open(data).close()
    Draft(data / "drafts", 3, owner_key(None, "CD")).write({("patient", "name"): "X"}, 1)
    with shown_window(qtbot, data, operator="AB") as window:
        assert window.controller.kept_forms() == ""
        window.operator_picker.set_operator("CD")
        assert "case 3's form" in window.statusBar().currentMessage()


def test_initials_restored_at_start_hear_of_their_kept_typing_in_the_ready_line(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.app import build_main_window
    from cdt_desktop.ui.common.settings import Key, Settings

    data = tmp_path / "data"
    CaseStore.open(data).close()
    settings = Settings.for_data_dir(data)
    settings.set(Key.OPERATOR_INITIALS, "AB")
    settings.sync()
    Draft(data / "drafts", 2, owner_key(None, "AB")).write({("patient", "name"): "X"}, 1)
    window = build_main_window(data_dir=data)
    qtbot.addWidget(window)
    said = window.statusBar().currentMessage()
    assert said.startswith("Unsaved edits of case 2's form are kept") and "Ready" in said, said
