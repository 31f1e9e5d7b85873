"""The reference library as the window reads it: the office's payer profiles in front of the
shipped ones. Built at start; the profiles' own module (``services.payers``: reading, checking
and saving them) loads with the first letter or the Payer profiles window, not at start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from cdt_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.domain.reference import ChecklistItem, CodeEntry, SearchHit
    from cdt_desktop.services.payers import SettingsStore, ShippedLibrary


class OfficeLibrary:
    """The reference library as the window reads it, with the office's payer profiles in front
    of the shipped ones (read from the case store in use each time, so a switched store or
    another workstation's change applies to the next letter)."""

    def __init__(self, library: ShippedLibrary, store_source: Callable[[], object]) -> None:
        self._library = library
        self._store_source = store_source

    def __getattr__(self, name: str) -> object:  # everything else is the library's own
        return getattr(self._library, name)

    def names(self) -> dict[str, str]:
        return self._library.names()

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        return self._library.search(query, limit)

    def get(self, code: str) -> CodeEntry | None:
        return self._library.get(code)

    def checklist(self, code: str) -> tuple[ChecklistItem, ...]:
        return self._library.checklist(code)

    def shipped_payer_profiles(self) -> tuple[PayerProfile, ...]:
        """The profiles shipped with the app alone (File > Payer profiles... lists them after
        the office's)."""
        return self._library.payer_profiles()

    def payer_profiles(self) -> tuple[PayerProfile, ...]:
        from cdt_desktop.services.payers import PayerDirectory

        store = self._store_source()
        settings = store if hasattr(store, "get_setting") else None
        try:
            office = PayerDirectory((), cast("SettingsStore | None", settings)).office()
        except UserFacingError:  # a store that cannot be read now: the shipped ones still serve
            office = ()
        return office + self._library.payer_profiles()
