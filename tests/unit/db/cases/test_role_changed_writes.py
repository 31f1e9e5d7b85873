"""An admin changes a user's role at another workstation while that user's window is open: the
store itself refuses every write the role they have NOW may not make, on both backends, and
nothing is saved. The window's services check the role from its own copy of the user, which the
change feed refreshes only later (or never, while the feed is down): before, an assistant made
billing still ticked clinical items and created cases, billing made an assistant still edited
claim data, a dentist made an assistant still re-coded, and an admin made a dentist still added
users, each with its audit row under them (review12's leftover). The rules are the window's own
(billing still ticks the Billing items of the case's code). Two stores on one real database, as
two workstations; PostgreSQL's tick is its one statement.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.domain.session import Role, RoleChangedError
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from tests.helpers.office import FAST
from tests.helpers.office import PINS as OFFICE_PINS

PINS = {**OFFICE_PINS, "Ada Owner": "604917"}
CLINICAL, BILLING = "working-length-recorded", "tooth-number-matches-code"  # both on D3330


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


class Office:
    """The admin at one workstation (``there``), a user signed in at another (``here``)."""

    def __init__(self, here: CaseRepository, there: CaseRepository, library: ReferenceLibrary):
        self.here, self.there = here, there
        self.admin = AuthService(there, params=FAST)  # type: ignore[arg-type]
        self.admin.create_first_admin("Ana Admin", PINS["Ana Admin"])
        self.ids = {
            name: self.admin.add_user(name, role, PINS[name]).id
            for name, role in (
                ("Dr Diaz", Role.DENTIST),
                ("Maria Ruiz", Role.ASSISTANT),
                ("Bea Billing", Role.BILLING),
                ("Ada Owner", Role.ADMIN),
            )
        }
        self.auth = AuthService(here, params=FAST)  # type: ignore[arg-type]
        self.cases = CaseService(here, library)
        self.cases.auth = self.auth
        self.case_id = there.create_case(molar(), operator="AA")

    def sign_in(self, name: str) -> str:
        return self.auth.sign_in_trusted(name).initials

    def make(self, name: str, role: Role) -> None:
        """The admin changes ``name``'s role at the other workstation."""
        self.admin.update_user(self.ids[name], role=role)

    def unchanged(self, attempt: Callable[[], object], match: str) -> None:
        """``attempt`` is refused as a role change, and nothing reaches the store."""
        trail, before = len(self.there.audit_trail()), self.there.get_case(self.case_id)
        with pytest.raises(RoleChangedError, match=match):
            attempt()
        assert len(self.there.audit_trail()) == trail
        after = self.there.get_case(self.case_id)
        assert (after.version, after.checks, after.status) == (
            before.version,
            before.checks,
            before.status,
        )


@pytest.fixture
def office(store_url: Callable[[], str], library: ReferenceLibrary) -> Iterator[Office]:
    with open_repository(store_url()) as here, open_repository(store_url()) as there:
        yield Office(here, there, library)


def molar() -> Case:
    return Case(patient=Patient(name="Zoë Ortiz"), procedure=Procedure(code="D3330", tooth="19"))


def test_an_assistant_made_billing_elsewhere_ticks_only_billing_items(office: Office) -> None:
    op = office.sign_in("Maria Ruiz")
    office.cases.tick(office.case_id, CLINICAL, True, operator=op)  # an assistant still: saved
    office.make("Maria Ruiz", Role.BILLING)
    office.unchanged(
        lambda: office.cases.tick(office.case_id, CLINICAL, False, operator=op),
        "Ticking checklist items needs the dentist, assistant or admin role; .*Maria Ruiz.*'s "
        "role was changed to billing by an admin at another workstation since signing in: "
        r"nothing was saved\. Lock \(Ctrl\+L\) and sign in again",
    )
    office.unchanged(lambda: office.cases.create(molar(), operator=op), "Creating a case needs the")
    stored = office.here.get_case(office.case_id)
    findings = dataclasses.replace(stored.case.findings, notes="sinus tract")
    office.unchanged(
        lambda: office.cases.edit(
            office.case_id,
            dataclasses.replace(stored.case, findings=findings),
            operator=op,
            expected_version=stored.version,
        ),
        "Editing the patient, tooth, findings and clinical facts needs the",
    )
    # billing's own item of the case's code: billing may tick it, so the store saves it
    ticks = office.cases.tick(office.case_id, BILLING, True, operator=op)
    assert ticks[BILLING].checked and ticks[CLINICAL].checked
    office.make("Maria Ruiz", Role.ASSISTANT)  # made an assistant again: her window ticks again
    assert not office.cases.tick(office.case_id, CLINICAL, False, operator=op)[CLINICAL].checked


