"""No password anywhere: after a failed login, a refused connection and a successful session,
a known password is in no message, log, settings file, audit row or --help output."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.log import setup_logging
from tests.helpers import FIXTURES
from tests.helpers.postgres import ADMIN_PASSWORD, PgServer


def _grep_tree(folder: Path, secret: str) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]


def test_a_known_password_never_shows(
    pg_server: PgServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    setup_logging(data / "logs", level=logging.DEBUG, fault_handler=False)
    name = pg_server.new_database()
    good = pg_server.url(name)
    refused = f"postgresql://cdt_admin:{ADMIN_PASSWORD}@127.0.0.1:1/{name}"
    wrong = pg_server.url(name, password=ADMIN_PASSWORD + "-x")
    shown: list[str] = []
    try:
        runs = [
            ([ "--store", refused, "cases", "list"], 1),
            (["--store", wrong, "cases", "list"], 1),
            (["--store", good, "store", "init"], 0),
            (["--store", good, "cases", "import", str(FIXTURES / "case_d3330.json"),
              "--operator", "AB"], 0),
            (["--store", good, "cases", "tick", "1", "preop-radiograph", "--operator", "AB"], 0),
            (["--store", good, "cases", "show", "1", "--json"], 0),
            (["--store", good, "store", "check"], 0),
        ]  # fmt: skip
        for argv, expected in runs:
            status = cli.main(["--data-dir", str(data), *argv])
            out, err = capsys.readouterr()
            assert status == expected, (argv[2:], err)
            shown += [out, err]
            if expected:
                assert err.startswith("error: ") and err.count("\n") == 1
                assert "127.0.0.1:" in err
        audit = json.loads(shown[-4])["audit"]
        assert audit and all(ADMIN_PASSWORD not in json.dumps(a) for a in audit)
        with pytest.raises(SystemExit):
            cli.main(["--help"])
        shown.append(capsys.readouterr().out)
    finally:
        pg_server.drop_database(name)
        for handler in root.handlers[:]:
            if handler not in handlers_before:
                handler.close()
                root.removeHandler(handler)
    assert all(ADMIN_PASSWORD not in text for text in shown)
    assert ADMIN_PASSWORD not in caplog.text
    assert _grep_tree(data, ADMIN_PASSWORD) == []
    assert ADMIN_PASSWORD not in pg_server.log_text()
