"""The case form at the chair (issue 14, items 4, 5 and 11): what it takes to save a case, what a
risky code costs, what Enter, Escape and the wheel do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.common import msgbox
from tests.helpers.qt_events import wheel_down

MOLAR_NECROSIS = Case(
    patient=Patient(name="Ann Lee"),
    procedure=Procedure(code="D3330", tooth="19"),
    findings=CaseFindings(root="complete", pulp="necrosis"),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


def _form(qtbot, store, library, case: Case, **kwargs) -> CaseForm:  # type: ignore[no-untyped-def]
    form = CaseForm(CaseService(store, library), case=case, operator_source=lambda: "AB", **kwargs)
    qtbot.addWidget(form)
    return form


def _answers(monkeypatch: pytest.MonkeyPatch, *answers: bool) -> list[str]:
    asked: list[str] = []
    replies = list(answers)

    def ask(parent, title, text, default=False):  # type: ignore[no-untyped-def]
        asked.append(f"{title}\n{text}")
        return replies.pop(0)

    monkeypatch.setattr(msgbox, "ask_yes_no", ask)
    return asked


def test_a_case_needs_a_patient_name_and_a_code(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, Case(procedure=Procedure(tooth="19")))
    form.accept()
    assert form.error_text("patient", "name") == "⚠ Is required"
    assert form.error_text("procedure", "code").startswith("⚠ Is required")
    assert store.count_cases() == 0


def test_an_incomplete_draft_is_kept_only_on_purpose_and_marked(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, Case(procedure=Procedure(tooth="19")))
    qtbot.mouseClick(form.findChild(QWidget, "caseFormDraft"), Qt.MouseButton.LeftButton)
    assert form.saved_case_id is not None
    audit = store.audit(form.saved_case_id)
    assert [e.action for e in audit] == ["incomplete", "create"]
    assert audit[0].detail == "missing: patient.name, procedure.code"
    from cdt_desktop.ui.cases.list_model import INCOMPLETE, CaseListModel

    model = CaseListModel()
    model.set_rows(store.list_cases())
    assert model.index(0, 4).data() == INCOMPLETE


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("D3222", "D3222 is excluded for this tooth"),  # apexogenesis on a necrotic molar
        ("D3354", "D3354 is a deleted CDT code"),
        ("D3998", "is not a code in this library"),  # well formed, not in the library
    ],
)
def test_a_risky_code_is_saved_only_after_a_confirmation_naming_why(
    qtbot, store, library, monkeypatch, code: str, reason: str
) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.editor("procedure", "code").setText(code)  # type: ignore[union-attr]
    asked = _answers(monkeypatch, False)
    form.accept()
    assert reason in asked[0]
    assert store.count_cases() == 0 and form.saved_case_id is None
    assert reason in form.error_text("procedure", "code")

    asked = _answers(monkeypatch, True)
    form.accept()
    assert form.saved_case_id is not None
    audit = store.audit(form.saved_case_id)
    assert (audit[0].action, audit[0].detail.split()[0]) == ("confirm-code", code)


def test_the_question_and_the_field_name_a_palmer_tooth_as_the_form_writes_it(
    qtbot, store, library, monkeypatch
) -> None:
    """Chairside walkthrough: a case written in Palmer (LL6) was questioned about "#19"."""
    palmer = Case(
        patient=Patient(name="Ann Lee"),
        procedure=Procedure(code="D3346", tooth="LL6", notation="palmer"),
        findings=CaseFindings(root="complete", pulp="previously-treated"),
    )
    form = _form(qtbot, store, library, palmer)
    asked = _answers(monkeypatch, False)
    form.accept()
    assert "tooth LL6 is a permanent molar" in asked[0] and "#19" not in asked[0], asked[0]
    shown = form.error_text("procedure", "code")
    assert "tooth LL6" in shown and "#19" not in shown, shown


def test_the_recommended_code_needs_no_confirmation(qtbot, store, library, monkeypatch) -> None:
    asked = _answers(monkeypatch)
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.accept()
    assert asked == [] and form.saved_case_id is not None


def test_enter_moves_to_the_next_field_and_never_saves(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    name = form.editor("patient", "name")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert form.focusWidget() is form.editor("patient", "date_of_birth")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Enter)
    assert form.focusWidget() is form.editor("patient", "chart_number")
    assert store.count_cases() == 0 and form.isVisible()


def test_two_enters_on_the_save_button_save_one_case(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    save = form.findChild(QWidget, "caseFormSave")
    save.setFocus()
    qtbot.keyClick(save, Qt.Key.Key_Return)
    form.accept()  # the stray second press
    assert store.count_cases() == 1


def test_escape_asks_before_discarding_edits(qtbot, store, library, monkeypatch) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    asked = _answers(monkeypatch, False)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed yet: closes without a question
    assert asked == [] and not form.isVisible()
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    form.editor("claim", "number").setText("CL-9")  # type: ignore[union-attr]
    asked = _answers(monkeypatch, False)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(asked) == 1 and form.isVisible()  # "No": the edits stay


def test_notation_choices_are_written_as_in_the_window(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    box = form.editor("procedure", "notation")
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == ["Universal", "FDI", "Palmer"]


def test_the_wheel_scrolls_past_a_drop_down_without_changing_it(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    box = form.editor("procedure", "notation")
    assert isinstance(box, QComboBox) and not box.hasFocus()
    wheel_down(box)
    assert box.currentData() == "universal"
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    wheel_down(box)  # a focused box still takes the wheel
    assert box.currentData() == "fdi"


def test_type_ahead_cycles_through_items_with_the_same_letter(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    box = form.editor("findings", "visit")
    assert isinstance(box, QComboBox)
    box.addItem("Interim again", "x")  # two items start with I after "Initial"
    seen = []
    for _ in range(3):
        qtbot.keyClicks(box, "i")
        seen.append(box.currentText())
    assert seen == ["Initial", "Interim", "Interim again"]


def test_a_line_edit_shows_plain_text(qtbot, store, library) -> None:
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    assert isinstance(form.editor("patient", "name"), QLineEdit)


def test_a_new_case_form_opens_with_the_keyboard_in_the_patient_s_name(
    qtbot, store, library
) -> None:
    """Tour7, keyboard only: Ctrl+N, then typing "Ana Souza" went nowhere (the keyboard was on
    the form's scroll area); a Tab was needed first. The assistant types the name at once."""
    form = _form(qtbot, store, library, Case(procedure=Procedure(code="D3330", tooth="30")))
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.focusWidget() is not None)
    assert form.focusWidget() is form.editor("patient", "name"), form.focusWidget()


