"""The three sample appeals in docs/samples answer their denial with the case's facts.

Read as the insurer's reviewer would: the response quotes the facts that meet the denial (dates,
provider, reason, films, diagnosis), names only substitutes a reviewer might pay instead, dates
every enclosed film, and every channel stays within its limit.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.check import export_check
from cdt_desktop.domain.appeal.compose import RESPONSE, compose_appeal
from cdt_desktop.domain.appeal.letter import PLAIN_TEXT_LIMIT, WHY_NOT, plain_text
from cdt_desktop.domain.appeal.profiles import profile_for
from cdt_desktop.domain.appeal.remark import NTE_LIMIT, claim_remark
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

SAMPLES = REPO_ROOT / "docs" / "samples"
TODAY = date(2026, 10, 20)

# sample -> (phrases the response must contain, codes the why-not may name)
EXPECTED = {
    "appeal-d3348-frequency": (
        [
            "frequency limitation for D3348 on #30",
            "completed on January 20, 2025 by Dr. Alan Brooks, Riverside Family Dentistry",
            "1 year and 8 months before this date of service",
            "not a repeat of that treatment",
            "a missed distolingual canal",
            "September 8, 2026 supports the diagnosis of symptomatic apical periodontitis",
        ],
        {"D3330"},
    ),
    "appeal-d3330-radiograph": (
        [
            "taken on August 3, 2026",
            "taken on August 17, 2026, after the canals were filled",
            "obturation of the MB, ML and D canals",
            "not a working-length or cone-fit film",
            "pulp necrosis with symptomatic apical periodontitis",
        ],
        {"D3348", "D3240", "D3221"},
    ),
    "appeal-d3357-investigational": (
        [
            "The denial calls D3357 investigational",
            "its own code in the current CDT code set",
            "immature permanent tooth with a necrotic pulp",
            "immature root development (open apex), with pulp necrosis",
            "MTA coronal barrier",
        ],
        {"D3353", "D3351"},
    ),
}


def _letter(name: str):  # type: ignore[no-untyped-def]
    case = Case.from_json((SAMPLES / f"{name}.json").read_text("utf-8"))
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
        templates = library.denial_templates()
        profile = profile_for(case.payer.profile_id, case.payer.name, library.payer_profiles())
    selection = selection_for_findings(case)
    letter = compose_appeal(
        case, entry=entry, selection=selection, today=TODAY, templates=templates, profile=profile
    )
    check = export_check(
        case, entry=entry, selection=selection, today=TODAY, profile=profile, templates=templates
    )
    return case, entry, letter, check


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_appeal_answers_its_denial_with_the_case_facts(name: str) -> None:
    case, entry, letter, check = _letter(name)
    phrases, substitutes = EXPECTED[name]
    response = letter.section(RESPONSE)
    assert response is not None, name
    text = " ".join(response.paragraphs)
    for phrase in phrases:
        assert phrase in text, (name, phrase)
    why_not = letter.section(WHY_NOT)
    named = {line.split(":")[0] for line in (why_not.paragraphs if why_not else ())}
    assert named <= substitutes, (name, named)
    assert not any(e.rstrip().endswith("dated") for e in letter.enclosures), letter.enclosures
    assert "billed separately" not in " ".join(p for s in letter.sections for p in s.paragraphs)
    assert [c.text for c in check if c.blocking] == [], name
    assert len(plain_text(letter)) <= PLAIN_TEXT_LIMIT
    assert len(claim_remark(case, entry=entry)) <= NTE_LIMIT


def test_payer_profile_shapes_the_letter() -> None:
    _, _, delta, delta_check = _letter("appeal-d3348-frequency")
    assert "made at the time of treatment" in delta.opening
    assert delta.meta["sign_by_hand"] == "yes"
    assert any(not c.blocking and "signed by the treating dentist" in c.text for c in delta_check)
    _, _, metlife, _ = _letter("appeal-d3330-radiograph")
    assert metlife.meta["code_summary"] not in " ".join(
        p for s in metlife.sections for p in s.paragraphs
    )  # MetLife wants a brief letter
    _, _, _, concordia_check = _letter("appeal-d3357-investigational")
    assert any("mail the appeal on its own" in c.text for c in concordia_check)


def test_sample_files_are_documented_case_files() -> None:
    for name in EXPECTED:
        data = json.loads((SAMPLES / f"{name}.json").read_text("utf-8"))
        assert Case.from_dict(data).status == "denied"
        assert (SAMPLES / f"{name}-1.png").is_file()


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ({"preop-radiograph"}, "insufficient. The diagnostic pre-operative periapical radiograph"),
        ({"postop-radiograph"}, "insufficient. The post-operative periapical radiograph, taken"),
    ],
    ids=["only the pre-op film ticked", "only the post-op film ticked"],
)
def test_films_without_dates_still_start_their_sentence_with_a_capital(
    ticked: set[str], expected: str
) -> None:
    """A radiograph denial answered from the ticks alone (no film dates recorded): the film's
    name opens the second sentence, so it is capitalised as the reviewer expects (tour3: 'or
    insufficient. the diagnostic pre-operative ...')."""
    from dataclasses import replace

    case = Case.from_json((SAMPLES / "appeal-d3330-radiograph.json").read_text("utf-8"))
    facts = replace(case.facts, preop_radiograph_date="", postop_radiograph_date="")
    checklist = {k: (k in ticked) if "radiograph" in k else v for k, v in case.checklist.items()}
    case = replace(case, facts=facts, checklist=checklist)
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
        templates = library.denial_templates()
    letter = compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=TODAY, templates=templates
    )
    response = letter.section(RESPONSE)
    assert response is not None
    assert expected in " ".join(response.paragraphs)


