"""The case use cases (services/cases.py) on a real SQLite store and the shipped library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.cases import (
    CaseService,
    IncompleteCaseError,
    OperatorRequiredError,
    is_incomplete,
)
from cdt_desktop.services.code_risk import ConfirmationNeededError


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


@pytest.fixture
def service(tmp_path: Path, library: ReferenceLibrary) -> Iterator[CaseService]:
    with CaseStore.open(tmp_path) as store:
        yield CaseService(store, library)


def _case(code: str, tooth: str = "19", root: str = "complete", pulp: str = "necrosis") -> Case:
    return Case(
        patient=Patient(name="Ann"),
        procedure=Procedure(code=code, tooth=tooth),
        findings=CaseFindings(root=root, pulp=pulp),
    )


def test_a_risky_code_needs_the_same_risk_confirmed_and_is_audited(service: CaseService) -> None:
    with pytest.raises(ConfirmationNeededError) as raised:
        service.create(_case("D3320"), operator="AB")
    assert service.list_cases() == []
    case_id = service.create(_case("D3320"), operator="AB", confirmed=raised.value.risk)
    entry = service.repository.audit(case_id)[0]
    assert (entry.action, entry.detail) == ("confirm-code", "D3320 excluded")


def test_every_write_names_its_operator(service: CaseService) -> None:
    with pytest.raises(OperatorRequiredError):
        service.create(_case("D3330"), operator=" ")
    case_id = service.create(_case("D3330"), operator="AB")
    for write in (
        lambda: service.tick(case_id, "preop-radiograph", True, operator=""),
        lambda: service.void(case_id, operator=""),
        lambda: service.change_code(case_id, "D3310", operator=""),
    ):
        with pytest.raises(OperatorRequiredError):
            write()


def test_a_case_needs_a_name_and_a_code_unless_kept_as_incomplete(service: CaseService) -> None:
    with pytest.raises(IncompleteCaseError) as raised:
        service.create(Case(), operator="AB")
    assert [(p.section, p.field) for p in raised.value.problems] == [
        ("patient", "name"),
        ("procedure", "code"),
    ]
    case_id = service.create(Case(), operator="AB", incomplete=True)
    summary = service.list_cases()[0]
    assert summary.id == case_id and is_incomplete(summary.patient_name, summary.code)


def test_a_code_change_counts_hidden_ticks_and_undoes(service: CaseService) -> None:
    case_id = service.create(_case("D3330"), operator="AB")
    service.tick(case_id, "preop-radiograph", True, operator="AB")  # on D3330 and D3310
    service.tick(case_id, "working-length", True, operator="AB")
    with pytest.raises(ConfirmationNeededError) as raised:  # D3310 is for anterior teeth
        service.change_code(case_id, "D3310", operator="AB")
    change = service.change_code(case_id, "D3310", operator="AB", confirmed=raised.value.risk)
    hidden = service.hidden_ticks({"preop-radiograph": True, "working-length": True}, "D3310")
    assert change.hidden_ticks == hidden
    assert service.get(case_id).case.procedure.code == "D3310"
    service.undo_code_change(change, operator="CD")
    assert service.get(case_id).case.procedure.code == "D3330"
    assert service.repository.audit(case_id)[0].action == "undo-code"


def _sent(service: CaseService, case_id: int, *statuses: str) -> None:
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService

    billing = BillingService(service.repository)
    for status in statuses:
        level = "1" if status == "appealed" else ""
        event = StatusEvent(status=status, date="2026-12-01", level=level)
        billing.advance(case_id, event, operator="ZN")


@pytest.mark.parametrize(
    ("situation", "statuses", "asks"),
    [
        ("draft, nothing sent yet", (), False),
        ("claim submitted", ("submitted",), True),
        ("claim denied and appealed with D3330", ("submitted", "denied", "appealed"), True),
    ],
)
def test_recoding_a_case_whose_claim_was_sent_asks_first_and_is_audited(
    service: CaseService, situation: str, statuses: tuple[str, ...], asks: bool
) -> None:
    """Tour3: the dentist re-coded an appealed D3330 case to D3348 with one double-click; the
    payer still holds the claim and the appeal for D3330, and nothing said so."""
    case = _case("D3330", pulp="previously-treated")  # D3348 fits these findings
    case_id = service.create(_case("D3330"), operator="DK")
    _sent(service, case_id, *statuses)
    if not asks:
        service.change_code(case_id, "D3348", operator="DK", procedure_and_findings=case)
        return
    with pytest.raises(ConfirmationNeededError) as raised:
        service.change_code(case_id, "D3348", operator="DK", procedure_and_findings=case)
    assert raised.value.risk.kind == "billed"
    assert "sent to the payer with D3330" in raised.value.risk.reason, situation
    assert service.get(case_id).case.procedure.code == "D3330"
    service.change_code(
        case_id, "D3348", operator="DK", procedure_and_findings=case, confirmed=raised.value.risk
    )
    assert service.get(case_id).case.procedure.code == "D3348"
    assert ("confirm-code", "D3348 billed") in [
        (e.action, e.detail) for e in service.repository.audit(case_id)
    ]


def test_an_excluded_code_on_a_sent_claim_is_one_question_naming_both(
    service: CaseService,
) -> None:
    case_id = service.create(_case("D3330"), operator="DK")
    _sent(service, case_id, "submitted")
    with pytest.raises(ConfirmationNeededError) as raised:
        service.change_code(case_id, "D3320", operator="DK")  # a premolar code on a molar
    risk = raised.value.risk
    assert "excluded" in risk.reason and "sent to the payer with D3330" in risk.reason
    service.change_code(case_id, "D3320", operator="DK", confirmed=risk)  # one confirmation
    assert service.get(case_id).case.procedure.code == "D3320"


@pytest.mark.parametrize(
    ("situation", "recodes", "last_question"),
    [
        ("sent as D3330, re-coded to D3348", ("D3348",), "sent to the payer with D3330"),
        ("then back to D3330, the code sent", ("D3348", "D3330"), None),
        ("then on to D3310", ("D3348", "D3310"), "sent to the payer with D3330"),
    ],
)
def test_the_recode_question_names_the_code_the_claim_was_sent_with(
    service: CaseService, situation: str, recodes: tuple[str, ...], last_question: str | None
) -> None:
    """Walkthrough on a shared store: sent as D3330, re-coded to D3348 (asked, rightly), then
    back to D3330: the question said the claim was sent with D3348 and asked for a corrected
    claim, for the very code the payer holds."""
    case_id = service.create(_case("D3330"), operator="DK")
    _sent(service, case_id, "submitted")
    assert service.get(case_id).case.status_history[-1].code == "D3330"  # recorded as sent
    said: str | None = None
    for code in recodes:
        case = _case(code, pulp="previously-treated" if code == "D3348" else "necrosis")
        try:
            service.change_code(case_id, code, operator="DK", procedure_and_findings=case)
            said = None
        except ConfirmationNeededError as raised:
            said = raised.risk.reason
            service.change_code(case_id, code, operator="DK", procedure_and_findings=case,
                                confirmed=raised.risk)  # fmt: skip
    if last_question is None:
        assert said is None, situation
    else:
        assert said is not None and last_question in said, situation
    assert service.get(case_id).case.procedure.code == recodes[-1]


def test_a_case_voided_meanwhile_takes_no_edit_from_a_form_or_chart_still_open_on_it(
    service: CaseService,
) -> None:
    """The chair's form (or chart) was open on case 1 when the front desk voided it as a
    duplicate. Voiding does not change the case's version, so the stale form's Save went through
    onto the voided case (and a re-code from the chart too), not onto the patient's real case."""
    from cdt_desktop.domain.cases.ports import CaseVoidedError

    case_id = service.create(_case("D3330"), operator="MR")
    version = service.get(case_id).version
    service.void(case_id, operator="BB", reason="duplicate")
    edited = _case("D3330", root="incomplete")
    with pytest.raises(CaseVoidedError, match="voided"):
        service.edit(case_id, edited, operator="MR", expected_version=version)
    with pytest.raises(CaseVoidedError, match="voided"):
        service.change_code(case_id, "D3330", operator="MR", procedure_and_findings=edited)
    stored = service.get(case_id)
    assert stored.status == "void"
    assert stored.case.findings.root == "complete"


