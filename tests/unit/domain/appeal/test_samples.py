"""The three sample appeals in docs/samples answer their denial with the case's facts.

Read as the insurer's reviewer would: the response quotes the facts that meet the denial (dates,
provider, reason, films, diagnosis), names only substitutes a reviewer might pay instead, dates
every enclosed film, and every channel stays within its limit.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.check import export_check
from cdt_desktop.domain.appeal.compose import RESPONSE, WHY_NOT, compose_appeal, selection_for
from cdt_desktop.domain.appeal.letter import PLAIN_TEXT_LIMIT, plain_text
from cdt_desktop.domain.appeal.profiles import profile_for
from cdt_desktop.domain.appeal.remark import NTE_LIMIT, claim_remark
from cdt_desktop.domain.cases.model import Case
from tests.helpers import REPO_ROOT

SAMPLES = REPO_ROOT / "docs" / "samples"
TODAY = date(2026, 10, 20)

# sample -> (phrases the response must contain, codes the why-not may name)
EXPECTED = {
    "appeal-d3348-frequency": (
        [
            "frequency limitation for D3348 on #30",
            "completed on January 20, 2025 by Dr. Alan Brooks, Riverside Family Dentistry",
            "1 year and 8 months before this date of service",
            "not a repeat of that treatment",
            "a missed distolingual canal",
            "September 8, 2026 shows symptomatic apical periodontitis",
        ],
        {"D3330"},
    ),
    "appeal-d3330-radiograph": (
        [
            "taken on August 3, 2026",
            "taken on August 17, 2026, after the canals were filled",
            "obturation of the MB, ML and D canals",
            "not a working-length or cone-fit film",
            "pulp necrosis with symptomatic apical periodontitis",
        ],
        {"D3348", "D3240", "D3221"},
    ),
    "appeal-d3357-investigational": (
        [
            "The denial calls D3357 investigational",
            "its own code in the current CDT code set",
            "immature permanent tooth with a necrotic pulp",
            "immature root development (open apex), with pulp necrosis",
            "MTA coronal barrier",
        ],
        {"D3353", "D3351"},
    ),
}


def _letter(name: str):  # type: ignore[no-untyped-def]
    case = Case.from_json((SAMPLES / f"{name}.json").read_text("utf-8"))
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
        templates = library.denial_templates()
        profile = profile_for(case.payer.profile_id, case.payer.name, library.payer_profiles())
    selection = selection_for(case)
    letter = compose_appeal(
        case, entry=entry, selection=selection, today=TODAY, templates=templates, profile=profile
    )
    check = export_check(
        case, entry=entry, selection=selection, today=TODAY, profile=profile, templates=templates
    )
    return case, entry, letter, check


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_appeal_answers_its_denial_with_the_case_facts(name: str) -> None:
    case, entry, letter, check = _letter(name)
    phrases, substitutes = EXPECTED[name]
    response = letter.section(RESPONSE)
    assert response is not None, name
    text = " ".join(response.paragraphs)
    for phrase in phrases:
        assert phrase in text, (name, phrase)
    why_not = letter.section(WHY_NOT)
    named = {line.split(":")[0] for line in (why_not.paragraphs if why_not else ())}
    assert named <= substitutes, (name, named)
    assert not any(e.rstrip().endswith("dated") for e in letter.enclosures), letter.enclosures
    assert "billed separately" not in " ".join(p for s in letter.sections for p in s.paragraphs)
    assert [c.text for c in check if c.blocking] == [], name
    assert len(plain_text(letter)) <= PLAIN_TEXT_LIMIT
    assert len(claim_remark(case, entry=entry)) <= NTE_LIMIT


def test_payer_profile_shapes_the_letter() -> None:
    _, _, delta, delta_check = _letter("appeal-d3348-frequency")
    assert "made at the time of treatment" in delta.opening
    assert delta.meta["sign_by_hand"] == "yes"
    assert any(not c.blocking and "signed by the treating dentist" in c.text for c in delta_check)
    _, _, metlife, _ = _letter("appeal-d3330-radiograph")
    assert metlife.meta["code_summary"] not in " ".join(
        p for s in metlife.sections for p in s.paragraphs
    )  # MetLife wants a brief letter
    _, _, _, concordia_check = _letter("appeal-d3357-investigational")
    assert any("mail the appeal on its own" in c.text for c in concordia_check)


def test_sample_files_are_documented_case_files() -> None:
    for name in EXPECTED:
        data = json.loads((SAMPLES / f"{name}.json").read_text("utf-8"))
        assert Case.from_dict(data).status == "denied"
        assert (SAMPLES / f"{name}-1.png").is_file()


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ({"preop-radiograph"}, "insufficient. The diagnostic pre-operative periapical radiograph"),
        ({"postop-radiograph"}, "insufficient. The post-operative periapical radiograph, taken"),
    ],
    ids=["only the pre-op film ticked", "only the post-op film ticked"],
)
def test_films_without_dates_still_start_their_sentence_with_a_capital(
    ticked: set[str], expected: str
) -> None:
    """A radiograph denial answered from the ticks alone (no film dates recorded): the film's
    name opens the second sentence, so it is capitalised as the reviewer expects (tour3: 'or
    insufficient. the diagnostic pre-operative ...')."""
    from dataclasses import replace

    case = Case.from_json((SAMPLES / "appeal-d3330-radiograph.json").read_text("utf-8"))
    facts = replace(case.facts, preop_radiograph_date="", postop_radiograph_date="")
    checklist = {k: (k in ticked) if "radiograph" in k else v for k, v in case.checklist.items()}
    case = replace(case, facts=facts, checklist=checklist)
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
        templates = library.denial_templates()
    letter = compose_appeal(
        case, entry=entry, selection=selection_for(case), today=TODAY, templates=templates
    )
    response = letter.section(RESPONSE)
    assert response is not None
    assert expected in " ".join(response.paragraphs)
