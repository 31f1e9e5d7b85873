"""A post-operative film dated before the date of service is not said to follow the treatment.

The walkthrough: the case's post-op radiograph was dated August 10 for a root canal of August
17; the check banner and the export question named the date, but the letter still said the film
was "taken on August 10, 2026, after the canals were filled" and "was taken after obturation of
the MB, ML and D canals; it is a final film". A letter never states what the case contradicts:
such a film is given by its date only (the check still asks the office to correct it).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.argument import denial_argument
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
from tests.helpers import REPO_ROOT

SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"  # served 2026-08-17
FILLED = "after the canals were filled"
OBTURATION = "after obturation"
AFTER_TREATMENT = "after treatment"


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


def _case(code: str = "D3330", post: str = "", pre: str = "2026-08-03", service: str = "") -> Case:
    case = Case.from_json(SAMPLE.read_text("utf-8"))
    return replace(
        case,
        procedure=replace(case.procedure, code=code),
        claim=replace(case.claim, date_of_service=service or case.claim.date_of_service),
        facts=replace(case.facts, postop_radiograph_date=post, preop_radiograph_date=pre),
    )


SITUATIONS = [
    # (situation, case, films enclosed (None: as the case says), phrases said, phrases not said)
    (
        "root canal, post-op film dated a week before the date of service, kept in the record",
        _case(post="2026-08-10"),
        frozenset(),
        ("post-operative periapical radiograph taken on August 10, 2026.",),
        (FILLED, OBTURATION, AFTER_TREATMENT),
    ),
    (
        "root canal, post-op film dated before the date of service, both films enclosed",
        _case(post="2026-08-10"),
        frozenset({"preop", "postop"}),
        ("Both are enclosed", "post-operative periapical radiograph taken on August 10, 2026."),
        (FILLED, OBTURATION),
    ),
    (
        "root canal, post-op film dated before the date of service, only it enclosed",
        _case(post="2026-08-10"),
        frozenset({"postop"}),
        ("The post-operative periapical radiograph, taken on August 10, 2026, is enclosed;",),
        (FILLED, OBTURATION),
    ),
    (
        "root canal, post-op film dated before the date of service, no pre-op film",
        _case(post="2026-08-10", pre=""),
        frozenset(),
        ("The post-operative periapical radiograph, taken on August 10, 2026, is kept",),
        (FILLED, OBTURATION),
    ),
    (
        "apexification visit, post-op film dated before the date of service",
        _case(code="D3351", post="2026-08-10"),
        frozenset(),
        ("taken on August 10, 2026.",),
        (FILLED, OBTURATION, AFTER_TREATMENT),
    ),
    (
        "root canal, post-op film dated on the date of service",
        _case(post="2026-08-17"),
        frozenset(),
        (f"taken on August 17, 2026, {FILLED}.", OBTURATION),
        (),
    ),
    (
        "root canal, post-op film dated after the date of service",
        _case(post="2026-08-24"),
        frozenset({"postop"}),
        (f"taken on August 24, 2026 {FILLED}, is enclosed", OBTURATION),
        (),
    ),
    (
        "root canal, post-op film ticked but undated",  # nothing contradicts it
        _case(post=""),
        frozenset(),
        ("The post-operative film was taken after obturation",),
        (),
    ),
    (
        "root canal, post-op film dated, no date of service recorded",
        replace(_case(post="2026-08-10"), claim=replace(_case().claim, date_of_service="")),
        frozenset(),
        (f"taken on August 10, 2026, {FILLED}.", OBTURATION),
        (),
    ),
]


@pytest.mark.parametrize(
    ("situation", "case", "enclosed", "said", "unsaid"),
    SITUATIONS,
    ids=[s[0] for s in SITUATIONS],
)
def test_post_op_film_dated_before_service_is_given_by_its_date_only(
    library: ReferenceLibrary,
    situation: str,
    case: Case,
    enclosed: frozenset[str],
    said: tuple[str, ...],
    unsaid: tuple[str, ...],
) -> None:
    entry = library.get(case.procedure.code)
    template = library.denial_templates()["radiograph"]
    text = " ".join(denial_argument(case, entry, template, enclosed))
    for phrase in said:
        assert phrase in text, text
    for phrase in unsaid:
        assert phrase not in text, text


def test_the_rendered_appeal_of_a_post_op_film_dated_early_never_claims_it_followed_filling(
    library: ReferenceLibrary,
) -> None:
    """The PDF the insurer's reviewer reads, as the walkthrough printed it."""
    case = _case(post="2026-08-10")
    letter = compose_appeal(
        case,
        entry=library.get("D3330"),
        selection=None,
        today=date(2026, 9, 10),
        templates=library.denial_templates(),
    )
    pdf = render_appeal_pdf(letter, creation_date=datetime(2026, 9, 10, 9, 0))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "August 10, 2026" in text, text
    assert FILLED not in text, text
    assert OBTURATION not in text, text
