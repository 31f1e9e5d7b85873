"""Where a letter goes when it leaves the appeal dialog, and the audit row that says so.

The dialog decides when (after the pre-export check); this module asks where (the native "Save
as" dialog, module-level so tests can replace it), writes the file atomically, and records every
export (file, printer, clipboard) in the case store's audit log, keeping the denial reason typed
in the dialog on the case so the next export has it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.common import file_dialogs, msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository

_log = get_logger("ui")


def ask_save_path(parent: QWidget | None, suggested: str, title: str = "Save appeal letter") -> str:
    """The native "Save as" dialog; returns "" when cancelled."""
    path, _ = file_dialogs.save_file_name(parent, title, suggested, "PDF (*.pdf)")
    return path


def default_filename(case_id: int | None, day: date, kind: str = "appeal") -> str:
    """Named by kind, case id and date, never by patient name (the file name is not private)."""
    stem = f"{kind}-case{case_id}" if case_id is not None else kind
    return f"{stem}-{day:%Y%m%d}.pdf"


def suggested_path(case_id: int | None, day: date, kind: str, near: QWidget | None) -> str:
    """The file the "Save as" dialog proposes, in a folder that exists: a missing Documents
    made the dialog open where the radiograph chooser had been (Pictures), or in the folder
    the app was started from."""
    from cdt_desktop.ui.common.folders import Location, last_folder

    # where the last letter went: the claims folder (billing walkthrough: every Save as opened
    # in the home folder again, the folder chosen anew for each letter)
    folder = last_folder(LETTERS, near, Location.DocumentsLocation, Location.DesktopLocation)
    return str(Path(folder) / default_filename(case_id, day, kind))


LETTERS = "letters"
"""The purpose the letters' folder is remembered under (``folders.remember_folder``)."""


def write_pdf(parent: QWidget, path: str, pdf: Callable[[], bytes]) -> bool:
    """Write the letter ``pdf()`` renders to ``path`` atomically (0600); False, after saying
    why, when it could not be saved (e.g. the target is the case store, a device or a FIFO)."""
    from cdt_desktop.core.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(path, pdf())
    except UserFacingError as exc:
        msgbox.show_error(parent, "Could not save", f"The letter was not saved: {exc}.")
        return False
    except OSError as exc:
        from cdt_desktop.ui.common.file_dialogs import not_saved_reason

        said = not_saved_reason(path, exc)
        msgbox.show_error(parent, "Could not save", f"The letter was not saved: {said}.")
        return False
    from cdt_desktop.ui.common.folders import remember_folder

    remember_folder(LETTERS, path, parent)
    return True


class ExportLog:
    """The audit of one case's letter exports (nothing to record without a store or a case)."""

    def __init__(self, store: CaseRepository | None, case_id: int | None, operator: str) -> None:
        self.store, self.case_id, self.operator = store, case_id, operator
        self.saved_reason: str | None = None
        """The denial reason the store holds after this dialog's last export saved it (None:
        not saved): the dialog's own save, never a change made at another workstation."""

    def record(self, parent: QWidget, kind: str, filename: str, denial_reason: str) -> bool:
        """Audit an export that happened; when the store cannot record it (read-only, full,
        busy) the user is told plainly that the letter left the app unrecorded. Never raises:
        this runs inside button slots."""
        if self.store is None or self.case_id is None:
            return True
        self._save_denial_reason(denial_reason)
        try:
            self.store.record_export(
                self.case_id, operator=self.operator, kind=kind, filename=filename
            )
        except UserFacingError as exc:
            _log.warning("export not audited (%s, %s)", kind, type(exc).__name__)
            msgbox.show_warning(
                parent,
                "Export not recorded",
                f"The letter was exported ({Path(filename).name}), but the audit log could "
                f"not record it: {exc}\nNote the export by hand if your office requires it.",
            )
            return False
        return True

    def record_anyway(self, kind: str, problems: int) -> None:
        """Audit that the export went despite ``problems`` the check named (how many: their
        texts name films by caption); the clerk's Yes was in no audit row (walkthrough)."""
        if self.store is None or self.case_id is None:
            return
        detail = f"{kind}: {problems} problem{'s' if problems != 1 else ''} of the check left"
        try:
            self.store.record_event(
                self.case_id, operator=self.operator, action="export-anyway", detail=detail
            )
        except UserFacingError as exc:  # the export's own row was written a moment ago
            _log.warning("export override not audited (%s)", type(exc).__name__)

    def _save_denial_reason(self, reason: str) -> None:
        """Keep the payer's denial reason typed in the dialog on the case, so the next export
        has it."""
        from dataclasses import replace

        store, case_id = self.store, self.case_id
        if store is None or case_id is None:
            return
        try:
            stored = store.get_case(case_id)
            if stored.case.claim.denial_reason != reason:
                claim = replace(stored.case.claim, denial_reason=reason)
                store.update_case(
                    case_id,
                    replace(stored.case, claim=claim),
                    operator=self.operator,
                    expected_version=getattr(stored, "version", None),
                )
            self.saved_reason = reason
        except UserFacingError as exc:  # the export itself must still happen
            _log.warning("denial reason not saved with the case (%s)", type(exc).__name__)
