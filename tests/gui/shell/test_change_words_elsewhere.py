"""The status bar's words for what another workstation did to the open case (live refresh).

A save on another PC writes an "edit" audit row and then a "view" row (its form re-reads the
case); when the two came in two polls, "Case 1: edited by MR" gave way to "Case 1: opened by
MR" a second later, and the colleague with the form open read that nothing had changed
(two-PC walkthrough)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.domain.cases.ports import StoreChange
from cdt_desktop.ui.shell import store_changes


def _window_with_case(qtbot: QtBot, tmp_path: Path):
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    case = Case(procedure=Procedure(code="D3330", tooth="19"))
    case_id = window.store.create_case(case, operator="AB")  # type: ignore[attr-defined]
    window.open_case(case_id)  # type: ignore[attr-defined]
    return window, case_id


def test_a_colleague_s_save_still_reads_edited_when_its_view_row_comes_a_poll_later(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, case_id = _window_with_case(qtbot, tmp_path)
    store_changes.follow(window, [StoreChange(case_id, "edit", "MR")])
    store_changes.follow(window, [StoreChange(case_id, "view", "MR")])
    said = f"Case {case_id}: edited by MR on another workstation"
    assert window.statusBar().currentMessage() == said


def test_a_colleague_who_only_opens_the_case_is_said_when_nothing_else_is(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, case_id = _window_with_case(qtbot, tmp_path)
    window.statusBar().clearMessage()
    store_changes.follow(window, [StoreChange(case_id, "view", "BB")])
    said = f"Case {case_id}: opened by BB on another workstation"
    assert window.statusBar().currentMessage() == said


def test_a_tick_made_elsewhere_reaches_the_open_letter_s_check(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Office walkthrough: the status bar said "checklist ticked by AO on another
    workstation" while the open letter's banner still called the item not recorded."""
    from cdt_desktop.ui.shell import letter_actions

    window, case_id = _window_with_case(qtbot, tmp_path)
    window.operator_picker.set_operator("BL")  # type: ignore[attr-defined]
    letter_actions.export_appeal(window)  # type: ignore[arg-type]
    dialog = window.findChild(QDialog, "narrativeDialog")
    assert dialog is not None and dialog.isVisible()
    item = "Required item not recorded: Pulpal diagnosis recorded"
    assert item in dialog.banner.text()  # type: ignore[attr-defined]
    window.store.set_check(case_id, "pulp-diagnosis", True, operator="AO")  # type: ignore[attr-defined]
    store_changes.follow(window, [StoreChange(case_id, "tick", "AO")])
    assert item not in dialog.banner.text()  # type: ignore[attr-defined]


def test_a_film_removed_elsewhere_leaves_the_open_letter_s_enclosures_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two-PC walkthrough: with the appeal open at the billing desk, the assistant removed
    the post-op film at the chair; the letter here still listed it as enclosed (its films
    followed only at Save as PDF). The letter follows a film removed, or attached, there."""
    from cdt_desktop.ui.shell import letter_actions
    from tests.helpers.images import film_file

    window, case_id = _window_with_case(qtbot, tmp_path)
    cases = window.cases  # type: ignore[attr-defined]
    post = cases.attach_radiograph(
        case_id, film_file(tmp_path, "postop.png"), caption="Post-operative PA, tooth #19",
        taken_on="2026-11-30", operator="AS",
    )  # fmt: skip
    window.operator_picker.set_operator("BL")  # type: ignore[attr-defined]
    letter_actions.export_appeal(window)  # type: ignore[arg-type]
    dialog = window.findChild(QDialog, "narrativeDialog")
    assert "Post-operative PA, tooth #19" in "; ".join(dialog.current_letter().enclosures)  # type: ignore[attr-defined]

    window.store.remove_radiograph(case_id, post.id, operator="AS")  # type: ignore[attr-defined]
    store_changes.follow(window, [StoreChange(case_id, "detach", "AS")])
    assert "Post-operative PA" not in "; ".join(dialog.current_letter().enclosures)  # type: ignore[attr-defined]
    assert dialog.radiographs.films() == []  # type: ignore[attr-defined]

    pre = film_file(tmp_path, "preop.png")
    cases.attach_radiograph(case_id, pre, caption="Pre-operative PA, tooth #19",
                            taken_on="2026-11-02", operator="AS")  # fmt: skip
    store_changes.follow(window, [StoreChange(case_id, "attach", "AS")])
    assert "Pre-operative PA, tooth #19" in "; ".join(dialog.current_letter().enclosures)  # type: ignore[attr-defined]


def test_a_status_changed_elsewhere_is_named_with_what_it_is_now(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two-PC walk: billing marked the claim denied, then paid, and the chair's window said only
    "Case 1: claim status changed by BC on another workstation" both times."""
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService

    window, case_id = _window_with_case(qtbot, tmp_path)
    billing = BillingService(window.store, ())  # type: ignore[attr-defined]
    said = []
    for event in (
        StatusEvent("submitted", "2026-11-02", claim_number="CLM-1"),
        StatusEvent("denied", "2026-11-20", eob_reference="10455", reason="Not necessary"),
    ):
        billing.advance(case_id, event, operator="BC")
        store_changes.follow(window, [StoreChange(case_id, "status", "BC")])
        said.append(window.statusBar().currentMessage())
    head = f"Case {case_id}: claim status changed by BC on another workstation: now "
    assert said == [
        head + "Submitted on Nov 2, 2026 (claim CLM-1)",
        head + "Denied on Nov 20, 2026 (EOB 10455)",  # the reason's free text stays off the bar
    ]
