"""Sign-in, switch, wrong-PIN lockout and the idle lock, driven through the real widgets with a
fake clock (no sleeping)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.pins import ScryptParams
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.session.controller import SessionController
from cdt_desktop.ui.session.lock_screen import TARGET

FAST = ScryptParams(n=2**10)
PINS = {"Ana Admin": "482913", "Dr Diaz": "551207", "Maria Ruiz": "730184"}
PATIENT = "Zoë Sentinel-王小明"


class Clock:
    """Both clocks the session uses: wall time (lockout) and monotonic seconds (idle)."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def make_office(data_dir: Path) -> None:
    with CaseStore.open(data_dir) as store:
        auth = AuthService(store, params=FAST)
        auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
        auth.add_user("Dr Diaz", Role.DENTIST, PINS["Dr Diaz"])
        auth.add_user("Maria Ruiz", Role.ASSISTANT, PINS["Maria Ruiz"])
        gone = auth.add_user("Old Temp", Role.ASSISTANT, "660431")
        auth.update_user(gone.id, active=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    make_office(tmp_path / "data")
    with CaseStore.open(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def session(qtbot: QtBot, store: CaseStore, clock: Clock) -> Iterator[SessionController]:
    """A session on a plain main window with a File menu, shown, nobody signed in."""
    window = QMainWindow()
    window.menuBar().addMenu("&File").addAction("&Quit")
    window.setCentralWidget(QLabel(PATIENT))
    window.resize(1000, 700)
    qtbot.addWidget(window)
    auth = AuthService(store, clock=clock.now, params=FAST)
    controller = SessionController(window, auth, monotonic=clock.monotonic)
    window.show()
    yield controller
    if controller.idle is not None:
        controller.idle.stop()
    for widget in QApplication.topLevelWidgets():
        if widget is not window and isinstance(widget, QDialog):
            widget.close()


def tile(session: SessionController, name: str) -> QToolButton:
    user = session.auth.store.find_user(name)
    assert user is not None and session.lock_screen is not None
    found = session.lock_screen.findChild(QToolButton, f"userTile_{user.id}")
    assert found is not None
    return found


def enter_pin(qtbot: QtBot, session: SessionController, name: str, pin: str) -> None:
    """Tap the user's tile, tap the digits on the pad, tap Unlock (gloved-hand path)."""
    screen = session.lock_screen
    assert screen is not None
    qtbot.mouseClick(tile(session, name), Qt.MouseButton.LeftButton)
    assert screen.page() == "pin"
    for digit in pin:
        button = screen.findChild(QPushButton, f"pinKey_{digit}")
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    unlock = screen.findChild(QPushButton, "unlockButton")
    assert unlock is not None
    qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)


def visible_texts(widget: QWidget) -> str:
    texts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in widget.findChildren(QToolButton) if w.isVisible()]
    return "\n".join(texts)


def test_lock_screen_has_one_large_tile_per_active_user(session: SessionController) -> None:
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    tiles = [w for w in screen.findChildren(QToolButton) if w.objectName().startswith("userTile_")]
    assert sorted(t.accessibleName() for t in tiles) == [
        "Ana Admin, admin", "Dr Diaz, dentist", "Maria Ruiz, assistant",
    ]  # fmt: skip
    for button in tiles + screen.findChildren(QPushButton):
        if button.isVisibleTo(screen):
            assert button.minimumHeight() >= TARGET or button.height() >= TARGET


def test_sign_in_with_the_pin_pad(qtbot: QtBot, session: SessionController) -> None:
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked()
    assert session.auth.user is not None and session.auth.user.name == "Maria Ruiz"
    assert session.badge.text() == "MR · Maria Ruiz"


