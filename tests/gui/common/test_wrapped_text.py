"""WrappedText: shows its text as a word-wrapped QLabel does, and a new text of the same height
does not lay its pane out again (the tooth line under the chart changes on every click)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cdt_desktop.ui.common.wrapped_text import WrappedText

MOLAR = "Tooth 19: mandibular left first molar (#19 · FDI 36 · Palmer LL6)"
OTHER_MOLAR = "Tooth 30: mandibular right first molar (#30 · FDI 46 · Palmer LR6)"
LONG = "Tooth 19: " + "a much longer line that has to wrap onto more lines " * 3


class _LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


@pytest.fixture
def pane(qtbot) -> tuple[QWidget, WrappedText]:
    pane = QWidget()
    qtbot.addWidget(pane)
    layout = QVBoxLayout(pane)
    row = QHBoxLayout()
    line = WrappedText("No tooth selected", pane)
    row.addWidget(line, 1)
    row.addWidget(QLabel("Successor:", pane))
    layout.addLayout(row)
    layout.addStretch(1)
    pane.resize(360, 200)
    pane.show()
    qtbot.waitExposed(pane)
    return pane, line


def test_a_new_text_of_the_same_height_repaints_without_laying_the_pane_out(qtbot, pane) -> None:
    widget, line = pane
    line.setText(MOLAR)
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()))
    requests = _LayoutRequests()
    widget.installEventFilter(requests)
    line.setText(OTHER_MOLAR)
    qtbot.wait(10)
    assert requests.count == 0
    assert line.text() == OTHER_MOLAR


def test_a_text_that_needs_more_lines_gets_them(qtbot, pane) -> None:
    _widget, line = pane
    line.setText(MOLAR)
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()))
    before = line.height()
    line.setText(LONG)
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()))
    assert line.height() > before
    assert line.height() >= 3 * line.fontMetrics().lineSpacing()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("text", [MOLAR, LONG, "No tooth selected"])
def test_it_draws_what_a_word_wrapped_label_draws(qtbot, text: str, dark: bool) -> None:
    label = QLabel(text)
    label.setWordWrap(True)
    line = WrappedText(text)
    palette = QPalette(label.palette())
    if dark:
        palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    for widget in (label, line):
        qtbot.addWidget(widget)
        widget.setPalette(palette)
        widget.resize(240, line.heightForWidth(240))
    assert line.heightForWidth(240) == label.heightForWidth(240)
    assert line.grab().toImage() == label.grab().toImage()


def _read_as_label(line: WrappedText):  # -> Callable[[], bool]
    from PySide6.QtGui import QAccessible

    def check() -> bool:
        found = QAccessible.queryAccessibleInterface(line)
        return found is not None and found.role() == QAccessible.Role.StaticText

    return check


def test_a_screen_reader_reads_it_as_a_label_named_by_its_text(qtbot, pane) -> None:
    """The selected-tooth line had the generic role of a plain widget and no text for a screen
    reader; it is static text, as a label is, and its name follows the text."""
    from PySide6.QtGui import QAccessible

    widget, line = pane
    line.setAccessibleName("Selected tooth")
    line.setText(MOLAR)
    # installed a moment after the first show (not in the window's start): a look before it
    # got the generic interface, which the install replaces
    qtbot.waitUntil(_read_as_label(line), timeout=5000)
    found = QAccessible.queryAccessibleInterface(line)
    assert found is not None
    assert found.text(QAccessible.Text.Name) == MOLAR
    assert found.text(QAccessible.Text.Description) == "Selected tooth"
    line.setText(OTHER_MOLAR)
    assert found.text(QAccessible.Text.Name) == OTHER_MOLAR
    parent = QAccessible.queryAccessibleInterface(widget)
    roles = [parent.child(i).role() for i in range(parent.childCount())]
    assert roles.count(QAccessible.Role.StaticText) == 2  # the line, and the "Successor:" label


def test_the_chart_s_selected_tooth_line_is_static_text_in_the_window(qtbot, tmp_path) -> None:
    from PySide6.QtGui import QAccessible

    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    line = window.findChild(WrappedText, "selectedTooth")
    window.chart_panel.chart.select_tooth("19")
    qtbot.waitUntil(_read_as_label(line), timeout=5000)
    found = QAccessible.queryAccessibleInterface(line)
    assert found.text(QAccessible.Text.Name).startswith("Tooth 19: mandibular left first molar")


_ENUMS_MADE_BY_THE_INSTALL = """
import enum, gc, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from cdt_desktop.app import build_main_window
from cdt_desktop.ui.common import wrapped_text

app = QApplication(sys.argv[:1])
window = build_main_window(data_dir=Path(tempfile.mkdtemp()))
window.resize(1366, 768)
window.show()
app.processEvents()
def enums():
    return {c.__qualname__ for c in gc.get_objects() if isinstance(c, enum.EnumMeta)}
before = enums()
wrapped_text._install_accessible()
print(sorted(enums() - before))
"""


def test_installing_the_screen_reader_hook_wraps_no_other_widget_of_the_window(tmp_path) -> None:
    """The install walked every widget of the window to find its tooth line, and PySide6 built
    the enum classes of each widget class it met (about 50, some 20 ms on the GUI thread, as
    the first search keystroke came in): it builds QAccessible's only. A fresh process, so no
    earlier test has built them already."""
    import ast
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _ENUMS_MADE_BY_THE_INSTALL],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    made = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert made, "the install should at least build QAccessible's enums"
    assert [name for name in made if not name.startswith("QAccessible.")] == []
