"""File > Radiographs…: the open case's films, attached at the chair as they are taken.

Why its own dialog: films were attached only inside the appeal letter dialog, which assistants
may not open (it exports the letter), so the assistant who took the film could not put it on the
case. Here anyone who may open the case sees its films; the roles that may attach (the chair's
clinical edit, billing's claim edit) attach and remove them, saved in the case store at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cdt_desktop.ui.appeal.radiographs import RadiographsBox, RadiographSource
from cdt_desktop.ui.common.metrics import follow_window_targets


class RadiographsDialog(QDialog):
    """The case's films (thumbnails) with Attach and Remove, and a Close button."""

    def __init__(
        self,
        source: RadiographSource,
        case_id: int,
        *,
        heading: str,
        tooth: str,
        operator: str,
        recorded_dates: Mapping[str, str] | None = None,
        check_film: Callable[[str, str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("radiographsDialog")
        # closed is gone, with its films: Close must not leave a hidden dialog (the patient's
        # name and images) in the window for the rest of the day, one per opening
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Radiographs, case {case_id}")
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("radiographsHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # patient names print literally
        self.heading.setWordWrap(True)
        self.radiographs = RadiographsBox(
            source,
            case_id,
            operator=operator,
            default_caption=f"Periapical radiograph, tooth #{tooth}" if tooth else "Radiograph",
            recorded_dates=recorded_dates,
            check_film=check_film,
            parent=self,
        )
        for area in (self.radiographs.list, self.radiographs.empty):
            area.setMaximumHeight(16777215)  # room for a visit's films
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")  # Alt+C, as in the letter's dialog (it had no Alt letter)
        close.setObjectName("closeFilmsButton")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.radiographs, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        follow_window_targets(self)
