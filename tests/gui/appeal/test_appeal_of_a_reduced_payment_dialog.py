"""Billing appeals a claim paid short and never denied, in the letter dialog.

The answer field is headed as the letter prints it ("Response to the reduced payment"), holds
the answer's words, and what billing types there is what the letter prints; the reason field is
named for the reduced payment. A denied claim's dialog is as before.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import RESPONSE, RESPONSE_TO_PAYMENT
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers import REPO_ROOT

SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
REASON = "Post-operative radiograph not received; benefit reduced."


def _dialog(  # type: ignore[no-untyped-def]
    qtbot: QtBot, store: CaseStore, library: ReferenceLibrary, *history: StatusEvent,
    reason: str = REASON,
):  # fmt: skip
    case = Case.from_json(SAMPLE.read_text("utf-8"))
    claim = replace(case.claim, denial_reason=reason, denial_category="", billed_amount="1250.00")
    case_id = store.create_case(replace(case, claim=claim, status_history=history), operator="BL")
    dialog = NarrativeDialog(
        store.get_case(case_id).case, library=library, store=store, case_id=case_id,
        operator="BL", films=CaseService(store),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    return dialog


def _label_of(dialog: NarrativeDialog, name: str) -> str:
    from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

    field = dialog.findChild(QWidget, name)
    assert field is not None, name
    form = field.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_billing_rewords_the_answer_to_a_reduced_payment_and_the_letter_prints_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        dialog = _dialog(qtbot, store, library, StatusEvent("submitted", "2026-11-01"),
                         StatusEvent("paid", "2026-11-10", amount="980.00"))  # fmt: skip
        answer = dialog.section_edits[RESPONSE]
        assert answer.toPlainText().startswith("The explanation of benefits says a radiograph")
        assert _label_of(dialog, answer.objectName()) == RESPONSE_TO_PAYMENT
        assert _label_of(dialog, "denialReasonEdit") == "Reason for the reduced payment"

        answer.setPlainText("The post-operative film was sent on November 2; a copy is enclosed.")
        dialog.refresh_preview()
        letter = dialog.current_letter()
        section = letter.section(RESPONSE_TO_PAYMENT)
        assert section is not None and section.paragraphs == (
            "The post-operative film was sent on November 2; a copy is enclosed.",
        )
        assert letter.section(RESPONSE) is None


def test_a_denied_claim_s_dialog_is_headed_for_the_denial(qtbot: QtBot, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        dialog = _dialog(qtbot, store, library, StatusEvent("submitted", "2026-11-01"),
                         StatusEvent("denied", "2026-11-10", reason=REASON))  # fmt: skip
        answer = dialog.section_edits[RESPONSE]
        assert answer.toPlainText().startswith("The denial says a radiograph")
        assert _label_of(dialog, answer.objectName()) == RESPONSE
        assert _label_of(dialog, "denialReasonEdit") == "Denial reason (from the EOB)"


def test_the_answer_field_is_headed_for_the_payment_before_any_reason_is_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Verification walk: a claim paid short opened with no reason saved showed its answer
    field as "Response to the denial", and kept it after the reason was typed."""
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        dialog = _dialog(qtbot, store, library, StatusEvent("submitted", "2026-11-01"),
                         StatusEvent("paid", "2026-11-10", amount="980.00"), reason="")  # fmt: skip
        answer = dialog.section_edits[RESPONSE]
        assert _label_of(dialog, answer.objectName()) == RESPONSE_TO_PAYMENT
        dialog.denial_edit.setPlainText(REASON)
        dialog.refresh_preview()
        assert answer.toPlainText().startswith("The explanation of benefits says")
        assert _label_of(dialog, answer.objectName()) == RESPONSE_TO_PAYMENT


def test_the_answer_field_follows_a_payment_s_reason_typed_over_the_denial_s(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Denied, then paid short: the letter answers the earlier denial while its reason is the
    one typed, and the reduced payment once the payment's reason is typed over it."""
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        dialog = _dialog(qtbot, store, library, StatusEvent("submitted", "2026-11-01"),
                         StatusEvent("denied", "2026-11-05", reason=REASON),
                         StatusEvent("paid", "2026-11-20", amount="980.00"))  # fmt: skip
        answer = dialog.section_edits[RESPONSE]
        assert _label_of(dialog, answer.objectName()) == RESPONSE
        dialog.denial_edit.setPlainText("Benefit reduced: frequency, once per lifetime.")
        dialog.refresh_preview()
        assert _label_of(dialog, answer.objectName()) == RESPONSE_TO_PAYMENT
