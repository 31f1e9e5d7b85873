"""The search pane: a box that searches as you type and a keyboard-friendly list of results.

Why no debounce: the reference library answers a query in about a millisecond, so searching on
every ``textChanged`` keeps the list in step with the box (a debounce would only add lag). Any text
is a search, never an exception: the library quotes it for FTS5. Should a search still fail (a
damaged file), the pane says so in place and logs the exception type only, never the query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.reference import SearchHit
from cdt_desktop.ui.common.fields import KeyLineEdit, KeyListView
from cdt_desktop.ui.common.focus_selection import share_keyboard
from cdt_desktop.ui.search.model import CodeRole, SearchResultDelegate, SearchResultsModel

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QKeyEvent

    from cdt_desktop.ui.common.fields import ShortcutForwarder

_log = get_logger("ui")

RESULT_LIMIT = 50
HINT_TEXT = "Type a code number (3330), a word (molar) or an abbreviation (RCT)."


class Searchable(Protocol):
    def search(self, query: str, limit: int = ...) -> list[SearchHit]: ...


def _shown(query: str) -> str:
    """The query as a message quotes it: one line, at most 40 characters, without control
    characters and as a bidi isolate, so a pasted right-to-left override cannot reverse the
    rest of the message ("Try a number (0333)": new-user walk)."""
    from cdt_desktop.core.text import isolate, without_controls

    shown = " ".join(without_controls(query).split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return isolate(shown)


def empty_state_text(query: str) -> str:
    """The message shown when nothing matches (plain text: the query is shown literally)."""
    shown = _shown(query)
    return (
        f"No code matches “{shown}”.\nTry a number (3330), a word (molar) or an abbreviation (RCT)."
    )


def spelling_text(typed: str, spelled: str) -> str:
    """The line above results found for a corrected spelling."""
    return f"No code matches “{_shown(typed)}”. Showing results for “{_shown(spelled)}”."


class SearchPane(QWidget):
    """Search box + results. ``codeActivated`` fires on Enter or a click on a result."""

    codeActivated = Signal(str)

    def __init__(self, library: Searchable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPane")
        self._library = library
        self.model = SearchResultsModel(self)

        self.box = KeyLineEdit(self)
        self.box.on_key = self._box_key
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search codes: 3330, molar, RCT…  (Ctrl+K)")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("Search codes")
        self.box.setAccessibleDescription(
            "Type a code, a word or an abbreviation; Down moves into the results."
        )
        self.box.setMinimumHeight(36)
        self.box.textChanged.connect(self._run_search)

        self.results = KeyListView(self)
        self.results.on_key = self._results_key
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setAccessibleDescription("Up and Down move, Enter opens the code, Esc clears.")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchResultDelegate(self.model, self.results))
        self.results.setUniformItemSizes(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # rows elide to the pane's width: never a sideways scroll bar (one that came and went
        # with the results re-laid out and repainted the whole pane at each keystroke)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.clicked.connect(self._activate_index)
        share_keyboard(self.results, self.box)  # Enter in the box opens the current result

        self.empty = QLabel(HINT_TEXT, self)
        self.empty.setObjectName("searchEmptyState")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName("Search status")
        self.empty.setForegroundRole(self.empty.foregroundRole())
        self.empty.setContentsMargins(4, 8, 4, 8)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.box)
        layout.addWidget(self.empty)
        layout.addWidget(self.results, 1)
        self._show_state(HINT_TEXT, results=False)

    # --- public API -----------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Type ``text`` into the box (search runs through textChanged)."""
        self.box.setText(text)

    def query(self) -> str:
        return self.box.text()

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        """The window's shortcuts win over the search box."""
        self.box.shortcuts = shortcuts

    def focus_search(self) -> None:
        """Focus the box and select its text, so typing replaces the last query."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def clear(self) -> None:
        self.box.clear()
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_code(self) -> str | None:
        index = self.results.currentIndex()
        return index.data(CodeRole) if index.isValid() else None

    def follow_shown(self, code: str) -> None:
        """The code the detail shows now is the results' current row, or none is (chairside
        walk: after Back, Alt+Left, the detail showed D3330 while the list still marked D3355,
        and Enter in the box would open D3355)."""
        codes = self.model.codes()
        if not codes or self.current_code() == code:
            return
        if code in codes:
            self.results.setCurrentIndex(self.model.index(codes.index(code), 0))
        else:
            from PySide6.QtCore import QModelIndex  # (typing only at the top: not at start)

            self.results.setCurrentIndex(QModelIndex())
            self.results.clearSelection()

    def empty_state_message(self) -> str:
        """The text of the hint/empty state, or "" when results are shown."""
        from cdt_desktop.core.text import without_breaks

        return "" if self.empty.isHidden() else without_breaks(self.empty.text())

    # --- behaviour ------------------------------------------------------------------------
    def _run_search(self, text: str) -> None:
        if not text.strip():
            self.model.clear()
            self._show_state(HINT_TEXT, results=False)
            return
        try:
            hits = self._library.search(text, limit=RESULT_LIMIT)
        except Exception as exc:
            _log.error("search failed (%s)", type(exc).__name__)
            self.model.clear()
            self._show_state("Search is unavailable right now; see the log.", results=False)
            return
        spelled = None
        if not hits:  # a typo ("apexfication"): the closest spelling, said above its results
            spelled = self._spelling(text)
            if spelled is not None:
                hits = self._library.search(spelled, limit=RESULT_LIMIT)
        self.model.set_results(spelled or text, hits)
        if hits:
            self._show_state("", results=True)
            self.results.setCurrentIndex(self.model.index(0, 0))
            if spelled is not None:
                self.empty.setText(spelling_text(text, spelled))
                self.empty.setVisible(True)
        else:
            self._show_state(self._licensed_only(text) or empty_state_text(text), results=False)

    def _licensed_only(self, text: str) -> str:
        """What to say of a code only the practice's licensed CDT file has ("" for any other
        query): "No code matches" for a code the import had just reported added read as the
        import having failed (office walkthrough)."""
        look = getattr(self._library, "licensed_only", None)
        try:
            found = look(text) if look is not None else None
        except Exception as exc:  # a nicety: never a failed search
            _log.error("licensed code lookup failed (%s)", type(exc).__name__)
            return ""
        if found is None:
            return ""
        code, licensed = found
        first = " ".join(licensed.split("\n\n")[0].split())
        if len(first) > 120:
            first = first[:119] + "…"
        return (
            f"{code} is in your licensed CDT code set ({first}), but this app has no guidance "
            "for it yet: check it in your CDT manual before you use it."
        )

    def _spelling(self, text: str) -> str | None:
        suggest = getattr(self._library, "did_you_mean", None)  # the library's, if it has one
        if suggest is None:
            return None
        try:
            found = suggest(text)
        except Exception as exc:  # a suggestion is a nicety: never a failed search
            _log.error("spelling suggestion failed (%s)", type(exc).__name__)
            return None
        return str(found) if found else None

    def _show_state(self, message: str, *, results: bool) -> None:
        from cdt_desktop.core.text import break_long_runs

        self.empty.setText(break_long_runs(message, 16))  # a long typed word wraps, not clips
        self.empty.setVisible(not results)
        self.results.setVisible(results or self.model.rowCount() > 0)

    def _activate_index(self, index: QModelIndex) -> None:
        code = index.data(CodeRole) if index.isValid() else None
        if code:
            self.codeActivated.emit(code)

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.results.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.results.setCurrentIndex(self.model.index(max(0, min(rows - 1, row)), 0))

    def _box_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down and self.model.rowCount():
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.results.currentIndex().isValid():
                self._move(0)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.model.rowCount():
                index = self.results.currentIndex()
                self._activate_index(index if index.isValid() else self.model.index(0, 0))
            return True
        if key == Qt.Key.Key_Escape and self.box.text():
            self.box.clear()
            return True
        return False

    def _results_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate_index(self.results.currentIndex())
            return True
        if key == Qt.Key.Key_Escape:
            self.clear()
            return True
        if key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
            self.box.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        text = event.text()
        if (
            text
            and text.isprintable()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            # typing while in the list keeps searching, like a launcher
            self.box.setFocus(Qt.FocusReason.OtherFocusReason)
            self.box.insert(text)
            return True
        return False

    def library(self) -> Searchable:
        return self._library
