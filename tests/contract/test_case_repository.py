"""The case store's behaviour, the same on every backend (the `repository` fixture runs each
test on SQLite and on a real PostgreSQL server): cases, ticks, listing/search, audit, case files."""

from __future__ import annotations

import json

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import (
    CASE_STATUSES,
    CaseNotFoundError,
    CaseRepository,
    CaseVoidedError,
    StoreConflictError,
    StoreError,
    StoreInputError,
)

SENTINEL = "Zzyzx-Sentinel-Ω-王小明"


def _case(name: str, **kw: str) -> Case:
    return Case(
        patient=Patient(name=name, chart_number=kw.get("chart", "")),
        claim=Claim(number=kw.get("claim", ""), date_of_service=kw.get("dos", "")),
        procedure=Procedure(code=kw.get("code", ""), tooth=kw.get("tooth", "")),
        checklist={"preop-radiograph": True, "consent": False},
    )


# RELIABILITY req. 23
def test_create_and_get_case_with_checklist(repository: CaseRepository) -> None:
    case = _case("Nguyễn Thị B", code="D3330", tooth="19")
    case_id = repository.create_case(case, operator="AB")
    stored = repository.get_case(case_id)
    assert stored.case == case
    assert stored.status == "draft"
    assert stored.checks["preop-radiograph"].checked is True
    assert stored.checks["preop-radiograph"].by == "AB"
    assert stored.checks["consent"].checked is False
    assert stored.created_at.endswith("+00:00")


def test_missing_case_is_a_key_error(repository: CaseRepository) -> None:
    with pytest.raises(CaseNotFoundError) as info:
        repository.get_case(999)
    assert isinstance(info.value, KeyError) and isinstance(info.value, StoreError)
    assert "999" in str(info.value) and not str(info.value).startswith("'")
    before = len(repository.audit())
    with pytest.raises(KeyError):
        repository.set_check(999, "consent", True, operator="AB")
    assert len(repository.audit()) == before  # a tick on no case writes nothing, audit included


def test_set_check_commits_and_returns_state(repository: CaseRepository) -> None:
    case_id = repository.create_case(Case(), operator="AB")
    state = repository.set_check(case_id, "pulp-diagnosis", True, operator="CD", note="tested cold")
    assert (state.item_id, state.checked, state.by, state.note) == (
        "pulp-diagnosis",
        True,
        "CD",
        "tested cold",
    )
    repository.set_check(case_id, "pulp-diagnosis", False, operator="EF")
    again = repository.checks(case_id)["pulp-diagnosis"]
    assert (again.checked, again.by) == (False, "EF")
    assert repository.get_case(case_id).case.checklist == {"pulp-diagnosis": False}


def test_a_tick_comes_back_with_the_ticks_another_workstation_made(
    repository: CaseRepository,
) -> None:
    """The chair's tick returns the checklist as stored after it, the front desk's tick made
    meanwhile included, in one call (one round trip on PostgreSQL)."""
    case_id = repository.create_case(Case(), operator="AB")
    repository.set_check(case_id, "consent", True, operator="FD", note="signed at the desk")
    stored = repository.tick(case_id, "pulp-diagnosis", True, operator="CH", note=SENTINEL)
    assert stored == repository.checks(case_id)
    assert [(s.item_id, s.checked, s.by, s.note) for s in stored.values()] == [
        ("consent", True, "FD", "signed at the desk"),
        ("pulp-diagnosis", True, "CH", SENTINEL),
    ]
    again = repository.tick(case_id, "pulp-diagnosis", False, operator="CH")
    assert (again["pulp-diagnosis"].checked, len(again)) == (False, 2)
    actions = [e.action for e in repository.audit() if e.case_id == case_id]
    assert actions.count("tick") == 2 and actions.count("untick") == 1
    with pytest.raises(CaseNotFoundError):
        repository.tick(case_id + 999, "consent", True, operator="CH")


def test_update_case_edits_sections_not_ticks(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("A"), operator="AB")
    edited = Case(patient=Patient(name="B"), checklist={"consent": True})
    version = repository.update_case(case_id, edited, operator="AB")
    stored = repository.get_case(case_id)
    assert stored.case.patient.name == "B" and stored.version == version == 2
    assert stored.case.checklist == {"preop-radiograph": True, "consent": False}


