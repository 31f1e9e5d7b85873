"""Chairside walkthrough: the appeal letter of an interim visit (D3356) dated before its initial
visit (D3355) opened with no word of it, where Mark as submitted and To submit named it. The
letter's check names it first, as a problem (Export anyway stays for an office that knows)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog


def _visit(store: CaseStore, code: str, when: str) -> int:
    case = Case(patient=Patient(name="Theo Brandt"),
                claim=Claim(date_of_service=when, denial_reason="Not medically necessary."),
                procedure=Procedure(code=code, tooth="8"))  # fmt: skip
    return store.create_case(case, operator="DR")


def test_the_letter_of_an_interim_visit_dated_before_its_initial_one_says_so(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        _visit(store, "D3355", "2026-10-01")
        interim = _visit(store, "D3356", "2026-09-15")
        _visit(store, "D3357", "2026-12-01")  # the final visit, in order
        dialog = NarrativeDialog(
            store.get_case(interim).case, library=library, store=store, case_id=interim,
            operator="BK", films=CaseService(store),
        )  # fmt: skip
        qtbot.addWidget(dialog)
        problems, _reminders = dialog.check_problems()
        assert problems[0] == (
            "Case 1 (D3355, the initial visit of this series) is dated 2026-10-01, after this "
            "interim visit (2026-09-15): a payer reads the series out of order. Check both "
            "dates of service."
        )
        assert sum("out of order" in p for p in problems) == 1  # the final visit is in order
        dialog.update_check()
        assert "the initial visit of this series" in dialog.banner.text()
        dialog.close()
