"""The billing desk records that a prior-authorization request went out, and the front desk sees
who is waiting for the plan: after the request is saved, the window offers to mark it sent
today (audited as an edit of ``claim.prior_auth_sent``); the heading and the Cases tab's
"Waiting" view then say "no answer yet" until the plan's number is on the case. Real window,
real SQLite store, real PDF."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.authorization import short_date
from cdt_desktop.domain.cases.model import (
    Patient,
)
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.cases.list_view import WAITING
from tests.helpers.cases import PLANNED_RCT

PLANNED = PLANNED_RCT


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseStore, int, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        waiting = store.create_case(PLANNED, operator="DR")
        other = replace(PLANNED, patient=Patient(name="Ben Okafor"))
        yield store, waiting, store.create_case(other, operator="DR")


def _window(qtbot: QtBot, tmp_path: Path, case_id: int) -> Any:
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("BL")
    window.open_case(case_id)
    return window


def _request(qtbot: QtBot, window: Any) -> NarrativeDialog:
    """File > Prior authorization request… on the open case."""
    window.findChild(QAction, "priorAuthAction").trigger()
    dialog = window.findChild(NarrativeDialog, "priorAuthDialog")
    assert dialog is not None
    return dialog


def test_a_saved_request_marked_sent_shows_the_case_as_waiting_for_the_plan(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, case_id, other_id = office
    asked: list[str] = []
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(precheck, "offer_mark_sent", lambda _p, earlier: not asked.append(earlier))
    monkeypatch.setattr(
        appeal_export,
        "ask_save_path",
        lambda _p, default, _t="": str(tmp_path / Path(default).name),
    )
    window = _window(qtbot, tmp_path, case_id)
    heading = window.findChild(QLabel, "openCaseLabel")
    assert "Prior authorization" not in heading.toolTip()

    dialog = _request(qtbot, window)
    dialog.findChild(QPushButton, "saveAppealPdfButton").click()

    today = date.today()
    assert asked == [""]  # asked once, nothing marked sent before
    assert store.get_case(case_id).case.claim.prior_auth_sent == today.isoformat()
    assert store.get_case(other_id).case.claim.prior_auth_sent == ""
    edits = [a.detail for a in store.audit(case_id) if a.action == "edit" and a.operator == "BL"]
    assert edits == ["fields: claim.prior_auth_sent"]
    waiting = f"Prior authorization sent {short_date(today)}, no answer yet"
    assert waiting in heading.toolTip()

    cases = window.case_list
    cases.status_filter().setCurrentIndex(cases.status_filter().findData(WAITING))
    model = cases.model()
    assert [model.case_id(row) for row in range(model.rowCount())] == [case_id]
    assert model.index(0, 4).data() == "Sent today, no answer yet"
    assert not model.is_overdue(0)

    # saved again the same day: nothing more to ask
    dialog.save_pdf()
    assert asked == [""]

    # the plan answers: its number entered (at another desk), the case reads as approved
    stored = store.get_case(case_id)
    claim = replace(stored.case.claim, prior_auth_number="PA-2026-00417")
    store.update_case(
        case_id, replace(stored.case, claim=claim), operator="BK", expected_version=stored.version
    )
    window.controller.refresh_open_case()
    assert "Prior authorization approved (PA-2026-00417)" in heading.toolTip()
    assert "no answer yet" not in heading.toolTip()
    cases.refresh()
    assert model.rowCount() == 0
    dialog.save_pdf()  # a request already answered is not offered as sent again
    assert asked == [""]


@pytest.mark.parametrize("status", ["submitted", "denied"])
def test_a_request_saved_for_a_claim_already_sent_is_not_offered_as_waiting(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, int, int],
    monkeypatch: pytest.MonkeyPatch,
    status: str,
) -> None:
    """Walkthrough: a request saved for the record on a denied claim asked "Mark the request as
    sent today? The case then reads as waiting for the plan's answer"; the waiting view lists
    claims not sent yet only, and the case would never have shown there."""
    from cdt_desktop.domain.cases.status import StatusEvent

    store, case_id, _other = office
    history = [StatusEvent("submitted", "2026-09-16", claim_number="CLM-1")]
    if status == "denied":
        history.append(StatusEvent("denied", "2026-10-05", reason="No pre-authorization."))
    stored = store.get_case(case_id)
    store.update_case(
        case_id,
        replace(stored.case, status_history=tuple(history)),
        operator="BL",
        expected_version=stored.version,
    )
    asked: list[str] = []
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(precheck, "offer_mark_sent", lambda _p, earlier: not asked.append(earlier))
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda *_a: str(tmp_path / "r.pdf"))
    window = _window(qtbot, tmp_path, case_id)
    assert window.current_case_id() == case_id
    version = store.get_case(case_id).version

    _request(qtbot, window).save_pdf()

    assert (tmp_path / "r.pdf").is_file()
    assert asked == []
    assert store.get_case(case_id).version == version


def test_a_request_not_marked_sent_leaves_the_case_as_it_was(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, case_id, _other = office
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(precheck, "offer_mark_sent", lambda _p, _earlier: False)
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda *_a: str(tmp_path / "r.pdf"))
    window = _window(qtbot, tmp_path, case_id)
    version = store.get_case(case_id).version
    _request(qtbot, window).save_pdf()
    assert store.get_case(case_id).version == version
    assert store.get_case(case_id).case.claim.prior_auth_sent == ""


def test_a_request_sent_weeks_ago_is_marked_for_a_call_to_the_plan(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, int, int]
) -> None:
    """The front desk chases a request sent five weeks ago: the longest waiting on top, in
    the overdue colour; the heading counts the days."""
    from datetime import timedelta

    store, case_id, other_id = office
    today = date.today()
    for which, days in ((case_id, 3), (other_id, 35)):
        stored = store.get_case(which)
        sent = (today - timedelta(days=days)).isoformat()
        claim = replace(stored.case.claim, prior_auth_sent=sent)
        store.update_case(which, replace(stored.case, claim=claim), operator="BL")
    window = _window(qtbot, tmp_path, other_id)
    assert "no answer yet" in window.findChild(QLabel, "openCaseLabel").toolTip()
    cases = window.case_list
    cases.status_filter().setCurrentIndex(cases.status_filter().findData(WAITING))
    model = cases.model()
    assert [model.case_id(row) for row in range(model.rowCount())] == [other_id, case_id]
    assert "(35 d), no answer yet" in model.index(0, 4).data()
    assert model.is_overdue(0) and not model.is_overdue(1)


@pytest.mark.parametrize(("user", "marked"), [("Dr Diaz", False), ("Bea Billing", True)])
def test_only_a_role_that_edits_the_claim_is_offered_to_mark_the_request_sent(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str, marked: bool
) -> None:
    """The dentist may print the request (signing letters) but not write claim data: the
    question is not asked of them (it would write a field their role may not change)."""
    from cdt_desktop.app import build_main_window
    from tests.helpers.office import office as signed_office

    with signed_office(tmp_path / "data") as (service, _auth):
        case_id = service.repository.create_case(PLANNED, operator="AA")
    asked: list[str] = []
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(precheck, "offer_mark_sent", lambda _p, earlier: not asked.append(earlier))
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda *_a: str(tmp_path / "r.pdf"))
    window = build_main_window(data_dir=tmp_path / "data", user=user)
    qtbot.addWidget(window)
    window.open_case(case_id)
    _request(qtbot, window).save_pdf()
    assert asked == ([""] if marked else [])
    with CaseStore.open(tmp_path / "data") as store:
        sent = store.get_case(case_id).case.claim.prior_auth_sent
    assert sent == (date.today().isoformat() if marked else "")