def test_update_case_with_stale_version_is_a_conflict(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("A"), operator="AB")
    loaded = repository.get_case(case_id)
    repository.update_case(case_id, _case("B"), operator="W1", expected_version=loaded.version)
    with pytest.raises(StoreConflictError):
        repository.update_case(case_id, _case("C"), operator="W2", expected_version=loaded.version)
    assert repository.get_case(case_id).case.patient.name == "B"


def test_status_changes(repository: CaseRepository) -> None:
    case_id = repository.create_case(Case(), operator="AB")
    for status in CASE_STATUSES:
        repository.set_status(case_id, status, operator="AB")
        assert repository.get_case(case_id).status == status
    with pytest.raises(StoreInputError):
        repository.set_status(case_id, "lost", operator="AB")


@pytest.mark.parametrize("operator", ["", "   ", "X" * 17, "A\nB"])
def test_operator_initials_are_required(repository: CaseRepository, operator: str) -> None:
    with pytest.raises(StoreInputError):
        repository.create_case(Case(), operator=operator)
    case_id = repository.create_case(Case(), operator="ok")
    with pytest.raises(StoreInputError):
        repository.set_check(case_id, "consent", True, operator=operator)
    assert repository.checks(case_id) == {}


@pytest.fixture
def listed(repository: CaseRepository) -> dict[str, int]:
    people = {
        "Nguyễn Văn An": dict(chart="CH-100", claim="CLM-9", code="D3330", tooth="19"),
        "王小明": dict(chart="CH-200", code="D3310", tooth="8", dos="2026-03-14"),
        "محمد علي": dict(chart="CH-300", code="D3320", tooth="12"),
        "Zoë O'Neil": dict(chart="CH_400", claim="50%OFF", code="D3353", tooth="30"),
    }
    return {
        name: repository.create_case(_case(name, **kw), operator="AB")
        for name, kw in people.items()
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Zoë O'Neil", "محمد علي", "王小明", "Nguyễn Văn An"]),
        ("nguyễn", ["Nguyễn Văn An"]),
        ("NGUYỄN an", ["Nguyễn Văn An"]),
        ("小明", ["王小明"]),
        ("محمد", ["محمد علي"]),
        ("zoë", ["Zoë O'Neil"]),
        ("o'neil", ["Zoë O'Neil"]),
        ("o’neil", ["Zoë O'Neil"]),  # the curly apostrophe of a name pasted from an EOB
        ("03/14/2026", ["王小明"]),  # the date as the forms take it, MM/DD/YYYY
        ("3/14/2026", ["王小明"]),
        ("14/03/2026", []),  # no month 14
        ("d3330", ["Nguyễn Văn An"]),
        ("CH-200", ["王小明"]),
        ("clm-9", ["Nguyễn Văn An"]),
        ("2026-03", ["王小明"]),
        ("%", ["Zoë O'Neil"]),
        ("_", ["Zoë O'Neil"]),
        ("CH_", ["Zoë O'Neil"]),
        ("\\", []),
        ("nobody", []),
    ],
)
def test_list_cases_search(
    repository: CaseRepository, listed: dict[str, int], query: str, expected: list[str]
) -> None:
    assert [s.patient_name for s in repository.list_cases(query)] == expected


def test_a_status_word_or_a_curly_apostrophe_finds_the_case(repository: CaseRepository) -> None:
    """Billing walkthrough: "paid" found nothing though the list shows a Paid column, and a
    name stored with a curly apostrophe (pasted) was not found by a typed straight one."""
    curly = repository.create_case(_case("Seán O’Brien-Núñez"), operator="AB")
    other = repository.create_case(_case("Ana Paiderson"), operator="AB")
    repository.set_status(curly, "submitted", operator="AB")
    repository.set_status(curly, "paid", operator="AB")
    assert [s.id for s in repository.list_cases("paid")] == [curly, other]  # and "Paid..."
    assert [s.id for s in repository.list_cases("paid núñez")] == [curly]
    assert [s.id for s in repository.list_cases("o'brien")] == [curly]
    left = repository.create_case(_case("Aoife O\u2018Hara"), operator="AB")  # a left quote
    assert [s.id for s in repository.list_cases("o'hara")] == [left]
    assert [s.id for s in repository.list_cases("submitted")] == []


