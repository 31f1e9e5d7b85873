"""The clinical questions beside the tooth chart: root, pulp, goal and visit.

Each question starts at "Unknown" (item data None) because the selector never assumes a finding:
an unanswered question shows up as "Missing:" under the candidates instead of a silent default.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from cdt_desktop.domain.coding.findings import TERMS, UNANSWERED, Goal, Pulp, Root, Visit
from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.metrics import size_target

UNKNOWN = UNANSWERED  # as the case form shows an unset finding

# Alt+G is the Go menu and Alt+V the View menu: these two labels use another letter
_MNEMONIC_LABELS = {"Treatment goal": "Treatment goa&l", "Visit": "V&isit"}

# (object name, label, enum); each value's words come from the coding vocabulary's TERMS
_QUESTIONS: tuple[tuple[str, str, type[StrEnum]], ...] = (
    ("rootDevelopment", "Root development", Root),
    ("pulpStatus", "Pulp status", Pulp),
    ("treatmentGoal", "Treatment goal", Goal),  # as the case form and "Missing:" name it
    ("visitStage", "Visit", Visit),
)


class FindingsForm(QWidget):
    """Four combo boxes; `findingsChanged` fires on any user or programmatic change."""

    findingsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsForm")
        # label | box rows, as a form lays them out (a grid: QFormLayout's enum classes and
        # its row machinery cost start-up time for four fixed rows)
        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setColumnStretch(1, 1)
        self._boxes: dict[str, GuardedComboBox] = {}
        for row, (object_name, label, enum) in enumerate(_QUESTIONS):
            box = GuardedComboBox(self)
            box.setObjectName(object_name)
            box.setAccessibleName(label)
            size_target(box)
            box.addItem(UNKNOWN, None)
            for member in enum:
                box.addItem(TERMS[member].label, member.value)
            box.currentIndexChanged.connect(self._changed)
            text = QLabel(_MNEMONIC_LABELS.get(label, f"&{label}") + ":", self)
            text.setBuddy(box)  # Alt+letter focuses the box; screen readers name it
            form.addWidget(text, row, 0)
            form.addWidget(box, row, 1)
            self._boxes[object_name] = box
        self._quiet = False

    def spacing(self) -> int:
        """The space between two questions (px)."""
        layout = self.layout()
        return layout.verticalSpacing() if isinstance(layout, QGridLayout) else 0

    def set_row_spacing(self, spacing: int) -> None:
        layout = self.layout()
        if isinstance(layout, QGridLayout):
            layout.setVerticalSpacing(spacing)

    def box(self, object_name: str) -> GuardedComboBox:
        return self._boxes[object_name]

    def boxes(self) -> list[GuardedComboBox]:
        return list(self._boxes.values())

    def values(self) -> dict[str, StrEnum | None]:
        """{"root": Root | None, "pulp": ..., "goal": ..., "visit": ...}."""
        out: dict[str, StrEnum | None] = {}
        for (object_name, _label, enum), key in zip(
            _QUESTIONS, ("root", "pulp", "goal", "visit"), strict=True
        ):
            data = self._boxes[object_name].currentData()
            out[key] = None if data is None else enum(data)
        return out

    def set_values(
        self,
        root: str | None = None,
        pulp: str | None = None,
        goal: str | None = None,
        visit: str | None = None,
    ) -> None:
        """Restore answers (None = Unknown); emits `findingsChanged` once if anything changed."""
        before = self.values()
        self._quiet = True
        try:
            for object_name, value in zip(
                ("rootDevelopment", "pulpStatus", "treatmentGoal", "visitStage"),
                (root, pulp, goal, visit),
                strict=True,
            ):
                box = self._boxes[object_name]
                index = box.findData(None if value is None else str(value))
                if index < 0:
                    raise ValueError(f"unknown value for {object_name}: {str(value)[:30]!r}")
                box.setCurrentIndex(index)
        finally:
            self._quiet = False
        if self.values() != before:
            self.findingsChanged.emit()

    def _changed(self, _index: int) -> None:
        if not self._quiet:
            self.findingsChanged.emit()
