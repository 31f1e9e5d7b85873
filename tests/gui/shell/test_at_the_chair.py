"""Issue 14 at the chair, one test per numbered problem, each driving the real wired window
(``build_main_window``) by the object names of docs/design-rules.md, Contracts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Patient, Procedure
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.common import msgbox

Window = Any


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every yes/no question (answered yes) and notice shown."""
    seen: list[str] = []

    def ask(parent, title, text, default=False):  # type: ignore[no-untyped-def]
        seen.append(f"{title}\n{text}")
        return True

    monkeypatch.setattr(msgbox, "ask_yes_no", ask)
    for name in ("show_info", "show_error", "show_warning"):
        monkeypatch.setattr(msgbox, name, lambda p, title, text: seen.append(title))
    return seen


@pytest.fixture
def forms(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Case, str]]:
    """The case form: what it was prefilled with, and the user types a name and saves."""
    opened: list[tuple[Case, str]] = []

    def form(parent, service, *, case, operator_source, case_id=None, version=None, hint="", **_kw):
        opened.append((case, hint))
        named = replace(case, patient=Patient(name=case.patient.name or "Ann Lee"))
        if case_id is None:
            return service.create(named, operator=operator_source(), incomplete=True)
        service.edit(case_id, named, operator=operator_source(), expected_version=version,
                     incomplete=True)  # fmt: skip
        return case_id

    monkeypatch.setattr(case_controller, "edit_case", form)
    return opened


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, asked: list[str]) -> Iterator[Window]:
    win = build_main_window(data_dir=tmp_path / "office")
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.operator_picker.set_operator("AB")
    yield win
    if shiboken6.isValid(win):
        win.close()
        shiboken6.delete(win)


def answer(window: Window, name: str, value: str | None) -> None:
    box = window.chart_panel.findings.box(name)
    box.setCurrentIndex(box.findData(value))


def statuses(window: Window) -> dict[str, str]:
    return {code: status for code, status, _ in window.chart_panel.candidates.rows()}


def click_tooth(window: Window, tooth: str) -> None:
    chart = window.chart_panel.chart
    if tooth not in chart.shown_teeth():  # a primary tooth: the Dentition box, as a user would
        box = window.chart_panel.dentition_box
        box.setCurrentIndex(box.findData("mixed"))
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.tooth_rect(tooth).center())


def candidate_rect(window: Window, code: str) -> Any:
    view = window.chart_panel.candidates.list_widget()
    for row in range(view.count()):
        if view.item(row).data(Qt.ItemDataRole.UserRole) == code:
            view.scrollToItem(view.item(row))
            return view.visualItemRect(view.item(row))
    raise AssertionError(code)


def regeneration_final_8(window: Window) -> None:
    click_tooth(window, "8")
    answer(window, "rootDevelopment", "immature")
    answer(window, "pulpStatus", "necrosis")
    answer(window, "treatmentGoal", "regeneration")
    answer(window, "visitStage", "final")
    assert [c for c, s in statuses(window).items() if s == "recommended"] == ["D3357"]


def key(widget: QWidget, sequence: str) -> None:
    """A shortcut pressed while ``widget`` has the focus (override first, as Qt delivers it)."""
    combo = QKeySequence(sequence)[0]
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, combo.key(), combo.keyboardModifiers())
        QApplication.sendEvent(widget, event)
    QTest.keySequence(widget, QKeySequence(sequence))


# 1 --------------------------------------------------------------------------------------------
def test_1_a_new_case_starts_from_the_chart_recommendation(
    window: Window, forms: list[tuple[Case, str]]
) -> None:
    regeneration_final_8(window)
    window.search.set_query("pulpotomy")  # something else read in search and the detail
    window.open_code("D3330")
    window.findChild(QAbstractButton, "createCaseButton").click()
    case, hint = forms[-1]
    assert (case.procedure.code, case.procedure.tooth) == ("D3357", "8")
    assert (case.findings.goal, case.findings.visit) == ("regeneration", "final")
    # the checklist showed D3330: the form says why the case is D3357 (tour8 finding 5)
    assert "D3330 is excluded" in hint and "D3357" in hint
    window.close_case()
    click_tooth(window, "30")  # nothing answered yet: no code, and the form says why
    window.new_case()
    case, hint = forms[-1]
    assert case.procedure.code == "" and "recommends no code" in hint


