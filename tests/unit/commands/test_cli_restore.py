"""`cdt-desktop restore`: the office manager puts a backup back, through the real dispatcher on
real SQLite files; what it replaces is kept, and the audit log says who and from which file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.stores import patient_names


def _case(store: CaseStore, name: str) -> int:
    return store.create_case(
        Case(patient=Patient(name=name), procedure=Procedure(code="D3330")), operator="AB"
    )


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, Path]:
    """A PC's data folder whose backup holds Zoë and Nguyễn; then Ann was added and Zoë ticked."""
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        _case(store, "Zoë")
        _case(store, "Nguyễn Văn An")
        backup = store.backup(tmp_path, operator="OM")
        _case(store, "Ann Added Later")
        store.tick(1, "consent", True, operator="AB")
    return data, backup


def test_a_backup_is_restored_and_what_it_replaced_is_kept(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, backup = office
    status = cli.main(["--data-dir", str(data), "restore", str(backup), "--operator", "OM",
                       "--yes"])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An"]
    [kept] = list((data / "backups" / "before-restore").glob("cases-*.sqlite"))
    assert patient_names(kept) == ["Zoë", "Nguyễn Văn An", "Ann Added Later"]
    assert f"restored 2 case(s) from {backup.name}" in out and str(kept) in out
    assert "sign-in: off, as before" in out
    with CaseStore.open(data) as store:
        last = store.audit()[0]
        assert (last.action, last.operator) == ("restore", "OM")
        assert backup.name in last.detail and kept.name in last.detail
        assert str(backup.parent) not in last.detail
        assert "consent" not in store.checks(1)  # the tick came after the backup
        assert store.verify_audit() == []


def test_a_restore_takes_the_office_s_payer_profiles_back_to_the_backup_s(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """What the question now says (office manager walk): a profile saved after the backup is
    gone once it is restored; the copy kept before the restore still has it."""
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.services.payers import PayerDirectory

    data, backup = office
    with CaseStore.open(data) as store:
        PayerDirectory((), store).save(
            PayerProfile(id="sunrise", name="Sunrise Dental", window_days=60), operator="OM"
        )
    assert cli.main(["--data-dir", str(data), "restore", str(backup), "--operator", "OM",
                     "--yes"]) == 0  # fmt: skip
    with CaseStore.open(data) as store:
        assert PayerDirectory((), store).office() == ()
    [kept] = list((data / "backups" / "before-restore").glob("cases-*.sqlite"))
    with CaseStore.open_file(kept, create=False) as store:
        assert [p.name for p in PayerDirectory((), store).office()] == ["Sunrise Dental"]


def test_without_yes_and_no_terminal_nothing_is_replaced(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, backup = office
    status = cli.main(["--data-dir", str(data), "restore", str(backup), "--operator", "OM"])
    assert status == 2 and "--yes" in capsys.readouterr().err
    assert len(patient_names(data / "cases.sqlite")) == 3
    assert not (data / "backups" / "before-restore").exists()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100), "it is damaged"),
        (lambda p: p.write_text("not a database"), "it is not a database file"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.close(),
         "another program's database"),
    ],
    ids=["truncated", "text", "another-app's-database"],
)  # fmt: skip
def test_a_file_that_is_no_backup_of_ours_is_refused_and_nothing_changes(
    office: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], make, says: str
) -> None:
    data, _ = office
    bad = tmp_path / "bad.sqlite"
    make(bad)
    status = cli.main(["--data-dir", str(data), "restore", str(bad), "--operator", "OM", "--yes"])
    err = capsys.readouterr().err
    assert status == 2 and says in err and err.count("\n") == 1
    assert "cannot be restored" in err and "choose another backup" in err
    assert "move it aside" not in err and "--data-dir" not in err  # advice about a case store
    assert len(patient_names(data / "cases.sqlite")) == 3


