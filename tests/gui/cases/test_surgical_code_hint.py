"""The case form's words on a surgical code split by tooth type (``prefill.findings_hint``).

Coding review: D3421 on #19 got "These answers point to D3330, not D3421: check the CDT code",
another procedure than an apicoectomy; and a right D3425 on #19 was told the same of D3348.
"""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.model import Case, CaseFindings, Procedure
from cdt_desktop.ui.cases.prefill import findings_hint


def _case(code: str, tooth: str, pulp: str) -> Case:
    return Case(
        procedure=Procedure(code=code, tooth=tooth),
        findings=CaseFindings(root="complete", pulp=pulp, goal="rct" if pulp == "necrosis" else ""),
    )


@pytest.mark.parametrize(
    ("situation", "code", "tooth", "pulp", "hint"),
    [
        ("apicoectomy of a molar coded as premolar", "D3421", "19", "necrosis",
         "D3421 is for permanent premolars; #19 is a permanent molar: apicoectomy of a molar is"
         " D3425: check the CDT code."),
        ("apicoectomy of a retreated molar coded right", "D3425", "19", "previously-treated",
         "✓ D3425 fits the tooth: #19 is a permanent molar."),
        ("root exposure of a premolar coded as anterior", "D3501", "5", "previously-treated",
         "D3501 is for permanent anterior teeth; #5 is a permanent premolar: surgical exposure of"
         " the root surface of a premolar is D3502: check the CDT code."),
        ("a root canal code keeps the selector's words", "D3320", "19", "necrosis",
         "These answers point to D3330, not D3320: check the CDT code."),
    ],
)  # fmt: skip
def test_the_form_names_the_same_procedure_for_the_tooth(
    situation: str, code: str, tooth: str, pulp: str, hint: str
) -> None:
    assert findings_hint(_case(code, tooth, pulp)) == hint, situation
