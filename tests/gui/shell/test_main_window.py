"""Main window: layout, keyboard, wiring between panes, remembered state, accessibility.

These tests drive a MainWindow over a small fake library so they do not depend on the shipped
data; tests/gui/test_app_shell.py builds the real window from data/cdt.sqlite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.reference import CodeEntry, Comparison, SearchHit
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.settings import Settings
from cdt_desktop.ui.shell.main_window import MainWindow

ENTRIES = {
    "D3310": CodeEntry("D3310", "Endodontics", "Endodontic therapy", "Root canal, anterior", "A."),
    "D3320": CodeEntry(
        "D3320", "Endodontics", "Endodontic therapy", "Root canal, premolar", "P.",
        comparisons=(Comparison("D3330", "Molars have more canals."),),
    ),
    "D3330": CodeEntry(
        "D3330", "Endodontics", "Endodontic therapy", "Root canal, molar", "M.",
        comparisons=(Comparison("D3320", "Premolars."),),
    ),
}  # fmt: skip


class FakeLibrary:
    """Words match prefixes of words in the code or name; never raises on any text."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        words = re.findall(r"\w+", query.casefold())
        hits = []
        for entry in ENTRIES.values():
            text = re.findall(r"\w+", f"{entry.code} {entry.code[1:]} {entry.name}".casefold())
            if words and all(any(t.startswith(w) for t in text) for w in words):
                hits.append(SearchHit(entry.code, entry.name, entry.category))
        return hits[:limit]

    def get(self, code: str) -> CodeEntry | None:
        return ENTRIES.get(code)

    def names(self) -> dict[str, str]:
        return {code: entry.name for code, entry in ENTRIES.items()}

    def checklist(self, code: str) -> tuple[Any, ...]:
        return ()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_file(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot: QtBot, settings: Settings) -> MainWindow:
    win = MainWindow(FakeLibrary(), None, settings)
    qtbot.addWidget(win)
    _show_active(qtbot, win)
    return win


def _show_active(qtbot: QtBot, win: MainWindow) -> None:
    """Shown, and the active window (keys and focus go to it)."""
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


@pytest.mark.parametrize(
    "name", ["searchBox", "searchResults", "codeDetail", "exportAppealButton", "mainSplitter"]
)
def test_contract_object_names_exist(window: MainWindow, name: str) -> None:
    assert window.findChild(QWidget, name) is not None


def test_default_layout_fits_a_1366x768_screen(window: MainWindow) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366
    assert hint.height() <= 728  # 768 minus a taskbar
    assert window.size().width() <= 1366


@pytest.mark.parametrize("shortcut", ["Ctrl+K", "Ctrl+F"])
def test_shortcut_focuses_search_then_down_enter_opens_detail(
    window: MainWindow, qtbot: QtBot, shortcut: str
) -> None:
    window.search.set_query("root")
    window.detail.setFocus()
    qtbot.keyClick(window.detail, Qt.Key.Key_K if shortcut == "Ctrl+K" else Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    assert window.search.box.hasFocus()
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search.results, Qt.Key.Key_Return)
    assert window.detail.current_code() == "D3310"
    assert "Root canal, anterior" in window.detail.toPlainText()


