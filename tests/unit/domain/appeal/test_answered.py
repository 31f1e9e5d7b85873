"""What on the case answers a checklist item nobody ticked, and that the Checklist tab's rule is
the one "Mark as submitted" uses (tour8 finding 10: the two panes gave two answers)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.answered import record_answers
from cdt_desktop.domain.appeal.check import submission_gaps
from cdt_desktop.domain.appeal.code_fit import TOOTH_FITS_ITEM
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure
from cdt_desktop.domain.reference import CodeEntry
from tests.helpers import REPO_ROOT

POST = ("Post-operative periapical radiograph, tooth #19", "2026-12-02")
PRE = ("Pre-operative periapical radiograph, tooth #19", "2026-11-30")
OTHER = ("Bitewing, right side", "2026-11-30")
UNDATED_POST = ("Post-op periapical", "")


@pytest.fixture(scope="module")
def d3330() -> Iterator[CodeEntry]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3330")
        assert entry is not None
        yield entry


def _case(facts: ClinicalFacts | None = None, ticked: tuple[str, ...] = ()) -> Case:
    return Case(
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
        facts=facts or ClinicalFacts(),
        checklist=dict.fromkeys(ticked, True),
    )


CASES = [
    # (situation, case, attached films, expected {item id: words in the answer})
    ("nothing recorded, no films", _case(), [], {}),
    (
        "the chair attached the dated post-op film",
        _case(),
        [POST],
        {"postop-radiograph": "Post-operative film attached, taken December 2, 2026"},
    ),
    (
        "both films attached, a bitewing too",
        _case(),
        [OTHER, PRE, POST],
        {
            "preop-radiograph": "Pre-operative film attached, taken November 30, 2026",
            "postop-radiograph": "Post-operative film attached, taken December 2, 2026",
        },
    ),
    ("a post-op film without its date answers nothing", _case(), [UNDATED_POST], {}),
    (  # it counts, as in Mark as submitted, which asks about its date: so does the row (review9)
        "a post-op film dated before the treatment says so",
        _case(),
        [("Post-op periapical, tooth #19", "2026-11-20")],
        {
            "postop-radiograph": "Post-operative film attached, taken November 20, 2026 "
            "(before the date of service, December 1, 2026; check its date or which film it is)"
        },
    ),
    (  # it counts (the film is on the case), but the row asks which film it is (review9)
        "a post-op film captioned for another tooth says so",
        _case(),
        [("Post-operative periapical radiograph, tooth #30", "2026-12-02")],
        {
            "postop-radiograph": "Post-operative film attached, taken December 2, 2026 (its "
            "caption names tooth #30, the case is #19; check which film it is)"
        },
    ),
    (
        "an FDI case's film captioned with the letter's number is its own",
        Case(
            claim=Claim(date_of_service="2026-12-01"),
            procedure=Procedure(code="D3330", tooth="36", notation="fdi"),
        ),
        [("Post-op PA #19", "2026-12-02")],
        {"postop-radiograph": "Post-operative film attached, taken December 2, 2026"},
    ),
    (  # an FDI office captions its films in FDI: "#36" is the case's own tooth (review11)
        "an FDI case's film captioned in FDI is its own",
        Case(
            claim=Claim(date_of_service="2026-12-01"),
            procedure=Procedure(code="D3330", tooth="36", notation="fdi"),
        ),
        [("Post-op PA #36", "2026-12-02")],
        {"postop-radiograph": "Post-operative film attached, taken December 2, 2026"},
    ),
    (
        "a pre-op date in the facts after the treatment says so",
        _case(ClinicalFacts(preop_radiograph_date="2026-12-05")),
        [],
        {
            "preop-radiograph": "Clinical facts give the pre-operative film's date, December 5, "
            "2026 (after the date of service, December 1, 2026; check its date or which film "
            "it is)"
        },
    ),
    ("a ticked item needs no answer", _case(ticked=("postop-radiograph",)), [POST], {}),
    (  # and the row asks which date is right, as Mark as submitted does (chairside walk)
        "the facts date the pre-op film; an attached one dated otherwise does not replace it",
        _case(ClinicalFacts(preop_radiograph_date="2026-11-28")),
        [PRE],
        {
            "preop-radiograph": "Clinical facts give the pre-operative film's date, November 28, "
            "2026 (the attached image is dated November 30, 2026: check which date is right)"
        },
    ),
    (
        "the facts and the attached pre-op film agree on its date",
        _case(ClinicalFacts(preop_radiograph_date="2026-11-30")),
        [PRE, ("Pre-op PA, second angle", "2026-11-28")],
        {
            "preop-radiograph": "Clinical facts give the pre-operative film's date, November 30, 2026"
        },
    ),
    (
        "the dentist recorded both diagnoses under Clinical facts",
        _case(
            ClinicalFacts(pulpal_diagnosis="irreversible-pulpitis", periapical_diagnosis="normal")
        ),
        [],
        {
            "pulp-diagnosis": "Clinical facts record the pulpal diagnosis",
            "periapical-diagnosis": "Clinical facts record the periapical diagnosis",
        },
    ),
]


@pytest.mark.parametrize(
    ("case", "films", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_what_answers_an_item_nobody_ticked(
    d3330: CodeEntry, case: Case, films: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    ids = [item.id for item in d3330.checklist if item.id != TOOTH_FITS_ITEM]  # its own table
    assert record_answers(case, ids, films) == expected


TOOTH_CASES = [
    # (situation, code, tooth as typed, notation, successor, the row's words or None)
    ("a lower first molar with the molar code", "D3330", "19", "universal", None,
     "The case's tooth fits D3330: #19 is a permanent molar"),
    ("an FDI office's 36 is #19", "D3330", "36", "fdi", None,
     "The case's tooth fits D3330: #19 is a permanent molar"),
    ("a premolar with the molar code", "D3330", "20", "universal", None, None),
    ("no tooth on the case", "D3330", "", "universal", None, None),
    ("a tooth the notation cannot read", "D3330", "UR9", "universal", None, None),
    ("a primary molar pulpectomy", "D3240", "K", "universal", None,
     "The case's tooth fits D3240: #K is a primary posterior tooth (primary molar)"),
    ("a primary molar with no successor under the molar code", "D3330", "K", "universal", False,
     "The case's tooth fits D3330: #K is a primary posterior tooth (primary molar) with no permanent successor"),
    ("a primary molar whose successor is not stated", "D3330", "K", "universal", None, None),
    ("a primary molar with a successor under the molar code", "D3330", "K", "universal", True,
     None),
    # walkthrough: a regeneration request on #8 named the item as missing, every time
    ("a code for any permanent tooth: a permanent incisor", "D3355", "8", "universal", None,
     "The case's tooth fits D3355: #8 is a permanent anterior tooth"),
    ("apexification on a permanent molar", "D3351", "30", "universal", None,
     "The case's tooth fits D3351: #30 is a permanent molar"),
    ("a code for any permanent tooth on a primary incisor", "D3355", "E", "universal", None,
     None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "tooth", "notation", "successor", "words"),
    [c[1:] for c in TOOTH_CASES],
    ids=[c[0] for c in TOOTH_CASES],
)
def test_the_record_answers_whether_the_tooth_fits_the_code(
    code: str, tooth: str, notation: str, successor: bool | None, words: str | None
) -> None:
    """Walkthrough: Mark as submitted and the appeal's check named "Tooth number on the claim
    fits the code" as missing on a #19 D3330 case whose chart had said "#19 is a permanent
    molar -> D3330"; the clerk had nothing to look up. A tooth of another type, or one the
    case cannot say (no tooth, an unknown successor), still asks for her tick."""
    case = Case(
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code=code, tooth=tooth, notation=notation),
        findings=CaseFindings(successor={True: "yes", False: "no", None: ""}[successor]),
    )
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get(code)
    assert entry is not None and TOOTH_FITS_ITEM in {i.id for i in entry.checklist}
    answers = record_answers(case, [i.id for i in entry.checklist])
    assert answers.get(TOOTH_FITS_ITEM) == words
    item = next(i for i in entry.checklist if i.id == TOOTH_FITS_ITEM)
    assert (item.text in submission_gaps(case, entry)) is (words is None)
    ticked = replace(case, checklist={TOOTH_FITS_ITEM: True})
    assert TOOTH_FITS_ITEM not in record_answers(ticked, [i.id for i in entry.checklist])


@pytest.mark.parametrize(("case", "films"), [c[1:3] for c in CASES], ids=[c[0] for c in CASES])
def test_the_checklist_and_mark_as_submitted_count_by_one_rule(
    d3330: CodeEntry, case: Case, films: list[tuple[str, str]]
) -> None:
    ids = [item.id for item in d3330.checklist]
    answered = record_answers(case, ids, films)
    open_items = [
        item.text
        for item in d3330.checklist
        if item.required and not case.checklist.get(item.id) and item.id not in answered
    ]
    assert open_items == submission_gaps(case, d3330, films)


def test_only_the_codes_own_items_are_answered() -> None:
    facts = ClinicalFacts(pulpal_diagnosis="necrosis", materials="MTA")
    assert record_answers(_case(facts), ["pulp-diagnosis"], [POST]) == {
        "pulp-diagnosis": "Clinical facts record the pulpal diagnosis"
    }


@pytest.mark.parametrize(
    ("situation", "case", "films", "said"),
    [
        ("the case's own tooth", _case(), [PRE], 0),
        ("a pre-op film of #30 on a #19 case", _case(),
         [("Pre-op periapical, tooth #30", "2026-11-30")], 1),
        ("the facts date the pre-op film: the image is not the one counted",
         _case(ClinicalFacts(preop_radiograph_date="2026-11-29")),
         [("Pre-op periapical, tooth #30", "2026-11-30")], 0),
        ("a caption naming no tooth", _case(), [("Pre-op periapical", "2026-11-30")], 0),
        ("an FDI case's film captioned in FDI (#36 is its #19)",
         Case(claim=Claim(date_of_service="2026-12-01"),
              procedure=Procedure(code="D3330", tooth="36", notation="fdi")),
         [("Pre-op periapical #36", "2026-11-30")], 0),
        ("an FDI case's film captioned with another FDI tooth",
         Case(claim=Claim(date_of_service="2026-12-01"),
              procedure=Procedure(code="D3330", tooth="36", notation="fdi")),
         [("Pre-op periapical #46", "2026-11-30")], 1),
    ],
)  # fmt: skip
def test_mark_as_submitted_names_a_film_of_another_tooth_in_the_row_s_words(
    d3330: CodeEntry, situation: str, case: Case, films: list[tuple[str, str]], said: int
) -> None:
    from cdt_desktop.domain.appeal.answered import films_of_other_teeth

    lines = films_of_other_teeth(case, films)
    assert len(lines) == said, situation
    row = record_answers(case, [i.id for i in d3330.checklist], films).get("preop-radiograph")
    for line in lines:
        assert row is not None and line == row + ".", situation


CAPTIONS = [  # the caption as the assistant typed it, the teeth it names
    ("Post-op PA #19", ["19"]),
    ("Pre-operative periapical radiograph, tooth #30", ["30"]),
    ("PA # 19 and #20", ["19", "20"]),
    ("Primary molar #K", ["K"]),
    ("Film #2 of 3", []),
    ("film #2 of 3, tooth #19", ["19"]),
    ("Bitewing #1", []),
    ("BWX #4", []),
    ("Image #3/4", []),
    ("Exposure #2", []),
    ("PA #2", ["2"]),  # a periapical of tooth #2: the film names its tooth
    ("Post-op PA 2026-12-02", []),
    ("Pre-op, 12/02/2026", []),
    ("Post-op PA #19 (film #2 of 2)", ["19"]),
    ("Pre-op periapical, tooth 30", ["30"]),
    ("Pre-op PA FDI 46", ["FDI 46"]),
    ("Pre-op PA fdi #46", ["FDI 46"]),
    ("Pre-op PA LR6", ["Palmer LR6"]),
    ("Pre-op PA Palmer ul e", ["Palmer ULE"]),
    ("PA 2", []),
    ("BWX 4", []),
    ("ALL 6 films", []),
    ("Pre-op LR 2026-11-30", []),
]


@pytest.mark.parametrize(("caption", "teeth"), CAPTIONS, ids=[c for c, _t in CAPTIONS])
def test_only_a_caption_that_names_a_tooth_counts_as_naming_one(
    caption: str, teeth: list[str]
) -> None:
    """review11: "Film #2 of 3" on a #19 case asked "its caption names tooth #2, the case is
    #19" on the Checklist row and at Mark as submitted."""
    from cdt_desktop.domain.appeal.captions import caption_teeth

    assert caption_teeth(caption) == teeth