@pytest.fixture
def front_desk(repository: CaseRepository) -> dict[str, int]:
    """Names as the office's paperwork writes them: apostrophes straight and curly, hyphens,
    a period, accents; numbers with hyphens."""
    people = {
        "Seán O'Brien": dict(chart="CH-0123", code="D3330", tooth="19"),
        "Aoife O\u2019Brien": dict(chart="CH-0456", claim="CLM-77"),
        "Mary Smith-Jones": dict(dos="2026-03-14"),
        "Paul St. John": dict(claim="20260314-7"),
        "Renée D\u2019Angelo-Núñez": dict(),
    }
    return {
        name: repository.create_case(_case(name, **kw), operator="AB")
        for name, kw in people.items()
    }


BOTH_OBRIENS = ["Aoife O\u2019Brien", "Seán O'Brien"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("obrien", BOTH_OBRIENS),  # the front desk leaves the apostrophe out
        ("o'brien", BOTH_OBRIENS),
        ("o\u2019brien", BOTH_OBRIENS),  # pasted from a letter or an EOB
        ("o\u02bcbrien", BOTH_OBRIENS),  # a phone's modifier-letter apostrophe
        ("o`brien", BOTH_OBRIENS),
        ("O BRIEN", BOTH_OBRIENS),
        ("seán obrien", ["Seán O'Brien"]),
        ("smithjones", ["Mary Smith-Jones"]),
        ("smith-jones", ["Mary Smith-Jones"]),
        ("smith jones", ["Mary Smith-Jones"]),
        ("smith\u2013jones", ["Mary Smith-Jones"]),  # an en dash from a word processor
        ("stjohn", ["Paul St. John"]),
        ("st john", ["Paul St. John"]),
        ("st. john", ["Paul St. John"]),
        ("st.john", ["Paul St. John"]),
        ("dangelo nunez", ["Renée D\u2019Angelo-Núñez"]),
        ("d'angelo-núñez", ["Renée D\u2019Angelo-Núñez"]),
        ("DANGELONUNEZ", ["Renée D\u2019Angelo-Núñez"]),
        ("ch-0123", ["Seán O'Brien"]),  # chart numbers as typed today
        ("ch0123", ["Seán O'Brien"]),
        ("CH-0", ["Aoife O\u2019Brien", "Seán O'Brien"]),
        ("clm77", ["Aoife O\u2019Brien"]),
        ("d3330", ["Seán O'Brien"]),
        ("#19", ["Seán O'Brien"]),
        ("2026-03-14", ["Mary Smith-Jones"]),  # a date, not the claim number 20260314-7
        ("20260314", ["Paul St. John"]),
        ("'", ["Renée D\u2019Angelo-Núñez", *BOTH_OBRIENS]),  # a mark alone: as typed
        ("-", ["Renée D\u2019Angelo-Núñez", "Paul St. John", "Mary Smith-Jones", *BOTH_OBRIENS]),
        ("jonesp", []),  # one name never runs into the next field
    ],
)
def test_a_name_typed_without_or_with_its_punctuation_finds_the_patient(
    repository: CaseRepository, front_desk: dict[str, int], typed: str, expected: list[str]
) -> None:
    """The front desk typed "obrien" and did not find O'Brien; "smithjones", Smith-Jones; "stjohn",
    St. John. Apostrophes (any of them), hyphens and dashes, periods and spaces inside a name
    or number do not matter; accents still do not."""
    assert [s.patient_name for s in repository.list_cases(typed)] == expected


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("CLM20261102", ["Ana Lima"]),  # read off the EOB without its spaces
        ("clm 2026 1102", ["Ana Lima"]),  # or with them
        ("RE1042", ["Ana Lima"]),
        ("20261102", ["Ana Lima"]),
        ("lima ana", ["Ana Lima"]),
        ("analima", []),  # a name's spaced words are stored once (the search's speed)
    ],
)
def test_a_claim_or_chart_number_saved_with_spaces_is_found_typed_without_them(
    repository: CaseRepository, typed: str, found: list[str]
) -> None:
    """Billing walkthrough: a claim number saved as "CLM 2026 1102" was not found typed
    "CLM20261102", while "UC20264411" found "UC-2026-4411" (the guide says spaces inside a claim
    number do not matter)."""
    repository.create_case(_case("Ana Lima", chart="RE 1042", claim="CLM 2026 1102"), operator="AB")
    repository.create_case(_case("Bo Chen", claim="CLM-2026-1103"), operator="AB")
    assert [s.patient_name for s in repository.list_cases(typed)] == found


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Søren Kjærgaard", "soren kjaergaard"),  # a Danish patient, typed on a US keyboard
        ("Ørjan Bjørnstad", "orjan bjornstad"),
        ("Łukasz Wałęsa", "lukasz walesa"),  # Polish: the stroke is part of the letter
        ("Đorđe Petrović", "dorde petrovic"),  # Serbian
        ("Þórdís Guðmundsdóttir", "thordis gudmundsdottir"),  # Icelandic
        ("Chloé Lœwenthal", "chloe loewenthal"),
        ("Søren Kjærgaard", "SØREN"),  # or typed as the paperwork writes it
    ],
)
def test_a_name_with_a_letter_that_carries_its_mark_is_found_typed_plainly(
    repository: CaseRepository, name: str, typed: str
) -> None:
    """Accents were dropped for the search ("nunez" finds Núñez), but Ø, Æ, Ł, Đ, Ð, Þ and Œ are
    letters of their own, not a letter and a mark: "soren" did not find Søren."""
    case_id = repository.create_case(_case(name), operator="AB")
    repository.create_case(_case("Ana Lima"), operator="AB")
    assert [s.id for s in repository.list_cases(typed)] == [case_id]