# 2 --------------------------------------------------------------------------------------------
def test_2_a_click_on_a_candidate_never_changes_the_case_code(
    window: Window, forms: list[tuple[Case, str]], asked: list[str]
) -> None:
    regeneration_final_8(window)
    case_id = window.new_case()
    for item in window.checklist_panel.items():  # every D3357 item ticked
        window.checklist_panel.checkbox(item.id).click()
    view = window.chart_panel.candidates.list_widget()
    rect = candidate_rect(window, "D3222")  # excluded: apexogenesis needs a vital pulp
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.store.get_case(case_id).case.procedure.code == "D3357"  # a click: only shown
    assert window.detail.current_code() == "D3222"
    QTest.keyClick(view, Qt.Key.Key_Return)  # chosen on purpose: asked, naming the reason
    assert asked and "D3222 is excluded" in asked[-1]
    assert window.store.get_case(case_id).case.procedure.code == "D3222"
    assert window.store.audit(case_id)[0].action == "confirm-code"
    assert "kept but hidden" in window.statusBar().currentMessage()
    key(window.chart_panel.candidates.list_widget(), "Ctrl+Z")  # undo
    assert window.store.get_case(case_id).case.procedure.code == "D3357"
    assert window.checklist_panel.code() == "D3357"


# 3 is tests/gui/shell/test_wiring.py (the checklist follows the open case on every path)


# 4 --------------------------------------------------------------------------------------------
def _wheel(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    QApplication.sendEvent(widget, QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    ))  # fmt: skip


def test_4_the_wheel_over_a_drop_down_changes_nothing(window: Window) -> None:
    window.search.focus_search()
    for box in window.findChildren(QComboBox):
        if box.isVisible() and not box.isEditable() and not box.hasFocus():
            before = box.currentIndex()
            _wheel(box)
            assert box.currentIndex() == before, box.objectName()


# 5 --------------------------------------------------------------------------------------------
def test_5_two_presses_on_create_case_make_one_case_and_a_case_can_be_voided(
    window: Window, monkeypatch: pytest.MonkeyPatch
) -> None:
    regeneration_final_8(window)
    created: list[int | None] = []
    button = window.findChild(QAbstractButton, "createCaseButton")

    def slow_form(parent, service, *, case, operator_source, **kw):  # type: ignore[no-untyped-def]
        # the second press arrives while the first form is still open
        QTest.keyClick(button, Qt.Key.Key_Space)
        return service.create(replace(case, patient=Patient(name="Ann")), operator="AB")

    monkeypatch.setattr(case_controller, "edit_case", slow_form)
    window.controller.casesChanged.connect(created.append)
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert len(window.store.list_cases()) == 1
    case_id = window.current_case_id()
    window.menu_actions["voidCaseAction"].trigger()
    assert window.current_case_id() is None
    assert window.store.get_case(case_id).status == "void"  # kept
    assert window.case_list.model().rowCount() == 0  # hidden by default
    window.case_list.status_filter().setCurrentIndex(
        window.case_list.status_filter().findData("void")
    )
    assert window.case_list.model().rowCount() == 1


# 6 --------------------------------------------------------------------------------------------
def test_6_answers_belong_to_their_tooth(window: Window) -> None:
    click_tooth(window, "19")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "irreversible-pulpitis")
    assert statuses(window)["D3330"] == "recommended"
    click_tooth(window, "8")
    assert all(
        window.chart_panel.findings.box(name).currentData() is None
        for name in ("rootDevelopment", "pulpStatus", "treatmentGoal", "visitStage")
    )
    assert "recommended" not in statuses(window).values()
    click_tooth(window, "19")  # back to #19: its own answers
    assert window.chart_panel.findings.box("pulpStatus").currentData() == "irreversible-pulpitis"
    click_tooth(window, "8")
    window.chart_panel.dentition_box.setCurrentIndex(
        window.chart_panel.dentition_box.findData("primary")
    )
    assert window.chart_panel.current_tooth() is None  # #8 is not on a primary chart
    assert window.chart_panel.tooth_label.text() == "No tooth selected"


def open_bo_19(window: Window) -> int:
    """Bo's case: #19 D3330, root complete, pulp necrosis; opened in the window."""
    case_id = window.cases.create(
        Case(
            patient=Patient(name="Bo"),
            procedure=Procedure(code="D3330", tooth="19"),
            findings=CaseFindings(root="complete", pulp="necrosis"),
        ),
        operator="AB",
    )
    window.open_case(case_id)
    return case_id


