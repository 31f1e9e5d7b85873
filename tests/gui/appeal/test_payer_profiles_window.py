"""File > Payer profiles...: the office manager keeps the office's payers in the window (the
office walkthrough found them on the command line only), and the letters follow at once. Real
window, real SQLite store, the dialog's own buttons clicked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Payer
from cdt_desktop.services.payers import PayerDirectory
from cdt_desktop.ui.appeal.payers_dialog import PayerProfilesDialog
from cdt_desktop.ui.appeal.precheck import reference_for
from tests.helpers.office import as_user, office
from tests.helpers.qt_events import answer_boxes
from tests.helpers.windows import shown_window


def in_payer_profiles(window: Any, work: Callable[[PayerProfilesDialog], None]) -> None:
    """File > Payer profiles...: ``work(dialog)`` on the modal dialog, then it is closed."""
    done: list[bool] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PayerProfilesDialog)
        try:
            work(dialog)
        finally:
            dialog.done(0)
            done.append(True)

    QTimer.singleShot(0, run)
    window.menu_actions["payerProfilesAction"].trigger()
    assert done


def _click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_payer_added_in_the_window_is_what_the_letter_of_its_claims_uses(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        claim = Case(payer=Payer(name="Acme Dental Plan PPO"))
        assert reference_for(window.library, claim)[2] is None  # no profile for it yet

        def add(dialog: PayerProfilesDialog) -> None:
            _click(qtbot, dialog.new_button)
            qtbot.keyClicks(dialog.name, "Acme Dental Plan")
            dialog.address.setPlainText("Appeals Unit\nPO Box 77\nTown, ST 00001")
            dialog.window_days.setValue(90)
            dialog.flags["signed_letter"].setChecked(True)
            dialog.enclose.setPlainText("Copy of the EOB\n\n  Chart notes  ")
            _click(qtbot, dialog.save_button)
            assert dialog.message.text().startswith("Saved Acme Dental Plan")
            assert dialog.list.currentItem().text().startswith("Acme Dental Plan\n")
            assert not dialog.unsaved()

        in_payer_profiles(window, add)
        found = reference_for(window.library, claim)[2]
        assert found is not None and found.office
        assert (found.id, found.address, found.window_days, found.signed_letter, found.enclose) == (
            "acme-dental-plan", "Appeals Unit\nPO Box 77\nTown, ST 00001", 90, True,
            ("Copy of the EOB", "Chart notes"),
        )  # fmt: skip
        assert "every workstation" in window.statusBar().currentMessage()


def test_a_shipped_profile_the_office_confirms_wins_until_its_version_is_removed(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        claim = Case(payer=Payer(name="MetLife Dental"))
        shipped = reference_for(window.library, claim)[2]
        assert shipped is not None and shipped.unconfirmed

        def confirm(dialog: PayerProfilesDialog) -> None:
            row = next(i for i in range(dialog.list.count())
                       if dialog.list.item(i).text().startswith("MetLife\n"))  # fmt: skip
            dialog.list.setCurrentRow(row)
            assert dialog.verify.isVisibleTo(dialog)  # what no source confirms is listed
            assert not dialog.remove_button.isEnabled()  # nothing of the office's to remove
            dialog.window_days.setValue(120)
            dialog.address.setPlainText("MetLife Dental Claims\nPO Box 981282\nEl Paso, TX")
            _click(qtbot, dialog.save_button)
            assert dialog.list.currentItem().text() == "MetLife\n    the office's"
            assert not dialog.verify.isVisibleTo(dialog)

        in_payer_profiles(window, confirm)
        mine = reference_for(window.library, claim)[2]
        assert mine is not None and mine.office and not mine.unconfirmed
        assert (mine.id, mine.window_days) == ("metlife", 120)

        def remove(dialog: PayerProfilesDialog) -> None:
            assert dialog.list.currentItem().text() == "MetLife\n    the office's"
            assert dialog.remove_button.isEnabled()
            asked = answer_boxes(monkeypatch, "&Yes")
            _click(qtbot, dialog.remove_button)
            assert "shipped profile of MetLife applies again" in asked[0].text()
            assert dialog.list.currentItem().text().startswith("MetLife\n    shipped")

        in_payer_profiles(window, remove)
        assert reference_for(window.library, claim)[2] == shipped


def test_a_refused_profile_keeps_what_was_typed_and_saves_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:

        def refused(dialog: PayerProfilesDialog) -> None:
            _click(qtbot, dialog.new_button)
            dialog.address.setPlainText("PO Box 1")
            _click(qtbot, dialog.save_button)  # no name
            assert dialog.message.text() == (
                "A payer profile needs the payer's name. Nothing was saved."
            )
            assert dialog.address.toPlainText() == "PO Box 1" and dialog.unsaved()
            dialog.name.setText("Guardian")
            dialog.instructions.setPlainText("x" * 501)
            _click(qtbot, dialog.save_button)
            assert dialog.message.text() == (
                "The note for the billing desk is 501 characters long: a payer profile's texts "
                "are at most 500 characters each. Nothing was saved."
            )
            assert dialog.instructions.toPlainText() == "x" * 501

        in_payer_profiles(window, refused)
        assert PayerDirectory((), window.store).office() == ()

        def two_of_a_name(dialog: PayerProfilesDialog) -> None:
            for _ in range(2):
                _click(qtbot, dialog.new_button)
                dialog.name.setText("Guardian")
                _click(qtbot, dialog.save_button)
            assert dialog.message.text() == (
                "The office already has a profile named Guardian: Discard changes, then choose "
                "it in the list to change it."
            )

        in_payer_profiles(window, two_of_a_name)
        assert [p.id for p in PayerDirectory((), window.store).office()] == ["guardian"]


def _click_row(qtbot: QtBot, dialog: PayerProfilesDialog, row: int) -> None:
    item = dialog.list.item(row)
    at = dialog.list.visualItemRect(item).center()
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=at)


@pytest.mark.parametrize("new", [False, True], ids=["a-saved-profile", "a-new-profile"])
def test_changes_not_saved_hold_the_list_until_saved_or_discarded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: bool
) -> None:
    """Walkthrough: a click on another payer asked "Discard?", and No asked again at once,
    forever, for a new profile (only Yes, losing the typing, got out); for a saved one the
    list then showed another payer than the form. Now the list and New profile wait while
    the form holds changes; Discard changes puts it back; closing still asks."""
    with shown_window(qtbot, tmp_path / "data") as window:

        def leave(dialog: PayerProfilesDialog) -> None:
            _click_row(qtbot, dialog, 0)
            if new:
                _click(qtbot, dialog.new_button)
                qtbot.keyClicks(dialog.name, "Guardian")
            else:
                dialog.window_days.setValue(45)
            typed = (dialog.name.text(), dialog.window_days.value())
            row = dialog.list.currentRow()
            assert not dialog.list.isEnabled() and not dialog.new_button.isEnabled()
            assert dialog.discard_button.isEnabled()
            assert dialog.message.text().startswith("Not saved yet")
            _click_row(qtbot, dialog, 1)  # another payer: nothing moves, nothing is asked
            assert (dialog.list.currentRow(), dialog.name.text()) == (row, typed[0])
            asked = answer_boxes(monkeypatch, "&No")
            dialog.reject()  # Esc or Close: asked, No stays open with the changes
            qtbot.waitUntil(lambda: len(asked) == 1)
            assert "not saved" in asked[0].text()
            assert dialog.isVisible() and (dialog.name.text(), dialog.window_days.value()) == typed
            _click(qtbot, dialog.discard_button)
            assert dialog.list.isEnabled() and not dialog.unsaved()
            assert dialog.message.text() == ""
            _click_row(qtbot, dialog, 1)
            assert dialog.name.text() == dialog.list.item(1).text().split("\n")[0]

        in_payer_profiles(window, leave)
        assert PayerDirectory((), window.store).office() == ()


def test_without_initials_the_profiles_open_to_read_not_to_type_in_vain(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walkthrough: typed a profile, Save said "Enter your initials (top right) first", and the
    Operator box was behind the modal dialog: closing lost the typing."""
    with shown_window(qtbot, tmp_path / "data", operator="") as window:

        def look(dialog: PayerProfilesDialog) -> None:
            assert not dialog.name.isEnabled() and not dialog.save_button.isEnabled()
            assert dialog.message.text().startswith("Enter your initials (top right) first")
            assert dialog.list.isEnabled()  # reading is for everyone

        in_payer_profiles(window, look)


