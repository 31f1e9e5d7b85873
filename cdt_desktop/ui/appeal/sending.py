"""The letter dialog's Save, Print and Copy: the check before a letter leaves, and what follows.

Each way out (a PDF file, the printer, the claim remark or the letter's text on the clipboard)
first re-reads what may have changed at another workstation since the dialog opened (the films,
the ticks, the case's code and tooth) and asks before a letter with problems goes; then it
leaves (``export.py`` writes the file, ``printing.py`` prints), is audited, and a saved or
printed letter offers to record the appeal, or to mark the request sent (``precheck.py``).

Mixed into ``NarrativeDialog`` (dialog.py), which supplies the letter as edited, its check and
its PDF. Apart from it because what happens when a letter leaves (the questions, the audit
rows, the status offered after) changes for other reasons than what the letter says and how it
is edited. `print_pdf` is looked up in this module when Print is pressed, so tests can replace
the native printer dialog.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QGuiApplication

from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.ui.appeal import export
from cdt_desktop.ui.appeal.printing import print_pdf
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from cdt_desktop.domain.appeal.letter import AppealLetter
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.ui.appeal.composer import LetterComposer
    from cdt_desktop.ui.appeal.radiographs import RadiographsBox

FILMS_UNREADABLE = (
    "The case store cannot be reached now, so nothing was saved, printed or copied: the "
    "letter would go out without the case's radiographs, and without a line in the audit log. "
    "Try again when the case store is back (the status bar says when); the letter stays open "
    "as it is."
)


class LetterSending:
    """Save, Print, Copy remark and Copy text of ``NarrativeDialog`` (a mixin: it needs the
    dialog's parts below)."""

    _left = 0  # problems the check named that the last export went despite (audited)
    voided = False
    """The case was voided at another workstation since the letter opened: nothing goes out."""

    if TYPE_CHECKING:
        prior_auth: bool
        radiographs: RadiographsBox
        _store: CaseRepository | None
        _case_id: int | None
        _operator: str
        _auth: AuthService | None
        _today: date
        _case: Case
        _sent: tuple[str, ...]
        _export_log: export.ExportLog
        _letters: LetterComposer

        @property
        def exported(self) -> SignalInstance: ...

        @property
        def claimAppealed(self) -> SignalInstance: ...

        @property
        def priorAuthSent(self) -> SignalInstance: ...

        @property
        def pdf_bytes(self) -> bytes: ...

        def _typed(self) -> tuple[str, ...]: ...

        def _films_changed(self) -> None: ...

        def follow_ticks(self) -> bool: ...

        def current_case(self) -> Case: ...

        def current_letter(self) -> AppealLetter: ...

        def check_problems(self) -> tuple[list[str], list[str]]: ...

        def update_check(self) -> None: ...

        def _remark(self) -> str: ...

    def _widget(self) -> QWidget:
        """The dialog, as the parent of its questions (the mixin is a QDialog)."""
        return cast("QWidget", self)

    def _confirmed(self) -> bool:
        from cdt_desktop.ui.appeal import precheck

        # films attached or removed on another workstation since the dialog opened: the
        # letter, its check and the PDF written follow them (the PDF rendered before went out
        # with a removed film and without an added one, tour9)
        before = [film.id for film in self.radiographs.films()]
        if not self.radiographs.reload():
            msgbox.show_error(self._widget(), "Case store not reachable", FILMS_UNREADABLE)
            return False
        if [film.id for film in self.radiographs.films()] != before:
            self._films_changed()  # recomposes the untouched sections; the PDF is re-rendered
        self.follow_ticks()  # ticked or unticked elsewhere since (the feed may not have said)

        # the code or tooth changed at another workstation since the letter was opened (tour8)
        changed = precheck.changed_elsewhere(
            self._store, self._case_id, self._case, mine=self.current_case()
        )  # (the denial reason typed here, which an export saves, is no change elsewhere)
        letter = "request" if self.prior_auth else "appeal"
        if changed.voided:  # refused, not asked: "Export anyway" sent it (two-PC walk)
            self.voided = True
            self.update_check()
            msgbox.show_error(
                self._widget(), "Case voided", precheck.voided_words(self._case_id, letter)
            )
            return False
        reminders: list[str] = []
        if changed.recoded:
            # the rest of the check is of the case as the letter opened it, with its old code
            # ("the case is now coded D3330" under "the case is now D3348": two-PC walkthrough);
            # the letter opened again is checked anew
            problems = changed.recoded + changed.fields
        else:
            found, reminders = self.check_problems()
            problems = changed.fields + found
        self._left = len(problems)  # sent despite them: audited with the export (_record)
        return not problems or precheck.confirm_export(self._widget(), problems, letter, reminders)

    def _record(self, kind: str, filename: str) -> bool:
        """Audit an export that happened (``export.ExportLog``: a failure is told, never
        raised); the window hears of it either way."""
        self._sent = self._typed()
        denial_reason = self.current_case().claim.denial_reason
        recorded = self._export_log.record(self._widget(), kind, filename, denial_reason)
        if self._export_log.saved_reason == denial_reason:  # saved here: the letter's own
            claim = replace(self._case.claim, denial_reason=denial_reason)  # (no change made
            self._case = replace(self._case, claim=claim)  # at another workstation: walk)
        if recorded and self._left:
            self._export_log.record_anyway(kind, self._left)
        self.exported.emit(kind)
        return recorded

    def save_pdf(self) -> str:
        """Ask where, write atomically (0600), audit; returns the path ("" when cancelled)."""
        suggested = export.suggested_path(self._case_id, self._today, self._kind, self._widget())
        if not self._confirmed():
            return ""
        if self.prior_auth:  # its own words on the dialog (it said "Save appeal letter")
            path = export.ask_save_path(
                self._widget(), suggested, "Save prior-authorization request"
            )
        else:
            path = export.ask_save_path(self._widget(), suggested)
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if not export.write_pdf(self._widget(), path, lambda: self.pdf_bytes):
            return ""
        self._record(f"{self._kind}-pdf", path)
        self._offer_appealed()
        return path

    def print_letter(self) -> bool:
        if not self._confirmed():
            return False
        printed = print_pdf(self._widget(), self.pdf_bytes)  # "printer", or the file printed to
        if printed:
            where = printed if isinstance(printed, str) else "printer"
            self._record(f"{self._kind}-print", where)
            self._offer_appealed()  # a printed letter goes in the mail: it is the appeal too
        return bool(printed)

    @property
    def _kind(self) -> str:
        """The letter's kind in file names and audit rows."""
        return "prior-auth" if self.prior_auth else "appeal"

    def _offer_appealed(self) -> None:
        """A denied claim: offer to record the appeal; the window's list follows at once. A
        request: offer to mark it sent today (the case then waits for the plan's answer)."""
        from cdt_desktop.ui.appeal import precheck

        if self.prior_auth:  # a request before treatment appeals nothing
            if precheck.mark_prior_auth_sent(
                self._widget(), self._store, self._case_id, operator=self._operator,
                today=self._today, auth=self._auth,
            ):  # fmt: skip
                self.priorAuthSent.emit()
            return

        if precheck.mark_appealed(
            self._widget(),
            self._store,
            self._case_id,
            operator=self._operator,
            today=self._today,
            profiles=self._letters.profiles,
        ):
            self._follow_status()
            self.claimAppealed.emit()

    def _follow_status(self) -> None:
        """The claim's status as stored now: the banner notes the appeal sent (it went on
        saying "Nothing blocks sending" until the dialog was opened again: keyboard
        walkthrough, a second copy printed from it)."""
        if self._store is None or self._case_id is None:
            return
        stored = self._store.get_case(self._case_id).case
        self._case = replace(self._case, status_history=stored.status_history)
        self.update_check()

    def copy_remark(self) -> str:
        """The claim remark on the clipboard, after the check Save and Print make ("" when
        the clerk stops there): a copy goes to the payer's portal as surely as a print goes
        in the mail (walkthrough: the text of a letter whose code was changed at another PC
        was copied without the warning Save gave)."""
        if not self._confirmed():
            return ""
        remark = self._remark()
        QGuiApplication.clipboard().setText(remark)
        self._record("claim-remark", "clipboard")
        return remark

    def copy_plain_text(self) -> str:
        """The letter as plain text on the clipboard, after the same check as Save and Print
        ("" when the clerk stops there)."""
        if not self._confirmed():
            return ""
        text = plain_text(self.current_letter())
        QGuiApplication.clipboard().setText(text)
        self._record(f"{self._kind}-text", "clipboard")
        return text