def test_6_opening_a_case_restores_that_tooth_s_own_answers(window: Window) -> None:
    open_bo_19(window)
    click_tooth(window, "30")
    assert window.chart_panel.findings.box("pulpStatus").currentData() is None
    click_tooth(window, "19")
    assert window.chart_panel.findings.box("pulpStatus").currentData() == "necrosis"


# 7 --------------------------------------------------------------------------------------------
def test_7_ctrl_w_closes_the_case_for_the_next_patient(
    window: Window, forms: list[tuple[Case, str]]
) -> None:
    regeneration_final_8(window)
    window.new_case()
    assert window.current_case_id() is not None
    assert window.case_list.selected_case_id() == window.current_case_id()
    key(window.search.box, "Ctrl+W")  # from a text field too
    assert window.current_case_id() is None
    # the Cases row no longer looks open (chairside walkthrough): no row stays selected
    assert window.case_list.selected_case_id() is None
    assert window.findChild(QLabel, "openCaseLabel").text().startswith("No case open")
    assert window.findChild(QLabel, "checklistTitle").text() == "Checklist"
    assert window.chart_panel.current_tooth() is None
    assert window.chart_panel.findings.box("pulpStatus").currentData() is None


def test_7_the_last_patient_s_name_leaves_the_case_search_for_the_next_patient(
    window: Window,
) -> None:
    """Verification walk: after Ctrl+W the case search still held the last patient's name
    ("zephyr", "No cases match"), on screen while the next patient sat in the chair."""
    open_bo_19(window)
    window.focus_cases()
    window.case_list.search_field().setText("Bo")
    window.menu_actions["closeCaseAction"].trigger()
    assert window.case_list.search_field().text() == ""


def test_7_the_next_patient_does_not_get_the_last_patient_s_findings(window: Window) -> None:
    """Case closed with #19 answered (Complete, Necrosis): the next patient's #19 starts at
    Unknown, and no code is recommended from the last patient's answers."""
    open_bo_19(window)
    click_tooth(window, "30")  # answers given for another tooth of that patient too
    answer(window, "pulpStatus", "irreversible-pulpitis")
    window.menu_actions["closeCaseAction"].trigger()  # once, as Ctrl+W or the menu does
    for universal in ("19", "30"):
        click_tooth(window, universal)
        assert all(
            window.chart_panel.findings.box(name).currentData() is None
            for name in ("rootDevelopment", "pulpStatus", "treatmentGoal", "visitStage")
        ), universal
        assert "recommended" not in statuses(window).values()


def test_7_another_patient_s_case_does_not_get_the_first_patient_s_answers(
    window: Window,
) -> None:
    first = window.cases.create(
        Case(patient=Patient(name="Bo"), procedure=Procedure(code="D3330", tooth="19"),
             findings=CaseFindings(root="complete", pulp="necrosis")),
        operator="AB",
    )  # fmt: skip
    second = window.cases.create(
        Case(patient=Patient(name="Cy"), procedure=Procedure(code="D3310", tooth="8")),
        operator="AB",
    )
    window.open_case(first)
    click_tooth(window, "30")
    answer(window, "pulpStatus", "irreversible-pulpitis")
    window.open_case(second)
    click_tooth(window, "19")
    assert window.chart_panel.findings.box("pulpStatus").currentData() is None
    click_tooth(window, "30")
    assert window.chart_panel.findings.box("pulpStatus").currentData() is None


# 9 --------------------------------------------------------------------------------------------
def test_9_shortcuts_work_from_any_field(window: Window) -> None:
    window.search.focus_search()
    key(window.search.box, "Ctrl+T")
    assert QApplication.focusWidget() is window.chart_panel.chart
    QTest.keyClicks(window.chart_panel.chart, "19")
    assert window.chart_panel.current_tooth().universal == "19"
    key(window.chart_panel.chart, "Ctrl+D")
    assert QApplication.focusWidget() is window.chart_panel.findings.box("rootDevelopment")
    operator = window.operator_picker.findChild(QComboBox, "operatorCombo")
    operator.setFocus()
    shown: list[str] = []
    window.controller.message.connect(shown.append)
    key(operator.lineEdit(), "Ctrl+E")  # Edit case from a text field: it says no case is open
    assert window.operator() == "AB"


