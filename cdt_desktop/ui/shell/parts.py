"""Small parts of the window: the warning banner above the centre pane (a code that misfits the
chosen tooth), the touch-sized tab bar of the right pane and the open case's buttons below it
(one row where they fit, else wrapped: never a clipped word on a small screen), and how the
window fits the screen it is on: 1366x768 office monitors, and the small laptop set-ups (1366x768
at 125 % scaling is 1093x614 logical px; 1280x720; 1920x1080 at 150 %)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from cdt_desktop.ui.cases.controller import WHERE_CASES_OPEN
from cdt_desktop.ui.common.metrics import TARGET, ButtonRows, size_target

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionTab


BANNER_DARK = ("#3d2a00", "#ffd699")
"""The warning banner's background and text in dark colours (the letter's amber, 7:1)."""


class Banner(QWidget):
    """A non-modal warning line above the centre pane, closed by its button or a new code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBanner")
        self.label = QLabel(self)
        self.label.setObjectName("warningBannerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Warning")
        close = QToolButton(self)
        close.setObjectName("warningBannerClose")
        close.setText("✕")
        close.setAccessibleName("Close warning")
        close.setMinimumSize(TARGET, TARGET)
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self._room_from: tuple[QWidget, int] | None = None
        self.hide()

    def _tint(self) -> None:
        """In dark colours, the amber of the letter's warning banner: the tooltip grey of a
        dark palette made the "code is excluded" line read as a plain bar (re-walk); the
        light palette's tooltip yellow is kept. Chosen as the banner shows (no Python
        changeEvent: it would make PySide6 build every QEvent class, test_startup_imports)."""
        from cdt_desktop.ui.common.palette import is_dark

        palette = QPalette(QApplication.palette())  # the window's colours now (View > Dark)
        if is_dark(palette):
            palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(BANNER_DARK[0]))
            palette.setColor(QPalette.ColorRole.ToolTipText, QColor(BANNER_DARK[1]))
        self.setPalette(palette)

    def take_room_from(self, neighbour: QWidget) -> None:
        """Open without raising its pane's least height: ``neighbour`` (the code's detail,
        which scrolls) lowers its own least height by the banner's while the banner shows.
        Where the pane was at its least height (125 % with large targets), the splitter took
        the banner's height from the chart, and the teeth moved under the pointer."""
        self._room_from = (neighbour, neighbour.minimumHeight())

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self._tint()
        self.show()
        self._give_room(True)

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
        self._give_room(False)

    def _give_room(self, shown: bool) -> None:
        if self._room_from is None:
            return
        neighbour, least = self._room_from
        if shown:
            pane = self.parentWidget()
            width = pane.width() if pane is not None else self.width()
            height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
            height = height if height > 0 else self.sizeHint().height()
            layout = pane.layout() if pane is not None else None
            spacing = max(0, layout.spacing()) if layout is not None else 0
            line = neighbour.fontMetrics().lineSpacing() + 4  # a line of the detail stays
            least = max(line, least - height - spacing)
        neighbour.setMinimumHeight(least)


