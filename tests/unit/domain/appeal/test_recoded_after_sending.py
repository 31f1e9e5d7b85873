"""An appeal for a claim re-coded after it went to the payer.

Walkthrough: claim CLM-2026-0001 went out as D3310 for molar #19 and was denied ("D3310 is not
payable for tooth 19"); billing changed the case to D3330 (answering Yes to "send the payer a
corrected claim too") and exported the appeal. The letter asked to reprocess CLM-2026-0001 for
D3330 as if it had been billed so, and the check before export said nothing. The payer decides
the claim as billed: the check names the two codes, and the letter says a corrected claim
replaces the code sent.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.cases.status import StatusEvent
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


def _denied(sent_with: str, coded: str) -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    history = (
        StatusEvent("submitted", "2026-09-01", claim_number=case.claim.number, code=sent_with),
        StatusEvent("denied", "2026-09-20", reason="D3310 is not payable for tooth 19."),
    )
    return replace(case, procedure=Procedure(code=coded, tooth="19"), status_history=history)


def _problems(case: Case) -> list[str]:
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    return [item.text for item in items if item.blocking]


def test_a_claim_sent_as_d3310_and_recoded_d3330_is_named_before_the_appeal_goes() -> None:
    case = _denied("D3310", "D3330")
    [said] = [text for text in _problems(case) if "went to the payer with" in text]
    assert "with D3310" in said and "now coded D3330" in said and "corrected claim" in said
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert "submitted with D3310 in error" in letter.opening  # the PDF's first paragraph
    assert "a corrected claim reporting D3330 replaces it" in letter.opening
    assert "as reported" not in letter.opening  # the claim as reported had the wrong code
    row = dict(letter.re_rows)["CDT code"]
    assert row == "D3330 (billed as D3310; a corrected claim reports D3330)"
    assert "billed as D3310" in plain_text(letter, limit=100_000)  # (no opening paragraph)
    # one request: the corrected claim reprocessed (re-walk: "reprocess for D3330" read as a
    # second request beside the corrected claim)
    assert "as corrected from D3310 to D3330, be reprocessed" in letter.request


@pytest.mark.parametrize(
    ("situation", "sent_with"),
    [("billed with the case's own code", "D3330"), ("an older record: no code kept", "")],
)
def test_a_claim_appealed_as_billed_says_nothing_of_a_corrected_claim(
    situation: str, sent_with: str
) -> None:
    case = _denied(sent_with, "D3330")
    assert not [text for text in _problems(case) if "went to the payer with" in text], situation
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert "corrected" not in letter.opening + plain_text(letter, limit=100_000), situation


def test_why_not_the_alternatives_answers_the_code_the_claim_was_billed_with_first() -> None:
    """Re-walk: the letter of a claim billed D3310 and corrected to D3330 answered "why not
    D3348" but not the one code the reviewer holds on the claim, D3310."""
    from cdt_desktop.core.paths import reference_db_path
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.letter import WHY_NOT

    case = _denied("D3310", "D3330")
    library = ReferenceLibrary(reference_db_path())
    try:
        letter = compose_appeal(
            case, entry=library.get("D3330"), selection=selection_for_findings(case), today=TODAY
        )
    finally:
        library.close()
    section = letter.section(WHY_NOT)
    assert section is not None
    first = section.paragraphs[0]
    assert first.startswith("D3310 (the code first billed, in error): ")
    assert "For permanent anterior teeth; #19 is a permanent molar." in first
    assert sum("D3310" in p for p in section.paragraphs) == 1  # answered once


def test_a_re_coded_claim_is_asked_to_be_reviewed_as_corrected_not_as_submitted() -> None:
    """Billing walkthrough: the opening said the claim was submitted with D3310 in error, and
    the response to the denial ended "the claim can be reviewed as submitted"."""
    from cdt_desktop.core.paths import reference_db_path
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with ReferenceLibrary(reference_db_path()) as library:
        entry, templates = library.get("D3330"), library.denial_templates()
        for sent_with, words in (
            ("D3310", "reviewed as corrected"),
            ("D3330", "reviewed as submitted"),
        ):
            case = _denied(sent_with, "D3330")
            case = replace(case, claim=replace(
                case.claim, denial_reason="Post-operative radiograph not received.",
                denial_category="radiograph"))  # fmt: skip
            letter = compose_appeal(case, entry=entry, selection=None, today=TODAY,
                                    templates=templates, enclosed=frozenset({"preop", "postop"}))  # fmt: skip
            text = plain_text(letter, limit=100_000)
            assert words in text, sent_with
            assert "reviewed as " not in text.replace(words, ""), sent_with
