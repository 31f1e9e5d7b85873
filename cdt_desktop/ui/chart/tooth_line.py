"""The line under the chart: which tooth is chosen, in this PC's notation, and for a primary
tooth whether a permanent successor follows (the one finding asked of primary teeth only).

The tooth's text is wrapped, not clipped: at 1366 px the line shares its row with the
successor box and "Tooth 19: mandibular left first molar (#19 · FDI 36 · Palmer LL6)" does not
fit on one line. It is not a QLabel: its new text on every click relaid the whole panel out.
The line keeps the room of its longest text in the notation shown (``reserve``), so a tooth's
click never changes the chart's size.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from cdt_desktop.domain.coding.findings import TERMS, UNANSWERED, Successor
from cdt_desktop.domain.teeth import ALL_TEETH, NO_TOOTH_TEXT, Tooth, tooth_texts
from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.metrics import size_target
from cdt_desktop.ui.common.wrapped_text import WrappedText

SUCCESSOR_HELP = (
    "For a primary tooth: is there a permanent tooth to replace it? With none (a retained primary "
    "tooth) the CDT places it under the root canal codes D3310/D3330; with one, D3230/D3240. "
    "Only available for primary teeth."
)
# (item data, text): None = not stated, never a default
_SUCCESSOR_ITEMS = ((None, UNANSWERED), *((s.value, TERMS[s].label) for s in Successor))


class ToothLine(QWidget):
    """The chosen tooth's words and the Successor box beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = WrappedText(NO_TOOTH_TEXT, self)
        self.label.setObjectName("selectedTooth")
        self.label.setMinimumWidth(120)
        self.label.setAccessibleName("Selected tooth")
        self.successor_box = box = GuardedComboBox(self)
        box.setObjectName("permanentSuccessor")
        box.setAccessibleName("Permanent successor")
        box.setAccessibleDescription(SUCCESSOR_HELP)
        box.setToolTip(SUCCESSOR_HELP)
        size_target(box)
        for value, text in _SUCCESSOR_ITEMS:
            box.addItem(text, value)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        successor_label = QLabel("&Successor:", self)
        successor_label.setBuddy(box)
        row.addWidget(successor_label)
        row.addWidget(box)

    def successor(self) -> str | None:
        """The Successor box's answer (``Successor`` value; None: Unknown)."""
        data = self.successor_box.currentData()
        return None if data is None else str(data)

    def show_successor(self, answer: str | None) -> None:
        """Put a tooth's answer in the box without a change signal (the caller refreshes)."""
        box = self.successor_box
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(answer)))
        box.blockSignals(False)

    def reserve(self, notation: str) -> None:
        """Keep the room of the longest tooth text in ``notation`` (at a zoom the line went
        from one row to three on a click and the teeth moved under the pointer)."""
        longest = max((tooth_texts(t, notation)[0] for t in ALL_TEETH), key=len)
        self.label.set_reserve(longest)

    def show_tooth(self, chosen: Tooth | None, notation: str) -> None:
        """``chosen`` in ``notation`` (the full names in the tooltip); the Successor box asks
        only of a primary tooth."""
        shown, full = tooth_texts(chosen, notation)
        self.label.setText(shown)
        self.label.setToolTip(full)
        self.label.setAccessibleDescription(full)
        self.successor_box.setEnabled(chosen is not None and chosen.is_primary)
