"""Broken files on disk: case store, reference library, code sets, imports, backups, the GUI start.

docs/design-rules.md, Bad input: a clear message naming the file, and the file left byte-identical
(sha256 before and after); never an empty store written over a damaged one. Tests run as root here,
so a read-only folder is simulated (an unwritable backup folder via a refused SQLite open, the
store's own ``read_only`` flag) rather than made with chmod, which root ignores.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import STORE_FILE_NAME, CaseStore
from cdt_desktop.domain.cases.model import Case
from tests.helpers import REPO_ROOT

REPO = REPO_ROOT
CASE_JSON = (REPO / "tests" / "fixtures" / "case_d3330.json").read_text(encoding="utf-8")
REFERENCE = REPO / "data" / "cdt.sqlite"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_store(folder: Path) -> Path:
    with CaseStore.open(folder, create=True) as store:
        store.create_case(Case.from_json(CASE_JSON), operator="ab")
    backup = folder.parent / f"{folder.name}-clean.sqlite"
    with CaseStore.open(folder) as store:
        store.backup(backup)
    return backup


def _garbage(path: Path, clean: Path) -> None:
    path.write_bytes(os.urandom(40_000))


def _zero(path: Path, clean: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path, clean: Path) -> None:
    path.write_bytes(clean.read_bytes()[:20_000])


def _truncated_header(path: Path, clean: Path) -> None:
    path.write_bytes(clean.read_bytes()[:50])


def _text(path: Path, clean: Path) -> None:
    path.write_text("hello, I am a text file\n", encoding="utf-8")


def _foreign(path: Path, clean: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _reference_library(path: Path, clean: Path) -> None:
    path.write_bytes(REFERENCE.read_bytes())


def _newer(path: Path, clean: Path) -> None:
    path.write_bytes(clean.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def _mid_garbage(path: Path, clean: Path) -> None:
    data = bytearray(clean.read_bytes())
    data[8192:16384] = os.urandom(8192)
    path.write_bytes(bytes(data))


def _folder(path: Path, clean: Path) -> None:
    path.mkdir()


BROKEN_STORES: list[tuple[str, Callable[[Path, Path], None], str]] = [
    ("garbage", _garbage, "not a database"),
    ("zero-bytes", _zero, "empty (0 bytes)"),
    ("truncated", _truncated, "damaged"),
    ("truncated-header", _truncated_header, "truncated"),
    ("text", _text, "not a database"),
    ("foreign", _foreign, "another program"),
    ("reference-library", _reference_library, "another program"),
    ("newer-schema", _newer, "newer"),
    ("mid-file-garbage", _mid_garbage, "damaged"),
    ("a-folder", _folder, "not a regular file"),
]


@pytest.fixture
def clean_store(tmp_path: Path) -> Path:
    return good_store(tmp_path / "seed")


def _broken(tmp_path: Path, clean: Path, make: Callable[[Path, Path], None]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    make(folder / STORE_FILE_NAME, clean)
    return folder


def _fingerprint(folder: Path) -> tuple[str, list[str]]:
    store = folder / STORE_FILE_NAME
    return (sha(store) if store.is_file() else "dir"), sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("make", "expected"), [b[1:] for b in BROKEN_STORES], ids=[b[0] for b in BROKEN_STORES]
)
@pytest.mark.parametrize("command", ["doctor", "backup"])
def test_broken_case_store_is_named_and_left_byte_identical(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clean_store: Path,
    make: Callable[[Path, Path], None],
    expected: str,
    command: str,
) -> None:
    folder = _broken(tmp_path, clean_store, make)
    before = _fingerprint(folder)
    argv = ["--data-dir", str(folder), command]
    if command == "backup":
        argv.append(str(tmp_path / "out.sqlite"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    assert str(folder / STORE_FILE_NAME) in err
    assert expected in err
    assert _fingerprint(folder) == before
    assert not (tmp_path / "out.sqlite").exists()


@pytest.mark.parametrize(
    ("make", "expected"), [b[1:] for b in BROKEN_STORES], ids=[b[0] for b in BROKEN_STORES]
)
def test_broken_case_store_never_gets_overwritten_by_opening(
    tmp_path: Path, clean_store: Path, make: Callable[[Path, Path], None], expected: str
) -> None:
    """What the window does at start (CaseStore.open with create=True), in-process."""
    from cdt_desktop.core.errors import UserFacingError

    folder = _broken(tmp_path, clean_store, make)
    before = _fingerprint(folder)
    for read_only in (False, True):
        with pytest.raises(UserFacingError) as raised:
            CaseStore.open(folder, create=True, read_only=read_only)
        assert expected in str(raised.value)
    assert _fingerprint(folder) == before


# -- backups ------------------------------------------------------------------------------------
def test_backup_refuses_existing_files_and_the_live_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    good_store(folder)
    live = folder / STORE_FILE_NAME
    other = tmp_path / "notes.txt"
    other.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.sqlite"
    link.symlink_to(live)
    before = sha(live)
    for target in (
        live,
        Path(f"{live}-wal"),
        folder / ".." / "data" / STORE_FILE_NAME,
        link,
        other,
    ):
        code = cli.main(["--data-dir", str(folder), "backup", str(target)])
        err = capsys.readouterr().err
        assert code in (1, 2) and err.startswith("error: ") and err.count("\n") == 1, err
        assert "already exists" in err or "over the live case store" in err
    assert sha(live) == before and other.read_text(encoding="utf-8") == "keep me"


def test_backup_into_an_unwritable_folder_says_so_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder, simulated: SQLite cannot create the temporary backup file."""
    folder = tmp_path / "data"
    good_store(folder)
    target_dir = tmp_path / "readonly"
    target_dir.mkdir()
    real_connect = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(database).startswith(str(target_dir)):
            return real_connect("file:/nonexistent-dir/x.sqlite?mode=rw", uri=True)
        return real_connect(database, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(sqlite3, "connect", connect)
    code = cli.main(["--data-dir", str(folder), "backup", str(target_dir / "b.sqlite")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1, err
    assert f"the folder {target_dir} is not writable" in err
    assert list(target_dir.iterdir()) == []


def test_backup_of_a_missing_store_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = cli.main(["--data-dir", str(tmp_path / "none"), "backup", str(tmp_path / "b.sqlite")])
    assert code == 1 and "No case store" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- reference library -------------------------------------------------------------------------
def _ref_newer(path: Path) -> None:
    path.write_bytes(REFERENCE.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()


def _ref_mid_garbage(path: Path) -> None:
    data = bytearray(REFERENCE.read_bytes())
    data[100_000:150_000] = os.urandom(50_000)
    path.write_bytes(bytes(data))


BROKEN_REFERENCES: list[tuple[str, Callable[[Path], object], str]] = [
    ("garbage", lambda p: p.write_bytes(os.urandom(3000)), "not a SQLite database"),
    ("zero-bytes", lambda p: p.write_bytes(b""), "file is empty"),
    ("truncated", lambda p: p.write_bytes(REFERENCE.read_bytes()[:5000]), "damaged"),
    ("foreign", lambda p: _foreign(p, p), "not a CDT Companion reference library"),
    ("newer-schema", _ref_newer, "newer version"),
    ("mid-file-garbage", _ref_mid_garbage, "damaged"),
]


@pytest.mark.parametrize(
    ("make", "expected"), [b[1:] for b in BROKEN_REFERENCES], ids=[b[0] for b in BROKEN_REFERENCES]
)
@pytest.mark.parametrize(
    "command", [["doctor", "--full"], ["search", "root"]], ids=["doctor", "search"]
)
def test_broken_reference_library_is_named_and_left_byte_identical(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], object],
    expected: str,
    command: list[str],
) -> None:
    library = tmp_path / "cdt.sqlite"
    make(library)
    before = sha(library)
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(library))
    code = cli.main(["--data-dir", str(tmp_path / "data"), *command])
    err = capsys.readouterr().err
    assert code == 1
    assert f"reference library {library}" in err and expected in err
    assert "Traceback" not in err and "internal error" not in err
    assert sha(library) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdt.sqlite"]  # nothing created


def test_suggest_and_remark_still_work_without_a_reference_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "cdt.sqlite"
    library.write_bytes(os.urandom(3000))
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(library))
    assert cli.main(["suggest", "--tooth", "19", "--pulp", "necrosis"]) == 0
    case = tmp_path / "case.json"
    case.write_text(CASE_JSON, encoding="utf-8")
    assert cli.main(["narrative", str(case), "--remark"]) == 0
    assert capsys.readouterr().err == ""


