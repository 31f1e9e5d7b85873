"""The PySide6 6.12 / Python 3.11 guard (see cdt_desktop/ui/__init__.py) keeps None alive."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import cdt_desktop.ui
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for _ in range(100_000):
    widget.update()
print("alive")
"""


def test_many_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.strip() == "alive"
