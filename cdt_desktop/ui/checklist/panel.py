"""The documentation checklist of the chosen code, ticked chairside and saved tick by tick.

Why each tick is written at once (`CaseService.tick`) rather than on "Save": an assistant ticks
while the patient is in the chair and the PC may be switched off at any moment; the design rules
allow losing at most the last keystroke (docs/design-rules.md, R2). Ticks are stored per case and
*item id*, so when the code changes, items the new code shares (same id) keep their ticks without
any copying here.

Who ticked and when comes from the toolbar's operator picker (`operator_source`). With nobody
chosen a tick is refused and reverted, the panel says why, and `operatorRequired` lets the main
window put the cursor in the picker: a silent anonymous tick would break the audit trail.

Which case is open is not this widget's business: the shell calls :meth:`show_case` with the case
and its code whenever the case controller opens, creates, edits or re-codes one, so the title
always names the open case's code (never the code last read elsewhere).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.reference import (
    CHECKLIST_GROUPS,
    ChecklistItem,
    CodeLibrary,
    missing_required_items,
)
from cdt_desktop.ui.checklist.elsewhere import (
    ChangedElsewhere,
    answers_of,
    film_date_wanted,
    say_at,
)
from cdt_desktop.ui.checklist.rows import (
    completeness_row,
    group_heading,
    hint,
    item_row,
    notice_row,
)
from cdt_desktop.ui.checklist.text import (
    NO_CASE_TEXT,
    NO_CODE_TEXT,
    NO_OPERATOR_TEXT,
    OFFLINE_TEXT,
    READ_ONLY_TEXT,
    completeness_texts,
    describe_check,
    record_text,
)
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.metrics import TARGET

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CheckState as _CheckState
    from cdt_desktop.services.cases import CaseService

MIN_ROW_HEIGHT = TARGET  # touch target (px)
TITLE_SCALE = 1.15  # the heading against the items' text


class ChecklistPanel(QWidget):
    """Items of one code grouped by clinical / imaging / consent / billing, saved per tick."""

    completenessChanged = Signal(int, int)  # (required items done, required items)
    operatorRequired = Signal()  # a tick was refused because no operator is chosen
    createCaseRequested = Signal()  # the "Create case" button next to the no-case hint
    checkChanged = Signal(str, bool)  # (item id, checked) after the store saved it

    def __init__(
        self,
        library: CodeLibrary,
        service: CaseService | None,
        *,
        operator_source: Callable[[], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.setAccessibleName("Documentation checklist")
        self._library = library
        self._service = service
        self._operator_source = operator_source
        self._case_id: int | None = None
        self._code: str | None = None
        self._items: list[ChecklistItem] = []
        self._boxes: dict[str, QCheckBox] = {}
        self._rows: dict[str, QWidget] = {}
        self._checks: dict[str, _CheckState] = {}
        self._answers: dict[str, str] = {}  # item id -> what on the case answers it (no tick)
        self._refuted: dict[str, str] = {}  # item id -> why the case's record says it is not so
        self._role_locked: set[str] = set()  # items the signed-in user's role may not tick
        self._notice = ""  # a transient message (e.g. no operator) shown in the banner
        self._offline = False  # the case store does not answer (``set_online``)
        self._elsewhere = ChangedElsewhere()  # another PC's ticks, for a click right after
        self._loaded_case: int | None = None  # the case whose ticks `_checks` holds
        self.last_notice = ""  # the last word said at a box (``_say_at``)
        self._notation = ""  # this PC's tooth numbering ("" Universal): the record's notes use it

        self._title = QLabel(self)
        self._title.setObjectName("checklistTitle")
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setWordWrap(True)
        self.fit_title_to_font()
        # created in this order: it is the Tab order too (rows.py builds them)
        banner_row, self._banner, self._create_button = notice_row(self)
        self._create_button.clicked.connect(self.createCaseRequested)
        summary_row, self._summary, self._progress = completeness_row(self)

        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setAccessibleName("Checklist items")
        # not a Tab stop of its own (it showed no focus): the items are, and it scrolls to them
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(banner_row)
        layout.addLayout(summary_row)
        layout.addWidget(self._scroll, 1)
        self._rebuild()

    # -- public API -------------------------------------------------------------------------
    def case_id(self) -> int | None:
        return self._case_id

    def code(self) -> str | None:
        return self._code

    def set_service(self, service: CaseService | None) -> None:
        """Cases from another store (File > Case store...): no case is open in it yet."""
        self._service = service
        self.set_case(None)

    def set_notation(self, notation: str) -> None:
        """This PC's tooth numbering (the chart's Notation): a note that names the case's
        tooth ("#19 is a permanent molar") reads as the chart's candidates do ("tooth LL6")."""
        self._notation = notation
        for item_id in self._rows:
            self._show_answer(item_id)

    def set_case(self, case_id: int | None) -> None:
        """Show the ticks of this case (None: no case open, ticking disabled with a hint)."""
        self._case_id = case_id
        self._notice = ""
        self.reload()

    def show_case(self, case_id: int | None, code: str | None) -> None:
        """Show the open case's ticks on its own code's checklist (None, None: no case)."""
        self._case_id = case_id
        self.set_code(code)

    def set_code(self, code: str | None) -> None:
        """Show the checklist of `code`; ticks of items shared with the previous code remain."""
        self._code = (code or "").strip().upper() or None
        self._notice = ""
        self._items = list(self._load_items(self._code))
        self._rebuild()

    def reload(self) -> None:
        """Re-read the ticks, facts and films from the store (after another window or process
        changed them, or a film was attached)."""
        self._load_state()
        self._apply_checks()

    def operator_chosen(self) -> None:
        """Initials were chosen: the notice asking for them goes (it stayed until an item was
        clicked, under a status bar that had said "Operator: CD")."""
        if self._notice == NO_OPERATOR_TEXT:
            self._notice = ""
            self._update_banner()

    def items(self) -> list[ChecklistItem]:
        return list(self._items)

    def fit_title_to_font(self) -> None:
        """The heading bold and 15 % larger than the text under it, also after a zoom (its
        size was fixed at start, so at 125 % it came out smaller than the items under it)."""
        font = QFont(QApplication.font(self._title))  # the app's, also before it reaches us
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        self._title.setFont(font)

    def focus_first(self) -> None:
        """The keyboard to the first item neither ticked nor answered by the case's record (a
        dated film, a recorded fact: it went to such an item, and the one really missing was
        five Tabs further; billing walkthrough), else the first unticked, else the first item,
        else Create case, else the panel (Go > Checklist)."""
        shown = [
            (item_id, box)
            for item_id, box in self._boxes.items()
            if box.isEnabled() and box.isVisibleTo(self)
        ]
        boxes = [box for _item_id, box in shown]
        button = self._create_button
        target: QWidget
        if boxes:
            open_items = [box for item_id, box in shown if not box.isChecked()]
            missing = [b for i, b in shown if not b.isChecked() and i not in self._answers]
            target = next(iter(missing or open_items or boxes))
            self._scroll.ensureWidgetVisible(target)
            # and again once the rebuilt list is laid out: scrolled now, before its layout,
            # the item stayed below the pane and Space ticked an item nobody saw (keyboard
            # walkthrough: after a new case was saved)
            wanted = next(i for i, b in shown if b is target)
            QTimer.singleShot(0, lambda: self._reveal(wanted))
        elif button.isVisibleTo(self) and button.isEnabled():
            target = button
        else:
            target = self
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _reveal(self, item_id: str) -> None:
        """Scroll the item into view if it is still shown and has the keyboard."""
        box = self._boxes.get(item_id)
        with contextlib.suppress(RuntimeError):  # the list was rebuilt meanwhile: nothing
            if box is not None and box.hasFocus():
                self._scroll.ensureWidgetVisible(box)

    def checkbox(self, item_id: str) -> QCheckBox | None:
        """The checkbox of one item (tests and keyboard shortcuts)."""
        return self._boxes.get(item_id)

    def missing_required(self) -> list[ChecklistItem]:
        """Required items of the current code neither ticked nor answered by the case's record
        (a clinical fact, a dated film): the items "Mark as submitted" names, by one rule."""
        counted = {i: s for i, s in self._checks.items() if i not in self._refuted}
        missing = missing_required_items(self._items, counted)
        return [item for item in missing if item.id not in self._answers]

    def answered_by_record(self) -> dict[str, str]:
        """Items the open case's record answers though nobody ticked them: id -> in words."""
        return dict(self._answers)

    def completeness(self) -> tuple[int, int]:
        """(required items done, required items)."""
        required = sum(1 for item in self._items if item.required)
        return required - len(self.missing_required()), required

    # -- loading ----------------------------------------------------------------------------
    def _load_items(self, code: str | None) -> tuple[ChecklistItem, ...]:
        if not code or self._library is None:
            return ()
        try:
            return tuple(self._library.checklist(code))
        except UserFacingError as exc:
            msgbox.show_error(self, "Checklist not available", str(exc))
            return ()

    def _load_checks(self) -> Mapping[str, _CheckState] | None:
        """The case's ticks as stored (None: not read, the message said why)."""
        if self._case_id is None or self._service is None:
            return {}
        try:
            return self._service.checks(self._case_id)
        except UserFacingError as exc:
            msgbox.show_error(self, "Ticks not loaded", str(exc))
            return None

    def _load_state(self) -> None:
        loaded = self._load_checks()
        same_case = self._case_id == self._loaded_case
        if loaded is None:  # kept as shown: a later read is no change made elsewhere (review)
            loaded = self._checks if same_case else {}
        previous, self._checks = self._checks, dict(loaded)
        if same_case:  # re-read: what changed, changed elsewhere
            self._elsewhere.seen(previous, self._checks)
        else:
            self._elsewhere.clear()
            self._loaded_case = self._case_id
        self._answers, self._refuted = self._load_answers()

    def _catch_up(self) -> None:
        """Read the ticks once more as an item is clicked: another workstation's tick the
        window has not shown yet (a file store is looked at every two seconds) is shown now,
        and counts as changed a moment ago (elsewhere.py)."""
        if self._case_id is None or self._service is None:
            return
        now = dict(self._service.checks(self._case_id))  # (UserFacingError: as the tick's)
        if now != self._checks:
            previous, self._checks = self._checks, now
            self._elsewhere.seen(previous, now)
            self._show_changed(previous)

    def _show_changed(self, previous: Mapping[str, _CheckState], also: str = "") -> None:
        """The boxes whose tick differs from ``previous`` (and ``also``'s) as ``_checks`` says."""
        for item_id, box in self._boxes.items():
            state = self._checks.get(item_id)
            if item_id == also or state != previous.get(item_id):
                box.setChecked(self._is_checked(item_id))
                self._set_tooltip(item_id, state)
                self._show_answer(item_id)
        self._update_completeness()

    def _say_at(self, box: QCheckBox, text: str) -> None:
        self.last_notice = text
        say_at(box, text)

    def _load_answers(self) -> tuple[dict[str, str], dict[str, str]]:
        """What the open case's record answers, and says is not so (``answers_of``)."""
        if self._case_id is None or self._service is None or self._code is None:
            return {}, {}
        return answers_of(self._service, self._case_id, self._items)

    def _read_only(self) -> bool:
        return self._service is None or self._service.read_only

    # -- building ---------------------------------------------------------------------------
    def _rebuild(self) -> None:
        """Recreate the rows for the current items (called when the code changes)."""
        self._boxes = {}
        self._rows = {}
        body = QWidget()
        body.setObjectName("checklistBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        if self._code is None:
            self._title.setText("Checklist")
            column.addWidget(hint(NO_CODE_TEXT, body))
        else:
            entry = self._library.get(self._code) if self._library is not None else None
            name = getattr(entry, "name", "")
            self._title.setText(f"Checklist for {self._code}" + (f" ({name})" if name else ""))
            if not self._items:
                column.addWidget(hint(f"No checklist items for {self._code}.", body))
        for group in CHECKLIST_GROUPS:
            members = [item for item in self._items if item.group == group]
            if not members:
                continue
            column.addSpacing(6)
            column.addWidget(group_heading(group, body))
            for item in members:
                column.addWidget(self._row(item, body))
        column.addStretch(1)
        self._scroll.setWidget(body)
        previous: QWidget = self._create_button  # Tab reaches the items before what follows
        for box in self._boxes.values():
            QWidget.setTabOrder(previous, box)
            previous = box
        self._load_state()
        self._apply_checks()

    def _row(self, item: ChecklistItem, parent: QWidget) -> QWidget:
        row, box = item_row(item, parent, self._on_clicked)
        self._boxes[item.id] = box
        self._rows[item.id] = row
        return row

    # -- state ------------------------------------------------------------------------------
    def _apply_checks(self) -> None:
        """Checkbox states, tooltips, enabled state, banner and completeness from `_checks`."""
        editable = self._case_id is not None and not self._read_only()
        self._role_locked = self._items_role_may_not_tick() if editable else set()
        for item_id, box in self._boxes.items():
            state = self._checks.get(item_id)
            box.setChecked(self._is_checked(item_id))
            self._rows[item_id].setEnabled(editable and item_id not in self._role_locked)
            self._set_tooltip(item_id, state)
            self._show_answer(item_id)
        self._update_banner()
        self._update_completeness()

    def set_online(self, online: bool) -> None:
        """The case store answers again, or not: offline nothing can be ticked, and the banner
        says why (the boxes only greyed, and a click on one did nothing: reliability probe)."""
        self._offline = not online
        # the items and Create case greyed, not the panel: its banner, greyed too, was dim
        # grey on grey in the dark colours (two-PC walkthrough), the one line that says why
        self._scroll.setEnabled(online)
        self._create_button.setEnabled(online)
        self._update_banner()

    def may_tick(self) -> bool:
        """Whether the items take clicks now (not while the case store is offline)."""
        return self.isEnabled() and self._scroll.isEnabled()

    def _update_banner(self) -> None:
        has_items = bool(self._items)
        if self._offline and self._case_id is not None:
            text = OFFLINE_TEXT
        elif self._service is not None and self._read_only():
            text = READ_ONLY_TEXT
        elif self._case_id is None and has_items:
            text = NO_CASE_TEXT
        else:
            text = self._notice
        self._banner.setText(text)
        self._banner.setVisible(bool(text))
        self._create_button.setVisible(
            self._case_id is None and has_items and not self._read_only()
        )

    def _update_completeness(self) -> None:
        done, required = self.completeness()
        ticked = sum(1 for item in self._items if self._is_checked(item.id))
        visible = bool(self._items)
        answered = sum(1 for item in self._items if item.required and self._answered(item.id))
        short, full = completeness_texts(done, required, ticked, len(self._items), answered)
        self._summary.setText(short)
        self._summary.setToolTip(full)
        self._summary.setAccessibleDescription(full)
        self._summary.setVisible(visible)
        self._progress.setVisible(visible and required > 0)
        self._progress.setRange(0, max(required, 1))
        self._progress.setValue(done)
        self.completenessChanged.emit(done, required)

    def _answered(self, item_id: str) -> bool:
        """The record answers the item and nobody ticked it."""
        return item_id in self._answers and not self._is_checked(item_id)

    def _show_answer(self, item_id: str) -> None:
        """The note under an item the case's record answers, ticked or not: hiding it on a tick
        moved every row below it up under the pointer, and the next click hit the wrong row."""
        from cdt_desktop.domain.cross_notation import in_notation  # not at start-up

        note = self._rows[item_id].findChild(QLabel, f"record_{item_id}")
        if note is None:
            return
        shown = item_id in self._answers or item_id in self._refuted
        answer = in_notation(self._answers.get(item_id, ""), self._notation)
        refuted = in_notation(self._refuted.get(item_id, ""), self._notation)
        ticked = self._is_checked(item_id)
        tall = note.height() if note.isVisible() else 0
        note.setText(refuted or (record_text(answer, ticked) if shown else ""))
        note.setVisible(shown)
        if shown:  # never shorter while shown: a tick or untick moves no row under the pointer
            note.setMinimumHeight(max(tall, note.minimumHeight()))

    def _is_checked(self, item_id: str) -> bool:
        """Ticked, as the tab shows and counts it: a tick the case's record refutes (the
        tooth-fit item ticked before the code changed) is neither (its box showed a tick beside
        "0 of 8 ticked": re-walks); the store keeps it, and it counts again if the code does."""
        state = self._checks.get(item_id)
        return bool(state and state.checked) and item_id not in self._refuted

    def _on_clicked(self, item: ChecklistItem, checked: bool) -> None:
        box = self._boxes[item.id]
        if getattr(box, "double_clicked", False):  # a double click: its first click counts
            box.double_clicked = False  # type: ignore[attr-defined]
            self._revert(box, item)
            return
        if self._case_id is None or self._read_only():
            self._revert(box, item)
            return
        operator = (self._operator_source() or "").strip()
        if not operator:
            self._revert(box, item)
            self._notice = NO_OPERATOR_TEXT
            self._update_banner()
            self.operatorRequired.emit()
            return
        if checked and item.id in self._refuted:  # not so: "tooth fits the code" on D3310, #19
            from cdt_desktop.domain.cross_notation import in_notation

            self._revert(box, item)
            self._say_at(box, in_notation(self._refuted[item.id], self._notation))
            return
        try:
            self._catch_up()
            just_changed = self._elsewhere.notice(item, checked, self._checks.get(item.id))
            if just_changed:
                self._revert(box, item)
                self._say_at(box, just_changed)
                return
            assert self._service is not None  # not read-only
            stored = self._service.tick(self._case_id, item.id, checked, operator=operator)
        except UserFacingError as exc:
            self._revert(box, item)
            msgbox.show_error(self, "Tick not saved", str(exc))
            return
        self._notice = ""
        previous, self._checks = self._checks, dict(stored)
        self._elsewhere.forget(item.id)
        box.setAccessibleDescription("")
        self._show_changed(previous, also=item.id)  # this tick, and any made on another PC
        self._update_banner()
        if checked and (wanted := film_date_wanted(self._service, self._case_id, item.id)):
            self._say_at(box, wanted)  # at the box: a note appearing moves the rows below
        self.checkChanged.emit(item.id, self._is_checked(item.id))

    def _items_role_may_not_tick(self) -> set[str]:
        """The items the signed-in user's role may not tick, greyed (billing clicked a Clinical
        item that looked like any other and was refused: two-PC walkthrough). Billing ticks
        the Billing items; the service refuses the rest all the same."""
        service = self._service
        if service is None or service.auth is None or service.may("tick"):
            return set()
        billing = service.may("edit-claim")
        return {item.id for item in self._items if not (billing and item.group == "billing")}

    def _set_tooltip(self, item_id: str, state: _CheckState | None) -> None:
        tip = describe_check(state)
        if item_id in self._role_locked:
            from cdt_desktop.services.case_roles import BILLING_TICKS_ONLY

            tip = f"{tip}\n{BILLING_TICKS_ONLY}" if tip else BILLING_TICKS_ONLY
        for widget in self._rows[item_id].findChildren(QWidget):
            widget.setToolTip(tip)

    def _revert(self, box: QCheckBox, item: ChecklistItem) -> None:
        box.setChecked(self._is_checked(item.id))
