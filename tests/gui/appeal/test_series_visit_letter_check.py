"""Chairside walkthrough: the appeal letter of an interim visit (D3356) dated before its initial
visit (D3355) opened with no word of it, where Mark as submitted and To submit named it. The
letter's check names it first, as a problem (Export anyway stays for an office that knows)."""

from __future__ import annotations

from datetime import date
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


def test_the_letter_of_an_interim_visit_names_when_the_series_began(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Chairside walkthrough: an interim visit's letter gave its own date of service and
    "visit: interim visit", never the initial visit's date; a reviewer asks when the series
    began. The history names the series' other visits, oldest first."""
    from cdt_desktop.domain.appeal.letter import HISTORY

    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        _visit(store, "D3357", "2026-12-20")
        _visit(store, "D3355", "2026-10-01")
        interim = _visit(store, "D3356", "2026-11-05")
        void = _visit(store, "D3355", "2026-09-01")  # voided: not the series' initial visit
        store.set_status(void, "void", operator="BK")
        dialog = NarrativeDialog(
            store.get_case(interim).case, library=library, store=store, case_id=interim,
            operator="BK", films=CaseService(store), today=date(2026, 12, 6),
        )  # fmt: skip
        qtbot.addWidget(dialog)
        history = dialog.current_letter().section(HISTORY)
        assert history is not None
        assert history.paragraphs[1] == (
            "This is the interim visit of a regeneration series; its other visits: D3355 (the "
            "initial visit) on October 1, 2026."
        )  # the final visit booked for December 20 is no visit yet
        assert "D3357" not in " ".join(history.paragraphs)
        dialog.close()
