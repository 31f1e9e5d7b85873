"""One checklist item's row (checkbox, word-wrapped text, "Required"), the group headings
and hints between rows, the frame that shows when a row's checkbox has the keyboard focus, and
the rows above the items: the notice beside Create case, and how many required items are done.

Why the frame: the row's checkbox has no text of its own (the item's sentence is a wrapped label beside
it), and styles draw a checkbox's focus frame around its text, so a keyboard user saw no focus
at all and could tick the wrong item with Space (tour3). The row draws a frame in the palette's
highlight colour around itself while its checkbox has the focus, in light and dark themes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.domain.reference import ChecklistItem
from cdt_desktop.ui.common.metrics import size_target
from cdt_desktop.ui.common.palette import draw_box_ring, is_dark

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

FRAME_WIDTH = 2
PROGRESS_MAX_WIDTH = 120  # a bar without text; the rest of the row is for the words
PROGRESS_MIN_HEIGHT = 6


class FocusRow(QWidget):
    """The row of one checklist item; :meth:`watch` its checkbox to frame it on focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box: QCheckBox | None = None

    def watch(self, box: QCheckBox) -> None:
        self._box = box
        box.installEventFilter(self)
        box.setProperty("ownFocusMark", True)  # no focus ring too (ui/common/focus_ring.py)

    def has_focus_frame(self) -> bool:
        return self._box is not None and self._box.hasFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        ring = self._box is not None and is_dark(self.palette())
        if not ring and not self.has_focus_frame():
            return
        painter = QPainter(self)
        if ring:
            self._ring_the_box(painter)
        if self.has_focus_frame():
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FRAME_WIDTH)
            painter.setPen(pen)
            inset = FRAME_WIDTH // 2
            rect = self.rect().adjusted(inset, inset, -inset - 1, -inset - 1)
            painter.drawRoundedRect(rect, 4, 4)
        painter.end()

    def _ring_the_box(self, painter: QPainter) -> None:
        """The ring just outside the checkbox's square, under it (``palette.draw_box_ring``)."""
        assert self._box is not None
        draw_box_ring(painter, self._box, self.palette(), outside=True)


class ItemBox(QCheckBox):
    """An item's checkbox that says when its click ends a double click (``double_clicked``): a
    double click ticked and at once unticked the item, and the audit read "tick" and "untick"
    120 ms apart (chairside walkthrough); the panel keeps the first click's tick."""

    double_clicked = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.double_clicked = False  # a click of its own
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)  # (a press, as Qt takes a double click's second)
        self.double_clicked = True  # the release that follows ends the second click


class ItemText(QLabel):
    """An item's wrapped text; clicking it toggles its checkbox like a checkbox's own text."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self._box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        size_target(self)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if isinstance(self._box, ItemBox):
            self._box.double_clicked = False
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        if isinstance(self._box, ItemBox):  # the second click of a double click on the words
            self._box.double_clicked = True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.click()
        super().mouseReleaseEvent(event)


def item_row(
    item: ChecklistItem, parent: QWidget, on_clicked: Callable[[ChecklistItem, bool], None]
) -> tuple[FocusRow, QCheckBox]:
    """Checkbox + word-wrapped text (+ "Required"): item texts are sentences, and a
    QCheckBox's own text never wraps, which would push the panel into sideways scrolling."""
    row = FocusRow(parent)
    row.setObjectName(f"row_{item.id}")
    line = QHBoxLayout(row)
    line.setContentsMargins(12, 0, 0, 0)
    box = ItemBox(row)
    box.setObjectName(f"check_{item.id}")
    box.setAccessibleName(item.text)
    size_target(box)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    box.clicked.connect(lambda checked, item=item: on_clicked(item, checked))
    row.watch(box)  # a frame shows which item Space would tick
    text = ItemText(item.text, box, row)
    text.setObjectName(f"text_{item.id}")
    column = QVBoxLayout()
    column.setSpacing(0)
    column.addWidget(text)
    column.addWidget(record_note(item, row))
    line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    line.addLayout(column, 1)
    if item.required:
        font = QFont(box.font())
        font.setBold(True)
        box.setFont(font)
        text.setFont(font)
        box.setAccessibleDescription("Required")
        tag = QLabel("Required", row)
        tag.setObjectName(f"required_{item.id}")
        tag.setFont(font)
        line.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
        size_target(tag)
    return row, box


