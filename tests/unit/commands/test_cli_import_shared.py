"""`cdt-desktop import-cdt` on the office's PostgreSQL case store: imported once, seen by every
workstation; the chair may not import; this PC's own code set can be shared (`--upload-local`,
`store migrate`), never silently lost. On a one-PC SQLite office the import stays in this PC's
file and is audited in its case store. Made-up practice text, never ADA text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from tests.helpers.office import FAST

FILE_2026 = "Code\tNomenclature\tDescriptor\nD3330\tMolar RCT (practice)\tPractice text M\n"
FILE_2027 = FILE_2026 + "D0461\tCrack test (practice)\tPractice text C\n"


@pytest.fixture
def server(pg_store_url: str) -> str:
    return pg_store_url


def _file(tmp_path: Path, text: str, edition: str) -> str:
    path = tmp_path / f"CDT{edition}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*argv: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(list(argv))


def test_one_import_on_the_server_is_seen_by_every_workstation(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc1, pc2 = tmp_path / "pc1", tmp_path / "pc2"
    source = _file(tmp_path, FILE_2026, "2026")
    assert _run("--data-dir", str(pc1), "--store", server, "import-cdt", source,
                "--edition", "2026") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "saved as the CDT 2026 code set on the office server 127.0.0.1" in out
    assert not (pc1 / "codesets.sqlite").exists()  # the server holds it, not this PC
    assert _run("--data-dir", str(pc2), "--store", server, "import-cdt", "--list") == 0
    assert " by cli (the office server 127.0.0.1" in capsys.readouterr().out
    assert _run("--store", server, "store", "check") == 0
    assert "  CDT code set: CDT 2026 (1 codes)\n" in capsys.readouterr().out
    with open_repository(server) as store:
        shared = store.code_sets()
        assert shared is not None and shared.descriptor("D3330") is not None
        assert [(e.operator, e.action, e.detail) for e in store.audit()] == [
            ("cli", "cdt-import", "CDT 2026: 1 codes")
        ]


def test_the_chair_may_not_import_and_billing_may(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    with open_repository(server) as store:
        auth = AuthService(store, params=FAST)  # type: ignore[arg-type]
        auth.create_first_admin("Ana Admin", "482913")
        auth.add_user("Maria Ruiz", Role.ASSISTANT, "730184")
        auth.add_user("Bea Billing", Role.BILLING, "916420")
    source = _file(tmp_path, FILE_2026, "2026")
    argv = ("--store", server, "import-cdt", source, "--edition", "2026")
    assert _run(*argv, monkeypatch=monkeypatch) == 2  # no --user
    assert "give --user NAME (a user with the billing or admin role)" in capsys.readouterr().err
    assert _run(*argv, "--user", "Maria Ruiz", stdin="730184\n", monkeypatch=monkeypatch) == 1
    refused = capsys.readouterr()
    assert "needs the billing or admin role" in refused.err
    assert "accepted" not in refused.out + refused.err  # tour10: the count came first
    assert _run(*argv, "--user", "Bea Billing", stdin="916420\n", monkeypatch=monkeypatch) == 0
    # review: a thinner file for the year told the assistant to add --replace before it said
    # she may not import at all
    thin = str(tmp_path / "thin2026.txt")
    Path(thin).write_text("Code\nD3330\n", encoding="utf-8")
    capsys.readouterr()
    again = ("--store", server, "import-cdt", thin, "--edition", "2026", "--user", "Maria Ruiz")
    assert _run(*again, stdin="730184\n", monkeypatch=monkeypatch) == 1
    refused = capsys.readouterr()
    assert "needs the billing or admin role" in refused.err and "--replace" not in refused.err
    assert "note:" not in refused.out
    with open_repository(server) as store:
        imports = [(e.operator, e.action) for e in store.audit() if e.action == "cdt-import"]
        assert imports == [("BB", "cdt-import")]
        shared = store.code_sets()
        assert shared is not None and [e[0] for e in shared.editions()] == ["2026"]


def test_this_pcs_own_code_set_is_listed_and_uploaded_never_replacing_the_servers(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    assert (
        _run(
            "--data-dir",
            str(pc),
            "import-cdt",
            _file(tmp_path, FILE_2026, "2026"),
            "--edition",
            "2026",
        )
        == 0
    )  # fmt: skip  (one PC, before the server)
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt",
                _file(tmp_path, FILE_2027, "2027"), "--edition", "2027") == 0  # fmt: skip
    capsys.readouterr()
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", "--list") == 0
    listed = capsys.readouterr().out
    assert "CDT 2027: 2 codes, imported" in listed
    assert "CDT 2026: 1 code on this PC only (--upload-local shares it)" in listed
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", "--upload-local") == 0
    assert "uploaded to the office server" in capsys.readouterr().out
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", "--upload-local") == 0
    assert "nothing (the server has every edition)" in capsys.readouterr().out
    with open_repository(server) as store:
        shared = store.code_sets()
        assert shared is not None
        assert [(e[0], e[2]) for e in shared.editions()] == [("2027", 2), ("2026", 1)]
        assert [e.action for e in store.audit()][:2] == ["cdt-upload", "cdt-import"]


def test_store_migrate_brings_this_pcs_code_set_to_the_server(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    assert _run("--data-dir", str(pc), "import-cdt", _file(tmp_path, FILE_2026, "2026"),
                "--edition", "2026") == 0  # fmt: skip
    with open_repository(None, data_dir=pc):
        pass  # this PC's case store, beside its code set
    source = f"sqlite:///{(pc / 'cases.sqlite').as_posix().lstrip('/')}"
    assert _run("store", "migrate", "--from", source, "--to", server) == 0
    assert "copied the CDT code set: CDT 2026" in capsys.readouterr().out
    with open_repository(server) as store:
        shared = store.code_sets()
        assert shared is not None and [e[0] for e in shared.editions()] == ["2026"]


def test_a_one_pc_office_keeps_its_code_set_in_its_own_file_and_audits_the_import(
    tmp_path: Path,
) -> None:
    pc = tmp_path / "pc"
    with open_repository(None, data_dir=pc):
        pass
    assert _run("--data-dir", str(pc), "import-cdt", _file(tmp_path, FILE_2026, "2026"),
                "--edition", "2026", "--operator", "OM") == 0  # fmt: skip
    assert (pc / "codesets.sqlite").is_file()
    with open_repository(None, data_dir=pc) as store:
        assert [(e.operator, e.action, e.detail) for e in store.audit()] == [
            ("OM", "cdt-import", "CDT 2026: 1 codes")
        ]


def _sqlite_url(pc: Path) -> str:
    return f"sqlite:///{(pc / 'cases.sqlite').as_posix().lstrip('/')}"


def test_store_migrate_back_to_one_pc_brings_the_offices_code_set_to_that_pc(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An office leaving its server for one PC keeps the editions it imported there: without
    them the code detail shows no licensed descriptor and the case list loses its marks."""
    assert _run("--store", server, "import-cdt", _file(tmp_path, FILE_2026, "2026"),
                "--edition", "2026") == 0  # fmt: skip
    assert _run("--store", server, "import-cdt", _file(tmp_path, FILE_2027, "2027"),
                "--edition", "2027") == 0  # fmt: skip
    pc = tmp_path / "pc"
    capsys.readouterr()
    assert _run("store", "migrate", "--from", server, "--to", _sqlite_url(pc)) == 0
    out = capsys.readouterr().out
    assert "copied the CDT code set to this PC: CDT 2026, CDT 2027" in out
    from cdt_desktop.db.codesets import CodeSetStore

    local = CodeSetStore.open_existing(pc)
    assert local is not None
    with local:
        assert [(e[0], e[2]) for e in local.editions()] == [("2027", 2), ("2026", 1)]
        assert local.descriptor("D0461") == "Crack test (practice)\n\nPractice text C"
        assert local.source_name("2027") == "CDT2027.txt"
    with open_repository(None, data_dir=pc) as store:  # audited in the PC's case store
        copies = [(e.operator, e.action, e.detail) for e in store.audit() if e.case_id is None]
    assert ("migrate", "cdt-import", "CDT 2026: 1 codes (copied from the server)") in copies
    assert ("migrate", "cdt-import", "CDT 2027: 2 codes (copied from the server)") in copies
    # run again: nothing new, and it says so
    assert _run("store", "migrate", "--from", server, "--to", _sqlite_url(pc)) == 0
    assert "CDT code set: this PC has every edition already" in capsys.readouterr().out


