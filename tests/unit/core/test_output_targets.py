"""Issue 15 item 1: an export never replaces the case store, its side files, the code-set file,
the lock, the input file, a database or something that is not a regular file.

RELIABILITY req. 24 (outputs never clobber what they must not).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core import atomic
from cdt_desktop.core.atomic import OutputRefusedError, write_bytes_atomic
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from tests.helpers import FIXTURES

CASE = FIXTURES / "case_d3330.json"


@pytest.fixture
def data_dir(_private_user_data: Path) -> Path:
    with CaseStore.open(_private_user_data) as store:
        store.create_case(_case(), operator="ana")
    return _private_user_data


def _case():
    from cdt_desktop.domain.cases.model import Case

    return Case.from_json(CASE.read_text("utf-8"))


def _cases_in(folder: Path) -> int:
    with CaseStore.open(folder, create=False) as store:
        return store.count_cases()


@pytest.mark.parametrize(
    "name",
    [
        "cases.sqlite",
        "cases.sqlite-wal",
        "cases.sqlite-shm",
        "cases.sqlite.lock",
        "codesets.sqlite",
    ],
)
def test_narrative_refuses_every_file_of_the_data_folder(
    data_dir: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (data_dir / "cases.sqlite").read_bytes()
    code = cli.main(["narrative", str(CASE), "-o", str(data_dir / name)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: refusing to write") and err.count("\n") == 1
    assert (data_dir / "cases.sqlite").read_bytes() == before
    assert _cases_in(data_dir) == 1


def test_narrative_refuses_the_store_of_an_explicit_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "office"
    with CaseStore.open(other) as store:
        store.create_case(_case(), operator="ana")
    renamed = other / "cases.sqlite"
    code = cli.main(["--data-dir", str(other), "narrative", str(CASE), "-o", str(renamed)])
    assert code == 2 and "refusing" in capsys.readouterr().err
    assert _cases_in(other) == 1


def test_narrative_refuses_its_own_input_and_any_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "case.json"
    source.write_text(CASE.read_text("utf-8"), encoding="utf-8")
    assert cli.main(["narrative", str(source), "-o", str(source)]) == 2
    assert json.loads(source.read_text("utf-8"))["procedure"]["code"] == "D3330"
    other_db = tmp_path / "practice.db"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    assert cli.main(["narrative", str(CASE), "-o", str(other_db)]) == 2
    assert other_db.read_bytes().startswith(b"SQLite format 3\x00")
    capsys.readouterr()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_or_device_is_never_replaced_by_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputRefusedError):
        write_bytes_atomic(fifo, b"%PDF")
    assert fifo.is_fifo()
    with pytest.raises(OutputRefusedError):
        atomic.check_output_target("/dev/null")
    assert Path("/dev/null").is_char_device()


def test_protected_files_of_the_window_are_refused(tmp_path: Path) -> None:
    guarded = tmp_path / "elsewhere.bin"
    guarded.write_bytes(b"keep")
    atomic.protect(guarded)
    try:
        with pytest.raises(OutputRefusedError):
            write_bytes_atomic(guarded, b"x")
    finally:
        atomic._protected.discard(guarded.absolute())
    assert guarded.read_bytes() == b"keep"


def test_dash_writes_the_pdf_to_standard_output(tmp_path: Path) -> None:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "narrative", str(CASE), "-o", "-"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"%PDF-")


def test_an_ordinary_export_still_replaces_an_older_export(tmp_path: Path) -> None:
    target = tmp_path / "appeal.pdf"
    target.write_bytes(b"%PDF old")
    write_bytes_atomic(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
