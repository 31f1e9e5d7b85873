"""Chart panel: tooth + findings -> candidates, candidate choice, mismatch warning, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cdt_desktop.ui.chart.findings_form import FindingsForm
from cdt_desktop.ui.chart.panel import ChartPanel
from cdt_desktop.ui.common.settings import Key, Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_file(tmp_path / "settings.ini")


@pytest.fixture
def panel(qtbot, settings) -> ChartPanel:
    widget = ChartPanel(settings)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _status(panel: ChartPanel, code: str) -> str:
    return {code_: status for code_, status, _text in panel.candidates.rows()}[code]


def test_object_names_of_the_contract(panel) -> None:
    for name in ("toothChart", "rootDevelopment", "pulpStatus", "treatmentGoal", "visitStage"):
        assert panel.findChild(object, name) is not None, name
    assert panel.candidates.objectName() == "candidateList"


def test_findings_form_starts_unknown_and_round_trips(qtbot) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    assert form.values() == {"root": None, "pulp": None, "goal": None, "visit": None}
    for name in ("rootDevelopment", "pulpStatus", "treatmentGoal", "visitStage"):
        assert form.box(name).itemText(0) == "Unknown"
        assert form.box(name).itemData(0) is None
    with qtbot.waitSignal(form.findingsChanged):
        form.set_values(root="immature", pulp="necrosis", goal="regeneration", visit="final")
    assert {k: str(v) for k, v in form.values().items()} == {
        "root": "immature",
        "pulp": "necrosis",
        "goal": "regeneration",
        "visit": "final",
    }
    with pytest.raises(ValueError):
        form.set_values(root="half")


def test_no_tooth_shows_a_hint(panel) -> None:
    assert panel.selection() is None
    assert panel.candidates.rows() == []
    assert "Choose a tooth" in panel.candidates.missing_text()


def test_clicking_a_tooth_and_answering_updates_the_candidates(qtbot, panel) -> None:
    chart = panel.chart
    with qtbot.waitSignal(panel.chartChanged) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.tooth_rect("19").center())
    assert blocker.args[0].tooth.universal == "19"
    assert panel.current_tooth().universal == "19"
    assert panel.selection().recommended is None
    assert panel.candidates.missing_text().startswith("Missing:")
    assert "#19" in panel.tooth_label.text()
    root = panel.findChild(object, "rootDevelopment")
    pulp = panel.findChild(object, "pulpStatus")
    root.setCurrentIndex(root.findData("complete"))
    pulp.setCurrentIndex(pulp.findData("necrosis"))
    assert panel.selection().recommended.code == "D3330"
    assert _status(panel, "D3330") == "recommended"
    assert _status(panel, "D3320") == "excluded"
    assert panel.candidates.missing_text() == ""
    text = {code: t for code, _s, t in panel.candidates.rows()}
    assert "Recommended" in text["D3330"] and "permanent molar" in text["D3330"]
    assert "Excluded" in text["D3320"]


@pytest.mark.parametrize(
    ("tooth", "root", "pulp", "goal", "visit", "expected"),
    [
        ("8", "complete", "irreversible-pulpitis", None, None, "D3310"),
        ("5", "complete", "necrosis", None, None, "D3320"),
        ("9", "immature", "necrosis", "apexification", "final", "D3353"),
        ("9", "immature", "necrosis", "regeneration", "initial", "D3355"),
        ("30", "complete", "previously-treated", None, None, "D3348"),
    ],
)
def test_findings_drive_the_recommendation(panel, tooth, root, pulp, goal, visit, expected) -> None:
    panel.set_state(tooth, root=root, pulp=pulp, goal=goal, visit=visit)
    assert panel.selection().recommended.code == expected
    assert panel.chart.selected() == tooth


def _answer_successor(panel, value: str | None) -> None:
    panel.successor_box.setCurrentIndex(panel.successor_box.findData(value))


def test_primary_molar_successor_choice_decides_between_D3240_and_D3330(qtbot, panel) -> None:
    panel.set_state("K", root="complete", pulp="necrosis")
    assert panel.chart.dentition() == "mixed"  # primary tooth shown although mode was permanent
    assert panel.dentition_box.currentData() == "mixed"
    assert panel.successor_box.isEnabled()
    assert panel.current_findings().has_successor is None
    assert _status(panel, "D3240") == "recommended"
    assert _status(panel, "D3330") == "possible"  # an unknown successor never excludes
    assert "Permanent successor" in panel.candidates.missing_text()
    _answer_successor(panel, "no")
    assert panel.current_findings().has_successor is False
    assert _status(panel, "D3330") == "recommended"
    assert _status(panel, "D3240") == "possible"
    _answer_successor(panel, "yes")
    assert panel.current_findings().has_successor is True
    assert _status(panel, "D3330") == "excluded"
    assert panel.candidates.missing_text() == ""
    panel.set_state("K", pulp="necrosis", has_successor=False)
    assert panel.successor_box.currentData() == "no"
    panel.set_state("19")
    assert not panel.successor_box.isEnabled()
    assert panel.current_findings().has_successor is None


def test_choosing_a_candidate_emits_its_code(qtbot, panel) -> None:
    panel.set_state("19", root="complete", pulp="necrosis")
    view = panel.candidates.list_widget()
    row = next(
        i for i in range(view.count()) if view.item(i).data(Qt.ItemDataRole.UserRole) == "D3330"
    )
    rect = view.visualItemRect(view.item(row))
    chosen: list[str] = []
    panel.codeChosen.connect(chosen.append)
    with qtbot.waitSignal(panel.codeHighlighted) as blocker:  # one click: look, choose nothing
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["D3330"]
    assert chosen == []
    with qtbot.waitSignal(panel.codeChosen) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["D3330"]
    view.setFocus()
    view.setCurrentRow(0)
    with qtbot.waitSignal(panel.codeChosen) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [view.item(0).data(Qt.ItemDataRole.UserRole)]


@pytest.mark.parametrize(
    ("tooth", "code", "warns"),
    [
        ("19", "D3320", True),  # a molar with the premolar code
        ("19", "D3330", False),
        ("4", "D3320", False),
        ("4", "D3330", True),
        ("E", "D3310", True),  # a primary tooth with permanent RCT
        ("E", "D3230", False),
        ("19", "D0220", False),  # not a tooth-type code: no opinion
    ],
)
def test_mismatch_warning_for_a_code_picked_in_search(panel, tooth, code, warns) -> None:
    panel.set_state(tooth)
    warning = panel.check_code(code)
    assert (warning is not None) is warns
    if warns:
        assert warning.strip()


def test_the_mismatch_warning_names_the_tooth_in_the_charts_notation(panel) -> None:
    """Dentist walkthrough: on the FDI chart, 14 chosen under D3330, the banner said "#5 is a
    permanent premolar" while the chart and the header said FDI 14."""
    panel.notation_box.setCurrentIndex(panel.notation_box.findData("fdi"))
    panel.set_state("5")
    warning = panel.check_code("D3330")
    assert warning is not None and "tooth 14 is a permanent premolar" in warning, warning
    assert "#5" not in warning


