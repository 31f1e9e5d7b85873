"""ChecklistPanel: ticks are saved at once with operator and time, survive a restart, and are kept
for the items a new code shares; completeness counts; no operator / no case / read-only refuse."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.domain.reference import ChecklistItem
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.checklist.panel import ChecklistPanel
from cdt_desktop.ui.checklist.text import (
    NO_CASE_TEXT,
    NO_OPERATOR_TEXT,
    READ_ONLY_TEXT,
    describe_check,
)
from cdt_desktop.ui.common import msgbox

PREOP = ChecklistItem("preop-radiograph", "Pre-op radiograph on file", "imaging", True)
DIAG = ChecklistItem("pulp-diagnosis", "Pulp and periapical diagnosis recorded", "clinical", True)
CONSENT = ChecklistItem("consent-signed", "Signed consent", "consent", True)
POSTOP = ChecklistItem("postop-radiograph", "Post-op radiograph", "imaging", False)
NARR = ChecklistItem("narrative", "Narrative for the payer", "billing", False)
APEX = ChecklistItem("apex-barrier", "Apical barrier material noted", "clinical", True)

CHECKLISTS = {
    "D3330": (DIAG, PREOP, POSTOP, CONSENT, NARR),
    "D3353": (DIAG, PREOP, APEX, CONSENT),
    "D0140": (),
}


@dataclass(frozen=True)
class _Entry:
    code: str
    name: str


class FakeLibrary:
    def checklist(self, code: str) -> tuple[ChecklistItem, ...]:
        return CHECKLISTS.get(code, ())

    def get(self, code: str) -> _Entry | None:
        return _Entry(code, "Root canal, molar") if code in CHECKLISTS else None


@pytest.fixture
def open_store(tmp_path: Path):
    """Open (and at the end close) case stores on one data folder, as a restart would."""
    opened: list[CaseStore] = []

    def _open(read_only: bool = False) -> CaseStore:
        opened.append(CaseStore.open(tmp_path, read_only=read_only))
        return opened[-1]

    yield _open
    for each in opened:
        each.close()


@pytest.fixture
def store(open_store) -> CaseStore:
    return open_store()


def _panel(qtbot, store, operator: str = "AB") -> ChecklistPanel:
    box = {"op": operator}
    panel = ChecklistPanel(FakeLibrary(), CaseService(store), operator_source=lambda: box["op"])
    panel.operator_box = box  # type: ignore[attr-defined]
    qtbot.addWidget(panel)
    return panel


def _case(store) -> int:
    return store.create_case(Case(procedure=Procedure(code="D3330", tooth="19")), operator="AB")


def test_groups_headings_required_marks_and_accessible_names(qtbot, store) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    headings = [g for g in ("clinical", "imaging", "consent", "billing")]
    for group in headings:
        label = panel.findChild(type(panel._title), f"checklistHeading_{group}")
        assert label is not None and label.text() == group.capitalize()
    for item in CHECKLISTS["D3330"]:
        box = panel.checkbox(item.id)
        assert box is not None
        assert box.accessibleName() == item.text
        assert box.minimumHeight() >= 32
        assert box.font().bold() is item.required
        tag = panel.findChild(type(panel._title), f"required_{item.id}")
        assert (tag is not None and tag.text() == "Required") is item.required


def test_tick_and_untick_write_check_state_with_operator_and_time(qtbot, store) -> None:
    panel = _panel(qtbot, store, operator="JK")
    case_id = _case(store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    panel.show()
    qtbot.waitExposed(panel)
    box = panel.checkbox("preop-radiograph")
    with qtbot.waitSignal(panel.checkChanged) as blocker:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert blocker.args == ["preop-radiograph", True]
    state = store.checks(case_id)["preop-radiograph"]
    assert (state.checked, state.by) == (True, "JK")
    assert datetime.fromisoformat(str(state.at).replace("Z", "+00:00"))
    assert box.isChecked()
    assert box.toolTip().startswith("Ticked by JK at ")

    # Clicking the item's (wrapped) text toggles it too, like a checkbox's own text.
    text = panel.findChild(QLabel, "text_preop-radiograph")
    assert text.text() == PREOP.text and text.wordWrap()
    with qtbot.waitSignal(panel.checkChanged) as blocker:
        qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert blocker.args == ["preop-radiograph", False]
    state = store.checks(case_id)["preop-radiograph"]
    assert (state.checked, state.by) == (False, "JK")
    assert not box.isChecked()
    assert box.toolTip().startswith("Unticked by JK at ")
    assert text.toolTip() == box.toolTip()


def test_a_tick_at_the_chair_also_shows_the_tick_the_front_desk_made_meanwhile(
    qtbot, store, open_store
) -> None:
    """Another workstation ticked consent after this panel loaded the case: the chair's next tick
    brings the checklist back as stored, so consent shows ticked (with who did it) at once."""
    panel = _panel(qtbot, store, operator="CH")
    case_id = _case(store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    panel.show()
    qtbot.waitExposed(panel)
    open_store().set_check(case_id, "consent-signed", True, operator="FD")
    assert not panel.checkbox("consent-signed").isChecked()
    with qtbot.waitSignal(panel.checkChanged) as blocker:
        qtbot.mouseClick(panel.checkbox("pulp-diagnosis"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["pulp-diagnosis", True]
    assert panel.checkbox("pulp-diagnosis").isChecked()
    assert panel.checkbox("consent-signed").isChecked()
    assert panel.checkbox("consent-signed").toolTip().startswith("Ticked by FD at ")
    assert panel.completeness() == (2, 3)


def test_ticks_persist_across_a_restart_of_the_window(qtbot, store, open_store) -> None:
    panel = _panel(qtbot, store)
    case_id = _case(store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    panel.checkbox("pulp-diagnosis").click()
    panel.checkbox("consent-signed").click()
    panel.close()
    store.close()

    reopened = open_store()
    again = _panel(qtbot, reopened)
    again.set_case(case_id)
    again.set_code("D3330")
    checked = {item.id for item in again.items() if again.checkbox(item.id).isChecked()}
    assert checked == {"pulp-diagnosis", "consent-signed"}
    assert again.checkbox("consent-signed").toolTip().startswith("Ticked by AB")


def test_changing_the_code_keeps_ticks_of_shared_items(qtbot, store) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    for item_id in ("pulp-diagnosis", "preop-radiograph", "postop-radiograph"):
        panel.checkbox(item_id).click()
    panel.set_code("D3353")
    assert panel.checkbox("postop-radiograph") is None
    assert panel.checkbox("pulp-diagnosis").isChecked()
    assert panel.checkbox("preop-radiograph").isChecked()
    assert not panel.checkbox("apex-barrier").isChecked()
    panel.set_code("D3330")  # and back: the unshared tick was never lost
    assert panel.checkbox("postop-radiograph").isChecked()


@pytest.mark.parametrize(
    ("ticks", "done", "text"),
    [
        ((), 0, "0 of 3 required done · 0 of 5 ticked"),
        (("postop-radiograph",), 0, "0 of 3 required done · 1 of 5 ticked"),
        (("preop-radiograph", "narrative"), 1, "1 of 3 required done · 2 of 5 ticked"),
        (
            ("preop-radiograph", "pulp-diagnosis", "consent-signed"),
            3,
            "3 of 3 required done · 3 of 5 ticked",
        ),
    ],
)
def test_completeness_counts(qtbot, store, ticks: tuple[str, ...], done: int, text: str) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    for item_id in ticks:
        panel.checkbox(item_id).click()
    assert panel.completeness() == (done, 3)
    assert panel._summary.text() == text
    full = f"{done} of 3 required items done ({text.split(' · ')[1].split()[0]} of 5 items ticked)"
    assert panel._summary.toolTip() == full
    assert panel._summary.accessibleDescription() == full
    assert panel._progress.value() == done and panel._progress.maximum() == 3
    # the count is said once, in the words: the bar printed it again, a digit split at its fill
    assert not panel._progress.isTextVisible()
    missing = {item.id for item in panel.missing_required()}
    assert missing == {"preop-radiograph", "pulp-diagnosis", "consent-signed"} - set(ticks)


def test_completeness_signal(qtbot, store) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    with qtbot.waitSignal(panel.completenessChanged) as blocker:
        panel.checkbox("consent-signed").click()
    assert blocker.args == [1, 3]


def test_without_operator_the_tick_is_refused_and_reverted(qtbot, store) -> None:
    panel = _panel(qtbot, store, operator="")
    case_id = _case(store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    with qtbot.waitSignal(panel.operatorRequired):
        panel.checkbox("consent-signed").click()
    assert not panel.checkbox("consent-signed").isChecked()
    assert store.checks(case_id) == {}
    assert panel._banner.isVisibleTo(panel) and panel._banner.text() == NO_OPERATOR_TEXT

    panel.operator_box["op"] = "AB"  # chosen now: the next tick goes through, the notice goes
    panel.checkbox("consent-signed").click()
    assert store.checks(case_id)["consent-signed"].checked
    assert not panel._banner.isVisibleTo(panel)


def test_without_a_case_boxes_are_disabled_with_a_hint_and_create_button(qtbot, store) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(None)
    panel.set_code("D3330")
    assert not panel.checkbox("consent-signed").isEnabled()
    assert panel._banner.text() == NO_CASE_TEXT
    with qtbot.waitSignal(panel.createCaseRequested):
        qtbot.mouseClick(panel._create_button, Qt.MouseButton.LeftButton)


def test_read_only_store_disables_boxes_with_a_banner(qtbot, store, open_store) -> None:
    case_id = _case(store)
    store.close()
    store = open_store(read_only=True)
    assert store.read_only
    panel = _panel(qtbot, store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    assert all(not panel.checkbox(i.id).isEnabled() for i in panel.items())
    assert panel._banner.text() == READ_ONLY_TEXT
    assert not panel._create_button.isVisibleTo(panel)


def test_store_error_reverts_the_tick_and_shows_the_message(qtbot, store, monkeypatch) -> None:
    from cdt_desktop.core.errors import UserFacingError

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append((title, text)))

    def fail(*_args, **_kwargs):
        raise UserFacingError("the case store is locked by another program")

    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    monkeypatch.setattr(store, "tick", fail)
    panel.checkbox("narrative").click()
    assert not panel.checkbox("narrative").isChecked()
    assert shown == [("Tick not saved", "the case store is locked by another program")]


def test_a_tick_on_a_case_voided_at_the_front_desk_is_refused_and_says_why(
    qtbot, store, open_store, monkeypatch
) -> None:
    """The front desk voids the case (entered in error) on the same store before this chair has
    heard of it: the chair's tick is refused by the store, nothing is saved, the box goes back."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append((title, text)))
    panel = _panel(qtbot, store)
    case_id = _case(store)
    panel.set_case(case_id)
    panel.set_code("D3330")
    front_desk = open_store()
    front_desk.set_status(case_id, "void", operator="FD")
    panel.checkbox("consent-signed").click()
    assert not panel.checkbox("consent-signed").isChecked()
    assert "consent-signed" not in front_desk.checks(case_id)
    assert [title for title, _ in shown] == ["Tick not saved"]
    assert f"Case {case_id} was voided" in shown[0][1]


