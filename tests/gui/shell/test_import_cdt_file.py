"""File > Import licensed CDT file...: the office manager's yearly CDT change in the window.

The whole path is driven on the real window: the menu action opens the dialog, the file is
chosen, the preview is read, Import saves, and then the code detail shows the practice's
descriptor and the Cases list marks the open case whose code the new edition revised. The
descriptors here are made-up practice text, never ADA text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.services.codeset_import import CodeSetImport
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell.codeset_dialog import CodeSetDialog

CODE_COLUMN = 3
HEADER = "Code\tNomenclature\tDescriptor\n"


def _file(folder: Path, name: str, *rows: str, header: str = HEADER) -> Path:
    path = folder / name
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def _window(qtbot: QtBot, data_dir: Path, operator: str = "OM"):  # -> MainWindow
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    if operator:
        window.operator_picker.set_operator(operator)  # the import's audit row names who
    return window


@pytest.fixture
def target(tmp_path: Path) -> Iterator[CodeSetImport]:
    """The import on this PC's own case store (where its audit row goes), by "OM"."""
    from cdt_desktop.db.cases import open_repository

    data = tmp_path / "data"
    with open_repository(None, data_dir=data) as store:
        yield CodeSetImport(data, store, operator="OM")


def _in_dialog(qtbot: QtBot, steps: Callable[[CodeSetDialog], None]) -> list[str]:
    """Run ``steps`` on the modal dialog once it is open, then close it; returns its text."""
    seen: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CodeSetDialog):
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
        seen.append(dialog.preview_text.toPlainText())
        dialog.reject()

    QTimer.singleShot(0, drive)
    return seen


def _choose_and_import(path: Path) -> Callable[[CodeSetDialog], None]:
    def steps(dialog: CodeSetDialog) -> None:
        dialog.file_field.setText(str(path))
        dialog.file_field.editingFinished.emit()
        assert dialog.edition_field.text() == path.stem[-4:]  # the year in the file's name
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()

    return steps


def test_office_manager_imports_the_licensed_file_and_the_code_detail_shows_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    source = _file(
        tmp_path, "CDT2026.txt", "D3330\tMolar RCT (practice)\tPractice text for molars."
    )
    window = _window(qtbot, tmp_path / "data")
    window.detail.show_code("D3330")
    assert "Practice text for molars." not in window.detail.toPlainText()

    seen = _in_dialog(qtbot, _choose_and_import(source))
    window.menu_actions["importCdtAction"].trigger()

    assert "1 code accepted, 0 rows rejected" in seen[0]
    assert seen[0].startswith("Saved as the CDT 2026 code set (1 code).")
    assert "Nothing is saved" not in seen[0]
    assert "Practice text for molars." in window.detail.toPlainText()
    assert "CDT 2026 code set imported" in window.statusBar().currentMessage()


