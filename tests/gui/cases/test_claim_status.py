"""Billing in the case list: a claim moves through every status from the context menu's dialog,
each change audited, and the "Due" view orders denied claims by appeal deadline, overdue first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.list_view import DUE, CaseList
from cdt_desktop.ui.cases.status_dialog import StatusDialog

TODAY = date(2026, 12, 1)


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def _case(name: str, payer: str = "Delta Dental", *, dos: str = "2026-06-01") -> Case:
    return Case(
        patient=Patient(name=name),
        payer=Payer(name=payer),
        claim=Claim(date_of_service=dos),
        procedure=Procedure(code="D3330", tooth="19"),
    )


@pytest.fixture
def case_list(qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> CaseList:
    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    widget = CaseList(CaseService(store), operator_source=lambda: "BK")
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def library_list(qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseList]:
    """The Cases tab with the shipped library, as in the window."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    with ReferenceLibrary() as library:
        widget = CaseList(CaseService(store), operator_source=lambda: "BK", library=library)
        qtbot.addWidget(widget)
        yield widget
        widget.close()


def test_the_denial_dialog_reads_a_pasted_eob_as_the_letter_will(
    qtbot, store: CaseStore, library_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: a long EOB led by CO-50 (not a medical necessity) that went on about the
    films was recorded as a missing-radiograph denial: the dialog guessed with keyword
    stand-ins of its own, not the library's templates the letter uses."""
    case_list = library_list
    case_id = store.create_case(_case("Robert Chen"), operator="AB")
    case_list.refresh()
    guessed: list[str] = []

    def fill(dialog: StatusDialog) -> None:
        dialog.reason.setPlainText(
            "CO-50: non-covered, not deemed a medical necessity. Reviewed: pre-op periapical "
            "radiograph, post-op radiograph, x-ray of the adjacent tooth."
        )
        guessed.append(str(dialog.category.currentData()))

    monkeypatch.setattr(case_list, "_documented", lambda *_a: True)  # sent as it is
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("C-77"))
    assert case_list.change_status(case_id, "submitted")
    _fill_and_accept(qtbot, monkeypatch, fill)
    assert case_list.change_status(case_id, "denied")
    assert guessed == ["necessity"]
    assert store.get_case(case_id).case.claim.denial_category == "necessity"


