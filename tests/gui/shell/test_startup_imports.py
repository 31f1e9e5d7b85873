"""Start-up stays lean: what the window does not need until later is not imported while it starts.

Each check runs in a fresh interpreter (this test process has imported everything already) and
starts the window the way `cdt-desktop` does: Qt-free modules first, then Qt, then the window.
These modules cost start-up time (and memory) for work no start does: parsing JSON, escaping
HTML, the case model, file dialogs, random tokens (secrets loads hashlib and OpenSSL), the
QStyle and QMessageBox enum classes. They load on first use instead, which the other tests
exercise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cdt_desktop.db.cases.sqlite.repository import CaseStore

LATER = (
    "json",
    "html",
    "secrets",
    "unicodedata",
    "cdt_desktop.domain.cases.model",
    "cdt_desktop.ui.cases.file_io",
    "sqlite_utils",
    # sign-in: a store without users (most starts) needs neither the rules nor the lock screen
    "cdt_desktop.domain.session",
    "cdt_desktop.domain.pins",
    "cdt_desktop.ui.session.lock_screen",
    "cdt_desktop.ui.session.idle",
    # the coding rules run from the first tooth; billing and letters on first use; a WAL's
    # reader only after a crash (each costs start-up its frozen dataclasses or enum classes)
    "cdt_desktop.domain.coding.selector",
    "cdt_desktop.domain.coding.rules",
    "cdt_desktop.domain.coding.plans",
    "cdt_desktop.domain.coding.editions",
    "cdt_desktop.domain.cases.status",
    "cdt_desktop.domain.appeal.profiles",
    # a tooth read in another notation: from the first tooth, case or search, not at start
    "cdt_desktop.domain.cross_notation",
    "cdt_desktop.db.sqlitefile.wal",
    # the letters' and films' actions: on first use (Export appeal letter..., Radiographs...)
    "cdt_desktop.ui.shell.letter_actions",
    # the office's payer profiles: with the first letter or File > Payer profiles...
    "cdt_desktop.services.payers",
    # the schema's steps: only a store older than the app needs them
    "cdt_desktop.db.cases.sqlite.migrations",
    # a backup (the daily one comes two minutes after the start; an upgrade's before it)
    "cdt_desktop.db.sqlitefile.backup",
    # the PySide6 6.12 refcount guard (cdt_desktop/ui/__init__.py) needs ctypes' C core only
    "ctypes",
    # no dataclass is built before the first case is opened or saved
    "dataclasses",
    # the chart's room is measured at a zoom or with large targets only, never at 100 %
    "cdt_desktop.ui.shell.chart_room",
    # a tooth chosen by typing its number: the chart makes its type-ahead at the first key typed
    "cdt_desktop.ui.chart.type_ahead",
    # what the window says around the case form, when a form or a case with kept edits opens
    "cdt_desktop.ui.cases.form_notes",
    # the keyboard's focus ring: installed a moment after the window shows (its module and Qt's
    # proxy style class cost some 8 ms)
    "cdt_desktop.ui.common.focus_ring",
    # what the window keeps for its next start, written as it closes
    "cdt_desktop.ui.shell.window_state",
    # the Cases tab's list is built when the tab is first shown (ui/cases/cases_tab.py)
    "cdt_desktop.ui.cases.list_view",
    "cdt_desktop.ui.cases.list_model",
    "cdt_desktop.ui.cases.list_table",
    "cdt_desktop.ui.cases.claim_status",
)

_STORE_ONLY = """
import sys
import cdt_desktop.db.cases.sqlite.repository
import cdt_desktop.db.reference.library
print(" ".join(name for name in sys.argv[1:] if name in sys.modules))
"""

_WINDOW = """
import sys
from cdt_desktop import app
app.preload()
from PySide6.QtWidgets import QApplication
qapp = QApplication(sys.argv[:1])
window = app.build_main_window(data_dir=sys.argv[1])
window.show()
qapp.processEvents()
for name in ("searchBox", "caseList", "toothChart", "exportAppealButton"):
    assert window.findChild(object, name) is not None, name