def record_note(item: ChecklistItem, parent: QWidget) -> QLabel:
    """The line under an item's text that says what on the case answers it though nobody
    ticked it ("Post-operative film attached, taken December 2, 2026: counted as done ...");
    hidden until the panel has something to say."""
    note = QLabel(parent)
    note.setObjectName(f"record_{item.id}")
    note.setTextFormat(Qt.TextFormat.PlainText)  # captions and dates print literally
    note.setWordWrap(True)
    font = QFont(note.font())
    font.setItalic(True)
    font.setBold(False)
    note.setFont(font)
    note.setAccessibleName(f"{item.text}: answered by the case")
    note.setVisible(False)
    return note


def group_heading(group: str, parent: QWidget) -> QLabel:
    """The bold heading above a group's items ("Clinical", "Imaging", ...)."""
    heading = QLabel(group.capitalize(), parent)
    heading.setObjectName(f"checklistHeading_{group}")
    heading_font = heading.font()
    heading_font.setBold(True)
    heading.setFont(heading_font)
    heading.setAccessibleName(f"{group.capitalize()} items")
    return heading


def hint(text: str, parent: QWidget) -> QLabel:
    """A plain wrapped line where there are no items to show."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def notice_row(parent: QWidget) -> tuple[QHBoxLayout, QLabel, QPushButton]:
    """The notice (no case, read-only, no operator) beside the Create case button."""
    banner = QLabel(parent)
    banner.setObjectName("checklistBanner")
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setWordWrap(True)
    banner.setFrameShape(QFrame.Shape.StyledPanel)
    banner.setMargin(6)
    banner.setAccessibleName("Checklist notice")
    create = QPushButton("Create case", parent)
    create.setObjectName("createCaseButton")
    size_target(create)
    create.setAccessibleName("Create case")
    create.setAccessibleDescription(
        "Create a case from the current tooth, findings and code so ticks can be saved"
    )
    row = QHBoxLayout()
    row.addWidget(banner, 1)
    row.addWidget(create, 0, Qt.AlignmentFlag.AlignTop)
    return row, banner, create


def completeness_row(parent: QWidget) -> tuple[QHBoxLayout, QLabel, QProgressBar]:
    """How many required items are done, in words and as a bar."""
    summary = QLabel(parent)
    summary.setObjectName("checklistCompleteness")
    summary.setAccessibleName("Checklist completeness")
    summary.setTextFormat(Qt.TextFormat.PlainText)
    summary.setWordWrap(True)  # never clipped in a narrow right pane
    progress = QProgressBar(parent)
    progress.setObjectName("checklistProgress")
    progress.setAccessibleName("Required items done")
    # The words beside it say "4 of 6 required done"; Fusion would print "4 of 6" again in the bar,
    # half in the fill's colour and half not, so a digit at the fill's edge looked cut in two.
    progress.setTextVisible(False)
    progress.setMaximumWidth(PROGRESS_MAX_WIDTH)
    # a meter, half a line high: as tall as a text field, the empty bar at "0 of 6" read as a
    # field to type in (walkthrough)
    progress.setFixedHeight(max(PROGRESS_MIN_HEIGHT, summary.fontMetrics().height() // 2))
    row = QHBoxLayout()
    row.addWidget(summary, 1)
    row.addWidget(progress, 0, Qt.AlignmentFlag.AlignVCenter)
    return row, summary, progress
