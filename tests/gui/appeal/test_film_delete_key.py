"""Keyboard only: Delete on a selected film in the Radiographs list removes it after the same
question as the Remove button. Delete did nothing (tour9: the assistant arrowed to the film
dated before the date of service and pressed Delete). Real store, real dialog, real images."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common import msgbox


def test_delete_on_a_selected_film_asks_and_removes_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post.png"
    Image.new("L", (300, 400), 80).save(path, "PNG")
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, *_a, **_k: asked.append(title) or True
    )
    with CaseStore.open(tmp_path / "data") as store:
        service = CaseService(store)
        case_id = store.create_case(
            Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AS",
        )
        service.attach_radiograph(case_id, path, caption="Post-op", taken_on="", operator="AS")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, store=store, case_id=case_id, operator="AS",
            films=service,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        films = dialog.radiographs.list
        films.setFocus()
        films.setCurrentRow(0)
        QTest.keySequence(films, QKeySequence(QKeySequence.StandardKey.Delete))
        qtbot.waitUntil(lambda: service.radiographs(case_id) == [])
        assert asked == ["Remove radiograph"]
        dialog.close()