@pytest.mark.parametrize(
    ("field", "keys"),
    [
        (("patient", "name"), "Ctrl+S"),
        (("patient", "name"), "Ctrl+Return"),
        (("payer", "address"), "Ctrl+Return"),  # a box where plain Enter starts a new line
        (("payer", "address"), "Ctrl+S"),
    ],
)
def test_ctrl_s_or_ctrl_enter_saves_from_any_field(
    qtbot, store, library, field: tuple[str, str], keys: str
) -> None:
    """The front desk types a denial letter's fields and saves without tabbing through some
    thirty fields to the Save button (Enter only moves to the next field)."""
    from PySide6.QtGui import QKeySequence

    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    editor = form.editor(*field)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    combo = QKeySequence(keys)[0]
    qtbot.keyClick(editor, combo.key(), combo.keyboardModifiers())
    assert form.saved_case_id is not None and store.count_cases() == 1
    assert not form.isVisible()


def test_save_shows_when_the_keyboard_is_on_it(qtbot, store, library) -> None:
    """Shift+Tab from the name reaches the buttons; on Save the focus frame must show. The
    button box made Save the default button as the form was shown, and Fusion draws the
    default button with the same frame as a focused one, so Save looked the same either way."""
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    save = form.findChild(QWidget, "caseFormSave")
    name = form.editor("patient", "name")
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    unfocused = save.grab().toImage()
    for _ in range(6):  # Cancel, Keep as incomplete draft, Save: from the end of the Tab ring
        if save.hasFocus():
            break
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert save.hasFocus()
    assert save.grab().toImage() != unfocused