def test_billing_made_an_assistant_elsewhere_edits_no_claim_data(office: Office) -> None:
    op = office.sign_in("Bea Billing")
    office.cases.tick(office.case_id, BILLING, True, operator=op)  # billing's own item: saved
    office.make("Bea Billing", Role.ASSISTANT)
    stored = office.here.get_case(office.case_id)
    claim = Claim(number="CLM-2291")
    office.unchanged(
        lambda: office.cases.edit(
            office.case_id,
            dataclasses.replace(stored.case, claim=claim),
            operator=op,
            expected_version=stored.version,
        ),
        "Editing claim data needs the billing or admin role; .*Bea Billing.*'s role was "
        "changed to assistant",
    )
    office.unchanged(
        lambda: office.cases.void(office.case_id, operator=op),
        "Changing a case's status needs the dentist, billing or admin role",
    )
    billing = BillingService(office.here, auth=office.auth)
    sent = StatusEvent("submitted", "2026-11-30", claim_number="CLM-2291")
    office.unchanged(
        lambda: billing.advance(office.case_id, sent, operator=op),
        "Changing a case's status needs the billing or admin role",
    )
    # an assistant ticks any item: her window's billing-only tick is allowed by the store
    office.cases.tick(office.case_id, BILLING, False, operator=op)


def test_a_dentist_made_an_assistant_elsewhere_changes_no_code(office: Office) -> None:
    op = office.sign_in("Dr Diaz")
    office.make("Dr Diaz", Role.ASSISTANT)
    risk = office.cases.code_risk("D3310", office.here.get_case(office.case_id).case)
    office.unchanged(
        lambda: office.cases.change_code(office.case_id, "D3310", operator=op, confirmed=risk),
        "Changing a case's code needs the dentist or admin role",
    )
    findings = CaseFindings(notes="ok")
    stored = office.here.get_case(office.case_id)
    version = office.cases.edit(  # a clinical edit an assistant may make is saved
        office.case_id,
        dataclasses.replace(stored.case, findings=findings),
        operator=op,
        expected_version=stored.version,
    )
    # writes no role rule guards are not refused either: the appeal dialog keeps the payer's
    # denial reason typed there on the case, whoever exports the letter
    claim = Claim(denial_reason="not medically necessary")
    case = dataclasses.replace(office.here.get_case(office.case_id).case, claim=claim)
    office.here.update_case(office.case_id, case, operator=op, expected_version=version)
    assert office.there.get_case(office.case_id).case.claim == claim


def test_an_admin_made_a_dentist_elsewhere_manages_no_users(office: Office) -> None:
    office.sign_in("Ada Owner")
    office.make("Ada Owner", Role.DENTIST)
    office.unchanged(
        lambda: office.auth.add_user("Cal New", Role.ASSISTANT, "860215"),
        "Managing users needs the admin role",
    )
    office.unchanged(
        lambda: office.auth.update_user(office.ids["Maria Ruiz"], role=Role.ADMIN),
        "Managing users needs the admin role",
    )
    office.unchanged(lambda: office.auth.set_idle_minutes(9), "Changing settings needs the")
    office.auth.set_pin(office.ids["Ada Owner"], "739046")  # her own PIN: anyone may


def test_an_admin_may_still_make_themselves_a_dentist(office: Office) -> None:
    """The role is checked before the change it makes: the last row is not refused."""
    office.sign_in("Ada Owner")
    office.auth.update_user(office.ids["Ada Owner"], role=Role.DENTIST)
    assert office.there.get_user(office.ids["Ada Owner"]).role is Role.DENTIST


def test_billing_made_an_assistant_elsewhere_imports_no_code_set(
    office: Office, tmp_path: Path
) -> None:
    """The office's licensed CDT code set on the server (PostgreSQL only: on one PC it is this
    PC's own file, written before its audit row)."""
    shared = office.here.code_sets()
    if shared is None:
        pytest.skip("the code set is this PC's own file on SQLite")
    from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
    from cdt_desktop.services.codeset_import import CodeSetImport

    report = ImportReport(edition="2026")
    report.accepted.append(ImportedCode("D3330", "Our words", "Our words.", "Endodontics"))
    office.sign_in("Bea Billing")
    importing = CodeSetImport(tmp_path / "pc", office.here, auth=office.auth)
    office.make("Bea Billing", Role.ASSISTANT)
    office.unchanged(
        lambda: importing.save(report, "cdt-2026.txt"),
        "Importing the licensed CDT code set needs the billing or admin role",
    )
    assert shared.editions() == []
