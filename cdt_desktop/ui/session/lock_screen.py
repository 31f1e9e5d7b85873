"""The lock screen: one large tile per active user, then a PIN pad; no patient data on it.

Built for gloved hands at the chair: every target is at least 64 px, the digits can be typed or
tapped, Enter unlocks, Escape goes back to the tiles. The screen asks; it decides nothing: it
emits ``unlockRequested(user_id, pin)`` and the session controller answers with
:meth:`show_error` or hides it. A third page asks before another user's unlock discards the open
work of the user who locked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.domain.pins import PIN_MAX
from cdt_desktop.domain.session import User

TARGET = 64
"""Smallest touch target on this screen (gloves)."""
TILE_W, TILE_H = 176, 132
TILES_PER_ROW = 5


DISCARD_AND_SWITCH = "Discard and switch"
KEEP_AND_SWITCH = "Close and switch"
"""The switch's button when the open work is kept for its typist (a case form's draft)."""


class LockWindow(QDialog):
    """The frameless window that holds the lock screen over the app's windows.

    Nothing but an unlock takes it away: Escape (a QDialog's reject) and the window system's
    close used to hide it, leaving every window under its "Locked" cover with no tiles and no
    way back but killing the app (tour of a two-PC office). The controller hides it on unlock.
    """

    def reject(self) -> None:
        """Escape on the tiles: nothing (on the PIN page the screen goes back to the tiles)."""

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the window manager: the lock stays. The app's own close (quitting) closes
        it (QDialog's closeEvent would call the reject above and refuse)."""
        if event.spontaneous():
            event.ignore()
        else:
            event.accept()


class LockScreen(QFrame):
    """Tiles -> PIN pad (-> confirm discard). Signals carry the user's id, never a name."""

    unlockRequested = Signal(int, str)
    switchConfirmed = Signal()
    switchCancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Locked: choose who you are")
        self.setAutoFillBackground(True)
        self._user: User | None = None
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._build_tiles_page())
        self._pages.addWidget(self._build_pin_page())
        self._pages.addWidget(self._build_confirm_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(self._pages)

    # -- pages ----------------------------------------------------------------------------------
    def _heading(self, text: str, size: float = 1.8) -> QLabel:
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a name's "<b>" is printed, never bold
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * size)
        font.setBold(True)
        label.setFont(font)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _build_tiles_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self._heading("CDT Companion is locked"))
        self._tiles_hint = QLabel("Tap your name, then enter your PIN.", page)
        self._tiles_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._tiles_hint)
        layout.addSpacing(16)
        self._tiles_host = QWidget(page)
        self._tiles_grid = QGridLayout(self._tiles_host)
        self._tiles_grid.setSpacing(16)
        container = QWidget(page)
        column = QVBoxLayout(container)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._tiles_host)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(container)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(scroll, 2)
        return page

    def _build_pin_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self._pin_title = self._heading("")
        layout.addWidget(self._pin_title)
        self._pin = QLineEdit(page)
        self._pin.setObjectName("pinField")
        self._pin.setAccessibleName("PIN")
        self._pin.setEchoMode(QLineEdit.EchoMode.Password)
        self._pin.setMaxLength(PIN_MAX)
        self._pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[0-9]*$"), page))
        self._pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pin.setMinimumHeight(TARGET)
        self._pin.setFixedWidth(3 * 96 + 2 * 12)
        font = QFont(self._pin.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        self._pin.setFont(font)
        self._pin.returnPressed.connect(self._submit)
        layout.addWidget(self._pin, 0, Qt.AlignmentFlag.AlignHCenter)
        self._message = QLabel("", page)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setObjectName("lockMessage")
        self._message.setAccessibleName("Sign-in message")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setMinimumHeight(40)
        layout.addWidget(self._message)
        layout.addWidget(self._build_keypad(page), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_keypad(self, parent: QWidget) -> QWidget:
        pad = QWidget(parent)
        grid = QGridLayout(pad)
        grid.setSpacing(12)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "⌫"]
        for index, key in enumerate(keys):
            button = self._big_button(key, pad, width=96)
            if key.isdigit():
                button.setObjectName(f"pinKey_{key}")
                button.setAccessibleName(f"Digit {key}")
                button.clicked.connect(lambda _=False, k=key: self._type(k))
            elif key == "Clear":
                button.setObjectName("pinClear")
                button.clicked.connect(self._pin.clear)
            else:
                button.setObjectName("pinBackspace")
                button.setAccessibleName("Delete last digit")
                button.clicked.connect(self._pin.backspace)
            grid.addWidget(button, index // 3, index % 3)
        back = self._big_button("Back", pad, width=96)
        back.setObjectName("pinBack")
        back.setAccessibleName("Back to the users")
        back.clicked.connect(self.show_tiles)
        self._unlock = self._big_button("Unlock", pad, width=2 * 96 + 12)
        self._unlock.setObjectName("unlockButton")
        self._unlock.setDefault(True)
        self._unlock.clicked.connect(self._submit)
        grid.addWidget(back, 4, 0)
        grid.addWidget(self._unlock, 4, 1, 1, 2)
        return pad

    def _build_confirm_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self._confirm_text = self._heading("", 1.3)
        self._confirm_text.setObjectName("switchQuestion")
        layout.addWidget(self._confirm_text)
        row = QHBoxLayout()
        row.addStretch(1)
        keep = self._big_button("Keep it, go back", page, width=240)
        keep.setObjectName("switchCancel")
        keep.clicked.connect(self._cancel_switch)
        discard = self._big_button(DISCARD_AND_SWITCH, page, width=240)
        discard.setObjectName("switchConfirm")
        discard.clicked.connect(self.switchConfirmed)
        row.addWidget(keep)
        row.addSpacing(24)
        row.addWidget(discard)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _big_button(self, text: str, parent: QWidget, *, width: int) -> QPushButton:
        button = QPushButton(text, parent)
        button.setMinimumSize(width, TARGET)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the PIN field keeps the keyboard
        font = QFont(button.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        button.setFont(font)
        return button

    # -- public API -----------------------------------------------------------------------------
    def set_users(self, users: Sequence[User], now: datetime | None = None) -> None:
        """One tile per user (the caller passes the active ones); ``now`` (UTC, the sign-in
        service's time) decides which lockouts still last."""
        while self._tiles_grid.count():
            item = self._tiles_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if now is None:
            from datetime import UTC

            now = datetime.now(UTC)
        for index, user in enumerate(users):
            tile = QToolButton(self._tiles_host)
            tile.setObjectName(f"userTile_{user.id}")
            role = user.role.value
            until = user.locked_until
            if until is not None and until > now:  # said on the tile, not first after a PIN
                role = f"{role}, locked until {until.astimezone():%H:%M}"  # (office walk)
            tile.setAccessibleName(f"{user.name}, {role}")
            tile.setToolTip(f"{user.name} ({role})")
            tile.setFixedSize(TILE_W, TILE_H)
            inside = QVBoxLayout(tile)
            inside.setContentsMargins(8, 10, 8, 10)
            for text, scale, bold in ((user.initials, 2.2, True), (user.name, 1.15, False),
                                      (role, 0.95, False)):  # fmt: skip
                label = QLabel(text, tile)
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                font = QFont(label.font())
                font.setPointSizeF(font.pointSizeF() * scale)
                font.setBold(bold)
                label.setFont(font)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                inside.addWidget(label)
            tile.clicked.connect(lambda _=False, u=user: self.choose(u))
            self._tiles_grid.addWidget(tile, index // TILES_PER_ROW, index % TILES_PER_ROW)
        if not users:
            self._tiles_hint.setText(
                "No active users: an admin can enable one from the command line."
            )

    def choose(self, user: User) -> None:
        """Go to the PIN pad for ``user``."""
        self._user = user
        self._pin_title.setText(f"PIN for {user.name}")
        self._pin.clear()
        self._message.clear()
        self._pages.setCurrentIndex(1)
        self._pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_tiles(self) -> None:
        self._user = None
        self._pin.clear()
        self._message.clear()
        self._pages.setCurrentIndex(0)

    def show_notice(self, text: str) -> None:
        """Why the window locked, above the tiles (a restored backup signed the user out);
        it stays until someone signs in."""
        self._tiles_hint.setWordWrap(True)
        self._tiles_hint.setText(f"{text}\n\nTap your name, then enter your PIN.")

    def clear_notice(self) -> None:
        """The tiles' hint alone again (the case store is back: every user can sign in)."""
        self._tiles_hint.setText("Tap your name, then enter your PIN.")

    def show_error(self, text: str) -> None:
        """Why the unlock was refused; the PIN field is emptied for the next try."""
        self._pin.clear()
        self._message.setText(text)
        self._pages.setCurrentIndex(1)
        self._pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_switch(self, text: str, confirm: str = DISCARD_AND_SWITCH) -> None:
        """Ask before another user takes the window over; ``confirm``: the button's words
        ("Close and switch" when the open work is kept for its typist, not discarded)."""
        self._confirm_text.setText(text)
        button = self.findChild(QPushButton, "switchConfirm")
        if button is not None:
            button.setText(confirm)
        self._pages.setCurrentIndex(2)

    def page(self) -> str:
        return ("tiles", "pin", "confirm")[self._pages.currentIndex()]

    def message(self) -> str:
        return self._message.text()

    def chosen(self) -> User | None:
        return self._user

    # -- internals ------------------------------------------------------------------------------
    def _type(self, digit: str) -> None:
        if len(self._pin.text()) < PIN_MAX:
            self._pin.insert(digit)

    def _submit(self) -> None:
        if self._user is None or not self._pin.text():
            return
        pin = self._pin.text()
        self._pin.clear()
        self.unlockRequested.emit(self._user.id, pin)

    def _cancel_switch(self) -> None:
        self.show_tiles()
        self.switchCancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.page() == "pin":
            self.show_tiles()
            return
        super().keyPressEvent(event)