def test_the_store_itself_and_a_server_store_are_refused(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, backup = office
    itself = str(data / "cases.sqlite")
    assert cli.main(["--data-dir", str(data), "restore", itself, "--operator", "OM",
                     "--yes"]) == 2  # fmt: skip
    assert "is the case store itself" in capsys.readouterr().err
    status = cli.main(["--store", "postgresql://office-pc/cdt", "restore", str(backup), "--yes",
                       "--operator", "OM"])  # fmt: skip
    assert status == 2 and "pg_restore" in capsys.readouterr().err


def test_a_backup_from_an_older_version_is_restored_and_upgraded(
    office: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
    from tests.unit.db.cases.test_migrations import _v1_store

    data, _ = office
    old = _v1_store(tmp_path / "first-release")
    status = cli.main(["--data-dir", str(data), "restore", str(old), "--operator", "OM", "--yes"])
    assert status == 0, capsys.readouterr().err
    with CaseStore.open(data) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [s.patient_name for s in store.list_cases()] == ["Nguyễn Văn An"]
        assert store.checks(1)["consent"].checked
        assert store.audit()[0].action == "restore" and store.verify_audit() == []
    assert patient_names(old) == ["Nguyễn Văn An"]  # the backup itself is left as it was


def test_where_sign_in_is_on_only_an_admin_restores(
    office: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdt_desktop.commands import signin
    from cdt_desktop.domain.session import Role
    from cdt_desktop.services.auth import AuthService
    from tests.helpers.office import FAST, PINS

    data, backup = office
    with CaseStore.open(data) as store:
        auth = AuthService(store, params=FAST)
        auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
        auth.add_user("Maria Ruiz", Role.ASSISTANT, PINS["Maria Ruiz"])
    pins = iter([PINS["Maria Ruiz"], PINS["Ana Admin"]])
    monkeypatch.setattr(signin.PinReader, "read", lambda self, prompt: next(pins))
    argv = ["--data-dir", str(data), "restore", str(backup), "--yes", "--user"]
    assert cli.main([*argv, "Maria Ruiz"]) == 1  # refused, as every permission is
    assert "admin" in capsys.readouterr().err
    assert len(patient_names(data / "cases.sqlite")) == 3
    assert cli.main([*argv, "Ana Admin"]) == 0
    out = capsys.readouterr().out
    assert "sign-in is now OFF" in out and "users add" in out  # the backup predates the users
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An"]
    with CaseStore.open(data) as store:  # the backup predates the users: who restored is kept
        assert (store.audit()[0].action, store.audit()[0].operator) == ("restore", "AA")


def test_a_backup_on_the_office_share_is_restored_from_a_local_copy(
    office: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The user guide sends the office manager's backups to the office's backup share; restoring
    one from there was refused as "a case store on a network share" (keep the case store on this
    computer's own disk), so the file had to be copied by hand first. A ``//server/share`` path
    is a network path (on Linux ``//tmp/...`` is also the local /tmp, so the test can read it)."""
    data, backup = office
    on_share = "/" + str(backup)  # //tmp/...: the UNC form
    status = cli.main(["--data-dir", str(data), "restore", on_share, "--operator", "OM",
                       "--yes"])  # fmt: skip
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An"]
    assert backup.exists() and patient_names(backup) == ["Zoë", "Nguyễn Văn An"]  # the share's file
    assert [p.name for p in data.iterdir() if p.name.startswith(".restore")] == []
    with CaseStore.open(data) as store:
        assert backup.name in store.audit()[0].detail


def test_the_terminal_question_says_when_the_backup_was_made_and_what_is_undone(
    office: tuple[Path, Path],
) -> None:
    # The window's question names the backup's age and says changes since are undone; the
    # command line's asked "Replace the 3 case(s) ... ?" without either (walkthrough). A real
    # terminal (a pseudo-terminal), answered No: nothing replaced.
    import os
    import subprocess
    import sys

    data, backup = office
    main, child = os.openpty()
    command = [sys.executable, "-m", "cdt_desktop", "--data-dir", str(data), "restore",
               str(backup), "--operator", "OM"]  # fmt: skip
    with subprocess.Popen(command, stdin=child, stdout=child, stderr=child) as proc:
        os.close(child)
        said = b""
        while b"[y/N]" not in said:
            chunk = os.read(main, 4096)
            assert chunk, said
            said += chunk
        os.write(main, b"n\n")
        proc.wait(timeout=60)
    os.close(main)
    question = said.decode("utf-8", "replace")
    assert f"of {backup.name} (made " in question and "ago)?" in question
    assert "Every change made since that backup is undone, the payer profiles too" in question
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An", "Ann Added Later"]
