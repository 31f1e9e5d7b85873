"""Cases the tests of several rooms share, as an office would type them."""

from __future__ import annotations

from cdt_desktop.domain.cases.model import (
    Case,
    CaseFindings,
    Claim,
    Patient,
    Payer,
    Procedure,
    Provider,
    Subscriber,
)

PLANNED_RCT = Case(
    patient=Patient(name="Ana Souza", date_of_birth="1980-04-02"),
    subscriber=Subscriber(name="Ana Souza", member_id="XZ-77120"),
    payer=Payer(name="Lakeside Dental Plan", address="PO Box 10\nSpringfield, IL 62704"),
    provider=Provider(name="Dana Whitfield", credentials="DDS", npi="1234567893"),
    claim=Claim(billed_amount="1150.00"),
    procedure=Procedure(code="D3330", tooth="19"),
)
"""A root canal on #19 planned (no date of service yet), with what a prior-authorization request
needs: the plan, its member ID, the treating dentist and the billed amount."""


def series_case(code: str, goal: str, visit: str) -> Case:
    """#30, immature and necrotic, on a visit of the apexification or regeneration series."""
    return Case(
        patient=Patient(name="Leo Park"),
        claim=Claim(date_of_service="2026-11-02"),
        procedure=Procedure(code=code, tooth="30"),
        findings=CaseFindings(root="immature", pulp="necrosis", goal=goal, visit=visit),
    )
