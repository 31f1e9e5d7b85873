"""A killed export or backup leaves no full-PHI copy for good (issue 15 item 8).

RELIABILITY req. 24: temporaries are cleaned on the next start (and by the next write there).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from cdt_desktop.core import tempclean
from cdt_desktop.core.atomic import write_bytes_atomic
from cdt_desktop.db.cases.sqlite.repository import CaseStore

KILLED_EXPORT = """
import os, sys
from cdt_desktop.core import atomic
os.fsync = lambda fd: os._exit(9)   # killed between writing the temporary and the rename
atomic.write_bytes_atomic(sys.argv[1], b"%PDF patient data")
"""


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_export_leaves_a_temporary_that_the_next_export_removes(tmp_path: Path) -> None:
    target = tmp_path / "appeal.pdf"
    subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(target)], timeout=60)
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].read_bytes() == b"%PDF patient data"
    write_bytes_atomic(tmp_path / "other.pdf", b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.pdf"]


def test_a_live_writers_temporary_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f"{tempclean.temp_prefix('a.pdf')}abc123.tmp"
    mine.write_bytes(b"in progress")
    parent = tmp_path / f".b.pdf.{os.getppid()}-abc123.tmp"
    parent.write_bytes(b"in progress")
    assert tempclean.clean_stale(tmp_path) == 0
    assert mine.exists() and parent.exists()


def test_old_unmarked_and_dead_backups_are_removed_at_window_start(tmp_path: Path) -> None:
    from cdt_desktop import app

    data = tmp_path / "data"
    with CaseStore.open(data):
        pass
    (data / "backups").mkdir()
    dead = data / "backups" / f".cases-1.sqlite.{_dead_pid()}-beef.partial"
    dead.write_bytes(b"SQLite format 3\x00 whole store")
    old = data / ".cases.sqlite.abcd1234.partial"  # written by a version without the pid
    old.write_bytes(b"old")
    day_ago = time.time() - tempclean.STALE_AFTER_S - 60
    os.utime(old, (day_ago, day_ago))
    unrelated = data / ".hidden-notes.txt"
    unrelated.write_text("user file", encoding="utf-8")
    app._clean_temporaries(data)
    assert not dead.exists() and not old.exists()
    assert unrelated.exists() and (data / "cases.sqlite").exists()


def test_a_stale_read_only_copy_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / f"cdt-readonly-{_dead_pid()}-x1y2"
    stale.mkdir()
    (stale / "cases.sqlite").write_bytes(b"copy")
    live = tmp_path / f"cdt-readonly-{os.getpid()}-x1y2"
    live.mkdir()
    assert tempclean.clean_stale_copies(tmp_path) == 1
    assert not stale.exists() and live.exists()