def test_enter_through_the_form_keeps_the_field_it_reaches_on_screen(qtbot, store, library) -> None:  # type: ignore[no-untyped-def]
    """Billing walkthrough (keyboard only): Enter after Billed amount moved on to fields below
    the visible part of the form, which did not scroll; the NPI was typed out of sight."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea

    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.resize(760, 560)  # the form on a 1366x768 screen
    form.show()
    qtbot.waitExposed(form)
    scroll = form.findChild(QScrollArea)
    viewport = scroll.viewport()
    name = form.editor("patient", "name")
    name.setFocus()
    unseen = 0
    reached = 0
    for _ in range(40):
        focused = form.focusWidget()
        if isinstance(focused, QPlainTextEdit):  # Enter is a new line there: Tab leaves it
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
            QApplication.processEvents()
            scroll.verticalScrollBar().setValue(0)  # Tab scrolled by itself: Enter must too
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
        QApplication.processEvents()
        field = form.focusWidget()
        if not isinstance(field, QWidget) or not scroll.widget().isAncestorOf(field):
            break
        top_left = field.mapTo(viewport, QPoint(0, 0))
        shown = QRect(top_left, field.size()).intersects(viewport.rect())
        unseen += not shown
        reached += 1
    assert reached > 15 and unseen == 0


def test_the_chairs_groups_come_before_the_billing_groups(qtbot, store, library) -> None:
    """Chairside walkthrough: the code and tooth sat under Subscriber, Payer, Claim and Provider,
    about 18 wheel clicks down, for the assistant who checks them on every case."""
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)

    def top(section: str, key: str) -> int:
        editor = form.editor(section, key)
        assert editor is not None
        return editor.mapTo(form, editor.rect().topLeft()).y()

    assert top("patient", "name") < top("procedure", "code") < top("findings", "pulp")
    assert top("findings", "pulp") < top("subscriber", "name") < top("claim", "number")


def test_the_successor_question_is_greyed_for_a_permanent_tooth_as_in_the_chart(
    qtbot, store, library
) -> None:
    """Chairside walkthrough: the form offered "Permanent successor" for #30, which the chart
    greys for a permanent tooth."""
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    successor = form.editor("findings", "successor")
    tooth = form.editor("procedure", "tooth")
    assert isinstance(successor, QComboBox) and isinstance(tooth, QLineEdit)
    assert not successor.isEnabled()  # #19
    tooth.setText("K")
    assert successor.isEnabled()
    notation = form.editor("procedure", "notation")
    assert isinstance(notation, QComboBox)
    tooth.setText("75")  # FDI 75 is #K, Universal 75 a supernumerary tooth
    notation.setCurrentIndex(notation.findData("fdi"))
    assert successor.isEnabled()
    notation.setCurrentIndex(notation.findData("universal"))
    assert not successor.isEnabled()


def test_a_focused_multi_line_field_shows_a_frame_in_the_highlight_colour(
    qtbot, store, library
) -> None:
    """Keyboard walkthrough: Fusion drew a focused notes or address box as an unfocused one;
    Tab into it showed nothing but the caret."""
    form = _form(qtbot, store, library, MOLAR_NECROSIS)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    notes = form.editor("findings", "notes")
    name = form.editor("patient", "name")
    assert notes is not None and name is not None

    def left_edge() -> str:
        image = notes.grab().toImage()
        return image.pixelColor(0, image.height() // 2).name()

    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    unfocused = left_edge()
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    highlight = notes.palette().color(notes.palette().ColorRole.Highlight).name()
    assert left_edge() == highlight != unfocused
