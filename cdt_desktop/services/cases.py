"""Case use cases the window and the CLI share: create, edit, tick, choose or change the code, void.

Why here and not in the widgets: the rules that keep a wrong code off a claim must hold whichever
front end saves the case. Every write names its operator (initials) or is refused; a code that is
unknown, deleted, or excluded for the case's own tooth and findings is saved only with an explicit
confirmation naming the reason (``services/code_risk.py`` says which and why), and that
confirmation is audited; a case is voided, never deleted. The signed-in user's role is checked
before every write (what it may write, field by field and tick by tick: ``services/case_roles.py``,
loaded on the first such check, not at start-up). Qt-free; the repository (the case store) and
the reference library are passed in.

Cheap to import: the case model's dataclasses are loaded when a case is first built or saved,
not when the window starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from cdt_desktop.core.errors import InputError, UserFacingError
from cdt_desktop.services.radiographs import RadiographUseCases

if TYPE_CHECKING:
    from datetime import date

    from cdt_desktop.domain.cases.case_json import Problem
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository, CaseSummary, CheckState, StoredCase
    from cdt_desktop.domain.session import Needs
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.services.code_risk import CodeRisk, Library

VOID = "void"
"""The status of a voided case: kept with its audit trail, hidden from the list by default."""


class OperatorRequiredError(InputError):
    """A write without the operator's initials: the audit trail needs to know who did it."""

    def __init__(self) -> None:
        super().__init__(
            "Enter your initials in the Operator box first: every case, tick and export "
            "records who made it."
        )


class CodeChange(NamedTuple):
    """A code change that was saved: enough to report it and to undo it."""

    case_id: int
    old_code: str
    new_code: str
    hidden_ticks: int  # ticked items of the old code that are not on the new code's checklist
    previous: Case  # the case before the change (undo saves it back)
    version: int  # the version the change produced (undo refuses when the case moved on)


def require_operator(operator: str) -> str:
    value = (operator or "").strip()
    if not value:
        raise OperatorRequiredError()
    return value


def required_problems(case: Case) -> list[Problem]:
    """What a complete case must have: the patient's name and a code."""
    from cdt_desktop.domain.cases.case_json import Problem

    problems = []
    if not case.patient.name.strip():
        problems.append(Problem("patient", "name", "is required"))
    if not case.procedure.code.strip():
        problems.append(Problem("procedure", "code", "is required (a CDT code such as D3330)"))
    return problems


def is_incomplete(patient: str, code: str) -> bool:
    """A saved draft without the patient's name or a code (marked "Incomplete" in the list)."""
    return not patient.strip() or not code.strip()


