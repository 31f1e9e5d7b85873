"""Export and import round-trip every case a store holds, on every backend: a claim stored by an
earlier version with a longer status history than a new change may make (over 20 changes, a
denial note or reason over the limit) exports a file the import takes back, history as stored.
The import still checks the history's shape, and still refuses a file over the 1 MB cap."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.field_rules import MAX_STATUS_CHANGES
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.domain.cases.status import StatusEvent


def _resent_again_and_again(changes: int) -> tuple[StatusEvent, ...]:
    """Submitted, denied, resubmitted corrected, denied... one a day."""
    events = []
    for n in range(changes):
        day = f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}"
        if n % 2 == 0:
            events.append(StatusEvent("submitted", day, claim_number=f"CL-{n}"))
        else:
            events.append(StatusEvent("denied", day, reason="missing narrative", category="other"))
    return tuple(events)


LONG_NOTES = (
    StatusEvent("submitted", "2026-01-05", claim_number="CL-1"),
    StatusEvent("denied", "2026-02-01", reason="x" * 900, note="n" * 350,
                eob_reference="EOB-" + "7" * 240),
)  # fmt: skip


def _stored_by_an_older_version(
    repository: CaseRepository, history: tuple[StatusEvent, ...]
) -> int:
    case = Case(
        patient=Patient(name="Helen Castillo"),
        claim=Claim(number="C-1", date_of_service="2025-12-20"),
        procedure=Procedure(code="D3348", tooth="30"),
    )
    return repository.create_case(replace(case, status_history=history), operator="AB")


@pytest.mark.parametrize(
    "history",
    [
        pytest.param(_resent_again_and_again(MAX_STATUS_CHANGES + 5), id="25 status changes"),
        pytest.param(LONG_NOTES, id="a denial reason, note and EOB reference over the limits"),
    ],
)
def test_a_case_stored_with_a_longer_history_exports_a_file_the_import_takes_back(
    repository: CaseRepository, history: tuple[StatusEvent, ...]
) -> None:
    case_id = _stored_by_an_older_version(repository, history)
    stored = repository.get_case(case_id).case
    assert stored.status_history == history  # held as stored
    text = repository.export_case(case_id)
    again = repository.import_case(text, operator="OM")
    imported = repository.get_case(again).case
    assert imported.status_history == history
    assert (imported.patient, imported.procedure) == (stored.patient, stored.procedure)


def test_the_import_still_checks_the_history_s_shape(repository: CaseRepository) -> None:
    """As stored is not anything at all: a history no store could hold is refused."""
    case_id = _stored_by_an_older_version(repository, _resent_again_and_again(3))
    text = repository.export_case(case_id).replace('"status": "denied"', '"status": "paid"', 1)
    text = text.replace('"status": "submitted"', '"status": "appealed"', 1)
    with pytest.raises(CaseFileError, match="status_history"):
        repository.import_case(text, operator="OM")
