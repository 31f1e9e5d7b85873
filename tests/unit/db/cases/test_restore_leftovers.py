"""What a restore killed mid-way leaves (its private ``.restore-*`` copy of a backup): found,
removed once surely no running restore's, and nothing else ever touched."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite import leftovers
from cdt_desktop.db.cases.sqlite.repository import CaseStore

HOURS = 3600


def _leftover(folder: Path, *, name: str = "backup.sqlite", age_h: float = 24) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))
    (made / name).write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)
    _age(made, age_h)
    return made


def _age(path: Path, hours: float) -> None:
    when = time.time() - hours * HOURS
    for p in [*path.rglob("*"), path] if path.is_dir() else [path]:
        os.utime(p, (when, when), follow_symlinks=False)


def test_a_killed_restore_s_copy_is_found_and_removed(tmp_path: Path) -> None:
    """A real restore killed (kill -9) once it had copied the backup to the store's page size:
    its folder stays in backups/before-restore, a full copy of the backup."""
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        backup = store.backup(tmp_path, operator="OM")
    code = (
        "import os, sqlite3, sys\n"
        "from pathlib import Path\n"
        "from cdt_desktop.db.cases.sqlite.repository import CaseStore\n"
        "store = CaseStore.open_file(Path(sys.argv[1]), create=False)\n"
        "keep = Path(sys.argv[1]).parent / 'backups' / 'before-restore'\n"
        "keep.mkdir(parents=True, exist_ok=True)\n"
        "store._resized(sqlite3.connect(sys.argv[2]), keep)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(data / "cases.sqlite"), str(backup)],
                         timeout=60, capture_output=True)  # fmt: skip
    assert run.returncode == -9, run.stderr
    [left] = list((data / "backups" / "before-restore").glob(".restore-*"))
    assert (left / "resized.sqlite").is_file()
    [found] = leftovers.find(data / "cases.sqlite")
    assert found.path == left and not found.stale  # just now: maybe a running restore's
    cleaned = leftovers.clean(data / "cases.sqlite", now=time.time() + 7 * HOURS)
    assert [r.path for r in cleaned.removed] == [left] and not left.exists()


@pytest.mark.parametrize(
    ("situation", "make", "removed"),
    [
        ("a day-old copy beside the store", lambda d: _leftover(d), True),
        ("a day-old resized copy in before-restore",
         lambda d: _leftover(d / "backups" / "before-restore", name="resized.sqlite"), True),
        ("a copy made 10 minutes ago: another restore may be using it",
         lambda d: _leftover(d, age_h=1 / 6), False),
        ("a copy dated ahead (another PC's clock, a shared folder)",
         lambda d: _leftover(d, age_h=-3), False),
    ],
)  # fmt: skip
def test_only_copies_no_restore_can_be_using_are_removed(
    tmp_path: Path,
    situation: str,
    make,
    removed: bool,  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path / "pc"
    data.mkdir()
    made = make(data)
    cleaned = leftovers.clean(data / "cases.sqlite")
    assert (not made.exists()) is removed, situation
    assert [x.path for x in (cleaned.removed if removed else cleaned.left)] == [made]


@pytest.mark.parametrize(
    ("situation", "make"),
    [
        ("a folder of the user's named like ours",
         lambda d: (d / ".restore-notes").mkdir() or d / ".restore-notes"),
        ("our name, holding a file that is not a restore's copy",
         lambda d: (_leftover(d) / "letter.docx").write_text("x") and None),
        ("a link to another folder", lambda d: _link(d)),
        ("a file, not a folder", lambda d: (d / ".restore-abcdefgh").write_text("x")),
    ],
)  # fmt: skip
def test_nothing_that_is_not_surely_a_restore_s_copy_is_touched(
    tmp_path: Path,
    situation: str,
    make,  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path / "pc"
    data.mkdir()
    make(data)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for entry in tmp_path.rglob("*"):
        _age(entry, 48)
    assert leftovers.find(data / "cases.sqlite") == [], situation
    leftovers.clean(data / "cases.sqlite")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def _link(data: Path) -> None:
    target = data.parent / "elsewhere"
    target.mkdir()
    (target / "backup.sqlite").write_text("x")
    (data / ".restore-abcdefgh").symlink_to(target, target_is_directory=True)