class CaseService(RadiographUseCases):
    """The case use cases over one repository and the reference library (attaching
    radiographs: :class:`RadiographUseCases`)."""

    def __init__(self, repository: CaseRepository, library: Library | None = None) -> None:
        self.repository = repository
        self.library = library
        self.auth: AuthService | None = None
        """Who is working, where the store has users (the app sets it): every write checks the
        signed-in user's role first, and a refusal names the roles that may. None, or a store
        without users: everything is allowed, as before sign-in existed."""

    @staticmethod
    def _operator(operator: str) -> str:
        return require_operator(operator)

    def _require(self, *permissions: str) -> None:
        if self.auth is None:
            return
        from cdt_desktop.domain.session import Permission

        self.auth.require(*(Permission(p) for p in permissions))

    def may_edit(self, name: str, *, new: bool = False) -> bool:
        """Whether the signed-in user may change the case field ``name`` ("section.key"); a new
        case's code, date of service and provider anyone may fill in (``case_roles``). The
        form greys out the rest (office walkthrough: an assistant's form offered the claim
        fields, and only Save said no)."""
        if self.auth is None:
            return True
        from cdt_desktop.services.case_roles import may_edit

        return may_edit(self.auth, name, new=new)

    def may(self, permission: str) -> bool:
        """Whether the signed-in user's role allows ``permission`` ("create-case"): the window
        offers what the role may do (billing's Import... picked a file, then was refused)."""
        if self.auth is None:
            return True
        from cdt_desktop.services.case_roles import may

        try:
            return may(self.auth, permission)
        except UserFacingError:  # nobody signed in, or the user was disabled meanwhile
            return False

    def require(self, *permissions: str) -> None:
        """PermissionDeniedError unless the signed-in user may do one of ``permissions``
        (permission names such as "export"): for the window's paths that write through the
        store itself (case-file import and export, the appeal letter)."""
        self._require(*permissions)

    @property
    def read_only(self) -> bool:
        return bool(self.repository.read_only)

    # -- reading ----------------------------------------------------------------------------
    def get(self, case_id: int) -> StoredCase:
        return self.repository.get_case(case_id)

    def open(self, case_id: int, *, operator: str = "") -> StoredCase:
        """The case a person opens, audited as a view (docs/design-rules.md, R14; issue 15
        item 9): as the signed-in user once sign-in is on (as Open Dental does), else with the
        operator's initials. A store that cannot record it (read-only) still shows the case."""
        self._require("view-cases")
        stored = self.repository.get_case(case_id)
        try:
            if self.auth is not None and self.auth.user is not None:
                self.auth.record_view(case_id)
            elif not self.repository.read_only:
                self.repository.record_view(case_id, operator=operator or "unknown")
        except UserFacingError as exc:
            from cdt_desktop.core.log import get_logger

            get_logger("app").warning("case view not audited (%s)", type(exc).__name__)
        return stored

    def checks(self, case_id: int) -> Mapping[str, CheckState]:
        return self.repository.checks(case_id)

    def list_cases(
        self,
        query: str = "",
        *,
        status: str | None = None,
        include_void: bool = False,
        limit: int = 500,
    ) -> list[CaseSummary]:
        """Newest first; voided cases only when asked for (``include_void`` or status "void")."""
        rows = self.repository.list_cases(query, status=status, limit=limit)
        if include_void or status == VOID:
            return list(rows)
        return [row for row in rows if row.status != VOID]

    def count_cases(self) -> int:
        """How many cases the store holds (the list says "newest 500 of N")."""
        return self.repository.count_cases()

    @staticmethod
    def read_case_file(text: str) -> Case:
        """The case a case file holds, checked as the store's import checks it (CaseFileError
        lists every problem): what the window asks about before importing reads a file the
        import would take (it asked about a deleted code of a file refused next: review)."""
        from cdt_desktop.db.cases.rows import case_from_file

        return case_from_file(text)

    def series_out_of_order(self, case_id: int, case: Case) -> list[str]:
        """The other visits of ``case``'s apexification or regeneration series dated on the
        wrong side of it (``domain.cases.series``), for the check before its claim is sent;
        [] when none is, or the store cannot be read now (the check goes on without it)."""
        from cdt_desktop.services.patient_cases import series_problems

        return series_problems(self.repository, case_id, case)

    def series_visits(self, case_id: int, case: Case) -> list[tuple[str, date]]:
        """The other dated visits of ``case``'s series, (code, date of service), oldest first:
        the letter names them ([] when none, or the store cannot be read now)."""
        from cdt_desktop.services.patient_cases import series_visits

        return series_visits(self.repository, case_id, case)

    def same_treatment(self, case: Case) -> CaseSummary | None:
        """A case already here for ``case``'s patient, code, tooth and date of service (a case
        file imported twice); voided ones aside. None: none."""
        from cdt_desktop.services.patient_cases import already_here

        return already_here(self.repository, case)

    def code_risk(self, code: str, case: Case | None) -> CodeRisk | None:
        from cdt_desktop.services.code_risk import code_risk

        return code_risk(code, case, self.library)

    def hidden_ticks(self, ticked: Mapping[str, bool], code: str) -> int:
        """Ticked items that the checklist of ``code`` does not show (kept, not lost)."""
        on = {item_id for item_id, checked in ticked.items() if checked}
        if not on:
            return 0
        shown = (
            {item.id for item in self.library.checklist(code)} if self.library and code else set()
        )
        return len(on - shown)

    # -- writing ----------------------------------------------------------------------------
    def create(
        self,
        case: Case,
        *,
        operator: str,
        incomplete: bool = False,
        confirmed: CodeRisk | None = None,
    ) -> int:
        """Save a new case. Without ``incomplete`` it needs a patient name and a code; a risky
        code raises ConfirmationNeededError unless ``confirmed`` is that same risk."""
        op = require_operator(operator)
        self._require("create-case")
        if self.auth is not None:
            from cdt_desktop.services.case_roles import require_new_fields

            require_new_fields(self.auth, case)
        self._check_complete(case, incomplete)
        risk = self._check_risk(case.procedure.code, case, confirmed)
        case_id = int(self.repository.create_case(case, operator=op))
        if risk is not None:
            self.repository.record_event(
                case_id, operator=op, action="confirm-code", detail=risk.audit_detail()
            )
        if incomplete and required_problems(case):
            fields = ", ".join(f"{p.section}.{p.field}" for p in required_problems(case))
            self.repository.record_event(
                case_id, operator=op, action="incomplete", detail=f"missing: {fields}"
            )
        return case_id

    def edit(
        self,
        case_id: int,
        case: Case,
        *,
        operator: str,
        expected_version: int | None = None,
        incomplete: bool = False,
        confirmed: CodeRisk | None = None,
    ) -> int:
        """Save edited sections of a case; the same rules as :meth:`create`. New version."""
        op = require_operator(operator)
        self._check_complete(case, incomplete)
        stored = self.repository.get_case(case_id)
        _refuse_void(case_id, stored.status)
        before = stored.case
        wanted: Needs = ()
        # A stale form (the case saved elsewhere since it was opened) still holds the other
        # PC's old values, which this role may not write: update_case refuses it as a
        # conflict naming who saved first, never as a role problem.
        current = expected_version is None or stored.version == expected_version
        if current and self.auth is not None:
            from cdt_desktop.services.case_roles import require_changed_fields

            wanted = require_changed_fields(self.auth, before, case)
        old = before.procedure.code
        risk = None
        from cdt_desktop.services.code_risk import claim_sent, tooth_moved_on_a_sent_claim

        if claim_sent(before):
            _keep_the_sent_date(before, case)
        recoded = case.procedure.code.strip().upper() != old.strip().upper()
        if recoded or confirmed is not None or tooth_moved_on_a_sent_claim(before, case):
            risk = self._check_risk(case.procedure.code, case, confirmed, before)
        version = self.repository.update_case(
            case_id, case, operator=op, expected_version=expected_version, wanted=wanted
        )
        if risk is not None:
            self.repository.record_event(
                case_id, operator=op, action="confirm-code", detail=risk.audit_detail()
            )
        return int(version)

    def change_code(
        self,
        case_id: int,
        code: str,
        *,
        operator: str,
        procedure_and_findings: Case | None = None,
        confirmed: CodeRisk | None = None,
    ) -> CodeChange:
        """Make ``code`` the case's code (a candidate picked in the chart).

        ``procedure_and_findings`` carries the tooth and answers the candidate was worked out
        for; they are saved with the code (the case's own notes stay).
        """
        import dataclasses

        op = require_operator(operator)
        stored = self.repository.get_case(case_id)
        _refuse_void(case_id, stored.status)
        before = stored.case
        same_code = code.strip().upper() == before.procedure.code.strip().upper()
        # the case's own code with the chart's answers is a clinical edit (the chair's to make)
        needed = "edit-clinical" if same_code else "change-code"
        self._require(needed)
        case = before
        if procedure_and_findings is not None:
            screen = procedure_and_findings
            case = dataclasses.replace(
                before,
                procedure=screen.procedure,
                findings=dataclasses.replace(screen.findings, notes=before.findings.notes),
            )
        case = dataclasses.replace(
            case, procedure=dataclasses.replace(case.procedure, code=code.strip().upper())
        )
        risk = self._check_risk(code, case, confirmed, before)
        version = self.repository.update_case(
            case_id, case, operator=op, expected_version=stored.version, wanted=((needed,),)
        )
        if risk is not None:
            self.repository.record_event(
                case_id, operator=op, action="confirm-code", detail=risk.audit_detail()
            )
        return CodeChange(
            case_id=case_id,
            old_code=before.procedure.code,
            new_code=case.procedure.code,
            hidden_ticks=self.hidden_ticks(before.checklist, case.procedure.code),
            previous=before,
            version=int(version),
        )

    def undo_code_change(self, change: CodeChange, *, operator: str) -> int:
        """Put the case back as it was before ``change`` (refused when edited since)."""
        op = require_operator(operator)
        needed = "edit-clinical" if change.old_code == change.new_code else "change-code"
        self._require(needed)
        version = self.repository.update_case(
            change.case_id, change.previous, operator=op, expected_version=change.version,
            wanted=((needed,),),
        )  # fmt: skip
        self.repository.record_event(
            change.case_id,
            operator=op,
            action="undo-code",
            detail=f"{change.new_code} -> {change.old_code}",
        )
        return int(version)

    def tick(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = ""
    ) -> dict[str, CheckState]:
        """Save the tick; the case's ticks as stored after it (others' ticks included).

        The chair ticks; billing ticks the checklist's Billing items (the claim's tooth number
        against the code, the visit dates), which its own pre-export checks ask for. The store
        checks the role again as it holds it at that moment (an admin may have changed it at
        another workstation): RoleChangedError, nothing saved, unless the role now may."""
        from cdt_desktop.domain.session import RoleChangedError

        billing = False
        if self.auth is not None:
            from cdt_desktop.services import case_roles

            billing = case_roles.require_tick(
                self.auth, self.repository, self.library, case_id, item_id
            )
        op = require_operator(operator)
        try:
            return self.repository.tick(
                case_id, item_id, checked, operator=op, note=note, billing_item=billing
            )
        except RoleChangedError as changed:
            from cdt_desktop.services.case_roles import ticks_as_billing

            if billing or not ticks_as_billing(
                changed.role, self.repository, self.library, case_id, item_id
            ):
                raise
        return self.repository.tick(
            case_id, item_id, checked, operator=op, note=note, billing_item=True
        )

    def void(self, case_id: int, *, operator: str, reason: str = "") -> None:
        """Void a case: kept with its ticks and audit trail, hidden from the list by default.

        ``reason`` is a short category ("duplicate", "entered in error"), never patient data."""
        op = require_operator(operator)
        self._require("set-status", "change-code")
        self.repository.set_status(case_id, VOID, operator=op)
        if reason.strip():
            self.repository.record_event(
                case_id, operator=op, action="void", detail=reason.strip()[:60]
            )

    # -- internals --------------------------------------------------------------------------
    def _check_complete(self, case: Case, incomplete: bool) -> None:
        problems = required_problems(case)
        if problems and not incomplete:
            raise IncompleteCaseError(problems)

    def _check_risk(
        self, code: str, case: Case, confirmed: CodeRisk | None, before: Case | None = None
    ) -> CodeRisk | None:
        from cdt_desktop.services.code_risk import checked_risk

        return checked_risk(code, case, self.library, confirmed, before)


