"""A line of plain text wrapped at words, for a text that changes on every click.

A word-wrapped QLabel asks its pane to lay itself out again on every ``setText`` (Qt's
``updateGeometry``), whether or not the new text needs another height. Under the tooth chart that
relayout of the whole chart panel was about 1.1 M of a tooth click's 8.6 M instructions. This
widget shows its text as such a label does (word-wrapped, left-aligned, vertically centred, in the
widget's text colour, with a height for each width) but asks for a relayout only when the new
text needs another height at its current width; otherwise it only repaints itself.

For screen readers it is what a label is: an accessible interface with the static-text role whose
name is the text shown (a plain QWidget's role is a generic "client" with no text), and a new
text is announced as a name change. Its factory is installed a moment after the first show
(``INSTALL_DELAY_MS``), not at import or at the show: QAccessible's first use costs milliseconds
that the window's start does not need. A screen reader that looked at a line before then got the
generic interface; the install drops it, so its next look gets the label's.
"""

from __future__ import annotations

import weakref
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAccessibleInterface, QFont, QPaintEvent, QShowEvent
    from PySide6.QtWidgets import QAccessibleWidget

_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
_WIDEST_CHARS = 80  # a word-wrapped QLabel's widest wish, in average characters
INSTALL_DELAY_MS = 300  # the accessibility factory: after the window's start is done


class WrappedText(QWidget):
    """``text()``/``setText()`` like a QLabel with word wrap on."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._reserve = ""  # a longer text whose height is kept whatever is shown (set_reserve)
        self._reserved: tuple[int, QFont, int] | None = None  # (width, font, its height)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if not _accessible_installed:
            _before_install.add(self)

    def text(self) -> str:
        return self._text

    def wordWrap(self) -> bool:
        return True

    def set_reserve(self, text: str) -> None:
        """Keep the height ``text`` needs at each width, however short the shown text is: a
        line that grew from one row to three on a click shrank what is above it (the tooth
        chart at 125 %: the teeth moved 20 px under the pointer)."""
        if text != self._reserve:
            self._reserve = text
            self._reserved = None
            self.updateGeometry()

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        width = self.width()
        before = self.heightForWidth(width)
        self._text = text
        if not self.isVisible() or self.heightForWidth(width) != before:
            self.updateGeometry()
        self.update()
        if _accessible_installed:
            _announce(self)

    def showEvent(self, event: QShowEvent) -> None:
        global _install_queued
        if not _install_queued:
            _install_queued = True
            QTimer.singleShot(INSTALL_DELAY_MS, _install_accessible)
        super().showEvent(event)

    def _text_height(self, width: int) -> int:
        bounds = QRect(0, 0, max(1, width), 1_000_000)
        metrics = self.fontMetrics()
        height = metrics.boundingRect(bounds, _FLAGS, self._text).height()
        if not self._reserve:
            return height
        # the reserve's height, measured once per width and font: a tooth's click asks for the
        # line's height twice (before and after its new text), at the same width every time
        font = self.font()
        cached = self._reserved
        if cached is None or cached[0] != width or cached[1] != font:
            reserved = metrics.boundingRect(bounds, _FLAGS, self._reserve).height()
            cached = self._reserved = (width, font, reserved)
        return max(height, cached[2])

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._text_height(inner) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        widest = metrics.averageCharWidth() * _WIDEST_CHARS
        inner = min(metrics.horizontalAdvance(self._text), widest)
        width = inner + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(
            margins.left() + margins.right(),
            self.fontMetrics().height() + margins.top() + margins.bottom(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # its pen is the widget's text colour, as a label's is
        painter.drawText(self.contentsRect(), _FLAGS, self._text)
        painter.end()


_install_queued = False
_accessible_installed = False
_before_install: weakref.WeakSet[WrappedText] = weakref.WeakSet()
"""The lines made before the factory: only these can hold a generic interface. (Walking
``QApplication.allWidgets()`` instead made PySide6 build the enum classes of every widget class
in the window, some 50, about 20 ms on the GUI thread.)"""


def _install_accessible() -> None:
    """Once: the factory that gives every WrappedText its label-like accessible interface; a
    generic interface made for a line before it (a screen reader already listening) is
    dropped, and the line announced, so the next look makes the label's."""
    global _accessible_installed
    if _accessible_installed:
        return
    _accessible_installed = True
    from PySide6.QtGui import QAccessible

    QAccessible.installFactory(_accessible_for)
    made_before = list(_before_install)
    _before_install.clear()
    for widget in made_before:
        try:
            found = QAccessible.queryAccessibleInterface(widget)
        except RuntimeError:  # its C++ side was deleted while Python held it
            continue
        if found is not None and found.role() != QAccessible.Role.StaticText:
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(found))
            _announce(widget)


def _accessible_for(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt asks this for each class name of an object a screen reader looks at."""
    if key != "WrappedText" or not isinstance(obj, WrappedText):
        return None
    from PySide6.QtGui import QAccessible

    return _interface_class()(obj, QAccessible.Role.StaticText)


@cache
def _interface_class() -> type[QAccessibleWidget]:
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAccessibleWidget

    class StaticText(QAccessibleWidget):
        """Read as a label: the static-text role, named by the text shown; the widget's own
        accessible name ("Selected tooth") is its description."""

        def text(self, kind: QAccessible.Text) -> str:
            widget = self.widget()
            if kind == QAccessible.Text.Name and isinstance(widget, WrappedText):
                return widget.text()
            if kind == QAccessible.Text.Description:
                return widget.accessibleDescription() or widget.accessibleName()
            return str(super().text(kind))

    return StaticText


def _announce(widget: WrappedText) -> None:
    """A screen reader hears the new text (when one is listening: else nothing is built)."""
    from PySide6.QtGui import QAccessible, QAccessibleEvent

    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.NameChanged))
