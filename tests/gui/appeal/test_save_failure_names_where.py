"""A letter (or a case file) that cannot be saved says where, and why, in words a clerk can act
on (billing walkthrough: "The letter was not saved: No such file or directory." for a name typed
"Ruiz 12/06/2026.pdf", whose slashes had been read as folders).

Real files and folders, real ReportLab-free bytes; only the message box is read by the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.appeal.export import write_pdf
from cdt_desktop.ui.common import msgbox


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _t, text: shown.append(text))
    return shown


def test_a_name_with_slashes_is_said_to_make_folders(
    qtbot: QtBot, tmp_path: Path, said: list[str]
) -> None:
    target = tmp_path / "Ruiz 12/06/2026.pdf"
    assert not write_pdf(None, str(target), lambda: b"%PDF-1.4\n")  # type: ignore[arg-type]
    [text] = said
    assert f"there is no folder \u201c{tmp_path / 'Ruiz 12' / '06'}\u201d." in text
    assert "\u201c/\u201d in a file name" in text and "2026-12-06" in text
    assert not list(tmp_path.rglob("*.pdf"))  # nothing half-written anywhere


def test_a_folder_in_the_file_s_place_is_named(
    qtbot: QtBot, tmp_path: Path, said: list[str]
) -> None:
    taken = tmp_path / "letter.pdf"
    taken.mkdir()  # a folder where the file would go
    assert not write_pdf(None, str(taken), lambda: b"%PDF-1.4\n")  # type: ignore[arg-type]
    [text] = said
    assert text.startswith("The letter was not saved: ")
    assert f"({taken})" in text or "letter.pdf" in text
