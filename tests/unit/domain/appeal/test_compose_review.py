"""Regression tests from the billing review of the appeal narrative, one per real-world situation.

A letter that argues against its own claim, states an unconfirmed billing rule to the payer, or
loses its request when shortened is worse than no letter; these tests keep those from coming back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import (
    HISTORY,
    PLAIN_TEXT_LIMIT,
    TRUNCATION_NOTE,
    WHY_CODE,
    WHY_NOT,
    AppealLetter,
    plain_text,
)
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.reference import ChecklistItem, CodeEntry, Comparison
from tests.helpers import FIXTURES

FIXTURES = FIXTURES
TODAY = date(2026, 11, 23)

# Checklist texts as long as the shipped library's, so the enclosure list weighs what it does.
D3330 = CodeEntry(
    code="D3330",
    category="Endodontics",
    subcategory="Endodontic therapy",
    name="Root canal, molar",
    summary="Complete root canal therapy on a permanent molar, whatever the number of canals.",
    verify=("Billing D3330 next to D3353 for the same course is assumed not allowed (derived).",),
    comparisons=(
        Comparison("D3320", "Premolar root canal; the code follows the tooth type."),
        Comparison("D3353", "The final apexification visit already includes the root canal."),
    ),
    checklist=(
        ChecklistItem(
            "preop-radiograph",
            "Diagnostic pre-operative periapical radiograph of the tooth, dated",
            "imaging",
            True,
        ),
        ChecklistItem(
            "postop-radiograph",
            "Post-operative periapical radiograph taken after treatment was completed"
            " (a working or cone-fit film does not count)",
            "imaging",
            True,
        ),
        ChecklistItem(
            "pulp-tests-recorded",
            "Pulp tests (cold, EPT, percussion, palpation) and their results recorded, with a"
            " control tooth",
            "clinical",
            False,
        ),
        ChecklistItem(
            "tooth-number-matches-code",
            "Tooth number on the claim matches the tooth type of the code",
            "billing",
            True,
        ),
    ),
)


def load(name: str, **procedure: str) -> Case:
    data = json.loads((FIXTURES / f"case_{name}.json").read_text("utf-8"))
    data["procedure"].update(procedure)
    return Case.from_dict(data)


BOTH_FILMS = frozenset({"preop", "postop"})  # their images go with the letter


def letter_for(
    case: Case, entry: CodeEntry | None = D3330, enclosed: frozenset[str] | None = None
) -> AppealLetter:
    return compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=TODAY, enclosed=enclosed
    )


def test_long_history_plain_text_keeps_the_request_and_the_signature() -> None:
    letter = letter_for(load("long_history"))
    text = plain_text(letter)
    assert len(text) <= PLAIN_TEXT_LIMIT
    assert text.startswith(
        "\n".join(letter.payer) + "\n\nRE: Appeal of denied claim 2026-0915-88432"
    )
    assert letter.request in text
    assert "\n\nDana Whitfield, DDS\n\n" in text
    assert text.endswith(TRUNCATION_NOTE)


def test_molar_rct_plain_text_keeps_the_clinical_story_before_the_enclosure_list() -> None:
    # The denial is "post-operative radiograph not received": the sentence about the final PA
    # matters more to the reviewer than the enclosure list (the service carries attachments).
    letter = letter_for(load("d3330"), enclosed=BOTH_FILMS)
    summary = letter.meta["code_summary"]
    assert summary.startswith("D3330 (Root canal, molar): ")
    sections = []
    for s in letter.sections:
        if s.heading != WHY_NOT:
            sections.append(replace(s, paragraphs=tuple(p for p in s.paragraphs if p != summary)))
    without = plain_text(replace(letter, sections=tuple(sections)), limit=100_000)
    assert "Enclosed: " in without and "Final periapical radiograph" in without
    limit = len(without) - 60  # too long even without the alternatives and the code summary
    text = plain_text(letter, limit=limit)
    assert len(text) <= limit
    assert "Final periapical radiograph shows a complete fill to length." in text
    assert letter.request in text
    assert text.endswith(TRUNCATION_NOTE)


def test_code_summary_goes_after_the_alternatives_and_before_the_enclosures() -> None:
    # The payer knows its own codes; the library's general description of D3330 matters less
    # than the list of what is enclosed.
    letter = letter_for(load("d3330"), enclosed=BOTH_FILMS)
    summary = letter.meta["code_summary"]
    no_alternatives = replace(
        letter, sections=tuple(s for s in letter.sections if s.heading != WHY_NOT)
    )
    limit = len(plain_text(no_alternatives, limit=100_000)) - 1
    text = plain_text(letter, limit=limit)
    assert len(text) <= limit
    assert summary not in text
    assert "The recorded findings support this code: #19 is a permanent molar" in text
    # The fixture records no radiograph dates: no dangling "dated" (the pre-export check asks).
    assert "Enclosed: Diagnostic pre-operative periapical radiograph of the tooth;" in text
    assert not text.endswith(TRUNCATION_NOTE)


def test_over_limit_alternatives_are_dropped_one_at_a_time() -> None:
    case = load("d3330", tooth="K")  # a retained primary molar: D3240 and D3348 are argued
    letter = letter_for(replace(case, findings=replace(case.findings, successor="no")))
    why_not = letter.section(WHY_NOT)
    assert why_not is not None and len(why_not.paragraphs) >= 2
    full = plain_text(letter, limit=100_000)
    last = "- " + why_not.paragraphs[-1]
    text = plain_text(letter, limit=len(full) - 1)
    assert last not in text
    assert "- " + why_not.paragraphs[0] in text
    assert not text.endswith(TRUNCATION_NOTE)


def test_premolar_code_billed_on_a_molar_letter_does_not_argue_against_the_claim() -> None:
    # D3320 on #19: the selector excludes D3320 and recommends D3330. The letter must not say
    # "the recorded findings support this code" followed by "D3320 is for premolars".
    letter = letter_for(load("d3330", code="D3320"), entry=None)
    why = letter.section(WHY_CODE)
    assert why is not None
    body = " ".join(why.paragraphs)
    assert "support this code" not in body
    assert "is for permanent premolars" not in body
    why_not = letter.section(WHY_NOT)
    lines = why_not.paragraphs if why_not else ()
    assert not any("reported as D3330" in line for line in lines)


def test_primary_molar_billed_as_molar_rct_without_successor_fact_is_not_supported() -> None:
    # The case does not state whether #K has a successor, so the selector cannot back D3330.
    letter = letter_for(load("d3330", tooth="K"), entry=None)
    why = letter.section(WHY_CODE)
    assert why is not None
    assert not any("support this code" in p for p in why.paragraphs)


def test_comparison_resting_on_an_unconfirmed_rule_is_not_stated_to_the_payer() -> None:
    letter = letter_for(load("d3330"))
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    text = "\n".join(why_not.paragraphs)
    assert "already includes the root canal" not in text


def test_alternative_lists_only_its_decisive_reason() -> None:
    # Apexification final visit billed as D3353: later reasons of an alternative (e.g. "the
    # treatment goal is apexification") are context, not the reason it does not fit.
    case = load("d3330", code="D3353", tooth="8")
    case = replace(
        case,
        findings=replace(case.findings, root="immature", goal="apexification", visit="final"),
    )
    letter = letter_for(case, entry=None)
    why = letter.section(WHY_CODE)
    assert why is not None and "support this code" in " ".join(why.paragraphs)
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    for line in why_not.paragraphs:
        assert line.count(". ") == 0, line


@pytest.mark.parametrize("limit", [40, 120, 300, 500, 800, 1200, 2000])
@pytest.mark.parametrize("name", ["d3330", "long_history", "markup", "unicode"])
def test_plain_text_fits_any_limit_and_keeps_the_request_when_there_is_room(
    name: str, limit: int
) -> None:
    letter = letter_for(load(name))
    text = plain_text(letter, limit=limit)
    assert len(text) <= limit
    if limit >= 800:
        assert letter.request in text


def test_primary_molar_pulpectomy_letter_is_supported_without_a_root_finding() -> None:
    # Root development is not charted for primary teeth; D3240 on #K is still backed.
    case = load("d3330", code="D3240", tooth="K")
    case = replace(case, findings=replace(case.findings, root="", goal=""))
    letter = letter_for(case, entry=None)
    why = letter.section(WHY_CODE)
    assert why is not None
    assert "#K is a primary posterior tooth (primary molar), reported as D3240" in " ".join(
        why.paragraphs
    )


def _primary_molar(successor: str, pulp: str = "necrosis", code: str = "D3330") -> Case:
    case = load("d3330", code=code, tooth="K")
    return replace(case, findings=replace(case.findings, pulp=pulp, successor=successor))


@pytest.mark.parametrize(("successor", "expected"), [("yes", True), ("no", False), ("", None)])
def test_selection_for_passes_the_recorded_successor(successor: str, expected: bool | None) -> None:
    selection = selection_for_findings(_primary_molar(successor))
    assert selection is not None and selection.findings.has_successor is expected


def test_primary_molar_without_successor_backs_molar_rct() -> None:
    # The CDT places a primary tooth without a successor under D3310-D3330
    # (docs/design-rules.md, Coding rules).
    letter = letter_for(_primary_molar("no"), entry=None)
    history = letter.section(HISTORY)
    assert history is not None and "; permanent successor: none;" in history.paragraphs[0]
    why = letter.section(WHY_CODE)
    assert why is not None
    assert why.paragraphs[-1] == (
        "The recorded findings support this code: #K is a primary posterior tooth (primary molar)"
        " with no permanent successor, reported as D3330; primary tooth with no permanent"
        " successor and necrotic pulp: the CDT places it under root canal therapy."
    )
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    assert why_not.paragraphs[0] == (
        "D3240: Pulpal therapy for a primary tooth that has a permanent successor; #K has none."
    )


@pytest.mark.parametrize(
    ("successor", "pulp", "code"),
    [
        ("yes", "necrosis", "D3330"),  # has a successor: primary-tooth code
        ("", "necrosis", "D3330"),  # not stated
        ("no", "normal", "D3330"),  # no indication for root canal therapy
        ("no", "necrosis", "D3320"),  # premolar code never fits a primary molar
    ],
)
def test_primary_molar_rct_is_not_backed_unless_every_fact_supports_it(
    successor: str, pulp: str, code: str
) -> None:
    letter = letter_for(_primary_molar(successor, pulp, code), entry=None)
    why = letter.section(WHY_CODE)
    assert why is not None
    assert not any("support this code" in p for p in why.paragraphs)
    assert not any("no permanent successor" in p for p in why.paragraphs)


def test_successor_is_not_mentioned_for_a_permanent_tooth() -> None:
    case = load("d3330")
    case = replace(case, findings=replace(case.findings, successor="no"))
    history = letter_for(case).section(HISTORY)
    assert history is not None and "successor" not in " ".join(history.paragraphs)


def test_alternatives_are_codes_that_could_stand_instead_not_add_ons() -> None:
    # D3331 (obstruction) is reported in addition to the root canal; telling the payer it is
    # "often bundled" only invites a bundling edit. It is no alternative to D3330.
    entry = D3330._replace(
        comparisons=(
            *D3330.comparisons,
            Comparison("D3331", "Reported in addition to the root canal, often bundled by payers."),
        ),
    )
    letter = letter_for(load("d3330"), entry=entry)
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    codes = [line.split(":")[0] for line in why_not.paragraphs]
    assert codes == ["D3348"]  # D3240 is a primary molar's code: no alternative on #19
    assert not any("bundled" in line for line in why_not.paragraphs)


def test_alternative_line_does_not_name_its_code_twice() -> None:
    letter = letter_for(load("d3330"))
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    assert why_not.paragraphs[0].startswith("D3348: No previous root canal therapy")
    for line in why_not.paragraphs:
        code = line.split(":")[0]
        assert f"{code}: {code}" not in line, line


def test_interim_regeneration_visit_letter_does_not_print_the_unconfirmed_repeat_rule() -> None:
    # Chairside, D3356's "once per interim visit" carries a doubt to check with the payer; the
    # letter defending D3356 must not print that doubt beside the code (walkthrough 6 Dec).
    case = load("d3330", code="D3356", tooth="8")
    case = replace(
        case,
        findings=replace(
            case.findings, root="immature", pulp="necrosis", goal="regeneration", visit="interim"
        ),
    )
    letter = letter_for(case, entry=None)
    why = " ".join(letter.section(WHY_CODE).paragraphs)  # type: ignore[union-attr]
    assert "reported as D3356 (one line per interim medicament visit, as for D3352)" in why
    text = plain_text(letter, limit=100_000)
    assert "not confirmed" not in text and "verify" not in text
