"""Where an import of the licensed CDT file goes, and who may make it (window and command line).

One PC (an SQLite case store): the code set is this PC's own file, ``codesets.sqlite`` in the
data folder, as before. An office on a PostgreSQL case store: the import goes to the server
(``CaseRepository.code_sets()``), so it is made once and every workstation shows it; the other
windows hear of it through the store's change feed. Whichever the target, the import needs the
``import-codes`` permission (billing, admin; sign-in off: anyone) and a store open for writing,
and it is audited: who, the edition and the row count, never descriptor text. An import that cannot
be audited (no case store to record it in, nobody's initials) is not made (:data:`NOT_RECORDED`).

A PC that kept its own code set and then joined a shared store shows the server's code set as
soon as the server holds one; until then it keeps showing its own. Its editions the server lacks
can be uploaded (:meth:`CodeSetImport.upload_local`), by the import dialog, ``import-cdt
--upload-local`` or ``store migrate``, so nothing imported earlier is lost. Back from a server to
one PC, ``store migrate`` copies the server's editions into that PC's file
(:func:`download_editions`), never replacing an edition the PC holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.coding.codesets import IMPORT_ACTION, UPLOAD_ACTION

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from cdt_desktop.db.cdt_file import ImportReport
    from cdt_desktop.db.codesets import CodeSetStore
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.coding.codesets import SharedCodeSets
    from cdt_desktop.domain.coding.editions import (
        CaseFlag,
        ChangeReport,
        LicensedText,
        Replacement,
    )
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.auth import AuthService


NOT_RECORDED = (
    "the CDT file was not imported: every import is recorded in the audit trail of this PC's "
    "case store, and "
)
"""The start of the message when an import on one PC cannot be recorded (so is not made)."""


class LocalEdition(NamedTuple):
    """One edition of this PC's own code set, as uploaded to the shared store."""

    edition: str
    accepted: Sequence[LicensedText]
    source_name: str


