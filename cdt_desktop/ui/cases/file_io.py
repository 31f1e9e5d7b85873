"""Import and export of a case as the case file JSON (docs/case-file.md).

Why these rules:
* Import is all or nothing: `CaseStore.import_case` validates the whole file and raises
  `CaseFileError` listing *every* problem, so the user fixes the file once, not once per error.
* Export writes atomically (`io_atomic.write_text_atomic`: temp file, fsync, rename, mode 0600)
  so a full disk or a crash never leaves half a file with PHI in it, and is recorded in the
  audit log (`record_export(kind="case-json")`) with the operator's initials.
* Before exporting, *required* checklist items not done are listed with the option to continue,
  because an incomplete claim is the commonest cause of a first-pass denial. Done is the
  Checklist tab's rule: ticked, or answered by the case's record (a clinical fact, a dated
  pre-op/post-op film), though a case file carries ticks only, not films.
* The file dialogs are the module-level functions `ask_open_path` / `ask_save_path`, and message
  boxes go through `error_dialog`, so tests patch them instead of driving native dialogs.
Messages name no file and carry no patient data: they end up in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from cdt_desktop.core.atomic import write_text_atomic
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.cases import case_json
from cdt_desktop.domain.cases.case_json import CaseFileError, Problem
from cdt_desktop.domain.cases.field_rules import MAX_CASE_FILE_BYTES
from cdt_desktop.domain.reference import ChecklistItem, CodeLibrary, missing_required_items
from cdt_desktop.ui.common import file_dialogs, msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository, StoredCase
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.services.code_risk import CodeRisk

EXPORT_KIND = "case-json"
FILE_FILTER = "Case files (*.json);;All files (*)"
NO_OPERATOR_TEXT = "Choose your initials in the Operator box on the toolbar first."

_log = get_logger("ui")

_EXPORT_AGAIN = (
    "Nothing was imported.\n\nExport the case again on the other PC (Cases tab > Export…) and "
    "import the new file."
)
UNREADABLE_TEXT = {
    case_json.EMPTY: f"The case file is damaged or incomplete (it is empty). {_EXPORT_AGAIN}",
    case_json.CUT_OFF: (
        "The case file is damaged or incomplete (it ends too early): it was probably cut off "
        f"while it was copied, downloaded or sent. {_EXPORT_AGAIN}"
    ),
    case_json.DAMAGED: (
        "The case file is damaged: part of it is not as CDT Companion Desktop writes it (it "
        f"was changed in another program, or spoiled on its way). {_EXPORT_AGAIN}"
    ),
    case_json.FOREIGN: (
        "This is not a case file from CDT Companion Desktop. Nothing was imported.\n\n"
        "Import… takes the file that Export… on the Cases tab saves (case-12.json, for "
        "example); choose that file, or export the case again on the other PC."
    ),
}
"""What the window says of a file it could not read at all, in a user's words: the problems'
"not valid JSON (line 45, column 2)" went into the log (QA walkthrough: nobody at the front
desk knows what JSON is, nor what to do next)."""


def _start_dir(near: QWidget | None) -> Path:
    """Where the last case file was exported or imported (this PC's setting), else Documents,
    else the home folder."""
    from cdt_desktop.ui.common.folders import Location, last_folder

    return Path(last_folder(CASE_FILES, near, Location.DocumentsLocation))


def _remember(path: Path, near: QWidget | None) -> None:
    from cdt_desktop.ui.common.folders import remember_folder

    remember_folder(CASE_FILES, path, near)


CASE_FILES = "case files"
"""The purpose the case files' folder is remembered under (``folders.remember_folder``)."""


def ask_open_path(parent: QWidget | None) -> Path | None:
    """The case file to import, or None when cancelled (tests replace this function)."""
    name, _ = file_dialogs.open_file_name(
        parent, "Import case file", str(_start_dir(parent)), FILE_FILTER
    )
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to export, or None when cancelled (tests replace this function)."""
    name, _ = file_dialogs.save_file_name(parent, "Export case file", str(suggested), FILE_FILTER)
    return Path(name) if name else None


def export_file_name(case_id: int) -> str:
    return f"case-{case_id}.json"


def format_problems(problems: Sequence[str]) -> str:
    lines = "\n".join(f"• {problem}" for problem in problems)
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return f"Nothing was imported. The file has {count} {noun}:\n{lines}"


def read_case_text(path: Path) -> str:
    """The file's text (UTF-8, a BOM allowed); CaseFileError when it cannot be a case file."""
    from cdt_desktop.core.inputs import read_bounded

    try:  # the CLI's reader too: a cap, and no device or pipe (issue 15 items 6, 15)
        data = read_bounded(path, MAX_CASE_FILE_BYTES, what="the file", show_path=False)
    except UserFacingError as exc:
        raise CaseFileError([Problem("", "", str(exc))]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # cut inside a letter, else another kind of file
        cut = exc.reason == "unexpected end of data"
        raise CaseFileError(
            [Problem("", "", "the file is not UTF-8 text")],
            unreadable=case_json.CUT_OFF if cut else case_json.FOREIGN,
        ) from None


def import_case_file(
    parent: QWidget | None,
    store: CaseRepository,
    *,
    operator: str,
    confirm: Callable[[str], bool] | None = None,
) -> int | None:
    """Ask for a case file and add it as a new case; returns its id, or None (nothing added).
    ``confirm`` sees the file's text first and may decline (a deleted code: asked)."""
    if not (operator or "").strip():
        msgbox.show_error(parent, "Import case file", NO_OPERATOR_TEXT)
        return None
    path = ask_open_path(parent)
    if path is None:
        return None
    _remember(path, parent)
    try:
        text = read_case_text(path)
        if confirm is not None and not confirm(text):
            return None
        return int(store.import_case(text, operator=operator))
    except CaseFileError as exc:
        if exc.unreadable in UNREADABLE_TEXT:
            _log.info("case file not read: %s (%s)", exc.unreadable, "; ".join(exc.problems))
            msgbox.show_error(parent, "Case file not imported", UNREADABLE_TEXT[exc.unreadable])
        else:
            msgbox.show_error(parent, "Case file not imported", format_problems(exc.problems))
    except UserFacingError as exc:
        msgbox.show_error(parent, "Case file not imported", str(exc))
    return None


def import_for(parent: QWidget, service: CaseService, operator: str) -> int | None:
    """The case list's Import...: the user's right to create cases, the file, a deleted or
    unknown code confirmed (and audited as the case form audits it); the new case's id."""
    try:
        service.require("create-case")
    except UserFacingError as exc:
        msgbox.show_error(parent, "Case not imported", str(exc))
        return None
    asked: list[CodeRisk] = []
    case_id = import_case_file(
        parent, service.repository, operator=operator,
        confirm=lambda text: _confirmed(parent, service, text, asked),
    )  # fmt: skip
    if case_id is not None and asked:  # audited as a confirmation in the form is
        with suppress(UserFacingError):
            service.repository.record_event(
                case_id, operator=operator, action="confirm-code",
                detail=asked[0].audit_detail(),
            )  # fmt: skip
    return case_id


def _confirmed(parent: QWidget, service: CaseService, text: str, asked: list[CodeRisk]) -> bool:
    """The questions before an import, on the file read once as the import reads it: a file
    it refuses is not asked about (the import names every problem)."""
    try:
        case = service.read_case_file(text)
    except (UserFacingError, ValueError, TypeError, KeyError, AttributeError):
        return True
    return (
        _code_confirmed(parent, service, case, asked)
        and _dates_confirmed(parent, case)
        and _not_twice(parent, service, case)
    )


def _dates_confirmed(parent: QWidget, case: Case) -> bool:
    """A date of service after the day the claim went out, which the case form refuses, is
    imported only once the user says so (a file brought it in without a word, and the letter
    printed the service after its own denial: verification walk)."""
    from cdt_desktop.domain.appeal.check import service_after_sent

    said = service_after_sent(case)
    return not said or msgbox.ask_yes_no(
        parent,
        "Import a case with these dates?",
        f"{said[0]}\n\nImport the case anyway? Its dates can be corrected afterwards (Edit case).",
    )


def _code_confirmed(
    parent: QWidget, service: CaseService, case: Case, asked: list[CodeRisk]
) -> bool:
    """A case file whose code is deleted or unknown (D3354, D9999) is imported only once the
    user says so, as the case form asks (it came in without a word: new-office walkthrough)."""
    risk = service.code_risk(case.procedure.code, case)
    if risk is None or risk.kind not in ("deleted", "unknown"):
        return True
    if not msgbox.ask_yes_no(
        parent,
        f"Import a case coded {risk.code}?",
        f"{risk.reason}\n\nImport the case with {risk.code} anyway? Its code can be "
        "changed afterwards (Edit case).",
    ):
        return False
    asked.append(risk)
    return True


def _not_twice(parent: QWidget, service: CaseService, case: Case) -> bool:
    """A case file whose treatment is already a case here (imported before: from the e-mail,
    then from the share) is imported again only once the user says so (No is the default):
    two cases for one visit made two claims, or none (walkthrough: not a word was said)."""
    from cdt_desktop.core.text import isolate
    from cdt_desktop.domain.cross_notation import tooth_shown

    try:
        same = service.same_treatment(case)
    except UserFacingError:
        return True  # the import says what is wrong with the store
    if same is None:
        return True
    tooth = tooth_shown(same.tooth, same.notation or "universal", same.notation or "universal")
    what = " ".join(p for p in (same.code, tooth) if p)
    return msgbox.ask_yes_no(
        parent,
        "Case already here",
        f"Case {same.id} is {isolate(same.patient_name)}'s {what} on {same.date_of_service} "
        f"({same.status}): this file looks like the same treatment, imported before.\n\n"
        "Import it again as another case? No keeps the cases as they are.",
    )


def export_for(
    parent: QWidget, service: CaseService, case_id: int, operator: str,
    library: CodeLibrary | None,
) -> Path | None:  # fmt: skip
    """The case list's Export...: the user's right to export, then the case file; where it was
    saved, or None (refused, cancelled, failed: said in a message)."""
    try:
        service.require("export")
    except UserFacingError as exc:
        msgbox.show_error(parent, "Case not exported", str(exc))
        return None
    return export_case_file(parent, service.repository, case_id, operator=operator, library=library)


def missing_for_case(
    library: CodeLibrary | None,
    stored: StoredCase,
    films: Sequence[tuple[str, str]] = (),
) -> list[ChecklistItem]:
    """Required items of the case's code that are neither ticked nor answered by the case's
    record (a clinical fact, a dated pre-op/post-op film among ``films``: the rule of the
    Checklist tab and Mark as submitted); empty without a library or code."""
    code = stored.case.procedure.code
    if library is None or not code:
        return []
    try:
        items = library.checklist(code)
    except UserFacingError:
        return []
    missing = missing_required_items(items, stored.checks)
    if not missing:
        return missing
    from cdt_desktop.domain.appeal.answered import record_answers

    answered = record_answers(stored.ticked(), (item.id for item in missing), films)
    return [item for item in missing if item.id not in answered]


def confirm_missing(parent: QWidget | None, missing: list[ChecklistItem]) -> bool:
    """Ask whether to export although required items are unticked (default: no)."""
    lines = "\n".join(f"• {item.text}" for item in missing)
    count = len(missing)
    noun = "item is" if count == 1 else "items are"
    text = f"{count} required checklist {noun} not ticked:\n{lines}\n\nExport anyway?"
    return msgbox.ask_yes_no(parent, "Required items missing", text, default=False)


def export_case_file(
    parent: QWidget | None,
    store: CaseRepository,
    case_id: int,
    *,
    operator: str,
    library: CodeLibrary | None = None,
) -> Path | None:
    """Save the case as `case-<id>.json` where the user chooses; returns the path or None."""
    if not (operator or "").strip():
        msgbox.show_error(parent, "Export case file", NO_OPERATOR_TEXT)
        return None
    path: Path | None = None
    try:
        stored = store.get_case(case_id)
        films = [(f.caption, f.taken_on) for f in store.radiographs(case_id, with_data=False)]
        missing = missing_for_case(library, stored, films)
        if missing and not confirm_missing(parent, missing):
            return None
        path = ask_save_path(parent, _start_dir(parent) / export_file_name(case_id))
        if path is None:
            return None
        if not path.suffix:
            path = path.with_suffix(".json")
        _remember(path, parent)
        text = store.export_case(case_id)
        write_text_atomic(path, text)
        store.record_export(case_id, operator=operator, kind=EXPORT_KIND, filename=path.name)
    except UserFacingError as exc:
        msgbox.show_error(parent, "Case file not exported", str(exc))
        return None
    except OSError as exc:
        from cdt_desktop.ui.common.file_dialogs import not_saved_reason

        reason = not_saved_reason(path, exc) if path is not None else exc.strerror
        msgbox.show_error(
            parent, "Case file not exported", f"The case file was not saved: {reason}."
        )
        return None
    return path