print(" ".join(name for name in sys.argv[2:] if name in sys.modules))
"""


def _printed(code: str, *args: str) -> list[str]:
    """The words ``code`` prints when run in a fresh interpreter (offscreen Qt)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def _loaded(code: str, *args: str) -> set[str]:
    return set(_printed(code, *args))


def test_the_stores_load_without_the_case_model_json_or_secrets() -> None:
    assert _loaded(_STORE_ONLY, *LATER) == set()


def test_a_started_window_has_not_loaded_what_it_needs_only_later(tmp_path: Path) -> None:
    CaseStore.open(tmp_path).close()  # an ordinary day's start: the first one also migrates
    assert _loaded(_WINDOW, str(tmp_path), *LATER, "PySide6.QtWidgets") == {"PySide6.QtWidgets"}


_SOURCES_KEPT = """
import linecache
import sys
from cdt_desktop import app
app.preload()
from PySide6.QtWidgets import QApplication
qapp = QApplication(sys.argv[:1])
window = app.build_main_window(data_dir=sys.argv[1])
print(sum(1 for name in linecache.cache if "cdt_desktop" in name))
"""


def test_the_sources_pyside6_reads_while_the_window_loads_are_not_kept(tmp_path: Path) -> None:
    # PySide6 reads every module imported after it (its "feature" check) into linecache.
    assert _printed(_SOURCES_KEPT, str(tmp_path))[-1] == "0"


_EVENT_CLASSES = """
import sys
from cdt_desktop import app
app.preload()
from PySide6.QtWidgets import QApplication
qapp = QApplication(sys.argv[:1])
window = app.build_main_window(data_dir=sys.argv[1])
window.resize(1366, 768)
window.show()
window.findChild(object, "searchBox").setFocus()
for _ in range(3):
    qapp.processEvents()
import PySide6.QtWidgets
print(" ".join(name for name in sys.argv[2:] if name in vars(PySide6.QtWidgets)))
"""


def test_no_python_event_handler_sees_every_event_of_the_started_window(tmp_path: Path) -> None:
    # An eventFilter, event() or changeEvent in Python gets events as plain QEvents, and
    # PySide6 then builds the Python classes of every QEvent subclass (QGraphicsSceneEvent and
    # the like, ~1 MiB; ui/common/fields.py). Key, wheel and mouse overrides get their own type.
    CaseStore.open(tmp_path).close()
    names = ("QGraphicsSceneEvent", "QGestureEvent", "QWidget")
    assert _printed(_EVENT_CLASSES, str(tmp_path), *names) == ["QWidget"]


_PATTERNS = """
import sys
from cdt_desktop import app
app.preload()
from PySide6.QtWidgets import QApplication
qapp = QApplication(sys.argv[:1])
window = app.build_main_window(data_dir=sys.argv[1])
window.show()
for _ in range(3):
    qapp.processEvents()
import cdt_desktop.db.cases.rows as rows
import cdt_desktop.domain.teeth as teeth
import cdt_desktop.services.payers as payers
import cdt_desktop.services.store as store
lazy = {"rows": rows.ITEM_ID_RE, "payers": payers.ID_RE, "store": store._SERVICE_RE,
        "teeth": teeth._SHOWABLE}
print(" ".join(name for name, pattern in lazy.items() if pattern.is_compiled()) or "none")
"""


def test_patterns_for_ticks_payers_and_error_messages_are_not_compiled_at_start(
    tmp_path: Path,
) -> None:
    # ~0.7 M instructions each (core/patterns.py); the search's own patterns stay compiled
    # at import, so that the first keystroke does not pay for them.
    CaseStore.open(tmp_path).close()
    assert _printed(_PATTERNS, str(tmp_path)) == ["none"]