def test_similar_code_link_opens_that_code_everywhere(window: MainWindow, qtbot: QtBot) -> None:
    window.open_code("D3330")
    cursor = window.detail.document().find("Root canal, premolar")
    cursor.setPosition(cursor.selectionStart() + 2)
    point = window.detail.cursorRect(cursor).center()
    qtbot.mouseClick(window.detail.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.detail.current_code() == "D3320"
    assert "D3320" in window.statusBar().currentMessage()


HOSTILE = ['"', "(", "*", "AND", "NEAR(", "a-b", "c++", "o'brien", "<b>x</b>", "^", "OR NOT"]


def _type_per_character(widget: QWidget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.mark.parametrize("query", [*HOSTILE, "Zoë 王小明"])
def test_hostile_queries_change_only_the_results(
    window: MainWindow, qtbot: QtBot, query: str
) -> None:
    window.open_code("D3330")
    before = window.detail.toHtml()
    window.search.box.setFocus()
    _type_per_character(window.search.box, query)
    assert window.search.query() == query
    assert window.detail.toHtml() == before
    assert window.detail.current_code() == "D3330"
    assert window.isVisible()
    if window.search.model.rowCount() == 0:
        assert query.strip() in window.search.empty_state_message()
    window.search.clear()
    qtbot.keyClicks(window.search.box, "molar")
    assert window.search.model.codes() == ["D3330"]


def test_code_that_misfits_the_tooth_shows_a_non_modal_banner(window: MainWindow) -> None:
    window.chart_panel.check_code = lambda code: f"{code} is for molars; #8 is anterior"  # type: ignore[attr-defined]
    window.open_code("D3330")
    assert window.banner.text() == "D3330 is for molars; #8 is anterior"
    window.chart_panel.check_code = lambda code: None  # type: ignore[attr-defined]
    window.open_code("D3310")
    assert window.banner.text() == ""


def test_the_misfit_banner_never_moves_the_chart_or_the_findings_under_the_pointer(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Walkthrough: D3330 shown, tooth K clicked: the banner opened above the chart and pushed
    the chart, the findings and the candidates 45 px down, so the next click (on Pulp status'
    list) chose another answer. It opens above the code's detail, whose words it is about."""
    from PySide6.QtWidgets import QApplication

    window.open_code("D3346")
    panel = window.chart_panel
    before = panel.mapTo(window, panel.rect().topLeft()), panel.height()
    window.chart_panel.chart.select_tooth("3")  # a molar: D3346 is for anterior teeth
    QApplication.processEvents()
    assert window.banner.isVisible() and "D3346" in window.banner.text()
    assert (panel.mapTo(window, panel.rect().topLeft()), panel.height()) == before
    banner_top = window.banner.mapTo(window, window.banner.rect().topLeft()).y()
    detail_top = window.detail.mapTo(window, window.detail.rect().topLeft()).y()
    assert panel.mapTo(window, panel.rect().bottomLeft()).y() < banner_top < detail_top


@pytest.mark.parametrize(
    ("tooth", "warned"),
    [("3", True), ("8", False)],  # a molar misfits D3346 (anterior retreatment); #8 fits it
)
def test_a_code_opened_before_the_tooth_is_checked_against_the_tooth_chosen_after(
    window: MainWindow, tooth: str, warned: bool
) -> None:
    """The chairside walkthrough: Ctrl+K, 3346, Enter, then molar #3: no banner, while #3
    first and then D3346 warned."""
    window.open_code("D3346")
    assert window.banner.text() == ""  # no tooth yet
    window.chart_panel.chart.select_tooth(tooth)
    assert bool(window.banner.text()) is warned, window.banner.text()
    if warned:
        assert "D3346" in window.banner.text()
        window.chart_panel.chart.select_tooth("8")  # the dentist picks the right tooth
        assert window.banner.text() == ""


def test_export_without_a_case_explains_instead_of_failing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_info", lambda parent, title, text: shown.append(title))
    window.menu_actions["exportAppealAction"].trigger()  # Ctrl+Shift+E with nothing open
    assert shown == ["No case open"]


@pytest.mark.parametrize(
    "action",
    ["editCaseAction", "radiographsAction", "voidCaseAction", "exportAppealAction",
     "priorAuthAction"],
)  # fmt: skip
def test_a_case_menu_item_with_no_case_open_says_where_cases_are_opened(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    """Walkthrough: File > Edit case... with no case open said "Open or create a case first."
    and not where; the greyed buttons' tip says where (the Cases tab, Alt+A)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "show_info", lambda parent, title, text: shown.append((title, text))
    )
    window.menu_actions[action].trigger()
    assert [title for title, _text in shown] == ["No case open"]
    assert "the Cases tab (Alt+A)" in shown[0][1]


def test_the_case_buttons_are_greyed_until_a_case_is_open_and_say_how_to_open_one(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the start of the day nothing is open: Edit case, Radiographs and Export looked
    ready and answered a click with a message box (walkthrough). Greyed, with the tip saying
    where cases open; usable once one is, greyed again after Close case / Next patient."""
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (_store, win):
        qtbot.addWidget(win)
        buttons = (win.edit_button, win.radiographs_button, win.export_button)
        assert [b.isEnabled() for b in buttons] == [False] * 3
        assert all("the Cases tab (Alt+A)" in b.toolTip() for b in buttons)
        _molar_19_necrotic(win)
        assert win.new_case() is not None
        assert [b.isEnabled() for b in buttons] == [True] * 3
        assert not any("Cases tab" in b.toolTip() for b in buttons)
        win._store_online(False)  # the shared store went away: nothing offers to save
        assert [b.isEnabled() for b in buttons] == [False] * 3
        assert all("The case store is offline" in b.toolTip() for b in buttons)
        win._store_online(True)
        assert [b.isEnabled() for b in buttons] == [True] * 3
        win.close_case()
        assert [b.isEnabled() for b in buttons] == [False] * 3
        win.close()


def test_geometry_and_splitters_are_remembered(qtbot: QtBot, settings: Settings) -> None:
    first = MainWindow(FakeLibrary(), None, settings)
    qtbot.addWidget(first)
    first.resize(780, 700)  # inside the offscreen screen (800x800): restoreGeometry clamps to it
    first.show()
    first.main_splitter.setSizes([250, 210, 310])
    sizes = first.main_splitter.sizes()
    first.close()
    reopened = Settings.from_file(Path(settings.file_name()))
    second = MainWindow(FakeLibrary(), None, reopened)
    qtbot.addWidget(second)
    second.show()
    assert second.main_splitter.sizes() == sizes
    assert second.size() == first.size()


def test_every_focusable_widget_has_an_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import QComboBox

    unnamed = [
        f"{type(w).__name__}({w.objectName()}) in {type(w.parent()).__name__}"
        for w in window.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(window)
        and not w.accessibleName()
        and not isinstance(w.parent(), QComboBox)  # an editable combo's own line edit
    ]
    assert unnamed == []


def test_interactive_targets_are_at_least_32_px(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    small = [
        f"{type(w).__name__}({w.objectName()}) {w.height()}px"
        for w in window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QComboBox)
        and w.isVisibleTo(window)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(w.parent(), QComboBox)  # the combo (>= 32 px) is the target
        and w.height() < 32
    ]
    assert small == []


def _service(store: Any) -> CaseService:
    return CaseService(store, FakeLibrary())


def _save_as_shown(forms: list[Case]) -> Any:
    """A case form whose user types a patient name and presses Save."""

    def edit_case(parent, service, *, case, operator_source, case_id=None, version=None, **kw):
        forms.append(case)
        named = replace(case, patient=Patient(name=case.patient.name or "Ann"))
        if case_id is None:
            return service.create(named, operator=operator_source(), incomplete=True)
        service.edit(case_id, named, operator=operator_source(), incomplete=True)
        return case_id

    return edit_case


def _molar_19_necrotic(win: MainWindow) -> None:
    panel = win.chart_panel
    panel.chart.select_tooth("19")
    panel.findings.box("rootDevelopment").setCurrentIndex(1)  # complete
    panel.findings.box("pulpStatus").setCurrentIndex(
        panel.findings.box("pulpStatus").findData("necrosis")
    )
    assert panel.selection().recommended.code == "D3330"


def test_new_case_is_prefilled_from_the_chart_recommendation_not_the_shown_code(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 item 1: D3310 read in the detail, D3330 recommended: the form says D3330."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    forms: list[Case] = []
    monkeypatch.setattr(case_controller, "edit_case", _save_as_shown(forms))
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        shown: list[str] = []
        monkeypatch.setattr(msgbox, "show_info", lambda p, title, text: shown.append(title))
        _molar_19_necrotic(win)
        win.open_code("D3310")  # read in search: not the chart's answer
        assert win.new_case() is None  # no operator yet: explained, nothing created
        assert shown == ["Operator needed"]
        assert forms == []
        win.operator_picker.set_operator("AB")
        case_id = win.new_case()
        assert case_id is not None
        assert forms[0].procedure.code == "D3330"
        assert (forms[0].procedure.tooth, forms[0].findings.pulp) == ("19", "necrosis")
        assert forms[0].claim.date_of_service == date.today().isoformat()  # treated today
        assert store.get_case(case_id).case.procedure.code == "D3330"
        assert win.current_case_id() == case_id
        assert win.checklist_panel.code() == "D3330"
        win.close()


def test_without_a_recommendation_the_form_has_no_code_and_says_what_is_missing(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    hints: list[str] = []

    def form(parent, service, *, case, hint="", **kw):
        hints.append(f"{case.procedure.code}|{hint}")
        return None

    monkeypatch.setattr(case_controller, "edit_case", form)
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        win.operator_picker.set_operator("AB")
        win.open_code("D3330")
        win.new_case()
        win.chart_panel.chart.select_tooth("19")
        win.new_case()
        assert hints[0] == (  # what to do to code what the checklist shows
            "|No tooth is chosen in the chart, so no code is filled in. "
            "For D3330, the checklist's code, type it and its tooth under Procedure."
        )
        assert hints[1].startswith("|The chart recommends no code yet: ")
        assert "pulp" in hints[1].casefold()
        win.close()


def test_cancelled_case_form_creates_nothing(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    monkeypatch.setattr(case_controller, "edit_case", lambda *a, **k: None)
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        win.operator_picker.set_operator("AB")
        assert win.new_case() is None
        assert store.list_cases() == []
        assert win.current_case_id() is None
        win.close()


def test_edit_case_saves_claim_details_and_remembers_the_provider(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.model import Claim, Provider

    def fill_in(parent, service, *, case, operator_source, case_id=None, version=None, **kw):
        edited = replace(
            case,
            patient=Patient(name="Ann"),
            claim=Claim(number="CLM-7", denial_reason="No post-op radiograph"),
            provider=Provider(name="Dr Zoë Ñúñez", npi="1234567893", practice="Maple Dental"),
        )
        if case_id is None:
            return service.create(edited, operator=operator_source())
        service.edit(case_id, edited, operator=operator_source())
        return case_id

    monkeypatch.setattr(case_controller, "edit_case", fill_in)
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        shown: list[str] = []
        monkeypatch.setattr(msgbox, "show_info", lambda p, title, text: shown.append(title))
        assert win.edit_case() is None  # nothing open yet
        assert shown == ["No case open"]
        win.operator_picker.set_operator("AB")
        _molar_19_necrotic(win)
        case_id = win.new_case()
        assert case_id is not None
        assert win.edit_case() == case_id
        saved = store.get_case(case_id).case
        assert (saved.claim.number, saved.claim.denial_reason) == ("CLM-7", "No post-op radiograph")
        # the next new case starts with the practice and provider of the last one
        prefilled, _hint = win.controller.prefilled_case()
        assert prefilled.provider.name == "Dr Zoë Ñúñez"
        assert prefilled.provider.npi == "1234567893"
        win.close()


def test_primary_tooth_without_successor_is_saved_and_restored_with_the_case(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (store, win):
        qtbot.addWidget(win)
        panel = win.chart_panel
        panel.chart.select_tooth("K")
        box = panel.successor_box
        box.setCurrentIndex(box.findData("no"))
        case_id = win.new_case()
        assert case_id is not None
        assert store.get_case(case_id).case.findings.successor == "no"
        box.setCurrentIndex(box.findData(None))
        win.open_case(case_id)
        assert box.currentData() == "no"
        assert panel.current_findings().has_successor is False
        win.close()


def test_the_open_case_is_named_above_the_checklist(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    monkeypatch.setattr(
        case_controller,
        "edit_case",
        lambda parent, service, *, case, operator_source, **kw: service.create(
            replace(case, patient=Patient(name="<b>Nguyễn</b> Văn An")), operator=operator_source()
        ),
    )
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        assert win.case_label.text().startswith("No case open")
        win.operator_picker.set_operator("AB")
        _molar_19_necrotic(win)
        case_id = win.new_case()
        heading = win.case_label.text()
        assert heading.startswith(f"Case {case_id} · <b>Nguyễn</b> Văn An · #19 D3330 · DOS ")
        assert win.case_label.textFormat() == Qt.TextFormat.PlainText
        win.close()


def test_reading_another_code_keeps_the_checklist_on_the_open_case_code(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (store, win):
        qtbot.addWidget(win)
        _molar_19_necrotic(win)
        case_id = win.new_case()
        assert win.checklist_panel.code() == "D3330"
        win.open_code("D3310")  # read from search: the case stays D3330
        assert win.detail.current_code() == "D3310"
        assert win.checklist_panel.code() == "D3330"
        assert "stays on the open case's D3330" in win.statusBar().currentMessage()
        monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)  # D3310 is excluded
        win.choose_code("D3310")  # picked as the case's code: now the checklist follows
        assert store.get_case(case_id).case.procedure.code == "D3310"
        assert win.checklist_panel.code() == "D3310"
        win.close()


@contextmanager
def _window_saving_forms_as_shown(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, MainWindow]]:
    """A window on a real case store whose case form saves what it is given (user types a
    name and presses Save), with operator AB chosen."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    monkeypatch.setattr(case_controller, "edit_case", _save_as_shown([]))
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        win.operator_picker.set_operator("AB")
        yield store, win


def test_opening_a_case_is_audited_as_a_view(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15 item 9, RELIABILITY req. 14: views are audited (who opened which case, when)."""
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (store, win):
        qtbot.addWidget(win)
        case_id = store.create_case(Case(), operator="AB")
        win.open_case(case_id)
        views = [a for a in store.audit(case_id) if a.action == "view"]
        assert len(views) == 1 and views[0].operator == "AB" and views[0].detail == ""
        win.close()


def test_after_the_operator_notice_closes_the_typed_initials_are_taken(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Create case with no initials: the notice (a modal dialog) is closed, the cursor waits in
    the Operator box, and the initials typed there count once the user tabs on. Where nothing
    gave the window back its activation after the dialog (no window manager), the keys reached
    the box but leaving it never committed them, so the next Create case asked again."""
    from PySide6.QtWidgets import QDialog

    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    def notice(parent: QWidget | None, title: str, text: str) -> None:  # the user reads, closes
        dialog = QDialog(parent)
        dialog.setModal(True)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        dialog.close()

    monkeypatch.setattr(msgbox, "show_info", notice)
    monkeypatch.setattr(case_controller, "edit_case", _save_as_shown([]))
    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        _show_active(qtbot, win)
        _molar_19_necrotic(win)
        assert win.new_case() is None  # no operator: the notice, then the cursor in the box
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        box = QApplication.focusWidget()
        assert box is not None and box.objectName() == "operatorCombo"
        qtbot.keyClicks(box, "ab")
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        assert win.operator_picker.operator() == "AB"
        assert win.new_case() is not None
        win.close()


def test_after_edit_case_the_keyboard_goes_back_where_it_was(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keyboard walkthrough: after Edit case > Save the keyboard was in the code search, so the
    next keys typed searched codes. It goes back to the widget it left (here the Radiographs
    button), else to Edit case."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with CaseStore.open(tmp_path / "data") as store:
        win = MainWindow(FakeLibrary(), store, settings, cases=_service(store))
        qtbot.addWidget(win)
        _show_active(qtbot, win)
        case_id = win.cases.create(
            Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        win.open_case(case_id)

        def stray_form(*_a, **_k):  # type: ignore[no-untyped-def]
            win.search.box.setFocus()  # where the keyboard landed as the form closed
            return case_id

        monkeypatch.setattr(win.controller, "edit_case", stray_form)
        win.radiographs_button.setFocus()
        qtbot.waitUntil(win.radiographs_button.hasFocus)
        win.edit_case()
        assert QApplication.focusWidget() is win.radiographs_button


@pytest.mark.parametrize(
    ("situation", "pulp", "advice"),
    [
        ("the dentist corrects the pulp, the code still fits", "irreversible-pulpitis",
         "choose D3330 in the candidates (double-click or Enter) to save them."),
        ("the tooth turns out to be previously treated: D3330 is excluded", "previously-treated",
         "and they exclude D3330: choose D3348 (recommended) to re-code the case and save them,"
         " or set the answers back."),
    ],
)  # fmt: skip
def test_the_advice_after_new_chart_answers_names_a_code_that_fits_them(
    qtbot: QtBot,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    situation: str,
    pulp: str,
    advice: str,
) -> None:
    """Chairside walkthrough: after the pulp became "previously treated" the status bar still
    said to choose D3330 again, which the new answers exclude."""
    with _window_saving_forms_as_shown(tmp_path, settings, monkeypatch) as (_store, win):
        qtbot.addWidget(win)
        _molar_19_necrotic(win)
        assert win.new_case() is not None
        box = win.chart_panel.findings.box("pulpStatus")
        box.setCurrentIndex(box.findData(pulp))
        message = win.statusBar().currentMessage()
        assert message.startswith("The chart's answers for #19 are not on case 1 yet"), message
        assert message.endswith(advice), message
        win.close()
