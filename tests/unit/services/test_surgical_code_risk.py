"""A surgical code of another tooth type is confirmed by name before it goes on a case.

Coding review: the case form saved D3421 (apicoectomy, premolar) on #19 without a question,
where D3320 on #19 asks first ("excluded for this tooth"): the selector judges no surgical
code, so its candidates had nothing to say. The question names the code of the same procedure.
"""

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


def _case(code: str, tooth: str, pulp: str = "previously-treated") -> Case:
    return Case(
        patient=Patient(name="Ann"),
        procedure=Procedure(code=code, tooth=tooth),
        findings=CaseFindings(root="complete", pulp=pulp),
    )


# (situation, code, tooth, the reason's words; None: no confirmation)
RISKS = [
    ("apicoectomy of a molar coded as premolar", "D3421", "19", "apicoectomy of a molar is D3425"),
    ("apicoectomy of an incisor coded as molar", "D3425", "8",
     "apicoectomy of an anterior tooth is D3410"),
    ("resorption repair of an incisor coded as molar", "D3473", "8",
     "surgical repair of root resorption of an anterior tooth is D3471"),
    ("root exposure of a molar coded as anterior", "D3501", "19",
     "surgical exposure of the root surface of a molar is D3503"),
    ("apicoectomy of a molar coded right", "D3425", "19", None),
    ("apicoectomy of a primary molar: to verify, not refused", "D3425", "K", None),
    ("no tooth yet: only the code itself is checked", "D3421", "", None),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "code", "tooth", "words"), RISKS)
def test_surgical_code_risk(
    situation: str, code: str, tooth: str, words: str | None, library: ReferenceLibrary
) -> None:
    risk = code_risk(code, _case(code, tooth), library)
    if words is None:
        assert risk is None, situation
    else:
        assert risk is not None and risk.kind == "excluded", situation
        assert (
            risk.reason.startswith(f"{code} is excluded for this tooth: ") and words in risk.reason
        )
