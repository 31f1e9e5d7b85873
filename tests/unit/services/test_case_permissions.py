"""The case service checks the signed-in user's role before every write; views are audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import PIL.Image
import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure, Provider
from cdt_desktop.domain.session import PermissionDeniedError
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.cases import CaseService
from tests.helpers.office import as_user
from tests.helpers.office import office as signed_in_office


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseService, AuthService]]:
    with signed_in_office(tmp_path / "data") as made:
        yield made


def molar(code: str = "D3330") -> Case:
    return Case(patient=Patient(name="Zoë"), procedure=Procedure(code=code, tooth="19"))


def new_case(service: CaseService, auth: AuthService) -> int:
    return service.create(molar(""), operator=as_user(auth, "Maria Ruiz"), incomplete=True)


CASES = [
    # (situation, user, what, allowed)
    ("assistant creates the case at the chair", "Maria Ruiz", "create", True),
    # new-office walkthrough: a claim number typed into the new case was saved, while the
    # same assistant could not type it into the case a minute later
    ("assistant may not fill in claim data on a new case", "Maria Ruiz", "create_claim", False),
    ("dentist's new case keeps the code and findings", "Dr Diaz", "create", True),
    (
        "assistant's new case as the form fills it: date and provider",
        "Maria Ruiz",
        "create_prefilled",
        True,
    ),
    ("admin's new case may hold claim data", "Ana Admin", "create_claim", True),
    ("billing does not create cases", "Bea Billing", "create", False),
    ("assistant ticks the radiograph", "Maria Ruiz", "tick", True),
    ("billing does not tick clinical items", "Bea Billing", "tick", False),
    ("assistant may not change the code", "Maria Ruiz", "change_code", False),
    ("dentist puts D3330 on the case", "Dr Diaz", "change_code", True),
    ("assistant may not re-code through the form", "Maria Ruiz", "edit_code", False),
    ("dentist re-codes through the form", "Dr Diaz", "edit_code", True),
    ("billing fills in the denial reason", "Bea Billing", "edit_claim", True),
    ("assistant may not edit claim data", "Maria Ruiz", "edit_claim", False),
    ("billing voids a duplicate", "Bea Billing", "void", True),
    ("assistant may not void", "Maria Ruiz", "void", False),
    ("admin may do it all", "Ana Admin", "change_code", True),
    ("assistant attaches the film taken at the chair", "Maria Ruiz", "attach", True),
    ("billing attaches the film the payer asked for", "Bea Billing", "attach", True),
]


@pytest.mark.parametrize(
    ("who", "what", "allowed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case_writes_check_the_role(
    office: tuple[CaseService, AuthService], who: str, what: str, allowed: bool, tmp_path: Path
) -> None:
    service, auth = office
    case_id = new_case(service, auth)
    op = as_user(auth, who)
    stored = service.get(case_id)
    film = tmp_path / "film.jpg"
    PIL.Image.new("L", (120, 160), 100).save(film, "JPEG")

    def edit(case: Case) -> int:
        return service.edit(
            case_id, case, operator=op, expected_version=stored.version, incomplete=True
        )

    run = {
        "create": lambda: service.create(molar(), operator=op, incomplete=True),
        "create_prefilled": lambda: service.create(
            dataclasses.replace(
                molar(), claim=Claim(date_of_service="2026-12-04"),
                provider=Provider(name="Dana Whitfield", practice="Maple Dental", npi="1234567893"),
            ),
            operator=op, incomplete=True,
        ),
        "create_claim": lambda: service.create(
            dataclasses.replace(molar(), claim=Claim(number="CLM-0001")),
            operator=op, incomplete=True,
        ),
        "tick": lambda: service.tick(case_id, "preop-radiograph", True, operator=op),
        "change_code": lambda: service.change_code(case_id, "D3330", operator=op),
        "edit_code": lambda: edit(dataclasses.replace(
            stored.case, procedure=dataclasses.replace(stored.case.procedure, code="D3330"))),
        "edit_claim": lambda: edit(dataclasses.replace(
            stored.case, claim=Claim(denial_reason="frequency"))),
        "void": lambda: service.void(case_id, operator=op, reason="duplicate"),
        "attach": lambda: service.attach_radiograph(
            case_id, film, caption="Pre-op #19", taken_on="", operator=op),
    }[what]  # fmt: skip
    if allowed:
        run()
    else:
        with pytest.raises(PermissionDeniedError, match="role; you are signed in as"):
            run()


def test_refused_edit_changes_nothing(office: tuple[CaseService, AuthService]) -> None:
    service, auth = office
    case_id = new_case(service, auth)
    before = service.get(case_id)
    with pytest.raises(PermissionDeniedError, match="dentist or admin"):
        service.change_code(case_id, "D3330", operator=as_user(auth, "Maria Ruiz"))
    assert service.get(case_id) == before


def test_opening_a_case_is_audited_as_a_view(office: tuple[CaseService, AuthService]) -> None:
    service, auth = office
    case_id = new_case(service, auth)
    as_user(auth, "Bea Billing")
    service.open(case_id)
    last = auth.store.audit_trail(case_id=case_id)[-1]
    assert (last.action, last.user_name) == ("view", "Bea Billing")


def test_without_users_everything_works_as_before(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "solo") as store:
        service = CaseService(store)
        service.auth = AuthService(store)
        case_id = service.create(molar(), operator="MR", incomplete=True)
        service.change_code(case_id, "D3330", operator="MR")
        service.open(case_id, operator="MR")
        # a view is audited with the initials even without users (issue 15 item 9)
        views = [(e.action, e.operator) for e in store.audit(case_id) if e.action == "view"]
        assert views == [("view", "MR")]


def test_claim_status_moves_need_billing(office: tuple[CaseService, AuthService]) -> None:
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService

    service, auth = office
    case_id = new_case(service, auth)
    billing = BillingService(service.repository, auth=auth)
    event = StatusEvent(status="submitted", date="2026-03-02", claim_number="C-1")
    with pytest.raises(PermissionDeniedError, match="billing or admin"):
        billing.advance(case_id, event, operator=as_user(auth, "Dr Diaz"))
    billing.advance(case_id, event, operator=as_user(auth, "Bea Billing"))


STALE_EDITS = [
    # (situation, who saves first and what, who saves a form opened before that, and what)
    ("billing adds the payer while the assistant fixes the chart number",
     "Bea Billing", "payer", "Maria Ruiz", "chart"),
    ("the assistant fixes the chart number while billing adds the payer",
     "Maria Ruiz", "chart", "Bea Billing", "payer"),
]  # fmt: skip


def _changed(case: Case, what: str) -> Case:
    from cdt_desktop.domain.cases.model import Payer

    if what == "payer":
        return dataclasses.replace(case, payer=Payer(name="Acme Dental"))
    return dataclasses.replace(case, patient=dataclasses.replace(case.patient, chart_number="C9"))


@pytest.mark.parametrize(
    ("first", "first_what", "second", "second_what"),
    [c[1:] for c in STALE_EDITS],
    ids=[c[0] for c in STALE_EDITS],
)
def test_a_stale_edit_by_another_role_is_a_conflict_not_a_role_refusal(
    office: tuple[CaseService, AuthService],
    first: str,
    first_what: str,
    second: str,
    second_what: str,
) -> None:
    """Two PCs edit one case, each only in its own role's fields: the second save is refused
    as stale, naming who saved first (the form it came from still holds the other's old
    values, which its role may not write: that must not be reported as a role problem)."""
    from cdt_desktop.domain.cases.ports import StoreConflictError

    service, auth = office
    case_id = new_case(service, auth)
    opened = service.get(case_id)  # both PCs open the case
    first_op = as_user(auth, first)
    service.edit(
        case_id, _changed(opened.case, first_what), operator=first_op,
        expected_version=opened.version, incomplete=True,
    )  # fmt: skip
    saved = service.get(case_id)
    second_op = as_user(auth, second)
    with pytest.raises(StoreConflictError, match=f"changed by {first_op} at"):
        service.edit(
            case_id, _changed(opened.case, second_what), operator=second_op,
            expected_version=opened.version, incomplete=True,
        )  # fmt: skip
    assert service.get(case_id) == saved


def test_billing_ticks_the_checklist_s_billing_items_only(tmp_path: Path) -> None:
    """Tour of a two-PC office, finding 5: the front desk checks that the claim's tooth number
    matches the code (the D3330 checklist's Billing group) and the appeal's pre-export check
    asks for it, but billing's tick was refused ("needs the dentist, assistant or admin role").
    Billing ticks the Billing items; the clinical and imaging items stay the chair's."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with signed_in_office(tmp_path / "data") as (plain, auth), ReferenceLibrary() as library:
        service = CaseService(plain.repository, library)
        service.auth = auth
        case_id = service.create(molar(), operator=as_user(auth, "Maria Ruiz"))
        op = as_user(auth, "Bea Billing")
        ticks = service.tick(case_id, "tooth-number-matches-code", True, operator=op)
        assert ticks["tooth-number-matches-code"].checked
        assert ticks["tooth-number-matches-code"].by == "BB"
        with pytest.raises(PermissionDeniedError, match="dentist, assistant or admin"):
            service.tick(case_id, "preop-radiograph", True, operator=op)
        with pytest.raises(PermissionDeniedError):
            service.tick(case_id, "no-such-item", True, operator=op)
        assert not service.get(case_id).case.checklist.get("preop-radiograph")


def test_a_user_disabled_since_signing_in_saves_no_form(
    office: tuple[CaseService, AuthService],
) -> None:
    """An admin disabled Maria at another PC while her case form was open: her tick was refused,
    but the form's Save (checked field by field, not through the one permission check) still
    went through as her."""
    from cdt_desktop.domain.pins import SignInError

    service, auth = office
    case_id = new_case(service, auth)
    maria = as_user(auth, "Maria Ruiz")
    stored = service.get(case_id)
    admin = AuthService(auth.store)
    admin.sign_in_trusted("Ana Admin")
    user = auth.store.find_user("Maria Ruiz")
    assert user is not None
    admin.update_user(user.id, active=False)
    auth.refresh_user()  # what the change feed does in her window
    edited = dataclasses.replace(stored.case, patient=Patient(name="Zoë Ramos"))
    with pytest.raises(SignInError, match="disabled"):
        service.edit(
            case_id, edited, operator=maria, expected_version=stored.version, incomplete=True
        )
    with pytest.raises(SignInError, match="disabled"):
        auth.set_pin(user.id, "582046")
    assert service.get(case_id).case.patient.name == "Zoë"
