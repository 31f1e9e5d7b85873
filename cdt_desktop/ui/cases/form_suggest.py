"""The chart's pulp status offered for a blank pulpal diagnosis (Clinical facts), never saved for
the user.

The dentist answers the pulp status on the chart at the chair, and typed the AAE pulpal diagnosis
again under Clinical facts (billing walkthrough). A blank diagnosis is not blank in the letter: it
states the chart's pulp status instead. Under the blank field the form now says so and offers the
AAE diagnoses that agree with the chart (`facts.AGREEING_DIAGNOSES`: pulp necrosis for necrosis;
symptomatic or asymptomatic for irreversible pulpitis, which the chart does not tell apart) as
buttons. A click chooses it in the field as choosing it by hand would, and Save saves it; until
then nothing is written into the case: a suggestion, never a silent fact.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from cdt_desktop.domain.cases.facts import AGREEING_DIAGNOSES
from cdt_desktop.domain.coding.findings import term
from cdt_desktop.ui.cases.form_editors import Field, FormFields
from cdt_desktop.ui.cases.form_fields import choice_words
from cdt_desktop.ui.common.metrics import ButtonRows, size_target

DIAGNOSIS: Field = ("facts", "pulpal_diagnosis")
PULP: Field = ("findings", "pulp")


def use_words(diagnosis: str) -> str:
    """A button's words: "Use pulp necrosis", as the drop-down names the diagnosis."""
    words = choice_words(DIAGNOSIS[1], diagnosis)
    return f"Use {words[:1].lower()}{words[1:]}"


class ChartDiagnosisOffer(QWidget):
    """Under a blank pulpal diagnosis: what the letter states instead (the chart's pulp
    status, as the form's Findings hold it) and a button per agreeing AAE diagnosis; under one
    the pulp status contradicts, that the letter would state both, with the same buttons.
    Hidden while an agreeing diagnosis is chosen, the chart has no pulp status, or the field is
    not editable."""

    def __init__(self, diagnosis: QComboBox, pulp: QComboBox, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pulpalDiagnosisOffer")
        self._diagnosis, self._pulp = diagnosis, pulp
        self.note = QLabel(self)
        self.note.setObjectName("pulpalDiagnosisOfferNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        row = QWidget(self)
        buttons = ButtonRows(row)
        self.buttons: dict[str, QPushButton] = {}
        for value in dict.fromkeys(v for vs in AGREEING_DIAGNOSES.values() for v in vs):
            button = QPushButton(use_words(value), row)
            button.setObjectName(f"usePulpalDiagnosis_{value}")
            button.setAccessibleName(f"{use_words(value)} as the pulpal diagnosis")
            button.setAutoDefault(False)  # Enter moves on in the form; it never chooses
            size_target(button)
            button.clicked.connect(lambda _checked=False, v=value: self.choose(v))
            buttons.add(button)
            self.buttons[value] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.note)
        layout.addWidget(row)
        diagnosis.currentIndexChanged.connect(self.follow)
        pulp.currentIndexChanged.connect(self.follow)
        self.follow()

    def offered(self) -> tuple[str, ...]:
        """The diagnoses offered now: for a blank one, or one the chart's pulp status
        contradicts (none while an agreeing one is chosen, or the field is locked)."""
        if not self._diagnosis.isEnabled():
            return ()
        agreeing = AGREEING_DIAGNOSES.get(str(self._pulp.currentData() or ""), ())
        chosen = str(self._diagnosis.currentData() or "")
        return () if chosen and (not agreeing or chosen in agreeing) else agreeing

    def follow(self, *_args: object) -> None:
        """Show the offer for the chart's pulp status as the form holds it now."""
        offered = self.offered()
        found = term(PULP[1], str(self._pulp.currentData() or ""))
        chosen = str(self._diagnosis.currentData() or "")
        if offered and found is not None and chosen:
            # two diagnoses of one pulp: the letter would state both (chairside walk: the
            # dentist re-coded to D3348, previously treated, over the facts' pulp necrosis, and
            # only the letter's check said so, at the billing desk)
            self.note.setText(
                f"The chart's pulp status is {found.label}, the pulpal diagnosis here"
                f" {self._diagnosis.currentText().lower()}: the letter would state both."
                " Correct the pulp status under Findings, or use the chart's:"
            )
        elif offered and found is not None:
            self.note.setText(
                f"The chart's pulp status is {found.label}; left blank, the letter states"
                f" {found.formal}." + (" Choose which:" if len(offered) > 1 else "")
            )
        for value, button in self.buttons.items():
            button.setVisible(value in offered)
        self.setVisible(bool(offered))

    def choose(self, value: str) -> None:
        """The diagnosis chosen in the field, as by hand; Save saves it. The focus goes to the
        field before the clicked button hides (a hidden focus widget hands the focus on, and
        the form scrolled to its top), and the field is kept in view."""
        self._diagnosis.setFocus(Qt.FocusReason.OtherFocusReason)
        self._diagnosis.setCurrentIndex(self._diagnosis.findData(value))
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if holder is not None:
            holder.ensureWidgetVisible(self._diagnosis)


def offer_chart_diagnosis(fields: FormFields) -> ChartDiagnosisOffer | None:
    """The offer under the pulpal diagnosis field (call after `FormFields.limit_to`)."""
    diagnosis, pulp = fields.editors.get(DIAGNOSIS), fields.editors.get(PULP)
    stack = fields.stacks.get(DIAGNOSIS)
    if stack is None or not isinstance(diagnosis, QComboBox) or not isinstance(pulp, QComboBox):
        return None
    holder = stack.parentWidget()
    if holder is None:
        return None
    offer = ChartDiagnosisOffer(diagnosis, pulp, holder)
    stack.insertWidget(1, offer)  # between the field and its problem line
    # Tab goes from the field to its buttons, then on to the periapical diagnosis: built
    # after the form, they came last, after Save, Keep as incomplete draft and Cancel
    # (keyboard walkthrough)
    before: QWidget = diagnosis
    for button in offer.buttons.values():
        QWidget.setTabOrder(before, button)
        before = button
    return offer