def test_list_cases_newest_first_status_and_limit(
    repository: CaseRepository, listed: dict[str, int]
) -> None:
    repository.set_check(listed["王小明"], "consent", True, operator="AB")
    assert repository.list_cases()[0].patient_name == "王小明"
    repository.set_status(listed["Nguyễn Văn An"], "denied", operator="AB")
    assert [s.patient_name for s in repository.list_cases(status="denied")] == ["Nguyễn Văn An"]
    assert len(repository.list_cases(limit=2)) == 2
    summary = repository.list_cases("D3310")[0]
    assert (summary.code, summary.tooth, summary.date_of_service) == ("D3310", "8", "2026-03-14")


def test_every_action_writes_an_audit_row_with_operator(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("A"), operator="C1")
    repository.update_case(case_id, _case("B"), operator="E1")
    repository.set_check(case_id, "consent", True, operator="T1")
    repository.set_check(case_id, "consent", False, operator="U1")
    repository.set_status(case_id, "submitted", operator="S1")
    repository.record_export(
        case_id, operator="X1", kind="appeal-pdf", filename=f"case-{case_id}.pdf"
    )
    imported = repository.import_case(repository.export_case(case_id), operator="I1")
    repository.delete_case(imported, operator="D1")
    rows = [(e.action, e.operator) for e in reversed(repository.audit())]
    assert rows == [
        ("create", "C1"),
        ("edit", "E1"),
        ("tick", "T1"),
        ("untick", "U1"),
        ("status", "S1"),
        ("export", "X1"),
        ("import", "I1"),
        ("delete", "D1"),
    ]
    assert all(e.at.endswith("+00:00") for e in repository.audit())
    assert [e.action for e in repository.audit(case_id)][-1] == "create"
    edit = next(e for e in repository.audit() if e.action == "edit")
    assert edit.detail == "fields: patient.name" and "B" not in edit.detail.split(":")[1]


def test_case_file_round_trip(repository: CaseRepository) -> None:
    original = Case.from_dict(
        {
            "patient": {"name": "Nguyễn <b>&", "date_of_birth": "1990-02-03", "chart_number": "7"},
            "claim": {"number": "C-1", "date_of_service": "2026-01-05", "billed_amount": "1250.00"},
            "procedure": {"code": "d3330", "tooth": "19", "notation": "universal"},
            "findings": {"root": "complete", "pulp": "necrosis", "notes": "line 1\nline 2"},
            "checklist": {"preop-radiograph": True, "consent": False},
            "enclosures": ["preop.png", "perio chart"],
        }
    )
    case_id = repository.create_case(original, operator="AB")
    text = repository.export_case(case_id)
    assert json.loads(text)["checklist"] == {"consent": False, "preop-radiograph": True}
    again = repository.import_case(text, operator="AB")
    assert repository.get_case(again).case == original
    assert repository.export_case(again) == text