@pytest.mark.parametrize(
    ("situation", "statuses", "asked"),
    [
        ("a denied claim", ("submitted", "denied"), True),
        ("a claim sent, not answered yet", ("submitted",), True),
        ("a draft: nothing went to the payer", (), False),
    ],
)
def test_moving_a_sent_claim_s_case_to_another_tooth_is_asked_first(
    service: CaseService, situation: str, statuses: tuple[str, ...], asked: bool
) -> None:
    """Hostile-user walkthrough: a denied claim's case moved from #14 to #K in Edit case was
    saved without a word (a new code is asked about); the appeal then named a tooth the payer's
    claim does not have."""
    from dataclasses import replace

    case_id = service.create(_case("D3330", tooth="14"), operator="DK")
    _sent(service, case_id, *statuses)
    stored = service.get(case_id)
    moved = replace(stored.case, procedure=replace(stored.case.procedure, tooth="3"))
    if not asked:
        service.edit(case_id, moved, operator="DK", expected_version=stored.version)
        assert service.get(case_id).case.procedure.tooth == "3", situation
        return
    with pytest.raises(ConfirmationNeededError) as raised:
        service.edit(case_id, moved, operator="DK", expected_version=stored.version)
    risk = raised.value.risk
    assert risk.kind == "billed-tooth"
    assert "sent to the payer for tooth #14" in risk.reason and "tooth #3" in risk.reason
    assert service.get(case_id).case.procedure.tooth == "14", situation  # nothing saved
    service.edit(case_id, moved, operator="DK", expected_version=stored.version, confirmed=risk)
    assert service.get(case_id).case.procedure.tooth == "3"
    assert ("confirm-code", "D3330 billed-tooth") in [
        (e.action, e.detail) for e in service.repository.audit(case_id)
    ]


@pytest.mark.parametrize("incomplete", [False, True])
def test_a_sent_claim_s_date_of_service_cannot_be_emptied(
    service: CaseService, incomplete: bool
) -> None:
    """Hostile-user walkthrough: the date of service of a denied claim was cleared in Edit
    case and saved; only the letter's check said "No date of service" later."""
    from dataclasses import replace

    from cdt_desktop.services.cases import SentClaimFieldError

    case = _case("D3330")
    case = replace(case, claim=replace(case.claim, date_of_service="2026-11-02"))
    case_id = service.create(case, operator="DK")
    _sent(service, case_id, "submitted", "denied")
    stored = service.get(case_id)
    emptied = replace(stored.case, claim=replace(stored.case.claim, date_of_service=""))
    with pytest.raises(SentClaimFieldError) as raised:
        service.edit(case_id, emptied, operator="BL", expected_version=stored.version,
                     incomplete=incomplete)  # fmt: skip
    [problem] = raised.value.problems
    assert "2026-11-02" in str(problem) and "incomplete draft" not in str(raised.value)
    assert service.get(case_id).case.claim.date_of_service == "2026-11-02"
    corrected = replace(stored.case, claim=replace(stored.case.claim, date_of_service="2026-11-03"))
    service.edit(case_id, corrected, operator="BL", expected_version=stored.version)
    assert service.get(case_id).case.claim.date_of_service == "2026-11-03"
