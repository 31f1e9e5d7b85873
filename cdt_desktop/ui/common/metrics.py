"""Sizes every pane shares: touch targets, the large-target mode and zoom of the View menu, and
rows of buttons that wrap where a pane is too narrow for them (``ButtonRows``).

Why one module: the minimum height of a button, row or box used to be written out in five
places (32 here, 36 there). At the chair a gloved hand needs at least ``TARGET`` px; the large-
target mode (View menu) raises every control that uses these helpers to ``LARGE_TARGET``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QWidget,
    QWidgetItem,
)

TARGET = 32
"""No control of the window is shorter than this (touch targets of at least 32 px)."""

LARGE_TARGET = 40
"""Controls and rows in the large-target mode (View -> Large targets)."""

TARGET_PROPERTY = "cdtTarget"
"""Widgets sized by :func:`size_target` carry this dynamic property, so a mode change finds them."""

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6)
"""Font scale factors of View -> Zoom in / Zoom out (Ctrl+Plus / Ctrl+Minus)."""


LARGE_PROPERTY = "cdtLargeTargets"
"""Set on the main window while View -> Large targets is on; its dialogs follow it."""


def follow_window_targets(dialog: QWidget) -> None:
    """A dialog opened from a window in the large-target mode gets the same large targets
    (the case form and the claim-status dialog are used at the chair too, gloves on); so does
    a pane built after the mode was turned on (the Cases tab's list, built when first shown)."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    # a dialog opened from a dialog (Attach radiograph, from Radiographs...) asks the window
    # under them both: it found the Radiographs dialog and stayed small (walkthrough 43)
    while window is not None and not window.property(LARGE_PROPERTY):
        above = window.parentWidget()
        window = above.window() if above is not None else None
    if window is not None:
        apply_target(dialog, LARGE_TARGET)


def size_target(widget: QWidget, height: int = TARGET) -> QWidget:
    """Give ``widget`` the touch-target minimum height and mark it for the large-target mode."""
    widget.setMinimumHeight(height)
    widget.setProperty(TARGET_PROPERTY, True)
    return widget


def apply_target(root: QWidget, height: int) -> int:
    """Set every marked control (and plain buttons, boxes and fields) under ``root`` to ``height``;
    returns how many were changed. A drop-down's list rows follow too (``tall_rows``). Run when
    the mode changes or a dialog opens, never at start-up."""
    changed = 0
    for widget in root.findChildren(QWidget):
        marked = bool(widget.property(TARGET_PROPERTY))
        plain = isinstance(widget, QAbstractButton | QComboBox | QLineEdit) and not isinstance(
            widget.parent(), QComboBox
        )
        if marked or (plain and widget.minimumHeight() in (TARGET, LARGE_TARGET)):
            widget.setMinimumHeight(height)
            changed += 1
            if isinstance(widget, QComboBox):
                tall_rows(widget, height)
    return changed


def tall_rows(combo: QComboBox, height: int) -> None:
    """The rows of ``combo``'s drop-down list at least ``height`` px tall in the large-target
    mode (the box grew to 40 px and its list stayed at about 22 px a row: a gloved finger
    picked the row above or below); drawn as before, by the box's own delegate."""
    from cdt_desktop.ui.common.tall_rows import TallRows

    current = combo.itemDelegate()
    if isinstance(current, TallRows):  # back to the usual mode: the box's own rows again
        current.height = height if height > TARGET else 0
        # the list lays its rows out anew (it kept them 40 px tall, with empty bands between
        # the normal rows, until the app restarted: hostile-user walkthrough)
        current.sizeHintChanged.emit(combo.model().index(0, combo.modelColumn()))
    elif height > TARGET and current is not None:
        combo.setItemDelegate(TallRows(current, height, combo))


class ButtonRows(QLayout):
    """Buttons (and a status line) in one row where they fit, else in as many rows as needed.

    In a row each item is as wide as its text needs (a wrapped label at most the row) and the
    row's spare width goes to the items added with a stretch, as in a QHBoxLayout, or, in a
    row without one, to every item alike. On a 1366 px screen the open case's buttons are one
    row, as they always were; at 125 % scaling (1093 px) "Export appeal letter…" goes to a
    second row instead of losing its first and last letters. A word-wrapped label is as tall
    as its text at the width it gets.
    """

    def __init__(self, parent: QWidget | None = None, *, lead: bool = False) -> None:
        """``lead``: the first item (a status line) shares its row with the buttons only when
        they all fit in one; else it has a row of its own above them."""
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self._lead = lead

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        """Add ``widget`` (the layout must be on its widget, or in its parent layout, first)."""
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
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
        return self._with_margins(width, max((h.height() for h in hints), default=0))

    def minimumSize(self) -> QSize:
        widest = max((self._least(item) for item in self._shown()), default=0)
        margins = self.contentsMargins()
        height = self.heightForWidth(widest + margins.left() + margins.right())
        return QSize(widest + margins.left() + margins.right(), height)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def hints(self) -> tuple[int, ...]:
        """What the rows depend on, flat: each shown item's size hint, spacing and margins."""
        margins = self.contentsMargins()
        flat = [self.spacing(), margins.left(), margins.right(), margins.top(), margins.bottom()]
        for item in self._shown():
            hint = item.sizeHint()
            flat += (hint.width(), hint.height())
        return tuple(flat)

    # --- rows -----------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    @staticmethod
    def _least(item: QLayoutItem) -> int:
        """A button's whole text; a wrapped label's least width."""
        hint = item.minimumSize() if item.hasHeightForWidth() else item.sizeHint()
        return hint.width()

    def _gap(self) -> int:
        return max(0, self.spacing())

    def _with_margins(self, width: int, height: int) -> QSize:
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _rows(self, width: int) -> list[list[int]]:
        """Indexes of the shown items per row, filled left to right while they fit."""
        rows: list[list[int]] = []
        used = 0
        shown = [i for i, item in enumerate(self._items) if not item.isEmpty()]
        wishes = [min(self._items[i].sizeHint().width(), width) for i in shown]
        one_row = sum(wishes) + self._gap() * (len(shown) - 1) <= width
        lead_alone = self._lead and not one_row and bool(shown) and shown[0] == 0
        for n, (index, need) in enumerate(zip(shown, wishes, strict=True)):
            after_lead = lead_alone and n == 1  # the buttons start below the status line
            if rows and not after_lead and used + self._gap() + need <= width:
                rows[-1].append(index)
                used += self._gap() + need
            else:
                rows.append([index])
                used = need
        return rows

    def _widths(self, row: list[int], width: int) -> list[int]:
        """Each item's width in a row ``width`` px wide: its wish, plus its share of the rest."""
        wishes = [min(self._items[i].sizeHint().width(), width) for i in row]
        spare = max(0, width - sum(wishes) - self._gap() * (len(row) - 1))
        weights = [self._stretch[i] for i in row]
        if not any(weights):
            weights = [1] * len(row)
        total, given, widths = sum(weights), 0, []
        for n, wish in enumerate(wishes):
            share = spare * sum(weights[: n + 1]) // total - given
            given += share
            widths.append(wish + share)
        return widths

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the rows out in ``rect`` (when ``place``); returns the height they take."""
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = inner.y()
        for row in self._rows(inner.width()):
            widths = self._widths(row, inner.width())
            height = 0
            for i, width in zip(row, widths, strict=True):
                item = self._items[i]
                tall = item.heightForWidth(width) if item.hasHeightForWidth() else -1
                height = max(height, tall if tall >= 0 else item.sizeHint().height())
            if place:
                x = inner.x()
                for i, width in zip(row, widths, strict=True):
                    self._items[i].setGeometry(QRect(x, y, width, height))
                    x += width + self._gap()
            y += height + self._gap()
        rows_height = max(0, y - self._gap() - inner.y())
        return rows_height + margins.top() + margins.bottom()


TITLE_BAR_CONTROLS = 120
"""Room a window manager's title bar takes beside the title: the icon and three buttons."""


def title_width(window: QWidget) -> int:
    """The width ``window``'s title bar needs: the window manager shows the title followed by
    " — CDT Companion Desktop" (Qt adds the app's name). The title font is often bold: a sixth
    is added for it."""
    from PySide6.QtGui import QGuiApplication

    title = window.windowTitle()
    name = QGuiApplication.applicationDisplayName()
    shown = f"{title} — {name}" if name and name != title else title
    return round(window.fontMetrics().horizontalAdvance(shown) * 7 / 6) + TITLE_BAR_CONTROLS


def fit_title(dialog: QWidget) -> None:
    """A dialog at least as wide as its title bar needs (``title_width``): the window manager
    cut "Mark as submitted — CDT Companion Desktop" to "Mark as submitt... panion Desktop" in
    the claim status dialog, 327 px wide."""
    dialog.setMinimumWidth(max(dialog.minimumWidth(), title_width(dialog)))
