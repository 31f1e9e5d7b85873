"""Table model of case summaries (one row per case) for the case list.

Why a plain QAbstractTableModel over the store's `CaseSummary` rows instead of a SQL model: the
store owns searching (every word, any script, any case) and its connection; the model only
shows what `list_cases` returned, so the view never holds a database cursor. Names are plain
text in a model, so markup in a name is displayed literally.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.cross_notation import tooth_shown, universal_order
from cdt_desktop.domain.teeth import TOOTH_SIGNS
from cdt_desktop.services.cases import is_incomplete
from cdt_desktop.ui.common.script_fonts import cover

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseSummary
    from cdt_desktop.domain.reference import CodeLibrary
    from cdt_desktop.services.cases import CaseService

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The case id of a row (an int), whatever the column."""

PALMER_SIGN = TOOTH_SIGNS["palmer"]
COLUMNS = ("Patient", "Date", "Tooth", "Code", "Status", "Updated")
HEADER_TIPS = ("Patient", "Date of service", "Tooth", "CDT code", "Claim status", "Last change")
INCOMPLETE = "Incomplete"
"""Shown in the status column of a draft kept without a patient name or code."""

_Index = QModelIndex | QPersistentModelIndex


class _Rows(NamedTuple):
    """A list's lines as read, kept while the shown rows hold their places."""

    rows: list[CaseSummary]
    notes: dict[int, tuple[str, bool]]
    tips: dict[int, str]


