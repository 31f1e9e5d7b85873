"""Small parts of the window: the warning banner above the centre pane (a code that misfits the
chosen tooth), the touch-sized tab bar of the right pane and the open case's buttons below it
(one row where they fit, else wrapped: never a clipped word on a small screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
    QWidgetItem,
)

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


class ButtonRows(QLayout):
    """Buttons in one row where they fit, else in as many rows as they need.

    In a row each button is as wide as its text needs and the row's spare width goes to the
    buttons added with a stretch (as in a QHBoxLayout), or, in a row without one, to every
    button alike. At 1366x768 the case buttons are one row, as they always were; at 125 %
    scaling (1093 px wide) "Export appeal letter…" goes to a second row instead of losing the
    first and last letters of its text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []

    def add_button(self, button: QWidget, stretch: int = 0) -> None:
        self.addChildWidget(button)
        self._items.append(QWidgetItem(button))
        self._stretch.append(stretch)
        self.invalidate()

    # --- QLayout --------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._stretch.append(0)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        del self._stretch[index]
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def sizeHint(self) -> QSize:
        hints = [item.sizeHint() for item in self._shown()]
        width = sum(h.width() for h in hints) + self._gap() * max(0, len(hints) - 1)
        height = max((h.height() for h in hints), default=0)
        return self._with_margins(width, height)

    def minimumSize(self) -> QSize:
        widest = max((item.sizeHint().width() for item in self._shown()), default=0)
        return self._with_margins(widest, self.heightForWidth(widest + self._side_margins()))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    # --- rows -----------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        return max(0, self.spacing())

    def _side_margins(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

    def _with_margins(self, width: int, height: int) -> QSize:
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _rows(self, width: int) -> list[list[int]]:
        """Indexes of the shown items per row, filled left to right while they fit."""
        rows: list[list[int]] = []
        used = 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            need = item.sizeHint().width()
            if rows and used + self._gap() + need <= width:
                rows[-1].append(index)
                used += self._gap() + need
            else:
                rows.append([index])
                used = need
        return rows

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the rows out in ``rect`` (when ``place``); returns the height they take."""
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = inner.y()
        for row in self._rows(inner.width()):
            hints = [self._items[i].sizeHint() for i in row]
            height = max(h.height() for h in hints)
            if place:
                spare = inner.width() - sum(h.width() for h in hints) - self._gap() * (len(row) - 1)
                weights = [self._stretch[i] for i in row]
                if not any(weights):
                    weights = [1] * len(row)
                x = inner.x()
                given = 0
                total = sum(weights)
                for n, (i, hint) in enumerate(zip(row, hints, strict=True)):
                    share = max(0, spare) * sum(weights[: n + 1]) // total - given
                    given += share
                    self._items[i].setGeometry(QRect(x, y, hint.width() + share, height))
                    x += hint.width() + share + self._gap()
            y += height + self._gap()
        rows_height = max(0, y - self._gap() - inner.y())
        return rows_height + margins.top() + margins.bottom()
