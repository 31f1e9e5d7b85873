"""A practice's imported CDT descriptor shows in the code detail of the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cdt_file import parse_codeset
from cdt_desktop.db.codesets import CodeSetStore


def test_code_detail_shows_the_practice_descriptor(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with CodeSetStore(data_dir) as store:
        rows = [{"Code": "D3330", "Descriptor": "Licensed <text> & more"}]
        store.save(parse_codeset(rows, edition="2026", deleted={}), "cdt2026.txt")
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.open_code("D3330")  # type: ignore[attr-defined]
    detail = window.findChild(QTextBrowser, "codeDetail")
    text = detail.toPlainText()
    assert "Descriptor from your licensed CDT code set" in text
    assert "Licensed <text> & more" in text  # escaped, printed literally
    window.close()


def test_without_an_imported_code_set_nothing_is_created(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.open_code("D3330")  # type: ignore[attr-defined]
    detail = window.findChild(QTextBrowser, "codeDetail")
    assert "licensed CDT code set" not in detail.toPlainText()
    assert not (data_dir / "codesets.sqlite").exists()
    window.close()


def test_a_megabyte_descriptor_token_is_elided_and_broken() -> None:
    """Issue 15 item 13: a 1 MB token in a licensed descriptor froze the window for minutes."""
    import re

    from cdt_desktop.core.text import ZWSP
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.code_detail.view import MAX_DESCRIPTOR_SHOWN, render_entry_html

    with ReferenceLibrary() as library:
        entry = library.get("D3330")
    assert entry is not None
    html = render_entry_html(entry._replace(licensed_descriptor="x" * 1_000_000), {})
    assert len(html) < MAX_DESCRIPTOR_SHOWN * 2 + 20_000
    assert max(len(run) for run in re.findall(rf"x[^\s{ZWSP}<]*", html)) <= 60
    assert "more characters not shown" in html


def test_the_nomenclature_and_the_descriptor_are_two_paragraphs(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Office walkthrough: "…molar tooth (excluding final restoration) Practice licensed
    descriptor text C" ran together as one line."""
    data_dir = tmp_path / "data"
    with CodeSetStore(data_dir) as store:
        rows = [{"Code": "D3330", "Nomenclature": "Practice nomenclature text",
                 "Descriptor": "Practice descriptor text"}]  # fmt: skip
        store.save(parse_codeset(rows, edition="2026", deleted={}), "cdt2026.txt")
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.open_code("D3330")  # type: ignore[attr-defined]
    lines = window.findChild(QTextBrowser, "codeDetail").toPlainText().splitlines()
    assert "Practice nomenclature text" in [line.strip() for line in lines]
    assert "Practice descriptor text" in [line.strip() for line in lines]
    window.close()


def test_a_code_only_the_licensed_file_has_is_named_not_unmatched(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Office walkthrough: the 2027 file added D9999 and the import said so; searching D9999
    then said "No code matches", as if the import had failed."""
    from PySide6.QtWidgets import QLineEdit

    data_dir = tmp_path / "data"
    with CodeSetStore(data_dir) as store:
        rows = [{"Code": "D9999", "Nomenclature": "Practice nomenclature of a new code",
                 "Descriptor": "Practice text."}, {"Code": "D3330", "Descriptor": "Text."}]  # fmt: skip
        store.save(parse_codeset(rows, edition="2026", deleted={}), "cdt2026.txt")
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    box = window.findChild(QLineEdit, "searchBox")
    for query, said in (
        ("D9999", "D9999 is in your licensed CDT code set (Practice nomenclature of a new code)"),
        ("9999", "D9999 is in your licensed CDT code set"),
        ("D9998", "No code matches"),
        ("D999", "No code matches"),
    ):
        box.setText(query)
        assert window.search.empty_state_message().startswith(said), query
    window.close()
