"""A day at the office, end to end in the real main window over the shipped reference library.

The dentist searches and picks the code at the chair, the assistant creates the case and ticks the
checklist, billing staff edit the denial, export the appeal and find the case again the next day
(a new window on the same data folder). Every native dialog is replaced by a stand-in that does
what the user would do; everything else is the real window, store and PDF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Claim, Patient
from cdt_desktop.ui.appeal import dialog as appeal_dialog
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import sending as appeal_sending
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.cases import file_io as case_file_io
from cdt_desktop.ui.common import msgbox

PATIENT = "Nguyễn Thị Minh Khai"
SHARED = ("postop-radiograph", "tooth-number-matches-code")  # on both D3330 and D3353
ONLY_D3330 = ("preop-radiograph", "pulp-diagnosis")


class Dialogs:
    """Stand-ins for every modal dialog; what they were asked is kept for the asserts."""

    def __init__(self, tmp_path: Path) -> None:
        self.patient = Patient(name=PATIENT, date_of_birth="1980-02-29", chart_number="CH-19")
        self.claim = Claim(number="CLM-2026-19", billed_amount="1,150.00")
        self.denial = "Documentation of pulpal necrosis not received"
        self.pdf_path = tmp_path / "out" / "appeal.pdf"
        self.messages: list[tuple[str, str]] = []
        self.forms: list[Any] = []

    def edit_case(
        self,
        parent: Any,
        service: Any,
        *,
        case: Any,
        operator_source: Any,
        case_id: int | None = None,
        version: int | None = None,
        **_: Any,
    ) -> int:
        """The case form: the assistant adds the patient; billing adds the denial reason."""
        self.forms.append(case)
        if case_id is None:
            filled = replace(
                case,
                patient=self.patient,
                claim=replace(
                    case.claim, number=self.claim.number, billed_amount=self.claim.billed_amount
                ),
            )
            return int(service.create(filled, operator=operator_source()))
        edited = replace(case, claim=replace(case.claim, denial_reason=self.denial))
        service.edit(case_id, edited, operator=operator_source(), expected_version=version)
        return case_id

    def message(self, parent: Any, title: str, text: str, **_: Any) -> None:
        self.messages.append((title, text))


@pytest.fixture
def dialogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    stand_in = Dialogs(tmp_path)
    monkeypatch.setattr(case_controller, "edit_case", stand_in.edit_case)
    for name in ("show_info", "show_error", "show_warning"):
        monkeypatch.setattr(msgbox, name, stand_in.message)
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda parent, s: str(stand_in.pdf_path))
    monkeypatch.setattr(appeal_sending, "print_pdf", lambda parent, pdf: True)
    monkeypatch.setattr(case_file_io, "ask_open_path", lambda parent: None)
    monkeypatch.setattr(case_file_io, "ask_save_path", lambda parent, suggested: None)
    stand_in.pdf_path.parent.mkdir()
    return stand_in


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "office"


@pytest.fixture
def open_window(qtbot: QtBot, data_dir: Path) -> Iterator[Callable[[], Any]]:
    """Builds the real window on `data_dir`, shown and active so keys and focus behave."""
    opened: list[QMainWindow] = []

    def build() -> Any:
        window = build_main_window(data_dir=data_dir)
        opened.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield build
    for window in opened:
        if shiboken6.isValid(window):
            close(window)


def close(window: QMainWindow) -> None:
    """Quit as the app does: close (saves the layout), then delete (closes the case store)."""
    window.close()
    shiboken6.delete(window)


def press(widget: QWidget, key: Qt.Key, text: str = "", mods: Any = None) -> None:
    mods = Qt.KeyboardModifier.NoModifier if mods is None else mods
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, text))


def type_text(widget: QWidget, text: str) -> None:
    """Per-character key events (qtbot.keyClicks stops at many non-ASCII characters)."""
    for char in text:
        press(widget, Qt.Key.Key_unknown, char)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def answer(window: Any, object_name: str, value: str) -> None:
    box = window.chart_panel.findings.box(object_name)
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def statuses(window: Any) -> dict[str, str]:
    return {code: status for code, status, _ in window.chart_panel.candidates.rows()}


def choose_candidate(window: Any, code: str) -> None:
    """Click the candidate row of `code`, as the dentist does (press, layout, release), then
    Enter: a click alone only shows the code (issue 14: a slipped click never re-codes a case)."""
    widget = window.chart_panel.candidates.list_widget()
    for row in range(widget.count()):
        item = widget.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            widget.scrollToItem(item)
            QApplication.processEvents()
            pos = widget.visualItemRect(item).center()
            QTest.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
            QApplication.processEvents()  # the row unfolds under the pointer
            QTest.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
            assert widget.currentItem() is item
            QTest.keyClick(widget, Qt.Key.Key_Return)
            return
    raise AssertionError(f"{code} is not a candidate")


def ticked(window: Any) -> set[str]:
    panel = window.checklist_panel
    return {item.id for item in panel.items() if panel.checkbox(item.id).isChecked()}


def stored_ticks(window: Any, case_id: int) -> set[str]:
    return {k for k, v in window.store.get_case(case_id).case.checklist.items() if v}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)


def find_case(window: Any, text: str) -> None:
    """Billing: Cases tab, type in the search field, Enter opens the one match."""
    window.right_tabs.setCurrentWidget(window.case_list)
    search = window.case_list.search_field()
    search.setFocus()
    type_text(search, text)
    assert window.case_list.model().rowCount() == 1
    press(search, Qt.Key.Key_Return)


def test_a_day_from_search_to_appeal_and_back(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    window = open_window()
    # dentist: search "molar", open D3330
    window.search.set_query("molar")
    assert window.search.model.codes()[0] == "D3330"
    press(window.search.box, Qt.Key.Key_Return)
    assert window.detail.current_code() == "D3330"
    assert window.checklist_panel.code() == "D3330"
    # tooth 19, complete root, necrotic pulp: D3330 recommended
    window.chart_panel.chart.select_tooth("19")
    assert window.chart_panel.tooth_label.text().startswith("Tooth 19: ")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    recommended = [code for code, status in statuses(window).items() if status == "recommended"]
    assert recommended == ["D3330"]
    choose_candidate(window, "D3330")
    assert window.detail.current_code() == "D3330"
    assert window.banner.isHidden()
    # assistant: operator, new case (the form opens prefilled from the screen)
    window.operator_picker.set_operator("ab")
    assert window.operator() == "AB"
    case_id = window.new_case()
    assert case_id is not None
    form = dialogs.forms[0]
    assert (form.procedure.code, form.procedure.tooth) == ("D3330", "19")
    assert (form.findings.root, form.findings.pulp) == ("complete", "necrosis")
    assert window.current_case_id() == case_id
    heading = window.case_label.text()
    assert heading.startswith(f"Case {case_id} · {PATIENT} · #19 D3330 · DOS ")
    # ticks, each saved at once
    for item_id in SHARED + ONLY_D3330:
        window.checklist_panel.checkbox(item_id).click()
    assert ticked(window) == set(SHARED + ONLY_D3330)
    assert stored_ticks(window, case_id) == set(SHARED + ONLY_D3330)
    # change the code to D3353 (on a mature root only possible, as recalcification) and back
    assert statuses(window)["D3353"] == "possible"
    choose_candidate(window, "D3353")
    assert window.checklist_panel.code() == "D3353"
    assert ticked(window) == set(SHARED)  # the shared items keep their ticks
    # regression: the chosen candidate becomes the open case's code (heading and store)
    assert window.store.get_case(case_id).case.procedure.code == "D3353"
    assert "#19 D3353" in window.case_label.text()
    choose_candidate(window, "D3330")
    assert ticked(window) == set(SHARED + ONLY_D3330)
    assert window.store.get_case(case_id).case.procedure.code == "D3330"
    assert window.case_label.text() == heading
    # billing: edit the case (denial reason), export the appeal
    assert window.edit_case() == case_id
    assert window.store.get_case(case_id).case.claim.denial_reason == dialogs.denial
    window.export_button.click()
    dialog = window.findChild(appeal_dialog.NarrativeDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.denial_edit.toPlainText() == dialogs.denial
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    text = pdf_text(dialogs.pdf_path)
    for expected in ("D3330", PATIENT, dialogs.denial, dialogs.claim.number):
        assert expected in text
    dialog.copy_remark_button.click()
    remark = QGuiApplication.clipboard().text()
    assert 0 < len(remark) <= 80 and "#19" in remark and "D3330" in remark
    assert remark in dialog.remark_label.text()
    kinds = [e.detail for e in window.store.audit(case_id) if e.action == "export"]
    assert len(kinds) == 2, window.store.audit(case_id)
    dialog.close()
    # the same day, billing finds the case on the Cases tab
    find_case(window, "Nguyễn")
    assert window.current_case_id() == case_id
    # next day: quit, start again on the same data folder, reopen the case
    close(window)
    window = open_window()
    assert window.current_case_id() is None
    assert window.case_label.text().startswith("No case open")
    assert window.operator() == "AB"  # remembered
    find_case(window, "Nguyễn")
    assert window.current_case_id() == case_id
    assert window.chart_panel.current_tooth().universal == "19"
    values = window.chart_panel.findings.values()
    assert (str(values["root"]), str(values["pulp"])) == ("complete", "necrosis")
    assert window.detail.current_code() == "D3330"
    assert window.checklist_panel.code() == "D3330"
    assert ticked(window) == set(SHARED + ONLY_D3330)
    assert window.case_label.text() == heading
    assert dialogs.messages == []


def test_opening_a_case_shows_its_own_tooth_in_its_own_notation(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """An imported FDI case shows the right tooth; a case without tooth or code clears both."""
    window = open_window()
    window.operator_picker.set_operator("CD")
    window.chart_panel.chart.select_tooth("3")
    window.search.set_query("D3310")
    press(window.search.box, Qt.Key.Key_Return)
    fdi = window.store.import_case(
        '{"patient": {"name": "محمد"}, "procedure": {"code": "D3330", "tooth": "18",'
        ' "notation": "fdi"}, "findings": {"root": "complete", "pulp": "necrosis"}}',
        operator="CD",
    )
    bare = window.store.import_case('{"patient": {"name": "王小明"}}', operator="CD")
    window.case_list.refresh()
    find_case(window, "محمد")
    assert window.current_case_id() == fdi
    # FDI 18 is the upper right third molar, Universal 1 (not Universal 18)
    assert window.chart_panel.current_tooth().universal == "1"
    # in this PC's numbering (Universal): #1, never #18
    assert "· #1 D3330" in window.case_label.text(), window.case_label.text()
    assert statuses(window)["D3330"] == "recommended"
    window.case_list.search_field().clear()
    find_case(window, "王")
    assert window.current_case_id() == bare
    assert window.chart_panel.current_tooth() is None  # not the last patient's tooth
    assert window.checklist_panel.code() is None  # no ticks against another case's code
    assert window.case_label.text() == f"Case {bare} · 王小明"
    assert dialogs.messages == []


def test_primary_molar_without_successor_through_the_day(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """K with no permanent successor: D3330 recommended (the CDT places it under the root canal
    codes), D3240 possible; kept across a restart."""
    window = open_window()
    panel = window.chart_panel
    assert not panel.successor_box.isEnabled()  # no tooth yet
    panel.chart.select_tooth("K")
    assert panel.tooth_label.text().startswith("Tooth K: ")
    assert panel.successor_box.isEnabled()
    answer(window, "pulpStatus", "necrosis")
    assert statuses(window)["D3240"] == "recommended"  # successor not stated: D3240 may lead
    assert statuses(window)["D3330"] == "possible"  # ... and D3330 stays possible
    panel.successor_box.setCurrentIndex(panel.successor_box.findData("no"))
    assert statuses(window)["D3330"] == "recommended"
    assert statuses(window)["D3240"] == "possible"
    choose_candidate(window, "D3330")
    assert window.banner.isHidden()  # D3330 fits a retained primary molar
    window.operator_picker.set_operator("EF")
    case_id = window.new_case()
    assert case_id is not None
    assert dialogs.forms[0].findings.successor == "no"
    assert dialogs.forms[0].procedure.code == "D3330"  # the chart's recommendation
    assert "#K D3330" in window.case_label.text()
    window.export_button.click()
    dialog = window.findChild(appeal_dialog.NarrativeDialog)
    assert dialog is not None
    dialog.save_button.click()
    assert "successor" in pdf_text(dialogs.pdf_path)
    dialog.close()
    close(window)
    window = open_window()
    find_case(window, "Khai")
    assert window.chart_panel.current_tooth().universal == "K"
    assert window.chart_panel.successor_box.currentData() == "no"
    assert window.chart_panel.successor_box.isEnabled()
    assert statuses(window)["D3330"] == "recommended"
    assert window.detail.current_code() == "D3330"
    assert window.banner.isHidden()
    assert dialogs.messages == []


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Nguyễn Thị Minh Khai", "nguyễn"), ("王小明", "小明"), ("محمد عبد الله", "محمد")],
)
def test_a_name_in_any_script_reaches_the_pdf(
    open_window: Callable[[], Any], dialogs: Dialogs, name: str, typed: str
) -> None:
    dialogs.patient = replace(dialogs.patient, name=name)
    window = open_window()
    window.operator_picker.set_operator("GH")
    window.chart_panel.chart.select_tooth("19")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    choose_candidate(window, "D3330")
    case_id = window.new_case()
    # an Arabic name is a bidi isolate (FSI ... PDI), so '#19' stays after it (tour3)
    heading = window.case_label.text().replace("\u2068", "").replace("\u2069", "")
    assert heading.startswith(f"Case {case_id} · {name} · ")
    window.case_list.search_field().clear()
    find_case(window, typed)
    assert window.current_case_id() == case_id
    window.export_button.click()
    dialog = window.findChild(appeal_dialog.NarrativeDialog)
    assert dialog is not None
    dialog.save_button.click()
    text = unicodedata.normalize("NFKC", pdf_text(dialogs.pdf_path))
    if not any("\u0600" <= ch <= "\u06ff" for ch in name):
        assert name in text
    else:  # shaped Arabic is drawn in visual order: each word, either way round
        assert all(word in text or word[::-1] in text for word in name.split()), text[:200]
    assert "\ufffd" not in text  # no glyph was missing
    assert dialogs.messages == []


def test_keyboard_only_from_search_to_a_ticked_case(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """Ctrl+K, type, Down, Enter; chart by arrows and Enter; candidate by Enter; Ctrl+N."""
    window = open_window()
    window.chart_panel.chart.setFocus()
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.search.box
    assert box.hasFocus()
    type_text(box, "molar")
    assert window.search.model.codes()[0] == "D3330"
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    assert window.search.results.hasFocus()
    QTest.keyClick(focused(), Qt.Key.Key_Down)  # the second result
    second = window.search.model.codes()[1]
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert window.detail.current_code() == second
    # the chart: arrows move a cursor, Enter selects the tooth under it
    chart: Any = window.chart_panel.chart
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    assert chart.hasFocus()
    start = chart.cursor_tooth()
    QTest.keyClick(chart, Qt.Key.Key_Right)
    moved = chart.cursor_tooth()
    assert moved != start
    assert chart.selected() != moved  # moving is not selecting
    QTest.keyClick(chart, Qt.Key.Key_Return)
    assert chart.selected() == moved
    assert window.chart_panel.current_tooth().universal == moved
    # typing a number selects it once unambiguous
    type_text(chart, "19")
    assert chart.selected() == "19"
    assert window.chart_panel.tooth_label.text().startswith("Tooth 19: ")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    # the recommended candidate is first; Enter chooses it
    codes = window.chart_panel.candidates.list_widget()
    codes.setFocus(Qt.FocusReason.TabFocusReason)
    codes.setCurrentRow(0)
    QTest.keyClick(codes, Qt.Key.Key_Return)
    assert window.detail.current_code() == "D3330"
    # Ctrl+N without initials: explained, the cursor goes to the Operator box
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.messages and dialogs.messages[-1][0] == "Operator needed"
    assert window.operator_picker.isAncestorOf(focused())
    type_text(focused(), "ij")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert window.operator() == "IJ"
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    case_id = window.current_case_id()
    assert case_id is not None
    box_ = window.checklist_panel.checkbox("preop-radiograph")
    box_.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(box_, Qt.Key.Key_Space)
    assert box_.isChecked()
    assert stored_ticks(window, case_id) == {"preop-radiograph"}


def test_a_candidate_of_another_tooth_never_moves_the_open_case(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """New-user tour: case #19 D3330 with ticks; a click on #30, previously treated, and a
    double-click on D3348 silently made it #30 D3348 with #19's radiograph ticked."""
    window = open_window()
    window.operator_picker.set_operator("ab")
    window.chart_panel.chart.select_tooth("19")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    case_id = window.new_case()
    assert case_id is not None
    for item_id in SHARED:
        window.checklist_panel.checkbox(item_id).click()
    window.chart_panel.chart.select_tooth("30")
    answer(window, "pulpStatus", "previously-treated")
    assert statuses(window)["D3348"] == "recommended"
    choose_candidate(window, "D3348")
    stored = window.store.get_case(case_id).case
    assert (stored.procedure.tooth, stored.procedure.code) == ("19", "D3330")
    assert dialogs.messages and dialogs.messages[-1][0] == "Another tooth"
    assert "#19" in dialogs.messages[-1][1] and "#30" in dialogs.messages[-1][1]
    assert stored_ticks(window, case_id) == set(SHARED)
    assert "#19 D3330" in window.case_label.text()


