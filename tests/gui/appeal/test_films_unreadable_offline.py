"""The server goes down while billing has the appeal letter open (walkthrough, two PCs on one
PostgreSQL store): Save as PDF re-read the films, read none, took that for "removed at the
chair" and wrote the letter without its two films, its body saying they are kept in the record
on a "radiograph not received" denial. Now nothing goes out until the films can be read; the
letter stays as it was. Real server stopped and started, real dialog, real films and PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common import msgbox
from tests.helpers.postgres import PgServer


def _film(folder: Path) -> Path:
    image = Image.new("L", (400, 500), 60)
    image.paste(220, (100, 100, 200, 300))
    path = folder / "pre.png"
    image.save(path, "PNG")
    return path


def test_save_as_pdf_with_the_server_down_sends_nothing_and_keeps_the_films(
    qtbot: QtBot,
    tmp_path: Path,
    pg_store_url: str,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(NarrativeDialog, "_offer_appealed", lambda self: None)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: errors.append((title, text)))
    target = tmp_path / "appeal.pdf"
    monkeypatch.setattr(appeal_export, "ask_save_path", lambda *_a: str(target))
    with open_repository(pg_store_url) as desk, ReferenceLibrary() as library:
        case_id = desk.create_case(
            Case(
                patient=Patient(name="Sara O'Neil"),
                procedure=Procedure(code="D3330", tooth="19"),
                findings=CaseFindings(root="complete", pulp="necrosis"),
            ),
            operator="DR",
        )
        films = CaseService(desk)
        films.attach_radiograph(
            case_id, _film(tmp_path), caption="Pre-operative periapical radiograph, tooth #19",
            taken_on="2026-11-30", operator="AS",
        )  # fmt: skip
        dialog = NarrativeDialog(
            desk.get_case(case_id).case, library=library, store=desk, case_id=case_id,
            operator="MR", films=films,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.refresh_preview()
        assert len(dialog.radiographs.films()) == 1

        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText("before")
        pg_server.stop_immediate()
        try:
            assert dialog.save_pdf() == ""
            assert not dialog.print_letter()
            # walkthrough: the copies put the patient's letter on the clipboard, unaudited
            assert dialog.copy_plain_text() == "" and dialog.copy_remark() == ""
        finally:
            pg_server.restart()
        assert not target.exists()
        assert QGuiApplication.clipboard().text() == "before"
        assert [title for title, _text in errors] == ["Case store not reachable"] * 4
        assert "nothing was saved, printed or copied" in errors[0][1]
        assert len(dialog.radiographs.films()) == 1  # not taken for removed
        assert not dialog.radiographs.attach_button.isEnabled()

        qtbot.waitUntil(lambda: dialog.save_pdf() == str(target), timeout=15000)
        pdf = PdfReader(io.BytesIO(target.read_bytes()))
        assert sum(len(page.images) for page in pdf.pages) == 1
        assert "Pre-operative periapical radiograph, tooth #19" in pdf.pages[0].extract_text()
        dialog.close()
