"""What the case store holds of the same patient's other cases, for the checks before a case
is saved or its claim sent: the same treatment already here (a case file imported twice), and
the other visits of an apexification or regeneration series dated on the wrong side of this
one. Found among the cases the patient's name finds; plain Python over the repository port.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from datetime import date

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository, CaseSummary


def _same_patient(
    repository: CaseRepository, case: Case, read: dict[str, list[CaseSummary]] | None
) -> list[CaseSummary] | None:
    """The cases the patient's name finds (``read``: those listed already); None when ``case``
    is no series visit, has no patient name, or the store cannot be read now."""
    from cdt_desktop.domain.cases.series import is_series_visit

    name = case.patient.name.strip()
    if not name or not is_series_visit(case.procedure.code):
        return None
    read = {} if read is None else read
    if name not in read:
        try:
            read[name] = repository.list_cases(name, limit=200)
        except UserFacingError:
            return None
    return read[name]


def series_visits(repository: CaseRepository, case_id: int, case: Case) -> list[tuple[str, date]]:
    """The other dated visits of ``case``'s series, (code, date of service), oldest first
    (``domain.cases.series.other_visits``): [] when none, or the store cannot be read now."""
    from cdt_desktop.domain.cases.series import other_visits

    found = _same_patient(repository, case, None)
    return other_visits(case_id, case, found) if found is not None else []


def series_problems(
    repository: CaseRepository,
    case_id: int,
    case: Case,
    read: dict[str, list[CaseSummary]] | None = None,
) -> list[str]:
    """The other visits of ``case``'s apexification or regeneration series dated on the wrong
    side of it (``domain.cases.series``): [] when ``case`` is no series visit, or the store
    cannot be read now (the check goes on without it). ``read``: the cases already listed by
    patient name (the To submit view asks for each of its drafts)."""
    from cdt_desktop.domain.cases.series import series_out_of_order

    found = _same_patient(repository, case, read)
    return series_out_of_order(case_id, case, found) if found is not None else []


def already_here(repository: CaseRepository, case: Case) -> CaseSummary | None:
    """The case ``repository`` holds for ``case``'s treatment (``domain.cases.duplicates``),
    voided ones aside; found among the cases the patient's name finds."""
    from cdt_desktop.domain.cases.duplicates import first_same

    name = case.patient.name.strip()
    if not name or not case.procedure.code.strip():
        return None
    listed = repository.list_cases(name, limit=100)
    return first_same((s for s in listed if s.status != "void"), case)