RADIOGRAPH_ANSWERS = {
    "both films go out": (
        frozenset({"preop", "postop"}),
        "insufficient. Both are enclosed: the diagnostic pre-operative periapical radiograph "
        "taken on August 3, 2026 and the post-operative periapical radiograph taken on August "
        "17, 2026, after the canals were filled.",
    ),
    "only the post-op film goes out": (
        frozenset({"postop"}),
        "insufficient. The post-operative periapical radiograph, taken on August 17, 2026 after "
        "the canals were filled, is enclosed; the diagnostic pre-operative periapical "
        "radiograph, taken on August 3, 2026, is kept in the patient's record.",
    ),
    "only the pre-op film goes out": (
        frozenset({"preop"}),
        "insufficient. The diagnostic pre-operative periapical radiograph, taken on August 3, "
        "2026, is enclosed; the post-operative periapical radiograph, taken on August 17, 2026 "
        "after the canals were filled, is kept in the patient's record.",  # (review: the film
    ),  # that the next sentence describes was neither enclosed nor said to be kept)
    "no film goes out": (
        frozenset(),
        "insufficient. Both are kept in the patient's record: the diagnostic pre-operative "
        "periapical radiograph taken on August 3, 2026 and the post-operative periapical "
        "radiograph taken on August 17, 2026, after the canals were filled.",
    ),
}


@pytest.mark.parametrize(
    ("enclosed", "expected"), RADIOGRAPH_ANSWERS.values(), ids=RADIOGRAPH_ANSWERS.keys()
)
def test_a_radiograph_denial_says_enclosed_only_the_films_that_go_out(
    enclosed: frozenset[str], expected: str
) -> None:
    """Both films ticked and dated, but the letter goes out with what is enclosed: the answer
    said "Both are enclosed" from the ticks while only the post-op film was attached."""
    case, entry, _, _ = _letter("appeal-d3330-radiograph")
    with ReferenceLibrary() as library:
        templates = library.denial_templates()
    letter = compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=TODAY, templates=templates,
        enclosed=enclosed,
    )  # fmt: skip
    response = letter.section(RESPONSE)
    assert response is not None
    text = " ".join(response.paragraphs)
    if expected:
        assert expected in text
    assert ("Both are enclosed" in text) == (enclosed == {"preop", "postop"})
    assert ("With these films" in text) == (len(enclosed) == 2)
    # the sample's EOB asks for the post-op film: "With this film the claim can be reviewed"
    # only when that film goes (it followed the pre-op alone: billing walkthrough)
    assert ("With this film" in text) == (enclosed == {"postop"})
    assert " is enclosed" not in text or len(enclosed) == 1
    assert "enclosed" not in text or enclosed


def test_with_no_image_attached_the_ticked_films_are_said_to_be_taken_not_enclosed() -> None:
    """The letter said the ticked radiographs "are enclosed" with no image file attached to the
    case (the command line's letter never has one): its PDF carries no film, so it now says
    where the films are. The necessity answer said the dated pre-op film "is enclosed" too."""
    case, entry, _, _ = _letter("appeal-d3330-radiograph")
    with ReferenceLibrary() as library:
        templates = library.denial_templates()

    def answer(case: Case) -> str:
        letter = compose_appeal(
            case, entry=entry, selection=selection_for_findings(case), today=TODAY,
            templates=templates,
        )  # fmt: skip
        response = letter.section(RESPONSE)
        assert response is not None
        return " ".join(response.paragraphs)

    text = answer(case)
    assert "enclosed" not in text and "With these films" not in text, text
    assert "Both are kept in the patient's record: the diagnostic pre-operative" in text
    undated = replace(case, facts=replace(case.facts, preop_radiograph_date=""))
    assert (
        "The post-operative periapical radiograph, taken on August 17, 2026 after the "
        "canals were filled, is kept in the patient's record." in answer(undated)
    )
    necessity = replace(case, claim=replace(case.claim, denial_category="necessity"))
    text = answer(necessity)
    assert (
        "The pre-operative periapical radiograph of August 3, 2026 is kept in the "
        "patient's record." in text
    ), text
    assert "enclosed" not in text