def test_the_prior_authorization_address_is_stored_edited_and_exported(
    repository: CaseRepository,
) -> None:
    """Where the payer reviews prior authorizations, beside its appeals address: kept by the
    store (the claim's JSON), named in the audit when edited, in the case file and back."""
    review = "Attn: Pre-treatment Review\nPO Box 77\nSpringfield, IL 62705"
    case = _case("Ana Souza", code="D3330", tooth="19")
    case_id = repository.create_case(case, operator="AB")
    assert repository.get_case(case_id).case.claim.prior_auth_address == ""
    edited = Case.from_dict({**case.to_dict(), "claim": {"prior_auth_address": review}})
    repository.update_case(case_id, edited, operator="CD")
    assert repository.get_case(case_id).case.claim.prior_auth_address == review
    edit = next(e for e in repository.audit(case_id) if e.action == "edit")
    assert edit.detail == "fields: claim.prior_auth_address"
    text = repository.export_case(case_id)
    assert json.loads(text)["claim"]["prior_auth_address"] == review
    again = repository.import_case(text, operator="AB")
    assert repository.get_case(again).case.claim.prior_auth_address == review
    old_file = json.loads(text)
    del old_file["claim"]["prior_auth_address"]  # a file from before the field
    older = repository.import_case(json.dumps(old_file), operator="AB")
    assert repository.get_case(older).case.claim.prior_auth_address == ""


def test_invalid_case_file_imports_nothing_and_lists_every_problem(
    repository: CaseRepository,
) -> None:
    bad = {
        "patient": {"name": SENTINEL, "date_of_birth": "03/02/1990"},
        "procedure": {"code": "3330"},
        "findings": {"pulp": "dead"},
        "checklist": {"consent": "yes", SENTINEL: True},
        "extra": {},
    }
    with pytest.raises(CaseFileError) as info:
        repository.import_case(json.dumps(bad), operator="AB")
    problems = info.value.problems
    assert len(problems) == 6, problems
    assert any("checklist item 2" in p for p in problems)
    assert SENTINEL not in str(info.value)
    with pytest.raises(CaseFileError):
        repository.import_case("{not json", operator="AB")
    assert repository.list_cases() == [] and repository.audit() == []


# RELIABILITY req. 28
def test_a_deleted_case_id_is_never_reused(repository: CaseRepository) -> None:
    """Issue 15 item 5: the next patient's audit trail must not show a deleted case's rows."""
    repository.create_case(_case("First"), operator="AB")
    deleted = repository.create_case(_case("Second"), operator="AB")
    repository.set_check(deleted, "consent", True, operator="AB")
    repository.delete_case(deleted, operator="AB")
    newer = repository.create_case(_case("Third"), operator="CD")
    assert newer != deleted
    assert [(e.action, e.operator) for e in repository.audit(newer)] == [("create", "CD")]
    assert [e.action for e in repository.audit(deleted)] == ["delete", "tick", "create"]


def test_the_delete_entry_names_the_deleted_case_s_uuid(repository: CaseRepository) -> None:
    """Both backends: the audit row of a deletion carries the case's uuid like its other rows
    (SQLite looked the uuid up after the row was gone, so its delete entry had none)."""
    case_id = repository.create_case(_case("Gone"), operator="AB")
    uuid = repository.get_case(case_id).uuid
    repository.delete_case(case_id, operator="AB")
    assert {e.case_uuid for e in repository.audit(case_id)} == {uuid}


def test_every_case_has_a_uuid_that_never_changes(repository: CaseRepository) -> None:
    first = repository.create_case(_case("A"), operator="AB")
    second = repository.import_case(repository.export_case(first), operator="AB")
    loaded = repository.get_case(first)
    assert len(loaded.uuid) == 36 and loaded.uuid != repository.get_case(second).uuid
    repository.update_case(first, _case("B"), operator="AB")
    repository.set_check(first, "consent", True, operator="AB")
    repository.set_status(first, "submitted", operator="AB")
    assert repository.get_case(first).uuid == loaded.uuid
    assert repository.find_uuid(loaded.uuid) == first
    assert repository.find_uuid("00000000-0000-4000-8000-000000000000") is None
    summary = next(s for s in repository.list_cases() if s.id == first)
    assert summary.uuid == loaded.uuid
    assert {e.case_uuid for e in repository.audit(first)} == {loaded.uuid}


def test_a_stale_edit_names_who_changed_the_case_and_when(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("A"), operator="AB")
    loaded = repository.get_case(case_id)
    repository.update_case(case_id, _case("B"), operator="W1", expected_version=loaded.version)
    with pytest.raises(StoreConflictError) as info:
        repository.update_case(case_id, _case("C"), operator="W2", expected_version=loaded.version)
    assert info.value.changed_by == "W1" and info.value.changed_at
    assert "W1" in str(info.value)


def test_ticks_of_different_items_never_conflict(repository: CaseRepository) -> None:
    case_id = repository.create_case(Case(), operator="AB")
    loaded = repository.get_case(case_id)
    repository.set_check(case_id, "consent", True, operator="W1")
    repository.set_check(case_id, "pulp-diagnosis", True, operator="W2")
    checks = repository.checks(case_id)
    assert (checks["consent"].by, checks["pulp-diagnosis"].by) == ("W1", "W2")
    edited = Case(patient=Patient(name="Edited"))
    assert repository.update_case(case_id, edited, operator="W3", expected_version=loaded.version)


