"""The app reads a ``pg_service.conf`` section as libpq does, whatever the file's syntax.

The app reads the store's service section only to leave alone what it sets (liveness.py); it
read the file with ``configparser``, which is not libpq's syntax: a file saved in the Windows
code page (an "ü" in a comment) was skipped whole, and a key on an indented line became part
of the previous value, so the app's own 5-second connect timeout (or port, application name)
overrode what the section set, while libpq itself read it (review9).

Each file here is also given to the real libpq (psycopg, no server needed): a connection to a
socket folder with no server fails naming the socket, so its port is the one libpq read.
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest

from cdt_desktop.db.cases.postgres.liveness import options, service_section


@pytest.fixture(autouse=True)
def _only_this_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGSERVICE", "PGAPPNAME", "PGCONNECT_TIMEOUT", "PGPORT", "PGHOST"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PGSYSCONFDIR", str(tmp_path / "no-system-folder"))


def _libpq_port(socket_dir: Path) -> str:
    """The port libpq took from service ``office`` (its error names the socket it tried)."""
    with pytest.raises(psycopg.OperationalError) as failed:
        psycopg.connect("service=office connect_timeout=2")
    found = re.search(re.escape(str(socket_dir)) + r"/\.s\.PGSQL\.(\d+)", str(failed.value))
    assert found, str(failed.value)
    return found.group(1)


FILES = [
    # (situation, the file's bytes with {dir} for the socket folder, port libpq reads)
    ("a comment in the Windows code page", b"# Praxis M\xfcller, B\xfcro\n[office]\n"
     b"host={dir}\nport=6111\nconnect_timeout=30\n", "6111"),
    ("keys indented under the first", b"[office]\nhost={dir}\n    port=6222\n"
     b"\tconnect_timeout=30\n", "6222"),
    ("the service named twice: the first section counts", b"[office]\nhost={dir}\n"
     b"port=6333\nconnect_timeout=30\n[office]\nport=6999\n", "6333"),
    ("a key named twice in the section: the first counts", b"[office]\nhost={dir}\n"
     b"port=6444\nport=6998\nconnect_timeout=30\n", "6444"),
    ("Windows line ends and a semicolon in a value", b"[other]\r\nport=1\r\n[office]\r\n"
     b"host={dir}\r\nport=6555\r\nconnect_timeout=30\r\noptions=-c search_path=a;b\r\n", "6555"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "port"), [f[1:] for f in FILES], ids=[f[0] for f in FILES])
def test_the_app_reads_the_section_libpq_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, port: str
) -> None:
    socket_dir = tmp_path / "sock"
    socket_dir.mkdir()
    service_file = tmp_path / "pg_service.conf"
    service_file.write_bytes(content.replace(b"{dir}", str(socket_dir).encode()))
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    assert _libpq_port(socket_dir) == port
    section = service_section("office")
    assert section.get("port") == port and section.get("connect_timeout") == "30"
    assert "connect_timeout" not in options("postgresql:///cdt?service=office")


@pytest.mark.parametrize("where", ["missing", "folder", "unreadable"])
def test_a_service_file_that_cannot_be_read_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """libpq goes on to the system's file: so does the app, without an error."""
    user = tmp_path / "user.conf"
    if where == "folder":
        user.mkdir()
    elif where == "unreadable":
        user.write_text("[office]\nport=7000\n")
        user.chmod(0)
    system = tmp_path / "etc"
    system.mkdir()
    (system / "pg_service.conf").write_text("[office]\nport=6666\n")
    monkeypatch.setenv("PGSERVICEFILE", str(user))
    monkeypatch.setenv("PGSYSCONFDIR", str(system))
    import os

    if where == "unreadable" and os.access(user, os.R_OK):  # root reads it anyway, as libpq
        assert service_section("office") == {"port": "7000"}
    else:
        assert service_section("office") == {"port": "6666"}