def _fill_and_accept(qtbot, monkeypatch: pytest.MonkeyPatch, fill) -> None:  # type: ignore[no-untyped-def]
    """Replace the modal run with the real dialog, filled in by `fill`, then accepted."""

    def run(parent, case, status, *, today, notation="", save=None, categorize=None):  # type: ignore[no-untyped-def]
        dialog = StatusDialog(case, status, today=today, parent=parent, notation=notation,
                              save=save, categorize=categorize)  # fmt: skip
        qtbot.addWidget(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.event_value() if dialog.result() else None

    monkeypatch.setattr(status_dialog, "ask_status_event", run)


def test_a_claim_moves_through_every_status(
    qtbot, store: CaseStore, case_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = store.create_case(_case("Helen Castillo"), operator="AB")
    case_list.refresh()
    steps = [
        ("submitted", lambda d: d.claim_number.setText("ND-55")),
        (
            "denied",
            lambda d: (
                d.eob.setText("EOB 7"),
                d.reason.setPlainText("N435 frequency"),
                d.category.setCurrentIndex(d.category.findData("frequency")),
            ),
        ),
        ("appealed", lambda d: None),
        (
            "denied",
            lambda d: (
                d.reason.setPlainText("Appeal upheld: frequency limitation"),
                d.category.setCurrentIndex(d.category.findData("frequency")),
            ),
        ),
        ("appealed", lambda d: None),  # level 2 follows level 1 by itself
        ("paid", lambda d: None),
        ("closed", lambda d: None),
    ]
    for day, (status, fill) in enumerate(steps, start=1):
        assert status in case_list.status_actions(case_id), status

        def filled(dialog: StatusDialog, fill=fill, day=day) -> None:  # type: ignore[no-untyped-def]
            dialog.date_edit.set_date(date(2026, 10, day))
            fill(dialog)

        _fill_and_accept(qtbot, monkeypatch, filled)
        assert case_list.change_status(case_id, status)
        row = case_list.model().row_of(case_id)
        assert row is not None
        assert case_list.model().index(row, 4).data() == status.capitalize()
    stored = store.get_case(case_id)
    assert [e.status for e in stored.case.status_history] == [s for s, _ in steps]
    assert [e.level for e in stored.case.status_history if e.status == "appealed"] == ["1", "2"]
    assert stored.case.claim.number == "ND-55"
    assert stored.case.claim.denial_category == "frequency"
    audited = [a.detail for a in store.audit(case_id) if a.action == "status"]
    assert len(audited) == len(steps) and audited[0] == "paid -> closed"  # newest first
    assert case_list.status_actions(case_id) == []


def test_a_change_the_workflow_refuses_keeps_the_dialog_open(qtbot, store: CaseStore) -> None:
    case = _case("A")
    dialog = StatusDialog(case, "appealed", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert not dialog.result()
    assert "cannot become appealed" in dialog.problem.text()


def test_a_status_cannot_be_dated_after_today(qtbot) -> None:
    """Typing the EOB reference into the date's day section made a denial dated next week."""
    dialog = StatusDialog(_case("A"), "submitted", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setFocus()
    dialog.date_edit.set_date(date(2026, 12, 7))
    dialog.accept()
    assert not dialog.result()
    assert dialog.problem.text() == "The date 2026-12-07 is after today (2026-12-01)."


@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ("2026-02-31", "2026-02-31 is not a real date: February 2026 has 28 days."),
        ("2026-11-31", "2026-11-31 is not a real date: November 2026 has 30 days."),
        ("02/29/2026", "02/29/2026 is not a real date: February 2026 has 28 days."),
        ("2026-13-01", "2026-13-01 is not a real date: there is no month 13."),
        ("EOB-77", "Type the date as YYYY-MM-DD or MM/DD/YYYY (for example 2026-03-14 or "
                   "03/14/2026)."),
    ],
)  # fmt: skip
def test_an_impossible_typed_date_is_refused_as_typed_not_changed(
    qtbot, typed: str, refused: str
) -> None:
    """Qt's date box made a typed 2026-02-31 into 2026-02-03 (and the 31st of November the
    30th) without a word: the claim was saved with another date."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = StatusDialog(_case("A"), "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.date_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, typed)
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    assert dialog.date_edit.text() == typed  # kept as typed, not made into another date
    dialog.accept()
    assert not dialog.result()
    # first, with the other fields' problems after it (no reason typed: the denial's)
    assert dialog.problem.text().startswith(refused.rstrip(".") + "; type the denial reason")
    assert QApplication.focusWidget() is dialog.date_edit


def test_the_date_typed_as_the_dialog_opens_replaces_today_s(qtbot) -> None:
    """The dialog opens in the date field with today's date: typing 11/30/2026 there did
    nothing (the field was full, its cursor at the end, 10 characters at most) and OK saved
    today's date, not the one typed; after a refused date the next one typed was lost too
    (review11)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = StatusDialog(_case("A"), "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    qtbot.keyClicks(dialog.date_edit, "2026-02-31")
    assert dialog.date_edit.text() == "2026-02-31"
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.result() and "not a real date" in dialog.problem.text()
    assert QApplication.focusWidget() is dialog.date_edit
    qtbot.keyClicks(dialog.date_edit, "11/30/2026")
    assert dialog.date_edit.text() == "11/30/2026"
    assert dialog.event_value().date == "2026-11-30"


@pytest.mark.parametrize("typed", ["05/01/2025", "0001-01-01"])
def test_a_claim_cannot_be_dated_before_its_date_of_service(qtbot, typed: str) -> None:
    """A year typed one off (2025 for 2026), or year 1, saved a claim submitted before the
    treatment (date of service 2026-06-01), and the appeal letter said so (review12)."""
    dialog = StatusDialog(_case("A"), "submitted", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText(typed)
    dialog.accept()
    assert not dialog.result()
    assert "before the date of service (2026-06-01)" in dialog.problem.text()
    assert dialog.date_edit.text() == typed  # nothing typed is lost


def test_a_date_typed_the_us_way_is_taken(qtbot) -> None:
    """11/30/2026, as in the case form and the radiograph's date."""
    dialog = StatusDialog(_case("A"), "submitted", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("11/30/2026")
    dialog.accept()
    assert dialog.result() and dialog.event_value().date == "2026-11-30"


def test_due_view_orders_denied_claims_by_deadline_overdue_first(
    store: CaseStore, case_list: CaseList
) -> None:
    billing = BillingService(store, ())
    denials = {
        "Window closed": ("2026-05-01", ""),  # 180 days -> Oct 28: overdue
        "Due soon": ("2026-06-20", ""),  # -> Dec 17
        "Concordia 90 days": ("2026-10-01", "United Concordia"),  # 180 here (no profiles) -> Mar 30
        "Due later": ("2026-09-01", ""),  # -> Feb 28
    }
    for name, (denied, payer) in denials.items():
        case_id = store.create_case(_case(name, payer, dos="2026-03-30"), operator="AB")
        billing.advance(case_id, StatusEvent("submitted", "2026-04-01"), operator="AB")
        billing.advance(case_id, StatusEvent("denied", denied), operator="AB")
    store.create_case(_case("Still a draft"), operator="AB")
    combo = case_list.status_filter()
    combo.setCurrentIndex(combo.findData(DUE))
    model = case_list.model()
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == ["Window closed", "Due soon", "Due later", "Concordia 90 days"]
    assert model.index(0, 4).data().startswith("Overdue 34 d")
    assert model.is_overdue(0) and not model.is_overdue(1)
    assert model.index(1, 4).data() == "Due Dec 17 (16 d)"
    assert model.index(2, 4).data() == "Due Feb 28, 2027 (89 d)"  # next year's: says so


@pytest.mark.parametrize("how", ["menu key", "shift+F10", "right-click"])
def test_the_keyboard_opens_the_status_menu_of_the_selected_case(
    qtbot, store: CaseStore, case_list: CaseList, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Tour: with "Alice" selected by the arrows, the Menu key offered (and would have applied)
    the status changes of the denied case on the row below, and moved the selection there."""
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QContextMenuEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication, QMenu, QTableView

    billing = BillingService(store, ())
    denied = store.create_case(_case("Denied first", dos="2026-03-30"), operator="AB")
    billing.advance(denied, StatusEvent("submitted", "2026-04-01"), operator="AB")
    billing.advance(denied, StatusEvent("denied", "2026-05-01"), operator="AB")
    alice = store.create_case(_case("Alice"), operator="AB")
    store.create_case(_case("Bob"), operator="AB")
    case_list.resize(500, 400)
    case_list.show()
    case_list.refresh()
    table = case_list.findChild(QTableView, "caseTable")
    row = next(
        r for r in range(case_list.model().rowCount()) if case_list.model().case_id(r) == alice
    )
    assert row < case_list.model().rowCount() - 1  # a row below it, as in the tour
    table.setFocus()
    table.selectRow(row)
    menus: list[list[str]] = []

    def read_and_close() -> None:  # the real menu, modal: read its entries, then close it
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            menus.append([action.text().replace("&", "") for action in popup.actions()])
            popup.close()

    QTimer.singleShot(0, read_and_close)
    if how == "right-click":  # on Bob's row, below the selection: Bob's menu
        bob_row = row + 1 if case_list.model().case_id(row + 1) != denied else row - 1
        at = table.visualRect(case_list.model().index(bob_row, 0)).center()
        reason = QContextMenuEvent.Reason.Mouse
        QApplication.sendEvent(
            table.viewport(), QContextMenuEvent(reason, at, table.viewport().mapToGlobal(at))
        )
        assert menus == [["Mark as submitted…", "Mark as closed…"]]
        assert case_list.selected_case_id() == case_list.model().case_id(bob_row)
        return
    if how == "menu key":  # Qt's keyboard event: the current row's centre in the table's frame
        centre = table.visualRect(table.currentIndex()).center()
        at = table.viewport().mapTo(table, centre)
        reason = QContextMenuEvent.Reason.Keyboard
        QApplication.sendEvent(table, QContextMenuEvent(reason, at, table.mapToGlobal(at)))
    else:
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
        QApplication.sendEvent(table, key)
    assert menus == [["Mark as submitted…", "Mark as closed…"]]  # Alice's draft, not the denial
    assert case_list.selected_case_id() == alice


def test_tab_leaves_the_date_for_the_next_field(qtbot) -> None:
    """Tour: Tab from the denial's date went to its month, so "EOB-77" set the day to 07."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    dialog = StatusDialog(_case("A"), "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.date_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    eob = dialog.findChild(QLineEdit, "statusEobReference")
    assert QApplication.focusWidget() is eob
    qtbot.keyClicks(eob, "EOB-77")
    assert dialog.event_value().date == "2026-12-01" and eob.text() == "EOB-77"
    qtbot.keyClick(eob, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.date_edit  # Shift+Tab comes back to it


def test_sending_a_claim_without_its_required_documentation_asks_first(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tour: "Mark as submitted" with three required items open said nothing; the denial came
    weeks later. Now the missing items are named and No (the default) keeps the case as it is."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.common import msgbox
    from tests.helpers import REPO_ROOT

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[str] = []
    answer = {"yes": False}
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or answer["yes"]
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-56"))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        widget = CaseList(CaseService(store), library=library, operator_source=lambda: "BK")
        qtbot.addWidget(widget)
        case_id = store.create_case(_case("Helen Castillo"), operator="AB")
        widget.refresh()

        entry = library.get("D3330")
        assert entry is not None
        required = [item.text for item in entry.checklist if item.required]
        fits = next(i.text for i in entry.checklist if i.id == "tooth-number-matches-code")
        assert not widget.change_status(case_id, "submitted")
        # each open item named; #19 fitting D3330 is not asked (the record answers it)
        assert required and all(text in asked[0] for text in required if text != fits)
        assert fits not in asked[0]
        assert store.get_case(case_id).status == "draft"
        answer["yes"] = True
        assert widget.change_status(case_id, "submitted")  # the clerk decided to send it
        assert store.get_case(case_id).status == "submitted"

        documented = store.create_case(_case("Ana Souza"), operator="AB")
        for item in entry.checklist:
            store.set_check(documented, item.id, True, operator="AS")
        widget.refresh()
        asked.clear()
        assert widget.change_status(documented, "submitted") and asked == []

        last = store.create_case(_case("Bo Li"), operator="AB")  # all but one required item
        for item in entry.checklist[1:]:
            store.set_check(last, item.id, True, operator="AS")
        assert entry.checklist[0].required
        widget.refresh()
        answer["yes"] = False
        assert not widget.change_status(last, "submitted")
        assert "1 required item for D3330 is not recorded" in asked[-1]  # not "item(s) ... are"


def test_a_dated_pre_op_film_on_the_case_is_not_asked_for_before_sending(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Tour7: the chair attached the dated pre-op film (File > Radiographs…); billing's "Mark as
    submitted" still said "Diagnostic pre-operative periapical radiograph ... not recorded" (an
    imaging item billing may not tick). The dated image answers for the pre-op film now."""
    from PIL import Image

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.common import msgbox
    from tests.helpers import REPO_ROOT

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-57"))
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        service = CaseService(store)
        widget = CaseList(service, library=library, operator_source=lambda: "BK")
        qtbot.addWidget(widget)
        case_id = store.create_case(_case("Nguyễn Zoë"), operator="AB")
        service.attach_radiograph(
            case_id, film, caption="Pre-op periapical, tooth #19", taken_on="2026-06-01",
            operator="AB",
        )  # fmt: skip
        widget.refresh()
        assert not widget.change_status(case_id, "submitted")
        assert "Post-operative" in asked[0]  # not attached: still named
        assert "pre-operative" not in asked[0], asked[0]


def test_a_pre_op_film_dated_after_the_treatment_is_named_before_sending(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """review7: a "pre-op" image dated after the date of service counted as the pre-op film;
    Mark as submitted now says the film is on the wrong side of the treatment."""
    from PIL import Image

    from cdt_desktop.ui.common import msgbox

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-58"))
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    service = CaseService(store)
    widget = CaseList(service, operator_source=lambda: "BK")  # no library: no required items
    qtbot.addWidget(widget)
    case_id = store.create_case(_case("Nguyễn Zoë"), operator="AB")
    service.attach_radiograph(
        case_id, film, caption="Pre-op periapical, tooth #19", taken_on="2026-06-09",
        operator="AB",
    )  # fmt: skip
    widget.refresh()
    assert not widget.change_status(case_id, "submitted")
    [(title, text)] = asked
    assert title == "Check the radiographs"
    assert "pre-operative radiograph is dated June 9, 2026, after the date of service" in text


def test_a_film_captioned_with_another_tooth_is_named_before_sending(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Checklist tab's row asked which film a pre-op captioned "#30" on a #19 case is;
    Mark as submitted sent the claim without a word. It asks now, in the row's words."""
    from PIL import Image

    from cdt_desktop.ui.common import msgbox

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-59"))
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    service = CaseService(store)
    widget = CaseList(service, operator_source=lambda: "BK")  # no library: no required items
    qtbot.addWidget(widget)
    case_id = store.create_case(_case("Nguyễn Zoë"), operator="AB")
    service.attach_radiograph(
        case_id, film, caption="Pre-op periapical, tooth #30", taken_on="2026-05-28",
        operator="AB",
    )  # fmt: skip
    widget.refresh()
    assert not widget.change_status(case_id, "submitted")
    [(title, text)] = asked
    assert title == "Check the radiographs"
    assert (
        "Pre-operative film attached, taken May 28, 2026 (its caption names tooth #30, the "
        "case is #19; check which film it is)." in text
    )


def test_f4_opens_the_calendar_and_the_day_picked_is_typed_in(qtbot) -> None:
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QCalendarWidget, QMenu

    dialog = StatusDialog(_case("A"), "paid", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_F4)
    menu = dialog.date_edit.findChild(QMenu, "dateCalendar")
    picker = menu.findChild(QCalendarWidget)
    assert picker.maximumDate() == QDate(2026, 12, 1)  # the days after today are greyed out
    picker.clicked.emit(QDate(2026, 11, 3))
    assert dialog.date_edit.text() == "2026-11-03" and not menu.isVisible()


def test_coming_back_from_another_window_keeps_a_half_typed_date(qtbot) -> None:
    """Half a date typed, the EOB looked up in another window: back in the dialog, the rest
    typed goes after it (the date is selected only as the field is entered)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    dialog = StatusDialog(_case("A"), "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    qtbot.keyClicks(dialog.date_edit, "11/3")
    back = QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason)
    QApplication.sendEvent(dialog.date_edit, back)
    qtbot.keyClicks(dialog.date_edit, "0/2026")
    assert dialog.date_edit.text() == "11/30/2026"


@pytest.mark.parametrize("pasted", ["11/30/2026\u200b", "2026-11-30\u00a0", "\u200e2026-11-30"])
def test_a_date_pasted_with_invisible_characters_is_taken(qtbot, pasted: str) -> None:
    """A date copied from an EOB portal with a trailing zero-width space (or a left-to-right
    mark) looked right and was refused: "Type the date as YYYY-MM-DD or MM/DD/YYYY"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = StatusDialog(_case("A"), "closed", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    QApplication.clipboard().setText(pasted)
    dialog.date_edit.selectAll()
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.date_edit.text() == pasted  # pasted as it was
    dialog.accept()
    assert dialog.problem.text() == ""
    assert dialog.result()
    assert dialog.event_value().date == "2026-11-30"


@pytest.mark.parametrize("status", ["submitted", "denied", "paid"])
def test_enter_in_a_field_moves_on_and_never_marks_the_claim(qtbot, status: str) -> None:
    """Keyboard walkthrough: the EOB's date and Enter marked a claim denied at once, with no
    reason and category Other, for good (the audit log keeps it). Enter now moves to the next
    field, as in the case form; a focused button, Alt+M or Ctrl+Enter marks it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    history = () if status == "submitted" else (StatusEvent("submitted", "2026-06-02"),)
    case = _case("A")
    case = Case(patient=case.patient, claim=case.claim, procedure=case.procedure,
                status_history=history)  # fmt: skip
    dialog = StatusDialog(case, status, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit)
    qtbot.keyClicks(dialog.date_edit, "2026-11-30")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.result()
    assert QApplication.focusWidget() is not dialog.date_edit  # on to the next field
    for _ in range(8):  # Enter through the fields reaches the button, and only it marks
        focused = QApplication.focusWidget()
        if isinstance(focused, QPushButton):
            break
        if focused is dialog.reason:
            dialog.reason.setPlainText("Not a covered benefit.")
            dialog.focusNextChild()  # Tab out of the text box, as a user does
            continue
        qtbot.keyClick(focused, Qt.Key.Key_Return)
        assert not dialog.result()
    assert isinstance(QApplication.focusWidget(), QPushButton)
    assert QApplication.focusWidget().text().replace("&", "").startswith("Mark as")
    # the keys that mark from anywhere are said at the button (review: Ctrl+Enter was unsaid)
    assert "Ctrl+Enter" in QApplication.focusWidget().toolTip()
    assert "Ctrl+Enter" in QApplication.focusWidget().accessibleDescription()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.event_value().date == "2026-11-30"


def test_a_denial_without_its_reason_is_refused(qtbot) -> None:
    case = _case("A")
    case = Case(patient=case.patient, claim=case.claim, procedure=case.procedure,
                status_history=(StatusEvent("submitted", "2026-06-02"),))  # fmt: skip
    dialog = StatusDialog(case, "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.reason.setPlainText("   ")
    dialog.accept()
    assert not dialog.result()
    assert "Type the denial reason as the EOB words it" in dialog.problem.text()
    dialog.reason.setPlainText("Frequency limitation.")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_denying_an_appeal_starts_with_an_empty_reason(qtbot) -> None:
    """The appeal's decision has its own wording: the claim's first denial reason was
    prefilled and the level-2 letter quoted it (keyboard walkthrough)."""
    first = "Pre-operative radiograph not received."
    case = _case("A")
    history = (StatusEvent("submitted", "2026-06-02"),
               StatusEvent("denied", "2026-07-01", reason=first, category="radiograph"))  # fmt: skip
    claim = Claim(date_of_service="2026-06-01", denial_reason=first)
    denied = Case(patient=case.patient, claim=claim, procedure=case.procedure,
                  status_history=history)  # fmt: skip
    again = StatusDialog(denied, "appealed", today=TODAY)
    qtbot.addWidget(again)
    assert again.reason.toPlainText() == first  # a first denial still starts from the claim's
    appealed = Case(
        patient=case.patient,
        claim=claim,
        procedure=case.procedure,
        status_history=(*history, StatusEvent("appealed", "2026-08-01", level="1")),
    )
    decision = StatusDialog(appealed, "denied", today=TODAY)
    qtbot.addWidget(decision)
    assert decision.reason.toPlainText() == ""


def test_a_change_the_store_refuses_keeps_the_dialog_and_what_was_typed(
    qtbot, store: CaseStore, case_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: billing typed the denial from the EOB while another clerk marked
    the claim paid; Mark as denied closed the dialog, said the change was refused, and the
    EOB reference and reason typed were gone. The refusal is now said in the dialog, which
    keeps what was typed."""
    from cdt_desktop.services.billing import BillingService

    case_id = store.create_case(_case("Ana"), operator="AB")
    BillingService(store).advance(case_id, StatusEvent("submitted", "2026-06-02"), operator="AB")
    case_list.refresh()
    kept: list[str] = []

    def run(parent, case, status, *, today, notation="", save=None, categorize=None):  # type: ignore[no-untyped-def]
        dialog = StatusDialog(case, status, today=today, parent=parent, save=save)
        qtbot.addWidget(dialog)
        dialog.eob.setText("EOB-77")
        dialog.reason.setPlainText("Frequency limitation.")
        # meanwhile, at PC 1, the claim is marked paid
        BillingService(store).advance(case_id, StatusEvent("paid", "2026-07-01"), operator="AO")
        dialog.accept()
        kept.append(dialog.eob.text())
        assert dialog.isVisible() or not dialog.result()
        assert "Not saved:" in dialog.problem.text() and "paid" in dialog.problem.text()
        return dialog.event_value() if dialog.result() else None

    monkeypatch.setattr(status_dialog, "ask_status_event", run)
    assert not case_list.change_status(case_id, "denied")
    assert kept == ["EOB-77"]
    assert store.get_case(case_id).case.status_history[-1].status == "paid"


@pytest.mark.parametrize("status", ["submitted", "denied", "appealed", "paid", "closed"])
def test_the_status_dialog_is_wide_enough_for_its_title(qtbot, status: str) -> None:
    """Walkthrough at 1366x768: the window manager cut "Mark as submitted — CDT Companion
    Desktop" to "Mark as submitt... panion Desktop" above a 327 px dialog."""
    from PySide6.QtGui import QGuiApplication

    from cdt_desktop import APP_NAME

    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName(APP_NAME)  # as cdt-desktop names itself
    try:
        dialog = StatusDialog(_case("A"), status, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        title = f"{dialog.windowTitle()} — {APP_NAME}"
        assert dialog.width() >= dialog.fontMetrics().horizontalAdvance(title) + 100
    finally:
        QGuiApplication.setApplicationDisplayName(before)


def test_a_category_the_clerk_chose_stays_while_she_edits_the_reason(qtbot) -> None:
    """New-user walkthrough: the category box followed every edit of the pasted reason, so a
    category chosen by hand went back to the guess without anyone seeing it."""
    from PySide6.QtCore import Qt

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.profiles import guess_category

    case = _case("A")
    case = Case(patient=case.patient, claim=case.claim, procedure=case.procedure,
                status_history=(StatusEvent("submitted", "2026-06-02"),))  # fmt: skip
    with ReferenceLibrary() as library:
        templates = library.denial_templates()
        dialog = StatusDialog(
            case, "denied", today=TODAY, categorize=lambda t: guess_category(t, templates)
        )
        qtbot.addWidget(dialog)
        dialog.reason.setPlainText("Pre-operative radiograph not received.")
        assert dialog.category.currentData() == "radiograph"  # guessed as typed
        dialog.category.setFocus()
        qtbot.keyClick(dialog.category, Qt.Key.Key_Down)  # the clerk's own choice
        chosen = dialog.category.currentData()
        assert chosen != "radiograph"
        dialog.reason.setPlainText("Pre-operative radiograph not received. Film illegible.")
        assert dialog.category.currentData() == chosen


def test_a_claim_coded_with_a_deleted_code_is_named_before_it_is_sent(
    qtbot, store: CaseStore, library_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough on a shared store: a case coded D3354 (deleted, replaced by D3355-D3357)
    was marked submitted with only its checklist's gaps named; the payer refuses the code."""
    from dataclasses import replace

    from cdt_desktop.ui.common import msgbox

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    case = replace(_case("Ødegård Bo"), procedure=Procedure(code="D3354", tooth="8"))
    case_id = store.create_case(case, operator="AB")
    library_list.refresh()
    assert not library_list.change_status(case_id, "submitted")  # No: nothing sent
    [(_title, text)] = asked
    assert "D3354 is a deleted CDT code (use D3355, D3356 or D3357)" in text
    assert "before the claim goes" in text
    assert store.get_case(case_id).case.status_history == ()


def test_marking_a_claim_with_no_payer_submitted_asks_first(
    qtbot, store: CaseStore, library_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough 43: a claim with no payer went to "submitted" without a word, and To submit
    called it ready. Mark as submitted now names it, as To submit does; No keeps the draft."""
    from cdt_desktop.ui.common import msgbox

    case_id = store.create_case(_case("Noor Nopayer", payer=""), operator="AB")
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text)) or False
    )
    monkeypatch.setattr(status_dialog, "ask_status_event", lambda *_a, **_k: None)
    library_list.refresh()
    assert not library_list.change_status(case_id, "submitted")
    assert asked and "No payer is recorded" in asked[0][1]
    assert store.get_case(case_id).status == "draft"


def test_the_category_saved_with_the_reason_on_the_case_is_kept_when_the_denial_is_marked(
    qtbot,
) -> None:
    """Walkthrough: the clerk typed the EOB's reason and chose "Not medically necessary" in
    the case form; Mark as denied prefilled the reason but put the category back to what the
    wording reads as ("Submit pre-operative radiograph": Missing radiograph), and Enter would
    have saved that guess over her choice. A reason edited in the dialog is read again."""
    from dataclasses import replace

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.profiles import guess_category

    reason = (  # read as a missing film by its words; the clerk knows better from the EOB
        "Denied: pre-operative radiograph not received. Submit a periapical x-ray."
    )
    case = _case("A")
    case = replace(
        case,
        claim=replace(case.claim, denial_reason=reason, denial_category="necessity"),
        status_history=(StatusEvent("submitted", "2026-06-02"),),
    )
    with ReferenceLibrary() as library:
        templates = library.denial_templates()
        assert guess_category(reason, templates) != "necessity"  # the wording reads otherwise
        dialog = StatusDialog(
            case, "denied", today=TODAY, categorize=lambda t: guess_category(t, templates)
        )
        qtbot.addWidget(dialog)
        assert dialog.reason.toPlainText() == reason
        assert dialog.category.currentData() == "necessity"
        assert dialog.event_value().category == "necessity"
        dialog.reason.setPlainText("Pre-operative radiograph not received.")
        assert dialog.category.currentData() == "radiograph"  # a new reason: read again


def test_an_interim_visit_dated_before_its_initial_visit_is_named_before_sending(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chairside walkthrough: D3356 dated November 1 beside the initial visit's D3355 of
    December 6, same patient and tooth; Mark as submitted sent it without a word."""
    from dataclasses import replace

    from cdt_desktop.ui.common import msgbox
    from tests.helpers.cases import series_case

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-61"))
    service = CaseService(store)
    widget = CaseList(service, operator_source=lambda: "BK")  # no library: no required items
    qtbot.addWidget(widget)

    def visit(code: str, step: str, dos: str) -> Case:
        case = series_case(code, "regeneration", step)
        return replace(case, payer=Payer(name="Delta Dental"), claim=Claim(date_of_service=dos))

    initial = store.create_case(visit("D3355", "initial", "2026-11-30"), operator="AB")
    interim = store.create_case(visit("D3356", "interim", "2026-11-01"), operator="AB")
    widget.refresh()
    assert not widget.change_status(interim, "submitted")
    [(title, text)] = asked
    assert title == "Check the dates of service"
    assert f"Case {initial} (D3355, the initial visit of this series) is dated 2026-11-30" in text


@pytest.mark.parametrize(
    ("situation", "dos", "asked_about"),
    [
        ("treated after the new edition deleted the code", "2027-01-04", True),
        ("treated in 2026: coded by CDT 2026", "2026-09-22", False),
    ],
)
def test_a_code_the_newest_edition_deleted_is_named_before_sending(
    qtbot,
    store: CaseStore,
    monkeypatch: pytest.MonkeyPatch,
    situation: str,
    dos: str,
    asked_about: bool,
) -> None:  # type: ignore[no-untyped-def]
    """Office manager walkthrough: after CDT 2027 deleted D3330 (in the practice's file), the
    list read "D3330 (deleted)" but Mark as submitted sent the claim without a word."""
    from cdt_desktop.ui.common import msgbox

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: date(2027, 1, 10)))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-59"))
    widget = CaseList(CaseService(store), operator_source=lambda: "BK")  # no library
    qtbot.addWidget(widget)
    widget.set_code_notes({"D3330": "deleted in CDT 2027"})
    case_id = store.create_case(_case("Helen Castillo", dos=dos), operator="AB")
    widget.refresh()
    sent = widget.change_status(case_id, "submitted")
    if asked_about:
        [(title, text)] = asked
        assert not sent and title == "Deleted code", situation
        assert "D3330 was deleted in CDT 2027" in text
    else:
        assert sent and asked == [], situation


def test_a_date_refused_for_its_place_among_the_claim_s_dates_takes_the_keyboard_back(
    qtbot,
) -> None:  # type: ignore[no-untyped-def]
    """Keyboard walk: Mark as paid dated 12/04/2026 for a service of December 6, Alt+M from
    the Note field: the message came, the keyboard stayed in Note (a date that is no date
    already took it back to the date)."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.status import StatusEvent

    case = replace(
        _case("A", dos="2026-11-20"), status_history=(StatusEvent("submitted", "2026-11-20"),)
    )
    dialog = StatusDialog(case, "paid", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setText("2026-11-10")  # before the date of service
    dialog.amount.setFocus()
    qtbot.waitUntil(dialog.amount.hasFocus)
    dialog.accept()
    assert dialog.isVisible() and "before the date of service" in dialog.problem.text()
    qtbot.waitUntil(lambda: dialog.date_edit.hasFocus() or dialog.date_edit.isAncestorOf(
        QApplication.focusWidget()))  # fmt: skip


def test_mark_as_paid_shows_what_was_billed_beside_the_amount_paid(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Office manager walkthrough: Mark as paid gave no billed amount to compare the EOB's
    payment with; the clerk opened Edit case to see it."""
    from dataclasses import replace

    case = _case("A")
    billed = replace(case, claim=replace(case.claim, billed_amount="1250"))
    dialog = StatusDialog(billed, "paid", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.amount.placeholderText().startswith("billed $1,250.00")
    bare = StatusDialog(_case("B"), "paid", today=TODAY)
    qtbot.addWidget(bare)
    assert "billed" not in bare.amount.placeholderText()


def test_a_second_payment_is_asked_for_alone_beside_what_was_paid_so_far(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Keyboard walk: after $980.00 paid and an appeal, the plan paid $150.00 more; the field
    said only "billed $1,250.00", and whether to type the total or the new payment was a guess
    (the letter then asked for $980 already paid)."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.status import StatusEvent

    case = _case("A")
    paid = replace(
        case,
        claim=replace(case.claim, billed_amount="1250"),
        status_history=(StatusEvent("submitted", "2026-11-01"),
                        StatusEvent("paid", "2026-11-10", amount="980.00"),
                        StatusEvent("appealed", "2026-11-15", level="1")),
    )  # fmt: skip
    dialog = StatusDialog(paid, "paid", today=TODAY)
    qtbot.addWidget(dialog)
    hint = dialog.amount.placeholderText()
    assert hint.startswith("this payment alone; $980.00 paid so far")  # first: the field is narrow
    assert "Type this payment alone" in dialog.amount.toolTip()
    assert "Billed on this claim: $1,250.00" in dialog.amount.toolTip()


def test_the_status_dialog_shows_the_claim_s_history_so_far(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Office manager walkthrough: the window showed no status history anywhere (only the
    letter and `cases show` had it); a partial payment read just "Paid". The dialog that marks
    the next status lists the changes so far, with their figures."""
    from dataclasses import replace

    from PySide6.QtWidgets import QLabel

    from cdt_desktop.domain.cases.status import StatusEvent, history_words

    history = (
        StatusEvent("submitted", "2026-09-23", claim_number="C-9"),
        StatusEvent("denied", "2026-10-14", reason="N435 frequency"),
        StatusEvent("appealed", "2026-10-20", level="1"),
        StatusEvent("paid", "2026-11-20", amount="980.00", eob_reference="10455"),
    )
    words = history_words(history)
    assert words == [
        "Submitted on Sep 23, 2026 (claim C-9)",
        "Denied on Oct 14, 2026",
        "Appealed on Oct 20, 2026 (level 1)",
        "Paid on Nov 20, 2026 ($980.00, EOB 10455)",
    ]
    case = replace(_case("A"), status_history=history)
    dialog = StatusDialog(case, "closed", today=TODAY)
    qtbot.addWidget(dialog)
    shown = dialog.findChild(QLabel, "statusHistory")
    assert shown is not None and "Paid on Nov 20, 2026 ($980.00, EOB 10455)" in shown.text()
    draft = StatusDialog(_case("B"), "submitted", today=TODAY)
    qtbot.addWidget(draft)
    label = draft.findChild(QLabel, "statusHistory")
    assert label is None or not label.text()


def test_the_status_cell_tells_a_partial_payment_by_its_history(
    store: CaseStore, case_list: CaseList
) -> None:
    """Office manager walkthrough: a partial payment read just "Paid" in the list; the status
    dialog listed the changes, nothing else did. Pointed at, the status cell lists them."""
    billing = BillingService(store, ())
    partly = replace(_case("Partly paid", dos="2026-06-01"),
                     claim=Claim(date_of_service="2026-06-01", billed_amount="1,250.00"))  # fmt: skip
    paid = store.create_case(partly, operator="AB")
    billing.advance(paid, StatusEvent("submitted", "2026-06-02", claim_number="CLM-77"),
                    operator="AB")  # fmt: skip
    billing.advance(paid, StatusEvent("paid", "2026-07-01", amount="600.00",
                                      eob_reference="10455"), operator="AB")  # fmt: skip
    store.create_case(_case("Still a draft"), operator="AB")
    case_list.refresh()
    model = case_list.model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    cell = model.index(rows["Partly paid"], 4)
    assert cell.data() == "Paid"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (
        "Submitted on Jun 2, 2026 (claim CLM-77)\n"
        "Paid on Jul 1, 2026 ($600.00 of $1,250.00 billed, EOB 10455)"
    )
    assert model.index(rows["Still a draft"], 4).data(Qt.ItemDataRole.ToolTipRole) is None
    case_list.set_online(False)  # offline: no read (it would wait for the server: review)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) is None


def _coded_for_an_anterior_tooth(store: CaseStore, name: str) -> int:
    """A draft on molar #19 coded D3310 (a rushed Edit case), a payer recorded."""
    from dataclasses import replace

    wrong = _case(name)
    return store.create_case(
        replace(wrong, procedure=replace(wrong.procedure, code="D3310")), operator="AB"
    )


def test_a_claim_coded_for_another_tooth_is_named_before_sending(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D3310 on molar #19, documented: Mark as submitted named only the checklist's items (or
    nothing), while a payer refuses the code for a molar however documented. The code comes
    first, with the molar's code, and No (the default) keeps the draft."""

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.common import msgbox
    from tests.helpers import REPO_ROOT

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text))
    )
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-61"))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        widget = CaseList(CaseService(store), library=library, operator_source=lambda: "BK")
        qtbot.addWidget(widget)
        case_id = _coded_for_an_anterior_tooth(store, "Cy Anterior")
        for item in library.checklist("D3310"):
            store.set_check(case_id, item.id, True, operator="AS")
        widget.refresh()

        assert not widget.change_status(case_id, "submitted")

    [(title, text)] = asked
    assert title == "Code does not fit the tooth"
    assert "#19 is a permanent molar" in text and "is D3330" in text
    assert store.get_case(case_id).status == "draft"


def test_a_claim_marked_submitted_despite_the_check_says_so_in_the_audit_log(
    qtbot, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: "Mark as submitted anyway" over "Code does not fit the tooth" was logged
    only as draft -> submitted (the dentist's override of the same code was logged). The
    clerk's Yes has its row, naming what was asked about (its headings: no patient data)."""

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.common import msgbox
    from tests.helpers import REPO_ROOT

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)
    _fill_and_accept(qtbot, monkeypatch, lambda d: d.claim_number.setText("ND-62"))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        widget = CaseList(CaseService(store), library=library, operator_source=lambda: "BK")
        qtbot.addWidget(widget)
        case_id = _coded_for_an_anterior_tooth(store, "Cy Anterior")
        documented = store.create_case(_case("Ana Souza"), operator="AB")
        for item in library.checklist("D3330"):
            store.set_check(documented, item.id, True, operator="AS")
        widget.refresh()
        assert widget.change_status(case_id, "submitted")
        assert widget.change_status(documented, "submitted")  # nothing asked: nothing overridden

    rows = [(a.action, a.detail, a.operator) for a in store.audit(case_id)]
    [(detail, who)] = [(d, o) for action, d, o in rows if action == "submit-anyway"]
    assert detail == "Code does not fit the tooth; Required documentation missing" and who == "BK"
    assert "Cy" not in detail
    assert not [a for a in store.audit(documented) if a.action == "submit-anyway"]


def test_an_impossible_date_and_a_bad_claim_number_are_named_together(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Walkthrough: the dialog named the impossible 2026-02-30 and, only once the date was put
    right, the emoji in the claim number: one problem per press of Mark."""
    dialog = StatusDialog(_case("A"), "submitted", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("2026-02-30")
    dialog.claim_number.setText("CLM\U0001f600")
    dialog.accept()
    assert not dialog.result()
    said = dialog.problem.text()
    assert "2026-02-30 is not a real date" in said and "U+1F600" in said


@pytest.mark.parametrize(
    ("amount", "eob", "said"),
    [
        ("", "EOB 9912", "The EOB reference (EOB 9912) leaves the claim with it; the audit trail keeps it."),
        ("980.00", "9912", "The amount paid and the EOB reference ($980.00, EOB 9912) leave the claim with it; the audit trail keeps them."),
    ],
)  # fmt: skip
def test_take_back_names_the_figures_that_leave_the_claim_in_good_grammar(
    amount: str, eob: str, said: str
) -> None:
    """Billing walkthrough: "The EOB reference (EOB 9912) leave the claim with it"."""
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.ui.cases.claim_status import take_back_question

    paid = StatusEvent("paid", "2026-11-20", amount=amount, eob_reference=eob)
    assert take_back_question("Claim CLM-1", paid, "denied").endswith(said)


def test_a_claim_re_coded_at_another_pc_while_its_dialog_is_open_is_not_marked_submitted(
    qtbot, store: CaseStore, case_list: CaseList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two-PC walk: billing's Mark as submitted was open (the dialog read "#30 D3330") when the
    dentist re-coded the case D3310 at the operatory; the click sent D3310 for a molar without
    the code check or a fresh list of what is missing. The dialog says so and saves nothing."""
    case_id = store.create_case(_case("James O'Brien"), operator="AB")
    case_list.refresh()
    monkeypatch.setattr(case_list, "_documented", lambda *_a: True)
    said: list[str] = []

    def recoded_meanwhile(dialog: StatusDialog) -> None:
        dialog.claim_number.setText("CLM-9")
        stored = store.get_case(case_id)
        recoded = replace(stored.case, procedure=replace(stored.case.procedure, code="D3310"))
        store.update_case(case_id, recoded, operator="DR", expected_version=stored.version)
        dialog._say = said.append  # type: ignore[method-assign]

    _fill_and_accept(qtbot, monkeypatch, recoded_meanwhile)
    assert not case_list.change_status(case_id, "submitted")
    [text] = said
    assert "changed at another workstation since" in text and "D3310" in text
    assert "mark it again" in text
    after = store.get_case(case_id)
    assert after.status == "draft" and not after.case.status_history