@pytest.mark.parametrize("before", ["", "AB"])
def test_9_initials_typed_then_ctrl_n_straight_away_count(
    window: Window, forms: list[tuple[Case, str]], asked: list[str], before: str
) -> None:
    """The chairside walkthrough: initials typed and Ctrl+N at once, the cursor still in the
    box: 'Enter your initials first' (none before), or the case recorded the previous
    operator's (AB before)."""
    window.operator_picker.set_operator(before)
    operator = window.operator_picker.findChild(QComboBox, "operatorCombo")
    operator.setFocus()
    operator.lineEdit().selectAll()
    for char in "ef":
        QTest.keyClick(operator.lineEdit(), char)
    key(operator.lineEdit(), "Ctrl+N")
    assert "Operator needed" not in " ".join(asked)
    case_id = window.current_case_id()
    assert case_id is not None and forms
    assert window.operator() == "EF"
    assert {entry.operator for entry in window.store.audit(case_id)} == {"EF"}


def _open_molar_case(window: Window) -> tuple[Any, list[Any]]:
    """A D3330 case on #30 opened in the window: its checklist and the item boxes from top to
    bottom."""
    case_id = window.store.create_case(
        Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30")),
        operator="AB",
    )
    window.open_case(case_id)
    panel = window.checklist_panel
    boxes = [panel.checkbox(item.id) for item in panel.items()]
    return panel, sorted(boxes, key=lambda box: box.mapTo(panel, QPoint(0, 0)).y())


def test_9_go_checklist_and_go_cases_from_any_field(window: Window) -> None:
    """Ctrl+I: the checklist's first unticked item (the assistant ticks without the mouse);
    Ctrl+O: the case search, its old text selected (the next patient's name replaces it)."""
    panel, shown = _open_molar_case(window)
    shown[0].setChecked(True)  # ticked: Ctrl+I skips it
    window.search.focus_search()
    key(window.search.box, "Ctrl+I")
    assert window.right_tabs.currentWidget() is panel
    assert QApplication.focusWidget() is shown[1]
    window.case_list.search_field().setText("Ada")
    key(QApplication.focusWidget(), "Ctrl+O")
    assert window.right_tabs.currentWidget() is window.case_list
    field = window.case_list.search_field()
    assert QApplication.focusWidget() is field and field.selectedText() == "Ada"
    window.close_case()
    key(field, "Ctrl+I")  # no case open: nothing to tick, so Create case
    assert QApplication.focusWidget().objectName() in {"createCaseButton", "checklistPanel"}


def test_9_after_the_new_case_form_is_saved_the_keyboard_is_on_its_checklist(
    window: Window, qtbot: QtBot
) -> None:
    """Ctrl+N, the patient's name, Save: the real form closes and the assistant ticks next,
    so the keyboard is on the new case's first checklist item (it went back to the candidate
    list the form was opened from, a column away from the checklist)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QLineEdit

    window.chart_panel.chart.select_tooth("30")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    codes = window.chart_panel.candidates.list_widget()
    codes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(codes.hasFocus)

    def fill_and_save() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, QDialog) and form.objectName() == "caseForm"
        form.findChild(QLineEdit, "field_patient_name").setText("Ada Go")
        form.findChild(QAbstractButton, "caseFormSave").click()

    QTimer.singleShot(0, lambda: fill_and_save())
    QTest.keyClick(codes, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_case_id() is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # also with no window manager
    panel = window.checklist_panel
    assert window.right_tabs.currentWidget() is panel
    boxes = sorted((panel.checkbox(item.id) for item in panel.items()),
                   key=lambda box: box.mapTo(panel, QPoint(0, 0)).y())  # fmt: skip
    first = next(box for box in boxes if not box.isChecked())
    assert QApplication.focusWidget() is first
    QTest.keyClick(first, Qt.Key.Key_Space)
    assert first.isChecked()


def test_9_after_the_edit_case_form_closes_the_window_takes_keys_again(
    window: Window, qtbot: QtBot
) -> None:
    """Ctrl+E, Save: with no window manager the window stayed inactive after the form closed
    and the next shortcut went nowhere (as after a new case)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    _open_molar_case(window)

    def save() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, QDialog) and form.objectName() == "caseForm"
        form.findChild(QAbstractButton, "caseFormSave").click()

    QTimer.singleShot(0, save)
    window.menu_actions["editCaseAction"].trigger()  # Ctrl+E
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.mark.parametrize("action", ["exportAppealAction", "radiographsAction"])
def test_9_after_the_appeal_or_films_dialog_closes_the_window_takes_keys_again(
    window: Window, qtbot: QtBot, action: str
) -> None:
    """As after the case form: with no window manager the window stayed inactive once the
    appeal or radiographs dialog closed, and the next shortcut went nowhere."""
    from PySide6.QtWidgets import QDialog

    _open_molar_case(window)
    window.menu_actions[action].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_9_alt_a_lands_in_the_case_search_not_the_operator_box(window: Window) -> None:
    operator = window.operator_picker.findChild(QComboBox, "operatorCombo")
    operator.setFocus()
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    window.right_tabs.setCurrentWidget(window.case_list)
    assert QApplication.focusWidget() is window.case_list.search_field()
    QTest.keyClicks(QApplication.focusWidget(), "D3348")
    assert window.operator() == "AB"