def test_no_tooth_no_warning(panel) -> None:
    assert panel.check_code("D3320") is None


def test_names_from_the_library_show_beside_codes(panel) -> None:
    panel.set_names({"D3330": "Root canal, molar"})
    panel.set_state("19")
    text = {code: t for code, _s, t in panel.candidates.rows()}
    assert text["D3330"].startswith("D3330  Root canal, molar")


def test_notation_toggle_relabels_chart_and_tooth_label(panel) -> None:
    panel.set_state("19")
    panel.notation_box.setCurrentIndex(panel.notation_box.findData("fdi"))
    assert panel.chart.notation() == "fdi"
    assert panel.chart.label_for("19") == "36"
    assert panel.tooth_label.text().startswith("Tooth 36")


def test_notation_and_dentition_are_remembered(qtbot, settings) -> None:
    first = ChartPanel(settings)
    qtbot.addWidget(first)
    first.notation_box.setCurrentIndex(first.notation_box.findData("palmer"))
    first.dentition_box.setCurrentIndex(first.dentition_box.findData("primary"))
    settings.sync()
    again = ChartPanel(Settings.from_file(Path(settings.file_name())))
    qtbot.addWidget(again)
    assert again.chart.notation() == "palmer"
    assert again.chart.dentition() == "primary"
    assert again.notation_box.currentData() == "palmer"
    assert settings.get(Key.NOTATION) == "palmer"


