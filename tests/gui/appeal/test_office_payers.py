"""The window's appeal letter follows the office's payer profiles kept in the case store."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.model import Case, Payer
from cdt_desktop.services.payers import PayerDirectory
from cdt_desktop.ui.appeal.precheck import reference_for


def test_an_office_profile_saved_in_the_store_reaches_the_windows_letter(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    case = Case(payer=Payer(name="Acme Dental Plan"))
    assert reference_for(window.library, case)[2] is None  # not known yet
    PayerDirectory((), window.store).save(  # type: ignore[attr-defined]
        PayerProfile(id="acme", name="Acme Dental Plan", address="PO Box 77", window_days=90),
        operator="AB",
    )
    _templates, profiles, found = reference_for(window.library, case)
    assert found is not None and found.office and found.address == "PO Box 77"
    assert {"metlife", "acme"} <= {p.id for p in profiles}  # shipped ones still there