def _mnemonics(window: Window) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(text: str, owner: str) -> None:
        at = text.replace("&&", "").find("&")
        if at >= 0:
            found.setdefault(text.replace("&&", "")[at + 1].lower(), []).append(owner)

    for action in window.menuBar().actions():
        add(action.text(), f"menu {action.text()}")
    tabs = window.right_tabs
    for index in range(tabs.count()):  # the letter drawn underlined (a Go action's Alt key)
        add(window.tab_bar.shown_text(index), f"tab {tabs.tabText(index)}")
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and widget.text():
            add(widget.text(), f"{type(widget).__name__} {widget.text()}")
    return found


def test_9_no_two_things_share_a_mnemonic(window: Window) -> None:
    found = _mnemonics(window)
    assert {"f", "e", "g", "v", "h", "c", "a", "o"} <= set(found)
    assert {letter: owners for letter, owners in found.items() if len(owners) > 1} == {}


def test_9_a_tab_s_underlined_letter_is_its_go_action_s_alt_key(window: Window) -> None:
    """The tab bar grabs no Alt letter (it did nothing on the tab shown); the Go action that
    shows the tab owns it, and no other mnemonic of the window uses that letter."""
    tabs, found = window.right_tabs, _mnemonics(window)
    go = {"checklistAction": window.checklist_panel, "casesAction": window.case_list}
    for name, page in go.items():
        shown = window.tab_bar.shown_text(tabs.indexOf(page))
        letter = shown[shown.index("&") + 1].upper()
        keys = [k.toString() for k in window.menu_actions[name].shortcuts()]
        assert f"Alt+{letter}" in keys and "&" not in tabs.tabText(tabs.indexOf(page))
        assert found[letter.lower()] == [f"tab {tabs.tabText(tabs.indexOf(page))}"]


# 10 -------------------------------------------------------------------------------------------
def _tab_stops(window: Window, count: int) -> list[str]:
    """Where the focus goes as Tab is pressed from the search box: each stop's object name,
    or its parent's for an unnamed part (the tab bar of ``rightTabs``)."""
    window.search.focus_search()
    stops: list[str] = []
    for _ in range(count):
        widget = QApplication.focusWidget()
        assert widget is not None
        named = widget if widget.objectName() else widget.parentWidget()
        stops.append(named.objectName())
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    return stops


@pytest.mark.parametrize(
    ("tab", "pages_stops"),
    [
        (0, ["rightTabs", "createCaseButton"]),  # the items wait for a case; no blind stop
        (1, ["rightTabs", "caseSearch", "caseStatusFilter", "caseTable", "newCaseButton"]),
    ],
)
def test_9_tab_goes_through_the_columns_left_to_right(
    window: Window, tab: int, pages_stops: list[str]
) -> None:
    """Tab follows what the eye reads: the search, the chart and its findings, the candidate
    codes, the code's detail; then the right pane from its top: the operator, the tabs, the
    tab shown, and back to the search (the case's buttons, greyed with no case open, are no
    stops: the next test has them). It went from the search to the detail, then up to the
    operator and back across to the chart; the chart came before the two boxes above it, the
    detail's twenty links were twenty stops, and the checklist's scroll area was a stop that
    showed no focus."""
    window.right_tabs.setCurrentIndex(tab)
    window.open_code("D3330")  # a page with links to similar codes: still one stop
    window.chart_panel.chart.select_tooth("30")  # candidates to choose from
    left_and_centre = [
        "searchBox", "dentitionMode", "notationMode", "toothChart", "rootDevelopment",
        "pulpStatus", "treatmentGoal", "visitStage", "candidateCodes", "codeDetail",
    ]  # fmt: skip
    right = ["operatorCombo", *pages_stops]
    stops = _tab_stops(window, 30)
    expected = [*left_and_centre, *right]
    assert stops[: len(expected)] == expected
    assert "searchBox" in stops[len(expected) :]  # round to the search again
    assert not {"editCaseButton", "radiographsButton", "exportAppealButton"} & set(stops)