class TouchTabBar(QTabBar):
    """Tabs at least ``target`` px high with 12 px more room each side, scroll arrows as big.

    A tab's height comes from the style alone; a style sheet on the bar would set it too, but
    it loads Qt's whole style-sheet engine at start-up (time and memory) for two tabs.

    A tab's Alt letter (``set_letter``) is drawn underlined but is not the bar's shortcut: the
    bar's own mnemonic only switched tabs, so on the tab already shown it did nothing. The
    window's Go action with that Alt key (menus.py) shows the tab and moves the keyboard into it.
    """

    PADDING = 12

    def __init__(self, target: int = TARGET, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._letters: dict[int, str] = {}
        self.set_target(target)

    def set_letter(self, index: int, letter: str) -> None:
        """Underline ``letter`` (its first occurrence) in tab ``index``'s text: the letter of
        the Alt key that the window's action for that tab owns (a tab text has no ``&``).
        The key is the tab's tooltip too, which a screen reader announces as the tab's
        description: without an ``&`` in the text Qt reports no shortcut for the tab."""
        self._letters[index] = letter.lower()
        self.setTabToolTip(index, f"Alt+{letter.upper()}")
        self.update()

    def shown_text(self, index: int) -> str:
        """The tab's text as drawn, ``&`` before the underlined letter (``&Checklist 3/5``)."""
        text, letter = self.tabText(index), self._letters.get(index)
        if not letter:
            return text
        text = text.replace("&", "&&")
        at = text.lower().find(letter)
        return text if at < 0 else f"{text[:at]}&{text[at:]}"

    def initStyleOption(self, option: QStyleOptionTab, tabIndex: int) -> None:
        super().initStyleOption(option, tabIndex)
        if tabIndex in self._letters:
            option.text = self.shown_text(tabIndex)

    def set_target(self, height: int) -> None:
        self._target = height
        for arrow in self.findChildren(QToolButton):  # shown when a narrow pane cannot fit
            arrow.setMinimumSize(height, height)
        # the bar caches its tabs' sizes; a new icon size (the same one) marks them dirty, so
        # tabSizeHint is asked again now and not only after a font or style change
        self.setIconSize(self.iconSize())

    def target(self) -> int:
        return self._target

    def tabSizeHint(self, index: int) -> QSize:
        hint = super().tabSizeHint(index)
        return QSize(hint.width() + 2 * self.PADDING, max(hint.height(), self._target))

    def minimumTabSizeHint(self, index: int) -> QSize:
        hint = super().minimumTabSizeHint(index)
        return QSize(hint.width(), max(hint.height(), self._target))


class RightPane(QWidget):
    """The right pane: the operator, the open case's line, the tabs and the case buttons.

    Its least height is the buttons' rows at the pane's least width (two rows at 300 px), not
    at the widest button's (three rows, one button each): with View > Large targets at 125 %
    the one row too many pushed the window's bottom off the 614 px screen."""

    def __init__(self, buttons: ButtonRows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rightPane")
        self._buttons = buttons
        self._known: tuple[tuple[int, ...], int] | None = None

    def minimumSizeHint(self) -> QSize:
        """Asked some 40 times while the window is first laid out: the rows are counted again
        only when the pane's own hint, its least width or a button's size hint changed (each
        count is Python layout work; counting every time added 2.6 % to the start-up)."""
        hint = super().minimumSizeHint()
        rows = self._buttons
        key = (hint.width(), hint.height(), self.minimumWidth(), *rows.hints())
        if self._known is None or self._known[0] != key:
            least = rows.minimumSize()
            width = max(least.width(), self.minimumWidth())
            self._known = (key, hint.height() - least.height() + rows.heightForWidth(width))
        hint.setHeight(self._known[1])
        return hint


NO_CASE_TIP = f"Open a case first: {WHERE_CASES_OPEN}."
NO_LETTER = "Exporting or printing an appeal letter needs the dentist, billing or admin role."
"""The open case's buttons' tip while no case is open (they are greyed then)."""


def case_button(parent: QWidget, text: str, name: str, tip: str) -> QPushButton:
    """A touch-sized button for the open case (Edit case…, Radiographs…, Export appeal letter…)."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    size_target(button)
    return button


FRAME_TOP, FRAME_SIDE = 40, 8
"""A window manager's title bar and bottom border, and one side's border, at most (px)."""
SHORT_SCREEN = 768 - 40
"""Free height (logical px) below a 768p screen with a taskbar: 720p, and 768p at 125 %."""
SHORT_SCREEN_DETAIL = 120
"""The detail's first share of the centre splitter on a short screen (else 200, beside 440)."""
DETAIL_MIN_HEIGHT = 80
"""The code detail scrolls: a few lines of it are enough where the screen is short (614 logical
px at 125 % for the menu bar, the chart, its questions and the status bar)."""
COMPACT_BELOW = 660
"""A window shorter than this (768p at 125 %, 720p with a taskbar) lays the chart panel out
with thin margins (``ChartPanel.set_compact``): the mixed dentition then keeps readable numbers."""


def free_size(widget: QWidget) -> QSize:
    """The free area (no taskbar) of the screen ``widget`` is on, in logical px."""
    screen = widget.screen()
    return screen.availableGeometry().size() if screen is not None else QSize(4096, 4096)


def small_screen(widget: QWidget) -> bool:
    """The free area cannot hold the 1366x768 window with its frame (a 768p laptop, 1280x720,
    or any screen at 125 % scaling and more): the first start opens the window maximised."""
    free = free_size(widget)
    return free.width() < 1366 + 2 * FRAME_SIDE or free.height() < 768 + FRAME_TOP


def short_screen(widget: QWidget) -> bool:
    """Shorter than a 768p screen with a taskbar: the chart keeps its height first."""
    return free_size(widget).height() < SHORT_SCREEN
