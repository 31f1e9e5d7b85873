"""The table of the case list: one row a case, sized for the narrow right pane.

Split from ``list_view.py`` (the search, the filter, the buttons and what they do): how the
table is set up, and which columns it hides when the pane is too narrow for all six.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cdt_desktop.ui.cases.list_model import CaseListModel
from cdt_desktop.ui.common.fields import KeyHandler, handled
from cdt_desktop.ui.common.focus_selection import SelectionFollowsFocus
from cdt_desktop.ui.common.metrics import TARGET

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QContextMenuEvent, QEnterEvent, QFocusEvent, QKeyEvent

MIN_CONTROL_HEIGHT = TARGET
SIZE_HINT_ROWS = 50
PATIENT_MIN_WIDTH = 88  # the patient column keeps at least this much before others are hidden
# Columns hidden first when the pane is narrow: Updated, then Tooth, then Date. At 1366 px the
# right pane's table is ~356 px and shows Patient (~90 px: "Nguyễn Văn An" elided, whole in its
# tooltip and the open case's heading), Date, Tooth, Code and Status: date and tooth tell two
# visits of one patient apart; the status marks an incomplete draft. (With 96 px kept for the
# name, a case with its date of service, as the form saves it, hid the Tooth column there.)
_HIDE_ORDER = (5, 2, 1, 3)
"""... and last the Code, at a large View > Zoom: the name and the status are what billing reads
first (at 160 % the name shrank to "B..." and the status was cut mid-word: new-user walkthrough)."""
PATIENT_MIN_TEXT = "Nguyễn Văn A"
"""The patient column keeps at least this text's width (``PATIENT_MIN_WIDTH`` at 100 %), so it
grows with View > Zoom."""


class KeyTableView(SelectionFollowsFocus, QTableView):
    """A table view whose owner handles some keys (Enter opens the selected row); here, with
    its only table, so that no window builds PySide6's table class before its Cases tab shows."""

    on_key: KeyHandler | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handled(event, None, self.on_key):
            super().keyPressEvent(event)


class CaseTable(KeyTableView):
    """The cases table; its owner answers a context menu (a typed handler: no event filter)."""

    on_menu: Callable[[QContextMenuEvent], None] | None = None
    on_leave: Callable[[], None] | None = None
    on_empty_focus: Callable[[], None] | None = None
    """The keyboard given back to an empty table (a dialog closed over it): where it goes."""
    pointer_came = False
    """The pointer entered the table since the list last cleared this (``CaseList._holds``)."""

    def __init__(self, model: CaseListModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model
        self.setObjectName("caseTable")
        self.setAccessibleName("Cases")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(MIN_CONTROL_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Dates, codes, teeth and statuses are all about as wide: measuring the first rows is
        # enough, and measuring all 500 cost ~0.5 s at start on a large store (issue 15, load).
        header.setResizeContentsPrecision(SIZE_HINT_ROWS)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # one line per row: a wrapped name's second line has no room in a 32 px row, so the
        # list showed only first names ("Emma …") and two Emmas looked alike (tour9)
        self.setWordWrap(False)
        # a header click sorts (again: the other way; a third time: last changed first)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.on_menu is not None:
            self.on_menu(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Given back by a dialog that closed (the case form saved: its case left the view), an
        empty table hands the keyboard on: it sat in a list with nothing to show where it was
        (keyboard walk). Tab into it stays: Tab out of the search field would come back."""
        super().focusInEvent(event)
        if (
            event.reason() == Qt.FocusReason.ActiveWindowFocusReason
            and self._model.rowCount() == 0
            and self.on_empty_focus is not None
        ):
            self.on_empty_focus()

    def enterEvent(self, event: QEnterEvent) -> None:
        super().enterEvent(event)
        self.pointer_came = True

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        from PySide6.QtWidgets import QApplication

        # a menu opened on a row takes the pointer: the rows stay under it until it closes
        # (``menu_closed``; a right-click emptied To submit under its menu: walkthrough)
        if self.on_leave is not None and QApplication.activePopupWidget() is None:
            self.on_leave()

    def menu_closed(self) -> None:
        """A menu on the table closed: the pointer left meanwhile, the rows take their order."""
        if self.on_leave is not None and not self.pointer_on():
            self.on_leave()

    def pointer_on(self) -> bool:
        """The mouse pointer is over the table (a menu or a dialog closed over it included,
        which took Qt's enter and leave events with it)."""
        from PySide6.QtGui import QCursor

        if not self.isVisible():
            return False
        return self.rect().contains(self.mapFromGlobal(QCursor.pos()))

    _fitted_width = -1  # the header's width the columns were last fitted to (-1: never)

    def updateGeometries(self) -> None:
        """The header's width also changes with the table's own size unchanged: the vertical
        scroll bar comes or goes with the rows listed. The columns fitted while it was there
        stayed hidden once it was gone (walkthrough: the Tooth column was hidden after a
        restart and shown after a refresh, at one width)."""
        super().updateGeometries()
        if self._fitted_width >= 0 and self.horizontalHeader().width() != self._fitted_width:
            self.hide_columns_to_fit()

    def hide_columns_to_fit(self) -> None:
        """Hide the least needed columns until the rest fit the header's width (laid out)."""
        header = self.horizontalHeader()
        # The header spans the viewport (QTableView sizes it so). Asking for viewport() itself
        # would hand PySide6 a widget it has not wrapped yet, and it then loads every QWidget
        # subclass to find its type: ~38 enum classes, ~5 ms of start-up.
        available = header.width()
        self._fitted_width = available
        for column in _HIDE_ORDER:
            header.setSectionHidden(column, False)
        if available <= 0:
            return

        patient = max(PATIENT_MIN_WIDTH, self.fontMetrics().horizontalAdvance(PATIENT_MIN_TEXT))

        def needed() -> int:
            return patient + sum(
                max(header.sectionSizeHint(c), self.sizeHintForColumn(c))
                for c in range(1, self._model.columnCount())
                if not header.isSectionHidden(c)
            )

        for column in _HIDE_ORDER:
            if needed() <= available:
                break
            header.setSectionHidden(column, True)
