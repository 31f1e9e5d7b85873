"""The case store chosen for this PC (File > Case store..., --store, CDT_DESKTOP_STORE) is an
SQLite file on a drive that is not connected today: the start asks instead of making an empty
store in its place, where the day's cases would sit apart from the office's. Real files, the
real question box (its buttons clicked as a user clicks them), the real start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from cdt_desktop import app as cdt_app
from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.url import ENV_VAR, save_url, saved_url
from cdt_desktop.services.store import StoreChoice
from cdt_desktop.ui.shell import store_missing
from cdt_desktop.ui.shell.store_missing import Answer
from tests.helpers.qt_events import answer_boxes


def _usb(tmp_path: Path) -> Path:
    return tmp_path / "media" / "usb" / "office" / "cases.sqlite"  # the drive is not mounted


@pytest.mark.parametrize(
    ("situation", "expected_missing"),
    [
        ("first start on this PC's own file", False),
        ("saved choice on a drive not connected", True),
        ("saved choice on a drive connected", False),
        ("a server chosen", False),
        ("--store naming a file that is not there", True),
    ],
)
def test_which_starts_find_the_chosen_store_missing(
    tmp_path: Path, situation: str, expected_missing: bool
) -> None:
    data, usb = tmp_path / "pc", _usb(tmp_path)
    option = None
    if situation.startswith("saved choice"):
        save_url(str(usb), data)
    if situation.endswith("connected") and "not" not in situation:
        with open_repository(str(usb)):
            pass
    if situation == "a server chosen":
        save_url("postgresql://cdt_app@office-server/cdt", data)
    if situation.startswith("--store"):
        option = str(usb)
    missing = StoreChoice(data, option).missing_at_start()
    assert (missing == usb) is expected_missing
    assert not usb.exists() or situation.endswith(" connected")


def test_headless_start_stops_and_makes_no_empty_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, usb = tmp_path / "pc", _usb(tmp_path)
    save_url(str(usb), data)
    monkeypatch.setenv(cdt_app.STARTUP_PROBE_ENV, "1")  # a start that opens quits once shown
    assert cdt_app.main(data_dir=data) == cdt_app.EXIT_FAILURE
    assert not usb.exists() and not usb.parent.exists()
    assert f"no case store at {usb}" in capsys.readouterr().err
    assert saved_url(data) == str(usb)  # the choice is kept for when the drive is back


def test_doctor_names_the_missing_store_as_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, usb = tmp_path / "pc", _usb(tmp_path)
    save_url(str(usb), data)
    assert cli.main(["--data-dir", str(data), "doctor"]) == 1
    out = capsys.readouterr()
    assert f"case store {usb} (chosen in File > Case store...) is not there" in out.err
    assert "not created yet" not in out.out
    assert not usb.exists()


def test_try_again_once_the_drive_is_connected_opens_it(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, usb = tmp_path / "pc", _usb(tmp_path)
    save_url(str(usb), data)
    choice = StoreChoice(data)

    def drive_connected() -> None:  # between the first and the second answer
        with open_repository(str(usb)):
            pass

    shown = answer_boxes(monkeypatch, "Try again", "Try again", between=drive_connected)
    assert store_missing.settle(choice)
    assert len(shown) == 2  # asked again while the drive was still missing
    box = shown[0]
    assert str(usb) in box.text() and "File > Case store..." in box.text()
    assert box.defaultButton().text() == "Try again"  # Enter never makes a store
    assert box.escapeButton().text() == "Quit"  # type: ignore[union-attr]
    assert saved_url(data) == str(usb)


@pytest.mark.parametrize(
    ("answer", "settled", "store_made", "saved_after"),
    [
        ("Quit", False, False, "usb"),
        ("Create an empty store there", True, False, "usb"),  # the start's open makes it
        ("Use this PC's own case file", True, False, None),
    ],
)
def test_each_answer_of_the_question(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    settled: bool,
    store_made: bool,
    saved_after: str | None,
) -> None:
    data, usb = tmp_path / "pc", _usb(tmp_path)
    save_url(str(usb), data)
    answer_boxes(monkeypatch, answer)
    assert store_missing.settle(StoreChoice(data)) is settled
    assert usb.exists() is store_made
    assert saved_url(data) == (str(usb) if saved_after == "usb" else None)


def test_with_the_store_given_on_the_command_line_own_file_is_not_offered(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    usb = _usb(tmp_path)
    shown = answer_boxes(monkeypatch, "Quit")
    assert not store_missing.settle(StoreChoice(tmp_path / "pc", str(usb)))
    labels = [b.text() for b in shown[0].findChildren(QPushButton)]
    assert "Use this PC's own case file" not in labels and "--store" in shown[0].text()


def test_the_question_answers_quit_without_a_screen(tmp_path: Path) -> None:
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    assert store_missing.ask(_usb(tmp_path), "--store", own_file=True) is Answer.QUIT


# --- this PC's own case file, gone after it was used (reliability probe) --------------------
def _own_file_used_then_deleted(data: Path) -> Path:
    """This PC's own store with a day's case and its daily backup, then the file deleted (an
    office's clean-up): the newest copy the app kept."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.model import Case, Procedure

    with CaseStore.open(data) as store:
        store.create_case(Case(procedure=Procedure(code="D3330", tooth="19")), operator="AA")
        (data / "backups" / "daily").mkdir(parents=True)
        kept = store.backup(data / "backups" / "daily")
    for path in data.glob("cases.sqlite*"):
        path.unlink()
    return kept


def test_this_pc_s_own_file_gone_after_a_day_s_work_is_found_missing(tmp_path: Path) -> None:
    data = tmp_path / "pc"
    _own_file_used_then_deleted(data)
    assert StoreChoice(data).missing_at_start() == data / "cases.sqlite"


def test_the_question_for_this_pc_s_own_file_names_the_newest_copy(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "pc"
    kept = _own_file_used_then_deleted(data)
    shown = answer_boxes(monkeypatch, "Create an empty store there")
    assert store_missing.settle(StoreChoice(data))
    text = shown[0].text()
    assert "was deleted or moved" in text and str(kept) in text
    assert "File > Restore cases from backup" in text
    labels = [b.text() for b in shown[0].findChildren(QPushButton)]
    assert "Use this PC's own case file" not in labels  # it is this PC's own file
    assert shown[0].defaultButton().text() == "Try again"


def test_quit_leaves_no_empty_store_where_this_pc_s_own_file_was(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "pc"
    _own_file_used_then_deleted(data)
    answer_boxes(monkeypatch, "Quit")
    assert not store_missing.settle(StoreChoice(data))
    assert not (data / "cases.sqlite").exists()


def test_doctor_says_this_pc_s_own_file_was_deleted_and_names_the_newest_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "pc"
    kept = _own_file_used_then_deleted(data)
    assert cli.main(["--data-dir", str(data), "doctor"]) == 1
    err = capsys.readouterr().err
    assert "is not there, but copies the app kept of it are" in err and str(kept) in err
    assert "connect the drive" not in err


@pytest.mark.parametrize(
    "where",
    ["backups/daily/cases-office-20261201-080000-ab12.sqlite",  # another store's, same folder
     "backups/damaged/cases-20261201-080000-ab12.sqlite",  # a damaged file set aside
     "backups/before-restore/cases-20261201-080000-ab12.sqlite"],  # what a restore replaced
)  # fmt: skip
def test_copies_that_are_not_this_store_s_backups_do_not_make_a_first_start_ask(
    tmp_path: Path, where: str
) -> None:
    """Review: any cases*.sqlite under backups/ counted, so another store's backup, a damaged
    copy or the cases a restore replaced made a first start ask about a file never there."""
    data = tmp_path / "pc"
    copy = data / where
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"SQLite format 3\x00")
    assert StoreChoice(data).missing_at_start() is None