def test_the_rows_do_not_jump_when_a_code_becomes_recommended(qtbot, panel) -> None:
    """Tour: the line above the candidates vanished once a code was recommended, so the rows
    moved up ~30 px under the pointer; now it names the recommendation instead."""
    panel.resize(700, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.chart.select_tooth("19")
    rows = panel.candidates.list_widget()
    top = rows.mapTo(panel, rows.rect().topLeft()).y()
    panel.findings.box("rootDevelopment").setCurrentIndex(
        panel.findings.box("rootDevelopment").findData("complete")
    )
    panel.findings.box("pulpStatus").setCurrentIndex(
        panel.findings.box("pulpStatus").findData("necrosis")
    )
    assert panel.candidates.missing_text() == ""
    assert (
        panel.candidates.findChild(QLabel, "candidateMissing")
        .text()
        .startswith("Recommended: D3330")
    )
    qtbot.wait(10)
    assert rows.mapTo(panel, rows.rect().topLeft()).y() == top


@pytest.mark.parametrize(
    ("notation", "tooth", "said", "never"),
    [
        ("fdi", "19", "tooth 36 is a permanent molar", "#19"),
        ("palmer", "19", "tooth LL6 is a permanent molar", "#19"),
        ("fdi", "L", "tooth 74 is a primary posterior tooth", "#L"),
        ("universal", "19", "#19 is a permanent molar", "tooth 36"),
    ],
)
def test_reasons_name_the_tooth_in_the_charts_notation(
    panel, notation: str, tooth: str, said: str, never: str
) -> None:
    """Tour: with the chart in FDI, tooth 36's reasons said "(#19 is a permanent molar)"."""
    panel.notation_box.setCurrentIndex(panel.notation_box.findData(notation))
    panel.set_state(tooth, root="complete", pulp="necrosis")
    texts = " ".join(text for _code, _status, text in panel.candidates.rows())
    assert said in texts
    assert never not in texts
    folded = panel.candidates.list_widget().item(panel.candidates.list_widget().count() - 1)
    assert never not in str(folded.data(Qt.ItemDataRole.UserRole + 2) or "")


def test_reasons_follow_a_notation_change(panel) -> None:
    panel.set_state("19", root="complete", pulp="necrosis")
    panel.notation_box.setCurrentIndex(panel.notation_box.findData("fdi"))
    assert "tooth 36 is a permanent molar" in panel.candidates.rows()[0][2]


def test_switching_to_primary_teeth_clears_the_hidden_tooth_s_answers_from_view(
    qtbot, panel
) -> None:
    """The walkthrough: #19 answered Complete / Necrosis, then Dentition > Primary: the chart
    said "No tooth selected" but the boxes still showed #19's answers, as if they were this
    patient's primary tooth's. They are kept with #19 and come back with it."""
    panel.chart.select_tooth("19")
    panel.findings.set_values(root="complete", pulp="necrosis", goal=None, visit=None)
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("primary"))
    assert panel.selection() is None
    assert {k: v for k, v in panel.findings.values().items() if v is not None} == {}
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("permanent"))
    panel.chart.select_tooth("19")
    values = panel.findings.values()
    assert (str(values["root"]), str(values["pulp"])) == ("complete", "necrosis")


@pytest.mark.parametrize(
    ("tooth", "answers", "recommended"),
    [
        ("30", {"rootDevelopment": "complete", "pulpStatus": "necrosis"}, "D3330"),
        ("K", {"pulpStatus": "irreversible-pulpitis"}, None),  # the successor still asked
    ],
)
def test_new_findings_bring_the_candidate_list_back_to_its_top(
    qtbot, panel, tooth: str, answers: dict[str, str], recommended: str | None
) -> None:
    """Chairside walkthrough: with the list scrolled to its end (End), answering the findings
    left it there; the recommended D3330 row was above the visible part (and for #K the first
    row in view was a pulp cap)."""
    panel.resize(700, 560)
    if tooth == "K":
        panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("primary"))
    panel.chart.select_tooth(tooth)
    rows = panel.candidates.list_widget()
    qtbot.waitUntil(lambda: rows.verticalScrollBar().maximum() > 0)
    rows.verticalScrollBar().setValue(rows.verticalScrollBar().maximum())
    for name, value in answers.items():
        box = panel.findings.box(name)
        box.setCurrentIndex(box.findData(value))
    qtbot.wait(10)
    assert rows.verticalScrollBar().value() == 0
    if recommended:
        first = rows.item(0)
        assert first.text().startswith(recommended)
        assert rows.visualItemRect(first).top() >= 0


