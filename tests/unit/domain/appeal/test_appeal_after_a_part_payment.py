"""The next appeal of a claim the payer answered with a part payment.

Billing walkthrough: D3348 on #30 denied for frequency, appealed, then paid $980.00 of
$1,480.00. The second-level appeal for the balance quoted the frequency denial under "Denial
reason as stated by the payer", as if it still stood, and the check before export said nothing
of it. The letter names it as the earlier denial's reason, and the check reminds billing to
type the EOB's reason for the unpaid balance, when it gives one, so the letter answers that.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 6)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3348-frequency.json"
REASON = "Retreatment within 24 months of the original root canal. N435 frequency limitation."


def _case(*after: StatusEvent) -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    return replace(case, status_history=case.status_history + after)


APPEALED = StatusEvent("appealed", "2026-10-20", level="1")
PART_PAID = StatusEvent("paid", "2026-11-20", amount="980.00", eob_reference="EOB 8800")


@pytest.mark.parametrize(
    ("situation", "after", "label"),
    [
        ("denied, first appeal", (), "Denial reason"),
        ("denial upheld on appeal", (APPEALED, StatusEvent("denied", "2026-11-20", reason=REASON)),
         "Denial reason"),
        ("appeal answered with a part payment", (APPEALED, PART_PAID), "Reason for the earlier denial"),
        ("paid in part without an appeal", (StatusEvent("paid", "2026-10-30", amount="980.00"),),
         "Reason for the earlier denial"),
    ],
)  # fmt: skip
def test_the_letter_names_the_denial_it_quotes_as_the_one_that_stands_or_an_earlier_one(
    situation: str, after: tuple[StatusEvent, ...], label: str
) -> None:
    letter = compose_appeal(_case(*after), entry=None, selection=None, today=TODAY)
    assert letter.denial_reason == REASON, situation
    assert letter.denial_label == label, situation
    assert f'{label}: "' in plain_text(letter, limit=100_000), situation


def test_the_pdf_of_the_appeal_for_the_balance_heads_the_quote_as_the_earlier_denial() -> None:
    import io

    from pypdf import PdfReader

    letter = compose_appeal(_case(APPEALED, PART_PAID), entry=None, selection=None, today=TODAY)
    pages = PdfReader(io.BytesIO(render_appeal_pdf(letter))).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert "Reason for the earlier denial as stated by the payer:" in text
    assert "Denial reason as stated by the payer" not in text


def test_the_check_reminds_billing_of_the_reason_for_the_unpaid_balance() -> None:
    case = _case(APPEALED, PART_PAID)
    items = export_check(case, entry=None, selection=None, today=TODAY)
    [paid] = [
        i
        for i in items
        if "marked paid ($980.00) on Nov" in i.text or "marked paid ($980.00)" in i.text
    ]
    [reminder] = [i for i in items if "earlier denial" in i.text]
    assert not reminder.blocking and not paid.blocking
    assert "another reason for what was not paid" in reminder.text and "Edit case" in reminder.text
    denied = export_check(_case(), entry=None, selection=None, today=TODAY)
    assert not [i for i in denied if "earlier denial" in i.text]


@pytest.mark.parametrize(
    ("situation", "after", "heading", "opening"),
    [
        ("paid short, never denied, appeal marked sent",
         (StatusEvent("paid", "2026-11-25", amount="980.00", eob_reference="EOB 9021"),
          StatusEvent("appealed", "2026-12-01", level="1")),
         "Appeal of partially paid claim", "We are writing to appeal the payment"),
        ("paid short, not yet appealed",
         (StatusEvent("paid", "2026-11-25", amount="980.00", eob_reference="EOB 9021"),),
         "Appeal of partially paid claim", "We are writing to appeal the payment"),
        ("denied and appealed", (APPEALED,), "Appeal of denied claim",
         "We are writing to appeal the denial"),
    ],
)  # fmt: skip
def test_a_paid_short_claim_marked_appealed_is_still_appealed_for_its_payment(
    situation: str, after: tuple[StatusEvent, ...], heading: str, opening: str
) -> None:
    """Billing month-end walkthrough: paid $980.00 of $1,480.00, then "Mark as appealed": the
    reprinted letter was headed "Appeal of denied claim" and said "appeal the denial" beside
    "Amount paid $980.00", and the check said to mark the claim denied."""
    history = tuple(e for e in _case().status_history if e.status != "denied")
    case = replace(_case(), status_history=history + after)
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert letter.subject.startswith(f"RE: {heading}"), (situation, letter.subject)
    assert letter.opening.startswith(opening), letter.opening
    checked = export_check(case, entry=None, selection=None, today=TODAY)
    assert not any("Mark it denied" in item.text for item in checked) or heading.endswith(
        "denied claim"
    )


SENT = StatusEvent("submitted", "2026-11-01")
FIRST = StatusEvent("paid", "2026-11-10", amount="980.00", eob_reference="EOB-778812")
MORE = StatusEvent("paid", "2026-12-04", amount="150.00", eob_reference="EOB-779940")


def _paid_case(*history: StatusEvent, reason: str = "Reduced to the plan's allowance.") -> Case:
    case = _case()
    claim = replace(case.claim, billed_amount="1250.00", denial_reason=reason)
    return replace(case, claim=claim, status_history=history)


@pytest.mark.parametrize(
    ("situation", "history", "paid", "unpaid"),
    [
        ("one part payment", (SENT, FIRST), "$980.00", "$270.00 unpaid"),
        ("an appeal answered with $150.00 more", (SENT, FIRST, StatusEvent("appealed",
         "2026-11-15", level="1"), MORE), "$1,130.00 ($980.00 and $150.00)", "$120.00 unpaid"),
    ],
)  # fmt: skip
def test_the_balance_asked_for_counts_every_payment(
    situation: str, history: tuple[StatusEvent, ...], paid: str, unpaid: str
) -> None:
    """Keyboard walk: paid $980.00, appealed, then paid $150.00 more; the second appeal read
    "$1,250.00 billed, $150.00 paid, $1,100.00 unpaid", asking for $980 already paid."""
    letter = compose_appeal(_paid_case(*history), entry=None, selection=None, today=TODAY)
    assert dict(letter.re_rows)["Amount paid"] == paid, situation
    assert f"{paid} paid, {unpaid}" in letter.request, (situation, letter.request)
    # the opening: what was paid in all, never the last payment as if it were all of it
    in_all = " in all" if "and" in paid else ""
    assert f"({paid.split(' (')[0]} paid{in_all} of $1,250.00 billed)" in letter.opening, (
        situation, letter.opening,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("situation", "history", "reason", "label"),
    [
        ("paid short, never denied", (SENT, FIRST), "Reduced to the plan's allowance.",
         "Reason for the reduced payment"),
        ("denied, then paid short on appeal; the denial's reason still typed",
         (SENT, StatusEvent("denied", "2026-11-05", reason=REASON), FIRST), REASON,
         "Reason for the earlier denial"),
        ("denied, then paid short; the payment's reason typed over it",
         (SENT, StatusEvent("denied", "2026-11-05", reason=REASON), FIRST),
         "Reduced to the plan's allowance.", "Reason for the reduced payment"),
    ],
)  # fmt: skip
def test_the_quoted_reason_of_a_paid_short_claim_is_named_for_what_it_is(
    situation: str, history: tuple[StatusEvent, ...], reason: str, label: str
) -> None:
    """Keyboard walk: a claim never denied, paid $980.00 of $1,250.00: the letter headed the
    EOB's reduction reason "Reason for the earlier denial", and the check asked to type the
    reason already typed."""
    case = _paid_case(*history, reason=reason)
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert letter.denial_label == label, situation
    reminded = [i for i in export_check(case, entry=None, selection=None, today=TODAY)
                if "earlier denial's reason" in i.text]  # fmt: skip
    assert bool(reminded) is (label == "Reason for the earlier denial"), situation


@pytest.mark.parametrize(
    ("situation", "number", "category", "said"),
    [
        ("paid short, the plan had authorized it", "PA-2026-884213", "",
         "The plan authorized this treatment before it was performed (authorization "
         "PA-2026-884213)."),
        ("denied as not necessary, authorized", "PA-77", "necessity",
         "authorization PA-77"),
        ("denied for a missing authorization: its paragraph cites the number", "PA-77",
         "prior-auth", ""),
        ("no authorization recorded", "", "", ""),
    ],
)  # fmt: skip
def test_the_opening_cites_the_plan_s_own_authorization(
    situation: str, number: str, category: str, said: str
) -> None:
    """Keyboard walk: the appeal for the balance of an authorized D3330 printed PA-2026-884213
    in its table only; the body never said the plan had authorized the treatment."""
    case = _paid_case(SENT, FIRST)
    claim = replace(case.claim, prior_auth_number=number, denial_category=category)
    letter = compose_appeal(replace(case, claim=claim), entry=None, selection=None, today=TODAY)
    if said:
        assert said in letter.opening, situation
    else:
        assert "authorized this treatment" not in letter.opening, situation


def test_the_check_s_note_on_a_second_payment_gives_what_was_paid_in_all() -> None:
    """Verification walk: "The claim is marked paid ($150.00)" above a letter that counts
    $1,130.00 paid."""
    history = (SENT, FIRST, StatusEvent("appealed", "2026-11-15", level="1"), MORE)
    items = export_check(_paid_case(*history), entry=None, selection=None, today=TODAY)
    [note] = [i.text for i in items if i.text.startswith("The claim is marked paid")]
    assert note.startswith("The claim is marked paid ($150.00, $1,130.00 in all)"), note
