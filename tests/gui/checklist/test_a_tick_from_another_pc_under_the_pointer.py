"""A tick another workstation makes shows under the assistant's pointer just as she clicks:
the click meant for the unticked box she saw must not untick the other PC's tick.

Reliability probe: "Working length" unticked on screen; BB ticked it at another workstation
(`cases tick`); the window showed it within 100 ms, and a click 120-900 ms later sent an untick
(7 trials of 7: the audit read "BB tick", then "AA untick"). Now a click that soon after such a
change is not sent, the banner says what changed, and the next click goes through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.checklist import elsewhere as panel_module

ITEM = "working-length-recorded"


@pytest.fixture
def chair(qtbot: QtBot, tmp_path: Path) -> Any:
    window = build_main_window(data_dir=tmp_path / "chair")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("AA")
    case = Case(
        patient=Patient(name="Jordan Reyes"),
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    window.case_id = window.store.create_case(case, operator="AA")
    window.open_case(window.case_id)
    yield window
    window.close()


def _banner(window: Any) -> str:
    label = window.checklist_panel.findChild(QLabel, "checklistBanner")
    return label.text() if not label.isHidden() else ""


def test_a_click_right_after_another_pc_ticked_the_item_does_not_untick_it(chair: Any) -> None:
    panel = chair.checklist_panel
    box = panel.checkbox(ITEM)
    assert box is not None and not box.isChecked()
    chair.store.set_check(chair.case_id, ITEM, True, operator="BB")  # the other workstation
    panel.reload()  # as the change feed does
    assert box.isChecked()
    rows_before = box.mapTo(chair, box.rect().topLeft())
    box.click()  # meant for the unticked box shown a moment before
    assert box.isChecked()
    assert chair.store.checks(chair.case_id)[ITEM].by == "BB"  # BB's tick kept
    words = panel.last_notice
    assert words.startswith("BB just ticked") and "click it again to untick it" in words
    assert box.accessibleDescription() == words
    assert _banner(chair) == ""  # said at the box: no banner moved the rows (re-walk)
    assert box.mapTo(chair, box.rect().topLeft()) == rows_before
    box.click()  # now on purpose
    assert not box.isChecked()
    assert not chair.store.checks(chair.case_id)[ITEM].checked


def test_a_click_before_the_window_showed_another_pc_s_tick_keeps_it_as_theirs(
    chair: Any,
) -> None:
    """Re-walk: a click within the two seconds before the window looked at the store again
    ticked the item once more as AA's, BB's name (and note) gone."""
    panel = chair.checklist_panel
    box = panel.checkbox(ITEM)
    chair.store.set_check(chair.case_id, ITEM, True, operator="BB", note="film 3")
    assert not box.isChecked()  # not shown yet: no reload
    box.click()  # meant to tick what looks unticked
    stored = chair.store.checks(chair.case_id)[ITEM]
    assert (stored.checked, stored.by, stored.note) == (True, "BB", "film 3")
    assert box.isChecked()  # shown now, as it is
    assert panel.last_notice.startswith("BB ticked") and "already" in panel.last_notice


def test_a_click_before_the_window_showed_another_pc_s_untick_is_not_sent(chair: Any) -> None:
    panel = chair.checklist_panel
    box = panel.checkbox(ITEM)
    box.click()  # AA ticks
    chair.store.set_check(chair.case_id, ITEM, False, operator="BB")  # BB unticks, unseen
    box.click()  # AA meant to untick what looked ticked: already so, said
    assert not chair.store.checks(chair.case_id)[ITEM].checked
    assert chair.store.checks(chair.case_id)[ITEM].by == "BB"
    assert not box.isChecked()
    assert panel.last_notice.startswith("BB unticked") and "already" in panel.last_notice


def test_a_click_a_while_after_another_pc_ticked_the_item_goes_through(
    chair: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(panel_module, "JUST_CHANGED_S", 0.0)  # the click comes later
    panel = chair.checklist_panel
    chair.store.set_check(chair.case_id, ITEM, True, operator="BB")
    panel.reload()
    panel.checkbox(ITEM).click()
    assert not chair.store.checks(chair.case_id)[ITEM].checked


def test_opening_another_case_is_not_taken_for_a_change_made_elsewhere(chair: Any) -> None:
    other = Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="30"))
    other_id = chair.store.create_case(other, operator="AA")
    chair.store.set_check(other_id, ITEM, True, operator="AA")
    chair.open_case(other_id)  # its ticks differ from the case shown before: not "elsewhere"
    box = chair.checklist_panel.checkbox(ITEM)
    assert box.isChecked()
    box.click()
    assert not chair.store.checks(other_id)[ITEM].checked