def test_store_migrate_back_to_one_pc_keeps_a_different_local_edition_and_says_so(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    mine = "Code\tNomenclature\tDescriptor\nD3330\tMolar RCT (old PC file)\tOld text\n"
    # this PC's own 2026, from before the server; the server's 2026 differs
    assert _run("--data-dir", str(pc), "import-cdt", _file(tmp_path, mine, "2026"),
                "--edition", "2026") == 0  # fmt: skip
    assert _run("--store", server, "import-cdt", _file(tmp_path, FILE_2027, "2027"),
                "--edition", "2026") == 0  # fmt: skip
    capsys.readouterr()
    assert _run("store", "migrate", "--from", server, "--to", _sqlite_url(pc)) == 0
    out = capsys.readouterr().out
    assert "kept this PC's own CDT 2026 (1 code" in out
    assert "the server's CDT 2026 (2 codes) differs and was not copied" in out
    assert "import-cdt FILE --edition 2026" in out  # how to use the server's instead
    from cdt_desktop.db.codesets import CodeSetStore

    local = CodeSetStore.open_existing(pc)
    assert local is not None
    with local:
        assert local.descriptor("D3330") == "Molar RCT (old PC file)\n\nOld text"
        assert local.lookup("D0461") is None


def test_a_thinner_file_for_a_year_the_server_holds_is_refused_unless_replace(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on one PC (new-office walkthrough): the office's CDT 2026 is not replaced by a file
    that lacks its codes without --replace."""
    pc = tmp_path / "pc"
    full = _file(tmp_path, "Code\tNomenclature\nD3310\tAnterior\nD3330\tMolar\n", "2026")
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", full,
                "--edition", "2026") == 0  # fmt: skip
    thin = str(tmp_path / "thin2026.txt")
    Path(thin).write_text("Code\nD3330\n", encoding="utf-8")
    capsys.readouterr()
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", thin,
                "--edition", "2026") == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "CDT 2026 is already imported (2 codes" in err and "D3310" in err
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", thin,
                "--edition", "2026", "--replace") == 0  # fmt: skip
    assert _run("--data-dir", str(pc), "--store", server, "import-cdt", "--list") == 0
    assert "CDT 2026: 1 code," in capsys.readouterr().out