@pytest.mark.parametrize(
    ("code", "message"),
    [(None, "Choose a code"), ("D0140", "No checklist items for D0140.")],
)
def test_no_code_or_no_items_shows_a_hint(qtbot, store, code, message) -> None:
    panel = _panel(qtbot, store)
    panel.set_case(_case(store))
    panel.set_code(code)
    assert panel.items() == []
    texts = [label.text() for label in panel._scroll.widget().findChildren(type(panel._title))]
    assert any(text.startswith(message) for text in texts)
    assert not panel._summary.isVisibleTo(panel)


def test_describe_check_formats_local_time() -> None:
    @dataclass
    class State:
        checked: bool
        by: str
        at: object

    moment = datetime(2026, 11, 23, 10, 42)
    assert describe_check(State(True, "AB", moment)) == "Ticked by AB at 10:42 on 2026-11-23"
    assert describe_check(State(False, "AB", moment.isoformat())).startswith(
        "Unticked by AB at 10:42"
    )
    aware = datetime(2026, 11, 23, 10, 42, tzinfo=UTC)
    local = aware.astimezone()
    assert describe_check(State(True, "CD", aware.isoformat())) == (
        f"Ticked by CD at {local:%H:%M} on {local:%Y-%m-%d}"
    )
    assert describe_check(State(True, "CD", "garbage")) == "Ticked by CD"
    assert describe_check(None) == ""
    assert replace(State(True, "", moment)).by == ""


