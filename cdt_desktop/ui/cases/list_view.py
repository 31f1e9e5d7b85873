"""The list of saved cases: search as you type, filter by status, open, create, import, export.

Why the search goes to the store on every keystroke: `CaseStore.list_cases` matches every typed
word in any order and any script (accents, capitals and the marks inside a name aside) in
name, chart/claim number, code, tooth and date, with an index and a row limit, so one query per
keystroke stays well under a frame and the list never holds stale rows after another window
saved a case.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.cases.ports import CASE_STATUSES, CaseSummary
from cdt_desktop.domain.reference import CodeLibrary
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.claim_status import ClaimStatusMenu
from cdt_desktop.ui.cases.list_model import CaseListModel, deleted_lookup, history_tip
from cdt_desktop.ui.cases.list_table import CaseTable
from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.fields import KeyLineEdit
from cdt_desktop.ui.common.metrics import ButtonRows, size_target

LIST_LIMIT = 500
"""Rows the list shows at most (newest first); the label says when there are more."""
if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent

    from cdt_desktop.services.billing_views import ViewRows
    from cdt_desktop.ui.common.fields import ShortcutForwarder

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DUE = "due"  # the status filter's "Due" entry: denied claims by appeal deadline
TO_SUBMIT = "to-submit"  # its "To submit" entry: draft claims, the documented ones first
WAITING = "waiting"  # its "Waiting" entry: prior authorizations sent, not answered yet
_READ_EVERY_CASE = (DUE, TO_SUBMIT, WAITING)
"""The views that read each case they list (not only the list's columns)."""
_NO_CREATE = "Creating a case needs the dentist, assistant or admin role"
_NO_EXPORT = "Exporting a case file needs the billing or admin role"
_EXPORT_TIP = "Save the selected case as a case file (JSON)"
HOLD_AWAY = 30.0
"""Seconds a hold lasts with the pointer off the table (after a status change by keyboard)."""
_GONE_READ = 20
"""Shown cases a refresh under the pointer reads again at most (one at a time)."""


class CaseList(ClaimStatusMenu, QWidget):
    """Search field + status filter + table of cases + New / Import / Export buttons."""

    caseOpened = Signal(int)
    newCaseRequested = Signal()
    caseImported = Signal(int)
    caseExported = Signal(int, str)  # the case, the name of the case file saved
    statusMessage = Signal(str)  # a claim's status changed: the status bar's line
    _table: CaseTable

    def __init__(
        self,
        service: CaseService | None,
        *,
        library: CodeLibrary | None = None,
        operator_source: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseList")
        self.setAccessibleName("Case list")
        self._service = service
        self._library = library
        self._operator_source = operator_source

        filters = self._filters()
        self._model = CaseListModel(self)
        self._stale = False  # a view left unread behind another tab (refresh)
        self._held_at = 0.0  # when the rows were last held in their places (time.monotonic)
        if library is not None:
            self._model.set_deleted_lookup(deleted_lookup(library))
        self._model.set_history_lookup(  # (offline: no read, which would wait for the server)
            lambda case_id: "" if self._offline else history_tip(self._service, case_id)
        )
        self._table = CaseTable(self._model, self)
        self._table.on_key = self._table_key
        self._table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self._table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._table.on_menu = self._context_menu  # right-click, Menu key
        self._table.on_leave = self._pointer_left
        self._table.on_empty_focus = lambda: self._search.setFocus(Qt.FocusReason.OtherFocusReason)

        self._message = QLabel(self)
        self._counted = ""  # the count the list's own rows make (a held row aside)
        self._message.setObjectName("caseListMessage")
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setAccessibleName("Case list status")
        self._message.setWordWrap(True)  # a long one wraps in a narrow pane, never cut

        self._new = self._button("New case", "newCaseButton", self.newCaseRequested.emit)
        self._import = self._button("Import…", "importCaseButton", self.import_case)
        self._export = self._button("Export…", "exportCaseButton", self.export_selected)
        self._create_tips = {
            self._new: "Create a case from the current tooth, findings and code",
            self._import: "Add a case from a case file (JSON)",
        }
        self._export.setToolTip(_EXPORT_TIP)
        self._exports = True  # the role may export a case file (set with the rows)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        buttons = ButtonRows(lead=True)  # the count beside the buttons, or above them
        layout.addLayout(buttons)
        buttons.add(self._message, 1)
        for button in (self._new, self._import, self._export):
            buttons.add(button)
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        """The search as you type and the status filter (Due: denied claims by deadline;
        Waiting: prior-authorization requests sent and not answered, the longest first)."""
        self._search = KeyLineEdit(self)
        self._search.on_key = self._search_key
        self._search.setObjectName("caseSearch")
        self._search.setPlaceholderText("Search cases: patient, date, code, tooth or claim number")
        self._search.setAccessibleName("Search cases")
        self._search.setClearButtonEnabled(True)
        size_target(self._search)
        self._search.textChanged.connect(self._reorder)

        self._status = GuardedComboBox(self)
        self._status.setObjectName("caseStatusFilter")
        self._status.setAccessibleName("Filter by status")
        size_target(self._status)
        self._status.addItem("All statuses", None)
        self._status.addItem("Due: appeal deadlines", DUE)
        self._status.addItem("To submit", TO_SUBMIT)
        self._status.addItem("Waiting: prior auth", WAITING)
        for status in CASE_STATUSES:  # "Void" shows the voided cases, hidden otherwise
            self._status.addItem(status.capitalize(), status)
        self._status.currentIndexChanged.connect(self._reorder)
        row = QHBoxLayout()
        row.addWidget(self._search, 3)
        row.addWidget(self._status, 1)
        return row

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        size_target(button)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- public API -------------------------------------------------------------------------
    def set_code_notes(self, notes: Mapping[str, str]) -> None:
        """Mark open cases whose code the newest CDT edition deleted or revised."""
        self._model.set_code_notes(notes)
        self.fit_columns()

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        """The window's shortcuts win over the search field and the status filter."""
        self._search.shortcuts = shortcuts
        self._status.shortcuts = shortcuts

    def model(self) -> CaseListModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    def search_field(self) -> QLineEdit:
        return self._search

    def status_filter(self) -> QComboBox:
        return self._status

    def focus_order(self) -> list[QWidget]:
        """Its fields and buttons in the order Tab visits them."""
        return [self._search, self._status, self._table, self._new, self._import, self._export]

    def set_online(self, online: bool) -> None:
        """Offline: searching, opening and the buttons are off (nothing can be read or saved);
        the list itself stays on, so a right-click says why (``ClaimStatusMenu``)."""
        self._offline = not online
        for part in (self._search, self._status, self._table, self._new, self._import):
            part.setEnabled(online)
        if online:
            self.refresh()  # the buttons as the store and the selection allow
            return
        self._export.setEnabled(False)
        self._message.setText("Offline")  # the status bar says more; so does a right-click

    def set_service(self, service: CaseService | None) -> None:
        """Point the list at another store (e.g. after a restore) and reload."""
        self._service = service
        self.refresh(reorder=True)

    def new_user(self) -> None:
        """Someone else signed in at this window: the last user's search (a patient's name)
        goes, and the buttons follow the new user's role."""
        self._search.clear()
        self.refresh(reorder=True)

    def set_notation(self, notation: str) -> None:
        """This PC's tooth numbering (the chart's Notation): the list and the status dialog
        name each case's tooth in it, whichever notation the case was written in. "Palmer
        LL6" is wider than "#19": the columns are fitted again, so Status stays in view."""
        self._model.set_notation(notation)
        self.fit_columns()

    def refresh(self, *, reorder: bool = False, hold: bool = False) -> None:
        """Re-run the search, keeping the selected case selected when it is still listed.

        The rows keep their places while the pointer is on the table, and after a status
        changed from the list (`hold`) until the pointer has been back on the table and left
        it: the changed row had moved to the top, and the double-click aimed at it opened
        another patient's case (new-user walkthrough). A change at another workstation moves
        nothing under the pointer either. `reorder` (the user's own search, filter or import)
        orders the rows at once; so does a refresh ``HOLD_AWAY`` seconds into a hold with the
        pointer elsewhere.

        A view that reads every case it lists (Due, To submit, Waiting) is read again when its
        tab is next shown, not at each tick behind the Checklist tab (every tick, here or at
        another workstation, asks the list to refresh)."""
        if self._status.currentData() in _READ_EVERY_CASE and self._behind_another_tab():
            self._stale = True
            return
        self._stale = False
        keep = self.selected_case_id()
        notes: dict[int, tuple[str, bool]] = {}
        tips: dict[int, str] = {}
        try:
            shown = self._status.currentData()
            if shown in _READ_EVERY_CASE:
                rows, notes, tips, ready = self._view_rows(shown)
            else:
                rows, ready = self._list_rows(), None
            message = self._count_text(len(rows))
            if ready is not None and rows:
                message = f"{message}: {ready:,} ready to send"
        except UserFacingError as exc:
            rows = []
            message = str(exc)
        self._message.setText(message)
        self._counted = message
        if not reorder and self._model.rowCount() and self._holds(hold):
            gone = self._gone(rows)
            self._model.set_rows(rows, notes, tips, hold=True, gone=gone)
            if gone:  # the rows shown are more than the count (walkthrough: "1 case", 2 rows)
                until = (  # a change made by keyboard, the mouse elsewhere: half a minute
                    "until the pointer leaves the list"
                    if self._table.pointer_came or self._table.pointer_on()
                    else "for half a minute"
                )
                self._message.setText(f"{message} (and {len(gone)} just changed, shown {until})")
        else:
            self._model.set_rows(rows, notes, tips)
        self.fit_columns()
        if keep is not None:
            self.select_case(keep)
        read_only = self._service is None or self._service.read_only or self._offline
        creates = not read_only and self._service is not None and self._service.may("create-case")
        for button in (self._new, self._import):
            button.setEnabled(creates)
            button.setToolTip(self._create_tips[button] if creates or read_only else _NO_CREATE)
        # greyed with the reason, as the status changes are (hand-over walk: the assistant's
        # Export... was offered, then refused in a dialog)
        self._exports = self._service is None or self._service.may("export")
        self._export.setToolTip(_EXPORT_TIP if self._exports else _NO_EXPORT)
        self._update_buttons()

    def fit_columns(self) -> None:
        """Hide the least needed columns until the rest fit without sideways scrolling.

        Six columns never fit the ~330 px right pane, and a sideways scroll bar hides the
        status, which billing staff look for first; the window grows, the columns come back.
        """
        if not self._table.testAttribute(Qt.WidgetAttribute.WA_Resized) or not self.isVisible():
            return  # not laid out yet (a new list, or the tab never shown): its width means nothing
        self._table.hide_columns_to_fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        """A list refreshed while its tab was hidden measured a header that was not laid out;
        a view left unread behind another tab is read now."""
        super().showEvent(event)
        if self._stale:
            self.refresh(reorder=True)  # rows no one has seen: nothing to hold in place
        self.fit_columns()

    def _behind_another_tab(self) -> bool:
        """The window is shown and this list is not (the Checklist tab is in front)."""
        return self.window().isVisible() and not self.isVisible()

    def _count_text(self, count: int) -> str:
        """How many cases are listed, and when the list is cut at ``LIST_LIMIT``, of how many
        (issue 15 item 18: "500 cases" when the store held 10,000)."""
        filtered = bool(self._search.text().strip()) or self._status.currentData() is not None
        if count == 0:
            return "No cases match" if filtered else "No cases yet"
        if count >= LIST_LIMIT and self._service is not None:
            if filtered:
                return f"Newest {count:,} matches shown; type more to narrow the search"
            return f"Newest {count:,} of {self._service.count_cases():,} cases"
        return f"{count:,} case" + ("" if count == 1 else "s")

    def select_case(self, case_id: int) -> bool:
        """Select (and scroll to) the row of `case_id`; False when it is not listed."""
        row = self._model.row_of(case_id)
        if row is None:
            return False
        self._table.selectRow(row)
        self._table.scrollTo(self._model.index(row, 0))
        return True

    def selected_case_id(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return self._model.case_id(rows[0].row()) if rows else None

    # -- actions (ui/cases/file_io.py: file dialogs and case files, not needed at start-up) ---
    def import_case(self) -> int | None:
        """Ask for a case file and add it; every problem is shown and nothing is imported."""
        if self._service is None:
            return None
        from cdt_desktop.ui.cases import file_io

        case_id = file_io.import_for(self, self._service, self._operator_source())
        if case_id is not None:
            self._search.clear()
            self._status.setCurrentIndex(0)
            self.refresh(reorder=True)
            self.select_case(case_id)
            self.caseImported.emit(case_id)
        return case_id

    def export_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None or self._service is None:
            return
        from cdt_desktop.ui.cases import file_io

        saved = file_io.export_for(
            self, self._service, case_id, self._operator_source(), self._library
        )
        self.refresh()
        if saved is not None:
            self.caseExported.emit(case_id, saved.name)

    # -- the billing views (services/billing_views.py; the status menu: ClaimStatusMenu) ----
    def _list_rows(self) -> list[CaseSummary]:
        if self._service is None:
            return []
        status = self._status.currentData()
        return self._service.list_cases(self._search.text(), status=status, limit=LIST_LIMIT)

    def _view_rows(self, view: str) -> ViewRows:
        """Due, To submit or Waiting, narrowed by the search box's words."""
        from cdt_desktop.services import billing_views as views

        billing = self.billing()
        if billing is None:
            return views.ViewRows([], {}, {})
        entry_for = self._library.get if self._library is not None else views.no_entry
        rows = views.view_rows(billing, view, entry_for, self.today(), LIST_LIMIT)
        query = self._search.text().strip()
        matching = None
        if query:
            found = self._service.list_cases(query) if self._service is not None else []
            matching = {s.id for s in found}
        return views.shown(rows, matching, counts_ready=view == TO_SUBMIT)

    # -- internals --------------------------------------------------------------------------
    def _reorder(self, *_args: Any) -> None:
        self.refresh(reorder=True)

    def _holds(self, asked: bool) -> bool:
        """Whether this refresh keeps the rows in their places (see `refresh`)."""
        if not self._table.isVisible():
            return False  # behind the Checklist tab: no one sees the rows move
        now = time.monotonic()
        if asked or self._table.pointer_on():
            self._held_at = now
            if asked:  # changed from the list: held until the pointer comes back and leaves
                self._table.pointer_came = self._table.pointer_on()
                # or, the pointer elsewhere (a change made by keyboard), until HOLD_AWAY is up:
                # nothing refreshed the list then, and the row stayed for minutes (keyboard walk)
                QTimer.singleShot(int(HOLD_AWAY * 1000) + 250, self, self._hold_ran_out)
            return True
        return self._model.is_held() and now - self._held_at < HOLD_AWAY

    def _gone(self, rows: list[CaseSummary]) -> list[CaseSummary]:
        """The shown cases the new rows lack, read again: a draft marked submitted in To submit
        stays on its row, now "Submitted", until the pointer leaves (a case deleted meanwhile
        goes)."""
        listed = {row.id for row in rows}
        shown = (self._model.case_id(row) for row in range(self._model.rowCount()))
        gone = [case_id for case_id in shown if case_id is not None and case_id not in listed]
        lines: list[CaseSummary] = []
        service = self._service
        if service is None:
            return lines
        for case_id in gone[:_GONE_READ]:
            with suppress(UserFacingError):
                lines.append(service.get(case_id).summary())
        return lines

    def _hold_ran_out(self) -> None:
        """``HOLD_AWAY`` after a change made from the list: the rows take the list's order
        unless the pointer is on them (or a later change holds them again)."""
        if (
            self._model.is_held()
            and not self._table.pointer_on()
            and time.monotonic() - self._held_at >= HOLD_AWAY
        ):
            self.refresh()

    def _pointer_left(self) -> None:
        """The rows held in place under the pointer take the list's order: once it has come
        back to the table and left (a leave as the status dialog closed, its button over the
        chart, dropped the row at once: re-walk)."""
        if self._model.is_held() and self._table.pointer_came:
            keep = self.selected_case_id()
            self._model.release()
            self._message.setText(self._counted)
            self.fit_columns()
            if keep is not None:
                self.select_case(keep)

    def _update_buttons(self, *_args: Any) -> None:
        self._export.setEnabled(
            self.selected_case_id() is not None and not self._offline and self._exports
        )

    def _open_row(self, row: int) -> None:
        case_id = self._model.case_id(row)
        if case_id is not None:
            self.caseOpened.emit(case_id)

    def _table_key(self, event: QKeyEvent) -> bool:
        """Enter opens the selected case; Shift+F10 opens its status menu (the Menu key comes
        as a context-menu event)."""
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            self._keyboard_menu()
            return True
        if event.key() in _OPEN_KEYS:
            current = self._table.currentIndex()
            if current.isValid():
                self._open_row(current.row())
                return True
        return False

    def _search_key(self, event: QKeyEvent) -> bool:
        """Down moves into the table; Enter opens the only case found."""
        key = event.key()
        if key == Qt.Key.Key_Down and self._model.rowCount():
            self._table.setFocus()
            if self.selected_case_id() is None:
                self._table.selectRow(0)
            return True
        if key in _OPEN_KEYS and self._model.rowCount() == 1:
            self._table.selectRow(0)  # the case opened is the one selected: Export... and the
            self._open_row(0)  # status menu act on it (keyboard walkthrough: Export greyed)
            return True
        return False