def test_space_on_a_candidate_shows_it_and_chooses_nothing(qtbot, panel) -> None:
    """Chairside walkthrough (keyboard first): arrowing onto D3240 did not show its guidance,
    only a click did, so the dentist could not read D3240 against D3220 without the mouse."""
    panel.set_state("19", root="complete", pulp="necrosis")
    view = panel.candidates.list_widget()
    chosen: list[str] = []
    panel.codeChosen.connect(chosen.append)
    view.setFocus()
    view.setCurrentRow(1)
    with qtbot.waitSignal(panel.codeHighlighted) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == [view.item(1).data(Qt.ItemDataRole.UserRole)]
    assert chosen == [] and view.currentRow() == 1


@pytest.mark.parametrize(
    ("situation", "state", "code", "words"),
    [
        ("regeneration picked in search for a retreated molar with a closed apex",
         ("19", "complete", "previously-treated"), "D3355", "root development is complete"),
        ("a direct pulp cap on a necrotic incisor", ("8", "complete", "necrosis"), "D3110",
         "vital pulp therapy needs a vital pulp"),
        ("the chart's own recommendation", ("19", "complete", "necrosis"), "D3330", None),
        ("a code nothing excludes yet: no findings", ("19", None, None), "D3355", None),
    ],
)  # fmt: skip
def test_a_code_picked_in_search_is_checked_against_the_findings_too(
    panel, situation: str, state: tuple, code: str, words: str | None
) -> None:
    """Keyboard walkthrough: with #19 (complete root, previously treated) charted, D3355
    opened from search with no warning, though the chart excludes it; only the tooth type was
    checked."""
    panel.set_state(*state)
    warning = panel.check_code(code)
    if words is None:
        assert warning is None, warning
    else:
        assert warning is not None and words in warning and code in warning, warning


@pytest.mark.parametrize(
    ("start", "typed", "notation", "said"),
    [
        ("permanent", "K", "universal", "Tooth K is a primary tooth"),
        ("permanent", "75", "fdi", "Tooth 75 is a primary tooth"),
        ("primary", "19", "universal", "Tooth 19 is a permanent tooth"),
    ],
)
def test_a_tooth_of_the_other_dentition_switches_to_mixed_and_says_so(
    qtbot, panel: ChartPanel, start: str, typed: str, notation: str, said: str
) -> None:
    """Dentist walkthrough: typing K on the permanent chart switched it to Mixed without a
    word; only the Dentition box changed."""
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData(start))
    panel.notation_box.setCurrentIndex(panel.notation_box.findData(notation))
    with qtbot.waitSignal(panel.notice) as told:
        for key in typed:
            qtbot.keyClick(panel.chart, key)
    assert told.args[0].startswith(said) and "mixed dentition" in told.args[0]
    assert panel.dentition_box.currentData() == "mixed"


def test_a_tooth_on_the_chart_shown_says_nothing(qtbot, panel: ChartPanel) -> None:
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("permanent"))
    with qtbot.assertNotEmitted(panel.notice):
        panel.chart.select_tooth("19")


@pytest.mark.parametrize(
    ("start", "case_tooth", "said"),
    [
        ("permanent", "K", "Tooth K is a primary tooth"),
        ("primary", "19", "Tooth 19 is a permanent tooth"),
        ("mixed", "K", ""),  # shown already: nothing changed, nothing to say
        ("permanent", "19", ""),
    ],
)
def test_a_case_of_the_other_dentition_says_the_chart_went_mixed(
    qtbot, panel: ChartPanel, start: str, case_tooth: str, said: str
) -> None:
    """Walkthrough: opening a case of #K on the permanent chart switched it to Mixed without
    a word (typing K said so; a case's tooth was put in with the chart's signals off). The
    words go back to the caller, which says them with the case; the Dentition box tells a
    screen reader why it reads Mixed, until a dentition is chosen."""
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData(start))
    with qtbot.assertNotEmitted(panel.notice):  # the caller says it, after "Case 5 opened."
        told = panel.set_state(case_tooth, root="complete", pulp="necrosis")
    if not said:
        assert told == "" and panel.dentition_box.currentData() == start
        assert "mixed" not in panel.dentition_box.accessibleDescription()
        return
    assert told.startswith(said) and "mixed dentition" in told
    assert panel.dentition_box.currentData() == "mixed"
    assert told in panel.dentition_box.accessibleDescription()
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData(start))  # chosen again
    assert told not in panel.dentition_box.accessibleDescription()


def test_a_typed_tooth_of_the_other_dentition_tells_the_dentition_box_too(
    qtbot, panel: ChartPanel
) -> None:
    panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("permanent"))
    with qtbot.waitSignal(panel.notice) as told:
        qtbot.keyClick(panel.chart, "K")
    assert told.args[0] in panel.dentition_box.accessibleDescription()
