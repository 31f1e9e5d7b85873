"""A damaged case store set aside (the start-up message's Set aside and start): every file of it
moves into a dated, private folder under backups/damaged beside it, byte for byte; nothing is
deleted, and a second damaged store later gets a folder of its own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.services.restore import set_aside


def _damaged(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "cases.sqlite": b"SQLite format 3\x00" + b"\x17" * 600,
        "cases.sqlite-wal": b"the last commits, still in the log",
        "cases.sqlite-shm": b"\x00" * 64,
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return files


def test_the_store_and_its_side_files_move_byte_for_byte_into_a_private_dated_folder(
    tmp_path: Path,
) -> None:
    files = _damaged(tmp_path)
    (tmp_path / "settings.ini").write_text("[view]\n", encoding="utf-8")
    folder = set_aside(tmp_path / "cases.sqlite", now=1_765_000_000)
    assert folder.parent == tmp_path / "backups" / "damaged"
    assert folder.name.startswith("cases-2025")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "settings.ini"]


def test_a_second_damaged_store_later_gets_its_own_folder(tmp_path: Path) -> None:
    _damaged(tmp_path)
    first = set_aside(tmp_path / "cases.sqlite", now=1_765_000_000)
    _damaged(tmp_path)
    second = set_aside(tmp_path / "cases.sqlite", now=1_765_000_000)  # the same second
    assert first != second and len(list(first.iterdir())) == len(list(second.iterdir())) == 3


def test_a_folder_that_cannot_be_written_leaves_the_store_where_it_is(tmp_path: Path) -> None:
    files = _damaged(tmp_path)
    (tmp_path / "backups").write_text("a file where the backups folder goes", encoding="utf-8")
    with pytest.raises(InputError, match="could not be moved"):
        set_aside(tmp_path / "cases.sqlite", now=1_765_000_000)
    assert {n: (tmp_path / n).read_bytes() for n in files} == files
