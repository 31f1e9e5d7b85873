"""The yearly CDT change, compared as pure data: a synthetic "next edition" against this one."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from cdt_desktop.domain.coding.editions import (
    Change,
    CodeChange,
    compare_editions,
    flag_cases,
)


class Row(NamedTuple):  # the fields of an imported code (made-up text, never ADA text)
    code: str
    nomenclature: str
    descriptor: str = ""
    category: str = "Endodontics"


class CaseLine(NamedTuple):
    id: int
    code: str
    status: str


THIS_YEAR = {
    r.code: r
    for r in (
        Row("D0460", "Pulp test (practice text)"),
        Row("D3330", "Endo molar (practice text)", "Text A"),
        Row("D3354", "Old regen (practice text)"),
        Row("D3220", "Pulpotomy (practice text)", "Text B"),
        Row("D3221", "Debridement (practice text)", "Text C"),
    )
}
NEXT_YEAR = {
    r.code: r
    for r in (
        Row("D0460", "Pulp test (practice text)"),
        Row("D0461", "Cracked tooth test (practice text)", category="Diagnostic"),
        Row("D3330", "Endo molar (practice text)", "Text A, revised"),
        Row("D3220", "Pulpotomy  (practice text)", "Text B"),  # whitespace only: no revision
        Row("D3221", "Debridement (practice text)", "Text C", "Endodontic therapy"),
    )
}


def test_next_edition_lists_added_deleted_and_revised_codes() -> None:
    report = compare_editions("2027", NEXT_YEAR, "2026", THIS_YEAR)
    assert report.codes(Change.ADDED) == ("D0461",)
    assert report.codes(Change.DELETED) == ("D3354",)
    revised = {c.code: c.fields for c in report.changes if c.change is Change.REVISED}
    assert revised == {"D3221": ("category",), "D3330": ("descriptor",)}


def test_our_guidance_is_flagged_for_review_where_its_code_changed() -> None:
    report = compare_editions(
        "2027", NEXT_YEAR, "2026", THIS_YEAR, guidance=("D3330", "D3354", "D0461", "D3310")
    )
    assert report.review == ("D3330", "D3354")  # a new code has no guidance to review yet


def test_new_codes_carry_the_late_loading_warning() -> None:
    report = compare_editions("2027", NEXT_YEAR, "2026", THIS_YEAR)
    (warning,) = report.warnings
    assert "D0461" in warning and "payer" in warning


def _edition(count: int, start: int = 0) -> dict[str, Row]:
    """``count`` made-up codes D1000, D1001, ... from ``start``."""
    return {
        code: Row(code, f"Practice text {n}")
        for n in range(start, start + count)
        if (code := f"D{1000 + n}")
    }


@pytest.mark.parametrize(
    ("situation", "previous", "new", "warned"),
    [
        ("a yearly edition that deletes a few codes", _edition(750), _edition(735, 15), False),
        (
            "one that deletes 29, under the least that is said",
            _edition(100),
            _edition(71, 29),
            False,
        ),
        ("one sheet of a workbook: half the codes gone", _edition(750), _edition(375), True),
        ("the whole file again", _edition(750), _edition(750), False),
        ("a section only: 30 of 60 codes", _edition(60), _edition(30, 30), True),
    ],
)
def test_an_edition_that_drops_many_codes_asks_whether_the_file_is_whole(
    situation: str, previous: dict[str, Row], new: dict[str, Row], warned: bool
) -> None:
    """A partial export read as the next edition would make most codes obsolete and mark most
    open cases; a yearly edition deletes a few."""
    report = compare_editions("2028", new, "2027", previous)
    named = [w for w in report.warnings if "Is this the whole file" in w]
    assert bool(named) is warned, situation
    if warned:
        deleted = len(report.codes(Change.DELETED))
        assert f"would delete {deleted:,} of the {len(previous):,} codes of CDT 2027" in named[0]
        # said before the list of deleted codes, which may fill the screen
        text = report.to_text()
        assert text.index("Is this the whole file") < text.index("Deleted (now obsolete")
        assert text.count("Is this the whole file") == 1


def test_first_imported_edition_has_nothing_to_compare() -> None:
    report = compare_editions("2026", THIS_YEAR)
    assert report.changes == () and report.warnings == ()
    assert "no earlier edition imported" in report.to_text()


def test_report_as_json_and_text_names_codes_not_licensed_text() -> None:
    report = compare_editions("2027", NEXT_YEAR, "2026", THIS_YEAR, guidance=("D3330",))
    data = report.to_json()
    assert data["added"] == ["D0461"] and data["deleted"] == ["D3354"]
    assert {"code": "D3330", "fields": ["descriptor"]} in data["revised"]
    assert data["review"] == ["D3330"]
    text = report.to_text()
    assert "CDT 2027 against CDT 2026" in text and "D3330 (descriptor)" in text
    assert "Text A" not in text and "Text A" not in str(data)


# (situation, case status, code, flagged change or None)
CASES = [
    ("open_case_with_a_deleted_code_is_flagged", "draft", "D3354", Change.DELETED),
    ("denied_case_with_a_revised_code_is_flagged", "denied", "d3330", Change.REVISED),
    ("paid_case_is_history_and_not_flagged", "paid", "D3354", None),
    ("closed_case_is_history_and_not_flagged", "closed", "D3330", None),
    ("case_with_an_unchanged_code_is_not_flagged", "draft", "D0460", None),
    ("case_with_a_new_code_is_not_flagged", "draft", "D0461", None),
]


@pytest.mark.parametrize(
    ("status", "code", "expected"), [row[1:] for row in CASES], ids=[row[0] for row in CASES]
)
def test_open_cases_are_flagged_when_their_code_changed(
    status: str, code: str, expected: Change | None
) -> None:
    changes = compare_editions("2027", NEXT_YEAR, "2026", THIS_YEAR).changes
    flags = flag_cases([CaseLine(7, code, status)], changes)
    assert [f.change for f in flags] == ([] if expected is None else [expected])
    if expected is Change.DELETED:
        assert "deleted" in flags[0].text and flags[0].case_id == 7


def test_flags_keep_the_case_order() -> None:
    changes = (CodeChange("D3354", Change.DELETED), CodeChange("D3330", Change.REVISED))
    cases = [CaseLine(3, "D3330", "draft"), CaseLine(1, "D3354", "appealed")]
    assert [f.case_id for f in flag_cases(cases, changes)] == [3, 1]


class DatedCase(NamedTuple):
    id: int
    code: str
    status: str
    date_of_service: str


@pytest.mark.parametrize(
    ("situation", "service", "flagged"),
    [
        ("treatment in 2026 is coded by CDT 2026", "2026-09-22", False),
        ("treatment on the new edition's first day", "2027-01-01", True),
        ("treatment planned in 2027", "2027-02-10", True),
        ("no date of service yet", "", True),
        ("a date that is no date", "soon", True),
    ],
)
def test_a_case_treated_before_the_new_edition_is_not_flagged(
    situation: str, service: str, flagged: bool
) -> None:
    """Office manager walkthrough: importing CDT 2027 flagged a D3348 treated on September
    22, 2026 ("D3348 was deleted from the CDT: choose the current code"); a 2026 claim is coded
    by CDT 2026, and following the advice would have put a 2027 code on it."""
    changes = (CodeChange("D3348", Change.DELETED),)
    flags = flag_cases([DatedCase(2, "D3348", "submitted", service)], changes, edition="2027")
    assert bool(flags) is flagged, situation


@pytest.mark.parametrize(
    ("situation", "new_category", "old_category", "revised"),
    [
        ("the new file has no Category column", "", "Endodontics", {"D3330": ("descriptor",)}),
        ("the previous file had none", "Endodontics", "", {"D3330": ("descriptor",)}),
        ("both have it", "Endodontic therapy", "Endodontics",
         {"D0460": ("category",), "D3330": ("descriptor", "category")}),
        ("neither has it", "", "", {"D3330": ("descriptor",)}),
    ],
)  # fmt: skip
def test_a_column_one_file_has_not_got_revises_no_code(
    situation: str, new_category: str, old_category: str, revised: dict[str, tuple[str, ...]]
) -> None:
    """Office walkthrough: a tab-delimited 2027 file with only code, nomenclature and descriptor
    after a 2026 CSV with Category listed every code as "revised (category)" and every one of
    our guidance entries for review. The column missing is said once instead."""
    old = {"D0460": Row("D0460", "Pulp test", category=old_category),
           "D3330": Row("D3330", "Endo molar", "Text A", category=old_category)}  # fmt: skip
    new = {"D0460": Row("D0460", "Pulp test", category=new_category),
           "D3330": Row("D3330", "Endo molar", "Text A, revised", category=new_category)}  # fmt: skip
    report = compare_editions("2027", new, "2026", old, guidance=("D0460", "D3330"))
    found = {c.code: c.fields for c in report.changes if c.change is Change.REVISED}
    assert found == revised, situation
    assert report.review == tuple(sorted(revised))
    said = [w for w in report.warnings if "no Category column" in w]
    # said only when one file has it and the other not (office manager walk: two files
    # without Category read "One of the two files has no Category column")
    assert bool(said) is (bool(new_category) != bool(old_category)), situation
    assert ("Note: One of the two files has no Category column" in report.to_text()) is bool(said)


@pytest.mark.parametrize(
    ("situation", "new", "said"),
    [
        ("a code deleted, no open case carries it", {"D0460": Row("D0460", "Pulp test")},
         "No open case has a code this edition deleted or revised (a case treated before "
         "January 1, 2027 keeps its code)."),
        ("only a code added", {"D0460": Row("D0460", "Pulp test"),
                               "D3330": Row("D3330", "Endo molar", "Text A"),
                               "D3999": Row("D3999", "New")}, ""),
    ],
)  # fmt: skip
def test_the_report_says_when_no_open_case_carries_a_changed_code(
    situation: str, new: dict[str, Row], said: str
) -> None:
    """Office manager walk: CDT 2027 deleted D3330, the only open D3330 case was dated 2026,
    and the report said nothing of cases at all: were they looked at?"""
    from cdt_desktop.domain.coding.editions import no_case_flagged

    old = {"D0460": Row("D0460", "Pulp test"), "D3330": Row("D3330", "Endo molar", "Text A")}
    report = compare_editions("2027", new, "2026", old, guidance=())
    assert no_case_flagged(report) == said, situation
