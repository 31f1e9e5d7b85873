"""Billing use cases: move a claim along its status workflow, and list appeal deadlines.

A status change is a `StatusEvent` appended to the case's history (`domain.cases.status`), saved
with the case through the repository, which writes its own "status" audit row. The details the
event carries go onto the claim as well (the claim number when submitted, the denial reason and
category when denied), so the letter and the form see them. The "Due" view lists denied claims by
appeal deadline, counted with the payer profile's window; the "To submit" view lists draft
claims, those whose required documentation is all recorded first. A prior-authorization request
marked sent (``claim.prior_auth_sent``) and not answered yet lists in the "Waiting" view, the
longest waiting first (``domain.cases.authorization``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.domain.appeal.profiles import PayerProfile, profile_for
from cdt_desktop.domain.cases.authorization import WaitingItem, sent_problem, waiting_order
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.ports import CaseRepository, CaseSummary
from cdt_desktop.domain.cases.queues import (
    DueItem,
    SubmitItem,
    due_order,
    submit_item,
    submit_order,
)
from cdt_desktop.domain.cases.status import (
    DEFAULT_APPEAL_WINDOW_DAYS,
    StatusError,
    StatusEvent,
    advance,
    allowed_next,
    appeal_deadline,
    service_problems,
    take_back,
)
from cdt_desktop.services.cases import VOID, require_operator

if TYPE_CHECKING:
    from collections.abc import Callable

    from cdt_desktop.domain.reference import CodeEntry
    from cdt_desktop.domain.session import Needs
    from cdt_desktop.services.auth import AuthService


def with_event(case: Case, event: StatusEvent) -> Case:
    """`case` with `event` appended to its history and its details copied onto the claim.

    Raises `StatusError` (a ValueError) naming what is not allowed."""
    if wrong := service_problems(case.claim.date_of_service, event):
        raise StatusError("; ".join(wrong))
    if event.status == "submitted" and not event.code:  # what the payer holds, for a re-code
        event = replace(event, code=case.procedure.code.strip().upper())
    history = advance(case.status_history, event)
    claim = case.claim
    if event.status == "submitted" and event.claim_number:
        claim = replace(claim, number=event.claim_number)
    if event.status == "denied":
        claim = replace(
            claim,
            denial_reason=event.reason or claim.denial_reason,
            denial_category=event.category or claim.denial_category,
        )
    if event.status == "paid" and event.reason:  # the reason for what was not paid: the
        # appeal for the balance quotes it and reads its category from its words (an earlier
        # denial's category no longer applies)
        claim = replace(claim, denial_reason=event.reason, denial_category="")
    return replace(case, claim=claim, status_history=history)


class BillingService:
    """Status changes and deadlines over one repository; payer profiles from the library."""

    def __init__(
        self,
        repository: CaseRepository,
        profiles: tuple[PayerProfile, ...] = (),
        auth: AuthService | None = None,
    ) -> None:
        self.repository = repository
        self.profiles = profiles
        self.auth = auth
        """Who is working (sign-in): a status change needs the billing or admin role."""

    def profile(self, case: Case) -> PayerProfile | None:
        return profile_for(case.payer.profile_id, case.payer.name, self.profiles)

    def window_days(self, case: Case) -> int:
        found = self.profile(case)
        return found.window_days if found is not None else DEFAULT_APPEAL_WINDOW_DAYS

    def status_choices(self, case_id: int) -> tuple[tuple[str, ...], StatusEvent | None]:
        """The statuses the claim can move to and its last change (the one a take-back
        undoes), from one read of the case; neither for a voided case (kept, never changed)."""
        stored = self.repository.get_case(case_id)
        history = stored.case.status_history
        if stored.status == VOID:
            return (), None
        return allowed_next(history), (history[-1] if history else None)

    def advance(self, case_id: int, event: StatusEvent, *, operator: str) -> int:
        """Record `event` on the case (audited); the new version. `StatusError` if not allowed."""
        op = require_operator(operator)
        wanted: Needs = ()
        if self.auth is not None:
            from cdt_desktop.domain.session import Permission

            self.auth.require(Permission.SET_STATUS)
            wanted = ((Permission.SET_STATUS,),)  # checked again by the store as it writes
        stored = self.repository.get_case(case_id)
        case = with_event(stored.case, event)
        return int(
            self.repository.update_case(
                case_id, case, operator=op, expected_version=stored.version, wanted=wanted
            )
        )

    def take_back(self, case_id: int, *, operator: str, expected_version: int | None = None) -> int:
        """Take back the claim's last status change (marked by mistake); the new version.

        The claim returns to the status before it; the change stays in the audit trail with
        its taking back ("status" and "status-undo" rows). What the change copied onto the
        claim (the claim number, the denial reason) stays: it was typed for this claim, and
        Edit case changes it. ``expected_version``: the version the clerk saw (another
        workstation's change since raises StoreConflictError). `StatusError` for a draft."""
        op = require_operator(operator)
        wanted: Needs = ()
        if self.auth is not None:
            from cdt_desktop.domain.session import Permission

            self.auth.require(Permission.SET_STATUS)
            wanted = ((Permission.SET_STATUS,),)
        stored = self.repository.get_case(case_id)
        history, last = take_back(stored.case.status_history)
        version = self.repository.update_case(
            case_id, replace(stored.case, status_history=history), operator=op,
            expected_version=stored.version if expected_version is None else expected_version,
            wanted=wanted,
        )  # fmt: skip
        from cdt_desktop.domain.cases.status import undo_detail

        self.repository.record_event(
            case_id, operator=op, action="status-undo", detail=undo_detail(last)
        )
        return int(version)

    def deadline(self, case: Case) -> date | None:
        return appeal_deadline(case.status_history, self.window_days(case))

    def due(self, today: date, limit: int = 500) -> list[tuple[CaseSummary, DueItem]]:
        """Denied claims by appeal deadline, the overdue first (`DueItem.overdue`)."""
        summaries, cases = self._read_all("denied", limit)
        deadlines = {case_id: self.deadline(cases[case_id]) for case_id in summaries}
        return [(summaries[item.case_id], item) for item in due_order(deadlines, today)]

    def to_submit(
        self,
        entry_for: Callable[[str], CodeEntry | None],
        today: date,
        limit: int = 500,
    ) -> list[tuple[CaseSummary, SubmitItem]]:
        """Draft claims in the order the billing desk sends them (`submit_order`): each with
        its code's required documentation not recorded yet, by the rule "Mark as submitted"
        asks about (ticks, the facts that answer items, dated films on the case), and a code the
        payer refuses whatever is documented (deleted, or not the tooth's). ``entry_for`` looks a code up in the reference library (None: unknown)."""
        from cdt_desktop.domain.appeal.answered import film_questions
        from cdt_desktop.domain.appeal.check import no_payer, submission_gaps
        from cdt_desktop.domain.appeal.code_fit import wrong_code
        from cdt_desktop.services.cases import is_incomplete
        from cdt_desktop.services.patient_cases import series_problems

        summaries, cases = self._read_all("draft", limit)
        films = self.repository.film_dates(list(summaries))
        entries: dict[str, CodeEntry | None] = {}  # most drafts share a few codes
        patients: dict[str, list[CaseSummary]] = {}  # a series visit's patient's cases, read once
        items = []
        for case_id in summaries:
            case = cases[case_id]
            code = case.procedure.code
            if code and code not in entries:
                entries[code] = entry_for(code)
            entry = entries[code] if code else None
            dated = films.get(case_id, [])
            gaps = submission_gaps(case, entry, dated) if code else []
            items.append(
                submit_item(
                    case_id,
                    case.claim.date_of_service,
                    gaps,
                    today,
                    incomplete=is_incomplete(case.patient.name, code),
                    unlisted=bool(code) and not _documents(entries.get(code)),
                    no_payer=bool(no_payer(case)),
                    series=series_problems(self.repository, case_id, case, patients),
                    code=wrong_code(case, entry) if code else (),
                    deleted=entry is not None and entry.is_deleted,
                    films=film_questions(case, dated),  # (Mark as submitted asks them)
                )
            )
        return [(summaries[item.case_id], item) for item in submit_order(items)]

    def mark_prior_auth_sent(self, case_id: int, day: date, *, operator: str, today: date) -> int:
        """Record that the case's prior-authorization request went to the payer on ``day``
        (``claim.prior_auth_sent``; audited as an edit of that field); the new version.
        ValueError for a day after ``today``; the edit-claim permission where sign-in is on."""
        op = require_operator(operator)
        if wrong := sent_problem(day.isoformat(), today):
            raise ValueError(f"The day the request was sent {wrong} ({day.isoformat()}).")
        stored = self.repository.get_case(case_id)
        claim = replace(stored.case.claim, prior_auth_sent=day.isoformat())
        case = replace(stored.case, claim=claim)
        wanted: Needs = ()
        if self.auth is not None:
            from cdt_desktop.services.case_roles import require_changed_fields

            wanted = require_changed_fields(self.auth, stored.case, case)
        return int(
            self.repository.update_case(
                case_id, case, operator=op, expected_version=stored.version, wanted=wanted
            )
        )

    def waiting(self, today: date, limit: int = 500) -> list[tuple[CaseSummary, WaitingItem]]:
        """Prior-authorization requests sent and not answered, on cases whose claim is not
        sent yet (the treatment is still ahead), the longest waiting first."""
        summaries, cases = self._read_all("draft", limit)
        claims = {case_id: cases[case_id].claim for case_id in summaries}
        return [(summaries[item.case_id], item) for item in waiting_order(claims, today)]

    def _read_all(self, status: str, limit: int) -> tuple[dict[int, CaseSummary], dict[int, Case]]:
        """The list's rows of the cases of ``status`` and those cases, newest first, from one
        read (where a read per case was several round trips each to an office server: the
        views are read again whenever another workstation changes a case)."""
        stored = self.repository.cases_in_status(status, limit=limit)
        return {s.id: s.summary() for s in stored}, {s.id: s.case for s in stored}


def _documents(entry: CodeEntry | None) -> bool:
    """Whether the library lists required documentation for the code (what To submit counts)."""
    return entry is not None and bool(entry.required_items)