def test_next_years_file_marks_the_open_case_whose_code_it_revised(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    data = tmp_path / "data"
    first = _file(tmp_path, "CDT2026.txt", "D3330\tMolar RCT\tOld practice text.")
    nxt = _file(tmp_path, "CDT2027.txt", "D3330\tMolar RCT\tNew practice text.")
    with CaseStore.open(data) as store:
        store.create_case(
            Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
    window = _window(qtbot, data)
    window.case_list.refresh()
    model = window.case_list.model()
    assert model.data(model.index(0, CODE_COLUMN)) == "D3330"
    _in_dialog(qtbot, _choose_and_import(first))
    window.menu_actions["importCdtAction"].trigger()

    seen = _in_dialog(qtbot, _choose_and_import(nxt))
    window.menu_actions["importCdtAction"].trigger()

    assert "CDT 2027 against CDT 2026:" in seen[0]
    assert "D3330 (descriptor)" in seen[0]
    # the open case, as import-cdt lists it (the dialog never did: new-office walkthrough)
    assert "Open cases whose code changed:" in seen[0] and "case 1 (Ana): D3330" in seen[0], seen[0]
    assert model.data(model.index(0, CODE_COLUMN)) == "D3330 (revised)"


def test_rejected_rows_are_listed_with_their_reason_before_anything_is_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    source = _file(
        tmp_path, "codes.csv", "D3330,Molar", "D33X0,Typo", "D3354,Old", header="Code,Name\n"
    )
    data = tmp_path / "data"
    dialog = CodeSetDialog(data)
    qtbot.addWidget(dialog)
    dialog.set_file(source)
    assert dialog.edition_field.text() == ""  # no year in the name: the user types it
    assert not dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.edition_field, "2026")

    text = dialog.preview_text.toPlainText()
    assert "1 code accepted, 2 rows rejected" in text
    assert "Rejected row 3: 'D33X0' is not a CDT code" in text
    assert "Rejected row 4: D3354 is a deleted code" in text
    assert "Nothing is saved until you choose Import." in text
    assert dialog.import_button.isEnabled()
    assert not (data / "codesets.sqlite").exists()


def test_a_file_without_a_code_column_says_so_in_the_window_words(
    qtbot: QtBot, tmp_path: Path
) -> None:
    source = _file(tmp_path, "CDT2026.txt", "D3330\tMolar", header="Number\tName\n")
    dialog = CodeSetDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.set_file(source)

    text = dialog.preview_text.toPlainText()
    assert text.startswith("This file cannot be imported: no code column found")
    assert "(a column headed Code)" in text and "--column" not in text
    assert not dialog.import_button.isEnabled()
    assert not (tmp_path / "data").exists()


def test_import_saves_what_the_preview_showed_even_if_the_file_changed_since(
    qtbot: QtBot, tmp_path: Path, target: CodeSetImport
) -> None:
    """A sync client replaced the file between the preview and Import: what the manager read
    and approved is what is saved (it re-read the file and saved unseen content)."""
    from cdt_desktop.db.codesets import CodeSetStore

    source = _file(tmp_path, "CDT2026.txt", "D3330\tMolar\tText.", "D3310\tAnterior\tText.")
    data = tmp_path / "data"
    dialog = CodeSetDialog(target)
    qtbot.addWidget(dialog)
    dialog.set_file(source)
    _file(tmp_path, "CDT2026.txt", "D3310\tAnterior\tOther text.")  # replaced, one code fewer

    dialog.import_button.click()

    assert dialog.imported == "2026"
    with CodeSetStore(data) as saved:
        assert sorted(saved.codes("2026")) == ["D3310", "D3330"]
    assert dialog.preview_text.toPlainText().startswith("Saved as the CDT 2026 code set (2 codes)")


def test_enter_in_a_field_does_not_open_the_file_chooser(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    dialog = CodeSetDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    assert not any(
        b.autoDefault()
        for b in dialog.findChildren(QPushButton)
        if b.text() in ("&Choose…", "&Import")
    )


def test_an_assistant_may_not_import_the_cdt_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:
    from cdt_desktop.app import build_main_window
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.pins import ScryptParams
    from cdt_desktop.domain.session import Role
    from cdt_desktop.services.auth import AuthService

    data = tmp_path / "data"
    with CaseStore.open(data) as store:
        auth = AuthService(store, params=ScryptParams(n=2**10))
        auth.create_first_admin("Ana Ortiz", "135790")
        auth.add_user("Maria Ruiz", Role.ASSISTANT, "246801")
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _parent, _title, text: shown.append(text))
    window = build_main_window(data_dir=data, user="Maria Ruiz")
    qtbot.addWidget(window)
    opened: list[object] = []
    monkeypatch.setattr(CodeSetDialog, "exec", lambda dialog: opened.append(dialog) or 0)

    window.menu_actions["importCdtAction"].trigger()

    assert len(shown) == 1 and "admin" in shown[0]
    assert opened == []  # refused before the dialog opens
    assert not (data / "codesets.sqlite").exists()


def test_leaving_the_file_field_after_the_import_keeps_the_result(
    qtbot: QtBot, tmp_path: Path, target: CodeSetImport
) -> None:
    source = _file(tmp_path, "CDT2026.txt", "D3330\tMolar\tText.")
    dialog = CodeSetDialog(target)
    qtbot.addWidget(dialog)
    dialog.set_file(source)
    dialog.import_button.click()

    dialog.file_field.editingFinished.emit()  # the focus left the field (Tab, or a click)

    assert dialog.preview_text.toPlainText().startswith("Saved as the CDT 2026 code set")
    assert not dialog.import_button.isEnabled()


def test_an_import_nobody_would_be_recorded_for_is_refused_before_the_dialog_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sign-in off and no initials in the Operator box: the audit trail could not say who
    imported, so the window asks for the initials first (a one-PC import went unrecorded)."""
    data = tmp_path / "data"
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _parent, _title, text: shown.append(text))
    opened: list[object] = []
    monkeypatch.setattr(CodeSetDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window = _window(qtbot, data, operator="")

    window.menu_actions["importCdtAction"].trigger()

    assert len(shown) == 1 and shown[0].startswith("Enter your initials in the Operator box")
    assert opened == []
    window.operator_picker.set_operator("OM")
    window.menu_actions["importCdtAction"].trigger()
    assert len(opened) == 1 and len(shown) == 1


def _import_answered_no(monkeypatch: pytest.MonkeyPatch, dialog: CodeSetDialog) -> list[str]:
    """Import pressed, and No to the question it asks: the titles of the questions asked."""
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, _t, **_k: asked.append(title) or False
    )
    dialog.import_button.click()
    return asked


def _second_import(qtbot: QtBot, target: CodeSetImport, first: Path, then: Path) -> CodeSetDialog:
    """``first`` imported (CDT 2026), then a second dialog with ``then`` chosen, not imported."""
    dialog = CodeSetDialog(target)
    qtbot.addWidget(dialog)
    dialog.set_file(first)
    dialog.import_button.click()
    assert dialog.imported == "2026"
    second = CodeSetDialog(target)
    qtbot.addWidget(second)
    second.set_file(then)
    return second


def test_a_second_file_for_a_year_already_imported_asks_before_it_takes_codes_away(
    qtbot: QtBot, tmp_path: Path, target: CodeSetImport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New-office walkthrough: a one-column file chosen for 2026 after the full CDT 2026 file
    said "first imported edition, nothing to compare with", and Import replaced CDT 2026: two
    codes and every descriptor gone without a word."""
    from cdt_desktop.db.codesets import CodeSetStore

    full = _file(tmp_path, "CDT2026.txt", "D3330\tMolar\tText.", "D3310\tAnterior\tText.",
                 "D0220\tFilm\tText.")  # fmt: skip
    thin = _file(tmp_path, "CDT2026-onecol.txt", "D3330", header="Code\n")
    second = _second_import(qtbot, target, full, thin)
    text = second.preview_text.toPlainText()
    assert "CDT 2026 is already imported (3 codes, from CDT2026.txt)" in text, text
    assert "2 codes of it not in this file: D0220, D3310." in text
    assert "1 code would lose the descriptor: D3330." in text
    # office walkthrough: under "already imported", "first imported edition" contradicted it
    assert "first imported edition" not in text
    assert "CDT 2026: no earlier edition imported, nothing to compare with." in text
    asked = _import_answered_no(monkeypatch, second)
    assert asked == ["Replace CDT 2026?"] and second.imported is None
    with CodeSetStore(target.data_dir) as saved:
        assert sorted(saved.codes("2026")) == ["D0220", "D3310", "D3330"]  # as it was
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)
    second.import_button.click()
    assert second.imported == "2026"
    with CodeSetStore(target.data_dir) as saved:
        assert sorted(saved.codes("2026")) == ["D3330"]  # replaced, as the manager chose


