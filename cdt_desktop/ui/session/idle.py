"""The idle lock's eyes: an application-wide event filter that notes every input in any window or
dialog, and a timer that asks the Qt-free :class:`IdleTimer` whether the delay has run out.

The clock is injectable (``monotonic``), so tests advance a fake clock and call :meth:`check`
instead of sleeping. The application going to the background does not count as idle (an
assistant may read the chart on another screen); the OS suspending the application, which is
what Qt reports when it can tell the session is locking, locks at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from cdt_desktop.domain.session import IDLE_DEFAULT_MINUTES, IdleTimer

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)
CHECK_MS = 5_000
"""How often the timer looks; the lock comes at most this late."""


class IdleWatcher(QObject):
    """Emits ``idle()`` once when no input arrived for the policy's minutes; ``osLocked()`` when
    the OS suspends the application."""

    idle = Signal()
    osLocked = Signal()
    lockKey = Signal()
    """Ctrl+L while a modal dialog (the case form) is open: Qt gives the window's shortcut to
    no one then, and the badge in the menu bar cannot be clicked either."""

    def __init__(
        self,
        minutes: int = IDLE_DEFAULT_MINUTES,
        *,
        monotonic: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timer = IdleTimer(minutes, monotonic)
        self._monotonic = monotonic
        self._armed = True
        self._tick = QTimer(self)
        self._tick.setInterval(CHECK_MS)
        self._tick.timeout.connect(self.check)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._state_changed)
        self._listening = isinstance(app, QApplication)
        self._tick.start()

    @property
    def minutes(self) -> int:
        return self._timer.minutes

    def set_minutes(self, minutes: int) -> None:
        self._timer = IdleTimer(minutes, self._monotonic)

    def touch(self) -> None:
        self._timer.touch()

    def rearm(self) -> None:
        """After an unlock: count from now, and emit again the next time."""
        self._timer.touch()
        self._armed = True

    def pause(self) -> None:
        """While locked there is nothing to lock."""
        self._armed = False

    def check(self) -> None:
        if self._armed and self._timer.expired():
            self._armed = False
            self.idle.emit()

    def remaining_seconds(self) -> float:
        return self._timer.remaining_seconds()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.touch()
            if (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and QApplication.activeModalWidget() is not None
            ):
                self.lockKey.emit()
                return True
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self._armed:
            self._armed = False
            self.osLocked.emit()

    def stop(self) -> None:
        """For good: no input, tick or suspended application is heard after this."""
        self._tick.stop()
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if self._listening and isinstance(app, QApplication):
                app.applicationStateChanged.disconnect(self._state_changed)
        self._listening = False
