"""The practice's imported CDT descriptors as the window shows them (issue 16), following a new
import made in the window (File > Import licensed CDT file...).

Kept apart from ``cdt_editions`` so that building the window loads nothing of the edition
comparison: an office that never imported a code set pays one file check at the first lookup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdt_desktop.db.codesets import CodeSetStore


class LicensedCodes:
    """The practice's imported descriptors as the window shows them; follows a new import.

    Nothing is opened until a code is looked up, and no file is created: an office that never
    imported a code set pays nothing at start-up."""

    def __init__(
        self, data_dir: Path, store: CodeSetStore | None = None, *, looked: bool = False
    ) -> None:
        """``store``: the code sets already opened; ``looked``: the caller already tried to
        open them (None found, or a damaged file it logged), so the first lookup does not."""
        self.data_dir = data_dir
        self._store = store
        self._looked = looked or store is not None

    def descriptor(self, code: str) -> str | None:
        store = self._open()
        return store.descriptor(code) if store is not None else None

    def notes(self) -> dict[str, str]:
        """Code -> note for codes the newest edition deleted or revised (see code_notes)."""
        store = self._open()
        if store is None:
            return {}
        from cdt_desktop.services.cdt_editions import code_notes

        return code_notes(store)

    def reload(self) -> None:
        """Read the code sets afresh (after an import)."""
        self.close()
        self._looked = False

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
