"""The case store as the rest of the app sees it: one Protocol, its value types and its errors.

Two backends implement :class:`CaseRepository`: the embedded SQLite file (one PC, the default)
and a PostgreSQL server (several workstations); ``cdt_desktop.db.cases.open_repository(url)``
picks one. Services, the window and the CLI are typed with this Protocol only, so ``ui/`` never
imports ``db/`` and the same contract tests (tests/contract/) run on both backends.

The value types are NamedTuples, not frozen dataclasses: as immutable and typed, but created about
7x faster when the module loads (it loads at every start). The case model
(``cdt_desktop.domain.cases.model``) is only named for type checking here.

Errors carry messages that are safe to show and to log: they name the store (a file path, or a
server's host and port) and what to do, never patient data and never a password.
"""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from cdt_desktop.core.errors import InputError, UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.radiographs import Radiograph
    from cdt_desktop.domain.coding.codesets import SharedCodeSets
    from cdt_desktop.domain.session import Needs

CASE_STATUSES = ("draft", "submitted", "denied", "appealed", "paid", "closed", "void")
"""A case moves draft -> submitted -> denied -> appealed -> paid -> closed; "void" is a case
entered in error: kept with its audit trail, never deleted, hidden from the case list unless
asked for (services.cases)."""

MAX_OPERATOR_LEN = 16


# -- value types --------------------------------------------------------------------------------
class CheckState(NamedTuple):
    """One checklist tick as stored: who set it and when, so the audit trail can be shown."""

    item_id: str
    checked: bool
    by: str
    at: str
    note: str = ""


class StoredCase(NamedTuple):
    """A case as loaded, with its ticks and the ``version`` to pass back on update.

    ``uuid`` never changes, on any PC or server; ``id`` is this store's short number."""

    id: int
    case: "Case"
    status: str
    created_at: str
    updated_at: str
    checks: dict[str, CheckState]
    version: int = 1
    uuid: str = ""

    def ticked(self) -> "Case":
        """The case with the store's ticks over its own checklist: what the record answers is
        counted from this (``record_answers``), as the Checklist tab counts it."""
        from dataclasses import replace

        ticks = {item_id: state.checked for item_id, state in self.checks.items()}
        return replace(self.case, checklist={**self.case.checklist, **ticks})

    def summary(self) -> "CaseSummary":
        """The case's line in the case list, as :meth:`CaseRepository.list_cases` reads it
        (its columns are these fields of the case, written with it)."""
        case, procedure = self.case, self.case.procedure
        return CaseSummary(
            self.id, case.patient.name, case.claim.date_of_service, procedure.code,
            procedure.tooth, self.status, self.updated_at, self.uuid, procedure.notation,
        )  # fmt: skip


class CaseSummary(NamedTuple):
    """One line of the case list: only the listed columns, so a long list stays cheap."""

    id: int
    patient_name: str
    date_of_service: str
    code: str
    tooth: str
    status: str
    updated_at: str
    uuid: str = ""
    notation: str = ""  # the tooth's: "universal", "fdi", "palmer" ("" from older callers)


class AuditEntry(NamedTuple):
    """One audit row; ``detail`` holds ids, field names and file names, never patient data."""

    id: int
    at: str
    operator: str
    action: str
    case_id: int | None
    detail: str
    case_uuid: str = ""
    user_id: int | None = None  # the signed-in user who acted (sign-in on); None: none was


class CaseRecord(NamedTuple):
    """A case with all that belongs to it (ticks with who and when, its audit rows), as
    ``store migrate`` copies it from one store into another. Each audit row's ``user_id``
    names a user of the store the record goes into (``store migrate`` maps them), or None."""

    stored: StoredCase
    audit: list[AuditEntry]


class StoreChange(NamedTuple):
    """What another workstation changed (live refresh): the case, the action and who did it."""

    case_id: int
    action: str
    operator: str
    case_uuid: str = ""


# -- errors -------------------------------------------------------------------------------------
class StoreError(UserFacingError):
    """A case-store problem; the message names the store and what to do, never patient data."""

    def __init__(self, message: str, path: Path | str | None = None):
        self.path = Path(path) if path is not None else None
        super().__init__(message)

    def __str__(self) -> str:  # KeyError-like subclasses would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class StoreCorruptError(StoreError):
    """The store is damaged (SQLITE_CORRUPT, failed quick/integrity check, empty or truncated)."""


class StoreNotADatabaseError(StoreCorruptError):
    """The file is not an SQLite database at all (SQLITE_NOTADB: random bytes, a text file)."""


