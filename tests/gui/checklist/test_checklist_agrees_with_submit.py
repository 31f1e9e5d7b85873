"""The Checklist tab and "Mark as submitted" give one answer (tour8 finding 10).

The chair attached the dated post-operative film (Radiographs…). Billing's "Mark as submitted"
counted the post-op item as recorded (the dated film on the case answers it), while the
Checklist tab kept the item unticked and counted it as missing ("3 of 5 required done"): the
billing clerk saw two answers. Now both follow one rule (a required item is done when it is
ticked or when the case's record answers it: a clinical fact, a dated pre-op or post-op film),
and the checklist row says what answers it and what a tick would add.

Real window (real reference library, SQLite store, Pillow image, case list, checklist).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.common import msgbox
from tests.helpers.windows import shown_window

POSTOP = "Post-operative periapical radiograph, tooth #19"


def _asked_before_submitting(qtbot: QtBot, window, case_id: int, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """Mark as submitted, answer No to the documentation question; the question's text."""
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))

    def never(parent, case, status, *, today, notation="", **_kw):  # type: ignore[no-untyped-def]
        raise AssertionError("the status dialog opened although No was answered")

    monkeypatch.setattr(status_dialog, "ask_status_event", never)
    window.case_list.refresh()
    assert not window.case_list.view().change_status(case_id, "submitted")
    return asked[0] if asked else ""


def _opened_with_post_op_film(window, tmp_path: Path, name: str) -> int:  # type: ignore[no-untyped-def]
    """A D3330 case on #19 (service December 1) with its post-op film attached, dated December
    2, open on the Checklist tab."""
    case = Case(
        patient=Patient(name=name),
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    case_id = window.cases.create(case, operator="AB")
    film = tmp_path / "postop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    window.cases.attach_radiograph(
        case_id, film, caption=POSTOP, taken_on="2026-12-02", operator="AB"
    )
    window.open_case(case_id)
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    return case_id


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with shown_window(qtbot, tmp_path / "data", operator="AB") as shown:
        yield shown


