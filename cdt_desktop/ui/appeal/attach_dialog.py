"""What an attached film is: which film (pre-operative, post-operative, other), what it shows
and when it was taken, asked once the file is chosen.

Why "which film" is asked: an attached image counts as the case's pre-op (post-op) radiograph,
dating the enclosure and answering a missing-radiograph denial, only when its caption says so
(``domain.appeal.films.film_kind``). The caption the app proposed said neither, so a pre-op
film attached at the chair as proposed was never the pre-op film at the billing desk (tour8). The
dialog proposes the film the case lacks first and the caption it keeps says which film it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.appeal.films import film_kind
from cdt_desktop.domain.cases.radiographs import MAX_CAPTION
from cdt_desktop.ui.common.metrics import fit_title, follow_window_targets, size_target

FILM_KINDS = (
    ("preop", "Pre-operative (diagnostic)"),
    ("postop", "Post-operative (after treatment)"),
    ("other", "Other (working, cone-fit, photo)"),
)
_WORDS = {"preop": "Pre-operative", "postop": "Post-operative"}  # the proposed caption's
_PREFIX = {"preop": "Pre-op", "postop": "Post-op"}  # before a caption typed without them


class AttachDialog(QDialog):
    """Which film, what it shows and when it was taken; ``caption()`` says which film it is."""

    def __init__(
        self,
        file_name: str,
        caption: str,
        parent: QWidget | None = None,
        *,
        proposed: str = "preop",
        dates: Mapping[str, str] | None = None,
    ) -> None:
        """``dates``: the films' dates the case records, by kind ("preop", "postop"): the
        date taken proposed for that film (left empty, it was typed again, with a typo)."""
        super().__init__(parent)
        self.setObjectName("attachRadiographDialog")
        self.setWindowTitle("Attach radiograph")
        fit_title(self)
        named = film_kind(caption)  # "Pre-op PA #19" given: that film, those words
        self._base = "" if named else caption
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("radiographKind")
        self.kind_box.setAccessibleName("Which film")
        for kind, words in FILM_KINDS:
            self.kind_box.addItem(words, kind)
        self._kind = named or proposed
        self.kind_box.setCurrentIndex(self.kind_box.findData(self._kind))
        self.caption_field = QLineEdit(caption if named else self._proposed(self._kind), self)
        self.caption_field.setObjectName("radiographCaption")
        self.caption_field.setAccessibleName("What the radiograph shows")
        self.caption_field.setMaxLength(MAX_CAPTION)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.set_kind(self.kind()))
        self.date_field = QLineEdit(self)
        self.date_field.setObjectName("radiographTakenOn")
        self.date_field.setAccessibleName("Date taken")
        self.date_field.setPlaceholderText("YYYY-MM-DD or MM/DD/YYYY")
        # no 10-character limit: a date pasted from a portal with a zero-width space lost its
        # last digit ("12/01/202") and was refused (new-user walkthrough); as DateField's
        self.date_field.setMaxLength(40)
        self._dates = dict(dates or {})
        self.date_field.setText(self._dates.get(self._kind, ""))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "&Attach"
        )  # Alt+A, as the letter has it
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        name = QLabel(file_name, self)
        name.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("File:", name)
        form.addRow("&Film:", self.kind_box)
        form.addRow("&Shows:", self.caption_field)
        form.addRow("&Taken on:", self.date_field)
        for field in (self.kind_box, self.caption_field, self.date_field, *buttons.buttons()):
            size_target(field)
        self.problem = QLabel(self)
        self.problem.setObjectName("radiographDateProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.caption_field.setFocus()
        follow_window_targets(self)

    def _proposed(self, kind: str) -> str:
        """The caption proposed for ``kind``: "Pre-operative periapical radiograph, tooth #19"."""
        base = self._base
        if kind not in _WORDS or not base:
            return base
        return f"{_WORDS[kind]} {base[:1].lower()}{base[1:]}"

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def set_kind(self, kind: str) -> None:
        """Choose the film; a caption still as proposed follows it, typed words stay."""
        if self.caption_field.text().strip() == self._proposed(self._kind):
            self.caption_field.setText(self._proposed(kind))
        if self.date_field.text().strip() == self._dates.get(self._kind, ""):  # not typed over
            self.date_field.setText(self._dates.get(kind, ""))
        self._kind = kind
        if self.kind() != kind:
            self.kind_box.setCurrentIndex(self.kind_box.findData(kind))

    def accept(self) -> None:
        """A date that is not a real past date keeps the dialog open, with the reason."""
        from cdt_desktop.domain.appeal.symbols import pictographs_named
        from cdt_desktop.domain.cases.field_rules import parse_case_date
        from cdt_desktop.domain.dates import date_problem
        from cdt_desktop.services.radiographs import valid_taken_on

        if listed := pictographs_named(self.caption_field.text()):  # as a name with one is
            # refused: the film's page and the enclosure list would leave it out, and the
            # window drew it as a box (chairside walk)
            self.problem.setText(
                f"Caption: has {listed} in it, which no letter prints: describe the film in words."
            )
            self.problem.setVisible(True)
            self.caption_field.setFocus()
            return
        taken = self.taken_on()
        try:
            if taken and parse_case_date(taken) is None:  # the service names one order only
                # worded as the case form and the status dialogs word it ("2026-02-30 is not a
                # real date: February 2026 has 28 days")
                said = date_problem(self.date_field.text())
                raise UserFacingError(f"Date taken: {said}; or leave it empty.")
            valid_taken_on(taken)
        except UserFacingError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            self.date_field.setFocus()
            return
        super().accept()

    def reject(self) -> None:
        """Escape or Cancel: words or a date typed here go only after a question, as in the
        case form and the claim status dialog (chairside walkthrough: an Escape lost a caption
        typed from the imaging software)."""
        from cdt_desktop.ui.common import msgbox

        typed = self.caption_field.isModified() or self.date_field.isModified()
        if typed and not msgbox.ask_yes_no(
            self, "Discard what you typed?", "Close without attaching the film and lose what "
            "was typed here?",
        ):  # fmt: skip
            return
        super().reject()

    def caption(self) -> str:
        """What the film shows, saying which film it is ("Post-op: PA #19 after obturation")."""
        text = self.caption_field.text().strip()
        kind = self.kind()
        if kind not in _PREFIX or film_kind(text) == kind:
            return text
        if not text:
            return self._proposed(kind) or _WORDS[kind] + " radiograph"
        return f"{_PREFIX[kind]}: {text}"[:MAX_CAPTION]

    def taken_on(self) -> str:
        """YYYY-MM-DD; typed as 11/30/2026 (US order) too, as in the case form (tour7)."""
        from cdt_desktop.domain.dates import normalize_date

        return normalize_date(self.date_field.text())
