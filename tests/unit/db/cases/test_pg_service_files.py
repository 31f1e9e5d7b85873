"""The store setting ``service=NAME`` is read from the files libpq reads, in libpq's order:
``PGSERVICEFILE`` (else ``~/.pg_service.conf``), then ``PGSYSCONFDIR/pg_service.conf``, else
the ``pg_service.conf`` in libpq's built-in folder (what ``pg_config --sysconfdir`` reports).

libpq resolves the service itself; the app reads the section only to leave alone what it sets
(liveness.py). It did not know the built-in folder: a service defined there for the whole PC
by the office's IT (``/etc/postgresql-common/pg_service.conf`` on Debian) connected, but the
app's own timeouts and application name overrode the ones the section set. Real server.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cdt_desktop.db.cases.postgres import connect as pg
from cdt_desktop.db.cases.postgres.liveness import builtin_sysconfdir, service_section
from tests.helpers.postgres import ADMIN_PASSWORD, ADMIN_USER, PgServer

LOCK = Path("/tmp/cdt-desktop-test-pg-service.lock")


@pytest.fixture(autouse=True)
def _no_service_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing of this machine's user or environment: HOME is empty, no PG* service variable."""
    for name in ("PGSERVICEFILE", "PGSYSCONFDIR", "PGSERVICE", "PGAPPNAME", "PGCONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))


def _section(server: PgServer, name: str, **extra: str) -> str:
    lines = [
        f"[{name}]", f"host={server.host}", f"port={server.port}", "dbname=postgres",
        f"user={ADMIN_USER}", f"password={ADMIN_PASSWORD}",
        *(f"{key}={value}" for key, value in extra.items()),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


@contextmanager
def _system_service(text: str) -> Iterator[Path]:
    """``text`` added to the built-in folder's pg_service.conf, the file put back as it was
    afterwards (one test run at a time on this PC: the file is the machine's)."""
    folder = builtin_sysconfdir()
    if folder is None or not os.access(folder, os.W_OK):
        pytest.skip(f"libpq's built-in folder {folder} is not writable by this user")
    target = folder / "pg_service.conf"
    with LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = target.read_bytes() if target.exists() else None
        try:
            target.write_bytes((before or b"") + b"\n" + text.encode("utf-8"))
            yield target
        finally:
            if before is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(before)


def test_the_builtin_folder_is_libpqs_sysconfdir() -> None:
    tool = shutil.which("pg_config")
    assert tool is not None, "pg_config (libpq-dev / postgresql) is installed for the tests"
    said = subprocess.run([tool, "--sysconfdir"], capture_output=True, text=True, check=True)
    assert builtin_sysconfdir() == Path(said.stdout.strip())


def test_a_service_in_the_builtin_folder_keeps_what_it_sets(pg_server: PgServer) -> None:
    name = f"cdt-test-{uuid.uuid4().hex[:8]}"
    section = _section(pg_server, name, application_name="front-desk-pc", connect_timeout="11")
    with _system_service(section):
        assert service_section(name)["application_name"] == "front-desk-pc"
        conn = pg.connect(f"postgresql:///?service={name}")
        try:
            said = conn.execute("SELECT current_setting('application_name')").fetchone()
            used = {o.keyword.decode(): (o.val or b"").decode() for o in conn.pgconn.info}
        finally:
            conn.close()
    assert said == ("front-desk-pc",)  # libpq's section, not our "cdt-desktop"
    assert used["connect_timeout"] == "11"
    assert used["keepalives_idle"] == "10"  # what the section leaves out is still ours


def test_pgsysconfdir_replaces_the_builtin_folder(
    pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in libpq: with PGSYSCONFDIR set, the built-in folder is not read at all."""
    folder = tmp_path / "etc"
    folder.mkdir()
    name = f"cdt-test-{uuid.uuid4().hex[:8]}"
    (folder / "pg_service.conf").write_text(
        _section(pg_server, name, application_name="from-pgsysconfdir"), encoding="utf-8"
    )
    monkeypatch.setenv("PGSYSCONFDIR", str(folder))
    assert service_section(name)["application_name"] == "from-pgsysconfdir"
    other = f"cdt-test-{uuid.uuid4().hex[:8]}"
    with _system_service(_section(pg_server, other, application_name="builtin")):
        assert service_section(other) == {}  # libpq would not find it either


@pytest.mark.parametrize(
    ("situation", "user_file", "system_file", "expected"),
    [
        ("the user's file wins", "[office]\napplication_name=user\n",
         "[office]\napplication_name=system\n", "user"),
        ("not in the user's file: the system's", "[other]\napplication_name=user\n",
         "[office]\napplication_name=system\n", "system"),
        ("in neither", "[other]\nhost=a\n", "[another]\nhost=b\n", None),
    ],
)  # fmt: skip
def test_the_users_file_then_the_systems(
    situation: str,
    user_file: str,
    system_file: str,
    expected: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "home" / ".pg_service.conf").write_text(user_file, encoding="utf-8")
    (tmp_path / "pg_service.conf").write_text(system_file, encoding="utf-8")
    monkeypatch.setenv("PGSYSCONFDIR", str(tmp_path))
    assert service_section("office").get("application_name") == expected, situation