_TICKED = frozenset({
    "Pre-operative periapical radiograph, dated August 3, 2026",
    "Post-operative periapical radiograph, dated August 17, 2026",
})  # fmt: skip
FILM_LINES = {
    "two typed film lines and an image": (
        ("Pre-operative periapical radiograph, dated August 3, 2026",
         "Post-operative periapical radiograph, dated August 17, 2026", "Consent form"),
        ("Post-op PA #19",), {"preop", "postop"},
    ),
    # the pre-op line came from a tick: taken, but no page goes for it ("Both are enclosed")
    "both films ticked, the post-op image attached": (
        ("Pre-operative periapical radiograph, dated August 3, 2026",
         "Post-operative periapical radiograph, dated August 17, 2026", "Consent form"),
        ("Post-op PA #19",), {"postop"}, _TICKED,
    ),
    "a typed pre-op line ('mailed on CD') beside a ticked post-op and its image": (
        ("Pre-op radiograph, mailed on CD", "Post-operative periapical radiograph, dated "
         "August 17, 2026"), ("Post-op PA #19",), {"preop", "postop"}, _TICKED,
    ),
    # the lines come from the ticks: the films were taken, and the letter carries none of them
    "two listed films, no image attached": (
        ("Pre-operative periapical radiograph, dated August 3, 2026",
         "Post-operative periapical radiograph, dated August 17, 2026", "Consent form"),
        (), set(), _TICKED,
    ),
    # a line the office typed itself: the film goes (by post, on a CD), image or not; the
    # letter listed it as enclosed and said it was kept in the record (hostile-user walk)
    "a typed pre-op line, no image attached": (
        ("Pre-op radiograph", "Post-operative periapical radiograph, dated August 17, 2026"),
        (), {"preop"}, _TICKED,
    ),
    "an attached image named only 'Post-op'": ((), ("Post-op",), {"postop"}),
    "a listed consent and an attached pre-op": (("Consent form",), ("Pre-op PA #19",), {"preop"}),
    "nothing about films": (("Consent form", "Narrative"), ("Bitewing",), set()),
}  # fmt: skip


@pytest.mark.parametrize("row", FILM_LINES.values(), ids=FILM_LINES.keys())
def test_the_films_a_letter_encloses(row: tuple[Any, ...]) -> None:
    from cdt_desktop.domain.appeal.films import enclosed_films

    listed, captions, kinds, *ticked = row
    assert enclosed_films(listed, captions, *ticked) == kinds


@pytest.mark.parametrize("name", ["appeal-d3330-radiograph", "appeal-d3348-frequency",
                                  "appeal-d3357-investigational"])  # fmt: skip
@pytest.mark.parametrize("category", [None, "necessity", "radiograph", "frequency"])
def test_a_letter_states_each_fact_once(name: str, category: str | None) -> None:
    """Billing walkthrough, read as the reviewer: the pulp tests (a necessity answer), the
    materials (D3357) and the earlier root canal (D3348) were stated in the answer to the
    denial and again, nearly word for word, in the clinical history."""
    import difflib
    import re

    case, entry, _, _ = _letter(name)
    if category is not None:
        case = replace(case, claim=replace(case.claim, denial_category=category))
    with ReferenceLibrary() as library:
        templates = library.denial_templates()
    letter = compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=TODAY, templates=templates
    )
    response = letter.section(RESPONSE)
    history = letter.section("Clinical history and findings")
    assert history is not None
    said = [s for p in (response.paragraphs if response else ()) for s in re.split(r"(?<=\.)\s", p)]
    for paragraph in history.paragraphs:
        for sentence in re.split(r"(?<=\.)\s", paragraph):
            if len(sentence) < 40:
                continue
            close = [s for s in said if difflib.SequenceMatcher(None, s, sentence).ratio() > 0.8]
            assert not close, (sentence, close)


