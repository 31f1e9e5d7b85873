"""The prior-authorization request in the window: billing asks the plan before the root canal
is scheduled. Same dialog as the appeal, without a denial, a claim remark or "mark appealed";
saved, printed and audited as its own kind. Real SQLite store, real PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.appeal.compose import RESPONSE
from cdt_desktop.domain.cases.model import (
    Provider,
)
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.cases import PLANNED_RCT

PLANNED = PLANNED_RCT


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseStore, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        yield store, store.create_case(PLANNED, operator="DR")


def _dialog(qtbot: QtBot, store: CaseStore, case_id: int) -> NarrativeDialog:
    dialog = NarrativeDialog(
        store.get_case(case_id).case, store=store, case_id=case_id, operator="BL",
        prior_auth=True,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    return dialog


def test_the_request_has_no_denial_remark_or_response_to_fill_in(
    qtbot: QtBot, office: tuple[CaseStore, int]
) -> None:
    store, case_id = office
    dialog = _dialog(qtbot, store, case_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "priorAuthDialog"
    assert dialog.windowTitle() == "Prior authorization request"
    assert not dialog.denial_edit.isVisible() and not dialog.remark_label.isVisible()
    assert not dialog.copy_remark_button.isVisible() and dialog.copy_text_button.isVisible()
    assert RESPONSE not in dialog.section_edits
    problems = dialog.check_problems()[0]
    assert not any("claim number" in p or "denial" in p or "date of service" in p
                   for p in problems), problems  # fmt: skip


def test_billing_saves_the_request_and_the_audit_says_which_letter_left(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, case_id = office
    offered: list[Any] = []
    monkeypatch.setattr(precheck, "mark_appealed", lambda *a, **k: offered.append(a) or False)
    monkeypatch.setattr(
        precheck, "confirm_export", lambda _parent, _problems, _letter="appeal", _r=(): True
    )
    suggested: list[str] = []

    def ask(_parent: Any, default: str, title: str) -> str:
        suggested.append(default)
        assert title == "Save prior-authorization request"  # it said "Save appeal letter"
        return str(tmp_path / Path(default).name)

    monkeypatch.setattr(appeal_export, "ask_save_path", ask)
    dialog = _dialog(qtbot, store, case_id)
    path = dialog.save_pdf()

    assert Path(suggested[0]).name.startswith(f"prior-auth-case{case_id}-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(path).read_bytes())).pages)
    assert "RE: Request for prior authorization, D3330 on tooth #19" in text
    assert "authorize D3330 on tooth #19" in " ".join(text.split())
    details = [e.detail for e in store.audit(case_id) if e.action == "export"]
    assert details == [f"prior-auth-pdf: {Path(path).name}"]
    assert offered == []  # a request before treatment is not an appeal


def test_the_file_menu_offers_the_request_for_the_open_case(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction

    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    action = window.findChild(QAction, "priorAuthAction")
    assert action is not None and "Prior authorization" in action.text()
    # the appeal check's note names the request by the menu's own words (notes.PRIOR_AUTH_MENU)
    from PySide6.QtWidgets import QMenu

    from cdt_desktop.domain.appeal.notes import PRIOR_AUTH_MENU

    menu = next(m for m in window.menuBar().findChildren(QMenu) if action in m.actions())
    assert f"{menu.title()} > {action.text()}".replace("&", "") == PRIOR_AUTH_MENU


def test_the_check_speaks_of_the_request_not_an_appeal(
    qtbot: QtBot, office: tuple[CaseStore, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tour: the request's banner said "Before this appeal is sent:" and so did its question."""
    from dataclasses import replace

    from cdt_desktop.ui.common import msgbox

    store, _case_id = office
    case_id = store.create_case(replace(PLANNED, provider=Provider(name="")), operator="DR")
    dialog = _dialog(qtbot, store, case_id)
    dialog.update_check()
    assert dialog.banner.text().startswith("Before this request is sent:"), dialog.banner.text()
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))
    precheck.confirm_export(dialog, ["No payer."], "request")
    assert asked and asked[0].startswith("Before this request is sent, please check:")


