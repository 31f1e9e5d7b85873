"""A real PostgreSQL server for the tests: pytest-postgresql's executor over Debian's binaries.

The server refuses to run as root, and CI runs as root: then ``pg_ctl`` runs through ``runuser``
as a dedicated system user (``cdt-pgtest``, created here when missing) in a folder it owns.
Logins need a password (scram-sha-256 over TCP, like an office server), so the tests can prove
that no password leaks. No test is skipped because the server is missing: ``make test`` installs
the ``postgresql`` package (tools/system-deps.sh) and a missing binary fails loudly.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import pytest

TEST_OS_USER = "cdt-pgtest"
ADMIN_USER = "cdt_admin"
ADMIN_PASSWORD = "Adm1n-Sentinel-9c1e"
APP_USER = "cdt_app"
APP_PASSWORD = "App-Sentinel-Pw-7f3a"
"""Known passwords, grepped for in logs, messages, settings and audit rows."""


def pg_ctl_path() -> str:
    """Debian's newest ``pg_ctl`` (the ``postgresql`` package), else one on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1]
    on_path = shutil.which("pg_ctl")
    if on_path:
        return on_path
    pytest.fail(
        "PostgreSQL server binaries not found: install the 'postgresql' package "
        "(make test does: tools/system-deps.sh test)"
    )


def _ensure_os_user() -> None:
    import pwd

    try:
        pwd.getpwnam(TEST_OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             TEST_OS_USER],
            check=True,
        )  # fmt: skip


