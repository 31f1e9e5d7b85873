"""Who is working in this window: locks, unlocks, switches users and offers to set sign-in up.

The controller owns the window's :class:`AuthService`, the lock (``locking.py``: the covers,
the lock screen and the unlock, as the same user or another) and the idle watcher; it adds its
actions to the window (Ctrl+L, File -> Users..., the user badge in the menu bar's corner, the
status bar's "Set up sign-in" button) without the shell knowing its insides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QPushButton,
    QToolButton,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.common.metrics import size_target

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.ui.session.idle import IdleWatcher
    from cdt_desktop.ui.session.lock_screen import LockScreen
    from cdt_desktop.ui.session.locking import Lock
    from cdt_desktop.ui.session.users_dialog import UsersDialog

# The lock screen, the idle watcher and the dialogs are imported when first needed: a store
# without users (most windows at start-up) needs none of them.

_log = get_logger("ui")
RETRY_MS = 5_000
"""How often sign-in asks again while the store cannot be reached."""


class _Badge(QToolButton):
    """The signed-in user's name in the menu bar's corner. The menu bar lays its corner out at
    the size hint, so the hint includes the touch-target height (the button was cut off at the
    menu bar's bottom edge otherwise)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))


FIRST_ADMIN_NEXT = (
    "Sign-in is on, and you are signed in as the admin. Add the people who work here now: "
    "a name, a role (dentist, assistant, billing) and a PIN each tells them apart in the "
    "audit log. Close when done; File > Users… opens this again."
)


class SessionController(QObject):
    """Sign-in for one main window on one store."""

    userSwitched = Signal(str)
    signedIn = Signal()  # any unlock: the window offers what the (new) user's role may do
    """Another user unlocked the window (their name): the previous user's open case is closed
    (the composition root connects it), so nothing the new user does lands on it."""

    def __init__(
        self,
        window: QMainWindow,
        auth: AuthService,
        *,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.auth = auth
        self._monotonic = monotonic
        self._lock: Lock | None = None
        self.idle: IdleWatcher | None = None
        self._started = False
        self._retrying = False
        self._build_actions()
        self.refresh()

    # -- window furniture -----------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self.window
        self.lock_action = QAction("&Lock", window)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        window.addAction(self.lock_action)
        self.users_action = QAction("&Users…", window)
        self.users_action.setObjectName("usersAction")
        self.users_action.triggered.connect(self.open_users)
        file_menu = next(
            (a.menu() for a in window.menuBar().actions() if a.text() == "&File"), None
        )
        if isinstance(file_menu, QMenu):
            actions = file_menu.actions()
            if len(actions) >= 2:  # above the separator and Quit
                file_menu.insertActions(actions[-2], [self.users_action, self.lock_action])
            else:
                file_menu.addActions([self.users_action, self.lock_action])
        self.badge = _Badge(window)
        self.badge.setObjectName("userBadge")
        size_target(self.badge)
        self.badge.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.badge.clicked.connect(self._badge_clicked)
        window.menuBar().setCornerWidget(self.badge, Qt.Corner.TopRightCorner)
        self.setup_button = QPushButton("Set up sign-in…", window)
        self.setup_button.setObjectName("setupSignInButton")
        self.setup_button.setToolTip("Create the first admin: then everyone signs in with a PIN")
        self.setup_button.clicked.connect(self.open_users)
        window.statusBar().addPermanentWidget(self.setup_button)

    def sign_in_state(self) -> bool | None:
        """Whether the store has users; None while it cannot be reached (a server that is down)."""
        try:
            return self.auth.sign_in_enabled
        except UserFacingError:
            return None

    def refresh(self) -> None:
        """Badge, setup button, operator picker and idle watcher follow the store and the user.

        While the store cannot be reached nobody can be checked, and whether it has users is
        unknown: the window stays as it is and asks again every few seconds; once the store is
        back and has users, a window nobody signed in to locks at once."""
        state = self.sign_in_state()
        if state is None:
            self.setup_button.setVisible(False)
            if self.auth.user is not None and not self.is_locked():  # unlocked offline
                self._show_badge(True)
            if not self._retrying:
                self._retrying = True
                QTimer.singleShot(RETRY_MS, self._retry)
            return
        enabled = state
        user = self.auth.user
        self.setup_button.setVisible(not enabled)
        writable = not getattr(self.auth.store, "read_only", False)
        self.setup_button.setEnabled(writable)  # refused only after a name and PIN twice
        self.setup_button.setToolTip(
            "Create the first admin: then everyone signs in with a PIN"
            if writable
            else "The case store is open read-only: sign-in cannot be set up here"
        )
        self.lock_action.setEnabled(enabled)
        self._show_badge(enabled)
        picker = getattr(self.window, "operator_picker", None)
        if picker is not None and enabled:
            if user is not None:
                picker.set_operator(user.initials)
            picker.setEnabled(False)
            picker.setToolTip("Signed-in user: lock (Ctrl+L) to switch")
        if enabled and self.idle is None:
            from cdt_desktop.ui.session.idle import IdleWatcher

            self.idle = IdleWatcher(
                self.auth.idle_minutes(), monotonic=self._monotonic, parent=self
            )
            self.idle.idle.connect(self.lock)
            self.idle.osLocked.connect(self.lock)
            self.idle.lockKey.connect(self.lock)

    def _show_badge(self, enabled: bool) -> None:
        """The menu bar's corner: the signed-in user, "Locked", or "Sign-in off" (hidden)."""
        user = self.auth.user
        if user is not None:
            from cdt_desktop.core.text import isolate

            badge = f"{isolate(user.initials)} · {isolate(user.name)}"
            self.badge.setText(badge.replace("&", "&&"))  # a name's '&' is no mnemonic
            self.badge.setToolTip("Signed in. Click or press Ctrl+L to lock and switch user.")
            self.badge.setAccessibleName(f"Signed in as {user.name}; click to lock")
        else:
            self.badge.setText("Sign-in off" if not enabled else "Locked")
            self.badge.setToolTip("No users yet: File > Users… creates the first admin")
            self.badge.setAccessibleName(self.badge.text())
        self.badge.setVisible(enabled)
        # the menu bar sizes its corner only when the corner is set: again for the new text
        self.window.menuBar().setCornerWidget(self.badge, Qt.Corner.TopRightCorner)

    def _retry(self) -> None:
        self._retrying = False
        self.refresh()
        if self._started and not self._retrying:
            self._lock_at_start()

    def _badge_clicked(self) -> None:
        if self.auth.user is not None or self.sign_in_state():  # signed in: even offline
            self.lock()
        else:
            self.open_users()

    def open_users(self) -> UsersDialog | None:
        """File > Users...: the dialog (None: the store is offline, or the user no admin)."""
        from cdt_desktop.domain.session import Permission
        from cdt_desktop.ui.session.users_dialog import UsersDialog

        state = self.sign_in_state()
        if state is None:
            self.window.statusBar().showMessage(
                "Users are kept in the case store, which is offline.", 6000
            )
            return None
        if state and not self.auth.actor.can(Permission.MANAGE_USERS):
            self.window.statusBar().showMessage("Managing users needs the admin role.", 6000)
            return None
        dialog = UsersDialog(self.auth, self.window)
        first = not state  # the first admin's short form
        dialog.finished.connect(lambda _r: self._users_closed(first))
        dialog.open()
        self.users_dialog = dialog
        return dialog

    def _users_closed(self, first: bool = False) -> None:
        if self.idle is not None:
            self.idle.set_minutes(self.auth.idle_minutes())
        self.refresh()
        if first and self.sign_in_state() and self.auth.user is not None:
            # the admin was created: the office's people are added next, in the same place
            # (the form closed, and the next step was to find File > Users... again)
            staff = self.open_users()
            if staff is not None:
                staff.say(FIRST_ADMIN_NEXT)
                staff.name.setFocus(Qt.FocusReason.OtherFocusReason)  # typing goes there

    # -- lock and unlock ------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self._lock is not None

    def lock(self) -> None:
        """Cover every window and show the lock screen (nothing under it is closed). With the
        store unreachable, a window someone is signed in to locks too: its user alone unlocks
        it until the store is back (``AuthService.sign_in``)."""
        if self.is_locked():
            return
        state = self.sign_in_state()
        if state is not True and not (state is None and self.auth.user is not None):
            return
        from cdt_desktop.ui.session.locking import Lock

        if self.idle is not None:
            self.idle.pause()
        unsaved = getattr(self.window, "unsaved_work", None)  # the main window's own work
        self._lock = Lock(self.window, lambda: self.auth, self._unlocked, unsaved=unsaved)
        self.badge.setText("Locked")
        _log.info("window locked")

    @property
    def lock_screen(self) -> LockScreen | None:
        return self._lock.screen if self._lock is not None else None

    def _unlocked(self, switched: bool = False) -> None:
        self._lock = None
        if self.idle is not None:
            self.idle.rearm()
        self.refresh()
        _log.info("window unlocked")
        user = self.auth.user
        if switched and user is not None:
            self.userSwitched.emit(user.name)
        self.signedIn.emit()

    def switch_store(self, store: CaseRepository) -> None:
        """The window moved to another case store: whoever was signed in is signed out of the
        old one; the new store's users (if any) decide, and a store with users locks at once."""
        from cdt_desktop.services.auth import AuthService

        try:
            self.auth.sign_out()
        except UserFacingError as exc:
            _log.warning("sign-out not recorded (%s)", type(exc).__name__)
        self.auth = AuthService(cast("UserRepository", store))  # both backends hold users
        cases = getattr(self.window, "cases", None)
        if cases is not None:
            cases.auth = self.auth
        if self.idle is not None and self.sign_in_state() is not True:
            self.idle.stop()
            self.idle = None
        picker = getattr(self.window, "operator_picker", None)
        if picker is not None:
            picker.setEnabled(True)
        self.refresh()
        self._lock_at_start()

    def follow_settings(self) -> None:
        """An admin changed the store's settings, maybe at another workstation: the idle
        lock's minutes count here at once (they counted only in the window that changed them,
        the others keeping the old time until they were started again: office walkthrough)."""
        if self.idle is None:
            return
        try:
            minutes = self.auth.idle_minutes()
        except UserFacingError:  # offline: the reconnect reads them again
            return
        if minutes != self.idle.minutes:
            self.idle.set_minutes(minutes)

    def recheck_user(self) -> None:
        """Users were changed (maybe at another workstation): the signed-in user's new role
        counts at once, and a user an admin disabled is locked out at once (their open work
        stays under the lock until the next user confirms discarding it). A locked window's
        tiles follow: a user added or enabled elsewhere can sign in here at once."""
        screen = self.lock_screen
        if screen is not None and screen.page() == "tiles":  # never under a half-typed PIN
            from contextlib import suppress

            with suppress(UserFacingError):  # offline: the tiles stay as they are
                screen.set_users(self.auth.active_users(), self.auth.now())
                if self._lock is not None and self._lock.offline:  # back: everyone's tiles
                    self._lock.offline = False
                    screen.clear_notice()
        user = self.auth.user
        if user is None:  # sign-in turned on elsewhere (the first admin): lock as at start
            state = self.sign_in_state()
            if not self.is_locked() and state is True:
                self.refresh()
                self.lock()
            elif self.is_locked() and state is False:  # users gone: a backup restored
                self._sign_in_gone(
                    "The case store was restored from a backup without users: sign-in is off."
                )
            return
        try:
            fresh = self.auth.refresh_user()
        except UserFacingError:
            return  # offline: the next change, or the next sign-in, checks again
        if fresh is None and self.auth.ended is not None:
            self._session_ended()
            return
        if fresh is not None and fresh.active:
            self.refresh()
            if fresh.role != user.role:  # said now, not first by a refusal at the next tick
                self.window.statusBar().showMessage(
                    f"{fresh.name}'s role is now {fresh.role.value} (changed by an admin at "
                    "another workstation)."
                )
                self.signedIn.emit()  # the window offers what the new role may do
            return
        if self.is_locked():  # locked already: only her own PIN page goes (never another's)
            chosen = screen.chosen() if screen is not None else None
            if screen is not None and chosen is not None and chosen.id == user.id:
                screen.show_tiles()
            if screen is not None:
                screen.show_notice(_disabled_notice(user.name))
            return
        self.lock()
        if self.lock_screen is not None:
            self.lock_screen.show_tiles()
            # her tile is gone: say why (hand-over walk: "is the program broken?")
            self.lock_screen.show_notice(_disabled_notice(user.name))
        _log.info("signed-in user disabled elsewhere: window locked")

    def _session_ended(self) -> None:
        """A backup was restored into the store and the signed-in user is not in it as
        themselves (``AuthService.refresh_user``): the window locks, the lock screen says why
        and shows the restored store's users. A restored store without users has sign-in off:
        the initials box is back and the status bar says why."""
        reason = self.auth.ended_reason
        self.refresh()
        if self.sign_in_state() is True:
            if not self.is_locked():
                self.lock()
            screen = self.lock_screen
            if screen is not None:
                from contextlib import suppress

                with suppress(UserFacingError):
                    screen.set_users(self.auth.active_users(), self.auth.now())
                screen.show_tiles()
                screen.show_notice(reason)
        else:
            self._sign_in_gone(reason)
        _log.info("signed-in user not in the restored store as themselves: signed out")

    def _sign_in_gone(self, reason: str) -> None:
        """The store has no users any more (a backup without users restored): sign-in is off,
        as in a store that never had users. A lock nobody could open goes (the open work under
        it is discarded); the initials box is back and the status bar says why."""
        if self._lock is not None:
            self._lock.release()
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        picker = getattr(self.window, "operator_picker", None)
        if picker is not None:
            picker.setEnabled(True)
            picker.setToolTip("Your initials: recorded with every checklist tick and export")
        self.refresh()
        self.window.statusBar().showMessage(reason)

    def sign_in_trusted(self, name: str) -> None:
        """``build_main_window(user=...)``: tests, benchmarks and the self-check only."""
        self.auth.sign_in_trusted(name)
        self.refresh()

    def start(self) -> None:
        """At window start: a store with users opens locked, unless someone is signed in (the
        lock comes when the window is first shown, over it). The main window says when it is
        shown and closing with its signals; another window gets an event filter."""
        shown = getattr(self.window, "shown", None)
        closing = getattr(self.window, "closing", None)
        if shown is not None and closing is not None:
            shown.connect(self._window_shown)
            closing.connect(self.shutdown)
        else:
            self.window.installEventFilter(self)
        if self.window.isVisible():
            self._lock_at_start()

    def _window_shown(self) -> None:
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self._lock_at_start)

    def _lock_at_start(self) -> None:
        if not self.window.isVisible():  # closed before the posted lock came: nothing to cover
            return
        if self.auth.user is None and self.sign_in_state() is True:
            self.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Show:
                self._window_shown()
            elif event.type() == QEvent.Type.Close:
                self.shutdown()
        return False

    def shutdown(self) -> None:
        if self.idle is not None:
            self.idle.stop()
        try:
            self.auth.sign_out()
        except UserFacingError as exc:  # the store may be gone at exit
            _log.warning("sign-out not recorded (%s)", type(exc).__name__)


def _disabled_notice(name: str) -> str:
    """The lock screen's line when the signed-in user was disabled at another workstation."""
    from cdt_desktop.core.text import isolate

    who = isolate(name)
    return (
        f"{who}'s account was disabled by an admin, so this window locked and {who} cannot "
        "sign in here. Another user can; for the account, see the office's admin."
    )
