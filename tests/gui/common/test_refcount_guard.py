"""The guard against PySide6 6.12's lost references to None, True and False (cdt_desktop/ui).

Each test runs in a fresh interpreter: the guard acts once, when ``cdt_desktop.ui`` is first
imported, and an aborted interpreter must not take the test session with it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12) or sys.implementation.name != "cpython",
    reason="None, True and False are immortal from Python 3.12",
)

_GUARD = 1 << 48


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


def _assert_guarded(opened: str, *, by_ctypes: bool) -> None:
    """Import the package in a fresh interpreter, with ``/proc/self/mem`` opened by ``opened``
    (the source of a function ``memory_open(real_open, file, *args, **kwargs)``, or "" for the
    real file): the three counts are guarded, by ctypes or without it."""
    run = _run(
        f"""
        import builtins, io, sys
        real_open = builtins.open
        {textwrap.indent(textwrap.dedent(opened), " " * 8).strip()}
        if {bool(opened)}:
            builtins.open = lambda file, *a, **k: (
                memory_open(real_open, file, *a, **k) if file == "/proc/self/mem"
                else real_open(file, *a, **k)
            )
        import cdt_desktop.ui
        builtins.open = real_open
        counts = [sys.getrefcount(s) for s in (None, True, False)]
        assert all(c > {_GUARD} for c in counts), counts
        assert ("_ctypes" in sys.modules) is {by_ctypes}
        print("guarded")
        """
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "guarded"


def test_a_long_session_of_qt_calls_that_return_nothing_does_not_abort_python() -> None:
    # Without the guard this aborts with "Fatal Python error: none_dealloc" well before the end:
    # each update() drops a reference to None and each emit() one to the bool it returns.
    run = _run(
        """
        import sys
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QApplication, QWidget

        unguarded = max(sys.getrefcount(s) for s in (None, True, False))
        import cdt_desktop.ui

        class Source(QObject):
            changed = Signal()

        app = QApplication([])
        widget, source = QWidget(), Source()
        for _ in range(2 * unguarded + 10_000):
            widget.update()
            source.changed.emit()
        print("done")
        """
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "done"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc/self/mem")
def test_on_linux_the_guard_loads_no_foreign_function_library() -> None:
    _assert_guarded("", by_ctypes=False)


def test_where_the_process_memory_file_is_refused_ctypes_applies_the_guard() -> None:
    # a hardened kernel, or Windows: no /proc/self/mem to write
    _assert_guarded(
        """
        def memory_open(real_open, file, *args, **kwargs):
            raise PermissionError(13, "Permission denied", file)
        """,
        by_ctypes=True,
    )


def test_importing_the_package_twice_does_not_add_the_guard_twice() -> None:
    run = _run(
        f"""
        import importlib, sys
        import cdt_desktop.ui
        before = sys.getrefcount(None)
        importlib.reload(cdt_desktop.ui)
        after = sys.getrefcount(None)
        assert before < 2 * {_GUARD} and abs(after - before) < 1000, (before, after)
        print("once")
        """
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "once"


def test_where_the_process_memory_file_takes_the_write_and_changes_nothing_ctypes_guards() -> None:
    # a sandbox's /proc that accepts the write and keeps the memory as it was
    _assert_guarded(
        """
        class DeafMemory(io.RawIOBase):
            def __init__(self, real):
                self.real = real
            def readable(self):
                return True
            def writable(self):
                return True
            def seek(self, offset, whence=0):
                return self.real.seek(offset, whence)
            def read(self, size=-1):
                return self.real.read(size)
            def write(self, data):
                return len(data)
            def close(self):
                self.real.close()
                super().close()

        def memory_open(real_open, file, *args, **kwargs):
            return DeafMemory(real_open(file, "rb", buffering=0))
        """,
        by_ctypes=True,
    )