def test_a_numbered_pre_op_film_of_the_case_s_tooth_is_not_asked_about() -> None:
    from cdt_desktop.domain.appeal.answered import films_of_other_teeth

    case = Case(claim=Claim(date_of_service="2026-12-01"),
                procedure=Procedure(code="D3330", tooth="19"))  # fmt: skip
    assert films_of_other_teeth(case, [("Pre-op film #2 of 3", "2026-11-30")]) == []
    assert films_of_other_teeth(case, [("Pre-op PA #30", "2026-11-30")])  # another tooth: asked


@pytest.mark.parametrize(
    ("file_name", "kind"),
    [("postop.jpg", "postop"), ("PostOp_19.JPG", "postop"), ("post-operative PA #19.png", "postop"),
     ("post_op.jpeg", "postop"), ("Pre-op 2026-12-01.jpg", "preop"), ("preoperative.png", "preop"),
     ("IMG_0412.jpg", None), ("periapical 19.jpg", None), ("C:\\\\films\\\\postop.jpg", "postop"),
     ("/home/a/pre.op/film.jpg", None)],
)  # fmt: skip
def test_an_image_file_s_name_can_say_which_film_it_is(file_name: str, kind: str | None) -> None:
    """Walk: postop.jpg was proposed as the pre-operative film (the case had none yet)."""
    from cdt_desktop.domain.appeal.films import film_kind_named

    assert film_kind_named(file_name) == kind


