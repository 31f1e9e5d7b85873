"""The plain-text letter (Copy plain text, `narrative --text`) is addressed as the PDF is.

Billing pasted the prior-authorization request into the payer's portal and printed it for the
file: the text had no addressee, while the PDF went to the pre-treatment review address. The
text now starts with the same addressee block the PDF prints: an appeal goes to the payer
address (else the payer profile's), a request to the prior-authorization address when it is
filled in, else to the payer address (else the profile's).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import PLAIN_TEXT_LIMIT, TRUNCATION_NOTE, plain_text
from cdt_desktop.domain.appeal.prior_auth import compose_prior_auth
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.model import Case, Payer
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
APPEALS = "Attn: Dental Claim Appeals\nPO Box 981282\nEl Paso, TX 79998"
REVIEW = "Attn: Pre-treatment Review\nPO Box 14093\nLexington, KY 40512"
PROFILE = PayerProfile(id="metlife", name="MetLife", address="Appeals\nPO Box 3050\nUtica, NY")


def _case(address: str = APPEALS, prior_auth: str = "", name: str = "MetLife") -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    claim = replace(case.claim, prior_auth_address=prior_auth)
    return replace(case, payer=Payer(name=name, address=address), claim=claim)


def _letter(kind: str, case: Case, profile: PayerProfile | None):  # type: ignore[no-untyped-def]
    compose = compose_prior_auth if kind == "prior-auth" else compose_appeal
    selection = selection_for_findings(case)
    return compose(case, entry=None, selection=selection, today=TODAY, profile=profile)


CASES = [
    # (situation, letter, case, profile, expected addressee block)
    ("an appeal goes to the payer address", "appeal", _case(), None,
     ["MetLife", *APPEALS.splitlines()]),
    ("an appeal ignores the prior-authorization address", "appeal", _case(prior_auth=REVIEW),
     None, ["MetLife", *APPEALS.splitlines()]),
    ("an appeal without a payer address goes to the profile's", "appeal", _case(address=""),
     PROFILE, ["MetLife", *PROFILE.address.splitlines()]),
    ("a request goes to the prior-authorization address", "prior-auth",
     _case(prior_auth=REVIEW), PROFILE, ["MetLife", *REVIEW.splitlines()]),
    ("a request without one goes to the payer address", "prior-auth", _case(), PROFILE,
     ["MetLife", *APPEALS.splitlines()]),
    ("a request with neither goes to the profile's address", "prior-auth", _case(address=""),
     PROFILE, ["MetLife", *PROFILE.address.splitlines()]),
    ("a payer's name alone is the whole block", "appeal", _case(address=""), None, ["MetLife"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "case", "profile", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_text_is_addressed_as_the_pdf_is(
    kind: str, case: Case, profile: PayerProfile | None, expected: list[str]
) -> None:
    letter = _letter(kind, case, profile)
    text = plain_text(letter)
    block, rest = text.split("\n\n", 1)
    assert block.splitlines() == expected == list(letter.payer)  # the PDF prints letter.payer
    assert rest.startswith("RE: ")
    assert len(text) <= PLAIN_TEXT_LIMIT


def test_no_payer_at_all_starts_with_the_subject() -> None:
    letter = _letter("appeal", _case(address="", name=""), None)
    assert letter.payer == () and plain_text(letter).startswith("RE: Appeal of denied claim")


def test_a_shortened_text_keeps_its_addressee() -> None:
    case = _case(prior_auth=REVIEW)
    history = replace(case.facts, note="The patient reported intermittent pain. " * 80)
    letter = _letter("prior-auth", replace(case, facts=history), None)
    text = plain_text(letter)
    assert text.endswith(TRUNCATION_NOTE) and len(text) <= PLAIN_TEXT_LIMIT
    assert text.startswith("\n".join(["MetLife", *REVIEW.splitlines()]) + "\n\nRE: ")


EOB_PASTED = "PO Box 981282\nEl Paso, TX 79998\n" + (
    "Appeals must be received within 180 days of the date on this notice. " * 25
)  # an EOB paragraph pasted into the address field (the field holds 20,000 characters)


@pytest.mark.parametrize("kind", ["appeal", "prior-auth"])
def test_a_long_address_never_crowds_out_the_claim_and_the_argument(kind: str) -> None:
    """A 1,800-character address took the 2,000 characters of the text: the claim number,
    the date of service, the denial reason and the whole argument went, the address stayed
    (review9). The addressee block is kept short instead; what it starts with stays."""
    letter = _letter(kind, _case(address=EOB_PASTED), None)
    text = plain_text(letter)
    assert len(text) <= PLAIN_TEXT_LIMIT
    assert text.startswith("MetLife\nPO Box 981282\nEl Paso, TX 79998\n")
    block, rest = text.split("\n\n", 1)
    assert len(block) <= 400 and block.endswith("…")
    assert rest.startswith("RE: ")
    short = plain_text(_letter(kind, _case(), None))  # the same letter with a usual address
    for row in short.split("\n\n", 2)[1].splitlines():  # the RE rows: claim, patient, dates
        assert row in rest
    if kind == "appeal":
        assert 'Denial reason: "' in rest
