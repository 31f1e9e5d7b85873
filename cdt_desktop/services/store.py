"""Which case store the window works in: the one it opens at start, and choosing another
from the window (File > Case store...): show, test, switch.

Qt-free, so the dialog only talks to this. What an admin types is a store URL, a path to a
``cases.sqlite`` file, or a libpq service name (``office`` for ``[office]`` in
``pg_service.conf``). The window switches to it at once, and the choice is saved for the next
start (never with a password: libpq reads it from ``.pgpass``); ``--store`` and
``CDT_DESKTOP_STORE`` still win over the saved choice at the next start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.patterns import LazyPattern

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository

_SERVICE_RE = LazyPattern(r"^[A-Za-z0-9_.-]{1,64}$")
QUICK_CHECK_BUDGET_S = 0.02
"""The window's quick check of the case store on open; a large store finishes it in the
background (issue 15, load: 391 ms on 10,000 cases made the window start 4x slower)."""


class StoreTest(NamedTuple):
    ok: bool
    message: str


def _sign_in_words(store: UserRepository) -> str:
    """Whether sign-in is on for ``store`` (it has users): what switching to it means here."""
    users = store.list_users()
    if not users:
        return "Sign-in is off for this store: whoever works at this PC types their initials."
    active = sum(1 for user in users if user.active)
    return (
        f"Sign-in is on for this store ({active} user{'' if active == 1 else 's'}): after Use "
        "this store the window locks, and each person signs in with their own PIN (an admin "
        "of this store sets it)."
    )


class StoreChoice:
    """The store settings of one data folder."""

    def __init__(self, data_dir: Path | str | None = None, option: str | None = None):
        self.data_dir = data_dir
        self.option = option

    def current_url(self) -> str:
        from cdt_desktop.db.cases.url import resolve_store_url

        return resolve_store_url(self.option, self.data_dir)

    def overridden_by(self) -> str:
        """ "--store" or the environment variable when they decide instead of the saved choice."""
        from cdt_desktop.db.cases.url import ENV_VAR

        if self.option:
            return "--store"
        if os.environ.get(ENV_VAR):
            return ENV_VAR
        return ""

    def shown(self, url: str) -> str:
        from cdt_desktop.db.cases.url import redact

        return redact(url)

    @staticmethod
    def normalize(text: str) -> str:
        """A URL from what was typed: a URL as is, a bare word as a libpq service name, else a
        path to an SQLite file."""
        text = text.strip()
        if "://" in text:
            return text
        if _SERVICE_RE.match(text) and not text.endswith(".sqlite"):
            return f"postgresql://?service={text}"
        return text

    def test(self, text: str) -> StoreTest:
        """Open the store once (creating nothing) and say what is there, or why not."""
        from cdt_desktop.db.cases import open_repository
        from cdt_desktop.db.cases.url import has_password

        url = self.normalize(text)
        try:
            with open_repository(url, create=False, read_only=True) as store:
                count = store.count_cases()
                said = f"Connected to {store.location}: {count} case{'s' if count != 1 else ''}. "
                said += _sign_in_words(cast("UserRepository", store))
        except UserFacingError as exc:
            return StoreTest(False, str(exc))
        if has_password(url):  # Use refuses it: say so now, not after the test looked fine
            said += (
                " This URL holds a password, which is never saved: put it in the .pgpass file"
                " (or pg_service.conf) of this workstation's user and leave it out of the URL."
            )
        return StoreTest(True, said)

    def missing_at_start(self) -> Path | None:
        """The SQLite file the start would open when it is not there, else None: this PC's own
        file is made at the first start (asked only when copies the app kept of it are beside
        it: it was there), a server is reached or reconnects by itself.

        A store chosen in File > Case store... (or by ``--store`` or CDT_DESKTOP_STORE) that
        is gone is most often on a drive that is not connected: the start asks (the window's
        ``store_missing``) instead of making an empty store in its place, where the cases
        typed today would be apart from the office's."""
        from cdt_desktop.db.cases.url import default_url, parse

        url = self.current_url()
        try:
            target, own = parse(url), parse(default_url(self.data_dir))
        except UserFacingError:
            return None  # the start's open says what is wrong with the URL
        if target.kind != "sqlite" or target.path is None:
            return None
        if target.path.exists() or target.path.is_symlink():  # a dangling link: the open says
            return None
        if target.path == own.path:  # made at the first start; gone after one, it is asked
            from cdt_desktop.services.backups import newest_kept_copy  # (reliability probe:

            # deleted, it came back empty, unsaid, beside the backups of the day's work)
            return target.path if newest_kept_copy(target.path) is not None else None
        return target.path

    def is_own(self, path: Path) -> bool:
        """Whether ``path`` is this PC's own case file (the data folder's)."""
        from cdt_desktop.db.cases.url import default_url, parse

        return parse(default_url(self.data_dir)).path == path

    def where_chosen(self) -> str:
        """Where the store in force was chosen, for messages: "--store", the environment
        variable, or "File > Case store..." (the saved choice)."""
        return self.overridden_by() or "File > Case store..."

    def open_at_start(self) -> CaseRepository:
        """The store the window starts in: ``--store``, else CDT_DESKTOP_STORE, the saved
        choice, the default; its quick check bounded (``QUICK_CHECK_BUDGET_S``)."""
        from cdt_desktop.db.cases import open_repository
        from cdt_desktop.db.cases.url import resolve_store_url

        return open_repository(
            resolve_store_url(self.option, self.data_dir),
            data_dir=self.data_dir,
            offline_ok=True,
            check_budget_s=QUICK_CHECK_BUDGET_S,
        )

    def open(self, url: str | None) -> CaseRepository:
        """The store at ``url`` (None: this PC's own file) for the running window; a server that
        cannot be reached now gives a store that reconnects by itself."""
        from cdt_desktop.db.cases import open_repository

        return open_repository(url, data_dir=self.data_dir, offline_ok=True)

    def save(self, text: str | None) -> str | None:
        """Remember the store for the next start (None or "": back to this PC's file).

        Raises StoreUrlError for an unknown scheme or a URL holding a password."""
        from cdt_desktop.db.cases.url import save_url

        url = self.normalize(text) if text else None
        save_url(url, self.data_dir)
        return url


class StoreInUse:
    """The case store in use now, for what reads it on demand (the licensed code set, the
    office's payer profiles): none before the start's store is opened, then that one until the
    window follows it, then the window's (File > Case store... switches it).

    Built before the store is opened, because the reference library is opened (and checked)
    first; what reads the store is only asked once the window is up."""

    def __init__(self) -> None:
        self._opened: CaseRepository | None = None
        self._store: Callable[[], CaseRepository | None] | None = None
        self._online: Callable[[], bool] | None = None

    def opened(self, store: CaseRepository) -> CaseRepository:
        """The store the start opened: in use until :meth:`follow`; returned as given."""
        self._opened = store
        return store

    def follow(
        self, store: Callable[[], CaseRepository | None], online: Callable[[], bool]
    ) -> None:
        """From now on the window's store and whether the window holds it reachable."""
        self._store, self._online = store, online

    def __call__(self) -> CaseRepository | None:
        return self._store() if self._store is not None else self._opened

    def online(self) -> bool:
        """Whether the store may be asked now (until the window follows, nothing says not)."""
        return self._online() if self._online is not None else True
