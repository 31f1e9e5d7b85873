"""`store migrate` of one PC into a new server keeps each case's number. The office has written
"case 27" on charts, in appeal PDFs' names (appeal-case27-...) and in notes; the cases were
copied least recently changed first, so after a week's edits the server's case 27 was another
patient (Ella Adams, PC case 27, became 33; Owen Nelson took 27) (tour9)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cdt_desktop.commands.migrate import copy_cases
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient


def _url(path: Path) -> str:
    return f"sqlite:///{path.as_posix().lstrip('/')}"


def test_a_pc_whose_older_cases_were_edited_last_keeps_its_case_numbers_on_the_new_server(
    tmp_path: Path,
) -> None:
    names = ["Jordan Reyes", "Zoë Nguyễn", "Ella Adams", "שרה כהן", "Owen Nelson"]
    with (
        open_repository(_url(tmp_path / "pc.sqlite")) as pc,
        open_repository(_url(tmp_path / "server.sqlite")) as server,
    ):
        ids = [pc.create_case(Case(patient=Patient(name=n)), operator="BC") for n in names]
        for case_id in (ids[2], ids[0]):  # billing edits older cases during the week
            stored = pc.get_case(case_id)
            edited = replace(stored.case, patient=replace(stored.case.patient, chart_number="X"))
            pc.update_case(case_id, edited, operator="MR", expected_version=stored.version)
        copy_cases(pc, server)
        on_server = {s.id: s.patient_name for s in server.list_cases()}
        assert on_server == {s.id: s.patient_name for s in pc.list_cases()}