def _keep_the_sent_date(before: Case, case: Case) -> None:
    """A claim the payer holds keeps a date of service: emptied in Edit case, it was saved,
    and only the letter's check noticed later (hostile-user walkthrough). Corrected, it
    saves; "incomplete draft" does not skip this."""
    if before.claim.date_of_service.strip() and not case.claim.date_of_service.strip():
        from cdt_desktop.domain.cases.case_json import Problem

        was = before.claim.date_of_service.strip()
        raise SentClaimFieldError([Problem(
            "claim", "date_of_service",
            f"cannot be left empty: the claim went to the payer with {was} (correct it if it "
            "was wrong)",
        )])  # fmt: skip


def _refuse_void(case_id: int, status: str) -> None:
    """A voided case takes no more edits: a form or chart still open on it (voiding does not
    change the case's version, so a stale form was not refused) would save onto the voided
    case instead of the patient's real one. (Ticks and films are refused by the store itself.)"""
    if status == VOID:
        from cdt_desktop.domain.cases.ports import CaseVoidedError

        raise CaseVoidedError(case_id)


class IncompleteCaseError(InputError):
    """A case without a patient name or code, saved without choosing "incomplete draft"."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems) + " (or keep it as an incomplete draft)")


class SentClaimFieldError(IncompleteCaseError):
    """A field a sent claim cannot do without, emptied (no draft keeps it either)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.args = ("; ".join(problems),)
