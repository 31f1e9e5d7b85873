"""File > Restore cases from backup...: the office manager puts a backup back from the window (a
new PC after a dead disk, a mistake to undo) instead of typing `cdt-desktop restore` in a
terminal. Real window, real SQLite store and backup files; only the file chooser (a native
dialog) and the question boxes are answered here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.shell import main_window as main_window_module
from tests.helpers.stores import patient_names


class Answers:
    """The dialogs the restore shows: what they said, and the answer to its question."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, replace: bool, backup: Path | str):
        self.said: list[tuple[str, str]] = []
        self.asked: list[str] = []
        self.defaults: list[bool] = []
        self.folders: list[str] = []
        for name in ("show_info", "show_error"):
            monkeypatch.setattr(
                msgbox, name, lambda _p, title, text: self.said.append((title, text))
            )

        def ask(_p: object, _title: str, text: str, *, default: bool = False) -> bool:
            self.asked.append(text)
            self.defaults.append(default)
            return replace

        def choose(_p: object, _caption: str, folder: str, _filter: str) -> tuple[str, str]:
            self.folders.append(folder)
            return str(backup), ""

        monkeypatch.setattr(msgbox, "ask_yes_no", ask)
        monkeypatch.setattr(file_dialogs, "open_file_name", choose)


@pytest.fixture
def office(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The front desk's window; its store's backup holds Zoë, and Ann was added after it."""
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    store = window.store
    assert store is not None
    (tmp_path / "usb").mkdir()
    for name in ("Zoë", "Ann Added Later"):
        store.create_case(
            Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19")),
            operator="MR",
        )
        if name == "Zoë":
            backup = store.backup(tmp_path / "usb", operator="MR")
    window.case_list.refresh()
    yield window, backup
    window.close()


def _rows(window) -> int:  # type: ignore[no-untyped-def]
    return int(window.case_list.model().rowCount())


def test_the_office_manager_restores_a_backup_and_the_window_shows_its_cases(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, office
) -> None:  # type: ignore[no-untyped-def]
    window, backup = office
    store_path = window.store.path
    answers = Answers(monkeypatch, replace=True, backup=backup)
    assert _rows(window) == 2
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    [question] = answers.asked
    assert f"Replace the 2 cases on this PC with the 1 case in {backup.name}, a backup made " in (
        question
    )
    assert str(store_path.parent / "backups" / "before-restore") in question
    assert patient_names(store_path) == ["Zoë"]
    qtbot.waitUntil(lambda: _rows(window) == 1, timeout=8000)  # the list follows the store
    [(title, text)] = answers.said
    assert title == "Cases restored"
    assert f"Restored 1 case from {backup.name}." in text
    [kept] = list((store_path.parent / "backups" / "before-restore").iterdir())
    assert f"The 2 cases it replaced are kept in {kept}." in text
    assert patient_names(kept) == ["Zoë", "Ann Added Later"]  # nothing the restore replaced is lost
    assert backup.name in window.statusBar().currentMessage()
    restored = next(r for r in window.store.audit() if r.action == "restore")
    assert restored.operator == "OM" and backup.name in restored.detail


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize(
    ("age", "renamed", "ago"),
    [
        (timedelta(hours=2, minutes=5), False, "2 hours ago"),
        (timedelta(days=8, hours=1), False, "8 days ago"),
        (timedelta(hours=3, minutes=10), True, "3 hours ago"),
    ],
    ids=["this morning's backup", "last week's on the USB drive", "a backup renamed by hand"],
)
def test_the_question_says_when_the_backup_was_made_and_that_changes_since_are_undone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, office, age: timedelta,
    renamed: bool, ago: str,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """QA walkthrough: "Replace the 5 cases on this PC with the 5 cases in ..." said neither
    how old the backup was nor that every tick and edit made since would be undone. The time
    is the one in the name the app gives a backup (a copy of it has a new file time), else the
    file's (a backup given a name of one's own)."""
    import os

    window, _backup = office
    made = datetime.now(UTC) - age
    name = "before-the-upgrade.sqlite" if renamed else f"cases-{made:%Y%m%d-%H%M%S}-1a2b.sqlite"
    backup = window.store.backup(tmp_path / "usb" / name, operator="MR")  # its file time: now
    if renamed:  # copied with its file time kept, as Explorer copies
        os.utime(backup, (made.timestamp(), made.timestamp()))
    answers = Answers(monkeypatch, replace=False, backup=backup)
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    [question] = answers.asked
    local = made.astimezone()
    assert f"in {backup.name}, a backup made " in question
    assert f" at {local:%H:%M}, {ago}?" in question
    if age > timedelta(days=2):
        assert f"made on {MONTHS[local.month - 1]} {local.day}" in question
    assert (
        "Every change made on this PC since that backup is undone: cases added, ticks, edits, "
        "status changes and the office's payer profiles (File > Payer profiles…)." in question
    )  # the profiles too (office manager walk: a profile added since went without a word)
    kept = window.store.path.parent / "backups" / "before-restore"
    assert f"Before that, the cases on this PC now are kept as a backup in {kept}: " in question
    assert answers.defaults == [False]  # No is the default
    assert patient_names(window.store.path) == ["Zoë", "Ann Added Later"]


def test_answering_no_replaces_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, office
) -> None:  # type: ignore[no-untyped-def]
    window, backup = office
    answers = Answers(monkeypatch, replace=False, backup=backup)
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    assert len(answers.asked) == 1 and answers.said == []
    assert patient_names(window.store.path) == ["Zoë", "Ann Added Later"]
    assert not (window.store.path.parent / "backups" / "before-restore").exists()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"not a database at all, a note someone saved as .sqlite" * 40, "not a database file"),
        (b"SQLite format 3\x00" + b"\x00" * 80, "damaged"),
    ],
    ids=["a text file", "a database cut short"],
)
def test_a_file_that_is_no_backup_is_refused_with_a_sentence_and_changes_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, office, content: bytes, why: str
) -> None:  # type: ignore[no-untyped-def]
    window, _backup = office
    bad = tmp_path / "usb" / "cases-wrong.sqlite"
    bad.write_bytes(content)
    answers = Answers(monkeypatch, replace=True, backup=bad)
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    assert answers.asked == []  # refused before the question
    [(title, text)] = answers.said
    assert title == "Cases not restored"
    assert text.startswith(f"{bad} cannot be restored: it ") and why in text
    assert text.endswith(".")
    assert patient_names(window.store.path) == ["Zoë", "Ann Added Later"]


def test_without_initials_nothing_is_asked_and_the_store_itself_is_no_backup(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, office
) -> None:  # type: ignore[no-untyped-def]
    window, _backup = office
    answers = Answers(monkeypatch, replace=True, backup=office[0].store.path)
    window.menu_actions["restoreAction"].trigger()  # no initials typed yet
    [(title, text)] = answers.said
    assert title == "Cases not restored" and "initials" in text
    assert answers.folders == []  # refused before a file is asked for
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    assert answers.said[-1] == (
        "Cases not restored",
        f"{window.store.path} is the case store itself; choose a backup file.",
    )
    assert answers.asked == []
    assert patient_names(window.store.path) == ["Zoë", "Ann Added Later"]


def test_the_file_chooser_opens_on_the_daily_backups_beside_the_store(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, office
) -> None:  # type: ignore[no-untyped-def]
    window, backup = office
    daily = window.store.path.parent / "backups" / "daily"
    daily.mkdir(parents=True)
    answers = Answers(monkeypatch, replace=False, backup=backup)
    window.operator_picker.set_operator("OM")
    window.menu_actions["restoreAction"].trigger()
    assert answers.folders == [str(daily)]


def test_the_question_says_what_becomes_of_sign_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, office
) -> None:  # type: ignore[no-untyped-def]
    """A backup with users brings their PINs; one without turns sign-in off where it was on;
    where neither side has users the question says nothing of sign-in."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.services.auth import AuthService
    from tests.helpers.office import FAST

    window, backup = office
    with CaseStore.open(tmp_path / "other-pc") as other:
        auth = AuthService(other, params=FAST)
        auth.create_first_admin("Zed Other", "663018")
        auth.sign_out()
        with_users = other.backup(tmp_path / "usb", operator="ZO")
    window.operator_picker.set_operator("OM")
    texts = []
    for chosen in (backup, with_users):
        answers = Answers(monkeypatch, replace=False, backup=chosen)
        window.menu_actions["restoreAction"].trigger()
        texts.append(answers.asked[0])
    assert "sign-in" not in texts[0].lower()
    assert "Sign-in becomes the backup's: its 1 user and their PINs." in texts[1]
    assert "with the 0 cases in" in texts[1]


