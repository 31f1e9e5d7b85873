"""What the main window does with cases: create (through the case form), edit, open, export.

Kept out of ``main_window.py`` so the window module stays about layout and wiring. Each function
takes the window and uses only its public parts (store, settings, panes, ``operator()``). The
dialog entry points (``edit_case``, the appeal dialog) are looked up at call time, so tests patch
them here and a build without one of them still starts.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.settings import Key

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case, Provider
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.ui.shell.main_window import MainWindow

_log = get_logger("ui")

_PROVIDER_KEYS = {
    "name": Key.PROVIDER_NAME,
    "credentials": Key.PROVIDER_CREDENTIALS,
    "npi": Key.PROVIDER_NPI,
    "practice": Key.PRACTICE_NAME,
    "address": Key.PRACTICE_ADDRESS,
    "phone": Key.PRACTICE_PHONE,
}


def edit_case(parent: Any, store: CaseRepository, **kwargs: Any) -> int | None:
    """The case form, modal; the saved case's id or None (patched in tests)."""
    from cdt_desktop.ui.cases import form as case_form

    return case_form.edit_case(parent, store, **kwargs)


def require_operator(window: MainWindow) -> str | None:
    """The operator's initials, or None after explaining that they are needed."""
    operator = window.operator()
    if operator:
        return operator
    msgbox.show_info(
        window,
        "Operator needed",
        "Enter your initials (top right) first: every case and tick records who made it.",
    )
    if window.operator_picker is not None:
        window.operator_picker.focus_editor()
    return None


def default_provider(window: MainWindow) -> Provider:
    """The practice and provider remembered from the last saved case (settings)."""
    from cdt_desktop.domain.cases.model import Provider

    return Provider(**{field: window.settings.get(key) for field, key in _PROVIDER_KEYS.items()})


def remember_provider(window: MainWindow, provider: Provider) -> None:
    """Keep a saved case's practice and provider as the defaults of the next new case."""
    for field, key in _PROVIDER_KEYS.items():
        value = getattr(provider, field)
        if value:
            window.settings.set(key, value)


def prefilled_case(window: MainWindow) -> Case:
    """A new case from what is on screen: the shown code, the chosen tooth and its findings.

    The date of service is today: a case is created at the chair, on the day of treatment.
    """
    from datetime import date

    from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure

    panel = window.chart_panel
    tooth = getattr(panel, "current_tooth", lambda: None)()
    found = getattr(panel, "current_findings", lambda: None)()
    facts = {
        name: str(getattr(getattr(found, name, None), "value", "") or "")
        for name in ("root", "pulp", "goal", "visit")
    }
    successor = getattr(found, "has_successor", None)
    if successor is not None and "successor" in {f.name for f in dataclasses.fields(CaseFindings)}:
        facts["successor"] = "yes" if successor else "no"
    return Case(
        procedure=Procedure(
            code=window.detail.current_code() or "",
            tooth=str(getattr(tooth, "universal", tooth) or ""),
            notation="universal",  # stored as Universal; shown in the user's notation
        ),
        findings=CaseFindings(**facts),
        claim=Claim(date_of_service=date.today().isoformat()),
        provider=default_provider(window),
    )


def after_save(window: MainWindow, case_id: int, message: str) -> None:
    """Refresh the list, open the case, remember its provider, and say so."""
    for name in ("refresh", "select_case"):
        method = getattr(window.case_list, name, None)
        if method is not None:
            method(*(() if name == "refresh" else (case_id,)))
    try:
        if window.store is not None:
            remember_provider(window, window.store.get_case(case_id).case.provider)
    except UserFacingError:
        _log.warning("saved case could not be read back")
    window.open_case(case_id)
    window.statusBar().showMessage(message, 4000)


def new_case(window: MainWindow) -> int | None:
    """Open the case form prefilled from the screen; on save, make the new case current."""
    if window.store is None or require_operator(window) is None:
        return None
    case_id = edit_case(window, window.store, case=prefilled_case(window),
                        operator_source=window.operator)  # fmt: skip
    if case_id is not None:
        after_save(window, int(case_id), f"Case {case_id} created")
    return case_id


def choose_code(window: MainWindow, code: str) -> bool:
    """A candidate picked while a case is open becomes that case's code (docs/user-guide.md 3);
    True when it was saved.

    The candidate was worked out for the tooth and answers on screen, so they are saved with it;
    the case's notes stay. Without this the case (its heading, the appeal letter, the next
    opening) kept the code it was created with while the window showed another one.
    """
    case_id = window.current_case_id()
    if case_id is None or window.store is None:
        return False
    operator = require_operator(window)
    if operator is None:
        return False
    try:
        stored = window.store.get_case(case_id)
        screen = prefilled_case(window)
        found = dataclasses.replace(screen.findings, notes=stored.case.findings.notes)
        case = dataclasses.replace(
            stored.case,
            procedure=dataclasses.replace(screen.procedure, code=code),
            findings=found,
        )
        window.store.update_case(case_id, case, operator=operator, expected_version=stored.version)
    except UserFacingError as exc:
        msgbox.show_error(window, "Code not saved", str(exc))
        return False
    window.show_case_heading(case_id, case)
    refresh = getattr(window.case_list, "refresh", None)
    if refresh is not None:
        refresh()
    return True


def edit_current_case(window: MainWindow) -> int | None:
    """The case form for the open case (patient, payer, claim, denial reason...)."""
    case_id = window.current_case_id()
    if case_id is None or window.store is None:
        msgbox.show_info(window, "No case open", "Open or create a case first.")
        return None
    if require_operator(window) is None:
        return None
    try:
        stored = window.store.get_case(case_id)
    except UserFacingError as exc:
        msgbox.show_error(window, "Case not opened", str(exc))
        return None
    saved = edit_case(
        window,
        window.store,
        case=stored.case,
        case_id=case_id,
        version=getattr(stored, "version", None),
        operator_source=window.operator,
    )
    if saved is not None:
        after_save(window, int(saved), f"Case {saved} saved")
    return saved


def export_appeal(window: MainWindow) -> None:
    """The appeal dialog for the open case (imported here: it pulls in ReportLab and QtPdf)."""
    case_id = window.current_case_id()
    if case_id is None or window.store is None:
        msgbox.show_info(
            window, "No case open", "Open or create a case first, then export its appeal letter."
        )
        return
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    try:
        stored = window.store.get_case(case_id)
    except UserFacingError as exc:
        msgbox.show_error(window, "Case not opened", str(exc))
        return
    dialog = NarrativeDialog(
        stored.case,
        library=window.library,
        store=window.store,
        case_id=case_id,
        operator=window.operator(),
        parent=window,
    )
    dialog.open()
