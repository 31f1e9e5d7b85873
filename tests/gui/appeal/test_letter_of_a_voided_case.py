"""A letter open on a case that another workstation voids sends nothing (two-PC walk).

PC 1 opened the appeal letter of case 68; PC 2 voided the case (entered in error). PC 1's
status bar said the case was closed, but the letter stayed open as before: Save as PDF listed
nine problems, not the void, and "Export anyway" wrote the PDF and an export audit row after
the void.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common import msgbox
from tests.helpers import FIXTURES


def load_case() -> Case:
    return Case.from_dict(json.loads((FIXTURES / "case_d3330.json").read_text("utf-8")))


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append((title, text)))
    # "Export anyway?" answered Yes: the void must not be one of the problems it may skip
    monkeypatch.setattr(precheck, "confirm_export", lambda *a, **k: True)
    return shown


def test_a_case_voided_at_another_workstation_sends_no_letter(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[tuple[str, str]]
) -> None:
    folder = tmp_path / "store"
    with CaseStore.open(folder) as pc1, CaseStore.open(folder) as pc2:
        case_id = pc1.create_case(load_case(), operator="ZT")
        dlg = NarrativeDialog(load_case(), store=pc1, case_id=case_id, operator="ZT")
        qtbot.addWidget(dlg)
        pc2.set_status(case_id, "void", operator="BC")  # File > Void case… at the front desk
        monkeypatch.setattr(
            appeal_export, "ask_save_path", lambda p, d: str(tmp_path / Path(d).name)
        )
        QGuiApplication.clipboard().setText("before")

        assert dlg.save_pdf() == ""
        assert dlg.copy_remark() == "" and dlg.copy_plain_text() == ""
        assert dlg.print_letter() is False
        assert QGuiApplication.clipboard().text() == "before"
        assert list(tmp_path.glob("*.pdf")) == []
        actions = [entry.action for entry in pc1.audit(case_id)]
        assert not {"export", "export-anyway"} & set(actions)
        assert [title for title, _ in errors] == ["Case voided"] * 4
        assert errors[0][1].startswith(f"Case {case_id} was voided on another workstation")
        assert "Nothing was saved, printed or copied." in errors[0][1]
        assert dlg.banner.isVisibleTo(dlg) and "voided" in dlg.banner.text()


def test_the_letter_says_so_as_soon_as_the_window_hears_of_the_void(
    qtbot: Any, tmp_path: Path, errors: list[tuple[str, str]]
) -> None:
    """The window's feed hands the void to the open letter (``follow_store``): its banner
    says so before anyone presses Save."""
    folder = tmp_path / "store"
    with CaseStore.open(folder) as pc1, CaseStore.open(folder) as pc2:
        case_id = pc1.create_case(load_case(), operator="ZT")
        dlg = NarrativeDialog(load_case(), store=pc1, case_id=case_id, operator="ZT")
        qtbot.addWidget(dlg)
        assert "voided" not in dlg.banner.text()
        pc2.set_status(case_id, "void", operator="BC")
        dlg.follow_store()
        assert dlg.banner.text() == precheck.voided_words(case_id, "appeal")
        assert errors == []  # said in the banner, no dialog until an export is tried


def test_the_window_hands_the_void_to_its_open_letter(
    qtbot: Any, tmp_path: Path, errors: list[tuple[str, str]]
) -> None:
    """The real window: the feed's void closes the case (as before) and the letter open on it
    says it was voided (it stayed open saying nothing)."""
    from PySide6.QtGui import QAction

    from cdt_desktop.app import build_main_window
    from cdt_desktop.domain.cases.ports import StoreChange
    from tests.helpers.cases import PLANNED_RCT

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("BL")
    case_id = window.cases.create(PLANNED_RCT, operator="DR")
    window.open_case(case_id)
    window.findChild(QAction, "exportAppealAction").trigger()
    dialog = window.findChild(NarrativeDialog, "narrativeDialog")
    assert dialog is not None and dialog.isVisible()
    with CaseStore.open_file(window.store.path) as elsewhere:  # the front desk
        elsewhere.set_status(case_id, "void", operator="BC")
    window._store_changed([StoreChange(case_id, "status", "BC")])

    assert window.current_case_id() is None  # closed here, as before
    assert dialog.banner.text() == precheck.voided_words(case_id, "appeal")