def test_a_voided_case_is_kept_audited_and_hidden_by_the_service(
    repository: CaseRepository,
) -> None:
    """Issue 14 item 5: void, never delete; the list hides it unless asked for."""
    from cdt_desktop.services.cases import CaseService

    service = CaseService(repository)
    case_id = service.create(_case("Ann"), operator="AB", incomplete=True)
    service.void(case_id, operator="AB", reason="entered in error")
    assert repository.get_case(case_id).status == "void"
    assert [s.id for s in service.list_cases()] == []
    assert [s.id for s in service.list_cases(status="void")] == [case_id]
    actions = [(e.action, e.detail) for e in repository.audit(case_id)]
    assert actions[0] == ("void", "entered in error")
    assert ("status", "draft -> void") in actions


def test_a_tick_from_a_window_not_yet_told_of_the_void_is_refused_and_writes_nothing(
    repository: CaseRepository,
) -> None:
    """The front desk voids a case (entered in error) while the chair still shows it: the
    chair's next tick is refused by the store itself, with nothing written (tick, case time,
    audit row), on both backends."""
    case_id = repository.create_case(_case("Ann"), operator="AB")
    repository.set_check(case_id, "consent", True, operator="AB")
    repository.set_status(case_id, "void", operator="FD")
    before = repository.get_case(case_id)
    trail = len(repository.audit(case_id))
    with pytest.raises(CaseVoidedError, match=f"Case {case_id} was voided"):
        repository.tick(case_id, "consent", False, operator="AB")
    with pytest.raises(CaseVoidedError):
        repository.set_check(case_id, "pulp-diagnosis", True, operator="AB")
    after = repository.get_case(case_id)
    assert after.checks == before.checks and after.updated_at == before.updated_at
    assert len(repository.audit(case_id)) == trail
    assert not repository.verify_audit()
    with pytest.raises(CaseNotFoundError):  # no such case still says so
        repository.tick(case_id + 1000, "consent", True, operator="AB")


def test_a_decision_is_recorded_in_the_audit_log(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("Ann"), operator="AB")
    repository.record_event(case_id, operator="CD", action="confirm-code", detail="D3354 deleted")
    last = repository.audit(case_id)[0]
    assert (last.operator, last.action, last.detail) == ("CD", "confirm-code", "D3354 deleted")


def test_every_audit_row_is_in_the_hash_chain(repository: CaseRepository) -> None:
    """Issue 15 item 10 (RELIABILITY req. 14): each backend chains its audit rows, every write
    path included (the one-statement tick, adopted rows)."""
    case_id = repository.create_case(Case(patient=Patient(name="Zoë")), operator="AB")
    repository.set_check(case_id, "consent", True, operator="AB")
    repository.set_check(case_id, "consent", False, operator="CD")
    repository.set_status(case_id, "submitted", operator="AB")
    repository.record_export(case_id, operator="AB", kind="appeal-pdf", filename="a.pdf")
    repository.delete_case(case_id, operator="AB")
    assert repository.verify_audit() == []
    assert repository.check() == ["ok"]


def test_opening_a_case_is_audited_as_a_view(repository: CaseRepository) -> None:
    """Issue 15 item 9 (RELIABILITY req. 14 lists views)."""
    case_id = repository.create_case(Case(), operator="AB")
    repository.record_view(case_id, operator="CD")
    views = [a for a in repository.audit(case_id) if a.action == "view"]
    assert [(a.operator, a.detail) for a in views] == [("CD", "")]
    assert repository.verify_audit() == []


@pytest.mark.parametrize(
    ("typed", "meant"), [("#19", "19"), ("# 19", "19"), ("#8 CH-200", "8 CH-200")]
)
def test_a_tooth_searched_as_the_list_shows_it_finds_the_case(
    repository: CaseRepository, listed: dict[str, int], typed: str, meant: str
) -> None:
    """The list shows teeth as "#19"; the billing clerk typed what she saw and found nothing
    (tour9). A "#" before a word is the tooth sign, not part of what is searched."""
    found = [s.patient_name for s in repository.list_cases(typed)]
    assert found == [s.patient_name for s in repository.list_cases(meant)]
    assert found
