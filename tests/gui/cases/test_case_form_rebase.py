"""A stale case form on a shared store can be saved (tour of a two-PC office, finding 3).

Billing at the front desk saved the payer and claim of case 1 while the assistant at the chair
had its form open to add the control tooth and the pre-op film's date. The assistant's Save was
refused ("reload the case and apply them again") and every further Save too: the form had no
reload, so the only way on was Cancel ("lose what was typed") and typing it all again. Now the
refusal loads the newer version into the form with the assistant's own changes on top, says so,
names a field both changed, and the next Save saves both people's work. Real PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from tests.helpers.postgres import PgServer


@pytest.fixture
def store(pg_server: PgServer) -> Iterator[CaseRepository]:
    name = pg_server.new_database()
    try:
        with open_repository(pg_server.url(name)) as opened:
            yield opened
    finally:
        pg_server.drop_database(name)


def _line(form: CaseForm, section: str, key: str) -> QLineEdit:
    editor = form.editor(section, key)
    assert isinstance(editor, QLineEdit)
    return editor


def _summary(form: CaseForm) -> str:
    label = form.findChild(QLabel, "caseFormProblems")
    assert label is not None and not label.isHidden()
    return label.text()


def _open_form(qtbot: QtBot, store: CaseRepository, case_id: int, who: str) -> CaseForm:
    loaded = store.get_case(case_id)
    form = CaseForm(
        CaseService(store), case=loaded.case, case_id=case_id, version=loaded.version,
        operator_source=lambda: who,
    )  # fmt: skip
    qtbot.addWidget(form)
    return form


def test_a_stale_form_takes_the_newer_case_and_saves_both_people_s_work(
    qtbot: QtBot, store: CaseRepository
) -> None:
    case_id = store.create_case(
        Case(patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19")),
        operator="MR",
    )
    chair = _open_form(qtbot, store, case_id, "MR")
    front = _open_form(qtbot, store, case_id, "BB")
    _line(front, "payer", "name").setText("MetLife")
    _line(front, "claim", "number").setText("CLM-2026-0042")
    front.accept()
    assert front.saved_case_id == case_id

    _line(chair, "facts", "control_tooth").setText("20")
    _line(chair, "facts", "preop_radiograph_date").setText("2026-12-02")
    chair.accept()  # refused: the case moved on since the form opened
    assert chair.saved_case_id is None
    assert "BB" in _summary(chair) and "Save again" in _summary(chair)
    # the form now shows billing's work, with the assistant's typing kept on top
    assert _line(chair, "payer", "name").text() == "MetLife"
    assert _line(chair, "facts", "control_tooth").text() == "20"
    assert store.get_case(case_id).case.facts.control_tooth == ""  # nothing saved yet

    chair.accept()  # the second Save saves both
    assert chair.saved_case_id == case_id
    saved = store.get_case(case_id).case
    assert (saved.payer.name, saved.claim.number) == ("MetLife", "CLM-2026-0042")
    assert (saved.facts.control_tooth, saved.facts.preop_radiograph_date) == ("20", "2026-12-02")


def test_a_field_both_changed_is_named_and_the_form_keeps_what_was_typed(
    qtbot: QtBot, store: CaseRepository
) -> None:
    case_id = store.create_case(
        Case(
            patient=Patient(name="Jordan Reyes"),
            payer=Payer(name="Delta"),
            claim=Claim(number="C-1"),
            procedure=Procedure(code="D3330", tooth="19"),
        ),
        operator="BB",
    )
    mine = _open_form(qtbot, store, case_id, "BB")
    theirs = _open_form(qtbot, store, case_id, "AO")
    _line(theirs, "payer", "name").setText("MetLife")
    theirs.accept()
    _line(mine, "payer", "name").setText("Aetna")
    mine.accept()
    assert mine.saved_case_id is None
    assert "MetLife" in mine.error_text("payer", "name")  # what the other PC saved there
    assert _line(mine, "payer", "name").text() == "Aetna"
    mine.accept()
    assert store.get_case(case_id).case.payer.name == "Aetna"
