"""The earlier root canal's date as the record has it: a day, or only a month or a year.

The walkthrough: the retreatment checklist asks for the "Date (or best estimate)" of the
earlier root canal, but Clinical facts refused "2015-06" ("type the date as YYYY-MM-DD"), so the
office invented a day, and the frequency appeal stated "completed on June 15, 2015" as a fact.
An estimate is kept as one: stored "2015-06" or "2015", written "in June 2015", "about ..." ago.
The shipped frequency sample (docs/samples) with its date made an estimate.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case, validate_case_dict
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.dates import normalize_rough_date, rough_date, rough_date_problem
from tests.helpers import REPO_ROOT

SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3348-frequency.json"  # DOS 2026-09-22


@pytest.mark.parametrize(
    ("typed", "stored", "known"),
    [
        ("2015-06-14", "2015-06-14", (2015, 6, 14)),
        ("06/14/2015", "2015-06-14", (2015, 6, 14)),
        ("2015-06", "2015-06", (2015, 6, None)),
        ("2015-6", "2015-06", (2015, 6, None)),
        ("6/2015", "2015-06", (2015, 6, None)),
        ("2015", "2015", (2015, None, None)),
    ],
)
def test_an_estimate_to_the_month_or_year_is_taken(typed: str, stored: str, known: tuple) -> None:
    assert normalize_rough_date(typed) == stored
    assert rough_date(typed) == known
    assert rough_date_problem(typed) == ""


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2015-13", "type the date as YYYY-MM-DD, or YYYY-MM or YYYY"),
        ("June 2015", "type the date as YYYY-MM-DD, or YYYY-MM or YYYY"),
        ("2015-02-30", "2015-02-30 is not a real date: February 2015 has 28 days"),
    ],
)
def test_what_is_no_date_even_as_an_estimate_is_refused_with_how_to_write_it(
    typed: str, said: str
) -> None:
    assert rough_date(typed) is None
    assert rough_date_problem(typed).startswith(said)


def _letter_text(case: Case) -> str:
    """The sample's frequency appeal for ``case``, as plain text."""
    with ReferenceLibrary() as library:
        letter = compose_appeal(
            case, entry=library.get(case.procedure.code), selection=selection_for_findings(case),
            today=date(2026, 10, 20), templates=library.denial_templates(),
        )  # fmt: skip
    return plain_text(letter, limit=100_000)


def _sample(prior: str) -> Case:
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["facts"]["prior_rct_date"] = prior
    assert validate_case_dict(data) == []  # a case file may hold the estimate
    return Case.from_dict(data)


@pytest.mark.parametrize(
    ("prior", "said", "never"),
    [
        ("2025-01-20", "completed on January 20, 2025 by Dr. Alan Brooks", "about"),
        ("2015-06", "completed in June 2015 by Dr. Alan Brooks", "June 15"),
        ("2015-06", "about 11 years and 3 months before this date of service", "June 1,"),
        ("2015", "completed in 2015 by Dr. Alan Brooks", "January"),
        ("2015", "about 11 years before this date of service", "months"),
    ],
)
def test_the_frequency_appeal_states_the_earlier_root_canal_as_the_record_has_it(
    prior: str, said: str, never: str
) -> None:
    case = _sample(prior)
    text = _letter_text(case)
    assert said in text
    at = text.index(said)
    assert never not in text[max(at - 40, 0) : at + len(said)]  # that sentence, not the notes


def test_a_case_file_holds_an_estimate_only_in_its_stored_form() -> None:
    data = json.loads(SAMPLE.read_text("utf-8"))
    data = {**data, "facts": {**data["facts"], "prior_rct_date": "June 2015"}}
    problems = validate_case_dict(data)
    assert [(p.section, p.field) for p in problems] == [("facts", "prior_rct_date")]
    assert "YYYY-MM or YYYY" in problems[0].message


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Persistent periapical lesion", "because of persistent periapical lesion"),
        ("MB2 canal left untreated", "because of MB2 canal left untreated"),
        ("Dr. Brooks's filling short of the apex", "because of Dr. Brooks's filling short"),
    ],
)
def test_the_reason_for_retreatment_reads_as_part_of_the_sentence(typed: str, said: str) -> None:
    # Walkthrough: "Retreatment was needed because of Persistent periapical lesion; ..."
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["facts"]["retreatment_reason"] = typed
    case = Case.from_dict(data)
    assert said in _letter_text(case)