def test_9_with_no_tooth_the_empty_candidate_list_is_no_tab_stop(window: Window) -> None:
    """The chairside walkthrough: with no tooth the empty list took a Tab stop that showed no
    focus and took no key; Ctrl+J then goes to the chart, where the next step is."""
    stops = _tab_stops(window, 30)
    assert "candidateCodes" not in stops
    assert stops.index("visitStage") + 1 == stops.index("codeDetail")
    key(window.search.box, "Ctrl+J")
    assert QApplication.focusWidget() is window.chart_panel.chart
    window.chart_panel.chart.select_tooth("30")
    assert "candidateCodes" in _tab_stops(window, 30)


def test_9_with_a_case_open_tab_goes_through_the_items_then_the_case_buttons(
    window: Window,
) -> None:
    """The assistant tabs from the tabs into the checklist, item after item down the list,
    and straight on to Edit case: no stop in between that shows no focus."""
    _panel, shown = _open_molar_case(window)
    stops = _tab_stops(window, 30)
    start = stops.index("rightTabs")
    items = [box.objectName() for box in shown]
    assert stops[start + 1 : start + 1 + len(items)] == items
    assert stops[start + 1 + len(items)] == "editCaseButton"


def test_10_the_window_fits_1366x768_with_a_taskbar(window: Window) -> None:
    window.resize(1366, 768 - 40 - 30)  # a 40 px taskbar and a 30 px title bar
    QApplication.processEvents()
    assert window.minimumSizeHint().height() <= 698
    assert window.height() <= 698
    bar = window.statusBar()
    assert bar.isVisible() and bar.geometry().bottom() <= window.height()


def test_10_rows_and_targets_are_32_px_and_40_in_large_target_mode(window: Window) -> None:
    click_tooth(window, "19")
    view = window.chart_panel.candidates.list_widget()
    assert min(view.visualItemRect(view.item(r)).height() for r in range(view.count())) >= 32
    window.menu_actions["largeTargetsAction"].trigger()
    QApplication.processEvents()
    assert min(view.visualItemRect(view.item(r)).height() for r in range(view.count())) >= 40
    assert window.findChild(QAbstractButton, "exportAppealButton").height() >= 40
    size = QApplication.font().pointSizeF()
    window.menu_actions["zoomInAction"].trigger()
    assert QApplication.font().pointSizeF() > size
    window.menu_actions["zoomResetAction"].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(size)
    window.menu_actions["largeTargetsAction"].trigger()


