"""The one place where the panes and the case controller are connected.

Rooms never import each other: each says what happened with a Signal and this module decides
what that means for the others. Every Signal a pane declares is connected here (or was deleted);
``tests/gui/shell/test_wiring.py`` walks the window and proves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.ui.shell import actions, menus

if TYPE_CHECKING:
    from cdt_desktop.ui.shell.window import Shell


def connect(w: Shell) -> None:
    c = w.controller
    # search and detail
    w.search.codeActivated.connect(w.open_code)
    w.detail.codeShown.connect(lambda code: actions.code_shown(w, code))
    w.detail.codeShown.connect(w.search.follow_shown)  # the list marks the code shown (Back)
    # chart -> controller (the new-case form starts from the chart's recommendation)
    w.chart_panel.set_name_source(w.library.names)  # read at the first tooth, not at start
    w.chart_panel.chartChanged.connect(c.set_chart)
    w.chart_panel.chartChanged.connect(lambda *_: actions.chart_changed(w))
    w.chart_panel.codeHighlighted.connect(w.open_code)
    w.chart_panel.codeChosen.connect(w.choose_code)
    w.chart_panel.notice.connect(lambda text: w.statusBar().showMessage(text, 8000))
    # at a zoom the chart's room follows its dentition (the mixed chart is twice as tall)
    w.chart_panel.dentitionChanged.connect(lambda _mode: menus.chart_room_again(w))
    # this PC's tooth numbering: the list, the heading, the checklist's notes and the status
    # dialog write teeth in it
    w.case_list.set_notation(w.controller.notation())
    w.checklist_panel.set_notation(w.controller.notation())
    w.chart_panel.notationChanged.connect(lambda notation: actions.notation_changed(w, notation))
    # the open case -> heading, checklist, chart, list
    c.caseOpened.connect(lambda case_id, case: actions.case_opened(w, case_id, case))
    c.caseChanged.connect(lambda case_id, case: actions.show_case(w, case_id, case))
    c.caseClosed.connect(lambda: actions.case_closed(w))
    c.caseOpened.connect(lambda *_: w.sync_case_buttons())
    c.caseClosed.connect(w.sync_case_buttons)
    c.casesChanged.connect(lambda case_id: actions.cases_changed(w, case_id))
    c.message.connect(lambda text: w.statusBar().showMessage(text, 10000))
    c.operatorRequired.connect(lambda: actions.focus_operator(w))
    # checklist
    w.checklist_panel.createCaseRequested.connect(w.new_case)
    w.checklist_panel.operatorRequired.connect(lambda: actions.focus_operator(w))
    w.checklist_panel.completenessChanged.connect(
        lambda done, required: actions.completeness(w, done, required)
    )
    w.checklist_panel.checkChanged.connect(lambda _item, _on: w.case_list.refresh())
    w.checklist_panel.checkChanged.connect(lambda _item, _on: c.forget_undo())
    # case list
    w.case_list.newCaseRequested.connect(w.new_case)
    w.case_list.caseOpened.connect(lambda case_id: actions.open_from_list(w, case_id))
    w.case_list.caseImported.connect(w.open_case)
    w.case_list.caseExported.connect(lambda case_id, name: _case_file_saved(w, case_id, name))
    w.case_list.statusMessage.connect(lambda text: w.statusBar().showMessage(text, 8000))
    # operator, buttons, tabs
    w.operator_picker.operatorChanged.connect(lambda who: actions.operator_changed(w, who))
    w.edit_button.clicked.connect(lambda _checked=False: w.edit_case())
    w.export_button.clicked.connect(lambda _checked=False: w.export_appeal())
    w.radiographs_button.clicked.connect(lambda _checked=False: w.show_radiographs())
    w.right_tabs.currentChanged.connect(lambda index: actions.tab_changed(w, index))


def _case_file_saved(w: Shell, case_id: int, name: str) -> None:
    from cdt_desktop.ui.shell import letter_actions  # (loaded on first use, not at start)

    letter_actions.case_file_saved(w, case_id, name)
