"""What the code detail and the chart say of a code the practice's licensed CDT edition changed.

Closing note of 6 December: the chart recommended a code the practice's newest licensed edition
deletes, and the code detail never said so. The words say when the change takes effect: an
edition imported ahead (in December) applies from January 1, and a code it deletes is still
reported for services before then.
"""

from __future__ import annotations

import pytest

from cdt_desktop.domain.coding.editions import licensed_change_words

CASES = [
    ("deleted by the edition imported ahead, in December", "deleted in CDT 2027", "2026-12-06",
     "Your licensed CDT 2027 code set deletes this code from January 1, 2027: report it only "
     "for services before then."),
    ("deleted, the edition in force since January", "deleted in CDT 2027", "2027-01-04",
     "Deleted in CDT 2027, your licensed code set: not reportable for services from "
     "January 1, 2027."),
    ("deleted, on the edition's first day", "deleted in CDT 2027", "2027-01-01",
     "Deleted in CDT 2027, your licensed code set: not reportable for services from "
     "January 1, 2027."),
    ("revised by the edition imported ahead", "revised in CDT 2027", "2026-12-31",
     "Your licensed CDT 2027 code set revises this code from January 1, 2027: read its "
     "descriptor before reporting services from then."),
    ("revised, in force", "revised in CDT 2027", "2027-03-01",
     "Revised in CDT 2027, your licensed code set: read its descriptor before reporting it."),
    ("no note: the code is unchanged", "", "2027-03-01", ""),
    ("a note of another shape says nothing rather than guess", "added in CDT 2027",
     "2027-03-01", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "today", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_words_follow_the_change_and_the_day(note: str, today: str, said: str) -> None:
    assert licensed_change_words(note, today) == said
