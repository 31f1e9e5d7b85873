"""Which codes need a confirmation (services/code_risk.py), against the shipped library."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.code_risk import code_risk


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary() as opened:
        yield opened


def _case(code: str, tooth: str = "19", root: str = "complete", pulp: str = "necrosis") -> Case:
    return Case(
        patient=Patient(name="Ann"),
        procedure=Procedure(code=code, tooth=tooth),
        findings=CaseFindings(root=root, pulp=pulp),
    )


@pytest.mark.parametrize(
    ("situation", "case", "kind"),
    [
        ("molar RCT on a necrotic molar", _case("D3330"), None),
        ("premolar code on a molar", _case("D3320"), "excluded"),
        ("apexogenesis on a necrotic pulp", _case("D3222"), "excluded"),
        ("deleted apexification code", _case("D3354"), "deleted"),
        ("well formed but not a code", _case("D3998"), "unknown"),
        ("no tooth yet: only the code itself is checked", _case("D3320", tooth=""), None),
    ],
)
def test_code_risk(situation: str, case: Case, kind: str | None, library: ReferenceLibrary) -> None:
    risk = code_risk(case.procedure.code, case, library)
    assert (risk.kind if risk else None) == kind, situation
