"""The billing desk's "To submit" list on both backends: the drafts whose required
documentation the chair recorded (ticks, and a dated film attached for a film's item) come
first, by the same rule "Mark as submitted" asks about; a sent claim is not listed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from tests.helpers.images import jpeg_bytes

TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


def _draft(repository: CaseRepository, name: str, dos: str) -> int:
    case = Case(
        patient=Patient(name=name),
        payer=Payer(name="Delta Dental"),  # a claim goes somewhere (no payer: not ready)
        claim=Claim(date_of_service=dos),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    return repository.create_case(case, operator="DR")


def _tick_required(
    repository: CaseRepository, library: ReferenceLibrary, case_id: int, *, but: str = ""
) -> None:
    for item in library.checklist("D3330"):
        if item.required and item.id != but:
            repository.tick(case_id, item.id, True, operator="SA")


def test_billing_sees_the_documented_drafts_first(
    repository: CaseRepository, library: ReferenceLibrary
) -> None:
    required = [item.id for item in library.checklist("D3330") if item.required]
    film_item = next(i for i in required if "pre-op" in i or "preop" in i)
    documented = _draft(repository, "Ana Ready", "2026-11-20")
    _tick_required(repository, library, documented)
    short = _draft(repository, "Ben Short", "2026-11-02")  # two required items unticked
    for item_id in required[2:]:
        repository.tick(short, item_id, True, operator="SA")
    filmed = _draft(repository, "Cy Filmed", "2026-11-25")  # the pre-op item: a dated film
    _tick_required(repository, library, filmed, but=film_item)
    billing = BillingService(repository)
    before = {s.patient_name: item.missing for s, item in billing.to_submit(library.get, TODAY)}
    assert before["Cy Filmed"] == 1
    repository.add_radiograph(
        filmed, caption="Pre-op PA #19", taken_on="2026-11-25", media_type="image/jpeg",
        data=jpeg_bytes(), width=64, height=48, operator="SA",
    )  # fmt: skip
    _draft(repository, "Di Booked", "2026-12-11")
    sent = _draft(repository, "Ed Sent", "2026-11-01")
    _tick_required(repository, library, sent)
    billing.advance(sent, StatusEvent(status="submitted", date="2026-11-03"), operator="BL")

    listed = billing.to_submit(library.get, TODAY)

    assert [(s.patient_name, item.missing) for s, item in listed] == [
        ("Ana Ready", 0),
        ("Cy Filmed", 0),
        ("Ben Short", 2),
        ("Di Booked", len(required) - 1),  # all but the fit of #19 to D3330: the record says it
    ]
    assert [item.ready for _s, item in listed] == [True, True, False, False]
    assert listed[-1][1].planned
