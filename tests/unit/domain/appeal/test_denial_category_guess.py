"""Which denial the letter answers, read from the EOB as the billing clerk pastes it. A Claim
Adjustment Reason Code (the payer's own code for why, "CO-50") decides before the words do: a
long EOB that opened with CO-50 (not a medical necessity) and went on about the radiographs was
answered as a missing-radiograph denial. Real templates from the shipped library."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.profiles import (
    DenialTemplate,
    also_read_as,
    guess_category,
    reason_codes,
)

LONG_CO50 = (
    "CO-50: These are non-covered services because this is not deemed a medical necessity by "
    "the payer. Reviewed: pre-op periapical radiograph, post-op radiograph, x-ray of the "
    "adjacent tooth, periapical film dated 11/02."
)


@pytest.fixture(scope="module")
def templates() -> Iterator[dict[str, DenialTemplate]]:
    with ReferenceLibrary() as library:
        yield library.denial_templates()


@pytest.mark.parametrize(
    ("situation", "reason", "category"),
    [
        ("a long EOB led by CO-50 that dwells on films", LONG_CO50, "necessity"),
        ("a frequency maximum, group code PR", "PR 119 Benefit maximum reached", "frequency"),
        ("bundled, code without a dash", "CO97 included in another service", "bundled"),
        ("authorization absent", "CO-197 precertification absent", "prior-auth"),
        ("written as CARC", "CARC 55 - experimental", "investigational"),
        ("written as a reason code", "Reason code 151: frequency", "frequency"),
        ("an unmapped code falls back to the words", "CO-45 x-ray not received", "radiograph"),
        (
            "no code: the words decide, as before",
            "Pre-operative radiograph not received",
            "radiograph",
        ),
        ("the first mapped code wins", "CO-45 CO-97 PR-50", "bundled"),
        ("nothing recognised", "Please call us", ""),
        (
            "no code: the lead clause states the ground, the rest names films",
            "Not medically necessary: radiographs submitted do not demonstrate periapical "
            "pathology.",
            "necessity",
        ),
        (
            "a lead clause naming no category leaves it to the whole text",
            "Claim reviewed. Pre-operative radiograph not received.",
            "radiograph",
        ),
    ],
)
def test_the_payers_reason_code_decides_the_category(
    templates: dict[str, DenialTemplate], situation: str, reason: str, category: str
) -> None:
    assert guess_category(reason, templates) == category, situation


def test_the_other_grounds_a_long_eob_names_are_still_noted(
    templates: dict[str, DenialTemplate],
) -> None:
    assert also_read_as(LONG_CO50, templates, "necessity") == ["radiograph"]
    assert also_read_as("CO-50 and CO-97", templates, "necessity") == ["bundled"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("CO-50", [50]),
        ("co 50; PR-119 and OA-23", [50, 119, 23]),
        ("CARC #252", [252]),
        ("claim CO-1234567 tooth 30", []),  # a claim number, not a reason code
        ("COVID-19 closure", []),  # a word that starts with CO
        ("code D3330 on #30", []),
    ],
)
def test_reason_codes_are_read_as_eobs_print_them(text: str, codes: list[int]) -> None:
    assert reason_codes(text) == codes


@pytest.mark.parametrize(
    ("situation", "reason", "category"),
    [
        ("an alternate benefit that names the plan's limitation",
         "Benefit reduced to the alternate benefit for D3310 per plan limitation.", "downcode"),
        ("a frequency limitation in so many words",
         "Frequency limitation: once per lifetime per tooth.", "frequency"),
        ("documentation not supporting necessity, a film named",
         "Documentation does not support medical necessity. Submit radiograph.", "necessity"),
    ],
)  # fmt: skip
def test_a_keyword_of_several_words_says_more_than_one_of_one(
    templates: dict[str, DenialTemplate], situation: str, reason: str, category: str
) -> None:
    """Keyboard walk: "Benefit reduced to the alternate benefit for D3310 per plan limitation"
    read as a frequency limitation ("limitation" against "alternate benefit", a tie the
    category order broke), and the letter said the claim "was denied under a frequency
    limitation"."""
    assert guess_category(reason, templates) == category, situation
