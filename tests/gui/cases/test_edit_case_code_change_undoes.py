"""Ctrl+Z after a code changed in the Edit case form (walkthrough: the dentist fixed D3330 to
D3348 in Edit case, saw it was wrong, pressed Ctrl+Z, and was told "Nothing to undo"). A code
changed in the form is undone as one chosen from the chart is: the code goes back, and what
else the form saved (a corrected chart number) stays."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.windows import in_case_form, shown_window


def _edit_in_form(qtbot: QtBot, window: object, fields: dict[str, str]) -> None:
    """Ctrl+E, type over ``fields`` (object names), Save."""

    def type_over(form: QDialog) -> None:
        for name, text in fields.items():
            editor = form.findChild(QLineEdit, name)
            assert editor is not None, name
            editor.selectAll()
            QTest.keyClicks(editor, text)

    in_case_form(window, type_over)


def test_ctrl_z_puts_back_a_code_changed_in_edit_case_and_keeps_the_other_edits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.store.create_case(
            Case(patient=Patient(name="Ada Go", chart_number="C-1"),
                 procedure=Procedure(code="D3330", tooth="30")), operator="AB",
        )  # fmt: skip
        window.open_case(case_id)
        messages: list[str] = []
        window.controller.message.connect(messages.append)
        _edit_in_form(qtbot, window, {"field_procedure_code": "D3348",
                                      "field_patient_chart_number": "C-2"})  # fmt: skip
        assert window.cases.get(case_id).case.procedure.code == "D3348"
        assert any("Ctrl+Z puts D3330 back" in m for m in messages)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        stored = window.cases.get(case_id).case
        assert stored.procedure.code == "D3330"
        assert stored.patient.chart_number == "C-2"  # the form's other edit stays
        assert window.checklist_panel.code() == "D3330"
        assert not any("Nothing to undo" in m for m in messages)
        assert f"Case {case_id} is back on D3330." in messages


def test_a_form_save_that_keeps_the_code_leaves_nothing_to_undo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.store.create_case(
            Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30")),
            operator="AB",
        )
        window.open_case(case_id)
        messages: list[str] = []
        window.controller.message.connect(messages.append)
        _edit_in_form(qtbot, window, {"field_patient_chart_number": "C-9"})
        assert not window.controller.can_undo()
        window.controller.undo_code_change()
        assert messages[-1].startswith("Nothing to undo")
        assert window.cases.get(case_id).case.patient.chart_number == "C-9"


def test_ctrl_z_after_another_pc_s_change_says_so_once_and_forgets_the_undo(
    qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Two-PC walk: the operatory re-coded a case, billing then marked it submitted, and the
    operatory's Ctrl+Z said "Your changes are kept in the form: reload the case and apply them
    again" (no form was open), and said it again at every later Ctrl+Z."""
    from dataclasses import replace

    from cdt_desktop.ui.common import msgbox

    said: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _t, text: said.append(text))
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.store.create_case(
            Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30")),
            operator="AB",
        )
        window.open_case(case_id)
        _edit_in_form(qtbot, window, {"field_procedure_code": "D3348"})
        stored = window.store.get_case(case_id)  # the front desk's change, meanwhile
        window.store.update_case(
            case_id, replace(stored.case, patient=Patient(name="Ada Go", chart_number="C-9")),
            operator="BK", expected_version=stored.version,
        )  # fmt: skip
        messages: list[str] = []
        window.controller.message.connect(messages.append)
        assert not window.controller.undo_code_change()
        [text] = said
        assert "changed by BK" in text and "cannot be undone" in text and "Edit case" in text
        assert "kept in the form" not in text
        assert not window.controller.undo_code_change()  # nothing left to undo: said so
        assert said == [text] and messages[-1].startswith("Nothing to undo")
        assert window.store.get_case(case_id).case.procedure.code == "D3348"


def test_ctrl_z_after_a_tick_does_not_reach_back_to_the_code_change_before_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Hostile-user walkthrough: D3330 changed to D3351, an item ticked, Ctrl+Z: the code went
    back to D3330, the tick stayed, and the status bar said only "back on D3330". A tick is
    the last thing done: Ctrl+Z undoes nothing then, and says how a tick is undone."""
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.store.create_case(
            Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30")),
            operator="AB",
        )
        window.open_case(case_id)
        _edit_in_form(qtbot, window, {"field_procedure_code": "D3348"})
        assert window.controller.can_undo()
        box = window.checklist_panel.checkbox("preop-radiograph")
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert window.cases.checks(case_id)["preop-radiograph"].checked
        messages: list[str] = []
        window.controller.message.connect(messages.append)
        window.menu_actions["undoCodeAction"].trigger()  # Edit > Undo code change (Ctrl+Z)
        assert window.store.get_case(case_id).case.procedure.code == "D3348"  # not undone
        assert messages[-1].startswith("Nothing to undo") and "click a tick again" in messages[-1]
