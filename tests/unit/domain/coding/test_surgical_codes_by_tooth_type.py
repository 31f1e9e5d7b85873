"""The surgical codes split by tooth type against the tooth (coding review).

D3410/D3421/D3425 (apicoectomy), D3471/D3472/D3473 (surgical repair of root resorption) and
D3501/D3502/D3503 (surgical exposure of the root surface) are anterior / premolar / molar
(DOMAIN §1-2). `check_code_for_tooth` returned None for every one of them, so D3421 on a molar
went out with no warning; a tooth-number <-> code mismatch is a common denial. The warning
names the code of the same procedure for the tooth, never a root canal code.
"""

from __future__ import annotations

import tomllib

import pytest

from cdt_desktop.domain.coding.selector import check_code_for_tooth, code_warning
from cdt_desktop.domain.teeth import tooth
from tests.helpers import REPO_ROOT

# (situation, code, tooth, words the warning holds; None: the code fits)
MISFITS = [
    ("apicoectomy of a molar coded as premolar", "D3421", "19",
     "D3421 is for permanent premolars; #19 is a permanent molar: apicoectomy of a molar is D3425"),
    ("apicoectomy of a central incisor coded as molar", "D3425", "8",
     "#8 is a permanent anterior tooth: apicoectomy of an anterior tooth is D3410"),
    ("apicoectomy of an upper molar coded as anterior", "D3410", "3",
     "#3 is a permanent molar: apicoectomy of a molar is D3425"),
    ("apicoectomy of a premolar coded as molar", "D3425", "5",
     "#5 is a permanent premolar: apicoectomy of a premolar is D3421"),
    ("apicoectomy of a canine coded as premolar", "D3421", "11",
     "apicoectomy of an anterior tooth is D3410"),
    ("resorption repair of an incisor coded as molar", "D3473", "8",
     "surgical repair of root resorption of an anterior tooth is D3471"),
    ("resorption repair of a molar coded as premolar", "D3472", "30",
     "surgical repair of root resorption of a molar is D3473"),
    ("resorption repair of a premolar coded as anterior", "D3471", "20",
     "surgical repair of root resorption of a premolar is D3472"),
    ("root exposure of a molar coded as anterior", "D3501", "19",
     "surgical exposure of the root surface of a molar is D3503"),
    ("root exposure of a premolar coded as molar", "D3503", "28",
     "surgical exposure of the root surface of a premolar is D3502"),
    ("root exposure of an incisor coded as premolar", "D3502", "24",
     "surgical exposure of the root surface of an anterior tooth is D3501"),
    ("supernumerary beside a molar takes the molar's code", "D3421", "69",
     "#69 (supernumerary, near #19) counts as a permanent molar: apicoectomy of a molar is D3425"),
    ("code typed in lower case", "d3421", "19", "apicoectomy of a molar is D3425"),
    ("apicoectomy of a molar coded right", "D3425", "19", None),
    ("apicoectomy of a premolar coded right", "D3421", "4", None),
    ("apicoectomy of a canine coded right", "D3410", "6", None),
    ("resorption repair of a premolar coded right", "D3472", "13", None),
    ("root exposure of a molar coded right", "D3503", "32", None),
    ("supernumerary beside a premolar coded as premolar", "D3421", "55", None),
    ("each additional root is not split by tooth type", "D3426", "8", None),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "code", "t", "words"), MISFITS)
def test_surgical_code_against_the_tooth_type(
    situation: str, code: str, t: str, words: str | None
) -> None:
    warning = check_code_for_tooth(code, tooth(t))
    if words is None:
        assert warning is None, situation
    else:
        assert warning is not None and words in warning, (situation, warning)
        assert "D3310" not in warning and "D3330" not in warning, situation  # not a root canal


# Primary teeth: our sources give these codes by permanent tooth type and say nothing on
# primary teeth, so a code of the right type is a point to verify, not a refusal; a code of
# the wrong type still names the right one.
PRIMARY = [
    ("apicoectomy of a primary molar coded as molar", "D3425", "K", "possible",
     "whether a primary tooth takes D3425 is not confirmed (verify against the licensed CDT)"),
    ("apicoectomy of a primary incisor coded as anterior", "D3410", "E", "possible",
     "whether a primary tooth takes D3410 is not confirmed"),
    ("apicoectomy of a primary molar coded as premolar", "D3421", "K", "excluded",
     "primary molars are never premolars: apicoectomy of a molar is D3425 (for a primary tooth"
     " not confirmed"),
    ("resorption repair of a primary incisor coded as molar", "D3473", "F", "excluded",
     "surgical repair of root resorption of an anterior tooth is D3471 (for a primary tooth"),
    ("root exposure of a primary molar coded as anterior", "D3501", "T", "excluded",
     "surgical exposure of the root surface of a molar is D3503"),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "code", "t", "status", "words"), PRIMARY)
def test_surgical_code_on_a_primary_tooth_is_said_to_need_verification(
    situation: str, code: str, t: str, status: str, words: str
) -> None:
    from cdt_desktop.domain.coding.rules import fit

    warning = check_code_for_tooth(code, tooth(t))
    assert warning is not None and words in warning, (situation, warning)
    assert str(fit(code, tooth(t), None).status) == status, situation


def test_the_banner_names_the_right_code_in_the_chart_s_notation() -> None:
    """The window's banner (`code_warning`): #19 is 36 on an FDI chart."""
    warning = code_warning("D3421", tooth("19"), None, "fdi")
    assert warning is not None
    assert "tooth 36 is a permanent molar: apicoectomy of a molar is D3425" in warning


def test_every_split_code_s_tooth_scope_in_the_data_agrees_with_the_rules() -> None:
    """One table of tooth-type families (rules.SPLIT_BY_TYPE); the reference data states the
    same scope for each code, so the two cannot drift apart."""
    from cdt_desktop.domain.coding.rules import SPLIT_BY_TYPE, SPLIT_TYPES, SURGICAL_TYPE_OF

    scopes = {}
    for path in (REPO_ROOT / "data" / "source").glob("*.toml"):
        for entry in tomllib.loads(path.read_text("utf-8")).get("code", []):
            if "tooth_scope" in entry:
                scopes[entry["code"]] = entry["tooth_scope"]
    assert set(SURGICAL_TYPE_OF) == {
        "D3410", "D3421", "D3425", "D3471", "D3472", "D3473", "D3501", "D3502", "D3503",
    }  # fmt: skip
    for codes in SPLIT_BY_TYPE.values():
        for code, kind in zip(codes, SPLIT_TYPES, strict=True):
            assert scopes[code] == f"permanent-{kind.value}", code
