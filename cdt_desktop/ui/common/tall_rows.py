"""A drop-down list's rows made taller for the large-target mode (``metrics.tall_rows``).

A delegate that wraps the box's own: it paints and edits as that one does (a Fusion box draws
its list as menu items), and only answers a taller size. Loaded when a box first grows, never at
start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemDelegate, QStyledItemDelegate, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem


class TallRows(QStyledItemDelegate):
    """Rows at least ``height`` px tall, drawn by ``inner`` (the delegate it replaces)."""

    def __init__(self, inner: QAbstractItemDelegate, height: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.inner = inner
        self.height = height

    def _own(self) -> QAbstractItemDelegate | None:
        """The box's own delegate while it lives, else None (this one's plain drawing): an
        error in every row's size left the lists unopenable until a restart (hostile-user
        walkthrough: "Internal C++ object already deleted" after zoom, colour and
        large-target changes)."""
        from shiboken6 import isValid

        return self.inner if isValid(self.inner) else None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        own = self._own()
        if own is None:
            super().paint(painter, option, index)
        else:
            own.paint(painter, option, index)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        own = self._own()
        size = super().sizeHint(option, index) if own is None else own.sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self.height))