def test_the_request_is_addressed_to_the_case_s_prior_authorization_address(
    qtbot: QtBot, office: tuple[CaseStore, int]
) -> None:
    """The payer address on the case is the plan's appeals address; with the plan's
    pre-treatment review address on the case, the request (preview and PDF) goes there, and
    the check's note about the appeals address is gone."""
    from dataclasses import replace

    store, _case_id = office
    appeals = replace(PLANNED.payer, address="Attn: Dental Claim Appeals\nPO Box 10")
    review = "Attn: Pre-treatment Review\nPO Box 77\nSpringfield, IL 62705"
    case = replace(PLANNED, payer=appeals)
    before = _dialog(qtbot, store, store.create_case(case, operator="DR"))
    assert "Note: The payer address on the case is its appeals address" in before.banner.text()
    claim = replace(PLANNED.claim, prior_auth_address=review)
    case_id = store.create_case(replace(case, claim=claim), operator="DR")
    dialog = _dialog(qtbot, store, case_id)
    assert "appeals address" not in dialog.banner.text()
    first = PdfReader(io.BytesIO(dialog.pdf_bytes)).pages[0].extract_text()
    assert "Attn: Pre-treatment Review" in first and "PO Box 77" in first
    assert "Dental Claim Appeals" not in first


def test_a_post_op_film_on_the_case_is_not_enclosed_with_the_request_and_the_check_says_so(
    qtbot: QtBot, office: tuple[CaseStore, int]
) -> None:
    """tour10: a request made from a case already treated printed its post-op film behind the
    letter and listed it as enclosed; a request before treatment has no post-op film."""
    from cdt_desktop.services.cases import CaseService
    from tests.helpers.images import jpeg_bytes

    store, case_id = office
    for caption, taken in (("Pre-op PA #19", "2026-09-01"), ("Post-op PA #19", "2026-10-01")):
        store.add_radiograph(
            case_id, caption=caption, taken_on=taken, media_type="image/jpeg",
            data=jpeg_bytes(), width=64, height=48, operator="DR",
        )  # fmt: skip
    dialog = NarrativeDialog(
        store.get_case(case_id).case, store=store, case_id=case_id, operator="BL",
        prior_auth=True, films=CaseService(store),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.refresh_preview()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(dialog.pdf_bytes)).pages)
    assert "Pre-op PA #19" in text and "Post-op PA #19" not in text
    assert not any("Post-op" in line for line in dialog.current_letter().enclosures)
    listed = [
        dialog.radiographs.list.item(i).text() for i in range(dialog.radiographs.list.count())
    ]
    assert [("not enclosed" in text) for text in listed] == [False, True], listed
    assert [("(image enclosed)" in text) for text in listed] == [True, False], listed  # walkthrough
    _problems, reminders = dialog.check_problems()
    assert any("1 post-operative film attached to the case" in r for r in reminders), reminders
    appeal = NarrativeDialog(
        store.get_case(case_id).case,
        store=store,
        case_id=case_id,
        operator="BL",
        films=CaseService(store),
    )  # the appeal, after treatment, encloses both
    qtbot.addWidget(appeal)
    assert any("Post-op PA #19" in line for line in appeal.current_letter().enclosures)


def test_the_question_before_export_repeats_the_banner_s_reminders(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: Save as PDF asked about the two required items only; the banner's note
    that the request was addressed to the payer's appeals unit was not in the question, and
    a clerk answering it without reading the banner again mails it to the wrong department."""
    from dataclasses import replace

    store, case_id = office
    stored = store.get_case(case_id)
    appeals = replace(stored.case, provider=Provider(),  # the treating dentist left out
                      payer=replace(stored.case.payer,
                                    address="Attn: Provider Disputes\nPO Box 1"))  # fmt: skip
    store.update_case(case_id, appeals, operator="BL", expected_version=stored.version)
    asked: list[str] = []
    monkeypatch.setattr(
        precheck.msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or False
    )
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda *_a: str(tmp_path / "r.pdf"))
    dialog = _dialog(qtbot, store, case_id)
    problems, reminders = dialog.check_problems()
    assert problems and any("appeals address" in r for r in reminders)
    assert dialog.save_pdf() == ""  # answered No: nothing written
    assert "Also note:" in asked[0] and "appeals address (Attn: Provider Disputes)" in asked[0]


@pytest.mark.parametrize(
    ("problems", "reminders", "listed", "never"),
    [
        (["A"], ["R1", "R2"], "please check:\n• A\n\nAlso note:\n• R1\n• R2\n\nExport", "more"),
        (["A"] * 8, ["R1"], "Also note:\n• … and 1 more in the box above the letter", "R1"),
        (["A"] * 7, ["R1", "R2", "R3"], "Also note:\n• R1\n• … and 2 more in the box above",
         "R2"),
        (["A"], [], "please check:\n• A\n\nExport the request anyway?", "Also note"),
    ],
)  # fmt: skip
def test_the_question_lists_the_problems_first_and_the_reminders_in_the_room_left(
    problems: list[str], reminders: list[str], listed: str, never: str
) -> None:
    text = precheck.export_question(problems, "request", reminders)
    assert listed in text and never not in text
