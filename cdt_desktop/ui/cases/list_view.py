"""The list of saved cases: search as you type, filter by status, open, create, import, export.

Why the search goes to the store on every keystroke: `CaseStore.list_cases` matches every typed
word in any order and any script (accents, capitals and the marks inside a name aside) in
name, chart/claim number, code, tooth and date, with an index and a row limit, so one query per
keystroke stays well under a frame and the list never holds stale rows after another window
saved a case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
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
from cdt_desktop.ui.cases.list_model import CaseListModel
from cdt_desktop.ui.cases.list_table import CaseTable
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.fields import KeyLineEdit
from cdt_desktop.ui.common.metrics import ButtonRows, size_target

LIST_LIMIT = 500
"""Rows the list shows at most (newest first); the label says when there are more."""
if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent

    from cdt_desktop.domain.cases.status import DueItem, SubmitItem
    from cdt_desktop.services.code_risk import CodeRisk
    from cdt_desktop.ui.common.fields import ShortcutForwarder

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DUE = "due"  # the status filter's "Due" entry: denied claims by appeal deadline
TO_SUBMIT = "to-submit"  # its "To submit" entry: draft claims, the documented ones first
WAITING = "waiting"  # its "Waiting" entry: prior authorizations sent, not answered yet
_READ_EVERY_CASE = (DUE, TO_SUBMIT, WAITING)
"""The views that read each case they list (not only the list's columns)."""


def _due_words(item: DueItem) -> str:
    """ "Due Dec 17 (16 d)"; a deadline in another year than today's says its year ("Due Apr
    3 (120 d)" in December read as this spring: billing walkthrough)."""
    from datetime import timedelta

    today = item.deadline - timedelta(days=item.days_left)
    year = f", {item.deadline.year}" if item.deadline.year != today.year else ""
    when = f"{item.deadline:%b} {item.deadline.day}{year}"
    if item.overdue:
        return f"Overdue {-item.days_left} d ({when})"
    return f"Due {when} ({item.days_left} d)"


READY = "Ready to send"
"""The "To submit" view's status of a draft whose required documentation is all recorded."""
UNLISTED = "No checklist: check by hand"
"""... of a draft whose code has no checklist here: nothing was counted (check it by hand)."""


def _submit_words(item: SubmitItem) -> str:
    """ "Ready to send", "2 items missing", "Treatment Dec 9" (not done yet), "No date of
    service", "Incomplete"; "No checklist: check by hand" for a code whose documentation is not
    known here."""
    if item.incomplete:
        return "Incomplete"
    if item.undated:
        return "No date of service"
    if item.planned:
        when = date.fromisoformat(item.date_of_service)
        return f"Treatment {when:%b} {when.day}"
    if item.missing:
        return f"{item.missing} item{'s' if item.missing != 1 else ''} missing"
    return UNLISTED if item.unlisted else READY


def _no_entry(_code: str) -> None:
    """No reference library: every code unknown (its documentation cannot be counted)."""
    return None


class CaseList(ClaimStatusMenu, QWidget):
    """Search field + status filter + table of cases + New / Import / Export buttons."""

    caseOpened = Signal(int)
    newCaseRequested = Signal()
    caseImported = Signal(int)
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
        if library is not None:
            self._model.set_deleted_lookup(_deleted_lookup(library))
        self._table = CaseTable(self._model, self)
        self._table.on_key = self._table_key
        self._table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self._table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._table.on_menu = self._context_menu  # right-click, Menu key

        self._message = QLabel(self)
        self._message.setObjectName("caseListMessage")
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setAccessibleName("Case list status")
        self._message.setWordWrap(True)  # a long one wraps in a narrow pane, never cut

        self._new = self._button("New case", "newCaseButton", self.newCaseRequested.emit)
        self._import = self._button("Import…", "importCaseButton", self.import_case)
        self._export = self._button("Export…", "exportCaseButton", self.export_selected)
        self._new.setToolTip("Create a case from the current tooth, findings and code")
        self._import.setToolTip("Add a case from a case file (JSON)")
        self._export.setToolTip("Save the selected case as a case file (JSON)")

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
        self._search.textChanged.connect(self.refresh)

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
        self._status.currentIndexChanged.connect(self.refresh)
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
        self.refresh()

    def set_notation(self, notation: str) -> None:
        """This PC's tooth numbering (the chart's Notation): the list and the status dialog
        name each case's tooth in it, whichever notation the case was written in. "Palmer
        LL6" is wider than "#19": the columns are fitted again, so Status stays in view."""
        self._model.set_notation(notation)
        self.fit_columns()

    def refresh(self) -> None:
        """Re-run the search, keeping the selected case selected when it is still listed.

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
            if shown == DUE:
                rows, notes = self._due_rows()
            elif shown == TO_SUBMIT:
                rows, notes, tips = self._submit_rows()
            elif shown == WAITING:
                rows, notes = self._waiting_rows()
            else:
                rows = (
                    self._service.list_cases(
                        self._search.text(), status=self._status.currentData(), limit=LIST_LIMIT
                    )
                    if self._service is not None
                    else []
                )
            message = self._count_text(len(rows))
            if shown == TO_SUBMIT and rows:
                ready = sum(1 for text, _late in notes.values() if text == READY)
                message = f"{message}: {ready:,} ready to send"
        except UserFacingError as exc:
            rows = []
            message = str(exc)
        self._message.setText(message)
        self._model.set_rows(rows, notes, tips)
        self.fit_columns()
        if keep is not None:
            self.select_case(keep)
        read_only = self._service is None or self._service.read_only or self._offline
        self._new.setEnabled(not read_only)
        self._import.setEnabled(not read_only)
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
            self.refresh()
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

    # -- actions ----------------------------------------------------------------------------
    def import_case(self) -> int | None:
        """Ask for a case file and add it; every problem is shown and nothing is imported."""
        from cdt_desktop.ui.cases import (
            file_io as case_file_io,  # file dialogs and case files: not needed at start-up
        )

        if self._service is None:
            return None
        try:
            self._service.require("create-case")
        except UserFacingError as exc:
            msgbox.show_error(self, "Case not imported", str(exc))
            return None
        asked: list[CodeRisk] = []
        case_id = case_file_io.import_case_file(
            self, self._service.repository, operator=self._operator_source(),
            confirm=lambda text: self._code_confirmed(text, asked),
        )  # fmt: skip
        if case_id is not None and asked:  # audited as a confirmation in the form is
            risk = asked[0]
            with suppress(UserFacingError):
                self._service.repository.record_event(
                    case_id, operator=self._operator_source(), action="confirm-code",
                    detail=risk.audit_detail(),
                )  # fmt: skip
        if case_id is not None:
            self._search.clear()
            self._status.setCurrentIndex(0)
            self.refresh()
            self.select_case(case_id)
            self.caseImported.emit(case_id)
        return case_id

    def _code_confirmed(self, text: str, asked: list[CodeRisk]) -> bool:
        """A case file whose code is deleted or unknown (D3354, D9999) is imported only once
        the user says so, as the case form asks (it came in without a word: new-office
        walkthrough). A file that cannot be read is left to the import, which names every
        problem."""
        if self._service is None:
            return True
        try:  # checked as the import checks it: a file it refuses is not asked about
            case = self._service.read_case_file(text)
        except (UserFacingError, ValueError, TypeError, KeyError, AttributeError):
            return True
        risk = self._service.code_risk(case.procedure.code, case)
        if risk is None or risk.kind not in ("deleted", "unknown"):
            return True
        if not msgbox.ask_yes_no(
            self,
            f"Import a case coded {risk.code}?",
            f"{risk.reason}\n\nImport the case with {risk.code} anyway? Its code can be "
            "changed afterwards (Edit case).",
        ):
            return False
        asked.append(risk)
        return True

    def export_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None or self._service is None:
            return
        from cdt_desktop.ui.cases import file_io as case_file_io

        try:
            self._service.require("export")
        except UserFacingError as exc:
            msgbox.show_error(self, "Case not exported", str(exc))
            return
        case_file_io.export_case_file(
            self,
            self._service.repository,
            case_id,
            operator=self._operator_source(),
            library=self._library,
        )
        self.refresh()

    # -- billing: the deadlines view (the status menu: ClaimStatusMenu) ---------------------
    def _due_rows(self) -> tuple[list[CaseSummary], dict[int, tuple[str, bool]]]:
        billing = self.billing()
        if billing is None:
            return [], {}
        due = billing.due(self.today())
        query = self._search.text().strip()
        if query:
            shown = {s.id for s in self._service.list_cases(query)} if self._service else set()
            due = [(s, item) for s, item in due if s.id in shown]
        notes = {s.id: (_due_words(item), item.overdue) for s, item in due}
        return [s for s, _ in due], notes

    def _submit_rows(
        self,
    ) -> tuple[list[CaseSummary], dict[int, tuple[str, bool]], dict[int, str]]:
        """Draft claims, the documented first; a draft's tooltip names what it lacks."""
        billing = self.billing()
        if billing is None:
            return [], {}, {}
        library = self._library
        drafts = billing.to_submit(library.get if library is not None else _no_entry, self.today())
        query = self._search.text().strip()
        if query:
            shown = {s.id for s in self._service.list_cases(query)} if self._service else set()
            drafts = [(s, item) for s, item in drafts if s.id in shown]
        notes = {s.id: (_submit_words(item), False) for s, item in drafts}
        tips = {
            s.id: "Not recorded yet:\n" + "\n".join(f"• {gap}" for gap in item.gaps)
            for s, item in drafts
            if item.gaps
        }
        return [s for s, _ in drafts], notes, tips

    def _waiting_rows(self) -> tuple[list[CaseSummary], dict[int, tuple[str, bool]]]:
        """Requests sent and not answered: "Sent Nov 3 (31 d), no answer yet", marked when
        it is time to call the plan (``authorization.CHASE_AFTER_DAYS``)."""
        billing = self.billing()
        if billing is None:
            return [], {}
        today = self.today()
        waiting = billing.waiting(today, limit=LIST_LIMIT)
        query = self._search.text().strip()
        if query:
            shown = {s.id for s in self._service.list_cases(query)} if self._service else set()
            waiting = [(s, item) for s, item in waiting if s.id in shown]
        notes = {s.id: (item.words(today), item.to_chase) for s, item in waiting}
        return [s for s, _ in waiting], notes

    # -- internals --------------------------------------------------------------------------
    def _update_buttons(self, *_args: Any) -> None:
        self._export.setEnabled(self.selected_case_id() is not None and not self._offline)

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


def _deleted_lookup(library: CodeLibrary) -> Callable[[str], str]:
    """Code -> "deleted from the CDT (replaced by ...)" for a code the reference library
    knows as deleted, else "": read once per code, when a case with it is first shown."""
    known: dict[str, str] = {}

    def note(code: str) -> str:
        if code not in known:
            try:
                entry = library.get(code)
            except UserFacingError:  # the library unreadable now: no mark, never a crash
                return ""
            if entry is None or not entry.is_deleted:
                known[code] = ""
            else:
                after = ", ".join(entry.replaced_by)
                known[code] = "deleted from the CDT" + (f" (replaced by {after})" if after else "")
        return known[code]

    return note