def test_billing_reads_the_profiles_and_only_an_admin_changes_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with office(tmp_path / "data") as (_service, auth):
        as_user(auth, "Bea Billing")
        from cdt_desktop.domain.appeal.profiles import PayerProfile

        directory = PayerDirectory((PayerProfile(id="metlife", name="MetLife"),), auth.store, auth)
        dialog = PayerProfilesDialog(
            directory,
            operator=lambda: "BB",
            read_only="Only admins change payer profiles (Bea Billing is billing); you can read "
            "them here.",
        )
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.name.text() == "MetLife" and not dialog.name.isEnabled()
        assert not dialog.save_button.isEnabled() and not dialog.new_button.isEnabled()
        assert dialog.message.text().startswith("Only admins change payer profiles")
        assert not dialog.save()  # not even by a key: the service would refuse it too
        assert directory.office() == ()


@pytest.mark.parametrize(
    ("user", "editable"), [("Bea Billing", False), ("Ana Admin", True)], ids=["billing", "admin"]
)
def test_in_the_signed_in_window_the_role_decides_who_changes_payer_profiles(
    qtbot: QtBot, tmp_path: Path, user: str, editable: bool
) -> None:
    from cdt_desktop import app

    with office(tmp_path / "data"):
        pass  # the office's people, each with a PIN
    window = app.build_main_window(data_dir=tmp_path / "data", user=user)
    qtbot.addWidget(window)
    window.show()

    def look(dialog: PayerProfilesDialog) -> None:
        assert dialog.save_button.isEnabled() is editable
        assert dialog.name.isEnabled() is editable
        said = dialog.message.text()
        if editable:
            assert said == ""
        else:
            assert said == (
                "Only admins change payer profiles (Bea Billing is billing); you can read them "
                "here."
            )

    try:
        in_payer_profiles(window, look)
    finally:
        window.session.idle.stop()  # type: ignore[attr-defined]
        window.close()


