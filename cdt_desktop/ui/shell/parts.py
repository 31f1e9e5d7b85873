"""Small parts of the window: the warning banner above the centre pane (a code that misfits the
chosen tooth), the touch-sized tab bar of the right pane and the open case's buttons below it
(one row where they fit, else wrapped: never a clipped word on a small screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabBar, QToolButton, QWidget

from cdt_desktop.ui.common.metrics import TARGET, size_target

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionTab


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
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.hide()


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
        the Alt key that the window's action for that tab owns (a tab text has no ``&``)."""
        self._letters[index] = letter.lower()
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


def case_button(parent: QWidget, text: str, name: str, tip: str) -> QPushButton:
    """A touch-sized button for the open case (Edit case…, Radiographs…, Export appeal letter…)."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    size_target(button)
    return button
