"""The "To submit" view's order: the billing desk sends the documented claims first, the
oldest treatment first; then those lacking documentation, the quickest to finish first; a
treatment still to come and an incomplete draft wait at the bottom."""

from __future__ import annotations

from datetime import date

import pytest

from cdt_desktop.domain.cases.queues import SubmitItem, submit_item, submit_order

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("situation", "dos", "gaps", "incomplete", "expected"),
    [
        ("root canal done, every required item recorded", "2026-11-20", 0, False, "ready"),
        ("root canal done today, records complete", "2026-12-04", 0, False, "ready"),
        ("post-op film not taken yet", "2026-11-20", 1, False, "missing"),
        ("treatment booked for next week", "2026-12-09", 0, False, "planned"),
        ("draft kept without the patient's name", "2026-11-20", 0, True, "incomplete"),
        ("waiting for a prior authorization, no date yet", "", 0, False, "undated"),
        ("date of service typed as 2026-02-30", "2026-02-30", 0, False, "undated"),
    ],
)
def test_a_draft_is_ready_only_when_done_documented_and_whole(
    situation: str, dos: str, gaps: int, incomplete: bool, expected: str
) -> None:
    item = submit_item(7, dos, ["Post-op radiograph"] * gaps, TODAY, incomplete=incomplete)
    states = {
        "ready": item.ready,
        "missing": bool(item.missing),
        "planned": item.planned,
        "incomplete": item.incomplete,
        "undated": item.undated,
    }
    assert [name for name, on in states.items() if on] == [expected], situation


def test_documented_claims_come_first_oldest_treatment_first() -> None:
    items = [
        SubmitItem(1, "2026-11-30", ("Pre-op film", "Post-op film")),  # two items short
        SubmitItem(2, "2026-11-30"),  # ready, treated last week
        SubmitItem(3, "2026-12-10", planned=True),  # booked
        SubmitItem(4, "2026-10-02"),  # ready, treated two months ago: the filing limit nears
        SubmitItem(5, "2026-11-01", ("Post-op film",)),  # one item short
        SubmitItem(6, "2026-11-30", incomplete=True),
        SubmitItem(9, "", undated=True),
        SubmitItem(7, "2026-12-06", planned=True),  # booked sooner
        SubmitItem(
            8, "2026-09-01", ("Pre-op film", "Post-op film")
        ),  # as short as 1, treated earlier
    ]
    assert [item.case_id for item in submit_order(items)] == [4, 2, 5, 8, 1, 7, 3, 9, 6]


def test_a_documented_draft_with_no_payer_is_not_ready_and_waits_behind_the_ready_ones() -> None:
    """Walkthrough 43: a draft with every item ticked and no payer read "Ready to send"; the
    clerk would have sent a claim to no one. It waits behind the ready ones, ahead of those
    still missing an item (typing a payer is the quickest fix)."""
    ready = submit_item(1, "2026-11-02", [], TODAY)
    no_payer = submit_item(2, "2026-11-01", [], TODAY, no_payer=True)
    short = submit_item(3, "2026-10-01", ["Post-op radiograph"], TODAY)
    assert ready.ready and not no_payer.ready and not no_payer.missing
    assert [i.case_id for i in submit_order([short, no_payer, ready])] == [1, 2, 3]


def test_a_documented_draft_coded_for_another_tooth_is_not_ready() -> None:
    """D3310 on molar #19, every item ticked, read "Ready to send": a payer refuses it however
    documented. It waits with the drafts to finish, and its status says the code first."""
    from cdt_desktop.services.billing_views import DELETED, WRONG_TOOTH, submit_words

    ready = submit_item(1, "2026-11-02", [], TODAY)
    wrong = submit_item(2, "2026-11-01", [], TODAY, code=["The code does not fit the tooth."])
    gone = submit_item(3, "2026-11-01", ["Post-op"], TODAY, code=["deleted"], deleted=True)
    assert ready.ready and not wrong.ready and not wrong.missing
    assert [i.case_id for i in submit_order([wrong, ready])] == [1, 2]
    short = submit_item(4, "2026-10-01", ["Post-op"], TODAY)
    # of the drafts to finish, the wrong code first (re-walk: it came last, behind 1 item)
    assert [i.case_id for i in submit_order([short, gone, ready])] == [1, 3, 4]
    assert (submit_words(wrong), submit_words(gone)) == (WRONG_TOOTH, DELETED)


def test_a_draft_with_no_payer_and_a_film_to_check_says_both() -> None:
    """Re-walk: "No payer" hid "Check the radiographs" (a caption naming #30 on #19) until a
    payer was typed."""
    from cdt_desktop.services.billing_views import submit_words

    item = submit_item(1, "2026-11-02", [], TODAY, no_payer=True, films=["#30"])
    assert submit_words(item) == "No payer, check the radiographs"
    short = submit_item(2, "2026-11-02", ["Post-op"], TODAY, no_payer=True, films=["#30"])
    assert submit_words(short) == "No payer, 1 item missing, check the radiographs"


@pytest.mark.parametrize(
    ("no_payer", "gaps", "expected"),
    [
        (True, ["Post-op"], "No payer, 1 item missing, series dates out of order"),
        (False, ["Post-op", "Lengths"], "2 items missing, series dates out of order"),
        (True, [], "No payer, series dates out of order"),
        (False, [], "Series dates out of order"),
    ],
    ids=["no-payer-and-an-item", "two-items", "no-payer", "alone"],
)
def test_an_interim_visit_dated_before_its_initial_one_says_so_in_the_status_cell(
    no_payer: bool, gaps: list[str], expected: str
) -> None:
    """Chairside walkthrough: an interim visit (D3356) dated before its initial one read "No
    payer, 2 items missing"; the series dates were in the tooltip alone."""
    from cdt_desktop.services.billing_views import submit_words

    said = ("Case 2 (D3355, the initial visit of this series) is dated 2026-10-01, after ...",)
    item = submit_item(3, "2026-09-15", gaps, TODAY, no_payer=no_payer, series=said)
    assert submit_words(item) == expected
