"""The Cases tab's "To submit" view: the billing clerk sees which draft claims the chair has
documented (ready to send, oldest treatment first), which lack how many required items, and
which treatments are still to come; the count says how many are ready."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_view import TO_SUBMIT, CaseList

TODAY = date(2026, 12, 4)


@pytest.fixture
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def _draft(store: CaseStore, name: str, dos: str, code: str = "D3330") -> int:
    case = Case(
        patient=Patient(name=name),
        payer=Payer(name="Delta Dental"),  # a claim goes somewhere (no payer: not ready)
        claim=Claim(date_of_service=dos),
        procedure=Procedure(code=code, tooth="19" if code else ""),
    )
    return store.create_case(case, operator="DR")


def test_the_clerk_sees_which_drafts_are_ready_to_send(
    qtbot, store: CaseStore, library: ReferenceLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    required = [item.id for item in library.checklist("D3330") if item.required]
    ready = _draft(store, "Ana Ready", "2026-11-20")
    for item_id in required:
        store.tick(ready, item_id, True, operator="SA")
    short = _draft(store, "Ben Short", "2026-11-02")
    for item_id in required[1:]:
        store.tick(short, item_id, True, operator="SA")
    _draft(store, "Di Booked", "2026-12-11")
    _draft(store, "", "2026-11-20")  # kept as an incomplete draft at the chair
    _draft(store, "Eve Waiting", "")  # opened for a prior authorization, not treated yet
    _draft(store, "Gil Other", "2026-11-21", code="D9999")  # a code with no checklist here
    widget = CaseList(CaseService(store), operator_source=lambda: "BL", library=library)
    qtbot.addWidget(widget)
    combo = widget.findChild(type(widget._status), "caseStatusFilter")
    combo.setCurrentIndex(combo.findData(TO_SUBMIT))
    model = widget._model
    shown = [(model.index(r, 0).data(), model.index(r, 4).data()) for r in range(model.rowCount())]
    assert shown == [
        ("Ana Ready", "Ready to send"),
        ("Gil Other", "No checklist: check by hand"),
        ("Ben Short", "1 item missing"),
        ("Di Booked", "Treatment Dec 11"),
        ("Eve Waiting", "No date of service"),
        ("(no name)", "Incomplete"),
    ]
    assert widget._message.text() == "6 cases: 1 ready to send"
    tip = model.index(2, 4).data(Qt.ItemDataRole.ToolTipRole)  # what Ben's claim lacks
    missing = next(i.text for i in library.checklist("D3330") if i.id == required[0])
    assert tip == f"Not recorded yet:\n• {missing}"
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) is None
    widget._search.setText("ben")  # the search narrows the view, its order kept
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Ben Short"]
    assert widget._message.text().endswith("0 ready to send")


def test_behind_the_checklist_a_view_is_read_when_its_tab_comes_back(qtbot, tmp_path: Path) -> None:
    """Every tick asks the list to refresh: a view that reads every draft was read at each
    tick while the assistant worked in the Checklist tab, unseen. It is read when shown."""
    from tests.helpers.windows import shown_window

    with shown_window(qtbot, tmp_path / "data") as window:
        tabs = window.right_tabs
        tabs.setCurrentWidget(window.case_list)  # the list is built as its tab first shows
        cases = window.case_list.view()
        combo = cases._status
        combo.setCurrentIndex(combo.findData(TO_SUBMIT))
        store = window.store
        tabs.setCurrentIndex(0)  # the Checklist in front
        qtbot.waitUntil(lambda: not cases.isVisible())
        first = store.create_case(
            Case(patient=Patient(name="Ana Ready"), claim=Claim(date_of_service="2026-11-20"),
                 procedure=Procedure(code="D3330", tooth="19")),
            operator="DR",
        )  # fmt: skip
        cases.refresh()  # as a tick does
        assert cases._model.rowCount() == 0  # not read behind the Checklist
        tabs.setCurrentWidget(window.case_list)
        qtbot.waitUntil(lambda: cases._model.rowCount() == 1)
        assert cases._model.case_id(0) == first


def test_a_documented_draft_without_a_payer_says_so_and_is_not_counted_ready(
    qtbot, store: CaseStore, library: ReferenceLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough 43: every item ticked, no payer typed: "Ready to send", counted ready."""
    from dataclasses import replace

    monkeypatch.setattr(CaseList, "today", staticmethod(lambda: TODAY))
    required = [item.id for item in library.checklist("D3330") if item.required]
    nobody = _draft(store, "Noor Nopayer", "2026-11-20")
    stored = store.get_case(nobody)
    store.update_case(nobody, replace(stored.case, payer=Payer()), operator="SA")
    for item_id in required:
        store.tick(nobody, item_id, True, operator="SA")
    widget = CaseList(CaseService(store), operator_source=lambda: "BL", library=library)
    qtbot.addWidget(widget)
    widget._status.setCurrentIndex(widget._status.findData(TO_SUBMIT))
    model = widget._model
    assert model.index(0, 4).data() == "No payer"
    assert "The payer (Edit case" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert widget._message.text() == "1 case: 0 ready to send"
