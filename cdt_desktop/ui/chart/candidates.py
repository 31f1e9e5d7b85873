"""The candidate codes for the chosen tooth and findings, each with its status and reasons.

Every code is shown, not only the winner, so the dentist sees why the others do not fit. Status is
told by an icon shape, a word and a colour together (never colour alone). When nothing is
recommended, a "Missing:" line says which finding would settle it.

Why excluded rows are folded to one line: a molar has a dozen excluded codes, and with every
reason spelled out the one recommended row drowns. Folded, each excluded row still shows its
decisive reason ("✕ D3222  root development is complete"); the row under the keyboard cursor
unfolds, and the tooltip and the screen-reader text always carry every reason. The item's own
text (`rows()`) stays the full text, so the contract for tests and accessibility is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.domain.coding.findings import Candidate, Selection, Status
from cdt_desktop.ui.chart.candidate_rows import SHORT_TEXT_ROLE, CandidateRowDelegate
from cdt_desktop.ui.common.focus_selection import SelectionFollowsFocus
from cdt_desktop.ui.common.fonts import font_key
from cdt_desktop.ui.common.palette import STATUS_STYLES, status_icon

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtGui import QFocusEvent, QKeyEvent

CODE_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ORDER = {"recommended": 0, "possible": 1, "excluded": 2}
EXCLUDED_FONT_SCALE = 0.9
RECOMMENDED_TINT_ALPHA = 0.22  # a tint over the palette's base: readable in light and dark
LIST_HELP = (
    "Recommended code first, then possible codes, then excluded codes with the reason each "
    "does not fit. Move to an excluded code to read all its reasons; a click or Space shows a "
    "code, Enter or a double-click chooses it for the case."
)


def full_text(candidate: Candidate) -> str:
    """Title line with status word, then one bullet per reason (tooltip, screen readers)."""
    style = STATUS_STYLES[str(candidate.status)]
    title = f"{candidate.code}  {candidate.name}".rstrip()
    reasons = "\n".join(f"  • {reason}" for reason in candidate.texts)
    return f"{title} — {style.glyph} {style.word}\n{reasons}".rstrip()


def folded_text(candidate: Candidate) -> str:
    """One line for an excluded row: the code and its decisive reason, without repeating it.

    "D3230 excluded: D3230 is for primary anterior teeth; #19 is a permanent molar" becomes
    "✕ D3230  for primary anterior teeth" (the reason's gist: the tooth is named under the chart).
    """
    glyph = STATUS_STYLES[str(candidate.status)].glyph
    decisive = candidate.decisive
    reason = decisive.short if decisive is not None else STATUS_STYLES["excluded"].word
    more = f" (+{len(candidate.reasons) - 1})" if len(candidate.reasons) > 1 else ""
    return f"{glyph} {candidate.code}  {reason}{more}"


_KEYBOARD_REASONS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


class _CodeList(SelectionFollowsFocus, QListWidget):
    """A list where Enter chooses the current code (QListWidget only activates on some styles)."""

    enterPressed = Signal()
    spacePressed = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """The row Enter would choose is selected, so it shows (Ctrl+J or Tab into the list made
        the first row current but not selected: only a faint frame marked it, chairside
        walkthrough)."""
        super().focusInEvent(event)
        if event.reason() not in _KEYBOARD_REASONS:  # a click selects its own row
            return
        item = self.currentItem() or self.item(0)
        if item is not None and not item.isSelected():
            self.setCurrentItem(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.enterPressed.emit()
            return
        if event.key() == Qt.Key.Key_Space and self.currentItem() and not event.modifiers():
            self.spacePressed.emit()  # shows the code, as a click does: changes nothing
            return
        super().keyPressEvent(event)


class CandidateList(QWidget):
    """Shows a `Selection`; `codeHighlighted(code)` on a click (look, change nothing),
    `codeChosen(code)` on a double-click or Enter (a click that slipped onto the next row must
    never change a case's code)."""

    codeChosen = Signal(str)
    codeHighlighted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateList")
        self.setAccessibleName("Candidate codes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._missing = QLabel(self)
        self._missing.setObjectName("candidateMissing")
        self._missing.setWordWrap(True)
        self._missing.setTextFormat(Qt.TextFormat.PlainText)
        missing_font = self._missing.font()
        missing_font.setBold(True)  # the next question to answer: it must not drown in the list
        self._missing.setFont(missing_font)
        self._list = _CodeList(self)
        self._list.setObjectName("candidateCodes")
        self._list.setAccessibleName("Candidate codes")
        self._list.setAccessibleDescription(LIST_HELP)
        self._list.setToolTip(LIST_HELP)
        self._list.setWordWrap(True)
        self._list.setAlternatingRowColors(True)
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap on resize
        self._focus_policy = self._list.focusPolicy()
        self._delegate = CandidateRowDelegate(self._list)
        self._list.setItemDelegate(self._delegate)
        self._list.currentRowChanged.connect(
            self._unfold_current, Qt.ConnectionType.QueuedConnection
        )
        self._list.itemClicked.connect(self._highlight)
        self._list.itemDoubleClicked.connect(self._choose)
        self._list.enterPressed.connect(lambda: self._choose(self._list.currentItem()))
        # the keyboard's click: read a candidate's guidance before choosing it (arrowing only
        # moved the row; the guidance of D3240 against D3220 needed the mouse)
        self._list.spacePressed.connect(lambda: self._highlight(self._list.currentItem()))
        layout.addWidget(self._missing)
        layout.addWidget(self._list, 1)
        self._selection: Selection | None = None
        self._shape: tuple[object, list[tuple[str, str]]] = ((), [])  # font, (code, status)s
        self._asks = True  # the line above the rows asks for something (vs names the pick)
        self._notation = "universal"
        self._code_notes: dict[str, str] = {}  # the licensed code set's changes (set_code_notes)
        self.show_selection(None)

    def list_widget(self) -> QListWidget:
        return self._list

    def selection(self) -> Selection | None:
        return self._selection

    def missing_text(self) -> str:
        """What is missing (or why nothing is recommended); "" when a code is recommended."""
        return self._missing.text() if self._asks and self._missing.isVisibleTo(self) else ""

    def rows(self) -> list[tuple[str, str, str]]:
        """(code, status, full text) per row, for tests and screen-reader checks."""
        return [
            (item.data(CODE_ROLE), item.data(STATUS_ROLE), item.text())
            for item in (self._list.item(i) for i in range(self._list.count()))
        ]

    def set_notation(self, notation: str) -> None:
        """Name teeth in the reasons in `notation` (the chart's); the rows are rebuilt."""
        if notation != self._notation:
            self._notation = notation
            self.show_selection(self._selection)

    def show_selection(self, selection: Selection | None) -> None:
        """Replace the rows; None shows a hint to choose a tooth.

        When the codes and their statuses are those already shown, in the list's font (the next
        molar), only the rows' words are rewritten in place; building 18 rows anew was a fifth
        of a tooth click. Either way no row is current and the list starts at its top."""
        self._selection = selection
        self._asks = True
        ordered = (
            sorted(selection.candidates, key=lambda c: STATUS_ORDER[str(c.status)])
            if selection is not None
            else []
        )
        shape = (font_key(self._list.font()), [(c.code, str(c.status)) for c in ordered])
        if ordered and shape == self._shape:
            self._rewrite(ordered)
        else:
            self._list.clear()
            self._delegate.forget_unfolded()
            for candidate in ordered:
                self._list.addItem(self._item(candidate))
            # new rows from the top: a list scrolled to its end kept its place, and the
            # recommended row, first, was above the visible part (chairside walkthrough)
            self._list.scrollToTop()
        self._shape = shape
        # an empty list is no Tab stop: it showed no focus and took no key (walkthrough)
        self._list.setFocusPolicy(self._focus_policy if ordered else Qt.FocusPolicy.NoFocus)
        if selection is None:
            self._missing.setText("Choose a tooth to see the candidate codes.")
            self._missing.setVisible(True)
            return
        # A question can stay open beside a recommendation (a primary tooth's successor).
        if selection.missing:
            self._missing.setText("Missing: " + " ".join(selection.missing))
            self._missing.setVisible(True)
        elif selection.recommended is None:
            self._missing.setText("No code is recommended for these findings.")
            self._missing.setVisible(True)
        else:  # the line stays, so the rows do not jump up under the pointer
            self._asks = False
            self._missing.setText(
                f"Recommended: {selection.recommended.code} (Enter or double-click chooses it)"
            )
            self._missing.setVisible(True)

    def is_folded(self, row: int) -> bool:
        """True when the row is shown as one line (an excluded code, not the current row)."""
        return self._delegate.folded(self._list.model().index(row, 0))

    def _rewrite(self, ordered: list[Candidate]) -> None:
        """New words for rows of the same codes and statuses: the changed roles are set with
        the model quiet, then one change for all rows (views and screen readers hear it), one
        layout, no current row, back to the top."""
        view = self._list
        model = view.model()
        self._delegate.forget_unfolded()  # the layout below folds it; no second one when the
        view.setCurrentRow(-1)  # queued unfold(-1) arrives
        view.clearSelection()
        quiet = model.blockSignals(True)
        try:
            for row, candidate in enumerate(ordered):
                self._set_words(view.item(row), candidate)
        finally:
            model.blockSignals(quiet)
        model.dataChanged.emit(model.index(0, 0), model.index(len(ordered) - 1, 0), [])
        view.doItemsLayout()
        view.scrollToTop()

    def _set_words(self, item: QListWidgetItem, candidate: Candidate) -> None:
        """The row's full text (shown, tooltip, spoken) and an excluded row's folded line."""
        from cdt_desktop.domain.cross_notation import in_notation  # not at start-up

        text = in_notation(full_text(candidate), self._notation)
        if change := self._change(candidate):
            text += f"\n  • {change}"
        if item.text() != text:
            item.setText(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ". "))
        if candidate.status == Status.EXCLUDED:
            item.setData(SHORT_TEXT_ROLE, in_notation(folded_text(candidate), self._notation))

    def set_code_notes(self, notes: Mapping[str, str]) -> None:
        """Codes the practice's newest licensed CDT edition deleted or revised: a candidate
        of one says so in its row (the chart recommended a code that edition deletes)."""
        if dict(notes) != dict(self._code_notes):
            self._code_notes = dict(notes)
            self._shape = ((), [])  # the rows are built anew with their words
            self.show_selection(self._selection)

    def _change(self, candidate: Candidate) -> str:
        """The licensed code set's change of an offered code ("" for an excluded one)."""
        note = self._code_notes.get(candidate.code, "")
        if not note or candidate.status == Status.EXCLUDED:
            return ""
        from cdt_desktop.domain.coding.editions import licensed_change_words

        return licensed_change_words(note)

    def _item(self, candidate: Candidate) -> QListWidgetItem:
        status = str(candidate.status)
        item = QListWidgetItem(status_icon(status), "")
        self._set_words(item, candidate)
        item.setData(CODE_ROLE, candidate.code)
        item.setData(STATUS_ROLE, status)
        if status == "recommended":
            tint = QColor(STATUS_STYLES[status].colour)
            tint.setAlphaF(RECOMMENDED_TINT_ALPHA)
            item.setBackground(tint)
        item.setFont(self._row_font(status))
        return item

    def _row_font(self, status: str, base: QFont | None = None) -> QFont:
        """The list's font (or ``base``), bold for the recommended row (distinct by weight and
        position, not only by the tint), smaller for an excluded one."""
        font = QFont(self._list.font() if base is None else base)
        if status == "recommended":
            font.setBold(True)
        elif status == "excluded":
            font.setPointSizeF(font.pointSizeF() * EXCLUDED_FONT_SCALE)
        return font

    def refit_font(self) -> None:
        """View > Zoom while rows are shown (the window calls it once the application's font
        changed, before the list has heard of it): each row's font again from the new one (an
        excluded row's size was fixed when it was made, so the excluded rows stayed at the old
        size, cut off after a few words, under rows 40 % larger: walkthrough 43). A Python
        ``changeEvent`` on the list would hear it itself, but makes PySide6 build the class of
        every QEvent subclass at start-up (ui/common/fields.py)."""
        from PySide6.QtWidgets import QApplication

        base = QApplication.font(self._list)
        for row in range(self._list.count()):
            item = self._list.item(row)
            item.setFont(self._row_font(str(item.data(STATUS_ROLE)), base))
        self._shape = (font_key(base), self._shape[1])

    def _unfold_current(self, _row: int) -> None:
        """Unfold the current row and fold the previous one, once the event that moved the
        current row is over (queued: see ``CandidateRowDelegate.unfold``)."""
        row = self._list.currentRow()
        self._delegate.unfold(row)
        if row >= 0:  # the key scrolled to the folded row: show it as it is now (End: tour7)
            self._list.doItemsLayout()
            self._list.scrollTo(self._list.model().index(row, 0))

    def height_lacking(self, rows: int = 3) -> int:
        """How many px the list lacks to show its first ``rows`` rows whole (0: it shows them),
        as the rows are laid out at the list's width (a row's reasons wrap)."""
        view = self._list
        view.doItemsLayout()
        shown = [view.visualItemRect(view.item(r)) for r in range(min(rows, view.count()))]
        need = sum(rect.height() for rect in shown)
        return max(0, need - view.viewport().height())

    def set_min_row_height(self, height: int) -> None:
        self._delegate.min_height = height
        self._list.doItemsLayout()

    def _highlight(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.codeHighlighted.emit(item.data(CODE_ROLE))

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.codeChosen.emit(item.data(CODE_ROLE))