def _signed_in(qtbot: QtBot, data: Path, user: str):  # type: ignore[no-untyped-def]
    from tests.helpers.office import office as signed_office

    with signed_office(data):
        pass
    window = build_main_window(data_dir=data, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_where_sign_in_is_on_only_an_admin_may_restore(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _signed_in(qtbot, tmp_path / "pc", "Maria Ruiz")  # the assistant
    answers = Answers(monkeypatch, replace=True, backup=tmp_path / "any.sqlite")
    try:
        window.menu_actions["restoreAction"].trigger()
        [(title, text)] = answers.said
        assert title == "Cases not restored" and answers.folders == []
        assert text.endswith(".") and text[0].isupper()
    finally:
        if window.session.idle is not None:
            window.session.idle.stop()
        window.close()


def test_an_admin_restoring_another_pcs_backup_is_asked_to_sign_in_as_its_users(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restored store's users are the backup's: the window signed in as this PC's admin
    locks and offers them, as after a restore from the command line."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.services.auth import AuthService
    from tests.helpers.office import FAST

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    (tmp_path / "usb").mkdir()
    with CaseStore.open(tmp_path / "old-pc") as other:
        auth = AuthService(other, params=FAST)
        auth.create_first_admin("Zed Other", "663018")
        auth.sign_out()
        backup = other.backup(tmp_path / "usb", operator="ZO")
    window = _signed_in(qtbot, tmp_path / "pc", "Ana Admin")
    answers = Answers(monkeypatch, replace=True, backup=backup)
    session = window.session
    try:
        window.menu_actions["restoreAction"].trigger()
        assert answers.said[0][0] == "Cases restored"
        assert "Sign-in: the backup's 1 user and their PINs." in answers.said[0][1]
        restored = next(r for r in window.store.audit() if r.action == "restore")
        assert restored.operator == "AA"  # who restored: the admin signed in here
        qtbot.waitUntil(session.is_locked, timeout=8000)
        assert "restored from a backup" in session.lock_screen._tiles_hint.text()
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()


def test_a_backup_on_the_share_is_copied_with_a_progress_bar_that_can_stop_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, office
) -> None:  # type: ignore[no-untyped-def]
    """A large backup on the office's share was copied to this PC under a wait cursor and
    nothing else, for minutes on a slow share. The copy now shows a progress bar whose
    Cancel stops it: nothing is replaced and the copy is removed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from cdt_desktop.services import restore as service

    window, backup = office
    monkeypatch.setattr(service, "COPY_CHUNK", 4096)  # many steps from a small backup
    seen: list[int] = []

    def cancel_when_shown() -> None:
        dialog = window.findChild(QProgressDialog, "restoreCopyProgress")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(5, cancel_when_shown)
            return
        seen.append(dialog.value())
        assert "from the share" in dialog.labelText()
        dialog.cancel()

    original = QProgressDialog.setMinimumDuration
    monkeypatch.setattr(QProgressDialog, "setMinimumDuration", lambda self, _ms: original(self, 0))
    answers = Answers(monkeypatch, replace=True, backup="/" + str(backup))  # //tmp/...: a share
    window.operator_picker.set_operator("OM")
    QTimer.singleShot(0, cancel_when_shown)
    window.menu_actions["restoreAction"].trigger()
    assert seen, "no progress bar"
    assert answers.asked == []  # stopped before the question: nothing replaced
    assert _rows(window) == 2
    assert [
        p.name for p in window.store.path.parent.iterdir() if p.name.startswith(".restore")
    ] == []
    assert "stopped" in window.statusBar().currentMessage()
    QApplication.processEvents()
    answers_again = Answers(monkeypatch, replace=True, backup="/" + str(backup))
    window.menu_actions["restoreAction"].trigger()  # not stopped: restored from the copy
    assert answers_again.asked
    assert patient_names(window.store.path) == ["Zoë"]
