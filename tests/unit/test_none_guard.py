"""The PySide6 6.12 / Python 3.11 guard (see cdt_desktop/ui/__init__.py) keeps None/True/False alive."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import cdt_desktop.ui
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
class Emitter(QObject):
    changed = Signal(int)
app = QApplication([])
widget = QWidget()
emitter = Emitter()
emitter.changed.connect(lambda value: None)
for _ in range(100_000):
    widget.update()          # drops a reference to None
    emitter.changed.emit(1)  # drops a reference to True/False
print("alive")
"""


def test_many_void_qt_calls_and_emits_do_not_abort_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.strip() == "alive"
