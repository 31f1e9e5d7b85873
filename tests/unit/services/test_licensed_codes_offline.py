"""The office's shared CDT code set while its server cannot be reached: the window keeps showing
the last code set it read and never waits for the server on the GUI thread. A lookup made while
the store is known to be offline, or right after a read of it failed, makes no attempt to reach
the server (each attempt could freeze the window for the connect timeout) and answers from the
last known code set. Real PostgreSQL, stopped and restarted; made-up practice text."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.services.licensed_codes import LicensedCodes
from tests.helpers.postgres import PgServer

FILE_2020 = "Code\tNomenclature\tDescriptor\nD3330\tMolar RCT (practice)\tText 2020\n"
FILE_2021 = "Code\tNomenclature\tDescriptor\nD3330\tMolar RCT (practice)\tText 2021\n"
SHOWN = "Molar RCT (practice)\n\nText 2021"


@pytest.fixture
def store(pg_store_url: str, tmp_path: Path) -> Iterator[CaseRepository]:
    for edition, text in (("2020", FILE_2020), ("2021", FILE_2021)):
        source = tmp_path / f"CDT{edition}.txt"
        source.write_text(text, encoding="utf-8")
        assert cli.main(["--store", pg_store_url, "import-cdt", str(source), "--edition",
                         edition]) == 0  # fmt: skip
    with open_repository(pg_store_url, offline_ok=True) as opened:
        yield opened


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to reach the server (the real connect runs; this only counts it)."""
    from cdt_desktop.db.cases.postgres import connect

    seen: list[str] = []
    real = connect.connect

    def counted(conninfo: str, **kwargs: bool) -> object:
        seen.append("connect")
        return real(conninfo, **kwargs)

    monkeypatch.setattr(connect, "connect", counted)
    return seen


@pytest.fixture
def stopped(pg_server: PgServer) -> Iterator[PgServer]:
    """Stop the session's server for one test; it is started again afterwards."""
    yield pg_server
    with suppress(subprocess.CalledProcessError):  # the test may have started it already
        pg_server.restart()


def test_a_lookup_after_the_server_stopped_shows_the_last_known_code_set(
    store: CaseRepository, stopped: PgServer, tmp_path: Path, attempts: list[str]
) -> None:
    """An import on another workstation made this window read the code set again (reload);
    then the server stopped: the code detail kept the office's text (it showed none)."""
    codes = LicensedCodes(tmp_path / "data", case_store=lambda: store)
    assert codes.descriptor("D3330") == SHOWN
    assert codes.notes() == {"D3330": "revised in CDT 2021"}
    codes.reload()
    stopped.stop_immediate()

    for _ in range(3):
        assert codes.descriptor("D3330") == SHOWN
        assert codes.notes() == {"D3330": "revised in CDT 2021"}
    assert attempts == []  # the one failed read broke the connection; nothing tried again


def test_no_lookup_reaches_for_a_server_known_to_be_offline(
    store: CaseRepository, stopped: PgServer, tmp_path: Path, attempts: list[str]
) -> None:
    """The window knows the store is offline (its change feed closed) before the store's own
    connection has failed: a lookup asks nothing of the server."""
    online = [True]
    codes = LicensedCodes(tmp_path / "data", case_store=lambda: store, online=lambda: online[0])
    assert codes.notes() == {"D3330": "revised in CDT 2021"}
    stopped.stop_immediate()
    online[0] = False
    codes.reload()  # e.g. the store switched, or another import was announced

    for _ in range(3):
        assert codes.descriptor("D3330") == SHOWN
        assert codes.notes() == {"D3330": "revised in CDT 2021"}
    assert attempts == []
    assert store.connected  # its connection never tried: the window's word was enough


def test_back_online_the_code_set_is_read_again(
    store: CaseRepository, stopped: PgServer, tmp_path: Path, pg_store_url: str
) -> None:
    codes = LicensedCodes(tmp_path / "data", case_store=lambda: store)
    assert codes.descriptor("D3330") == SHOWN
    stopped.stop_immediate()
    codes.reload()
    assert codes.descriptor("D3330") == SHOWN  # the read failed: the last known one
    stopped.restart()
    store.ping()  # the window's reconnect
    source = tmp_path / "CDT2021.txt"
    source.write_text(FILE_2021.replace("Text 2021", "Text 2021 corrected"), encoding="utf-8")
    assert cli.main(["--store", pg_store_url, "import-cdt", str(source), "--edition",
                     "2021"]) == 0  # fmt: skip
    codes.reload()  # after the reconnect, the window reads everything again
    assert codes.descriptor("D3330") == "Molar RCT (practice)\n\nText 2021 corrected"