def test_alt_n_then_typing_the_payer_s_name_types_it_into_the_name(qtbot: QtBot) -> None:
    """Keyboard walk in the real window: Alt+N was both New profile and Name, so it only moved
    the focus to the button, and the space of "Delta Dental" clicked it: the name lost
    "Delta ". Each Alt letter of the dialog is its own now."""
    from PySide6.QtTest import QTest

    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from tests.helpers.qt_events import mnemonics

    directory = PayerDirectory((PayerProfile(id="metlife", name="MetLife"),), None)
    dialog = PayerProfilesDialog(directory, operator=lambda: "AB")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    shared = {letter: owners for letter, owners in mnemonics(dialog).items() if len(owners) > 1}
    assert shared == {}
    dialog.list.setFocus()
    QTest.keyClick(dialog.list, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.name.hasFocus)
    for char in "Delta Dental":
        QTest.keyClick(QApplication.focusWidget(), char)
    assert dialog.name.text() == "Delta Dental"
    assert dialog.list.currentRow() == -1  # a new profile, MetLife untouched
    dialog.done(0)


def test_a_payer_named_in_chinese_shows_both_lines_of_its_row(qtbot: QtBot) -> None:
    """Walkthrough: "德尔塔牙科保险公司" showed as "德尔塔牙科保险公司…" with no "the office's" line:
    the row was sized for two Latin lines, and the Chinese fallback font's are taller."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    from cdt_desktop.domain.appeal.profiles import PayerProfile

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        pytest.skip("no Chinese font on this machine")
    shipped = (PayerProfile("a", "德尔塔牙科保险公司"), PayerProfile("b", "MetLife"))
    dialog = PayerProfilesDialog(PayerDirectory(shipped, None), operator=lambda: "AB")
    qtbot.addWidget(dialog)
    dialog.show()
    chinese = QFont(dialog.list.font())
    chinese.setFamilies([families[0]])
    two_lines = 2 * QFontMetrics(chinese).lineSpacing()
    for row in range(dialog.list.count()):
        assert dialog.list.visualItemRect(dialog.list.item(row)).height() >= two_lines
    dialog.done(0)


def test_the_form_and_buttons_stay_put_from_one_payer_to_the_next(qtbot: QtBot) -> None:
    """Walkthrough: the origin line (one line for the office's, two for a shipped profile) and
    the message moved the form and the buttons 6-14 px between states."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.profiles import PayerProfile

    with ReferenceLibrary() as library:  # the shipped ones: their notes and what to verify
        shipped = (*library.payer_profiles(), PayerProfile("acme", "Acme", office=True))
    dialog = PayerProfilesDialog(PayerDirectory(shipped, None), operator=lambda: "AB")
    qtbot.addWidget(dialog)
    dialog.resize(980, 640)
    dialog.show()
    qtbot.waitExposed(dialog)

    def places() -> tuple[int, ...]:
        QApplication.processEvents()
        return (dialog.name.y(), dialog.new_button.y(), dialog.save_button.y())

    where = []
    for row in range(dialog.list.count()):
        _click_row(qtbot, dialog, row)
        where.append(places())
    _click(qtbot, dialog.new_button)
    where.append(places())
    dialog.message.setText("A message long enough to take a second line " * 4)
    where.append(places())
    assert len(set(where)) == 1, where
    dialog.done(0)


def test_a_shipped_profile_s_note_is_the_app_s_not_the_office_s(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Verification walk: United Concordia saved with a 365-day window kept the shipped note
    "Said to allow 90 days to appeal…" as the office's own note, and the letter's check then
    printed it as the office's. The app's note shows under the form; the office's field starts
    empty; a new profile that takes a shipped one's place says so; "Remove this profile" for a
    profile that is the office's alone."""
    with shown_window(qtbot, tmp_path / "data") as window:

        def confirm(dialog: PayerProfilesDialog) -> None:
            row = next(i for i in range(dialog.list.count())
                       if dialog.list.item(i).text().startswith("United Concordia\n"))  # fmt: skip
            _click_row(qtbot, dialog, row)
            assert dialog.instructions.toPlainText() == ""
            assert dialog.verify.text().startswith("The app's note: ")
            assert "Unconfirmed (see verify)" not in dialog.verify.text()
            dialog.window_days.setValue(365)
            _click(qtbot, dialog.save_button)
            assert dialog.remove_button.text() == "Remo&ve the office's version"
            _click(qtbot, dialog.new_button)
            qtbot.keyClicks(dialog.name, "MetLife")
            _click(qtbot, dialog.save_button)
            assert dialog.message.text().endswith(
                "It takes the place of the profile of MetLife shipped with the app (Remove the "
                "office's version brings that back)."
            )
            _click(qtbot, dialog.new_button)
            qtbot.keyClicks(dialog.name, "Guardian")
            _click(qtbot, dialog.save_button)
            assert "takes the place" not in dialog.message.text()
            assert dialog.remove_button.text() == "Remo&ve this profile"

        in_payer_profiles(window, confirm)
        saved = {p.id: p for p in PayerDirectory((), window.store).office()}
        assert saved["united-concordia"].instructions == ""
        assert saved["united-concordia"].window_days == 365


_ZOOMED = """
import json, sys
from PySide6.QtWidgets import QApplication, QScrollArea
app = QApplication([])
font = app.font()
font.setPointSizeF(font.pointSizeF() * float(sys.argv[1]))
app.setFont(font)
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.services.payers import PayerDirectory
from cdt_desktop.ui.appeal.payers_dialog import PayerProfilesDialog
with ReferenceLibrary() as library:
    shipped = library.payer_profiles()
dialog = PayerProfilesDialog(PayerDirectory(shipped, None), operator=lambda: "OM")
dialog.show()
for _ in range(10):
    app.processEvents()
scroll = dialog.findChild(QScrollArea, "payerFormScroll")
print(json.dumps({"sideways": scroll.horizontalScrollBar().isVisible(),
                  "right": dialog.frameGeometry().right() + 1,
                  "screen": dialog.screen().availableGeometry().width()}))
"""


@pytest.mark.parametrize("zoom", ["1.25", "1.4", "1.6"])
def test_at_a_larger_zoom_the_form_widens_the_window_rather_than_scroll_sideways(
    tmp_path: Path, zoom: str
) -> None:
    """Office manager walk (1366x768, 140 %): the form needed a sideways scroll bar and cut the
    wants' words ("Records made at the time of treatment, not a nar") while the screen had
    room beside the 980-pixel window. On a 1366x768 screen, as the office's."""
    import json
    import os
    import subprocess
    import sys

    screens = tmp_path / "screen.json"
    laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "dpr": 1}
    screens.write_text(json.dumps({"screens": [laptop]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
    done = subprocess.run(
        [sys.executable, "-c", _ZOOMED, zoom], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert not found["sideways"], found
    assert found["right"] <= found["screen"], found
