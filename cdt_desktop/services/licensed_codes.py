"""The practice's imported CDT descriptors as the window shows them (issue 16), following a new
import made in the window (File > Import licensed CDT file...) or, on a shared store, on another
workstation.

Which code set is shown: on a PostgreSQL case store, the office's shared one, as soon as the
server holds one (it wins over any code set this PC kept from before; until the server holds
one, this PC's own keeps showing). On an SQLite case store, this PC's own ``codesets.sqlite``.

Kept apart from ``cdt_editions`` so that building the window loads nothing of the edition
comparison: an office that never imported a code set pays one file check at the first lookup,
and a shared store is read once (one query for every code) and then kept until the next import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdt_desktop.db.codesets import CodeSetStore
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.coding.codesets import SharedCodeSets
    from cdt_desktop.domain.coding.editions import LicensedText


def open_local_codesets(folder: Path) -> CodeSetStore | None:
    """This PC's imported CDT code sets in ``folder``, when there are any (never created here).

    Most offices never import one: the file check comes first, so they do not pay for the
    module (csv, its dataclasses) at every start. A damaged file is logged and left unopened:
    it must not stop the window.
    """
    from cdt_desktop.core import paths

    if not (folder / paths.CODESETS_FILE).is_file():
        return None
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.db.codesets import CodeSetStore

    try:
        return CodeSetStore.open_existing(folder)
    except UserFacingError as exc:
        from cdt_desktop.core.log import get_logger

        get_logger("app").error("code sets not loaded (%s)", type(exc).__name__)
        return None


RETRY_AFTER_S = 30.0
"""After a read of the shared code set failed, lookups answer from the last known code set for
this long before one of them asks the server again (a reconnect's reload asks at once)."""


class LicensedCodes:
    """The practice's imported descriptors as the window shows them; follows a new import.

    Nothing is opened until a code is looked up, and no file is created: an office that never
    imported a code set pays nothing at start-up. A shared code set is read once per
    :meth:`reload` and kept: while its server cannot be reached (the window knows it is
    offline, the store's connection is down, or a read just failed) lookups answer from the
    last code set read, and never wait for the server."""

    def __init__(
        self,
        data_dir: Path,
        store: CodeSetStore | None = None,
        *,
        looked: bool = False,
        case_store: Callable[[], CaseRepository | None] | None = None,
        online: Callable[[], bool] | None = None,
    ) -> None:
        """``store``: this PC's code sets already opened; ``looked``: the caller already tried
        to open them (None found, or a damaged file it logged), so the first lookup does not.
        ``case_store``: the window's case store now (it may switch); a shared one's code set
        is shown instead of this PC's. ``online``: whether the window holds the store to be
        reachable now (False: no lookup asks the server)."""
        self.data_dir = data_dir
        self._store = store
        self._looked = looked or store is not None
        self._case_store = case_store
        self._online = online
        self._source: CaseRepository | None = None  # the store the last known reads came from
        self._shared: Mapping[str, LicensedText] | None = None  # last known; None: never read
        self._notes: dict[str, str] | None = None  # last known notes of the shared code set
        self._fresh = self._notes_fresh = False  # read since the last reload
        self._failed_at: float | None = None  # when a read of the shared code set last failed

    # -- which code set ---------------------------------------------------------------------
    def _shared_store(self) -> tuple[CaseRepository | None, SharedCodeSets | None]:
        repository = self._case_store() if self._case_store is not None else None
        shared = repository.code_sets() if repository is not None else None
        if repository is not self._source:  # another store: what was known is not its own
            self._source, self._shared, self._notes = repository, None, None
            self._fresh = self._notes_fresh = False
        return repository, shared

    def _reachable(self, repository: CaseRepository) -> bool:
        """Whether a lookup may ask the server now (never while it is known to be away)."""
        import time

        if not repository.connected or (self._online is not None and not self._online()):
            return False
        return self._failed_at is None or time.monotonic() - self._failed_at >= RETRY_AFTER_S

    def _failed(self) -> None:
        import time

        self._failed_at = time.monotonic()

    def _shared_codes(self) -> Mapping[str, LicensedText]:
        """The shared store's codes: read once a reload, else the last known ({} without a
        shared store, or while it holds no code set). Never a wait on the GUI thread: while
        the server cannot be reached, the last code set read."""
        repository, shared = self._shared_store()
        if repository is None or shared is None:
            return {}
        if self._fresh or not self._reachable(repository):
            return self._shared or {}
        from cdt_desktop.core.errors import UserFacingError

        try:
            self._shared = shared.newest_codes()
        except UserFacingError:  # the server went away: the last known, and no retry for now
            self._failed()
            return self._shared or {}
        self._fresh, self._failed_at = True, None
        return self._shared

    def descriptor(self, code: str) -> str | None:
        shared = self._shared_codes()
        if shared:
            found = shared.get(code.upper())
            if found is None:
                return None
            return "\n\n".join(p for p in (found.nomenclature, found.descriptor) if p) or None
        store = self._open()
        return store.descriptor(code) if store is not None else None

    def notes(self) -> dict[str, str]:
        """Code -> note for codes the newest edition deleted or revised (see code_notes)."""
        from cdt_desktop.core.errors import UserFacingError
        from cdt_desktop.services.cdt_editions import code_notes

        if self._shared_codes():
            repository, shared = self._shared_store()
            assert repository is not None and shared is not None
            if self._notes_fresh or not self._reachable(repository):
                return dict(self._notes or {})
            try:
                self._notes = code_notes(shared)
            except UserFacingError:  # as for the codes: the last known, no retry for now
                self._failed()
                return dict(self._notes or {})
            self._notes_fresh = True
            return dict(self._notes)
        store = self._open()
        if store is None:
            return {}
        return code_notes(store)

    def reload(self) -> None:
        """Read the code sets afresh at the next lookup (after an import, here or on another
        workstation, or a reconnect); the last known shared code set answers until then."""
        self.close()
        self._looked = False
        self._fresh = self._notes_fresh = False
        self._failed_at = None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self._store = None

    def _open(self) -> CodeSetStore | None:
        if not self._looked:
            from cdt_desktop.core.errors import UserFacingError
            from cdt_desktop.db.codesets import CodeSetStore

            self._looked = True
            try:
                self._store = CodeSetStore.open_existing(self.data_dir)
            except UserFacingError:  # a damaged code-set file must not stop the window
                self._store = None
        return self._store


def licensed_library(
    folder: Path,
    *,
    case_store: Callable[[], CaseRepository | None],
    online: Callable[[], bool],
) -> tuple[ReferenceLibrary, LicensedCodes, CodeSetStore | None]:
    """The window's reference library with the practice's licensed descriptors (this PC's code
    sets in ``folder``, or the case store's while ``online``), the descriptors it shows, and
    this PC's code sets when it has any."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    codesets = open_local_codesets(folder)
    licensed = LicensedCodes(folder, codesets, looked=True, case_store=case_store, online=online)
    return ReferenceLibrary(licensed=licensed.descriptor), licensed, codesets
