"""A letter open while the case's code changes elsewhere says so before it goes out (tour8
finding 6).

Billing (PC 2) had the appeal letter of case 1 open, written for D3330. At PC 1 the dentist
changed the case's code to D3220 (the dialog there told her to send the payer a corrected
claim). PC 2's status bar, behind the letter, said "code changed on another workstation"; the
letter still argued D3330 ("Why this code", "payment of D3330") and Save as PDF asked only about
the usual gaps. The check before export now names the change first.

Real case store (SQLite), real services, real dialog; only the final Yes/No box is answered.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common import msgbox


def test_the_check_before_export_names_a_code_changed_at_another_workstation(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or False
    )
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Zoë Nguyễn"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(number="CLM-1", denial_reason="Not medically necessary."),
        )
        case_id = store.create_case(case, operator="AS")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, store=store, case_id=case_id, operator="BL"
        )
        qtbot.addWidget(dialog)
        assert "D3330" in dialog.current_letter().request

        service = CaseService(store)  # PC 1, on the same store
        risk = service.code_risk("D3220", store.get_case(case_id).case)
        service.change_code(case_id, "D3220", operator="DR", confirmed=risk)

        assert dialog.save_pdf() == ""  # the clerk answers No: nothing goes out
        assert asked, "no check before the export"
        first = asked[0].split("\n")[1]
        assert "D3220" in first and "D3330" in first and "another workstation" in first


def test_the_check_before_export_names_claim_details_corrected_at_another_workstation(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: billing's letter was open while the admin corrected the claim
    number and the billed amount at PC 1 (then the member ID); Save as PDF printed the old ones
    and the check said "Nothing blocks sending". The check now names what changed."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.model import Subscriber

    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or False
    )
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Jordan Reyes"),
            subscriber=Subscriber(name="Maria Reyes", member_id="MET-448155201"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(number="ML-26-0817-88431", billed_amount="1250.00",
                        denial_reason="Not medically necessary."),
        )  # fmt: skip
        case_id = store.create_case(case, operator="AS")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, store=store, case_id=case_id, operator="BL"
        )
        qtbot.addWidget(dialog)
        stored = store.get_case(case_id)
        corrected = replace(stored.case, claim=replace(
            stored.case.claim, number="ML-26-0817-99999", billed_amount="1350.00"
        ), subscriber=replace(stored.case.subscriber, member_id="MET-000000001"))  # fmt: skip
        store.update_case(case_id, corrected, operator="AO", expected_version=stored.version)

        assert dialog.save_pdf() == ""  # the clerk answers No: nothing goes out
        assert asked, "no check before the export"
        said = asked[0]
        for name in ("claim number", "billed amount", "subscriber member ID"):
            assert name in said, said
        assert "99999" not in said and "1350" not in said  # names, not values
        assert "D3330 on" not in said  # the code and tooth did not change


def test_a_second_export_does_not_take_its_own_saved_denial_reason_for_a_change(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export keeps the denial reason typed in the letter on the case; the next export's
    check must not name it as changed on another workstation."""
    from cdt_desktop.ui.appeal import export as appeal_export
    from cdt_desktop.ui.appeal import precheck

    asked: list[str] = []
    monkeypatch.setattr(precheck, "confirm_export",
                        lambda parent, problems, letter="appeal", reminders=(): asked.extend(problems) or True)  # fmt: skip
    monkeypatch.setattr(precheck, "offer_mark_appealed", lambda parent, level, **_k: False)
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(patient=Patient(name="Jordan Reyes"),
                    procedure=Procedure(code="D3330", tooth="19"), claim=Claim(number="CLM-1"))  # fmt: skip
        case_id = store.create_case(case, operator="AS")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, store=store, case_id=case_id, operator="BL"
        )
        qtbot.addWidget(dialog)
        dialog.denial_edit.setPlainText("Not medically necessary.")
        for n in (1, 2):
            path = tmp_path / f"letter{n}.pdf"
            monkeypatch.setattr(appeal_export, "ask_save_path", lambda parent, s, p=path: str(p))
            assert dialog.save_pdf()
        assert store.get_case(case_id).case.claim.denial_reason == "Not medically necessary."
        assert not [p for p in asked if "another workstation" in p], asked


