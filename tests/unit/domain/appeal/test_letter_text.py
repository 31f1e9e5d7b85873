"""What the letter says about the record: values named, pictographs left out in every channel."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import HISTORY, plain_text
from cdt_desktop.domain.appeal.remark import claim_remark
from cdt_desktop.domain.appeal.symbols import pictographs, without_pictographs
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import FIXTURES

TODAY = date(2026, 11, 23)


def _case(**facts: str) -> Case:
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["checklist"] = {"pulp-diagnosis": True, "periapical-diagnosis": True}
    data["facts"] = facts
    return Case.from_dict(data)


def _history(case: Case) -> str:
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case), today=TODAY)
    section = letter.section(HISTORY)
    return " ".join(section.paragraphs if section else ())


@pytest.mark.parametrize(
    ("situation", "facts", "stated", "not_stated"),
    [
        (
            "periapical diagnosis ticked but not recorded",
            {},
            [],
            ["periapical (apical) diagnosis", "also documents: periapical"],
        ),
        (
            "periapical diagnosis recorded",
            {"periapical_diagnosis": "symptomatic-apical-periodontitis"},
            ["periapical diagnosis: symptomatic apical periodontitis"],
            ["also documents: periapical"],
        ),
        (
            "pulpal diagnosis ticked, only the chart's pulp finding recorded",
            {},
            ["pulpal diagnosis: pulp necrosis"],
            ["also documents: pulpal diagnosis", "documents: pulpal"],
        ),
    ],
)
def test_a_diagnosis_is_named_or_left_out_never_listed_bare(
    situation: str, facts: dict[str, str], stated: list[str], not_stated: list[str]
) -> None:
    text = _history(_case(**facts))
    for words in stated:
        assert words in text, (situation, text)
    for words in not_stated:
        assert words not in text, (situation, text)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Tooth \U0001f9b7 hurts", "Tooth hurts"),
        ("\U0001f9b7 Swelling since Monday", "Swelling since Monday"),
        ("Denied \u274c.", "Denied."),
        ("Dr \U0001f469\u200d\u2695\ufe0f said so", "Dr said so"),  # a joined emoji sequence
        ("Flag \U0001f1fa\U0001f1f8 plan", "Flag plan"),
        (
            "Nguy\u1ec5n \u2192 \u738b \u0645\u062d\u0645\u062f",
            "Nguy\u1ec5n \u2192 \u738b \u0645\u062d\u0645\u062f",
        ),
        ("line one\n\U0001f9b7 line two", "line one\nline two"),
        # the plain-text letter quotes the denial reason: no space left before its quote
        ('Denial reason: "CO-50 not necessary \U0001f600"', 'Denial reason: "CO-50 not necessary"'),
        ("('\U0001f600 pain')", "('pain')"),
        ("rock 'n' \U0001f600 roll", "rock 'n' roll"),  # an apostrophe, then a space
    ],
)
def test_pictographs_are_left_out_and_other_text_kept(typed: str, kept: str) -> None:
    assert without_pictographs(typed) == kept


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Pt reports \U0001f9b7 pain \u2705", ["\U0001f9b7", "\u2705"]),  # pasted from a portal
        ("\U0001f469\u200d\u2695\ufe0f saw her", ["\U0001f469\u200d\u2695\ufe0f"]),  # one emoji
        ("\u2705 films \u2705 notes", ["\u2705"]),  # named once
        ("Nguyễn Văn An, tooth #19 -> D3330", []),  # letters and arrows stay
        ("plain ASCII", []),
    ],
)
def test_the_pictographs_the_letter_leaves_out_are_named(typed: str, named: list[str]) -> None:
    assert pictographs(typed) == named
    for symbol in named:
        assert symbol not in without_pictographs(typed)


def test_emoji_in_the_denial_quote_is_left_out_of_the_narrative_and_remark_as_in_the_pdf() -> None:
    case = _case()
    case = replace(
        case,
        claim=replace(case.claim, denial_reason="Not supported \U0001f9b7. Send films."),
        findings=replace(case.findings, notes="Pain \U0001f622 on biting."),
    )
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    text = plain_text(letter)
    assert 'Denial reason: "Not supported. Send films."' in text
    assert "Pain on biting." in text
    assert "\U0001f9b7" not in text and "\U0001f622" not in text
    remark = claim_remark(case)
    assert remark.isascii() and remark.isprintable()


def _d3348_letter_text(case: Case) -> str:
    """The whole text of the appeal the case's D3348 letter makes, with the library's denial
    templates."""
    with ReferenceLibrary() as library:
        entry, templates = library.get("D3348"), library.denial_templates()
    letter = compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=TODAY,
        templates=templates,
    )  # fmt: skip
    return " ".join(" ".join(s.paragraphs) for s in letter.sections)


@pytest.mark.parametrize(
    ("diagnosis", "words"),
    [
        ("previously-treated", "a previously treated root canal system"),
        ("previously-initiated-therapy", "a previously initiated root canal therapy"),
        ("pulp-necrosis", "pulp necrosis"),
    ],
)
def test_a_necessity_answer_names_a_retreatment_s_diagnosis_as_a_diagnosis(
    diagnosis: str, words: str
) -> None:
    """Billing walkthrough, a D3348 on #30: "the tooth was diagnosed with previously treated
    and symptomatic apical periodontitis" (the AAE category is no noun)."""
    from cdt_desktop.domain.cases.model import Claim, Procedure

    case = _case(
        pulpal_diagnosis=diagnosis, periapical_diagnosis="symptomatic-apical-periodontitis"
    )
    case = replace(
        case,
        procedure=Procedure(code="D3348", tooth="30"),
        claim=Claim(number="C-1", denial_reason="CO-50 not medically necessary",
                    denial_category="necessity"),
    )  # fmt: skip
    text = _d3348_letter_text(case)
    assert f"diagnosed with {words} and symptomatic apical periodontitis" in text, text