class CodeSetImport:
    """The import's target (the shared store, or this PC's file) and its rules."""

    def __init__(
        self,
        data_dir: Path,
        repository: CaseRepository | None = None,
        *,
        auth: AuthService | None = None,
        operator: str = "",
    ) -> None:
        self.data_dir = data_dir
        self.repository = repository
        self.auth = auth
        self.operator = operator
        self.shared: SharedCodeSets | None = (
            repository.code_sets() if repository is not None else None
        )

    @property
    def where(self) -> str:
        """Where the import goes, for people."""
        return self.shared.location if self.shared is not None else "this PC"

    def check_allowed(self) -> None:
        """UserFacingError unless this import may be made now: the store is open for writing,
        and the signed-in user's role may import (billing or admin)."""
        from cdt_desktop.domain.session import Permission

        if self.repository is not None and self.repository.read_only:
            raise UserFacingError(
                f"The case store {self.repository.location} is open read-only; "
                "the CDT file cannot be imported here."
            )
        repository = self.repository
        if self.shared is not None and repository is not None and not repository.connected:
            raise UserFacingError(  # the window is offline: never wait for the server here
                f"The case store {repository.location} cannot be reached now; import the CDT "
                "file once it is back (the status bar says when)."
            )
        if self.auth is not None:
            self.auth.require(Permission.IMPORT_CODES)

    def check_ready(self) -> None:
        """:meth:`check_allowed`, and that the import can be recorded: who makes it (the
        signed-in user, else the operator's initials) and, on one PC, a case store to record it
        in. The window asks this before its dialog opens."""
        self.check_allowed()
        if self.shared is None:
            self._recorder()
        else:
            self._who()

    def _who(self) -> str:
        """The initials the audit row records (the signed-in user's, else the typed ones)."""
        from cdt_desktop.services.cases import require_operator

        if self.auth is not None and self.auth.user is not None:
            return self.auth.user.initials
        return require_operator(self.operator)

    # -- preview and save ---------------------------------------------------------------------
    def preview(self, report: ImportReport) -> ChangeReport:
        """What saving ``report`` would change against the target's editions (writes nothing)."""
        from cdt_desktop.services.cdt_editions import preview_against, preview_changes

        if self.shared is None:
            return preview_changes(self.data_dir, report)
        return preview_against(self.shared, report)

    def replacing(self, report: ImportReport) -> Replacement:
        """What importing ``report`` does to the import of its edition it would replace
        (`editions.replacement`): no lines when the target holds no such edition."""
        from cdt_desktop.domain.coding.editions import Replacement, replacement

        new = {c.code: c for c in report.accepted}
        if self.shared is not None:
            if report.edition not in {e for e, _at, _n in self.shared.editions()}:
                return Replacement((), False)
            old = dict(self.shared.codes(report.edition))
            return replacement(report.edition, old, new, self.shared.source_name(report.edition))
        local = _local(self.data_dir)
        if local is None:
            return Replacement((), False)
        with local:
            if report.edition not in {e for e, _at, _n in local.editions()}:
                return Replacement((), False)
            old = dict(local.codes(report.edition))
            source = local.source_name(report.edition)
        return replacement(report.edition, old, new, source)

    def flagged(self, changes: ChangeReport) -> tuple[CaseFlag, ...]:
        """The open cases of the case store whose code ``changes`` deleted or revised (none
        without a store, an edition before to compare with, or a store that cannot be read
        now): the dialog lists them as ``import-cdt`` does."""
        from cdt_desktop.domain.coding.editions import flag_cases

        if self.repository is None or not changes.previous:
            return ()
        try:
            return flag_cases(
                self.repository.list_cases(limit=100_000), changes.changes,
                edition=changes.edition,
            )  # fmt: skip
        except UserFacingError:
            return ()

    def save(self, report: ImportReport, source_name: str) -> ChangeReport:
        """Save the edition to the target (checked, audited); the change against the edition
        before it."""
        from cdt_desktop.services.cdt_editions import change_report, guidance_codes, save_codeset

        self.check_allowed()
        if self.shared is None:
            who = self._recorder()
            changes = save_codeset(self.data_dir, report, source_name)
            cast("UserRepository", self.repository).record_session_event(
                IMPORT_ACTION, operator=who,
                detail=f"CDT {report.edition}: {len(report.accepted)} codes",
            )  # fmt: skip
            return changes
        self.shared.save(report, source_name, operator=self._who(), action=IMPORT_ACTION)
        found = change_report(self.shared, report.edition, guidance=guidance_codes())
        assert found is not None  # the edition was just saved
        return found

    def _recorder(self) -> str:
        """One PC: who the import's audit row in this PC's case store names. An import that
        cannot be recorded is not made (no case store, or nobody's initials)."""
        if self.repository is None:
            raise UserFacingError(NOT_RECORDED + "this PC has no case store open to record it in")
        return self._who()

    def shown(self) -> str:
        """Which code set the windows show now, in one sentence (the dialog's second line)."""
        shared = self.shared.editions() if self.shared is not None else []
        if shared:
            return f"Shown on every workstation: {_newest(shared)} on {self.where}."
        local = _local(self.data_dir)
        mine: list[tuple[str, str, int]] = []
        if local is not None:
            with local:
                mine = local.editions()
        if self.shared is None:
            return f"Shown now: {_newest(mine)}." if mine else "No CDT code set imported yet."
        if mine:
            return (
                f"{capitalized(self.where)} holds no CDT code set yet; until it does, this "
                f"PC shows its own: {_newest(mine)}."
            )
        return f"{capitalized(self.where)} holds no CDT code set yet."

    # -- this PC's own code set on a shared store ---------------------------------------------
    def local_only(self) -> list[tuple[str, int]]:
        """(edition, row count) of this PC's own editions the shared store does not hold;
        [] without a shared store or without a local code set."""
        if self.shared is None:
            return []
        local = _local(self.data_dir)
        if local is None:
            return []
        with local:
            mine = [(edition, count) for edition, _at, count in local.editions()]
        there = {edition for edition, _at, _count in self.shared.editions()}
        return [(edition, count) for edition, count in mine if edition not in there]

    def upload_local(self) -> list[str]:
        """Copy this PC's editions the shared store lacks to it (audited ``cdt-upload``);
        an edition the server holds already is kept as it is there. The editions copied."""
        if self.shared is None:
            return []
        self.check_allowed()
        return upload_editions(self.data_dir, self.shared, self._who())


