"""The search results mark the code the detail shows, after Back too.

Chairside walk: "regen", Enter, then Alt+Left: the detail went back to D3330 while the results
still marked D3355, so Enter in the box would have opened D3355 again. The list now marks the
code shown when it lists it, and no row when it does not. Real window, real library.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot


def test_back_moves_the_results_mark_to_the_code_shown(qtbot: QtBot, tmp_path: Path) -> None:
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    search, detail = window.search, window.detail
    search.set_query("molar")
    codes = search.model.codes()
    assert "D3330" in codes and "D3348" in codes, codes
    detail.show_code("D3330")
    assert search.current_code() == "D3330"
    detail.show_code("D3348")
    assert search.current_code() == "D3348"
    assert detail.go_back()  # Alt+Left
    assert detail.current_code() == "D3330" and search.current_code() == "D3330"
    detail.show_code("D3110")  # a code the results do not list: no row marked
    assert "D3110" not in codes and search.current_code() is None