@pytest.mark.parametrize(
    ("chart_pulp", "words"),
    [
        ("previously-treated", "a previously treated root canal system"),
        ("previously-initiated", "a previously initiated root canal therapy"),
        ("necrosis", "pulp necrosis"),
    ],
)
def test_a_retreatment_whose_diagnosis_is_only_on_the_chart_names_it_as_a_diagnosis(
    chart_pulp: str, words: str
) -> None:
    """Billing walkthrough, a D3348 on #30 made at the chair (pulp status "Previously treated",
    no pulpal diagnosis typed in the form): the letter answered a necessity denial with "the
    tooth was diagnosed with previously treated tooth (prior root canal therapy)"."""
    from cdt_desktop.domain.cases.model import Claim, Procedure

    case = _case()
    case = replace(
        case,
        procedure=Procedure(code="D3348", tooth="30"),
        findings=replace(case.findings, pulp=chart_pulp),
        claim=Claim(number="C-1", denial_reason="Previous RCT date not documented; "
                    "retreatment not supported.", denial_category="necessity"),
    )  # fmt: skip
    text = _d3348_letter_text(case)
    assert f"the tooth was diagnosed with {words}." in text, text


def test_the_selectors_cautions_stay_with_the_office_not_in_the_letter() -> None:
    """Review: a D3220 on irreversible pulpitis printed "caution: ... verify with the payer" in
    "Why this code", telling the payer to doubt the code it argues for."""
    case = _case()
    case = replace(
        case,
        procedure=replace(case.procedure, code="D3220", tooth="30"),
        findings=replace(case.findings, root="complete", pulp="irreversible-pulpitis",
                         goal="pulpotomy"),
    )  # fmt: skip
    selection = selection_for_findings(case)
    assert selection is not None and selection.recommended is not None
    assert any(r.kind == "caution" for r in selection.recommended.reasons)
    text = plain_text(compose_appeal(case, entry=None, selection=selection, today=TODAY))
    assert "the stated goal is a pulpotomy" in text
    assert "caution" not in text.casefold() and "verify with the payer" not in text
