"""A checkbox that shows its square in dark colours (outside the checklist, whose rows ring
their boxes themselves)."""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QCheckBox

from cdt_desktop.ui.common.palette import draw_box_ring, is_dark


class RingedCheckBox(QCheckBox):
    """A QCheckBox whose square has a visible edge in a dark palette (the payer profile's
    "The payer wants" boxes were all but invisible unticked: walkthrough)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if is_dark(self.palette()):
            painter = QPainter(self)
            draw_box_ring(painter, self, self.palette(), outside=False)
            painter.end()
