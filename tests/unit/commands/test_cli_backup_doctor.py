"""`cdt-desktop backup` and `cdt-desktop doctor` through the real dispatcher, on real files."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.commands import doctor
from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient

HAS_REFERENCE = importlib.util.find_spec("cdt_desktop.db.reference.library") is not None


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with CaseStore.open(folder) as store:
        store.create_case(Case(patient=Patient(name="Backup Person")), operator="AB")
    return folder


@pytest.fixture
def no_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case-store tests must not depend on the state of the shipped reference library."""
    monkeypatch.setattr(doctor, "_check_reference", lambda full, out, problems: None)


def test_backup_writes_a_file_and_audits_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backup.sqlite"
    code = cli.main(["--data-dir", str(data_dir), "backup", str(out), "--operator", "JD"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"backup written: {out}"
    raw = sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True)
    try:
        assert raw.execute("SELECT patient_name FROM cases").fetchall() == [("Backup Person",)]
    finally:
        raw.close()
    with CaseStore.open(data_dir) as store:
        entry = store.audit()[0]
    assert (entry.action, entry.operator, entry.detail) == ("backup", "JD", "backup.sqlite")


def test_backup_into_a_folder_picks_a_dated_name(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.main(["--data-dir", str(data_dir), "backup", str(folder)]) == 0
    written = Path(capsys.readouterr().out.strip().removeprefix("backup written: "))
    assert written.parent == folder and written.exists()


@pytest.mark.parametrize("target", ["existing", "no-folder"])
def test_backup_bad_destination_is_exit_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    out = tmp_path / "existing.sqlite"
    if target == "existing":
        out.write_bytes(b"keep me")
    else:
        out = tmp_path / "missing" / "x.sqlite"
    assert cli.main(["--data-dir", str(data_dir), "backup", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    if target == "existing":
        assert out.read_bytes() == b"keep me"


def test_backup_without_a_store_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-store"
    assert cli.main(["--data-dir", str(missing), "backup", str(tmp_path / "b.sqlite")]) == 1
    assert capsys.readouterr().err.startswith("error: No case store")
    assert not missing.exists() and not (tmp_path / "b.sqlite").exists()


def test_doctor_healthy_store(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    captured = capsys.readouterr()
    assert f"case store: {data_dir / 'cases.sqlite'}" in captured.out
    assert f"schema version: {SCHEMA_VERSION}" in captured.out
    assert "quick_check: ok" in captured.out and "integrity_check: ok" in captured.out
    assert "cases: 1" in captured.out
    assert "result: healthy" in captured.out
    assert captured.err == ""
    if os.name == "posix":
        assert "permissions: folder 0700, file 0600" in captured.out


def test_doctor_says_how_many_daily_backups_there_are_and_when_the_newest_was_made(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdt_desktop.services.backups import Backups

    cli.main(["--data-dir", str(data_dir), "doctor"])
    assert "daily backups: none yet" in capsys.readouterr().out
    with CaseStore.open(data_dir) as store:
        made = Backups(store).write_daily()
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "daily backups:" in x)
    stamp = datetime.fromtimestamp(made.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    assert line.strip() == f"daily backups: 1, the newest made {stamp} (in {made.parent})"


def test_doctor_without_store_says_so_and_creates_nothing(
    tmp_path: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Office walkthrough: a data folder that does not exist read "result: healthy"; an admin
    who typed the wrong folder was told all was well. No error (a new PC has no store yet)."""
    missing = tmp_path / "fresh"
    assert cli.main(["--data-dir", str(missing), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "not created yet" in out and "healthy" not in out
    assert "result: no case store here yet" in out and "data folder in use?" in out
    assert not missing.exists()


@pytest.mark.parametrize("damage", ["garbage", "empty", "foreign"])
def test_doctor_reports_a_damaged_store(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    path = data_dir / "cases.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if damage == "foreign":
        path.unlink()
        raw = sqlite3.connect(path)
        raw.execute("CREATE TABLE other (x)")
        raw.commit()
        raw.close()
    else:
        path.write_bytes(b"" if damage == "empty" else b"\x00garbage" * 1000)
    before = path.read_bytes()
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error:") and str(path) in captured.err
    assert "problem(s) found" in captured.out
    assert path.read_bytes() == before


def test_doctor_reports_loose_permissions(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """POSIX only: on Windows the per-user ACL of %LOCALAPPDATA% does this job."""
    (data_dir / "cases.sqlite").chmod(0o644)
    expected = 1 if os.name == "posix" else 0
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == expected
    if os.name == "posix":
        assert "readable by other users" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_folder_others_may_list_whose_files_are_private_is_a_note_not_a_problem(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-user walk: the README's `--data-dir /tmp/cdt-try`, the folder made first with mkdir
    (0755): the app used it, its files 0600, and doctor failed ("1 problem(s) found") on a
    folder whose files nobody else can read."""
    (data_dir / "cases.sqlite").chmod(0o600)
    data_dir.chmod(0o755)
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "can be listed by other users" in out and f"chmod 700 '{data_dir}'" in out


def test_doctor_does_not_upgrade_an_old_store(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "cases.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    assert "upgraded automatically on next start" in capsys.readouterr().out
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        raw.close()


def test_doctor_checks_the_reference_library(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A broken reference library is a problem, once `cdt_desktop.db.reference.library` exists."""
    broken = tmp_path / "cdt.sqlite"
    broken.write_bytes(b"not a library" * 100)
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(broken))
    code = cli.main(["--data-dir", str(data_dir), "doctor"])
    captured = capsys.readouterr()
    if HAS_REFERENCE:
        assert code == 1
        assert f"reference library: {broken}" in captured.out
        assert "error:" in captured.err and "reference library" in captured.err
    else:
        assert code == 0 and "reference library" not in captured.out


@pytest.mark.parametrize("read_only", ["daily", "backups"])
def test_doctor_reports_a_daily_backup_folder_it_cannot_write(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str], read_only: str
) -> None:
    """``backups/daily`` (or ``backups``, where it would be made) is read-only: the window
    cannot make its daily backup, and doctor says so with the folder and what to do."""
    from tests.helpers.disks import read_only_folder

    target = data_dir / "backups" / ("daily" if read_only == "daily" else "")
    with read_only_folder(target):
        assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 1
        captured = capsys.readouterr()
    assert "daily backup folder: NOT WRITABLE" in captured.out
    daily = data_dir / "backups" / "daily"
    assert f"error: the daily backup folder {daily} " in captured.err
    assert str(daily if read_only == "daily" else daily.parent) in captured.err
    assert "File > Back up cases" in captured.err and "writable" in captured.err


@pytest.mark.parametrize("chosen_by", ["--store", "CDT_DESKTOP_STORE", "the window's choice"])
def test_doctor_checks_the_server_store_in_use_not_the_unused_local_file(
    tmp_path: Path,
    pg_store_url: str,
    no_reference: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    chosen_by: str,
) -> None:
    """Two-PC walkthrough: `doctor` with --store (or the variable) pointing at the office's
    PostgreSQL server reported this PC's unused cases.sqlite ("not created yet ... result:
    healthy"): an administrator would believe the shared store was checked."""
    from urllib.parse import unquote, urlsplit

    from cdt_desktop.db.cases.url import save_url

    server = urlsplit(pg_store_url)
    folder = tmp_path / "pc1"
    args = ["--data-dir", str(folder)]
    if chosen_by == "--store":
        args += ["--store", pg_store_url]
    elif chosen_by == "CDT_DESKTOP_STORE":
        monkeypatch.setenv("CDT_DESKTOP_STORE", pg_store_url)
    else:
        password = server.password or ""  # never saved: libpq finds it (.pgpass, PGPASSWORD)
        save_url(pg_store_url.replace(f":{password}@", "@"), folder)  # as File > Case store...
        monkeypatch.setenv("PGPASSWORD", unquote(password))
    assert cli.main([*args, "doctor"]) == 0
    captured = capsys.readouterr()
    assert f"case store: server {server.hostname}:{server.port}{server.path}" in captured.out
    assert "check: ok" in captured.out and "result: healthy" in captured.out
    assert "cases.sqlite" not in captured.out and "not created yet" not in captured.out


def test_doctor_says_when_the_server_store_cannot_be_reached(
    tmp_path: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://cdt_app@127.0.0.1:{port}/cdt?connect_timeout=2"
    assert cli.main(["--data-dir", str(tmp_path / "pc1"), "--store", url, "doctor"]) == 1
    captured = capsys.readouterr()
    assert "1 problem(s) found" in captured.out
    assert captured.err.startswith("error: ") and "Traceback" not in captured.err


def test_doctor_names_users_who_share_initials_in_a_store_from_before(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # Walkthrough: Ada Admin and Andy Assistant were both "AA". The app refuses that now; a
    # store made before keeps its pair, and doctor names it (a note: the store is healthy).
    from cdt_desktop.domain.pins import hash_pin
    from cdt_desktop.domain.session import Role
    from tests.helpers.office import FAST

    with CaseStore.open(data_dir) as store:  # as the earlier version wrote them
        pin = hash_pin("482913", FAST)
        store.add_user("Ada Admin", "AA", Role.ADMIN, pin, operator="AA")
        store.add_user("Andy Assistant", "AA", Role.ASSISTANT, pin, operator="AA")
        store.add_user("Dr Diaz", "DD", Role.DENTIST, pin, operator="AA")
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "note: users sharing initials AA: Ada Admin, Andy Assistant: give one" in out
    assert "DD" not in out.split("note:", 1)[1]
    assert "result: healthy" in out


def test_doctor_names_the_log_folder(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The user guide says to send doctor's output and that an error's details go to the log;
    neither said where the log is (new-user walkthrough)."""
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert f"logs: {data_dir / 'logs'}" in out.splitlines()
    assert out.index("logs:") < out.index("result:")


def test_doctor_checks_the_licensed_code_set_too(
    data_dir: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Office walkthrough: doctor said nothing of codesets.sqlite, the imported CDT file the
    code detail and the yearly change read."""
    from cdt_desktop.db.cdt_file import parse_codeset
    from cdt_desktop.db.codesets import FILE_NAME, CodeSetStore

    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    assert "licensed code set" not in capsys.readouterr().out  # none imported: not named
    with CodeSetStore(data_dir) as store:
        rows = [{"Code": "D3330", "Descriptor": "Text."}, {"Code": "D3310", "Descriptor": "T."}]
        store.save(parse_codeset(rows, edition="2026", deleted={}), "cdt2026.txt")
        store.save(parse_codeset(rows[:1], edition="2027", deleted={}), "cdt2027.txt")
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert f"licensed code set: {data_dir / FILE_NAME}" in out
    assert "editions: CDT 2027 (1 code), CDT 2026 (2 codes)" in out
    assert out.count("quick_check: ok") == 2 and "result: healthy" in out  # the store's too
    (data_dir / FILE_NAME).write_bytes(b"not a database at all" * 100)
    assert cli.main(["--data-dir", str(data_dir), "doctor"]) == 1
    captured = capsys.readouterr()
    assert "licensed code set" in captured.out and "problem(s) found" in captured.out
    assert "error:" in captured.err