class StoreForeignFileError(StoreError):
    """A database that belongs to another application (other ``application_id`` / tables)."""


class StoreNewerSchemaError(StoreError):
    """The store was written by a newer version of the app."""


class StoreReadOnlyError(StoreError):
    """A write was attempted on a store that is open read-only."""


class StoreLockedError(StoreError):
    """Another window or program held the store for longer than the busy timeout."""


class StoreFullError(StoreError):
    """The disk is full; the transaction was rolled back."""


class StoreMissingError(StoreError):
    """No store there and creating one was not asked for."""


class StoreNetworkPathError(StoreError):
    """The path is on a network share, where SQLite's locking and WAL do not work."""


class StoreUnavailableError(StoreError):
    """The store's server cannot be reached (down, refused, timed out, login refused).

    Nothing was written; the window keeps what was typed and reconnects by itself."""


class StoreFileGoneError(StoreUnavailableError):
    """The store's file was deleted, moved or replaced while it was open: what was written
    after would go to a file nobody can open again, so nothing more is written to it."""


class StoreInputError(StoreError, InputError):
    """A bad argument to a store call (missing initials, unknown status, invalid item id)."""


class StoreUrlError(StoreInputError):
    """A store URL this app cannot use (unknown scheme, malformed)."""


class CaseNotFoundError(StoreError, KeyError):
    """No case with that id (a KeyError, so ``except KeyError`` also works)."""


class CaseVoidedError(StoreError):
    """The case was voided (entered in error), possibly at another workstation meanwhile: nothing
    more is saved on it (no tick, no film, no edit), and nothing was written."""

    def __init__(self, case_id: int, path: Path | str | None = None):
        super().__init__(
            f"Case {case_id} was voided (entered in error), so the change was not saved: "
            "nothing more is saved on a voided case. Make the change on the patient's real case.",
            path,
        )