def test_a_dated_post_op_film_counts_alike_in_the_checklist_and_before_submitting(
    qtbot: QtBot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _opened_with_post_op_film(window, tmp_path, "Nguyễn Zoë")
    panel = window.checklist_panel

    asked = _asked_before_submitting(qtbot, window, case_id, monkeypatch)
    missing = [item.text for item in panel.missing_required()]
    named = [line[2:] for line in asked.splitlines() if line.startswith("• ")]
    assert sorted(missing) == sorted(named)  # one answer in both panes
    assert not any("Post-operative" in text for text in missing)

    box = panel.checkbox("postop-radiograph")
    assert box is not None and not box.isChecked()  # nobody ticked it: not shown as a tick
    note = panel.findChild(QLabel, "record_postop-radiograph")
    assert note is not None and note.isVisibleTo(panel)
    assert "attached" in note.text() and "December 2, 2026" in note.text()
    assert "counts as done" in note.text().lower()
    summary = panel.findChild(QLabel, "checklistCompleteness")
    assert summary.text().startswith("2 of 6 required done")  # the film, and #19 fits D3330
    assert window.right_tabs.tabText(window.right_tabs.indexOf(panel)) == "Checklist 2/6"
    pre = panel.findChild(QLabel, "record_preop-radiograph")
    assert pre is not None and not pre.isVisibleTo(panel)
    QApplication.processEvents()
    window.grab().save(str(tmp_path / "checklist-film.png"))


def test_a_film_attached_while_the_case_is_open_shows_in_the_checklist(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    """The Radiographs… dialog closes: the checklist row says the film is on the case."""
    from PySide6.QtWidgets import QDialog

    case_id = window.cases.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    panel = window.checklist_panel
    assert panel.completeness() == (1, 6)  # #19 fits D3330: the record answers it
    window.show_radiographs()
    dialog = QApplication.activeModalWidget() or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    )
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    window.cases.attach_radiograph(
        case_id, film, caption="Pre-operative periapical radiograph, tooth #19",
        taken_on="2026-11-30", operator="AB",
    )  # fmt: skip
    dialog.done(0)
    qtbot.waitUntil(lambda: panel.completeness() == (2, 6), timeout=3000)
    note = panel.findChild(QLabel, "record_preop-radiograph")
    assert note.isVisibleTo(panel) and "November 30, 2026" in note.text()


def test_a_film_attached_in_the_dialog_shows_in_the_checklist_before_it_closes(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    """Walkthrough: while Radiographs… stayed open, the checklist beside it still said the
    pre-op film was missing; it caught up only once the dialog closed."""
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog

    case_id = window.cases.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    panel = window.checklist_panel
    assert panel.completeness() == (1, 6)
    window.show_radiographs()
    dialog = window.findChild(RadiographsDialog)
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")

    assert dialog.radiographs.attach_file(
        film, "Pre-operative periapical radiograph, tooth #19", "2026-11-30"
    )

    assert dialog.isVisible()
    qtbot.waitUntil(lambda: panel.completeness() == (2, 6), timeout=3000)


def test_ticking_an_item_the_record_answers_leaves_the_rows_below_where_they_were(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    """Two-PC walkthrough: the tick hid the item's note, every row below moved up under the
    pointer, and the assistant's next click landed between two rows."""
    from PySide6.QtCore import QPoint, Qt

    _opened_with_post_op_film(window, tmp_path, "Ana Souza")
    panel = window.checklist_panel
    QApplication.processEvents()
    rows = [box for box in panel.findChildren(type(panel.checkbox("postop-radiograph")))]
    box = panel.checkbox("postop-radiograph")
    assert box is not None
    below = [
        other for other in rows if other.mapTo(panel, QPoint()).y() > box.mapTo(panel, QPoint()).y()
    ]
    assert below  # the case has items after the post-op film
    before = [other.mapTo(panel, QPoint()) for other in below]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.isChecked())
    QApplication.processEvents()
    assert [other.mapTo(panel, QPoint()) for other in below] == before
    note = panel.findChild(QLabel, "record_postop-radiograph")
    assert note is not None and note.isVisibleTo(panel) and "December 2, 2026" in note.text()


def test_go_to_checklist_goes_to_the_first_item_still_missing(qtbot: QtBot, window) -> None:
    """Billing walkthrough: Ctrl+I landed on an item the case's record already answers (a
    recorded diagnosis, a dated film); the one item really missing was five Tabs further."""
    from cdt_desktop.domain.cases.facts import ClinicalFacts

    case = Case(
        patient=Patient(name="Ana Souza"),
        procedure=Procedure(code="D3330", tooth="19"),
        facts=ClinicalFacts(pulpal_diagnosis="pulp-necrosis"),
    )
    window.open_case(window.cases.create(case, operator="AB"))
    panel = window.checklist_panel
    window.right_tabs.setCurrentWidget(panel)
    order = list(panel._boxes)  # the rows' order on screen
    assert order[0] == "pulp-diagnosis"  # the first row, answered by the recorded diagnosis
    note = panel.findChild(QLabel, "record_pulp-diagnosis")
    assert note is not None and note.isVisibleTo(panel)
    panel.focus_first()
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == f"check_{order[1]}"


def test_the_item_the_keyboard_lands_on_is_in_view_after_a_long_list_is_built(
    qtbot: QtBot, window
) -> None:
    """Keyboard walkthrough: a new case saved with its clinical facts rebuilt a list taller
    than the pane, and the keyboard went to a Billing item below it, out of sight; Space then
    ticked an item nobody saw. The item is scrolled into view once the list is laid out."""
    from PySide6.QtCore import QRect

    from cdt_desktop.domain.cases.facts import ClinicalFacts

    window.showNormal()
    window.resize(1280, 560)  # a pane shorter than the list (1366x768 with a taskbar, zoomed)
    facts = ClinicalFacts(
        pulpal_diagnosis="pulp-necrosis", periapical_diagnosis="asymptomatic-apical-periodontitis",
        cold="no-response", ept="NR", percussion="tender", palpation="normal",
        preop_radiograph_date="2026-11-02", postop_radiograph_date="2026-11-20",
        canals="MB 20.5; ML 20.0; D 21.5", materials="gutta-percha, resin sealer",
    )  # fmt: skip
    case = Case(patient=Patient(name="Maria Nguyen"), facts=facts,
                claim=Claim(date_of_service="2026-11-20"),
                procedure=Procedure(code="D3330", tooth="30"))  # fmt: skip
    window.right_tabs.setCurrentWidget(window.case_list)  # the checklist's tab is hidden
    QApplication.processEvents()
    window.open_case(window.cases.create(case, operator="AB"))
    panel = window.checklist_panel
    window.focus_checklist()  # as Save in the new-case form does, straight after the rebuild
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName().startswith("check_")
    viewport = panel._scroll.viewport()

    def in_view() -> bool:
        top_left = focused.mapTo(viewport, focused.rect().topLeft())
        return QRect(0, 0, viewport.width(), viewport.height()).contains(
            QRect(top_left, focused.size())
        )

    qtbot.waitUntil(lambda: panel._scroll.verticalScrollBar().maximum() > 0)  # taller
    qtbot.waitUntil(in_view, timeout=2000)


def test_the_tooth_fits_the_code_item_is_not_ticked_or_counted_when_it_does_not(
    qtbot: QtBot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: D3310 saved on molar #19 (a rushed Edit case); the assistant ticked "Tooth
    number on the claim fits the code" with no word, the tab read 6 of 6 done, and To submit
    said the code does not fit. The row says why it is not so, a click does not tick it, a
    tick from before the code was changed is not counted, and Mark as submitted names it."""
    from PySide6.QtCore import Qt

    item = "tooth-number-matches-code"
    case_id = window.cases.create(
        Case(patient=Patient(name="Cy Anterior"), payer=Payer(name="Delta Dental"),
             claim=Claim(date_of_service="2026-12-01"),
             procedure=Procedure(code="D3330", tooth="19")),
        operator="DR",
    )  # fmt: skip
    window.cases.tick(case_id, item, True, operator="AB")  # true then: D3330 on a molar
    stored = window.cases.get(case_id)
    recoded = replace(stored.case, procedure=replace(stored.case.procedure, code="D3310"))
    risk = window.cases.code_risk("D3310", recoded)  # the rushed dentist confirms it
    window.cases.edit(case_id, recoded, operator="DR", expected_version=stored.version,
                      confirmed=risk)  # fmt: skip
    window.open_case(case_id)
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    panel = window.checklist_panel
    note = panel.findChild(QLabel, f"record_{item}")
    assert note is not None and note.isVisibleTo(panel)
    assert "#19 is a permanent molar" in note.text() and "is D3330" in note.text()
    assert item in [i.id for i in panel.missing_required()]  # ticked before: not counted
    summary = panel.findChild(QLabel, "checklistCompleteness")
    assert summary.text().endswith("0 of 8 ticked")  # nor counted as ticked (re-walk)
    assert "0 of 8 items ticked" in summary.toolTip()
    box = panel.checkbox(item)
    assert box is not None and not box.isChecked()  # shown as it counts (the store keeps it)
    assert window.cases.checks(case_id)[item].checked

    window.cases.tick(case_id, item, False, operator="AB")
    window.open_case(case_id)
    box = panel.checkbox(item)
    assert box is not None and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not box.isChecked()
    state = window.cases.checks(case_id).get(item)
    assert state is None or not state.checked  # nothing saved
    assert "is D3330" in panel.last_notice

    asked = _asked_before_submitting(qtbot, window, case_id, monkeypatch)
    assert "The code does not fit the tooth" in asked


def test_file_radiographs_questions_a_film_captioned_with_another_tooth(
    qtbot: QtBot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chair's Radiographs… dialog (not only the letter's) says so as the film goes on."""
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog

    said: list[str] = []
    monkeypatch.setattr(msgbox, "show_warning", lambda _p, _t, text: said.append(text))
    case_id = window.cases.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.show_radiographs()
    dialog = window.findChild(RadiographsDialog)
    assert dialog is not None
    film = tmp_path / "pa.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    assert dialog.radiographs.attach_file(film, "Pre-op PA #30", "2026-11-30")
    assert len(said) == 1 and "names tooth #30, the case is #19" in said[0]
    dialog.done(0)