_U19 = Procedure(code="D3330", tooth="19")
_FDI36 = Procedure(code="D3330", tooth="36", notation="fdi")  # #19
_PALMER_LL6 = Procedure(code="D3330", tooth="LL6", notation="palmer")  # #19
FILMS = [  # the case's tooth, the pre-op film's caption, the tooth the check says it names
    (_U19, "Pre-op PA #19", ""),
    (_U19, "Pre-op PA #30", "#30"),
    (_U19, "Pre-op periapical, tooth 30", "#30"),  # no tooth sign: "tooth" names it
    (_U19, "Pre-op periapical, tooth 19", ""),
    (_U19, "Pre-op PA FDI 46", "FDI 46"),  # FDI 46 is #30
    (_U19, "Pre-op PA FDI 36", ""),  # FDI 36 is #19
    (_U19, "Pre-op PA LR6", "Palmer LR6"),  # Palmer LR6 is #30
    (_U19, "Pre-op PA Palmer LL6", ""),
    (_U19, "Pre-op PA LL 6", ""),
    (_U19, "Pre-op film #2 of 3", ""),  # counts the films
    (_U19, "Pre-op bitewing #1", ""),
    (_U19, "Pre-op BWX 4", ""),
    (_U19, "Pre-op PA 2", ""),  # a film number, no tooth sign
    (_U19, "Pre-op 2026-11-30", ""),
    (_U19, "Pre-op 11/30/2026, PA 2", ""),
    (_FDI36, "Pre-op PA #36", ""),  # the FDI office's own way
    (_FDI36, "Pre-op PA FDI 36", ""),
    (_FDI36, "Pre-op PA #19", ""),  # the letter's number of the same tooth
    (_FDI36, "Pre-op PA FDI 46", "FDI 46"),
    (_FDI36, "Pre-op film #2 of 3", ""),
    (_PALMER_LL6, "Pre-op PA LL6", ""),
    (_PALMER_LL6, "Pre-op PA #19", ""),
    (_PALMER_LL6, "Pre-op PA LR6", "Palmer LR6"),
    (_PALMER_LL6, "Pre-op BWX 4", ""),
]


