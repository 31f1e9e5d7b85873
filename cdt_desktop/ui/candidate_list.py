"""The candidate codes for the chosen tooth and findings, each with its status and reasons.

Every code is shown, not only the winner, so the dentist sees why the others do not fit. Status is
told by an icon shape, a word and a colour together (never colour alone). When nothing is
recommended, a "Missing:" line says which finding would settle it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cdt_desktop.domain.selector import Selection
from cdt_desktop.ui.palette import STATUS_STYLES, status_icon

CODE_ROLE = Qt.ItemDataRole.UserRole


class _CodeList(QListWidget):
    """A list where Enter chooses the current code (QListWidget only activates on some styles)."""

    enterPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)


class CandidateList(QWidget):
    """Shows a `Selection`; `codeChosen(code)` on click, double-click or Enter."""

    codeChosen = Signal(str)

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
        self._list = _CodeList(self)
        self._list.setObjectName("candidateCodes")
        self._list.setAccessibleName("Candidate codes")
        self._list.setWordWrap(True)
        self._list.setAlternatingRowColors(True)
        self._list.itemClicked.connect(self._choose)
        self._list.itemActivated.connect(self._choose)
        self._list.enterPressed.connect(lambda: self._choose(self._list.currentItem()))
        layout.addWidget(self._missing)
        layout.addWidget(self._list, 1)
        self._selection: Selection | None = None
        self.show_selection(None)

    def list_widget(self) -> QListWidget:
        return self._list

    def selection(self) -> Selection | None:
        return self._selection

    def missing_text(self) -> str:
        return self._missing.text() if self._missing.isVisibleTo(self) else ""

    def rows(self) -> list[tuple[str, str, str]]:
        """(code, status, full text) per row, for tests and screen-reader checks."""
        return [
            (item.data(CODE_ROLE), item.data(CODE_ROLE + 1), item.text())
            for item in (self._list.item(i) for i in range(self._list.count()))
        ]

    def show_selection(self, selection: Selection | None) -> None:
        """Replace the rows; None shows a hint to choose a tooth."""
        self._selection = selection
        self._list.clear()
        if selection is None:
            self._missing.setText("Choose a tooth to see the candidate codes.")
            self._missing.setVisible(True)
            return
        for candidate in selection.candidates:
            style = STATUS_STYLES[str(candidate.status)]
            title = f"{candidate.code}  {candidate.name}".rstrip()
            reasons = "\n".join(f"  • {reason}" for reason in candidate.reasons)
            text = f"{title} — {style.glyph} {style.word}\n{reasons}".rstrip()
            item = QListWidgetItem(status_icon(str(candidate.status)), text)
            item.setData(CODE_ROLE, candidate.code)
            item.setData(CODE_ROLE + 1, str(candidate.status))
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ". "))
            if candidate.status == "excluded":
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self._list.addItem(item)
        if selection.recommended is None and selection.missing:
            self._missing.setText("Missing: " + " ".join(selection.missing))
            self._missing.setVisible(True)
        elif selection.recommended is None:
            self._missing.setText("No code is recommended for these findings.")
            self._missing.setVisible(True)
        else:
            self._missing.setVisible(False)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.codeChosen.emit(item.data(CODE_ROLE))