def test_a_new_case_starts_with_the_candidate_the_dentist_chose(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """New-user tour: K, irreversible pulpitis, D3220 chosen (double-click), Ctrl+N: the form
    was prefilled with the recommendation instead of the chosen code."""
    window = open_window()
    window.operator_picker.set_operator("ab")
    window.chart_panel.chart.select_tooth("K")
    answer(window, "pulpStatus", "irreversible-pulpitis")
    found = statuses(window)
    recommended = next(code for code, status in found.items() if status == "recommended")
    other = next(c for c, status in found.items() if status == "possible" and c != recommended)
    choose_candidate(window, other)
    assert window.new_case() is not None
    assert dialogs.forms[-1].procedure.code == other
    # another tooth's answers: the pick no longer applies, the recommendation leads again
    window.controller.close_case()
    window.chart_panel.chart.select_tooth("19")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    assert window.new_case() is not None
    assert dialogs.forms[-1].procedure.code == "D3330"


def test_the_case_list_shows_the_appeal_as_soon_as_the_letter_is_saved(
    open_window: Callable[[], Any], dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Billing desk (tour): a denied claim, the appeal letter saved, "mark as appealed" said
    yes: the Cases tab said "Denied" until the app was restarted."""
    from cdt_desktop.domain.cases.model import Case, Procedure
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService
    from cdt_desktop.ui.appeal import precheck
    from cdt_desktop.ui.cases.list_model import COLUMNS

    window = open_window()
    window.operator_picker.set_operator("bk")
    case_id = window.cases.create(
        Case(patient=Patient(name="Dana Ruiz"), procedure=Procedure(code="D3330", tooth="19")),
        operator="BK",
    )
    billing = BillingService(window.store)
    billing.advance(case_id, StatusEvent("submitted", "2026-09-16"), operator="BK")
    billing.advance(case_id, StatusEvent("denied", "2026-10-02"), operator="BK")
    monkeypatch.setattr(precheck, "offer_mark_appealed", lambda parent, level, **_k: True)
    monkeypatch.setattr(
        precheck, "confirm_export", lambda parent, problems, letter="appeal", reminders=(): True
    )
    window.open_case(case_id)
    window.case_list.refresh()

    def shown_status() -> str:
        model = window.case_list.table().model()
        row = next(r for r in range(model.rowCount()) if "Dana" in str(model.index(r, 0).data()))
        return str(model.index(row, COLUMNS.index("Status")).data())

    assert shown_status() == "Denied"
    window.export_button.click()
    dialog = window.findChild(appeal_dialog.NarrativeDialog)
    assert dialog is not None
    dialog.save_button.click()
    assert window.store.get_case(case_id).status == "appealed"
    assert shown_status() == "Appealed"
    dialog.close()