@pytest.mark.parametrize(
    ("procedure", "caption", "named"), FILMS, ids=[f"{p.tooth}: {c}" for p, c, _n in FILMS]
)
def test_a_film_is_asked_about_only_when_its_caption_names_another_tooth(
    procedure: Procedure, caption: str, named: str
) -> None:
    """A tooth named in FDI ("FDI 46") or Palmer ("LR6"), or after the word "tooth" with no
    tooth sign, is a tooth as "#30" is; a film count, a date, "PA 2" or "BWX 4" is not."""
    from cdt_desktop.domain.appeal.answered import films_of_other_teeth

    case = Case(claim=Claim(date_of_service="2026-12-01"), procedure=procedure)
    said = films_of_other_teeth(case, [(caption, "2026-11-30")])
    if not named:
        assert said == []
    else:
        assert len(said) == 1 and f"its caption names tooth {named}, the case is #19" in said[0]


@pytest.mark.parametrize(
    ("situation", "successor", "preop_date", "films", "answered_as"),
    [
        ("primary molar, successor present, pre-op film dated in the facts", "yes",
         "2026-11-20", [], "present"),
        ("primary molar, no successor, the pre-op film attached with its date", "no", "",
         [("Pre-operative periapical radiograph, tooth #K", "2026-11-20")], "absent"),
        ("successor not stated on the chart", "", "2026-11-20", [], ""),
        ("successor answered, no pre-op film on record", "yes", "", [], ""),
    ],
)  # fmt: skip
def test_the_chart_s_successor_answer_with_the_pre_op_film_answers_the_successor_item(
    situation: str, successor: str, preop_date: str, films: list[tuple[str, str]],
    answered_as: str,
) -> None:  # fmt: skip
    """Walkthrough: #K with Successor = Yes on the chart still wanted "Presence or absence of
    the permanent successor noted, with the radiograph" ticked by hand; the record answers it
    when the chart's answer and a pre-operative film are both on record (as Mark as submitted
    counts it)."""
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3240")
    assert entry is not None
    case = Case(
        claim=Claim(date_of_service="2026-11-20"),
        procedure=Procedure(code="D3240", tooth="K"),
        findings=CaseFindings(pulp="necrosis", successor=successor),
        facts=ClinicalFacts(preop_radiograph_date=preop_date),
    )
    said = record_answers(case, [item.id for item in entry.checklist], films).get(
        "successor-status", ""
    )
    assert (f"successor as {answered_as}" in said) if answered_as else not said, situation
    item = next(i.text for i in entry.checklist if i.id == "successor-status")
    assert (item not in submission_gaps(case, entry, films)) is bool(answered_as), situation


