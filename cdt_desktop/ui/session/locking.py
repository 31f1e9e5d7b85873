"""One locked period of the app: the covers over every window, the lock screen on top, and the
unlock, by the same user or, after confirming that their open work is discarded, another.

Locking covers the window and every other window of the app (dialogs included) with an opaque
cover and shows the lock screen as an application-modal window on top, so no patient data is
visible and nothing under it takes input; nothing under it is closed or hidden, so an open form
or a half-typed note is still there when the same user unlocks. Another user unlocking sees
first that the open windows will be discarded, and they are closed only after confirming.

Imported at the first lock (``SessionController.lock``): a store without users never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QVBoxLayout, QWidget

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.session.lock_screen import (
    DISCARD_AND_SWITCH,
    KEEP_AND_SWITCH,
    TARGET,
    LockScreen,
    LockWindow,
)

if TYPE_CHECKING:
    from cdt_desktop.services.auth import AuthService

_log = get_logger("ui")


class _Cover(QLabel):
    """An opaque panel over one window while locked (follows its size)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__("Locked", host)
        self.setObjectName("lockCover")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAutoFillBackground(True)
        self.setGeometry(host.rect())
        host.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


_PASSING = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
"""Top-level widgets that are not windows with work in them: a tooltip, an open menu."""


def _keeps_draft(widget: QWidget) -> bool:
    """Whether ``widget`` is a case form that keeps its typing for its typist."""
    keeps = getattr(widget, "keeps_draft", None)
    return bool(keeps()) if callable(keeps) else False


