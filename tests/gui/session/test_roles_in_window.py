"""In the wired window, the signed-in user's role decides; a refusal names the roles that may."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.session import PermissionDeniedError

from .test_lock_screen import make_office


def test_an_assistant_may_tick_but_not_export_or_recode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.ui.common import msgbox

    shown: list[str] = []  # dialogs are logged by title and size only (issue 15 item 7)
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append(text))
    make_office(tmp_path / "data")
    window = app.build_main_window(data_dir=tmp_path / "data", user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    cases = window.cases  # type: ignore[attr-defined]
    case_id = cases.create(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="19")),
        operator=window.operator(),  # type: ignore[attr-defined]
    )
    assert window.controller.open_case(case_id)  # type: ignore[attr-defined]
    cases.tick(case_id, "preop-radiograph", True, operator="MR")
    with pytest.raises(PermissionDeniedError, match="dentist or admin"):
        cases.change_code(case_id, "D3310", operator="MR")
    window.export_appeal()  # type: ignore[attr-defined]
    assert any("needs the dentist, billing or admin role" in text for text in shown)
    trail = window.session.auth.store.audit_trail(case_id=case_id)  # type: ignore[attr-defined]
    assert [r.action for r in trail] == ["create", "view", "tick"]
    assert {r.user_name for r in trail} == {"Maria Ruiz"}
    window.session.idle.stop()  # type: ignore[attr-defined]
    window.close()
