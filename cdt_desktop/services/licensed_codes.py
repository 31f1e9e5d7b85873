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
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.coding.codesets import SharedCodeSets
    from cdt_desktop.domain.coding.editions import LicensedText


def open_local_codesets(folder: Path) -> CodeSetStore | None:
    """This PC's imported CDT code sets in ``folder``, when there are any (never created here).

    Most offices never import one: the file check comes first, so they do not pay for the
    module (csv, its dataclasses) at every start. A damaged file is logged and left unopened:
    it must not stop the window.
    """
    if not (folder / "codesets.sqlite").is_file():
        return None
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.db.codesets import CodeSetStore

    try:
        return CodeSetStore.open_existing(folder)
    except UserFacingError as exc:
        from cdt_desktop.core.log import get_logger

        get_logger("app").error("code sets not loaded (%s)", type(exc).__name__)
        return None


class LicensedCodes:
    """The practice's imported descriptors as the window shows them; follows a new import.

    Nothing is opened until a code is looked up, and no file is created: an office that never
    imported a code set pays nothing at start-up."""

    def __init__(
        self,
        data_dir: Path,
        store: CodeSetStore | None = None,
        *,
        looked: bool = False,
        case_store: Callable[[], CaseRepository | None] | None = None,
    ) -> None:
        """``store``: this PC's code sets already opened; ``looked``: the caller already tried
        to open them (None found, or a damaged file it logged), so the first lookup does not.
        ``case_store``: the window's case store now (it may switch); a shared one's code set
        is shown instead of this PC's."""
        self.data_dir = data_dir
        self._store = store
        self._looked = looked or store is not None
        self._case_store = case_store
        self._shared: Mapping[str, LicensedText] | None = None  # None: not read yet

    # -- which code set ---------------------------------------------------------------------
    def _shared_store(self) -> SharedCodeSets | None:
        repository = self._case_store() if self._case_store is not None else None
        return repository.code_sets() if repository is not None else None

    def _shared_codes(self) -> Mapping[str, LicensedText]:
        """The shared store's codes (read once; {} without a shared store, while it holds no
        code set, or while its server cannot be reached: never a wait on the GUI thread)."""
        if self._shared is not None:
            return self._shared
        from cdt_desktop.core.errors import UserFacingError

        repository = self._case_store() if self._case_store is not None else None
        shared = repository.code_sets() if repository is not None else None
        if repository is None or shared is None or not repository.connected:
            return {}
        try:
            self._shared = shared.newest_codes()
        except UserFacingError:  # the server went away: read again after it comes back
            return {}
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

        if self._shared_codes():
            from cdt_desktop.services.cdt_editions import code_notes

            shared = self._shared_store()
            assert shared is not None
            try:
                return code_notes(shared)
            except UserFacingError:
                return {}
        store = self._open()
        if store is None:
            return {}
        from cdt_desktop.services.cdt_editions import code_notes

        return code_notes(store)

    def reload(self) -> None:
        """Read the code sets afresh (after an import, here or on another workstation)."""
        self.close()
        self._looked = False
        self._shared = None

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