def test_the_year_follows_each_file_chosen_unless_one_was_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """New-office walkthrough: choosing CDT2028-test.txt after CDT2026-dups.csv left the year
    at 2026, and Import would have saved the 2028 file as CDT 2026."""
    first = _file(tmp_path, "CDT2026-dups.txt", "D3330\tMolar\tText.")
    later = _file(tmp_path, "CDT2028-test.txt", "D3330\tMolar\tText.")
    plain = _file(tmp_path, "codes.txt", "D3330\tMolar\tText.")
    dialog = CodeSetDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.set_file(first)
    assert dialog.edition_field.text() == "2026"
    dialog.set_file(later)
    assert dialog.edition_field.text() == "2028"
    dialog.set_file(plain)  # no year in its name: the guess goes, the manager types one
    assert dialog.edition_field.text() == ""
    dialog.edition_field.setText("2027")
    dialog.set_file(later)  # a typed year stays
    assert dialog.edition_field.text() == "2027"


def test_enter_after_typing_the_file_reads_it_and_keeps_the_dialog_open(
    qtbot: QtBot, tmp_path: Path, target: CodeSetImport
) -> None:
    """Walked on the real window: a path typed and Enter closed the dialog (Close was its
    default button), so the office manager never saw the preview."""
    from PySide6.QtCore import Qt

    source = _file(tmp_path, "CDT2026.txt", "D3330\tMolar\tText.")
    dialog = CodeSetDialog(target)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.file_field.setFocus()
    qtbot.keyClicks(dialog.file_field, str(source))
    qtbot.keyClick(dialog.file_field, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "1 code accepted" in dialog.preview_text.toPlainText()
    qtbot.keyClick(dialog.edition_field, Qt.Key.Key_Return)  # the year's field too
    assert dialog.isVisible()
    dialog.import_button.click()
    assert dialog.imported == "2026"
    # the next file typed after an import: Enter reads it too (it closed the dialog)
    dialog.file_field.setFocus()
    dialog.file_field.clear()
    qtbot.keyClicks(dialog.file_field, str(_file(tmp_path, "CDT2027.txt", "D3330\tM\tT.")))
    qtbot.keyClick(dialog.file_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "CDT 2027: 1 code accepted" in dialog.preview_text.toPlainText()


def test_next_years_file_that_drops_half_the_codes_asks_before_it_is_imported(
    qtbot: QtBot, tmp_path: Path, target: CodeSetImport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: next year's file exported from one sheet of the workbook holds half the
    codes; read as the whole edition it would make the other half obsolete and mark the open
    cases that carry them. The preview says so above the list, and Import asks first."""
    from cdt_desktop.db.codesets import CodeSetStore

    codes = [f"D{1000 + n}\tPractice text {n}\tText." for n in range(80)]
    whole = _file(tmp_path, "CDT2026.txt", *codes)
    half = _file(tmp_path, "CDT2027.txt", *codes[:40])
    second = _second_import(qtbot, target, whole, half)
    text = second.preview_text.toPlainText()
    assert "CDT 2027 would delete 40 of the 80 codes of CDT 2026" in text, text
    assert text.index("Is this the whole file") < text.index("Deleted (now obsolete")
    asked = _import_answered_no(monkeypatch, second)
    assert asked == ["Import CDT 2027?"] and second.imported is None
    with CodeSetStore(target.data_dir) as saved:
        assert [e for e, _at, _n in saved.editions()] == ["2026"]  # nothing saved
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)
    second.import_button.click()
    assert second.imported == "2027"  # the manager's choice


def test_a_row_whose_deletion_is_unconfirmed_is_accepted_with_a_note_in_the_preview(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Coding review: D3427's deletion is unconfirmed, yet its row was rejected; D2941 was
    rejected from a CDT 2024 file though CDT 2025 deleted it."""
    source = _file(
        tmp_path, "codes.csv", "D3330,Molar", "D3427,Periradicular", "D2941,Interim",
        header="Code,Name\n",
    )  # fmt: skip
    dialog = CodeSetDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.set_file(source)
    qtbot.keyClicks(dialog.edition_field, "2024")

    text = dialog.preview_text.toPlainText()
    assert "3 codes accepted, 0 rows rejected" in text
    assert "Note: row 3: D3427 accepted" in text