def test_10_dialogs_opened_in_large_target_mode_have_large_targets(window: Window) -> None:
    """Tour: the claim-status dialog (and the case form) stayed at 32 px with View > Large
    targets on; the assistant at the chair, gloves on, uses the case form too."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

    from cdt_desktop.ui.cases.form import CaseForm
    from cdt_desktop.ui.common.metrics import TARGET_PROPERTY

    def targets(dialog: QWidget) -> list[int]:
        return [
            w.minimumHeight()
            for w in dialog.findChildren(QWidget)
            if w.property(TARGET_PROPERTY) or isinstance(w, QPushButton | QComboBox | QLineEdit)
        ]

    window.menu_actions["largeTargetsAction"].trigger()
    form = CaseForm(window.cases, parent=window)
    assert targets(form) and min(h for h in targets(form) if h) >= 40
    form.deleteLater()
    window.menu_actions["largeTargetsAction"].trigger()
    form = CaseForm(window.cases, parent=window)
    assert max(targets(form)) < 40  # back to the usual size with the mode off
    form.deleteLater()


def test_10_the_case_list_shows_date_and_tooth_at_1366(window: Window) -> None:
    """As the case form saves it: with its date of service (the form fills in today), which
    makes the Date column as wide as a date. The Tooth column had been hidden then (walk 13)."""
    from cdt_desktop.ui.cases.list_model import COLUMNS

    window.cases.create(
        Case(
            patient=Patient(name="Nguyễn Văn An"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(date_of_service="2026-12-03"),
        ),
        operator="AB",
    )
    window.case_list.refresh()
    window.right_tabs.setCurrentWidget(window.case_list)
    QApplication.processEvents()
    table = window.case_list.table()
    header = table.horizontalHeader()
    shown = {COLUMNS[c] for c in range(len(COLUMNS)) if not header.isSectionHidden(c)}
    assert {"Patient", "Date", "Tooth", "Code", "Status"} <= shown
    # At a Palmer PC the cell says "LL6" (the quadrant letters are Palmer's own): "Palmer LL6"
    # was too wide for the column at 1366 px, so the list hid the Tooth column there.
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData("palmer"))
    QApplication.processEvents()
    table.hide_columns_to_fit()
    assert not header.isSectionHidden(COLUMNS.index("Tooth"))
    cell = table.model().index(0, COLUMNS.index("Tooth"))
    assert cell.data() == "LL6"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Palmer LL6"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Palmer LL6"


def test_10_the_case_list_shows_the_same_columns_at_first_sight_as_after_a_refresh(
    window: Window,
) -> None:
    """Walkthrough: right after a restart the Cases tab hid its Tooth column; after a refresh,
    at the same width, it showed it. The columns were fitted while the vertical scroll bar
    was still there, and not again once the few rows left no need for it."""
    from cdt_desktop.ui.cases.list_model import COLUMNS

    for name in ("Nguyễn Văn An", "Ana Souza", "Ben Okafor"):
        window.cases.create(
            Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19"),
                 claim=Claim(date_of_service="2026-12-03")),
            operator="AB",
        )  # fmt: skip
    window.right_tabs.setCurrentWidget(window.case_list)  # the list is built now
    for _ in range(3):
        QApplication.processEvents()
    header = window.case_list.table().horizontalHeader()

    def shown() -> set[str]:
        return {COLUMNS[c] for c in range(len(COLUMNS)) if not header.isSectionHidden(c)}

    first = shown()
    window.case_list.refresh()
    QApplication.processEvents()
    assert first == shown()
    assert {"Patient", "Date", "Tooth", "Code", "Status"} <= first


def test_11_help_has_the_user_guide_and_the_shortcut_sheet(window: Window) -> None:
    window.menu_actions["shortcutsAction"].trigger()
    sheet = window.findChild(QWidget, "shortcutSheet")
    assert sheet is not None and sheet.isVisible()
    text = sheet.findChild(QWidget, "shortcutSheetText").toPlainText()
    # Ctrl+Shift+A: the prior-authorization request had no shortcut (keyboard walk)
    for shortcut in ("Ctrl+T", "Ctrl+W", "Ctrl+K", "Ctrl+E", "Ctrl+Z", "Ctrl+Shift+A"):
        assert shortcut in text, shortcut
    sheet.close()
    window.menu_actions["userGuideAction"].trigger()
    guide = window.findChild(QWidget, "userGuide")
    assert guide is not None
    assert "CDT Companion" in guide.findChild(QWidget, "userGuideText").toPlainText()
    guide.close()


def test_10_code_links_are_readable_in_dark_mode(window: Window) -> None:
    from PySide6.QtGui import QColor, QPalette

    from cdt_desktop.ui.code_detail.view import style_sheet
    from cdt_desktop.ui.common.palette import contrast

    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))  # the light theme's blue, kept
    dark.setColor(QPalette.ColorRole.PlaceholderText, QColor("#5a5a5a"))
    css = style_sheet(dark)
    link = QColor(css.split("a { color: ")[1].split(";")[0])
    muted = QColor(css.split(".muted { color: ")[1].split(";")[0])
    assert contrast(link, QColor("#1e1e1e")) >= 4.5
    assert contrast(muted, QColor("#1e1e1e")) >= 4.5


def test_9_no_two_actions_share_a_shortcut(window: Window) -> None:
    from PySide6.QtGui import QAction

    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for shortcut in action.shortcuts():
            owners.setdefault(shortcut.toString(), []).append(action.objectName() or action.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert "Ctrl+L" in owners  # the lock screen's, not the candidates'


# 8 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tooth", "pulp", "code"),
    [("K", "reversible-pulpitis", "D3220"), ("30", "normal", "D3110"), ("30", "normal", "D3120")],
)
def test_8_vital_pulp_therapy_is_reached_from_the_chart_with_reasons_and_a_checklist(
    window: Window, tooth: str, pulp: str, code: str
) -> None:
    click_tooth(window, tooth)
    answer(window, "pulpStatus", pulp)
    rows = {c: (status, text) for c, status, text in window.chart_panel.candidates.rows()}
    assert rows[code][0] in ("recommended", "possible")
    assert "•" in rows[code][1]  # with its reasons
    view = window.chart_panel.candidates.list_widget()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=candidate_rect(window, code).center()
    )
    assert window.checklist_panel.code() == code
    assert len(window.checklist_panel.items()) >= 5


def test_10_the_appeal_dialog_fits_a_768_screen(window: Window) -> None:
    case_id = window.cases.create(
        Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.export_appeal()
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    dialog = window.findChild(NarrativeDialog)
    free = dialog.screen().availableGeometry()
    assert dialog.width() <= free.width() and dialog.height() <= free.height()
    dialog.close()


def test_a_very_long_patient_name_wraps_in_the_open_case_heading(window: Window) -> None:
    """Tour: a long unbroken name was cut off at the right pane's edge; it wraps now, and the
    tooltip holds the heading as typed."""
    name = "Wolfeschlegelsteinhausenbergerdorff-Montgomery-Featherstonehaugh"
    case_id = window.cases.create(
        Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    label = window.case_label
    QApplication.processEvents()
    assert label.minimumSizeHint().width() <= label.width()
    assert name in label.toolTip()
    assert label.text().replace("\u200b", "") == label.toolTip()


def _x_of(text: str, index: int, font: Any) -> float:
    """Where the character at logical ``index`` is drawn in a left-to-right line of ``text``."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    return float(line.cursorToX(index)[0])


