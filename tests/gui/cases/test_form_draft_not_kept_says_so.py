"""A form whose typing cannot be kept for a crash says so. Reliability probe: on a full disk
the draft was not written (a log line only) and a 0-byte part file was left; after `kill -9`
the typing was gone and nothing had said it would be. Here the drafts folder cannot be made
(a file of that name is in the way: a real OSError, as a full disk gives)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.form_recovery import NOT_KEPT


def test_typing_that_cannot_be_kept_is_said_above_the_fields_until_it_can(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = CaseStore.open(tmp_path / "pc")
    case_id = store.create_case(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    stored = store.get_case(case_id)
    drafts = tmp_path / "pc" / "drafts"
    drafts.write_text("in the way")  # the drafts folder cannot be made
    form = CaseForm(CaseService(store), case=stored.case, case_id=case_id,
                    version=stored.version, operator_source=lambda: "BK", drafts=drafts)  # fmt: skip
    qtbot.addWidget(form)
    form.show()
    form.editor("claim", "number").setText("CLM-1")

    def notice() -> QLabel | None:
        return form.findChild(QLabel, "caseFormDraftNotice")

    qtbot.waitUntil(lambda: notice() is not None and notice().isVisible(), timeout=5000)
    assert notice().text() == NOT_KEPT
    drafts.unlink()  # room again
    form.editor("claim", "number").setText("CLM-12")
    qtbot.waitUntil(lambda: not notice().isVisible(), timeout=5000)
    assert (drafts / "initials-BK" / f"case-{case_id}.json").exists()
    assert not list((drafts / "initials-BK").glob("*.part"))
    form.close()
    store.close()
