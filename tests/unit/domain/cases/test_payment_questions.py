"""The payments the Mark as paid dialog asks about once before it keeps them.

Billing walk: after $980.00 paid on a $1,250.00 claim and an appeal, a second payment of
$400.00 ($1,380.00 in all) was kept without a word, and the next letter asked for the billed
amount again; a payment of $0 was kept as "paid" and the letter was headed "Appeal of partially
paid claim". Both are now asked about (pressing Mark as paid again keeps them, as for a first
payment over the billed amount).
"""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.status import StatusEvent, payment_problem

SENT = StatusEvent("submitted", "2026-11-01")
FIRST = StatusEvent("paid", "2026-11-10", amount="980.00")
APPEALED = StatusEvent("appealed", "2026-11-15", level="1")

CASES = [
    ("a part payment", "1250.00", "980.00", (SENT,), ""),
    ("the whole bill", "1250.00", "1250.00", (SENT,), ""),
    ("a first payment over the bill", "1250.00", "1500.00", (SENT,),
     "the amount paid ($1,500.00) is more than the claim billed ($1,250.00)"),
    ("a second payment that brings the claim to its bill", "1250.00", "270.00",
     (SENT, FIRST, APPEALED), ""),
    ("a second payment past the bill in all", "1250.00", "400.00", (SENT, FIRST, APPEALED),
     "with the $980.00 paid before, the payments ($1,380.00 in all) come to more than the "
     "claim billed ($1,250.00)"),
    ("nothing paid", "1250.00", "0", (SENT,), "the amount paid is $0.00"),
    ("nothing paid, no bill typed", "", "0.00", (SENT,), "the amount paid is $0.00"),
    ("no amount typed", "1250.00", "", (SENT, FIRST), ""),
    ("no bill typed, a second payment", "", "400.00", (SENT, FIRST), ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("billed", "amount", "history", "asked"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_payment_is_asked_about_when_it_cannot_be_what_the_eob_paid(
    billed: str, amount: str, history: tuple[StatusEvent, ...], asked: str
) -> None:
    said = payment_problem(billed, StatusEvent("paid", "2026-12-04", amount=amount), history)
    assert said.startswith(asked) if asked else said == "", said
    assert bool(said) is bool(asked)