class Lock:
    """The app locked over ``window`` until a user of the window's sign-in (``auth()``: the
    controller's service now) unlocks it with a PIN; then the covers and the lock screen go
    and ``unlocked`` is called, with True when another user than the one who locked it signed
    in (the window then closes the previous user's case)."""

    def __init__(
        self,
        window: QMainWindow,
        auth: Callable[[], AuthService],
        unlocked: Callable[[bool], None],
        *,
        unsaved: Callable[[], str] | None = None,
    ) -> None:
        self.main_window, self._auth, self._unlocked = window, auth, unlocked
        self._unsaved = unsaved  # what the main window itself would lose ("" when nothing)
        self._pending: tuple[int, str] | None = None
        self._covers: list[_Cover] = []
        for widget in QApplication.topLevelWidgets():
            # a tooltip or an open menu is no work: it goes by itself, and its cover with it
            # (a tooltip covered at Ctrl+L took its cover along, and every unlock then failed
            # on the deleted cover: verification walk)
            if widget.isVisible() and widget.windowType() not in _PASSING:
                self._covers.append(_Cover(widget))
        if not self._covers or all(c.parentWidget() is not window for c in self._covers):
            self._covers.append(_Cover(window))
        self.window = lock_window = LockWindow(
            window, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
        )  # Escape and the window manager's close leave it up: only an unlock hides it
        lock_window.setObjectName("lockWindow")
        lock_window.setWindowTitle("CDT Companion: locked")
        lock_window.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.screen = screen = LockScreen(lock_window)
        layout = QVBoxLayout(lock_window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(screen)
        self.offline = False
        """Locked while the store could not be reached: only its user's tile is shown."""
        try:
            screen.set_users(auth().active_users(), auth().now())
        except UserFacingError:  # the store is down: its signed-in user alone can unlock
            self.offline = True
            user = auth().user
            screen.set_users([user] if user is not None else [])
            if user is not None:
                from cdt_desktop.core.text import isolate

                screen.show_notice(
                    "The case store cannot be reached: until it is back, only "
                    f"{isolate(user.name)} can unlock this window."
                )
        screen.unlockRequested.connect(self._unlock_requested)
        screen.switchConfirmed.connect(self._switch_confirmed)
        screen.switchCancelled.connect(self._switch_cancelled)
        lock_window.setGeometry(window.frameGeometry())
        lock_window.setMinimumSize(min(window.width(), 640), max(TARGET * 8, 480))
        lock_window.show()
        lock_window.raise_()
        lock_window.activateWindow()

    def _unlock_requested(self, user_id: int, pin: str) -> None:
        from cdt_desktop.core.text import isolate

        auth = self._auth()
        current = auth.user or auth.ended
        if current is not None and self._is_switch(user_id):
            open_work = self._open_work()
            windows = bool(open_work)
            unsaved = self._unsaved() if self._unsaved is not None else ""
            if windows or unsaved:
                self._pending = (user_id, pin)
                chosen = self.screen.chosen()
                name = isolate(chosen.name) if chosen is not None else "The next user"
                work = " and ".join(
                    x for x in ("open work in other windows" if windows else "",
                                f"unsaved work ({unsaved})" if unsaved else "") if x
                )  # fmt: skip
                who = isolate(current.name)
                lost = " and discards what was not saved."
                button = DISCARD_AND_SWITCH
                if any(_keeps_draft(w) for w in open_work):  # ui/cases/form_recovery.py
                    lost = (f". What is typed in the case form is kept for {who} alone, offered "
                            f"back when {who} next opens it; anything else not saved is "
                            "discarded.")  # fmt: skip
                    if not unsaved and all(_keeps_draft(w) for w in open_work):
                        button = KEEP_AND_SWITCH  # nothing is discarded: not said on the button
                self.screen.ask_switch(  # an RTL name first made the sentence RTL (tour7)
                    f"{who} has {work}. Unlocking as {name} closes it{lost}", button
                )
                return
        self._try_unlock(user_id, pin)

    def _is_switch(self, user_id: int) -> bool:
        """Whether unlocking as ``user_id`` is another person than the one whose work is open:
        another id, or anyone after a restored backup signed the user out (``auth.ended``: the
        open work was done on the store as it was before)."""
        auth = self._auth()
        if auth.user is not None:
            return auth.user.id != user_id
        return auth.ended is not None

    def _try_unlock(self, user_id: int, pin: str) -> None:
        switching = self._is_switch(user_id)
        try:
            self._auth().sign_in(user_id, pin)
        except UserFacingError as exc:
            self.screen.show_error(str(exc))
            return
        if switching:
            self._discard_open_work()
        self._finish(switching)

    def release(self) -> None:
        """Unlock with nobody signing in: the store has no users any more (a backup without
        users restored), so nobody could. The open work, done on the store before the restore,
        is discarded, as for another user."""
        self._discard_open_work()
        self._finish(True)

    def _switch_confirmed(self) -> None:
        if self._pending is not None:
            user_id, pin = self._pending
            self._pending = None
            self._try_unlock(user_id, pin)

    def _switch_cancelled(self) -> None:
        self._pending = None

    def _open_work(self) -> list[QWidget]:
        """Other windows of the app that are open (forms, dialogs): the locked user's work."""
        hosts = [c.parentWidget() for c in self._live_covers()]
        return [h for h in hosts if h is not None and h is not self.main_window]

    def _live_covers(self) -> list[_Cover]:
        """The covers whose window is still there (a window closed while locked takes its
        cover along: one deleted cover made every unlock fail)."""
        from shiboken6 import isValid

        self._covers = [cover for cover in self._covers if isValid(cover)]
        return self._covers

    def _discard_open_work(self) -> None:
        work = self._open_work()
        for widget in work:
            if isinstance(widget, QDialog):
                # done(), not reject(): the user confirmed already, and a form's reject() asks
                # "lose what was typed?" again, whose default No kept the form open (tour3)
                widget.done(QDialog.DialogCode.Rejected)
            else:
                widget.close()
        _log.info("switched user: %d open window(s) discarded", len(work))

    def _finish(self, switched: bool) -> None:
        for cover in self._live_covers():
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        self.window.hide()
        self.window.deleteLater()
        self._unlocked(switched)