def test_the_findings_call_rct_on_a_filled_tooth_retreatment() -> None:
    """The D3348 sample read "treatment: root canal therapy" in its findings beside "the
    stated goal is retreatment"."""
    case, entry, _, _ = _letter("appeal-d3348-frequency")
    letter = compose_appeal(case, entry=entry, selection=None, today=TODAY)
    history = letter.section("Clinical history and findings")
    assert history is not None and "treatment: retreatment" in history.paragraphs[0]


def test_a_regeneration_appeal_names_healing_as_its_main_aim_not_a_stronger_root() -> None:
    """Coding review: the D3357 sample said regeneration "keeps the tooth of a young patient
    stronger", where the primary goal is the healing of the symptoms and of the apical
    periodontitis and root maturation a secondary one (AAE, as tabulated in PMC7595546)."""
    _, _, letter, _ = _letter("appeal-d3357-investigational")
    response = letter.section(RESPONSE)
    assert response is not None
    text = " ".join(response.paragraphs)
    assert "stronger" not in text
    assert "main aim of regeneration is healing" in text
    assert "continued root development is a further aim" in text


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("appeal-d3348-frequency", "signed by the treating dentist"),
        ("appeal-d3348-frequency", "records made at the time of treatment"),
        ("appeal-d3357-investigational", "mail the appeal on its own"),
    ],
)
def test_a_shipped_payer_rule_no_source_confirms_is_shown_as_unconfirmed(
    name: str, rule: str
) -> None:
    """Coding review: the shipped profiles' rules (Northeast Delta Dental's signed letter and
    records, United Concordia's separate mailing) are not in a source; the check said them as
    the payer's rules."""
    _, _, _, check = _letter(name)
    said = [c.text for c in check if rule in c.text]
    assert said, rule
    assert all("not confirmed" in text for text in said), said


def test_the_shipped_payer_profiles_mark_their_unsourced_rules_to_verify() -> None:
    """Coding review: each shipped profile's stated habit (a narrative alone cannot be
    considered, a brief letter, a 90-day window and separate mailing) is in its `verify` list."""
    with ReferenceLibrary() as library:
        profiles = {p.id: p for p in library.payer_profiles()}
    wanted = {
        "northeast-delta-dental": ("narrative alone",),
        "metlife": ("brief letter",),
        "united-concordia": ("90-day", "mailed on its own"),
    }
    for payer, words in wanted.items():
        profile = profiles[payer]
        assert profile.unconfirmed, payer
        notes = " ".join(profile.verify)
        assert all(w in notes for w in words), (payer, profile.verify)
        assert profile.instructions.startswith("Unconfirmed"), payer


def test_a_closed_window_from_an_unconfirmed_profile_says_the_window_is_assumed() -> None:
    """United Concordia's 90 days closed the window, stated as fact, though no source gives
    the 90 days; an office's own profile is its word and says nothing more."""
    case, entry, _, _ = _letter("appeal-d3357-investigational")  # denied August 5, 2026
    later = date(2026, 11, 20)  # past 90 days, within 180
    with ReferenceLibrary() as library:
        shipped = profile_for("united-concordia", "", library.payer_profiles())
    assert shipped is not None
    for profile, assumed in ((shipped, True), (shipped._replace(office=True, verify=()), False)):
        check = export_check(
            case, entry=entry, selection=selection_for_findings(case), today=later,
            profile=profile,
        )  # fmt: skip
        closed = [c.text for c in check if c.blocking and "window closed" in c.text]
        assert len(closed) == 1, closed
        assert ("90-day window is from the profile shipped with the app" in closed[0]) is assumed


def test_a_retreatment_denied_as_not_necessary_argues_why_the_first_treatment_failed() -> None:
    """Chairside walkthrough: D3348 denied as not medically necessary answered "Treatment was
    necessary: the tooth was diagnosed with a previously treated root canal system" (no reason
    to treat at all); the recorded reason for retreatment printed only under the history."""
    from dataclasses import replace

    case = Case.from_json((SAMPLES / "appeal-d3348-frequency.json").read_text("utf-8"))
    claim = replace(case.claim, denial_reason="Not medically necessary.",
                    denial_category="necessity")  # fmt: skip
    case = replace(case, claim=claim)
    with ReferenceLibrary() as library:
        entry = library.get("D3348")
        templates = library.denial_templates()
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case),
                            today=TODAY, templates=templates)  # fmt: skip
    response = letter.section(RESPONSE)
    assert response is not None
    text = " ".join(response.paragraphs)
    assert text.startswith(
        "Retreatment was necessary because of a missed distolingual canal and a periapical "
        "lesion that had not healed."
    ), text
