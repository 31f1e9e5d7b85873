"""An appeal of a claim paid short, never denied, answers the reduced payment, not a denial.

Closing note of 6 December (left): the appeal of a part payment printed the denial's paragraphs
under "Response to the denial": "The claim was denied under a frequency limitation ..." for a
claim the payer had paid $980.00 of, and the letter asked "that the denial be reconsidered"
when no amounts were typed. The insurer's reviewer reads a claim that was never denied. Each
category's answer now names what the reviewer has in front of them: the explanation of
benefits for the reduced payment. A denied claim (or one paid after a denial whose reason the
letter quotes) keeps the denial's words. Real reference data and composition.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import RESPONSE, RESPONSE_TO_PAYMENT, compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.cases.status import StatusEvent
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 6)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
SENT = StatusEvent("submitted", "2026-11-01")
PAID = StatusEvent("paid", "2026-11-10", amount="980.00", eob_reference="EOB-778812")
DENIED = StatusEvent("denied", "2026-11-10", reason="as typed")
DENIAL_WORDS = re.compile(r"\bden(ial|ied|y)\b", re.IGNORECASE)

CATEGORIES = [
    ("frequency", "Benefit limited: frequency, once per lifetime."),
    ("radiograph", "Post-operative radiograph not received; benefit reduced."),
    ("necessity", "Documentation does not support the full benefit."),
    ("downcode", "Benefit reduced to alternate procedure; paid at D3320 allowance."),
    ("bundled", "Part of the fee is inclusive of another service."),
    ("prior-auth", "No pre-authorization on file; benefit reduced."),
    ("waiting-period", "Waiting period applies to part of the benefit."),
    ("investigational", "Part considered investigational."),
    ("other", "Reduced to the plan's allowance."),
]


def _letter(category: str, reason: str, history: tuple[StatusEvent, ...], billed: str = "1250.00"):  # type: ignore[no-untyped-def]
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    claim = replace(case.claim, denial_reason=reason, denial_category=category,
                    billed_amount=billed)  # fmt: skip
    case = replace(case, claim=claim, status_history=history)
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry, templates = library.get("D3330"), library.denial_templates()
    return compose_appeal(case, entry=entry, selection=selection_for_findings(case),
                          today=TODAY, templates=templates)  # fmt: skip


@pytest.mark.parametrize(("category", "reason"), CATEGORIES)
def test_a_claim_paid_short_and_never_denied_is_answered_as_a_reduced_payment(
    category: str, reason: str
) -> None:
    letter = _letter(category, reason, (SENT, PAID))
    assert letter.section(RESPONSE) is None, category
    response = letter.section(RESPONSE_TO_PAYMENT)
    assert response is not None, category
    said = " ".join(response.paragraphs)
    assert not DENIAL_WORDS.search(said), (category, said)
    text = plain_text(letter, limit=100_000)
    assert f"{RESPONSE_TO_PAYMENT}:" in text, category
    assert not DENIAL_WORDS.search(letter.request), (category, letter.request)


@pytest.mark.parametrize(("category", "reason"), CATEGORIES)
def test_a_denied_claim_is_still_answered_as_a_denial(category: str, reason: str) -> None:
    letter = _letter(category, reason, (SENT, replace(DENIED, reason=reason)))
    assert letter.section(RESPONSE_TO_PAYMENT) is None, category
    response = letter.section(RESPONSE)
    assert response is not None, category


@pytest.mark.parametrize(
    ("category", "reduced", "denied"),
    [
        ("frequency", "The payment was reduced under a frequency limitation",
         "The claim was denied under a frequency limitation"),
        ("radiograph", "The explanation of benefits says a radiograph was missing",
         "The denial says a radiograph was missing"),
        ("bundled", "The explanation of benefits treats D3330 as included",
         "The denial treats D3330 as included"),
    ],
)  # fmt: skip
def test_the_answer_s_first_words_name_what_the_reviewer_holds(
    category: str, reduced: str, denied: str
) -> None:
    reason = dict(CATEGORIES)[category]
    paid = _letter(category, reason, (SENT, PAID))
    section = paid.section(RESPONSE_TO_PAYMENT)
    assert section is not None and section.paragraphs[0].startswith(reduced), section
    refused = _letter(category, reason, (SENT, replace(DENIED, reason=reason)))
    section = refused.section(RESPONSE)
    assert section is not None and section.paragraphs[0].startswith(denied), section


def test_a_payment_with_no_amounts_typed_asks_for_the_payment_to_be_reconsidered() -> None:
    letter = _letter("other", "Reduced to the plan's allowance.", (SENT, replace(PAID, amount="")),
                     billed="")  # fmt: skip
    assert letter.request.startswith("We respectfully request that the payment be reconsidered")
    denied = _letter("other", "Not covered.", (SENT, replace(DENIED, reason="Not covered.")))
    assert denied.request.startswith("We respectfully request that the denial be reconsidered")


def _paid_short(reason: str, **facts: str) -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    claim = replace(case.claim, denial_reason=reason, denial_category="", billed_amount="1250.00")
    case = replace(case, claim=claim, status_history=(SENT, PAID))
    if facts:
        case = replace(case, facts=replace(case.facts, **facts))
        case = replace(case, checklist={k: v for k, v in case.checklist.items()
                                        if "radiograph" not in k})  # fmt: skip
    return case


@pytest.mark.parametrize(
    ("situation", "reason", "facts", "said"),
    [
        ("no reason typed", "", {}, "No reason for the reduced payment (it is on the EOB): the "
         "letter cannot quote or answer it."),
        ("a film reason, no film recorded", "Post-operative radiograph not received; benefit "
         "reduced.", {"preop_radiograph_date": "", "postop_radiograph_date": ""},
         "The payer reduced the payment for a missing or insufficient radiograph and the case "
         "records no film, so the letter only quotes the payment's reason"),
        ("a prior-authorization reason, no number recorded", "No pre-authorization on file; "
         "benefit reduced.", {}, "The EOB cites a missing prior authorization."),
        ("a whole EOB pasted", "Reduced. " * 100, {}, "The reason is 899 characters long"),
    ],
)  # fmt: skip
def test_the_check_before_export_speaks_of_the_reduced_payment(
    situation: str, reason: str, facts: dict[str, str], said: str
) -> None:
    """Billing walk: above a letter for a claim paid short, the check said "No denial reason",
    "The payer denied for a missing or insufficient radiograph", "The denial reason is 722
    characters long"."""
    from cdt_desktop.domain.appeal.check import export_check

    case = _paid_short(reason, **facts)
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry, templates = library.get("D3330"), library.denial_templates()
    texts = [i.text for i in export_check(case, entry=entry, selection=None, today=TODAY,
                                          templates=templates)]  # fmt: skip
    assert any(t.startswith(said) for t in texts), (situation, texts)
    assert not any(DENIAL_WORDS.search(t) for t in texts), (situation, texts)


@pytest.mark.parametrize(
    ("typed", "said"),
    [("\u0661\u0662\u0663", "$123.00"), ("1,000", "$1,000.00"), ("$150", "$150.00"),
     ("980.00", "$980.00")],
)  # fmt: skip
def test_the_check_s_note_names_a_payment_as_the_letter_prints_it(typed: str, said: str) -> None:
    """Billing walk: amounts are kept as typed, and the check's note echoed them so ("($\u0661\u0662\u0663,
    $1,123.00 in all)") while the letter printed $123.00."""
    from cdt_desktop.domain.appeal.check import export_check

    case = _paid_short("Reduced.")
    more = StatusEvent("paid", "2026-12-01", amount=typed)
    case = replace(case, status_history=(*case.status_history, APPEALED_ONCE, more))
    texts = [i.text for i in export_check(case, entry=None, selection=None, today=TODAY)]
    [note] = [t for t in texts if t.startswith("The claim is marked paid")]
    assert f"marked paid ({said}, " in note, note


APPEALED_ONCE = StatusEvent("appealed", "2026-11-20", level="1")
