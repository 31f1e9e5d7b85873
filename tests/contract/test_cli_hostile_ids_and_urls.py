"""Hostile values for `cases` ids, store URLs and `-o` folders, as an admin might type them.

docs/design-rules.md, Contracts and Bad input: bad input exits 2 with one ``error:`` line, never a
traceback or "unexpected internal error", and changes nothing. Before these checks a case id past 64
bits reached SQLite (OverflowError) or PostgreSQL (bigint out of range), a 300-character file name
reached ``os.stat`` (OSError), an impossible port was tried as a connection ("cannot be reached",
exit 1) and `cases export -o` into a missing folder raised FileNotFoundError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.url import parse
from cdt_desktop.domain.cases.ports import StoreUrlError
from tests.helpers import FIXTURES


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:  # argparse's usage errors exit (status 2) from parse_args
        status = cli.main(list(argv))
    except SystemExit as stop:
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _one_usage_error(status: int, out: str, err: str) -> None:
    assert status == 2 and out == "", err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err


BAD_IDS = ["99999999999999999999", str(2**63), "0", "abc", "1.5", "٣"]


@pytest.mark.parametrize("case_id", BAD_IDS)
@pytest.mark.parametrize(
    "action", [("show",), ("export",), ("tick", "{id}", "preop-radiograph", "--operator", "AB")]
)
def test_an_id_no_store_can_hold_is_a_usage_error_and_changes_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str], case_id: str, action: tuple[str, ...]
) -> None:
    _run(capsys, "--store", store_url, "store", "init")
    fixture = str(FIXTURES / "case_d3330.json")
    _run(capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB")
    with open_repository(store_url) as store:
        before = (store.checks(1), len(store.audit()))
    argv = [a.format(id=case_id) for a in action] if "{id}" in action else [*action, case_id]
    status, out, err = _run(capsys, "--store", store_url, "cases", *argv)
    _one_usage_error(status, out, err)
    assert "case id" in err
    with open_repository(store_url) as store:
        assert [c.id for c in store.list_cases("")] == [1]
        assert (store.checks(1), len(store.audit())) == before


def test_the_largest_id_is_an_unknown_case_not_an_overflow(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "--store", store_url, "store", "init")
    status, out, err = _run(capsys, "--store", store_url, "cases", "show", str(2**63 - 1))
    _one_usage_error(status, out, err)
    assert "does not exist" in err


def test_export_into_a_missing_folder_is_a_usage_error_and_writes_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(capsys, "--store", store_url, "store", "init")
    fixture = str(FIXTURES / "case_d3330.json")
    _run(capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB")
    out_file = tmp_path / "no" / "such" / "case.json"
    status, out, err = _run(
        capsys, "--store", store_url, "cases", "export", "1", "-o", str(out_file)
    )
    _one_usage_error(status, out, err)
    assert "does not exist" in err and not (tmp_path / "no").exists()
    status, out, err = _run(
        capsys, "--store", store_url, "cases", "export", "1", "-o", str(tmp_path)
    )
    _one_usage_error(status, out, err)
    with open_repository(store_url) as store:  # nothing exported: no export row in the audit
        assert not [row for row in store.audit(1) if "export" in row.action]


@pytest.mark.parametrize(
    "name", ["a" * 300, "é" * 200, "王" * 90], ids=["300 ascii", "200 accented", "90 cjk"]
)
def test_a_store_path_with_a_name_too_long_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    for option in (("--store", f"sqlite:///{tmp_path.as_posix().lstrip('/')}/{name}.sqlite"),
                   ("--data-dir", str(tmp_path / name))):  # fmt: skip
        status, out, err = _run(capsys, *option, "cases", "list")
        _one_usage_error(status, out, err)
        assert "too long" in err
    assert list(tmp_path.iterdir()) == []


def test_the_longest_name_a_file_system_holds_is_accepted(tmp_path: Path) -> None:
    target = parse(str(tmp_path / ("a" * 248 + ".sqlite")))
    assert target.path is not None and len(target.path.name) == 255


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("postgresql://u@localhost:99999/db", "99999"),
        ("postgresql://u:secret@localhost:abc/db", "abc"),
        ("postgresql://u@localhost:0/db", "0"),
        ("postgresql://u@h1:5432,h2:70000/db", "70000"),
        ("postgresql://u@[::1]:65536/db", "65536"),
        ("postgresql:///db?host=a,b&port=5432,99999", "99999"),
        ("postgres://u@db.office.lan:５４３２/cdt", "５４３２"),
    ],
)
def test_an_impossible_port_is_a_bad_url_naming_it_without_the_password(
    capsys: pytest.CaptureFixture[str], url: str, port: str
) -> None:
    with pytest.raises(StoreUrlError, match=f"port '{port}'"):
        parse(url)
    status, out, err = _run(capsys, "--store", url, "cases", "list")
    _one_usage_error(status, out, err)
    assert "secret" not in err and "65535" in err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@h1:5432,h2:5433/db",
        "postgresql://u@h1,h2/db",
        "postgresql://u@[::1]:5432/db",
        "postgresql://u@[fe80::1%25eth0]/db",
        "postgresql://u@localhost:/db",
        "postgresql://u@localhost:65535/db",
        "postgresql:///db?host=a,b&port=5432,5433",
        "postgresql:///cdt?service=office",
    ],
)
def test_a_libpq_url_with_good_ports_is_accepted(url: str) -> None:
    """Multi-host URLs (a standby server beside the primary) are libpq's own: each host's
    port is checked, none refused for the commas."""
    target = parse(url)
    assert target.kind == "postgresql" and target.conninfo == url


def _deep(tmp_path: Path, last: str) -> str:
    """A path of short-enough names (250 bytes each) that is longer than the 4,096 bytes a
    whole path may have (PATH_MAX): the system says 'File name too long' all the same."""
    return str(tmp_path.joinpath(*["d" * 250] * 17, last))


def test_a_store_path_longer_than_a_path_may_be_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = _deep(tmp_path, "cases.sqlite")
    with pytest.raises(StoreUrlError, match="too long"):
        parse(deep)
    for argv in (("cases", "list"), ("cases", "show", "1"), ("store", "init"),
                 ("store", "migrate", "--from", deep, "--to", str(tmp_path / "t.sqlite"))):  # fmt: skip
        status, out, err = _run(capsys, "--store", deep, *argv)
        _one_usage_error(status, out, err)
        assert "too long" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("shape", ["long name", "deep path"])
def test_an_output_file_name_too_long_is_a_usage_error_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shape: str
) -> None:
    store = f"sqlite:///{(tmp_path / 'store' / 'cases.sqlite').as_posix().lstrip('/')}"
    _run(capsys, "--store", store, "store", "init")
    _run(capsys, "--store", store, "cases", "import", str(FIXTURES / "case_d3330.json"),
         "--operator", "AB")  # fmt: skip
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def target(suffix: str) -> str:
        return (
            str(out_dir / ("a" * 300 + suffix))
            if shape == "long name"
            else _deep(out_dir, "x" + suffix)
        )

    for argv in (
        ("--store", store, "cases", "export", "1", "-o", target(".json")),
        ("narrative", str(FIXTURES / "case_d3330.json"), "-o", target(".pdf")),
        ("build-data", "-o", target(".sqlite")),
        ("--store", store, "backup", target(".sqlite")),
        ("--store", store, "restore", "--yes", target(".sqlite")),
        ("--store", store, "cases", "import", target(".json"), "--operator", "AB"),
    ):
        status, out, err = _run(capsys, *argv)
        _one_usage_error(status, out, err)
        assert "too long" in err, argv
    assert list(out_dir.iterdir()) == []
    with open_repository(store) as opened:
        assert [c.id for c in opened.list_cases("")] == [1]


def test_build_data_into_a_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As `narrative -o` and `cases export -o`: a mistyped folder is said, not made."""
    status, out, err = _run(capsys, "build-data", "-o", str(tmp_path / "no" / "cdt.sqlite"))
    _one_usage_error(status, out, err)
    assert "does not exist" in err and not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u@h1:5432,h2:5433/db", "h1:5432 or h2:5433 (database db)"),
        ("postgresql://u@h1,h2/db", "h1:5432 or h2:5432 (database db)"),
        ("postgresql:///db?host=a,b&port=5432,5433", "a:5432 or b:5433 (database db)"),
        ("postgresql://u@[::1]:5433/db", "[::1]:5433/db"),
        ("postgresql://u@db.office.lan/cdt", "db.office.lan:5432/cdt"),
    ],
)
def test_an_unreachable_multi_host_store_names_each_host_and_port(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, shown: str
) -> None:
    """docs/design-rules.md, Bad input: a store that cannot be reached is exit 1 with one line
    naming the host and port; a standby beside the primary read 'h1,h2:,/db' (no port at all)."""
    from cdt_desktop.db.cases.postgres.connect import where

    for name in ("PGPORT", "PGHOST", "PGSERVICE", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)
    assert where(url) == shown


def test_a_multi_host_store_that_is_down_is_exit_1_naming_each_host(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql://u@127.0.0.1:1,127.0.0.1:2/db?connect_timeout=5"
    status, out, err = _run(capsys, "--store", url, "cases", "list")
    assert status == 1 and out == "" and err.count("\n") == 1, err
    assert "127.0.0.1:1 or 127.0.0.1:2 (database db) cannot be reached" in err