def _executable(base: Path) -> str:
    """``pg_ctl`` itself, or (as root) a wrapper that runs it as the unprivileged test user."""
    real = pg_ctl_path()
    if os.geteuid() != 0:
        return real
    _ensure_os_user()
    wrapper = base / "pg_ctl-as-test-user"
    wrapper.write_text(f'#!/bin/sh\nexec runuser -u {TEST_OS_USER} -- "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


class PgServer:
    """One running cluster on 127.0.0.1; databases are made per test from a template."""

    def __init__(self, base: Path):
        from pytest_postgresql.executors import PostgreSQLExecutor

        self.base = base
        self.port = _free_port()
        self.host = "127.0.0.1"
        self.datadir = base / "data"
        self.executor = PostgreSQLExecutor(
            executable=_executable(base),
            host=self.host,
            port=self.port,
            datadir=str(self.datadir),
            unixsocketdir=str(base),
            logfile=str(base / "server.log"),
            startparams="-w",
            dbname="postgres",
            user=ADMIN_USER,
            password=ADMIN_PASSWORD,
            postgres_options="-c fsync=off -c full_page_writes=off",
        )
        self._counter = 0

    def start(self) -> None:
        self._initdb()
        hba = self.datadir / "pg_hba.conf"
        hba.write_text(
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
            "host all all ::1/128 scram-sha-256\n"
        )
        self.executor.start()
        self.wait_ready()

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the server accepts logins (an open port may still be "starting up")."""
        import time

        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=5).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _initdb(self) -> None:
        """initdb with the admin's password from a file the server's user can read (the
        executor's own temporary file is root's when the tests run as root)."""
        pwfile = self.base / "pwfile"
        pwfile.write_text(ADMIN_PASSWORD)
        if os.geteuid() == 0:
            shutil.chown(pwfile, user=TEST_OS_USER)
        pwfile.chmod(0o600)
        try:
            subprocess.run(
                [self.executor.executable, "initdb", "-s", "-D", str(self.datadir), "-o",
                 f"--username={ADMIN_USER} --auth=scram-sha-256 --pwfile={pwfile}"],
                check=True, capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"},
            )  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)
        self.executor._directory_initialised = True

    def stop(self) -> None:
        """``pg_ctl stop``: also the server that :meth:`restart` started, which the executor
        (mirakuru) no longer tracks after :meth:`stop_immediate`."""
        subprocess.run(
            [self.executor.executable, "stop", "-D", str(self.datadir), "-m", "fast", "-w"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        with suppress(Exception):
            self.executor._clear_process()  # stopped above; mirakuru need not try again

    def stop_immediate(self) -> None:
        """``pg_ctl stop -m immediate``: the server dies as in a power cut."""
        subprocess.run(
            [self.executor.executable, "stop", "-D", str(self.datadir), "-m", "immediate"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.executor._clear_process()  # mirakuru forgets the dead process

    def restart(self) -> None:
        """Start the stopped cluster again (after :meth:`stop_immediate`, crash recovery
        first: on a loaded machine that can take longer than pg_ctl's default minute)."""
        subprocess.run(
            [self.executor.executable, "start", "-w", "-t", "300", "-D", str(self.datadir),
             "-l", str(self.base / "server.log"),
             "-o", f"-p {self.port} -c listen_addresses={self.host} "
             f"-c unix_socket_directories={self.base} -c fsync=off"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.wait_ready()

    def ensure_running(self) -> None:
        """Up, or started again (a test that stopped it may have failed to restart it)."""
        import psycopg

        try:
            psycopg.connect(self.url("postgres"), connect_timeout=5).close()
            return
        except psycopg.OperationalError:
            pass
        status = subprocess.run(
            [self.executor.executable, "status", "-D", str(self.datadir)], capture_output=True
        )
        if status.returncode != 0:  # not running: start it (else it is starting: wait)
            self.restart()
        self.wait_ready(timeout=300)

    def url(
        self, dbname: str, *, user: str = ADMIN_USER, password: str | None = ADMIN_PASSWORD
    ) -> str:
        secret = f":{quote(password, safe='')}" if password else ""
        return f"postgresql://{user}{secret}@{self.host}:{self.port}/{dbname}"

    def admin(self, dbname: str = "postgres"):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(self.url(dbname), autocommit=True)

    def new_database(self, prefix: str = "t") -> str:
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def ensure_app_role(self) -> None:
        """The least-privileged login the workstations use (grants come from ``store init``)."""
        with self.admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_USER,))
            if exists.fetchone() is None:
                conn.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{APP_PASSWORD}'")

    def log_text(self) -> str:
        try:
            return (self.base / "server.log").read_text(errors="replace")
        except OSError:
            return ""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REPO_ROOT_FOR_CHILD = str(Path(__file__).resolve().parents[2])
"""Where a child process starts so that ``tests.helpers`` imports (tests that kill a run)."""
BASE_PREFIX = "cdt-pgtest-"
OWNER_FILE = "owner"
"""In each server's folder: the process id (and, on Linux, start time) of the test run or
benchmark that started it, so a later run can tell the server of a killed run from a live one."""
LEGACY_AGE_S = 6 * 3600
"""A folder without an owner file (made before there was one) is an orphan after this long."""


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), "" where unknown: with the
    id, it tells a live owner from a new process that was given a dead one's id."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _owner_alive(base: Path) -> bool:
    import time

    try:
        pid_text, _, started = (base / OWNER_FILE).read_text().partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        try:
            return time.time() - base.stat().st_mtime < LEGACY_AGE_S
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started.strip() or _start_time(pid) in ("", started.strip())


def stop_orphans(folder: Path | None = None) -> list[Path]:
    """Stop the servers that killed test runs left running (kill -9, Ctrl+C twice, a CI
    timeout: the server is pg_ctl's daemon and outlives them) and remove their folders.
    Only this suite's own folders (``cdt-pgtest-*``) whose owner is gone; a live run's server,
    another worktree's or a benchmark's, is left alone. Returns the folders removed."""
    import signal

    removed = []
    for base in sorted(Path(folder or tempfile.gettempdir()).glob(BASE_PREFIX + "*")):
        if not base.is_dir() or base.is_symlink() or _owner_alive(base):
            continue
        datadir = base / "data"
        pidfile = datadir / "postmaster.pid"
        if pidfile.exists():
            subprocess.run(
                [_executable(base), "stop", "-D", str(datadir), "-m", "immediate", "-w"],
                capture_output=True, timeout=60,
            )  # fmt: skip
            with suppress(OSError, ValueError, IndexError):  # pg_ctl failed: the postmaster
                pid = int(pidfile.read_text().split()[0])  # itself, if it is still that one
                if str(datadir) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(
                    errors="replace"
                ):
                    os.kill(pid, signal.SIGQUIT)
        shutil.rmtree(base, ignore_errors=True)
        removed.append(base)
    return removed


@contextmanager
def running_server() -> Iterator[PgServer]:
    stop_orphans()
    base = Path(tempfile.mkdtemp(prefix=BASE_PREFIX))
    (base / OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid())}")
    if os.geteuid() == 0:
        _ensure_os_user()
        shutil.chown(base, user=TEST_OS_USER)
    base.chmod(0o755)
    server = PgServer(base)
    try:
        server.start()
        yield server
    finally:
        with suppress(Exception):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)
