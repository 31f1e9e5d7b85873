"""The chart's Dentition and Notation boxes with their labels: one row above the chart, or two
rows above the candidates where the chart panel is short and its targets large.

Why they move: with View > Large targets at 125 % scaling (1093x614) the mixed dentition's
chart (209 px at the least, so that every number stays readable), its 40 px questions and the
toggles' row above it made the window 617 px tall at the least. The candidate column has height
to spare, the chart's column has none; the boxes and their order for the keyboard stay as they
are.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget


class ChartToggles(QWidget):
    """Label and box pairs, side by side in one row or stacked in rows (``set_stacked``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartToggles")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._pairs: list[tuple[QLabel, QWidget]] = []
        self._stacked = False

    def add(self, text: str, box: QWidget) -> None:
        """A label (``text``, with its Alt letter) for ``box``, a child of these toggles."""
        label = QLabel(text, self)
        label.setBuddy(box)
        # never narrower than its text: at 160 % zoom the row squeezed the boxes to "Permanen"
        # and "Universa"; the chart's column widens a little instead
        policy = box.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Minimum)
        box.setSizePolicy(policy)
        self._pairs.append((label, box))
        self._place()

    def stacked(self) -> bool:
        return self._stacked

    def set_stacked(self, stacked: bool) -> None:
        if stacked != self._stacked:
            self._stacked = stacked
            self._place()

    def _place(self) -> None:
        grid = self._grid
        for label, box in self._pairs:
            grid.removeWidget(label)
            grid.removeWidget(box)
        for n, (label, box) in enumerate(self._pairs):
            row, column = (n, 0) if self._stacked else (0, 2 * n)
            grid.addWidget(label, row, column)
            grid.addWidget(box, row, column + 1)
        last = 2 if self._stacked else 2 * len(self._pairs)
        for column in range(2 * len(self._pairs) + 1):
            grid.setColumnStretch(column, 1 if column == last else 0)
