"""`cdt-desktop users ...` and `--user` through the real dispatcher, PINs from stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore

ADMIN_PIN, MARIA_PIN = "482913", "730184"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def office(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    assert run(data_dir, capsys, monkeypatch, "users", "add", "Ana Admin", "--role", "admin",
               stdin=f"{ADMIN_PIN}\n")[0] == 0  # fmt: skip
    code, out, err = run(
        data_dir, capsys, monkeypatch, "users", "add", "Maria Ruiz", "--role", "assistant",
        "--user", "Ana Admin", stdin=f"{ADMIN_PIN}\n{MARIA_PIN}\n",
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == "added Maria Ruiz (MR), assistant"
    return data_dir


def test_empty_store_lists_no_users(data_dir, capsys, monkeypatch) -> None:
    code, out, _ = run(data_dir, capsys, monkeypatch, "users", "list")
    assert code == 0 and "sign-in is off" in out


def test_first_user_must_be_admin(data_dir, capsys, monkeypatch) -> None:
    code, _, err = run(data_dir, capsys, monkeypatch, "users", "add", "Dr Diaz", "--role",
                       "dentist", stdin=f"{ADMIN_PIN}\n")  # fmt: skip
    assert code == 2 and err.startswith("error: the first user of a store is its admin")


def test_first_admin_turns_sign_in_on(office, capsys, monkeypatch) -> None:
    code, out, _ = run(office, capsys, monkeypatch, "users", "list", "--json", "--user",
                       "Ana Admin", stdin=f"{ADMIN_PIN}\n")  # fmt: skip
    assert code == 0
    users = json.loads(out)
    assert [(u["name"], u["role"], u["active"]) for u in users] == [
        ("Ana Admin", "admin", True),
        ("Maria Ruiz", "assistant", True),
    ]


def test_users_need_an_admin_once_sign_in_is_on(office, capsys, monkeypatch) -> None:
    code, _, err = run(office, capsys, monkeypatch, "users", "list")
    assert code == 2 and "--user NAME" in err
    code, _, err = run(office, capsys, monkeypatch, "users", "add", "Eve", "--role", "admin",
                       "--user", "Maria Ruiz", stdin=f"{MARIA_PIN}\n660431\n")  # fmt: skip
    assert code == 1
    assert err.strip() == (
        "error: Managing users needs the admin role; you are signed in as assistant."
    )


def test_wrong_admin_pin_is_refused_and_never_echoed(office, capsys, monkeypatch) -> None:
    code, out, err = run(office, capsys, monkeypatch, "users", "disable", "Maria Ruiz",
                         "--user", "Ana Admin", stdin="999999\n")  # fmt: skip
    assert code == 1 and err.startswith("error: Wrong PIN for Ana Admin")
    assert "999999" not in out + err


def test_disable_then_the_user_cannot_sign_in(office, capsys, monkeypatch) -> None:
    code, out, _ = run(office, capsys, monkeypatch, "users", "disable", "Maria Ruiz", "--user",
                       "Ana Admin", stdin=f"{ADMIN_PIN}\n")  # fmt: skip
    assert code == 0 and out.strip() == "Maria Ruiz is disabled"
    code, _, err = run(office, capsys, monkeypatch, "users", "set-pin", "Maria Ruiz", "--user",
                       "Maria Ruiz", stdin=f"{MARIA_PIN}\n551207\n")  # fmt: skip
    assert code == 1 and "disabled" in err


def test_user_sets_her_own_pin(office, capsys, monkeypatch) -> None:
    code, out, _ = run(office, capsys, monkeypatch, "users", "set-pin", "maria ruiz", "--user",
                       "Maria Ruiz", stdin=f"{MARIA_PIN}\n551207\n")  # fmt: skip
    assert code == 0 and out.strip() == "PIN set for Maria Ruiz"
    code, _, _ = run(office, capsys, monkeypatch, "users", "list", "--user", "Maria Ruiz",
                     stdin="551207\n")  # fmt: skip
    assert code == 1  # signed in with the new PIN, but listing users is for admins


def test_weak_new_pin_is_refused(office, capsys, monkeypatch) -> None:
    code, _, err = run(office, capsys, monkeypatch, "users", "set-pin", "Maria Ruiz", "--user",
                       "Ana Admin", stdin=f"{ADMIN_PIN}\n123456\n")  # fmt: skip
    assert code == 2 and "run of digits" in err and "123456" not in err


def test_pin_is_never_an_argument(office, capsys, monkeypatch) -> None:
    with pytest.raises(SystemExit) as exited:
        run(office, capsys, monkeypatch, "users", "list", "--user", "Ana Admin", "--pin", ADMIN_PIN)
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("error: unrecognized arguments")


def test_missing_pin_on_stdin(office, capsys, monkeypatch) -> None:
    code, _, err = run(office, capsys, monkeypatch, "users", "list", "--user", "Ana Admin")
    assert code == 2 and err.startswith("error: no PIN on stdin")


def test_a_command_without_user_is_told_to_give_one(office, capsys, monkeypatch) -> None:
    """Tour3: 'users list' without --user said "(--operator no longer works)", an option the
    admin had not typed; it names whose name to give, and the --operator hint is for those who
    typed it."""
    code, _, err = run(office, capsys, monkeypatch, "users", "list")
    assert code == 2
    assert (
        err == "error: this case store has users: give --user NAME (a user with the admin role)\n"
    )


def test_backup_needs_a_user_once_sign_in_is_on(office, tmp_path, capsys, monkeypatch) -> None:
    out_file = tmp_path / "b.sqlite"
    code, _, err = run(office, capsys, monkeypatch, "backup", str(out_file), "--operator", "JD")
    assert code == 2 and "--operator no longer works" in err
    code, _, err = run(office, capsys, monkeypatch, "backup", str(out_file), "--user",
                       "Maria Ruiz", stdin=f"{MARIA_PIN}\n")  # fmt: skip
    assert code == 1 and "admin role" in err and not out_file.exists()
    code, _, _ = run(office, capsys, monkeypatch, "backup", str(out_file), "--user", "Ana Admin",
                     stdin=f"{ADMIN_PIN}\n")  # fmt: skip
    assert code == 0 and out_file.exists()
    with CaseStore.open(office) as store:
        admin = store.find_user("Ana Admin")
        assert admin is not None
        backup = next(r for r in store.audit_trail() if r.action == "backup")
        assert (backup.operator, backup.user_id) == ("AA", admin.id)


def test_case_commands_take_user_and_pin_once_sign_in_is_on(
    office, tmp_path, capsys, monkeypatch
) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(
        '{"patient": {"name": "Zoë"}, "procedure": {"code": "D3330", "tooth": "19"}}',
        encoding="utf-8",
    )
    code, _, err = run(office, capsys, monkeypatch, "cases", "import", str(case_file),
                       "--operator", "MR")  # fmt: skip
    assert code == 2 and "--operator no longer works" in err
    code, out, err = run(office, capsys, monkeypatch, "cases", "import", str(case_file),
                         "--user", "Maria Ruiz", "--json", stdin=f"{MARIA_PIN}\n")  # fmt: skip
    assert code == 0, err
    case_id = json.loads(out)["id"]
    code, _, err = run(office, capsys, monkeypatch, "cases", "export", str(case_id),
                       "--user", "Maria Ruiz", stdin=f"{MARIA_PIN}\n")  # fmt: skip
    assert code == 1 and "Exporting a case file needs the billing or admin role" in err
    with CaseStore.open(office) as store:
        maria = store.find_user("Maria Ruiz")
        assert maria is not None
        created = [r for r in store.audit_trail(case_id=case_id) if r.action == "import"]
        assert [(r.operator, r.user_id) for r in created] == [("MR", maria.id)]


def test_case_commands_keep_operator_without_users(data_dir, tmp_path, capsys, monkeypatch):
    case_file = tmp_path / "case.json"
    case_file.write_text('{"patient": {"name": "Zoë"}}', encoding="utf-8")
    code, _, err = run(data_dir, capsys, monkeypatch, "cases", "import", str(case_file),
                       "--operator", "MR")  # fmt: skip
    assert code == 0, err
    code, _, err = run(data_dir, capsys, monkeypatch, "cases", "import", str(case_file))
    assert code == 2 and "--operator" in err