# -- import-cdt ---------------------------------------------------------------------------------
def _xlsx_without_sheets(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x", "y")


IMPORT_FILES: list[tuple[str, Callable[[Path], object], str]] = [
    ("random.txt", lambda p: p.write_bytes(os.urandom(5000) + b"\x81\x8d"), "not a text file"),
    ("empty.txt", lambda p: p.write_bytes(b""), "nothing to import"),
    ("fake.xlsx", lambda p: p.write_bytes(os.urandom(3000)), "not a readable XLSX"),
    ("zipish.xlsx", lambda p: p.write_bytes(b"PK\x03\x04garbage"), "not a readable XLSX"),
    ("nosheet.xlsx", _xlsx_without_sheets, "not a readable XLSX"),
    ("header.txt", lambda p: p.write_text("code\tnomenclature\n", encoding="utf-8"), "nothing"),
    ("nocode.csv", lambda p: p.write_text("a,b\nx,y\n", encoding="utf-8"), "no code column"),
    # office walkthrough: the row with the open quote was "accepted", the rows after it gone
    # into its cell without a word
    ("unclosed.csv", lambda p: p.write_text('Code,Descriptor\nD3310,"ok, fine"\nD3320,"zz\n'
                                            "D3330,x\n", encoding="utf-8"),
     "cannot be read as CSV: a quote opened on line 3 is never closed"),
    ("huge-cell.csv", lambda p: p.write_text("code,name\nD3330," + "x" * 200_000 + "\n",
                                             encoding="utf-8"), "cannot be read as CSV"),
    ("wide.csv", lambda p: p.write_text(",".join(f"c{i}" for i in range(5000)) + "\n",
                                        encoding="utf-8"), "more than 64 columns"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "expected"), [f[1:] for f in IMPORT_FILES], ids=[f[0] for f in IMPORT_FILES]
)
def test_import_cdt_with_garbage_files_is_one_error_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    make: Callable[[Path], object],
    expected: str,
    request: pytest.FixtureRequest,
) -> None:
    name = request.node.callspec.id
    source = tmp_path / name
    make(source)
    code = cli.main(["--data-dir", str(tmp_path / "data"), "import-cdt", str(source), "--edition",
                     "2026"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.splitlines()[-1].startswith("error: ") and expected in err
    assert "internal error" not in err
    assert not (tmp_path / "data" / "codesets.sqlite").exists() or name.endswith("txt")


def test_import_cdt_ignores_cells_beyond_the_header(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, text in (("extra.csv", "code,name\nD3330,a,b,c\nD3310\n"),
                       ("extra.txt", "code\tname\nD3330\ta\tb\n")):  # fmt: skip
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        code = cli.main(["--data-dir", str(tmp_path / "d"), "import-cdt", str(source),
                         "--edition", "2026", "--dry-run"])  # fmt: skip
        assert code == 0, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert "1 code accepted, 1 row rejected" in out  # D3330 (extra cells ignored); D3310
    assert "1 code accepted, 0 rows rejected" in out
    assert "row 3: D3310 has no nomenclature (its name)" in err  # its row ends at the code


@pytest.mark.parametrize("content", [b"garbage" * 2000, b"SQLite format 3\x00" + b"\x00" * 30])
def test_damaged_code_set_file_is_named_and_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    codesets = folder / "codesets.sqlite"
    codesets.write_bytes(content)
    assert cli.main(["--data-dir", str(folder), "import-cdt", "--list"]) == 1
    err = capsys.readouterr().err
    assert f"code set file {codesets}" in err and err.count("\n") == 1
    assert codesets.read_bytes() == content


def test_data_folder_under_a_file_is_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("x", encoding="utf-8")
    assert cli.main(["--data-dir", str(a_file / "sub"), "import-cdt", "--list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot use the data folder") and err.count("\n") == 1


# -- the GUI start ------------------------------------------------------------------------------
GUI_SCRIPT = """
import sys
from cdt_desktop import app
from cdt_desktop.ui.common import msgbox
shown = []
msgbox.show_error = lambda parent, title, text: shown.append((title, text))
status = app.main(data_dir=sys.argv[1])
for title, text in shown:
    print("DIALOG", title, "|", text)
sys.exit(status)
"""


def _start_gui(tmp_path: Path, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", GUI_SCRIPT, str(data_dir)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), **env},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("make", "expected"),
    [b[1:] for b in BROKEN_REFERENCES[:3]],
    ids=[b[0] for b in BROKEN_REFERENCES[:3]],
)
def test_gui_with_a_broken_reference_library_shows_one_dialog_and_exits_1(
    tmp_path: Path, make: Callable[[Path], object], expected: str
) -> None:
    library = tmp_path / "cdt.sqlite"
    make(library)
    before = sha(library)
    done = _start_gui(tmp_path, tmp_path / "data", CDT_DESKTOP_REFERENCE_DB=str(library))
    assert done.returncode == 1, done.stderr
    dialogs = [line for line in done.stdout.splitlines() if line.startswith("DIALOG")]
    assert len(dialogs) == 1 and "cannot start" in dialogs[0]
    assert str(library) in dialogs[0] and expected in dialogs[0]
    assert "Traceback" not in done.stderr
    assert sha(library) == before


@pytest.mark.parametrize(
    ("make", "expected"),
    [b[1:] for b in BROKEN_STORES if b[0] in ("garbage", "zero-bytes", "newer-schema", "foreign")],
    ids=["garbage", "zero-bytes", "foreign", "newer-schema"],
)
def test_gui_with_a_broken_case_store_shows_one_dialog_and_keeps_the_file(
    tmp_path: Path, clean_store: Path, make: Callable[[Path, Path], None], expected: str
) -> None:
    folder = _broken(tmp_path, clean_store, make)
    before = sha(folder / STORE_FILE_NAME)
    done = _start_gui(tmp_path, folder)
    assert done.returncode == 1, done.stderr
    dialogs = [line for line in done.stdout.splitlines() if line.startswith("DIALOG")]
    assert len(dialogs) == 1 and "cannot start" in dialogs[0]
    assert str(folder / STORE_FILE_NAME) in dialogs[0] and expected in dialogs[0]
    assert "Traceback" not in done.stderr
    assert sha(folder / STORE_FILE_NAME) == before