@pytest.mark.parametrize("button", ["copy_text_button", "copy_remark_button"])
def test_copying_the_letter_or_remark_names_a_code_changed_at_another_workstation(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, button: str
) -> None:
    """Walkthrough on a shared store: with the code changed at PC 1, "Copy plain text" put the
    D3330 letter on the clipboard without the warning Save and Print gave; the clerk pasted it
    into the payer's portal. The copy asks first now, and No copies nothing."""
    from PySide6.QtGui import QGuiApplication

    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or False
    )
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Zoë Nguyễn"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(number="CLM-1", denial_reason="Not medically necessary."),
        )
        case_id = store.create_case(case, operator="AS")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, store=store, case_id=case_id, operator="BL"
        )
        qtbot.addWidget(dialog)
        QGuiApplication.clipboard().setText("before")
        service = CaseService(store)  # PC 1, on the same store
        risk = service.code_risk("D3220", store.get_case(case_id).case)
        service.change_code(case_id, "D3220", operator="DR", confirmed=risk)

        getattr(dialog, button).click()
        assert asked and "another workstation" in asked[0].split("\n")[1]
        assert QGuiApplication.clipboard().text() == "before"  # No: nothing copied
        assert not [a for a in store.audit(case_id) if a.action == "export"]


def test_an_open_letter_s_check_follows_ticks_made_at_another_workstation(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: with the letter open at PC 2, the assistant unticked "Pulpal
    diagnosis recorded" at PC 1; PC 2's status bar said so, but the banner and the question
    before Save as PDF still did not name the item, and the PDF went out. The other way round,
    a tick made there was still "not recorded" here."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or False
    )
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        case = Case(
            patient=Patient(name="Ana Souza"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(number="CLM-1", denial_reason="Not medically necessary."),
        )
        case_id = store.create_case(case, operator="AS")
        store.set_check(case_id, "pulp-diagnosis", True, operator="AS")
        dialog = NarrativeDialog(store.get_case(case_id).case, library=library, store=store,
                                 case_id=case_id, operator="BL")  # fmt: skip
        qtbot.addWidget(dialog)
        item = "Required item not recorded: Pulpal diagnosis recorded"
        assert item not in dialog.banner.text()

        store.set_check(case_id, "pulp-diagnosis", False, operator="AS")  # PC 1 unticks it
        assert dialog.follow_ticks()
        assert item in dialog.banner.text()  # at once, not at the next Save
        store.set_check(case_id, "pulp-diagnosis", True, operator="AS")  # and ticks it again
        assert dialog.save_pdf() == ""  # other gaps are asked about; answered No
        assert item not in asked[-1]
        store.set_check(case_id, "pulp-diagnosis", False, operator="AS")
        assert dialog.save_pdf() == ""
        assert item in asked[-1]  # Save reads the ticks again, feed or not


def test_a_code_changed_elsewhere_is_the_question_s_only_word_on_the_code(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two-PC walkthrough: claim billed D3310, case corrected to D3330, letter open at PC 2;
    the dentist re-coded to D3348 at PC 1. "Export anyway?" said both "The case is now D3348"
    and, from the letter's own copy, "the case is now coded D3330". The rest of the check is
    of the case as the letter opened it: the question says what changed and to reopen."""
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService
    from cdt_desktop.services.code_risk import ConfirmationNeededError

    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or False
    )
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(patient=Patient(name="Zoë Nguyễn"),
                    procedure=Procedure(code="D3310", tooth="19"), claim=Claim(number="CLM-7"))  # fmt: skip
        case_id = store.create_case(case, operator="AS")
        billing = BillingService(store, ())
        billing.advance(case_id, StatusEvent("submitted", "2026-11-02"), operator="BL")
        billing.advance(case_id, StatusEvent("denied", "2026-11-20"), operator="BL")
        service = CaseService(store)
        for code, who in (("D3330", "BL"), ("D3348", "DR")):
            if code == "D3348":  # PC 1, while the letter is open at PC 2
                dialog = NarrativeDialog(
                    store.get_case(case_id).case, store=store, case_id=case_id, operator="BL"
                )
                qtbot.addWidget(dialog)
            try:  # what the window asks about (sent with D3310), answered Yes
                service.change_code(case_id, code, operator=who)
            except ConfirmationNeededError as asked_first:
                service.change_code(case_id, code, operator=who, confirmed=asked_first.risk)

        assert dialog.save_pdf() == ""  # answered No
        [question] = asked
        assert "now D3348" in question and "the letter says D3330" in question
        assert "now coded D3330" not in question, question
