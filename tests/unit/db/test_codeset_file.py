"""The code-set file gets the case store's treatment (issue 15 item 4; RELIABILITY req. 26).

It used to be adopted and written into on `import-cdt --list` and on every window start when it
was another program's database, a copy of a case store, or damaged.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.cdt_file import parse_codeset
from cdt_desktop.db.codesets import CODESETS_APPLICATION_ID, CodeSetStore


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()


def _case_store_copy(path: Path) -> None:
    with CaseStore.open(path.parent / "store") as store:
        store.backup(path)


def _damaged(path: Path) -> None:
    with CodeSetStore(path.parent) as store:
        rows = [{"Code": f"D{n:04d}", "Descriptor": "x" * 500} for n in range(1000, 1400)]
        store.save(parse_codeset(rows, edition="2026", deleted={}), "cdt.txt")
    data = bytearray(path.read_bytes())
    data[8192:12288] = b"\xa5" * 4096  # garbage over a page in the middle
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# RELIABILITY req. 26
@pytest.mark.parametrize("make", [_foreign, _case_store_copy, _damaged],
                         ids=["other-program", "case-store-copy", "damaged"])  # fmt: skip
def test_a_file_that_is_not_ours_is_refused_untouched(
    tmp_path: Path, make, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "codesets.sqlite"
    make(path)
    before = _digest(path)
    assert cli.main(["--data-dir", str(data), "import-cdt", "--list"]) == 1
    assert "cannot be used" in capsys.readouterr().err
    with pytest.raises(UserFacingError, match="cannot be used"):
        CodeSetStore.open_existing(data)
    with pytest.raises(UserFacingError, match="cannot be used"):
        CodeSetStore(data)  # what an import opens
    assert _digest(path) == before
    wal = Path(f"{path}-wal")  # a reader of a WAL file may leave an empty one, never content
    assert not wal.exists() or wal.stat().st_size == 0


def test_list_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(tmp_path / "data"), "import-cdt", "--list"]) == 0
    assert "no CDT code set" in capsys.readouterr().out
    assert not (tmp_path / "data").exists()


def test_an_import_marks_the_file_and_the_window_opens_it_read_only(tmp_path: Path) -> None:
    with CodeSetStore(tmp_path) as store:
        store.save(parse_codeset([{"Code": "D3330"}], edition="2026", deleted={}), "x.txt")
    conn = sqlite3.connect(tmp_path / "codesets.sqlite")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == CODESETS_APPLICATION_ID
    conn.close()
    opened = CodeSetStore.open_existing(tmp_path)
    assert opened is not None
    with opened as store:
        assert store.lookup("D3330") is not None
        with pytest.raises(sqlite3.OperationalError):  # query_only: the window never writes
            store._conn.execute("DELETE FROM codes")


def test_a_code_set_file_from_before_the_identity_is_adopted(tmp_path: Path) -> None:
    from cdt_desktop.db.codesets import _SCHEMA

    conn = sqlite3.connect(tmp_path / "codesets.sqlite")
    conn.executescript(_SCHEMA)
    conn.execute("INSERT INTO codesets VALUES ('2025', 'old.txt', '2025-01-01', 1)")
    conn.execute("INSERT INTO codes VALUES ('2025', 'D3330', 'Molar', '', '')")
    conn.commit()
    conn.close()
    opened = CodeSetStore.open_existing(tmp_path)
    assert opened is not None
    with opened as store:
        assert store.editions()[0][0] == "2025"


def test_a_code_set_file_on_a_network_share_is_refused() -> None:
    with pytest.raises(UserFacingError, match="network"):
        CodeSetStore(Path("//server/share/cdt"))