def _newest(editions: list[tuple[str, str, int]], year: str | None = None) -> str:
    """The edition the windows show (``editions`` newest first): the one in force in ``year``
    (today's), as the code detail shows it, and the next one imported ahead with the day it
    takes over (office manager walk: "Shown now: CDT 2027" on December 6, 2026, while the
    code detail rightly showed the 2026 text)."""
    from cdt_desktop.db.cdt_file import in_force_year

    year = year or in_force_year()
    shown = next((e for e in editions if e[0] <= year), editions[-1])
    said = _edition_words(shown)
    ahead = editions[0]
    if ahead[0] > shown[0]:
        said += f"; {_edition_words(ahead)} takes over on January 1, {ahead[0]}"
    return said


def _edition_words(edition: tuple[str, str, int]) -> str:
    name, imported_at, count = edition
    codes = f"{count:,} code" + ("" if count == 1 else "s")
    return f"CDT {name} ({codes}, imported {imported_at[:10]})"


def _local(data_dir: Path) -> CodeSetStore | None:
    """This PC's own code sets, or None (never created here). A damaged file is an error."""
    from cdt_desktop.db.codesets import CodeSetStore

    return CodeSetStore.open_existing(data_dir)


def upload_editions(data_dir: Path, shared: SharedCodeSets, operator: str) -> list[str]:
    """Each edition of the code set in ``data_dir`` that ``shared`` lacks, copied (oldest
    first, so the change report of each is against the one before); the editions copied."""
    from cdt_desktop.db.codesets import CodeSetStore

    local = CodeSetStore.open_existing(data_dir)
    if local is None:
        return []
    there = {edition for edition, _at, _count in shared.editions()}
    copied: list[str] = []
    with local:
        for edition, _at, _count in reversed(local.editions()):
            if edition in there:
                continue
            codes = sorted(local.codes(edition).values(), key=lambda c: c.code)
            name = local.source_name(edition) or "codesets.sqlite"
            shared.save(
                LocalEdition(edition, codes, name), name, operator=operator, action=UPLOAD_ACTION
            )
            copied.append(edition)
    return copied


class Download(NamedTuple):
    """What :func:`download_editions` did with each edition of the shared store."""

    copied: list[str]
    same: list[str]  # this PC held the edition already, code for code the same
    kept: list[tuple[str, int, int]]  # (edition, this PC's count, the server's): this PC's kept


def download_editions(shared: SharedCodeSets, data_dir: Path) -> Download:
    """The shared store's editions into this PC's own code set (``codesets.sqlite`` in
    ``data_dir``, created when missing), oldest first: ``store migrate`` from the server back to
    one PC. An edition this PC holds already is never replaced: when its codes differ from the
    server's, it is kept and listed in ``kept``, for the caller to say so."""
    from cdt_desktop.db.codesets import CodeSetStore

    editions = [edition for edition, _at, _count in reversed(shared.editions())]
    if not editions:
        return Download([], [], [])
    done = Download([], [], [])
    with CodeSetStore(data_dir) as local:
        mine = {edition for edition, _at, _count in local.editions()}
        for edition in editions:
            theirs = shared.codes(edition)
            if edition not in mine:
                codes = sorted(theirs.values(), key=lambda c: c.code)
                name = _source_name(shared, edition)
                local.save(LocalEdition(edition, codes, name), name)
                done.copied.append(edition)
            elif _same(local.codes(edition), theirs):
                done.same.append(edition)
            else:
                done.kept.append((edition, len(local.codes(edition)), len(theirs)))
    return done


def _same(mine: Mapping[str, LicensedText], theirs: Mapping[str, LicensedText]) -> bool:
    def text(codes: Mapping[str, LicensedText]) -> dict[str, tuple[str, str, str]]:
        return {k: (c.nomenclature, c.descriptor, c.category) for k, c in codes.items()}

    return text(mine) == text(theirs)


def _source_name(shared: SharedCodeSets, edition: str) -> str:
    """The file the edition was imported from, as the server recorded it."""
    return shared.source_name(edition) or "the office server"
