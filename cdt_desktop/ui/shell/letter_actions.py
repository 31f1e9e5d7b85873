"""What the shell does for the open case's letters and films: the appeal letter and the
prior-authorization request (File > Export appeal letter..., Prior authorization request...),
File > Radiographs..., and the status bar's word after each export or case file saved.

Split from ``actions.py`` (the chair's slots); the same habit: each function takes the window
and uses its public panes and controller only. The dialogs are imported when first opened
(they pull in ReportLab and QtPdf).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.cases.controller import WHERE_CASES_OPEN
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell.actions import case_heading, focus_operator

if TYPE_CHECKING:
    from cdt_desktop.ui.shell.window import Shell


def export_appeal(window: Shell, *, prior_auth: bool = False) -> None:
    """The appeal dialog for the open case, or (``prior_auth``) its prior-authorization request
    (imported here: it pulls in ReportLab and QtPdf)."""
    case_id = window.controller.case_id()
    store = window.store
    letter = "prior-authorization request" if prior_auth else "appeal letter"
    # every save, print or copy of the letter is audited; on a store open read-only nothing is
    # (the dialog says so at each export), so the letter is not held back for initials
    is_open = case_id is not None and store is not None and window.cases is not None
    if not _ready(window, is_open, f"export its {letter}",
                  f"every save, print or copy of the {letter} is",
                  read_only=store is not None and store.read_only):  # fmt: skip
        return
    assert case_id is not None and store is not None and window.cases is not None
    from PySide6.QtCore import Qt

    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    try:
        window.cases.require("sign-letter", "export")  # the letter's words in a refusal
    except UserFacingError as exc:  # a role that may not export: say which role may
        msgbox.show_error(window.as_widget(), "Not allowed", str(exc))
        return
    try:
        stored = window.cases.get(case_id)
    except UserFacingError as exc:
        msgbox.show_error(window.as_widget(), "Case not opened", str(exc))
        return
    dialog = NarrativeDialog(
        stored.case,
        code_note=window.case_list.model().case_note(case_id, stored.case, stored.status),
        library=window.library,
        store=store,
        case_id=case_id,
        operator=window.operator(),
        parent=window.as_widget(),
        films=window.cases,
        prior_auth=prior_auth,
        auth=window.cases.auth,
    )
    # closed is gone: Close only hid it, and each letter opened left the patient's letter, PDF
    # and films in the window's memory for the rest of the day
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exported.connect(lambda kind: exported(window, case_id, kind))
    dialog.claimAppealed.connect(lambda: appealed(window, case_id))
    dialog.priorAuthSent.connect(lambda: prior_auth_sent(window, case_id))
    # a dated film attached (or removed) in the letter's Radiographs box answers (or no longer
    # answers) its checklist item; the same connection wrote it, so no feed tells the window
    dialog.finished.connect(lambda _result: window.checklist_panel.reload())
    dialog.finished.connect(lambda _result: _back_to(window))
    dialog.open()


def _ready(window: Shell, is_open: bool, then: str, audited: str, *, read_only: bool) -> bool:
    """A case is open and, on a store that records who did it, initials are chosen; else the
    window says which is missing (``then``: what the user wanted to do with the case)."""
    if not is_open:
        msgbox.show_info(
            window.as_widget(),
            "No case open",
            f"Open or create a case first ({WHERE_CASES_OPEN}), then {then}.",
        )
        return False
    if read_only or window.operator().strip():
        return True
    msgbox.show_info(
        window.as_widget(),
        "Initials needed",
        f"Choose your initials in the Operator box first: {audited} recorded in the audit log"
        " with them.",
    )
    focus_operator(window)
    return False


def show_radiographs(window: Shell) -> None:
    """File > Radiographs…: the open case's films; the chair attaches the films it took."""
    case_id, case = window.controller.case_id(), window.controller.case()
    # attaching and removing are audited; a store open read-only only shows the films
    is_open = case_id is not None and case is not None and window.cases is not None
    if not _ready(window, is_open, "attach its radiographs", "attaching or removing a film is",
                  read_only=window.cases is not None and window.cases.read_only):  # fmt: skip
        return
    assert case_id is not None and case is not None and window.cases is not None
    from cdt_desktop.domain.appeal.answered import attached_film_questions
    from cdt_desktop.domain.appeal.films import recorded_film_dates
    from cdt_desktop.domain.appeal.remark import tooth_display
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog

    dialog = RadiographsDialog(
        window.cases,
        case_id,
        heading=case_heading(case_id, case, window.controller.notation()),
        # the tooth as the letter numbers it (FDI 16 is #3): the caption prints under the film
        tooth=tooth_display(case)[0].removeprefix("#"),
        operator=window.operator(),
        recorded_dates=recorded_film_dates(case),  # proposed as the date a film was taken
        check_film=lambda caption, taken: attached_film_questions(case, caption, taken),
        parent=window.as_widget(),
    )
    # a dated pre-op or post-op film answers its checklist item: the row beside the dialog
    # says so at once (it waited for the dialog to close: walkthrough)
    dialog.radiographs.changed.connect(window.checklist_panel.reload)
    dialog.finished.connect(lambda _result: window.checklist_panel.reload())  # another PC's
    dialog.finished.connect(lambda _result: _back_to(window))
    dialog.open()


def exported(window: Shell, case_id: int, kind: str) -> None:
    words = {
        "appeal-pdf": "Appeal PDF saved",
        "appeal-print": "Appeal letter printed",
        "prior-auth-pdf": "Prior-authorization request saved",
        "prior-auth-print": "Prior-authorization request printed",
        "appeal-text": "Appeal letter copied as plain text",
        "prior-auth-text": "Prior-authorization request copied as plain text",
        "claim-remark": "Claim remark copied",
    }
    window.statusBar().showMessage(f"{words.get(kind, 'Exported')} (case {case_id})", 6000)
    window.case_list.refresh()


def case_file_saved(window: Shell, case_id: int, name: str) -> None:
    """Cases tab > Export...: the case file's name, as the letter's exports say theirs (the
    status bar stayed blank after a case file was saved: QA walkthrough)."""
    from cdt_desktop.core.text import isolate

    said = f"Case file saved: {isolate(name)} (case {case_id})"
    films = len(window.cases.film_dates(case_id)) if window.cases is not None else 0
    if films:  # the file carries the case's text only: say so where the clerk looks
        images = "image is" if films == 1 else "images are"
        said += f"; its {films} radiograph {images} not in it: attach them again on the other PC"
    window.statusBar().showMessage(said, 10000 if films else 6000)


def appealed(window: Shell, case_id: int) -> None:
    """The claim was marked appealed from the letter dialog: the case list shows it now."""
    window.statusBar().showMessage(f"Case {case_id}: claim marked as appealed", 6000)
    window.case_list.refresh()


def prior_auth_sent(window: Shell, case_id: int) -> None:
    """The request was marked sent from its dialog: the heading and the list say so now."""
    window.statusBar().showMessage(f"Case {case_id}: prior authorization marked as sent", 6000)
    window.controller.refresh_open_case()
    window.case_list.refresh()


def _back_to(window: Shell) -> None:
    """The window takes the keys again once a dialog it opened closes: a window manager hands
    activation back by itself, but without one (a kiosk session) the window stayed inactive and
    the next shortcut went nowhere."""
    window.as_widget().activateWindow()
