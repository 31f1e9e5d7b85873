"""The billing views read every draft (or every denial) at once, on both backends: the same
cases, ticks and films a read per case returns, in the list's order, in a fixed number of
statements (a read per case was several round trips each to an office server, and the views
are read again whenever another workstation changes a case)."""

from __future__ import annotations

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from tests.helpers.images import jpeg_bytes


def _draft(repository: CaseRepository, name: str) -> int:
    case = Case(
        patient=Patient(name=name),
        claim=Claim(date_of_service="2026-11-20"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    return repository.create_case(case, operator="DR")


def _film(repository: CaseRepository, case_id: int, caption: str, taken_on: str) -> None:
    repository.add_radiograph(
        case_id, caption=caption, taken_on=taken_on, media_type="image/jpeg",
        data=jpeg_bytes(), width=64, height=48, operator="SA",
    )  # fmt: skip


def test_every_draft_is_read_with_its_ticks_as_one_at_a_time(repository: CaseRepository) -> None:
    first, second, third = (_draft(repository, n) for n in ("Ann Lee", "Bo Park", "Cy Diaz"))
    repository.tick(first, "pulp-diagnosis", True, operator="SA")
    repository.tick(third, "pulp-diagnosis", True, operator="SA")
    repository.tick(third, "preop-radiograph", True, operator="SA", note="PA of 11/18")
    repository.set_status(second, "submitted", operator="BL")
    voided = _draft(repository, "Dee Void")
    repository.set_status(voided, "void", operator="FD")

    drafts = repository.cases_in_status("draft")

    assert [s.id for s in drafts] == [s.id for s in repository.list_cases(status="draft")]
    assert {s.id for s in drafts} == {first, third}
    assert drafts == [repository.get_case(s.id) for s in drafts]  # case, ticks, version, uuid
    assert [s.summary() for s in drafts] == repository.list_cases(status="draft")  # the rows
    assert [s.id for s in repository.cases_in_status("submitted")] == [second]
    assert [s.id for s in repository.cases_in_status("void")] == [voided]
    assert len(repository.cases_in_status("draft", limit=1)) == 1
    assert repository.cases_in_status("paid") == []


def test_the_films_of_many_cases_are_read_at_once_oldest_first(
    repository: CaseRepository,
) -> None:
    filmed, bare, both = (_draft(repository, n) for n in ("Eve Ray", "Fay Lim", "Gus Roe"))
    _film(repository, filmed, "Pre-op PA #19", "2026-11-18")
    _film(repository, both, "Pre-op PA #19", "2026-11-02")
    _film(repository, both, "Post-op PA #19", "2026-11-20")

    dates = repository.film_dates([filmed, bare, both])

    assert dates == {
        filmed: [("Pre-op PA #19", "2026-11-18")],
        both: [("Pre-op PA #19", "2026-11-02"), ("Post-op PA #19", "2026-11-20")],
    }
    for case_id, films in dates.items():  # as the one-case read lists them
        assert films == [(f.caption, f.taken_on) for f in repository.radiographs(case_id)]
    assert repository.film_dates([]) == {}
