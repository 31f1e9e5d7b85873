"""The appeal dialog names, before export, a script the PDF cannot print."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cdt_desktop.domain.cases.model import Case
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers import FIXTURES

pytestmark = pytest.mark.gui


class NoLibrary:
    def get(self, code: str) -> None:
        return None


def _case(patient: str) -> Case:
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["patient"]["name"] = patient
    return Case.from_dict(data)


def test_a_patient_name_in_tibetan_is_named_in_the_banner_before_export(qtbot: Any) -> None:
    dlg = NarrativeDialog(_case("Tenzin བསྟན་འཛིན"), library=NoLibrary())
    qtbot.addWidget(dlg)
    dlg.update_check()
    problems, _ = dlg.check_problems()
    assert any("Tibetan" in p for p in problems)
    assert dlg.banner.isVisibleTo(dlg) and "[Tibetan text]" in dlg.banner.text()


def test_korean_and_hindi_names_raise_no_font_warning(qtbot: Any) -> None:
    dlg = NarrativeDialog(_case("김민준 अनिता สมชาย"), library=NoLibrary())
    qtbot.addWidget(dlg)
    problems, _ = dlg.check_problems()
    assert not any("no font" in p for p in problems)