def test_the_badge_shows_the_whole_name_inside_the_menu_bar(
    qtbot: QtBot, session: SessionController
) -> None:
    """The menu bar laid its corner out for "Locked": "Dr Diaz" was shown as "DD...az", and the
    32 px button was cut off at the 21 px menu bar's bottom edge (tour3)."""
    bar, badge = session.window.menuBar(), session.badge
    for name in ("Dr Diaz", "Maria Ruiz"):
        session.lock()
        enter_pin(qtbot, session, name, PINS[name])
        qtbot.waitUntil(lambda: badge.width() >= badge.sizeHint().width())
        assert bar.rect().contains(badge.geometry()), (badge.geometry(), bar.rect())
        assert badge.height() >= badge.minimumHeight() >= 32


def test_an_ampersand_in_a_name_shows_in_the_badge_and_is_no_shortcut(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour3: "Zoë <b>&amp;</b> Núñez" showed as "Zoë <b>amp;</b> Núñez" with an underlined
    'a': the badge took '&' as a mnemonic (Alt+A, the Cases tab's key)."""
    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    session.auth.add_user("Bo & <b>Co</b>", Role.BILLING, "827364", initials="BC")
    session.lock()
    user = session.auth.store.find_user("Bo & <b>Co</b>")
    assert user is not None and session.lock_screen is not None
    session.lock_screen.set_users(session.auth.active_users())
    enter_pin(qtbot, session, "Bo & <b>Co</b>", "827364")
    assert session.badge.text() == "BC · Bo && <b>Co</b>"  # '&&' draws one '&', no mnemonic
    session.lock()
    screen = session.lock_screen
    qtbot.mouseClick(tile(session, "Bo & <b>Co</b>"), Qt.MouseButton.LeftButton)
    shown = [w for w in screen.findChildren(QLabel) if "<b>Co</b>" in w.text()]
    assert "PIN for Bo & <b>Co</b>" in [w.text() for w in shown]
    # ... and printed as typed: a rich-text label would show "Bo & Co" with "Co" in bold
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in shown)


def test_typed_pin_and_enter_also_unlock(qtbot: QtBot, session: SessionController) -> None:
    session.lock()
    qtbot.mouseClick(tile(session, "Dr Diaz"), Qt.MouseButton.LeftButton)
    screen = session.lock_screen
    assert screen is not None
    field = screen.findChild(QLineEdit, "pinField")
    assert field is not None and field.echoMode() == QLineEdit.EchoMode.Password
    QTest.keyClicks(field, PINS["Dr Diaz"] + "x")  # a letter is not accepted
    assert field.text() == PINS["Dr Diaz"]
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert session.auth.user is not None and session.auth.user.name == "Dr Diaz"


def test_five_wrong_pins_lock_the_user_for_five_minutes(
    qtbot: QtBot, session: SessionController, clock: Clock
) -> None:
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    for attempt in range(4):
        enter_pin(qtbot, session, "Maria Ruiz", "999999")
        assert "Wrong PIN" in screen.message(), attempt
    enter_pin(qtbot, session, "Maria Ruiz", "999999")
    assert "locked after 5 wrong PINs" in screen.message()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert session.is_locked() and "try again in 5 minutes" in screen.message()
    clock.advance(5 * 60)
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked()


def test_disabled_user_has_no_tile(session: SessionController) -> None:
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    names = [w.accessibleName() for w in screen.findChildren(QToolButton)]
    assert not any("Old Temp" in n for n in names)


def open_form(parent: QWidget) -> tuple[QDialog, QLineEdit]:
    """A form with a half-typed note, as the case form would be."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Case")
    note = QLineEdit(dialog)
    note.setText(f"{PATIENT}: pulp necrotic, sinus tract on")
    QVBoxLayout(dialog).addWidget(note)
    dialog.show()
    return dialog, note


def test_idle_lock_covers_every_window_and_the_work_survives(
    qtbot: QtBot, session: SessionController, clock: Clock
) -> None:
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    dialog, note = open_form(session.window)
    assert session.idle is not None and session.idle.minutes == 5
    clock.advance(4 * 60 + 59)
    QTest.keyClick(note, Qt.Key.Key_Space)  # input anywhere restarts the count
    note.backspace()
    clock.advance(4 * 60 + 59)
    session.idle.check()
    assert not session.is_locked()
    clock.advance(2)
    session.idle.check()
    assert session.is_locked()
    covers = [w for w in QApplication.allWidgets() if w.objectName() == "lockCover"]
    assert {c.parentWidget() for c in covers} >= {session.window, dialog}
    for cover in covers:
        assert cover.geometry() == cover.parentWidget().rect()  # type: ignore[union-attr]
    assert session.lock_screen is not None
    assert PATIENT not in visible_texts(session.lock_screen)
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked()
    assert dialog.isVisible() and note.text().endswith("sinus tract on")
    assert not [w for w in QApplication.allWidgets() if w.objectName() == "lockCover"
                and w.isVisible()]  # fmt: skip


def test_another_user_discards_open_work_only_after_confirming(
    qtbot: QtBot, session: SessionController
) -> None:
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    dialog, _note = open_form(session.window)
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert screen.page() == "confirm"
    assert "Maria Ruiz has open work" in visible_texts(screen)
    cancel = screen.findChild(QPushButton, "switchCancel")
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert session.is_locked() and dialog.isVisible()
    assert session.auth.user is not None and session.auth.user.name == "Maria Ruiz"
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    confirm = screen.findChild(QPushButton, "switchConfirm")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert not session.is_locked() and not dialog.isVisible()
    assert session.auth.user is not None and session.auth.user.name == "Dr Diaz"
    trail = session.auth.store.audit_trail()
    assert trail[-1].action == "sign-in" and "switched from" in trail[-1].detail


def test_ctrl_l_and_the_badge_lock_at_once(qtbot: QtBot, session: SessionController) -> None:
    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    assert session.lock_action.shortcut().toString() == "Ctrl+L"
    session.lock_action.trigger()
    assert session.is_locked()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    qtbot.mouseClick(session.badge, Qt.MouseButton.LeftButton)
    assert session.is_locked()


def test_ctrl_l_locks_while_a_modal_form_is_open(qtbot: QtBot, session: SessionController) -> None:
    """Tour3: with the case form open (a modal dialog) Ctrl+L did nothing and the badge could
    not be clicked, so nobody could lock before stepping away; the form stays under the lock."""
    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    form = QDialog(session.window)
    form.setWindowModality(Qt.WindowModality.ApplicationModal)
    name = QLineEdit(form)
    QVBoxLayout(form).addWidget(name)
    form.show()
    qtbot.waitExposed(form)
    qtbot.keyClicks(name, "Zo")
    qtbot.keyClick(name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.is_locked()
    assert form.isVisible() and name.text() == "Zo"  # nothing typed is lost
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert not session.is_locked() and form.isVisible()


def test_a_discarded_case_form_does_not_ask_again_and_stay_open(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour3: after "Discard and switch" the case form asked "Close the form and lose what was
    typed in it?" once more, and its default No left the dentist's half-typed form open under
    the assistant's name (its Save would have recorded the assistant)."""
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.ui.cases.form import CaseForm

    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    form = CaseForm(CaseService(session.auth.store), operator_source=lambda: "DD")
    qtbot.addWidget(form)
    name = form.editor("patient", "name")
    assert isinstance(name, QLineEdit)
    name.setText("Half typed")
    form.show()
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    confirm = session.lock_screen.findChild(QPushButton, "switchConfirm")  # type: ignore[union-attr]
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert not session.is_locked()
    assert not form.isVisible()


def test_window_on_a_store_with_users_opens_locked(qtbot: QtBot, tmp_path: Path) -> None:
    make_office(tmp_path / "data")
    window = app.build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    session: SessionController = window.session  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(session.is_locked)
    session.idle.stop()  # type: ignore[union-attr]
    window.close()


def test_a_window_closed_before_its_lock_came_shows_no_lock_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The start's lock is posted for when the loop is next idle: a window closed before that
    (its user signed out by the close) left a lock screen up with no window under it, which
    then covered the next window's work as "open work in other windows"."""
    make_office(tmp_path / "data")
    window = app.build_main_window(data_dir=tmp_path / "data", user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    window.close()  # before the loop ran: the posted lock is still to come
    QApplication.processEvents()
    lock_window = window.findChild(QWidget, "lockWindow")
    assert lock_window is None or not lock_window.isVisible()
    assert not window.session.is_locked()  # type: ignore[attr-defined]


def test_a_stopped_idle_watcher_does_not_lock_when_the_os_suspends_the_app(
    qtbot: QtBot, session: SessionController
) -> None:
    """A watcher stopped with its window (or by turning sign-in off) still heard the OS suspend
    the application and locked a window that was gone."""
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    watcher = session.idle
    assert watcher is not None
    heard: list[str] = []
    watcher.osLocked.connect(lambda: heard.append("locked"))
    watcher.stop()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert heard == [] and not session.is_locked()


def test_a_lock_while_a_tooltip_shows_unlocks_as_any_other(
    qtbot: QtBot, session: SessionController
) -> None:
    """Verification walk: Ctrl+L with a tooltip up covered the tooltip as a window of its own;
    the tooltip went, its cover with it, and every unlock then failed on the deleted cover
    ("Unexpected error ... RuntimeError"): the window stayed locked until the app was killed."""
    from PySide6.QtWidgets import QToolTip

    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    label = session.window.centralWidget()
    QToolTip.showText(label.mapToGlobal(label.rect().center()), "Hover help", label)
    qtbot.waitUntil(QToolTip.isVisible)
    session.lock()
    QToolTip.hideText()  # the tooltip goes while locked, as it does after its few seconds
    qtbot.wait(50)  # and is deleted
    QApplication.sendPostedEvents(None, 0)  # deleteLater
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked()
    session.lock()  # and another user, whose unlock asks about open work first
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert not session.is_locked() and session.auth.user.name == "Dr Diaz"


def test_build_main_window_user_signs_in_without_pin(qtbot: QtBot, tmp_path: Path) -> None:
    make_office(tmp_path / "data")
    window = app.build_main_window(data_dir=tmp_path / "data", user="Maria Ruiz")
    qtbot.addWidget(window)
    session: SessionController = window.session  # type: ignore[attr-defined]
    window.show()
    qtbot.wait(1)
    assert not session.is_locked()
    assert window.operator() == "MR"  # type: ignore[attr-defined]
    assert not window.operator_picker.isEnabled()  # type: ignore[attr-defined]
    assert not session.setup_button.isVisible()
    session.idle.stop()  # type: ignore[union-attr]
    window.close()


def test_first_run_offers_sign_in_and_creates_the_first_admin(qtbot: QtBot, tmp_path: Path) -> None:
    window = app.build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.show()
    session: SessionController = window.session  # type: ignore[attr-defined]
    assert session.setup_button.isVisible() and not session.badge.isVisible()
    qtbot.mouseClick(session.setup_button, Qt.MouseButton.LeftButton)
    dialog = session.users_dialog
    dialog.name.setText("Ana Admin")
    dialog.pin.setText(PINS["Ana Admin"])
    dialog.repeat.setText(PINS["Ana Admin"])
    qtbot.mouseClick(dialog.createAdminButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert not dialog.isVisible()
    assert session.auth.sign_in_enabled and not session.setup_button.isVisible()
    assert session.badge.text() == "AA · Ana Admin"
    # the next step is the office's people: the full Users dialog opens in its place, saying so
    # (walkthrough: the form closed, and the admin had to find File > Users... again)
    staff = session.users_dialog
    assert staff is not dialog and staff.isVisible()
    assert "Add the people who work here" in staff.findChild(QLabel, "usersMessage").text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is staff.name)  # typing goes there
    staff.close()
    session.idle.stop()  # type: ignore[union-attr]
    window.close()


def test_adding_a_pasted_name_says_it_as_saved_and_never_as_markup(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour3: a name pasted with a line break was saved on one line ("Lee Oneil") but the dialog
    said "Lee\\nOneil added." on two lines, and its message rendered a name's "<b>" as bold."""
    from cdt_desktop.ui.session.users_dialog import UsersDialog

    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    dialog = UsersDialog(session.auth, session.window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Lee\nO'Neil <b>Jr</b>\t")
    dialog.pin.setText("739164")
    dialog.repeat.setText("739164")
    dialog._add()
    message = dialog.findChild(QLabel, "usersMessage")
    assert message is not None
    assert message.text() == "Lee O'Neil <b>Jr</b> added."
    assert message.textFormat() == Qt.TextFormat.PlainText
    added = session.auth.store.find_user("Lee O'Neil <b>Jr</b>")
    assert added is not None
    # tour7: the role box started on "dentist" (who may change codes and sign letters); a
    # user added without choosing gets the fewest rights
    assert added.role == Role.ASSISTANT
    # and the form is ready for the next person: it kept the name just added (first-admin
    # walkthrough: Add again refused it as taken)
    assert dialog.name.text() == "" and dialog.initials.text() == ""


def test_a_name_too_long_is_said_before_the_pins_are_taken(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour8: a name over 40 characters was refused only after both PINs were taken and
    cleared, so the admin typed both PINs again for a problem with the name."""
    from cdt_desktop.ui.session.users_dialog import UsersDialog

    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    dialog = UsersDialog(session.auth, session.window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Maria Guadalupe de los Angeles Fernandez-Rodriguez")
    dialog.pin.setText("739164")
    dialog.repeat.setText("739164")
    dialog._add()
    message = dialog.findChild(QLabel, "usersMessage")
    assert message is not None and "at most 40 characters" in message.text()
    assert (dialog.pin.text(), dialog.repeat.text()) == ("739164", "739164")  # kept
    dialog.name.setText("Maria Fernandez")
    dialog._add()
    assert session.auth.store.find_user("Maria Fernandez") is not None
    assert (dialog.pin.text(), dialog.repeat.text()) == ("", "")  # taken: cleared as before


def test_no_pin_or_hash_reaches_logs_settings_or_audit(
    qtbot: QtBot, session: SessionController, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", "246813")
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    store = session.auth.store
    hashes = [store.pin_hash(u.id) for u in store.list_users()]
    audit = "\n".join(repr(r) for r in store.audit_trail())
    settings = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.ini"))
    for secret in [*PINS.values(), "246813", *hashes, "scrypt$"]:
        assert secret not in caplog.text
        assert secret not in audit
        assert secret not in settings


def test_sign_in_follows_the_window_to_another_store(qtbot: QtBot, tmp_path: Path) -> None:
    window = app.build_main_window(data_dir=tmp_path / "solo")
    qtbot.addWidget(window)
    window.show()
    session: SessionController = window.session  # type: ignore[attr-defined]
    assert session.sign_in_state() is False and not session.is_locked()
    make_office(tmp_path / "office")
    window.switch_store(CaseStore.open(tmp_path / "office"))  # type: ignore[attr-defined]
    assert session.is_locked()  # the office's store has users: nobody is signed in to it
    assert window.cases.auth is session.auth  # type: ignore[attr-defined]
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert session.auth.user is not None and session.auth.user.name == "Dr Diaz"
    window.switch_store(CaseStore.open(tmp_path / "solo"))  # type: ignore[attr-defined]
    assert session.auth.user is None and not session.is_locked()
    assert session.idle is None and window.operator_picker.isEnabled()  # type: ignore[attr-defined]
    window.close()


def test_a_read_only_store_says_so_and_offers_no_sign_in_set_up(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Tour: on a read-only data folder the status bar said "Cases: This PC" and "Set up
    sign-in…" took a name and the PIN twice before refusing. Now the store's name says
    read-only and the button is off with the reason."""
    from cdt_desktop.ui.shell.store_status import StoreStatus

    CaseStore.open(tmp_path / "data").close()  # an office's store, then opened read-only
    with CaseStore.open(tmp_path / "data", read_only=True) as store:
        window = QMainWindow()
        window.menuBar().addMenu("&File").addAction("&Quit")
        qtbot.addWidget(window)
        status = StoreStatus(store, window)
        assert status.label.text() == "Cases: This PC (read-only)"
        session = SessionController(window, AuthService(store, params=FAST))
        window.show()
        session.refresh()
        assert session.setup_button.isVisible() and not session.setup_button.isEnabled()
        assert "read-only" in session.setup_button.toolTip()
        status.stop()
    with CaseStore.open(tmp_path / "data") as writable:
        assert StoreStatus(writable, window).label.text() == "Cases: This PC"


def test_escape_and_close_never_take_the_lock_screen_away(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour of a two-PC office, finding 7: Escape on the lock screen's tiles closed the lock
    window (QDialog's reject), leaving every window under its "Locked" cover with no tiles, no
    PIN pad and no way back (Ctrl+L and the badge were covered): the app had to be killed and
    any half-typed work under the lock was lost. Escape now leaves the lock screen up (and so
    does the window system's close, which a test cannot send); the PIN still unlocks."""
    session.lock()
    assert session._lock is not None
    lock_window = session._lock.window
    assert lock_window.isVisible()
    QTest.keyClick(lock_window, Qt.Key.Key_Escape)  # on the tiles
    assert lock_window.isVisible() and session.is_locked()
    qtbot.mouseClick(tile(session, "Dr Diaz"), Qt.MouseButton.LeftButton)
    pin_field = session.lock_screen.findChild(QLineEdit, "pinField")  # type: ignore[union-attr]
    QTest.keyClick(pin_field, Qt.Key.Key_Escape)  # on the PIN page: back to the tiles
    QTest.keyClick(lock_window, Qt.Key.Key_Escape)  # and once more on the tiles
    assert session.is_locked() and lock_window.isVisible()
    assert session.lock_screen is not None and session.lock_screen.page() == "tiles"
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert not session.is_locked()


def test_a_user_disabled_elsewhere_does_not_interrupt_the_next_user_typing_a_pin(
    qtbot: QtBot, session: SessionController, store: CaseStore
) -> None:
    """Maria's window was locked and Dr Diaz was typing his PIN on it when an admin disabled
    Maria at another PC: the change threw his half-typed PIN away (back to the tiles), and every
    later change or reconnect did it again while she stayed the locked window's user."""
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    qtbot.mouseClick(tile(session, "Dr Diaz"), Qt.MouseButton.LeftButton)
    for digit in PINS["Dr Diaz"][:3]:
        button = screen.findChild(QPushButton, f"pinKey_{digit}")
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    admin = AuthService(store, params=FAST)
    admin.sign_in_trusted("Ana Admin")
    maria = store.find_user("Maria Ruiz")
    assert maria is not None
    admin.update_user(maria.id, active=False)
    session.recheck_user()  # what the change feed (or a reconnect) does
    assert session.auth.user is not None and not session.auth.user.active
    assert session.is_locked()
    chosen = screen.chosen()
    assert screen.page() == "pin" and chosen is not None and chosen.name == "Dr Diaz"


def _reads_left_to_right(text: str) -> bool:
    """Whether Qt lays ``text`` out as a left-to-right paragraph (its end at the right)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    end = line.cursorToX(len(text))
    return (end[0] if isinstance(end, tuple) else end) > 0


def test_an_arabic_name_first_in_a_sentence_keeps_the_sentence_left_to_right(
    qtbot: QtBot, session: SessionController
) -> None:
    """Tour7: billing (محمد الأحمد) locked with the appeal letter open; the admin's unlock asked
    ".has open work in other windows. Unlocking as Ana Ortiz closes it ... محمد الأحمد": the
    sentence began with the Arabic name, so Qt laid the whole English sentence out right to
    left (its full stop first). The same for "محمد الأحمد added." in File > Users…"""
    from cdt_desktop.ui.session.users_dialog import UsersDialog

    arabic = "محمد الأحمد"
    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    users = UsersDialog(session.auth, session.window)
    qtbot.addWidget(users)
    users.name.setText(arabic)
    users.pin.setText("739164")
    users.repeat.setText("739164")
    users.role.setCurrentIndex(users.role.findData(Role.BILLING))
    users._add()
    message = users.findChild(QLabel, "usersMessage")
    assert message is not None and arabic in message.text()
    assert _reads_left_to_right(message.text()), message.text()
    users.close()

    session.lock()
    enter_pin(qtbot, session, arabic, "739164")
    dialog, _note = open_form(session.window)
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    assert screen.page() == "confirm"
    asked = next(t for t in visible_texts(screen).splitlines() if "open work" in t)
    assert arabic in asked and _reads_left_to_right(asked), asked
    cancel = screen.findChild(QPushButton, "switchCancel")
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    dialog.close()


def test_the_users_table_keeps_its_width_after_a_save(
    qtbot: QtBot, session: SessionController
) -> None:
    """Walk 13: after Save changes the table's columns shrank to their text and left the rest
    of the table empty (the PIN column had filled it when the dialog opened)."""
    from cdt_desktop.ui.session.users_dialog import UsersDialog

    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    dialog = UsersDialog(session.auth, session.window)
    qtbot.addWidget(dialog)
    dialog.resize(760, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    header = table.horizontalHeader()

    def used() -> int:
        return sum(header.sectionSize(c) for c in range(header.count()))

    qtbot.waitUntil(lambda: used() >= table.viewport().width())
    dialog.reload()  # what Save changes, Disable and Set PIN do after writing
    QApplication.processEvents()
    assert used() >= table.viewport().width()


def test_enter_adds_only_with_nobody_chosen_and_never_renames_the_chosen_user(
    qtbot: QtBot, session: SessionController
) -> None:
    """Walk 13: with Maria's row chosen and her role changed, Enter pressed Add user (the
    dialog's first button) and asked for a second Maria's PIN. With a user chosen Enter now
    presses nothing (saving would rename her to a name typed over hers for someone new);
    with nobody chosen it adds the user typed in, as before."""
    from cdt_desktop.ui.session.users_dialog import UsersDialog

    session.lock()
    enter_pin(qtbot, session, "Ana Admin", PINS["Ana Admin"])
    dialog = UsersDialog(session.auth, session.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    dialog.table.selectRow(rows.index("Maria Ruiz"))
    dialog.name.setText("Lee Park")  # typed over Maria's name, for someone new
    dialog.pin.setText("739164")
    dialog.repeat.setText("739164")
    users_before = session.auth.store.list_users()
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert session.auth.store.list_users() == users_before  # nothing added, nobody renamed
    dialog.table.clearSelection()  # nobody chosen: Enter adds the user typed in
    dialog.name.setText("Lee Park")
    dialog.initials.setText("")  # Maria's "MR" stayed in the field: two users, one set
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert session.auth.store.find_user("Lee Park") is not None
    assert session.auth.store.find_user("Maria Ruiz") is not None


def test_a_locked_out_user_s_tile_says_until_when(
    qtbot: QtBot, session: SessionController, clock: Clock
) -> None:
    """Office walkthrough: the tiles never showed that a user was locked out; Maria learnt it
    only after typing her PIN again."""
    session.lock()
    screen = session.lock_screen
    assert screen is not None
    for _ in range(5):
        enter_pin(qtbot, session, "Maria Ruiz", "999999")
    maria = session.auth.store.find_user("Maria Ruiz")
    screen.set_users(session.auth.active_users(), session.auth.now())  # the tiles shown again
    qtbot.wait(10)  # the old tiles deleted
    tile = screen.findChild(QToolButton, f"userTile_{maria.id}")
    until = maria.locked_until.astimezone()
    assert tile.accessibleName() == f"Maria Ruiz, assistant, locked until {until:%H:%M}"
    clock.advance(5 * 60)
    screen.set_users(session.auth.active_users(), session.auth.now())
    qtbot.wait(10)
    tile = screen.findChild(QToolButton, f"userTile_{maria.id}")
    assert tile.accessibleName() == "Maria Ruiz, assistant"
