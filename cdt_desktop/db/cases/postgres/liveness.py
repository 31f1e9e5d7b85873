"""The options every connection to the office's server is made with, unless the store URL says
otherwise: a server that goes silent (its cable pulled, a switch or the power gone: no RST ever
comes, the connection is half-open) is noticed within seconds, not after the operating system's
TCP timeout (about 15 minutes for a query in flight on Linux, 2 hours for an idle connection).

What the URL sets itself wins, and so do its ``pg_service.conf`` section and libpq's own
environment variables (``PGCONNECT_TIMEOUT``, ``PGAPPNAME``), as they would in psql: psycopg
lets keyword arguments override the URL, so only the options none of them sets are passed.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

CONNECT_TIMEOUT_S = 5
APPLICATION_NAME = "cdt-desktop"
LIVENESS: dict[str, str] = {
    "connect_timeout": str(CONNECT_TIMEOUT_S),  # a server that never answers the connect
    "keepalives": "1",  # an idle connection (the change feed's) probes the server
    "keepalives_idle": "10",  # after 10 s of silence,
    "keepalives_interval": "3",  # every 3 s,
    "keepalives_count": "3",  # and gives up after 3 probes unanswered
    "tcp_user_timeout": "10000",  # ms a query sent may stay unacknowledged (Linux; libpq 12+)
    # A write waits at most 5 s for a row or the audit chain's lock another session holds
    # (it froze every window for as long as that lasted, with no message: office walkthrough),
    # and a session left inside a transaction (a PC that died mid-write) is ended by the server
    # after 30 s instead of holding those locks until its TCP keepalive (2 hours).
    "options": "-c lock_timeout=5s -c idle_in_transaction_session_timeout=30s",
}
_ENVIRONMENT = {
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
}


def options(conninfo: str) -> dict[str, str]:
    """``LIVENESS`` and our application name, less each option that the store URL, its
    service's section or libpq's environment sets itself."""
    from psycopg import pq
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = {k: v for k, v in conninfo_to_dict(conninfo).items() if v is not None}
    except Exception:  # a malformed URL: libpq says so when it connects
        params = {}
    service = str(params.get("service") or os.environ.get("PGSERVICE") or "")
    own = set(params) | set(service_section(service))
    own |= {key for key, env in _ENVIRONMENT.items() if os.environ.get(env)}
    wanted = {**LIVENESS, "application_name": APPLICATION_NAME}
    if pq.version() < 120000:  # libpq 11 and older know no tcp_user_timeout
        del wanted["tcp_user_timeout"]
    return {key: value for key, value in wanted.items() if key not in own}


def service_section(name: str) -> dict[str, str]:
    """The options of service ``name`` in the first ``pg_service.conf`` that has it, read in
    libpq's order: the user's (``PGSERVICEFILE``, else ``~/.pg_service.conf``;
    ``%APPDATA%\\postgresql\\.pg_service.conf`` on Windows), then the system's
    (``PGSYSCONFDIR``'s, else the one in libpq's built-in folder: :func:`builtin_sysconfdir`);
    {} when none has or can be read."""
    if not name:
        return {}
    for path in _service_files():
        try:
            data = path.read_bytes()
        except OSError:  # missing, a folder, unreadable: libpq goes on to the next file too
            continue
        section = _section_in(data.decode("utf-8", errors="surrogateescape"), name)
        if section is not None:
            return section
    return {}


def _section_in(text: str, name: str) -> dict[str, str] | None:
    """Service ``name``'s options in a ``pg_service.conf`` text, read as libpq reads it (None
    when the text has no such section): each line stripped (an indented key is a key, not the
    previous value's continuation), ``#`` starts a comment line, the first ``[name]`` section
    only, the first of a key named twice, ``key=value`` split at the first ``=``. The bytes
    need not be UTF-8 (a comment in the Windows code page): libpq reads bytes. configparser
    read none of these as libpq does (review9)."""
    found: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            if found is not None:  # the end of the wanted section: libpq stops here
                break
            if line[1:].startswith(name) and line[1 + len(name) : 2 + len(name)] == "]":
                found = {}
            continue
        if found is not None and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key, value)
    return found


def _service_files() -> list[Path]:
    user = os.environ.get("PGSERVICEFILE")
    if user:
        files = [Path(user)]
    elif os.name == "nt":
        files = [Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / ".pg_service.conf"]
    else:
        files = [Path.home() / ".pg_service.conf"]
    # as libpq: PGSYSCONFDIR replaces the built-in folder, it is not read before it
    system = os.environ.get("PGSYSCONFDIR")
    folder = Path(system) if system else builtin_sysconfdir()
    return files + ([folder / "pg_service.conf"] if folder is not None else [])


@functools.cache
def builtin_sysconfdir() -> Path | None:
    """The folder libpq reads the system-wide ``pg_service.conf`` from when ``PGSYSCONFDIR``
    is not set (its build's SYSCONFDIR, e.g. ``/etc/postgresql-common`` on Debian and Ubuntu,
    which the libpq in psycopg's Linux wheels is built with too): what ``pg_config
    --sysconfdir`` reports; None without ``pg_config`` (the office's IT can set
    ``PGSYSCONFDIR``). Asked once, and only when a store names a service."""
    import shutil
    import subprocess

    tool = shutil.which("pg_config")
    if tool is None:
        return None
    try:
        done = subprocess.run(
            [tool, "--sysconfdir"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    folder = done.stdout.strip()
    return Path(folder) if folder else None
