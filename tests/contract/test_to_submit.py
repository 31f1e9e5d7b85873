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


def test_billing_sees_a_series_visit_dated_before_its_initial_visit(
    repository: CaseRepository, library: ReferenceLibrary
) -> None:
    """Walkthrough: an interim regeneration visit (D3356) of November 1 beside the initial visit
    (D3355) of December 1, same patient and tooth. Mark as submitted asked about it, but To
    submit listed the interim visit as "Ready to send" and so it went out first."""
    from dataclasses import replace

    from tests.helpers.cases import series_case

    def visit(code: str, step: str, dos: str) -> int:
        case = replace(
            series_case(code, "regeneration", step),
            payer=Payer(name="Delta Dental"), claim=Claim(date_of_service=dos),
        )  # fmt: skip
        case_id = repository.create_case(case, operator="DR")
        for item in library.checklist(code):
            if item.required:
                repository.tick(case_id, item.id, True, operator="SA")
        return case_id

    initial = visit("D3355", "initial", "2026-12-01")
    interim = visit("D3356", "interim", "2026-11-01")
    billing = BillingService(repository)

    listed = {s.id: item for s, item in billing.to_submit(library.get, TODAY)}

    assert not listed[interim].ready and not listed[initial].ready
    assert "2026-12-01, after this interim visit" in " ".join(listed[interim].series)
    assert "2026-11-01, before this initial visit" in " ".join(listed[initial].series)
    from cdt_desktop.services.billing_views import submit_rows

    rows = {row.summary.id: row for row in submit_rows(billing, library.get, TODAY)}
    assert rows[interim].words == "Series dates out of order"
    tip = " ".join(rows[interim].tip.split())
    assert "before this" not in tip and "after this interim" in tip
    assert max(len(line) for line in rows[interim].tip.splitlines()) <= 80  # not screen-wide
