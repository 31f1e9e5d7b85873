"""Every Signal our classes declare is connected in the wired window (or was deleted), and the
checklist always shows the open case's code, whichever path opened, created or changed it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL, QMetaMethod, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.common import msgbox


def _our_signals(obj: QObject) -> list[str]:
    """Signatures of the signals declared by cdt_desktop classes in ``obj``'s class chain."""
    ours = {cls.__name__ for cls in type(obj).__mro__ if cls.__module__.startswith("cdt_desktop")}
    found = []
    meta = obj.metaObject()
    while meta is not None and meta.className() in ours:
        for index in range(meta.methodOffset(), meta.methodCount()):
            method = meta.method(index)
            if method.methodType() == QMetaMethod.MethodType.Signal:
                found.append(bytes(method.methodSignature().data()).decode())
        meta = meta.superClass()
    return found


def unconnected(root: QObject) -> list[str]:
    objects = [root, *root.findChildren(QObject)]
    return [
        f"{type(obj).__name__}.{signature}"
        for obj in objects
        for signature in _our_signals(obj)
        if obj.receivers(SIGNAL(signature)) == 0
    ]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)
    win = build_main_window(data_dir=tmp_path / "office")
    win.show()
    qtbot.waitExposed(win)
    win.operator_picker.set_operator("AB")
    yield win
    if shiboken6.isValid(win):
        win.close()
        shiboken6.delete(win)


def test_every_declared_signal_is_connected(window: Any) -> None:
    assert _our_signals(window.controller)  # the walk finds signals at all
    assert unconnected(window) == []


def test_the_appeal_dialog_signals_are_connected(window: Any) -> None:
    case_id = window.cases.create(
        Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.export_appeal()
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    dialog = window.findChild(NarrativeDialog)
    assert dialog is not None
    assert unconnected(dialog) == []
    dialog.close()


def test_a_closed_letter_dialog_is_gone_with_the_patient_s_letter(window: Any, qtbot) -> None:
    """Review: Close only hid the letter dialog, so a day of appeals kept every patient's letter,
    PDF and films in the window's memory, one dialog per opening."""
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    case_id = window.cases.create(
        Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.export_appeal()
    window.findChild(NarrativeDialog, "narrativeDialog").close()  # the window system's close
    qtbot.waitUntil(lambda: not window.findChildren(NarrativeDialog), timeout=3000)
    window.export_prior_auth()
    window.findChild(NarrativeDialog, "priorAuthDialog").reject()  # Close button (or Escape)
    qtbot.waitUntil(lambda: not window.findChildren(NarrativeDialog), timeout=3000)


@pytest.mark.parametrize("prior_auth", [False, True])
def test_without_initials_the_letter_asks_for_them_before_anything_is_exported(
    window: Any, monkeypatch: pytest.MonkeyPatch, prior_auth: bool
) -> None:
    """Tour: a letter saved with an empty Operator box left the app unaudited ("the audit log
    could not record it"); now the Operator box is asked for first, as a tick does."""
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog
    from cdt_desktop.ui.common import msgbox

    told: list[str] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, _text: told.append(title))
    case_id = window.cases.create(
        Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.operator_picker.set_operator("")
    window.export_prior_auth() if prior_auth else window.export_appeal()
    assert told == ["Initials needed"] and window.findChild(NarrativeDialog) is None
    window.operator_picker.set_operator("AB")
    window.export_prior_auth() if prior_auth else window.export_appeal()
    dialog = window.findChild(NarrativeDialog)
    assert dialog is not None and dialog.prior_auth is prior_auth
    dialog.close()


# --- the checklist names the open case's code on every path (issue 14 item 3) -------------
def _title(window: Any) -> str:
    return window.checklist_panel.findChild(QObject, "checklistTitle").text()


def _assert_invariant(window: Any) -> None:
    code = window.controller.code()
    if window.current_case_id() is None:
        return
    assert window.checklist_panel.case_id() == window.current_case_id()
    assert window.checklist_panel.code() == code
    title = _title(window)
    assert title.startswith(f"Checklist for {code}") if code else title == "Checklist", title


def _molar_19(window: Any) -> None:
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    panel.findings.box("rootDevelopment").setCurrentIndex(
        panel.findings.box("rootDevelopment").findData("complete")
    )
    panel.findings.box("pulpStatus").setCurrentIndex(
        panel.findings.box("pulpStatus").findData("necrosis")
    )


def test_every_path_that_opens_creates_or_edits_a_case_keeps_the_checklist_on_its_code(
    window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def form(parent, service, *, case, operator_source, case_id=None, version=None, **kw):
        named = replace(case, patient=Patient(name="Ann"))
        if case_id is None:
            return service.create(named, operator=operator_source())
        edited = replace(named, procedure=replace(named.procedure, code="D3310", tooth="8"))
        service.edit(case_id, edited, operator=operator_source(), expected_version=version)
        return case_id

    monkeypatch.setattr(case_controller, "edit_case", form)
    # 1. the item-3 path: case 1 on D3222, read D3330 in search, Ctrl+N, keep the prefill
    first = window.cases.create(
        Case(
            patient=Patient(name="Bo"),
            procedure=Procedure(code="D3222", tooth="8"),
            findings=CaseFindings(root="immature", pulp="reversible-pulpitis", goal="apexogenesis"),
        ),
        operator="AB",
    )
    window.open_case(first)  # open from the list
    _assert_invariant(window)
    window.search.set_query("D3330")
    window.open_code("D3330")  # read elsewhere: the checklist stays on D3222
    _assert_invariant(window)
    assert window.checklist_panel.code() == "D3222"
    _molar_19(window)
    created = window.new_case()  # create: prefilled from the chart (D3330 recommended)
    assert created is not None and created != first
    _assert_invariant(window)
    assert window.checklist_panel.code() == "D3330"
    window.choose_code("D3320")  # re-code from the chart (excluded: confirmed)
    _assert_invariant(window)
    window.controller.undo_code_change()  # Ctrl+Z
    _assert_invariant(window)
    assert window.checklist_panel.code() == "D3330"
    window.edit_case()  # edit: the form changes the code
    _assert_invariant(window)
    assert window.checklist_panel.code() == "D3310"
    window.case_list.caseOpened.emit(first)  # the list's double-click or Enter
    _assert_invariant(window)
    window.case_list.caseImported.emit(created)  # an import opens the new case
    _assert_invariant(window)
    window.close_case()  # Close case / Next patient
    assert window.current_case_id() is None
    assert window.checklist_panel.case_id() is None and window.checklist_panel.code() is None
    QApplication.processEvents()


def test_the_checklist_tab_counts_only_for_an_open_case(window: Any, qtbot: QtBot) -> None:
    """New-office walkthrough: a code searched with no case open read "Checklist 0/6" on its
    tab, as if six items were left on a case."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    tabs, panel = window.right_tabs, window.checklist_panel
    box = window.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(box, "D3330")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.code() == "D3330", timeout=3000)
    assert panel.completeness()[1] > 0  # the code's required items are listed
    assert tabs.tabText(tabs.indexOf(panel)) == "Checklist"
    case_id = window.cases.create(
        Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    done, required = panel.completeness()
    assert tabs.tabText(tabs.indexOf(panel)) == f"Checklist {done}/{required}"
    window.close_case()
    assert tabs.tabText(tabs.indexOf(panel)) == "Checklist"