def test_shipped_library_code_change_keeps_exactly_the_shared_ticks(qtbot, store) -> None:
    """With the real reference library: tick everything of D3330, switch to D3353; the items
    both codes list (same id) stay ticked, the rest start unticked."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with ReferenceLibrary() as library:
        panel = ChecklistPanel(library, CaseService(store), operator_source=lambda: "AB")
        qtbot.addWidget(panel)
        panel.set_case(_case(store))
        panel.set_code("D3330")
        first = {item.id for item in panel.items()}
        assert first and panel.completeness()[1] > 0
        for item_id in first:
            panel.checkbox(item_id).click()
        assert panel.missing_required() == []
        panel.set_code("D3353")
        second = {item.id for item in panel.items()}
        ticked = {i for i in second if panel.checkbox(i).isChecked()}
        assert ticked == first & second
        assert first & second and second - first  # the data shares some items, not all
        panel.set_code(None)  # no code: no rows left that point into the closed library


def test_keyboard_tab_reaches_the_items_next_and_frames_the_focused_one(qtbot, store) -> None:
    """Tour3, keyboard only: from the Checklist tab, Tab went to Edit case and Export first
    (the items, built later, sat at the end of the focus chain), and a focused item showed no
    focus at all (its checkbox has no text to frame), so Space could tick the wrong item."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    before = QPushButton("Checklist tab", window)
    column.addWidget(before)
    panel = ChecklistPanel(FakeLibrary(), CaseService(store), operator_source=lambda: "AB")
    column.addWidget(panel)
    after = QPushButton("Edit case…", window)  # created before the items, as in the window
    column.addWidget(after)
    window.resize(420, 700)
    window.show()
    qtbot.waitExposed(window)
    panel.show_case(_case(store), "D3330")
    first = panel.checkbox(DIAG.id)
    row = panel.findChild(QWidget, f"row_{DIAG.id}")
    assert first is not None and row is not None
    unfocused = row.grab().toImage()
    with qtbot.waitActive(window):
        window.activateWindow()
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert window.focusWidget() is first
    assert row.grab().toImage() != unfocused  # the row is framed
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert window.focusWidget() is panel.checkbox(PREOP.id)
    assert row.grab().toImage() == unfocused  # the frame moved on


def test_the_progress_bar_is_a_thin_meter_not_a_box_like_a_text_field(qtbot, store) -> None:
    """Walkthrough: at "0 of 6 required done" the empty bar beside the words was a white box as
    tall as a text field, and read as an unlabelled field to type in. It is a meter now: a
    bar well under a line of text high, centred on the words."""
    from PySide6.QtWidgets import QLineEdit, QProgressBar

    panel = _panel(qtbot, store)
    panel.resize(380, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_case(_case(store))
    panel.set_code("D3330")
    bar = panel.findChild(QProgressBar, "checklistProgress")
    words = panel.findChild(QLabel, "checklistCompleteness")
    assert bar is not None and words is not None and bar.isVisible()
    assert bar.value() == 0
    line = panel.fontMetrics().height()
    assert bar.height() <= line * 0.6  # not a field: a field is a line of text and a frame
    assert bar.height() < QLineEdit().sizeHint().height() / 2
    assert bar.height() >= 6  # still seen
    middle = bar.mapTo(panel, bar.rect().center()).y()
    first_line = words.mapTo(panel, words.rect().topLeft()).y() + line / 2
    assert abs(middle - first_line) <= line / 2  # beside the words, not under them
