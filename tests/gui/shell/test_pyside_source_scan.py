"""PySide6 does not read our modules' source at start-up (cdt_desktop.ui.skip_source_scan).

PySide6 6.12 reads the whole source of every module imported after it to look for the text
"PySide6"; for the window's modules the answer is known, so start-up skips the reading (time,
and the memory linecache keeps). Each check runs in a fresh interpreter that starts the window
the way `cdt-desktop` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cdt_desktop.db.cases.sqlite.repository import CaseStore

_START = """
import linecache, sys
from cdt_desktop import app
app.preload()
qapp = app._make_application()  # imports PySide6 (which reads what came before it)
read = []
original = linecache.updatecache
def counting(filename, module_globals=None):
    read.append(filename)
    return original(filename, module_globals)
linecache.updatecache = counting
window = app.build_main_window(data_dir=sys.argv[1])
table = sys.modules["PySide6.support.feature"].pyside_feature_dict
ours = [name for name in sys.modules if name.startswith("cdt_desktop.ui.")]
print(len(ours), len(read))
print(table["cdt_desktop.ui.search.pane"], table["cdt_desktop.ui.shell.main_window"])
print(sorted(set(read)), file=sys.stderr)
"""


def test_the_window_starts_without_pyside_reading_our_modules_or_the_standard_library(
    tmp_path: Path,
) -> None:
    with CaseStore.open(tmp_path):
        pass  # an ordinary day's start: the store exists (creating one imports more)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _START, str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    counts, switches = done.stdout.splitlines()
    modules, read = (int(n) for n in counts.split())
    assert modules > 30  # the window's modules were imported after PySide6...
    assert read == 0, done.stderr  # ...and PySide6 read none of them, nor what they import
    assert switches.split() == ["0", "0"]  # modules that use Qt keep PySide6's "no feature"


def test_other_modules_are_still_scanned_by_pyside() -> None:
    """The short cut answers only for our package and the standard library."""
    code = """
import sys, types
import PySide6.QtCore
from cdt_desktop.ui import skip_source_scan
assert skip_source_scan() and skip_source_scan()  # idempotent
feature = sys.modules["PySide6.support.feature"]
import pytestqt.qt_compat as uses_qt  # third-party module whose source names PySide6
import json, cdt_desktop.domain.teeth as teeth, cdt_desktop.ui.search.pane as pane
print(feature._mod_uses_pyside(uses_qt), feature._mod_uses_pyside(json),
      feature._mod_uses_pyside(teeth), feature._mod_uses_pyside(pane))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "False", "True"]
