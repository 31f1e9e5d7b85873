"""The wrong tooth fixed in Edit case: the ticks made for the old tooth stay on the case, and
the window says to check them (chairside walkthrough: a D3346 case made on #8 and ticked, then
Ctrl+E, Tooth 9, Ctrl+S said only "Case 2 saved"). Real window and store; the modal form's
typing is done by the stand-in below, through the same service call its Save makes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.cases import controller as case_controller
from tests.helpers.windows import shown_window


def _form_that_sets_tooth(tooth: str) -> Any:
    number, _, notation = tooth.partition(" ")  # "11 fdi": #8 written in FDI

    def form(parent, service, *, case, operator_source, case_id=None, version=None, **_kw):  # type: ignore[no-untyped-def]
        procedure = replace(case.procedure, tooth=number, notation=notation or "universal")
        edited = replace(case, procedure=procedure)
        service.edit(case_id, edited, operator=operator_source(), expected_version=version)
        return case_id

    return form


@pytest.mark.parametrize(("ticked", "tooth", "said"), [(True, "9", True), (False, "9", False),
                                                         (True, "8", False),
                                                         (True, "11 fdi", False)])  # fmt: skip
def test_a_tooth_fixed_on_a_ticked_case_says_to_check_its_ticks(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ticked: bool, tooth: str,
    said: bool,
) -> None:  # fmt: skip
    with shown_window(qtbot, tmp_path / "data") as window:
        case_id = window.cases.create(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3346", tooth="8")),
            operator="AB",
        )
        window.open_case(case_id)
        if ticked:
            window.cases.tick(case_id, "preop-radiograph", True, operator="AB")
        monkeypatch.setattr(case_controller, "edit_case", _form_that_sets_tooth(tooth))
        window.edit_case()
        message = window.statusBar().currentMessage()
        assert ("Its ticks were made for #8" in message) is said, message
        if said:
            assert "the tooth is now #9" in message