@pytest.mark.parametrize(
    ("situation", "caption", "taken", "said"),
    [
        ("a post-op film dated weeks before the treatment", "Post-operative (after treatment)",
         "2026-07-20", "dated July 20, 2026, before the date of service, August 17, 2026"),
        ("a pre-op film dated after the treatment", "Pre-op PA #19", "2026-09-01",
         "dated September 1, 2026, after the date of service, August 17, 2026"),
        ("a post-op film dated the day of the treatment", "Post-op PA", "2026-08-17", ""),
        ("a pre-op film dated before it", "Pre-operative periapical", "2026-08-03", ""),
        ("a film of no kind the caption tells", "Bitewing", "2026-01-01", ""),
        ("no date taken", "Post-op PA", "", ""),
        ("a post-op film of another tooth, dated early", "Post-op PA #30", "2026-07-20",
         "names tooth #30"),
    ],
)  # fmt: skip
def test_a_film_just_attached_is_asked_about_when_dated_on_the_wrong_side_of_treatment(
    situation: str, caption: str, taken: str, said: str
) -> None:
    """PostgreSQL hand-over walk: a post-op film dated November 1 for a December 6 root canal
    was attached without a word; the Checklist row, Mark as submitted and the letter's check
    asked later. The Radiographs dialog now says so as the film is attached."""
    from cdt_desktop.domain.appeal.answered import attached_film_questions

    case = replace(_case(), claim=Claim(date_of_service="2026-08-17"))
    text = attached_film_questions(case, caption, taken)
    assert (said in text) if said else text == "", (situation, text)
    if "before the date" in said or "after the date" in said:
        assert "Check its date or which film it is" in text