def format_updated(value: str) -> str:
    """ISO time (UTC in the store) as local "2026-11-23 10:42"; the raw text if unreadable."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


_STATUS_ORDER = ("draft", "submitted", "denied", "appealed", "paid", "closed", "void")


def sort_key(summary: CaseSummary, column: int, text: str) -> tuple[Any, ...]:
    """How a column sorts as the office reads it: names without regard to case or accents,
    teeth by number (#8 before #19; lettered primary teeth after), statuses in the claim's
    workflow order, dates and codes as written."""
    import unicodedata

    if column == 0:
        plain = unicodedata.normalize("NFKD", text.casefold())
        return ("".join(c for c in plain if not unicodedata.combining(c)),)
    if column == 2:  # FDI 46 (#30) after #19: one order whichever notation wrote the case
        return universal_order(summary.tooth, summary.notation)
    if column == 4:
        status = summary.status if summary.status in _STATUS_ORDER else "draft"
        return (_STATUS_ORDER.index(status), text)
    return (text,)


class CaseListModel(QAbstractTableModel):
    """Read-only rows of case summaries; `set_rows` replaces them all."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._listed: list[CaseSummary] = []  # as the store (or the Due view) ordered them
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._notes: dict[int, tuple[str, bool]] = {}
        self._tips: dict[int, str] = {}
        self._code_notes: dict[str, str] = {}  # code -> "deleted in CDT 2027" (yearly change)
        self._deleted_of: Callable[[str], str] | None = None  # code -> "deleted ..." or ""
        self._history_of: Callable[[int], str] | None = None  # case id -> its claim's changes
        self._notation = ""  # this PC's tooth numbering: "" shows each tooth as it was written
        self._pending: _Rows | None = None  # the list in its own order, held (set_rows)

    # -- public API -------------------------------------------------------------------------
    def set_rows(
        self,
        rows: Sequence[CaseSummary],
        notes: dict[int, tuple[str, bool]] | None = None,
        tips: dict[int, str] | None = None,
        *,
        hold: bool = False,
        gone: Sequence[CaseSummary] = (),
    ) -> None:
        """Replace the rows; `notes` (case id -> (status text, overdue)) replace the status
        column's text, e.g. the appeal deadline in the "Due" view, overdue ones marked;
        `tips` are those notes' tooltips (the items a draft still lacks in "To submit").

        With `hold` (the pointer is on the list), the rows keep the places they had: the
        listed cases' new lines are shown where their old ones were, and so are `gone`'s (the
        lines, read again, of shown cases the list no longer matches); cases new to the list go
        after them. `release` puts the list in its own order. A row that moved as its status
        changed put another patient under a double-click aimed at the same spot (new-user
        walkthrough)."""
        if hold and self._rows:
            self._hold(rows, notes, tips, gone)
            return
        self._pending = None
        self._replace(list(rows), notes, tips)

    def _replace(
        self,
        rows: list[CaseSummary],
        notes: dict[int, tuple[str, bool]] | None,
        tips: dict[int, str] | None,
    ) -> None:
        cover(*(row.patient_name for row in rows))  # "김민준" on a PC without a Korean font
        self.beginResetModel()
        self._listed = rows
        self._notes = dict(notes or {})
        self._tips = dict(tips or {})
        self._rows = self._sorted()
        self.endResetModel()

    def _hold(
        self,
        rows: Sequence[CaseSummary],
        notes: dict[int, tuple[str, bool]] | None,
        tips: dict[int, str] | None,
        gone: Sequence[CaseSummary],
    ) -> None:
        self._pending = _Rows(list(rows), dict(notes or {}), dict(tips or {}))
        place = {summary.id: n for n, summary in enumerate(self._rows)}
        shown = {summary.id: summary for summary in (*gone, *rows) if summary.id in place}
        kept = sorted(shown.values(), key=lambda summary: place[summary.id])
        new = [summary for summary in rows if summary.id not in place]
        cover(*(row.patient_name for row in (*kept, *new)))
        self.beginResetModel()
        self._listed = [*kept, *new]
        self._rows = list(self._listed)
        self._notes = self._pending.notes
        self._tips = self._pending.tips
        self.endResetModel()

    def is_held(self) -> bool:
        """The rows are in the places they had when the pointer came on the list."""
        return self._pending is not None

    def release(self) -> None:
        """The list in its own order (the pointer has left it); nothing when not held."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._replace(*pending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the rows by that column (-1: as listed, last changed first); a
        selected case keeps its selection on its new row."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = [summary.id for summary in self._rows]
        self._rows = self._sorted()
        after = {summary.id: row for row, summary in enumerate(self._rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(after[before[i.row()]], i.column()) for i in old]
        )
        self.layoutChanged.emit()

    def _sorted(self) -> list[CaseSummary]:
        column, order = self._sort
        if not 0 <= column < len(COLUMNS):
            return list(self._listed)
        listed = {summary.id: n for n, summary in enumerate(self._listed)}
        due_view = bool(self._notes) and column == 4  # the Due view's own order: deadlines

        def key(summary: CaseSummary) -> tuple[Any, ...]:
            if due_view:
                return (listed[summary.id],)
            return (sort_key(summary, column, self._text(summary, column)), listed[summary.id])

        return sorted(self._listed, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def is_overdue(self, row: int) -> bool:
        note = self._notes.get(self._rows[row].id) if 0 <= row < len(self._rows) else None
        return bool(note and note[1])

    def set_code_notes(self, notes: Mapping[str, str]) -> None:
        """Mark open cases whose code the newest CDT edition deleted or revised."""
        self.beginResetModel()
        self._code_notes = {code.upper(): note for code, note in notes.items()}
        self.endResetModel()

    def set_deleted_lookup(self, lookup: Callable[[str], str] | None) -> None:
        """Where a code's "deleted ..." note comes from when no imported edition has one (the
        reference library: D3354 from a case file read as a plain code: new-office walkthrough)."""
        self._deleted_of = lookup

    def set_history_lookup(self, lookup: Callable[[int], str] | None) -> None:
        """Where the status cell's tooltip comes from: the claim's changes so far, read when
        the cell is pointed at (``history_tip``)."""
        self._history_of = lookup

    def case_note(self, case_id: int, case: Case, status: str) -> str:
        """``code_note`` of a case as loaded, not as a row lists it (Mark as submitted, the
        letters' checks)."""
        from cdt_desktop.domain.cases.ports import CaseSummary

        return self.code_note(CaseSummary(
            case_id, case.patient.name, case.claim.date_of_service, case.procedure.code,
            case.procedure.tooth, status, "",
        ))  # fmt: skip

    def code_note(self, summary: CaseSummary) -> str:
        """The note of an open case's code: the yearly change ("revised in CDT 2027"), else a
        code the reference library knows as deleted ("" when none or the case is done)."""
        if not self._code_notes and self._deleted_of is None:
            return ""
        from cdt_desktop.domain.coding.editions import DONE_STATUSES, treated_before_edition

        if summary.status in DONE_STATUSES:
            return ""
        code = summary.code.strip().upper()
        note = self._code_notes.get(code, "")
        if note and treated_before_edition(summary.date_of_service, note):
            return ""  # treated under the edition before: its claim keeps that code
        if not note and code and self._deleted_of is not None:
            note = self._deleted_of(code)
        return note

    def notation(self) -> str:
        return self._notation

    def set_notation(self, notation: str) -> None:
        """Show every case's tooth in this PC's numbering (the chart's Notation): a case
        written as #19 at a Universal PC reads "FDI 36" here. The stored text is untouched and
        the order by tooth is the same in every notation."""
        if notation == self._notation:
            return
        self._notation = notation
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def case_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == case_id:
                return row
        return None

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == CASE_ID_ROLE:
            return summary.id
        note = self._notes.get(summary.id)
        if note is not None and index.column() == 4:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return note[0]
            if role == Qt.ItemDataRole.ForegroundRole and note[1]:
                from PySide6.QtGui import QColor

                return QColor("#c0392b")  # overdue: readable on light and dark
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tips.get(summary.id)
        change = self.code_note(summary) if index.column() == 3 else ""
        if index.column() == 2 and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            tooth = self._text(summary, 2)
            short = tooth.removeprefix(PALMER_SIGN) if self._notation == "palmer" else tooth
            # the cell is narrow: at a Palmer PC "LL6" (its quadrant letters say Palmer); the
            # tooltip, a screen reader and the heading say "Palmer LL6"
            if role == Qt.ItemDataRole.DisplayRole:
                return short
            return tooth if short != tooth else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(summary, index.column())
            return f"{text} ({change.split()[0]})" if change else text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            # the whole name: at 1366 px the column keeps ~90 px and cuts longer ones
            from cdt_desktop.core.text import isolate  # an RTL name keeps "· case N" after it
            from cdt_desktop.ui.common.fitted_label import literal_tip

            return literal_tip(f"{isolate(self._text(summary, 0))} · case {summary.id}")
        if role == Qt.ItemDataRole.ToolTipRole and change:
            return f"{summary.code} was {change}: check the case's code"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and self._history_of:
            return self._history_of(summary.id) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return HEADER_TIPS[section] if 0 <= section < len(HEADER_TIPS) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def _text(self, summary: CaseSummary, column: int) -> str:
        if column == 0:
            return summary.patient_name or "(no name)"
        if column == 1:
            return summary.date_of_service
        if column == 2:
            return tooth_shown(summary.tooth, summary.notation, self._notation)
        if column == 3:
            return summary.code
        if column == 4:
            if summary.status == "draft" and is_incomplete(summary.patient_name, summary.code):
                return INCOMPLETE
            return summary.status.capitalize()
        if column == 5:
            return format_updated(summary.updated_at)
        return ""


def history_tip(service: CaseService | None, case_id: int) -> str:
    """The status cell's tooltip: the claim's changes so far with their figures, a line each
    ("Paid on Nov 20, 2026 ($600.00, EOB 10455)"); a partial payment read just "Paid" in the
    list (office manager walkthrough). "" for a draft never moved, or a case not read."""
    if service is None:
        return ""
    try:
        case = service.get(case_id).case
    except UserFacingError:
        return ""
    from cdt_desktop.domain.cases.status import history_words

    return "\n".join(history_words(case.status_history, case.claim.billed_amount))


def deleted_lookup(library: CodeLibrary) -> Callable[[str], str]:
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