class StoreConflictError(StoreError):
    """The case was changed elsewhere since it was loaded (optimistic concurrency).

    ``changed_by`` and ``changed_at`` name who saved the newer version and when."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        *,
        changed_by: str = "",
        changed_at: str = "",
    ):
        super().__init__(message, path)
        self.changed_by = changed_by
        self.changed_at = changed_at


# -- the port -----------------------------------------------------------------------------------
class ChangeFeed(Protocol):
    """Notifications of other workstations' writes (PostgreSQL LISTEN/NOTIFY).

    ``fileno()`` becomes readable when something arrived (watch it with a QSocketNotifier, so the
    GUI thread never blocks); ``drain()`` then returns the changes without waiting."""

    def fileno(self) -> int: ...

    def drain(self) -> list[StoreChange]: ...

    def close(self) -> None: ...


class CaseRepository(Protocol):
    """Patient cases, their checklist ticks and the append-only audit log.

    Every write commits at once together with its audit row, and says who made it
    (``operator``: initials). Reads return the value types above.
    """

    read_only: bool

    @property
    def location(self) -> str:
        """Where the cases live, for people: "This PC (/path/cases.sqlite)" or "server HOST:PORT/DB"."""
        ...

    @property
    def url(self) -> str:
        """The store URL without any password (what ``--store`` would take)."""
        ...

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> "CaseRepository": ...

    def __exit__(self, *exc: object) -> None: ...

    # cases
    def create_case(self, case: "Case", *, operator: str) -> int: ...

    def get_case(self, case_id: int) -> StoredCase: ...

    def update_case(
        self, case_id: int, case: "Case", *, operator: str, expected_version: int | None = None,
        wanted: "Needs" = (),
    ) -> int:  # fmt: skip
        """Save the case's sections; the new version. ``wanted``: what the services layer's
        rule says this change needs of the signed-in user's role (domain/session.py), checked
        again in the write's transaction against the role the store holds then (an admin may
        have changed it at another workstation): RoleChangedError, nothing saved."""
        ...

    def set_status(self, case_id: int, status: str, *, operator: str) -> None: ...

    def delete_case(self, case_id: int, *, operator: str) -> None: ...

    def list_cases(
        self, query: str = "", *, status: str | None = None, limit: int = 500
    ) -> list[CaseSummary]: ...

    def cases_in_status(self, status: str, *, limit: int = 500) -> list[StoredCase]:
        """The cases of one status, newest first (as :meth:`list_cases` orders them), each with
        its ticks, read at once: the billing views read every draft or every denial, and a
        :meth:`get_case` for each was several round trips apiece to an office server."""
        ...

    def count_cases(self) -> int: ...

    def find_uuid(self, case_uuid: str) -> int | None:
        """The id of the case with that uuid in this store, or None."""
        ...

    # checklist
    def set_check(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = ""
    ) -> CheckState: ...

    def tick(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = "",
        billing_item: bool = False,
    ) -> dict[str, CheckState]:  # fmt: skip
        """Save one tick (as :meth:`set_check`, with its audit row) and return the case's ticks
        as stored after it, read in the same transaction (PostgreSQL: one round trip), so a
        window also sees ticks made meanwhile on another workstation. Refused (nothing saved)
        when the signed-in user's role, as the store holds it at that moment, may not tick;
        ``billing_item`` (the item is one of the Billing items of the case's code): nor edit
        claims."""
        ...

    def checks(self, case_id: int) -> dict[str, CheckState]: ...

    # radiographs (domain/cases/radiographs.py): images the appeal encloses
    def add_radiograph(
        self,
        case_id: int,
        *,
        caption: str,
        taken_on: str,
        media_type: str,
        data: bytes,
        width: int,
        height: int,
        operator: str,
    ) -> "Radiograph":
        """Attach an already-cleaned image (``services.radiographs`` prepares it) to the case,
        with an audit row ("attach", the caption's length and the digest, never the caption);
        CaseNotFoundError for no such case, StoreInputError past ``MAX_PER_CASE``."""
        ...

    def film_dates(self, case_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """(caption, date taken) of the images of each of ``case_ids``, oldest first, read at
        once without their bytes (cases with none are left out)."""
        ...

    def radiographs(self, case_id: int, *, with_data: bool = True) -> "list[Radiograph]":
        """The case's images, oldest first, with their bytes (``with_data=False``: without
        them, ``data`` empty and ``size`` their stored length, for listings)."""
        ...

    def remove_radiograph(self, case_id: int, radiograph_id: int, *, operator: str) -> None:
        """Detach one image (audited "detach"); CaseNotFoundError when it is not the case's."""
        ...

    def cases_with_image(self, sha256: str) -> list[int]:
        """The ids of the cases holding an image whose stored bytes have this digest, in
        order: the same film attached to another patient's case is asked about first."""
        ...

    # audit, files
    def record_export(self, case_id: int, *, operator: str, kind: str, filename: str) -> None: ...

    def record_event(self, case_id: int, *, operator: str, action: str, detail: str) -> None:
        """Audit a decision about a case that is not a field edit (a confirmed risky code, an
        undone code change, an incomplete draft, a void); ``detail`` holds codes and field
        names, never patient data."""
        ...

    def audit(self, case_id: int | None = None, limit: int = 1000) -> list[AuditEntry]: ...

    def record_view(self, case_id: int, *, operator: str) -> None:
        """Audit that a case was opened (viewed)."""
        ...

    def verify_audit(self) -> list[str]:
        """Problems of the audit log's hash chain and append-only guards ([] when intact)."""
        ...

    def import_case(self, text: str, *, operator: str) -> int: ...

    def export_case(self, case_id: int) -> str: ...

    def check(self) -> list[str]: ...

    def adopt_case(self, record: CaseRecord) -> int | None:
        """Insert a case from another store as it was (uuid, status, times, version, ticks,
        audit rows); None, and nothing written, when a case with that uuid is here already."""
        ...

    # the licensed CDT code set (domain/coding/codesets.py)
    def code_sets(self) -> "SharedCodeSets | None":
        """The office's shared code sets (PostgreSQL: one import, every workstation sees it),
        or None where the code set is this PC's own file (SQLite: ``codesets.sqlite``)."""
        ...

    # several workstations
    def changes(self) -> ChangeFeed | None:
        """A feed of other workstations' writes, or None where there are none (SQLite)."""
        ...

    def outside_writes(self) -> int | None:
        """A number that moves when another process commits to the store (a ``cdt-desktop``
        command, a script of the office's) and never for this object's own writes; None where
        a change feed says it instead (PostgreSQL)."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailableError when the store cannot be reached right now (reconnects
        this object when it can)."""
        ...

    @property
    def connected(self) -> bool:
        """Whether this object holds a live connection (a file store always does)."""
        ...

    def probe(self) -> None:
        """Raise StoreUnavailableError unless the store answers a fresh connection now. Safe
        from any thread: it never touches this object's own connection (a reconnect timer may
        wait for a silent server on a worker thread, never on the GUI thread)."""
        ...


RepositoryOpener = Callable[[str | None], CaseRepository]
"""How the app opens a store from a URL (``cdt_desktop.db.cases.open_repository``)."""
