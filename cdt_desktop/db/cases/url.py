"""Store URLs: which backend, where, and how to show it without a password (docs/design-rules.md,
Contracts).

* ``sqlite:///ABSOLUTE/PATH/cases.sqlite`` or a plain path: the embedded file store;
* ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?sslmode=...]`` or
  ``postgresql:///DBNAME?service=NAME``: a PostgreSQL server, connected with libpq's rules
  (``PG*`` variables, ``.pgpass``, ``pg_service.conf``), so the password need not be in the URL.

Which URL is used, first match wins: the global ``--store URL`` option, ``CDT_DESKTOP_STORE``,
the window's saved setting, the default file ``cases.sqlite`` in the data folder
(:func:`resolve_store_url`). :func:`redact` removes a password from any URL before it is shown,
logged, saved or put in an exception.
"""

import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit, urlunsplit

from cdt_desktop.core import paths
from cdt_desktop.domain.cases.ports import StoreUrlError

ENV_VAR = "CDT_DESKTOP_STORE"
SQLITE_FILE_NAME = "cases.sqlite"
SAVED_FILE_NAME = "store-url.txt"
"""The window's saved choice (File > Case store...), one line in the data folder: plain text so
the command line reads it without Qt; never a password (:func:`save_url` refuses one)."""
POSTGRES_SCHEMES = ("postgresql", "postgres")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PASSWORD_KEYS = {"password"}


class StoreTarget(NamedTuple):
    """A parsed store URL: ``kind`` is "sqlite" (``path`` set) or "postgresql" (``conninfo``)."""

    kind: str
    path: Path | None
    conninfo: str
    shown: str
    """The URL without its password, for messages, logs and the settings file."""


def resolve_store_url(option: str | None = None, data_dir: Path | str | None = None) -> str:
    """The store URL in force: ``--store``, then ``CDT_DESKTOP_STORE``, then the window's saved
    setting, then the default SQLite file in the data folder."""
    for candidate in (option, os.environ.get(ENV_VAR), saved_url(data_dir)):
        if candidate and candidate.strip():
            return candidate.strip()
    return default_url(data_dir)


def saved_url(data_dir: Path | str | None = None) -> str | None:
    """The store URL the window saved, or None."""
    try:
        text = (paths.user_data_dir(data_dir) / SAVED_FILE_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text.strip() or None


def save_url(url: str | None, data_dir: Path | str | None = None) -> None:
    """Remember ``url`` for the next start (None: back to the default); refuses a password."""
    from cdt_desktop.core.atomic import private_folder, private_opener

    path = paths.user_data_dir(data_dir) / SAVED_FILE_NAME
    if not url:
        path.unlink(missing_ok=True)
        return
    parse(url)  # an unknown scheme is refused before anything is saved
    if has_password(url):
        raise StoreUrlError(
            "A password is never saved: put it in the .pgpass file (or pg_service.conf) of "
            "this workstation's user and leave it out of the URL."
        )
    private_folder(path.parent)
    with open(path, "w", encoding="utf-8", opener=private_opener) as saved:  # a new one 0600
        saved.write(url.strip() + "\n")


def has_password(url: str) -> bool:
    try:
        return has_secret(urlsplit(url))
    except ValueError:
        return False


def has_secret(parts: SplitResult) -> bool:
    """A password in the user part or in the query of a split URL."""
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if ":" in userinfo:
        return True
    return any(k.lower() in _PASSWORD_KEYS for k, _ in parse_qsl(parts.query))


def default_url(data_dir: Path | str | None = None) -> str:
    path = paths.user_data_dir(data_dir) / SQLITE_FILE_NAME
    return "sqlite:///" + path.absolute().as_posix().lstrip("/")


def parse(url: str | os.PathLike[str]) -> StoreTarget:
    """A :class:`StoreTarget` for ``url``; StoreUrlError (exit 2) for an unknown scheme."""
    text = os.fspath(url).strip()
    if not text:
        raise StoreUrlError("The case store URL is empty.")
    match = _SCHEME_RE.match(text)
    if match is None:  # a plain path (also C:\\... on Windows)
        path = _checked_path(Path(text).expanduser().absolute())
        return StoreTarget("sqlite", path, "", "sqlite:///" + path.as_posix().lstrip("/"))
    scheme = match.group(1).lower()
    if scheme == "sqlite":
        rest = text[len(match.group(0)) :]
        if not rest.startswith("/"):
            raise StoreUrlError(
                "A sqlite URL needs an absolute path: sqlite:///ABSOLUTE/PATH/cases.sqlite."
            )
        raw = unquote(rest.split("?", 1)[0])
        if re.match(r"^/[A-Za-z]:[/\\]", raw):  # sqlite:///C:/Users/... on Windows
            raw = raw[1:]
        elif os.name != "nt" and raw.startswith("//"):  # sqlite:////srv/... (SQLAlchemy's
            raw = "/" + raw.lstrip("/")  # absolute form): no network share on POSIX
        path = _checked_path(Path(raw).expanduser().absolute())
        return StoreTarget("sqlite", path, "", "sqlite:///" + path.as_posix().lstrip("/"))
    if scheme in POSTGRES_SCHEMES:
        port = _impossible_port(text)
        if port is not None:
            raise StoreUrlError(
                f"The case store URL {redact(text)} names port {port[:20]!r}: a port is a "
                "number from 1 to 65535 (PostgreSQL's own is 5432)."
            )
        return StoreTarget("postgresql", None, text, redact(text))
    raise StoreUrlError(
        f"Unknown case store URL scheme {scheme!r}: use sqlite:///PATH or postgresql://HOST/DB."
    )


def _checked_path(path: Path) -> Path:
    """``path``, unless it is too long for any file system to hold (a name over 255 bytes, a
    whole path over 4,095): said as a bad URL (exit 2) before the open fails with the system's
    'File name too long'."""
    problem = paths.too_long(path)
    if problem is not None:
        raise StoreUrlError(f"The case store path {problem}.")
    return path


def _impossible_port(url: str) -> str | None:
    """The first port of a ``postgresql://`` URL no server can listen on, or None. Each host of
    a multi-host URL (``h1:5432,h2:5433``, ``[::1]:5432``) and a ``?port=`` list are checked; an
    empty port is libpq's default. A URL ``urlsplit`` cannot read is left to libpq's message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    ports: list[str] = []
    for host in parts.netloc.rpartition("@")[2].split(","):
        if host.startswith("["):
            ports.append(host.partition("]")[2].removeprefix(":"))
        else:
            ports.append(host.partition(":")[2])
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "port":
            ports.extend(value.split(","))
    for port in ports:
        digits = port.strip()
        if digits and not (digits.isascii() and digits.isdigit() and 1 <= int(digits) <= 65535):
            return port
    return None


def redact(url: str) -> str:
    """``url`` with any password (``user:PASSWORD@`` or ``?password=``) replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unreadable store URL)"
    if not has_secret(parts):
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = "&".join(f"{k}={'***' if k.lower() in _PASSWORD_KEYS else v}" for k, v in pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def is_local_file(url: str) -> bool:
    """Whether ``url`` is an embedded SQLite store (a URL that cannot be parsed is not)."""
    try:
        return parse(url).kind == "sqlite"
    except StoreUrlError:
        return False