@pytest.mark.parametrize("name", ["مريم حداد", "Nguyễn O'Brien محمد", "שרה כהן"])
def test_a_right_to_left_name_keeps_the_tooth_after_it_in_the_heading(
    window: Window, name: str
) -> None:
    """Tour3: an Arabic name pulled '#19' into its run: 'Case 2 · 19# · مريم حداد D3330'. The
    tooth is drawn after (right of) the whole name, as '#19'."""
    case_id = window.cases.create(
        Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    text = window.case_label.text()
    font = window.case_label.font()
    start = text.index(name)
    name_x = [_x_of(text, i, font) for i in range(start, start + len(name) + 1)]
    tooth_x = _x_of(text, text.index("#19"), font)
    assert tooth_x >= max(name_x) - 0.5, (text, name_x, tooth_x)
    assert _x_of(text, text.index("#19") + 3, font) > tooth_x  # '#19' reads left to right


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        ("D3348", "Double-click it in the candidates (or Edit case) to change the case's code."),
        ("D3354", "Edit case changes the case's code."),  # deleted: not among the candidates
    ],
)
def test_reading_another_code_with_a_case_open_advises_only_what_the_chart_offers(
    window: Window, code: str, advice: str
) -> None:
    """Chairside walkthrough: D3354, deleted, read with a case open: the status bar said to
    double-click it in the candidates, where it is not."""
    _open_molar_case(window)
    window.open_code(code)
    message = window.statusBar().currentMessage()
    assert message == f"Showing {code}; the checklist stays on the open case's D3330. {advice}"


def test_the_question_before_an_excluded_code_names_the_tooth_in_this_pcs_notation(
    window: Window, asked: list[str]
) -> None:
    """Chairside walkthrough on a Palmer PC: the candidate said "tooth LR6 is a permanent
    molar" and the question beside it "#30 is a permanent molar"."""
    _open_molar_case(window)
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData("palmer"))
    window.choose_code("D3346")
    question = next(q for q in asked if q.startswith("Use D3346 anyway?"))
    assert "tooth LR6 is a permanent molar" in question and "#30" not in question, question
    banner = window.banner.text()
    assert banner[:1].isupper() and "#30" not in banner, banner


def test_new_answers_for_a_case_whose_code_is_no_candidate_name_one_that_is(
    window: Window,
) -> None:
    """Review: a D3221 case (pulpal debridement, not among the chart's codes) was told to
    "choose D3221 in the candidates", where it cannot be chosen."""
    case_id = window.store.create_case(
        Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3221", tooth="30")),
        operator="AB",
    )
    window.open_case(case_id)
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    message = window.statusBar().currentMessage()
    assert "and D3221 is not among the chart's codes: choose D3330 (recommended)" in message
