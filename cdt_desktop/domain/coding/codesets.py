"""The practice's licensed CDT code sets as the services read and write them: one interface, two
homes.

On one PC the code set is that PC's own file (``db/codesets.py``: ``codesets.sqlite`` in the
data folder). In an office whose case store is a PostgreSQL server, it lives on the server
(``db/cases/postgres/codesets.py``), so one import is seen by every workstation; the case store
then hands it out (``CaseRepository.code_sets()``). Both implement :class:`CodeSets`, so the
change report, the case flags and the code detail read either the same way, and the contract
tests run on both.

Typing only: nothing here runs, and the window's start-up imports nothing of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from cdt_desktop.domain.coding.editions import LicensedText


class EditionToSave(Protocol):
    """An edition read from the licensed file (``db.cdt_file.ImportReport`` has these)."""

    @property
    def edition(self) -> str: ...
    @property
    def accepted(self) -> Sequence[LicensedText]: ...


class CodeSets(Protocol):
    """The imported editions; the newest edition is the active one."""

    @property
    def location(self) -> str:
        """Where they live, for people: "this PC" or "the office server HOST:PORT/DB"."""
        ...

    def editions(self) -> list[tuple[str, str, int]]:
        """(edition, imported_at, row_count), newest edition first."""
        ...

    def codes(self, edition: str) -> Mapping[str, LicensedText]: ...

    def lookup(self, code: str, edition: str | None = None) -> LicensedText | None:
        """The code's text in ``edition``; by default in the newest edition that has it."""
        ...

    def descriptor(self, code: str) -> str | None:
        """The licensed text shown beside our guidance: nomenclature, then the descriptor, of
        the edition in force today (January 1 of its year has come), else of the newest that
        has the code."""
        ...

    def previous_edition(self, edition: str) -> str | None: ...

    def newest_edition(self) -> str | None: ...

    def close(self) -> None: ...


class SharedCodeSets(CodeSets, Protocol):
    """The office's code sets on the shared case store: an import is one transaction with its
    audit row (who, the edition, the row count; never descriptor text), and the other
    workstations hear of it through the store's change feed (action ``cdt-import``)."""

    @property
    def read_only(self) -> bool: ...

    def imported_by(self, edition: str) -> str:
        """Who imported ``edition`` (their initials), "" when it is not there."""
        ...

    def source_name(self, edition: str) -> str:
        """The name of the file ``edition`` was imported from, "" when it is not there."""
        ...

    def newest_codes(self) -> Mapping[str, LicensedText]:
        """Every code in the newest edition that has it, in one read (the window caches it)."""
        ...

    def save(
        self, report: EditionToSave, source_name: str, *, operator: str, action: str = ...
    ) -> None:
        """Replace the edition with the report's accepted codes (one transaction)."""
        ...


IMPORT_ACTION = "cdt-import"
"""The audit action of an import into the shared store (and the change feed's word for it)."""
UPLOAD_ACTION = "cdt-upload"
"""The audit action of a PC's own code set copied to the shared store (upload, store migrate)."""
