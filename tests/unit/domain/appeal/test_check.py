"""The pre-export check names each missing or contradictory thing (billing situations)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check, prior_auth_check
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Payer, Provider
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.cases.status import StatusEvent
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


def _base() -> Case:
    return Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))


def _problems(case: Case, **kwargs: object) -> list[str]:
    items = export_check(
        case,
        entry=None,
        selection=selection_for_findings(case),
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )
    return [i.text for i in items if i.blocking]


@pytest.mark.parametrize(
    ("situation", "change", "expected"),
    [
        ("a complete case", {}, []),
        (
            "no claim number, payer or address",
            {"claim": Claim(date_of_service="2026-08-17", denial_reason="x"), "payer": Payer()},
            [
                "No claim number: the payer cannot match the appeal to the claim.",
                "No payer: the letter has no addressee.",
                "No payer appeals address (it is on the EOB).",
            ],
        ),
        (
            "no provider at all",
            {"provider": Provider()},
            ["No treating provider: the letter would have a blank signature.", "No provider NPI."],
        ),
        (
            "the placeholder NPI from a store row",
            {"provider": Provider(name="Dana Whitfield", npi="1234567890")},
            ["The provider NPI fails the NPI check digit (a typo?)."],
        ),
        (
            "a D3220 argued while the findings say necrosis",
            {"procedure": None},
            ["The recorded findings point to D3330, not D3220"],
        ),
        (
            "radiographs enclosed but no dates recorded",
            {"facts": ClinicalFacts(pulpal_diagnosis="pulp-necrosis")},
            [
                "Enclosure without a date: Pre-operative periapical radiograph.",
                "Enclosure without a date: Post-operative periapical radiograph.",
            ],
        ),
    ],
)
def test_export_check_names_each_problem(
    situation: str, change: dict[str, object], expected: list[str]
) -> None:
    case = _base()
    if change.get("procedure", 1) is None:
        case = replace(case, procedure=replace(case.procedure, code="D3220"))
        change = {}
    if "facts" in change:
        case = replace(
            case,
            enclosures=(
                "Pre-operative periapical radiograph",
                "Post-operative periapical radiograph",
            ),
        )
    case = replace(case, **change)  # type: ignore[arg-type]
    problems = _problems(case)
    if not expected:
        assert problems == [], situation
    for text in expected:
        assert any(p.startswith(text) for p in problems), (situation, text, problems)


@pytest.mark.parametrize(
    ("situation", "attached", "still_undated"),
    [
        ("no film attached", [], ["pre", "post"]),
        ("a dated pre-op film attached", [("Pre-op PA #19", "2026-08-03")], ["post"]),
        (
            "both films attached with dates",
            [("Pre-operative periapical", "2026-08-03"), ("post-op PA", "2026-08-17")],
            [],
        ),
        ("a pre-op film attached without its date", [("Pre-op PA #19", "")], ["pre", "post"]),
        ("a dated film whose caption says neither", [("PA #19", "2026-08-03")], ["pre", "post"]),
    ],
)
def test_an_attached_dated_film_dates_the_film_the_list_names(
    situation: str, attached: list[tuple[str, str]], still_undated: list[str]
) -> None:
    """The billing clerk attached the dated pre-op film: the check no longer says the pre-op
    radiograph has no date (its own page in the PDF shows the date)."""
    case = replace(
        _base(),
        facts=ClinicalFacts(pulpal_diagnosis="pulp-necrosis"),
        enclosures=("Pre-operative periapical radiograph", "Post-operative periapical radiograph"),
    )
    undated = [
        p.removeprefix("Enclosure without a date: ")
        for p in _problems(case, attached=attached)
        if p.startswith("Enclosure without a date")
    ]
    kinds = {"pre" if u.lower().startswith("pre") else "post" for u in undated}
    assert kinds == set(still_undated), (situation, undated)


def test_missing_denial_category_is_named_when_templates_exist() -> None:
    from cdt_desktop.domain.appeal.profiles import DenialTemplate, TemplateSentence

    case = replace(_base(), claim=replace(_base().claim, denial_reason="Other", denial_category=""))
    templates = {
        "radiograph": DenialTemplate("radiograph", "R", (TemplateSentence(("x",)),), ("x-ray",))
    }
    assert any("matches no denial category" in p for p in _problems(case, templates=templates))


def test_appeal_window_closed_is_named_with_the_payer_window() -> None:
    case = _base()  # denied September 2, 2026
    ninety = PayerProfile("uc", "United Concordia", window_days=30)
    assert "The appeal window closed on October 2, 2026." in _problems(case, profile=ninety)
    assert not any("window" in p for p in _problems(case))  # 180 days: still open


@pytest.mark.parametrize(
    ("paid_on", "window_days", "closed"),
    [
        ("2026-09-01", 30, "October 1, 2026"),  # paid short in September: 30 days gone
        ("2026-10-01", 30, ""),  # the window is still open
        ("2026-04-01", 180, "September 28, 2026"),  # the usual 180 days from the payment
    ],
)
def test_a_paid_claim_appealed_for_the_balance_is_held_to_its_window_from_the_payment(
    paid_on: str, window_days: int, closed: str
) -> None:
    """Only a denial's window was checked: the letter for a claim paid short went out months
    after the payer's window had closed without a word (billing helper's report)."""
    history = (
        StatusEvent("submitted", "2026-03-02"),
        StatusEvent("paid", paid_on, amount="400.00"),
    )
    case = replace(_base(), status_history=history)
    profile = PayerProfile("p", "Payer", window_days=window_days)
    named = [p for p in _problems(case, profile=profile) if "window" in p]
    if closed:
        assert named == [f"The appeal window closed on {closed} (counted from the payment)."]
    else:
        assert named == []


def test_letter_without_claim_number_does_not_point_to_nothing() -> None:
    case = replace(_base(), claim=replace(_base().claim, number=""), status_history=())
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert "(see above)" not in letter.request and "this claim be reprocessed" in letter.request


def test_findings_pointing_elsewhere_are_named() -> None:
    case = replace(
        _base(),
        procedure=replace(_base().procedure, code="D3320"),
        findings=CaseFindings(root="complete", pulp="necrosis", goal="rct"),
        status_history=(StatusEvent("submitted", "2026-08-18"),),
    )
    problems = _problems(case)
    assert any("point to D3330, not D3320" in p for p in problems), problems


@pytest.mark.parametrize(
    "code",
    ["D3332", "D3910", "D3950"],  # incomplete endodontics, isolation, canal prep for a post
)
def test_a_code_the_selector_does_not_judge_is_not_told_the_findings_point_elsewhere(
    code: str,
) -> None:
    """The letter check of a D3332 case said "the findings point to D3330, not D3332": the
    chart's recommendation is about another procedure (surgical-code review)."""
    case = replace(
        _base(),
        procedure=replace(_base().procedure, code=code),
        findings=CaseFindings(root="complete", pulp="necrosis", goal="rct"),
        status_history=(StatusEvent("submitted", "2026-08-18"),),
    )
    assert not any("point to D3330" in p for p in _problems(case)), _problems(case)


def test_a_denial_dated_after_today_is_named() -> None:
    """A typo on the denial's date put "Denial date: December 7" on a letter dated December 2."""
    history = (StatusEvent("submitted", "2026-10-01"), StatusEvent("denied", "2026-10-27"))
    case = replace(_base(), status_history=history)
    assert "The denial date (October 27, 2026) is after today's date." in _problems(case)
    later = replace(case, claim=replace(case.claim, date_of_service="2026-11-02"))
    assert "The date of service (November 2, 2026) is after today's date." in _problems(later)
    assert not any("after today" in p for p in _problems(_base()))


def test_before_a_claim_is_sent_the_gaps_are_the_unrecorded_required_items() -> None:
    """A recorded fact answers its item (a pulpal diagnosis is the "pulp diagnosis" item)."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.check import submission_gaps

    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3330")
    assert entry is not None
    required = {item.text for item in entry.checklist if item.required}
    bare = replace(_base(), checklist={}, facts=ClinicalFacts())
    fits = next(i.text for i in entry.checklist if i.id == "tooth-number-matches-code")
    assert set(submission_gaps(bare, entry)) == required - {fits}  # #19 is a molar: answered
    diagnosed = replace(bare, facts=ClinicalFacts(pulpal_diagnosis="pulp-necrosis"))
    pulp = next(i.text for i in entry.checklist if i.id == "pulp-diagnosis")
    assert pulp in required and pulp not in submission_gaps(diagnosed, entry)
    everything = replace(bare, checklist={item.id: True for item in entry.checklist})
    assert submission_gaps(everything, entry) == []


@pytest.mark.parametrize(
    ("situation", "pulp", "diagnosis", "says_chart"),
    [
        (
            "the chart says irreversible pulpitis, no diagnosis recorded",
            "irreversible-pulpitis",
            "",
            True,
        ),
        ("nothing on the chart or in the facts", None, "", False),
        (
            "the AAE diagnosis recorded",
            "irreversible-pulpitis",
            "symptomatic-irreversible-pulpitis",
            None,
        ),
    ],
)
def test_an_unrecorded_pulpal_diagnosis_says_what_the_letter_states_instead(
    situation: str, pulp: str | None, diagnosis: str, says_chart: bool | None
) -> None:
    """Tour: the request stated "pulpal diagnosis: irreversible pulpitis" (the chart) while
    the check said the diagnosis was not recorded, with no word on why."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.check import prior_auth_check

    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3330")
    case = _base()
    case = replace(
        case,
        checklist={},
        findings=replace(case.findings, pulp=pulp),
        facts=ClinicalFacts(pulpal_diagnosis=diagnosis),
    )
    texts = [i.text for i in prior_auth_check(case, entry=entry, selection=None)]
    line = next((t for t in texts if "Pulpal diagnosis recorded" in t), None)
    if says_chart is None:
        assert line is None, situation
        return
    assert line is not None, situation
    assert ("The letter states the chart's pulp status (irreversible pulpitis)" in line) == (
        says_chart
    ), situation


@pytest.mark.parametrize(
    ("situation", "pre", "post", "words"),
    [
        ("one film, the pre-op", "2026-12-01", "", "With this film the claim"),
        ("one film, the post-op", "", "2026-12-03", "With this film the claim"),
        ("both films", "2026-12-01", "2026-12-03", "With these films the claim"),
    ],
)
def test_the_radiograph_answer_counts_the_films_it_encloses(
    situation: str, pre: str, post: str, words: str
) -> None:
    """Tour7, read as the reviewer: "The diagnostic pre-operative periapical radiograph ... is
    enclosed. With these films the claim can be reviewed" with one film in the envelope."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.argument import denial_argument

    base = _base()
    case = replace(
        base, facts=ClinicalFacts(preop_radiograph_date=pre, postop_radiograph_date=post),
        checklist={}, claim=replace(base.claim, denial_reason="Radiograph not received."),
    )  # fmt: skip
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        template = library.denial_templates()["radiograph"]
    text = " ".join(denial_argument(case, None, template))
    assert words in text, (situation, text)


@pytest.mark.parametrize(
    ("situation", "preop", "postop", "attached", "named"),
    [
        ("films the day before and the day of the treatment", "2026-08-03", "2026-08-17", (), []),
        ("both films the day of the treatment", "2026-08-17", "2026-08-17", (), []),
        ("a pre-op film dated after the treatment", "2026-08-20", "2026-08-17", (), ["pre"]),
        ("a post-op film dated before the treatment", "2026-08-03", "2026-08-10", (), ["post"]),
        ("an attached pre-op image dated after the treatment", "", "2026-08-17",
         (("Pre-op PA #19", "2026-08-24"),), ["pre"]),
        ("an attached pre-op image dated before it", "", "", (("Pre-op PA", "2026-08-01"),), []),
    ],
)  # fmt: skip
def test_a_film_dated_on_the_wrong_side_of_the_treatment_is_named(
    situation: str, preop: str, postop: str, attached: tuple[tuple[str, str], ...], named: list[str]
) -> None:
    """review7: a "pre-op" image dated after the date of service counted as the pre-op film, and
    the letter enclosed it as such; the reviewer would not accept it."""
    base = _base()
    case = replace(
        base, facts=replace(base.facts, preop_radiograph_date=preop, postop_radiograph_date=postop)
    )
    found = [p for p in _problems(case, attached=attached) if "the date of service" in p]
    assert [p.split(" ")[1][: -len("-operative")] for p in found] == named, situation
    if named == ["pre"]:
        assert "after the date of service (August 17, 2026)" in found[0]


@pytest.mark.parametrize(
    ("situation", "category", "attached", "asked"),
    [
        ("a missing-film denial answered with no film", "radiograph", [], True),
        ("a missing-film denial with the post-op film attached", "radiograph",
         [("Post-op PA #19", "2026-08-17")], False),
        # the sample's EOB asks for the post-op film: the pre-op alone does not answer it
        # (the reminder went once any film was attached: billing walkthrough)
        ("a post-op film asked for, the pre-op attached", "radiograph",
         [("Pre-op PA #19", "2026-08-03")], True),
        ("a frequency denial with no film", "frequency", [], False),
    ],
)  # fmt: skip
def test_a_missing_radiograph_denial_without_the_film_is_the_first_problem(
    situation: str, category: str, attached: list[tuple[str, str]], asked: bool
) -> None:
    """Walk 13: the payer denied for a radiograph not received and the letter went without any
    image; it says the films are kept in the record, which answers the denial with nothing the
    reviewer can look at. Office walkthrough: as a reminder it came under two unrelated
    problems, and with none it was not asked about at all. The first problem now (Export
    anyway stays, for an office that sends the films by the payer's portal)."""
    case = replace(_base(), claim=replace(_base().claim, denial_category=category))
    items = export_check(
        case, entry=None, selection=selection_for_findings(case), today=TODAY, attached=attached
    )
    about_films = [
        i for i in items if "attach" in i.text.lower() and "radiograph" in i.text.lower()
    ]
    assert bool(about_films) is asked, (situation, about_films)
    if asked:
        assert about_films[0] is items[0] and items[0].blocking
        assert "Radiographs…" in items[0].text


def test_on_the_command_line_the_film_a_denial_asks_for_is_a_note() -> None:
    """A case file carries no image (``attached`` None): its films go by an attachment
    service, so ``narrative --check`` notes the film instead of failing the sample letter."""
    case = replace(_base(), claim=replace(_base().claim, denial_category="radiograph"))
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    [note] = [i for i in items if "Radiographs…" in i.text]
    assert not note.blocking


@pytest.mark.parametrize(
    ("situation", "attached"),
    [("a case file on the command line", None), ("the window, no image attached", [])],
)
def test_a_radiograph_denial_with_no_film_recorded_is_a_problem_wherever_films_go(
    situation: str, attached: list[tuple[str, str]] | None
) -> None:
    """New-user walk: no film dated or ticked, a missing-radiograph denial. The letter only
    quoted the denial, while the check's note said the letter "says the films are kept in the
    patient's record", and the command line's check passed it as a note."""
    base = _base()
    case = replace(
        base,
        claim=replace(base.claim, denial_category="radiograph"),
        facts=replace(base.facts, preop_radiograph_date="", postop_radiograph_date=""),
        checklist={k: v for k, v in base.checklist.items() if "radiograph" not in k},
        enclosures=(),
    )
    items = export_check(
        case, entry=None, selection=selection_for_findings(case), today=TODAY, attached=attached
    )
    assert items[0].blocking and "records no film" in items[0].text, situation
    assert not any("kept in the patient's record" in i.text for i in items), situation
    letter = plain_text(compose_appeal(case, entry=None, selection=None, today=TODAY))
    assert "kept in the patient's record" not in letter  # what the check no longer claims


@pytest.mark.parametrize(
    ("situation", "reason", "attached", "named"),
    [
        ("post-op asked, pre-op attached", "Post-operative radiograph not received.",
         [("Pre-op PA #19", "2026-08-03")], "post-operative radiograph"),
        ("pre-op asked, post-op attached", "No pre-op x-ray on file.",
         [("Post-op PA #19", "2026-08-17")], "pre-operative radiograph"),
        ("post-op asked and attached", "Post-operative radiograph not received.",
         [("Post-op PA #19", "2026-08-17")], ""),
        ("no particular film asked, one attached", "Radiograph not received.",
         [("Pre-op PA #19", "2026-08-03")], ""),
    ],
)  # fmt: skip
def test_the_film_the_denial_asks_for_is_named_when_it_does_not_go(
    situation: str, reason: str, attached: list[tuple[str, str]], named: str
) -> None:
    """Billing walkthrough: "Post-operative radiograph not received", the pre-op image alone
    attached: the banner's reminder went away and the letter said "With this film the claim
    can be reviewed as submitted"."""
    case = replace(
        _base(), claim=replace(_base().claim, denial_category="radiograph", denial_reason=reason)
    )
    items = export_check(
        case, entry=None, selection=selection_for_findings(case), today=TODAY, attached=attached
    )
    asks = [i.text for i in items if i.text.startswith("The denial asks for the")]
    assert bool(asks) == bool(named), (situation, asks)
    if named:
        assert asks[0].startswith(f"The denial asks for the {named} and it does not go")


@pytest.mark.parametrize(
    ("situation", "chart_pulp", "diagnosis", "named"),
    [
        ("necrosis on the chart, necrosis in the facts", "necrosis", "pulp-necrosis", False),
        (
            "irreversible pulpitis on the chart, the symptomatic kind in the facts",
            "irreversible-pulpitis",
            "symptomatic-irreversible-pulpitis",
            False,
        ),
        ("no diagnosis in the facts: the letter states the chart's", "necrosis", "", False),
        (
            "necrosis on the chart, symptomatic irreversible pulpitis in the facts",
            "necrosis",
            "symptomatic-irreversible-pulpitis",
            True,
        ),
        ("normal pulp on the chart, necrosis in the facts", "normal", "pulp-necrosis", True),
        (
            "a prior root canal on the chart, initiated therapy in the facts",
            "previously-treated",
            "previously-initiated-therapy",
            True,
        ),
    ],
)
def test_two_pulp_diagnoses_are_named_before_the_letter_states_both(
    situation: str, chart_pulp: str, diagnosis: str, named: bool
) -> None:
    """The billing walkthrough: the chart said necrosis, the clinical facts symptomatic
    irreversible pulpitis; the letter stated both and the pre-check named neither."""
    base = _base()
    case = replace(
        base,
        findings=replace(base.findings, pulp=chart_pulp),
        facts=replace(base.facts, pulpal_diagnosis=diagnosis),
    )
    two = [p for p in _problems(case) if p.startswith("Two pulp diagnoses")]
    assert bool(two) is named, _problems(case)
    if named:
        assert "Edit case" in two[0] and diagnosis.replace("-", " ") in two[0].replace("-", " ")


@pytest.mark.parametrize(
    ("situation", "reason", "category", "also"),
    [
        ("one ground: the film", "Pre-operative radiograph not received.", "radiograph", []),
        (
            "two grounds: necessity and the film (billing walkthrough)",
            "Documentation does not support the necessity of treatment. Pre-operative radiograph"
            " not received.",
            "radiograph",
            ["'Not medically necessary'"],
        ),
        (
            "two grounds, the category chosen by hand",
            "Not medically necessary; radiograph not received",
            "necessity",
            ["'Missing or insufficient radiograph'"],
        ),
    ],
)
def test_a_denial_on_a_second_ground_is_named_with_where_to_answer_it(
    situation: str, reason: str, category: str, also: list[str]
) -> None:
    """The letter answers one denial category; an EOB naming two got an answer to one, and
    no word that the other went unanswered."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    base = _base()
    case = replace(base, claim=replace(base.claim, denial_reason=reason, denial_category=category))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        templates = library.denial_templates()
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY,
                         templates=templates)  # fmt: skip
    named = [i for i in items if i.text.startswith("The denial reason also reads as")]
    assert [i.blocking for i in named] == [False] * len(named)  # a reminder, never a refusal
    if not also:
        assert named == []
        return
    assert len(named) == 1 and all(name in named[0].text for name in also)
    assert f"answers '{templates[category].name}' only" in named[0].text
    assert "Additional notes" in named[0].text


@pytest.mark.parametrize(
    ("situation", "attached", "named"),
    [
        ("the pre-op image typed a day early", [("Pre-operative PA #19", "2026-08-02")], ["pre"]),
        ("the pre-op image dated as recorded", [("Pre-operative PA #19", "2026-08-03")], []),
        ("two pre-op images, one dated as recorded",
         [("Pre-op PA #19", "2026-07-20"), ("Pre-op BW", "2026-08-03")], []),
        ("the post-op image dated the day after", [("Post-op PA #19", "2026-08-18")], ["post"]),
        ("an undated pre-op image", [("Pre-op PA #19", "")], []),
        ("an image that is neither film", [("Bitewing", "2026-06-01")], []),
        ("the date in US order, the same day", [("Pre-op PA #19", "08/03/2026")], []),
    ],
)  # fmt: skip
def test_a_film_dated_one_way_in_the_facts_and_another_on_its_image_is_named(
    situation: str, attached: list[tuple[str, str]], named: list[str]
) -> None:
    """Two-PC walkthrough: the chair recorded the pre-op film on December 4, the desk attached
    it as taken December 3; the letter said December 4 in its text and December 3 in its
    enclosures, and the check said nothing. (Facts: pre-op August 3, post-op August 17.)"""
    found = [p for p in _problems(_base(), attached=attached) if "under Clinical facts" in p]
    assert [p.split(" ")[1][: -len("-operative")] for p in found] == named, situation
    if named == ["pre"]:
        assert found[0] == (
            "The pre-operative radiograph is dated August 3, 2026 under Clinical facts but "
            "August 2, 2026 on the attached image: the letter would give it both dates. "
            "Correct the one that is wrong."
        )


def test_a_film_dated_only_on_its_image_is_no_conflict() -> None:
    base = _base()
    case = replace(base, facts=replace(base.facts, preop_radiograph_date=""))
    assert not [
        p
        for p in _problems(case, attached=[("Pre-op PA #19", "2026-08-02")])
        if "under Clinical facts" in p
    ]


@pytest.mark.parametrize(
    ("situation", "statuses", "noted"),
    [
        ("paid after the appeal", ("submitted", "denied", "appealed", "paid"), True),
        ("denied, not paid", ("submitted", "denied"), False),
        ("paid, then denied again on review", ("submitted", "paid", "denied"), False),
    ],
)
def test_a_paid_claim_s_appeal_gets_a_note_not_a_refusal(
    situation: str, statuses: tuple[str, ...], noted: bool
) -> None:
    """Billing walkthrough: the appeal letter opened for a claim marked Paid without a word."""
    days = ("2026-08-20", "2026-09-05", "2026-09-20", "2026-10-10")
    history = tuple(StatusEvent(s, d) for s, d in zip(statuses, days, strict=False))
    case = replace(_base(), status_history=history)
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i for i in items if "marked paid" in i.text]
    assert bool(notes) == noted, situation
    assert not [i for i in notes if i.blocking]
    if noted:
        assert notes[0].text.startswith("The claim is marked paid on October 10, 2026:")


def test_an_undated_ticked_film_no_image_goes_with_is_named_as_a_film_not_a_line() -> None:
    """Review: with no image the letter lists none of the ticked films, yet the check said
    "Enclosure without a date: Pre-operative periapical radiograph", a line the clerk could
    not find in the letter."""
    base = _base()
    case = replace(
        base,
        facts=replace(base.facts, preop_radiograph_date="", postop_radiograph_date=""),
        enclosures=(),
    )
    found = [p for p in _problems(case) if "without a date" in p]
    assert found and all(p.startswith("Film without a date: ") for p in found), found
    assert any("pre" in p.lower() for p in found), found
    # the pre-op image goes, dated: the ticked post-op film still does not go, and is named
    # as a film (it was "Enclosure without a date", a line the letter no longer lists)
    with_image = [
        p for p in _problems(case, attached=[("Pre-op PA #19", "2026-08-03")]) if "date" in p
    ]
    assert len(with_image) == 1 and with_image[0].startswith("Film without a date: Postop"), (
        with_image
    )


@pytest.mark.parametrize(
    ("situation", "statuses", "noted"),
    [
        ("a draft never sent", (), True),
        ("sent, no answer yet", ("submitted",), True),
        ("denied", ("submitted", "denied"), False),
        ("appealed once, denied again", ("submitted", "denied", "appealed", "denied"), False),
        ("appealed", ("submitted", "denied", "appealed"), False),
        ("paid without a denial: the paid note says it", ("submitted", "paid"), False),
    ],
)
def test_an_appeal_for_a_claim_never_denied_gets_a_note(
    situation: str, statuses: tuple[str, ...], noted: bool
) -> None:
    """New-office walkthrough: a Draft case's letter read "RE: Appeal of denied claim" and the
    check said nothing of the claim never having been denied."""
    days = ("2026-08-20", "2026-09-05", "2026-09-20", "2026-10-10")
    history = tuple(StatusEvent(s, d) for s, d in zip(statuses, days, strict=False))
    case = replace(_base(), status_history=history)
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i for i in items if i.text.startswith("The claim is not marked denied")]
    assert bool(notes) == noted, situation
    assert not [i for i in notes if i.blocking]


def test_the_note_on_a_draft_s_appeal_says_where_the_prior_authorization_request_is() -> None:
    """Walkthrough: a Draft case's appeal check said "or, before treatment, send a
    prior-authorization request" and not where: the request is File > Prior authorization
    request… (the words the window's File menu shows, checked in tests/gui/shell)."""
    from cdt_desktop.domain.appeal.notes import PRIOR_AUTH_MENU

    case = replace(_base(), status_history=())
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    (note,) = [i.text for i in items if i.text.startswith("The claim is not marked denied")]
    assert note.endswith(f"send a prior-authorization request ({PRIOR_AUTH_MENU}).")
    assert PRIOR_AUTH_MENU == "File > Prior authorization request…"


@pytest.mark.parametrize(
    ("situation", "statuses", "step"),
    [
        ("a draft: its menu offers submitted, not denied", (),
         "Mark it submitted with the day it was sent, then denied with the EOB's date"),
        ("sent, no answer yet", ("submitted",), "Mark it denied with the EOB's date"),
        ("closed without a denial", ("submitted", "closed"), "A closed claim takes no new status"),
    ],
)  # fmt: skip
def test_the_note_on_a_claim_never_denied_names_a_step_its_status_allows(
    situation: str, statuses: tuple[str, ...], step: str
) -> None:
    """New-user walk: a Draft case's note said "Mark it denied ... (Cases tab, right-click the
    case)", and the Draft's menu offers only Mark as submitted and Mark as closed."""
    days = ("2026-08-20", "2026-09-05")
    history = tuple(StatusEvent(s, d) for s, d in zip(statuses, days, strict=False))
    case = replace(_base(), status_history=history)
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    (note,) = [i.text for i in items if i.text.startswith("The claim is not marked denied")]
    assert step in note, situation
    if not statuses:
        assert "Mark it denied" not in note


@pytest.mark.parametrize(
    ("situation", "statuses", "noted"),
    [
        ("appealed, no decision yet", ("submitted", "denied", "appealed"), True),
        ("the appeal denied again", ("submitted", "denied", "appealed", "denied"), False),
        ("denied, not appealed yet", ("submitted", "denied"), False),
    ],
)
def test_a_claim_already_under_appeal_gets_a_note(
    situation: str, statuses: tuple[str, ...], noted: bool
) -> None:
    """Billing walkthrough: the letter opened again after the claim was marked appealed, with
    no word that an appeal already awaits the payer's decision."""
    days = ("2026-08-20", "2026-09-05", "2026-09-20", "2026-10-10")
    history = tuple(StatusEvent(s, d) for s, d in zip(statuses, days, strict=False))
    case = replace(_base(), status_history=history)
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i for i in items if i.text.startswith("An appeal was sent")]
    assert bool(notes) == noted, situation
    if noted:
        assert notes[0].text.startswith("An appeal was sent on September 20, 2026")
        assert not notes[0].blocking
        # the payer may answer an appeal with a part payment (billing walk: only "mark the
        # claim denied" was offered)
        assert "or paid with what it paid" in notes[0].text


@pytest.mark.parametrize(
    ("address", "noted"),
    [
        ("Attn: Dental Claim Appeals\nPO Box 981282\nEl Paso, TX 79998", False),
        ("If you disagree with this determination, you may appeal in writing within 180 days "
         "to MetLife Dental Claims Appeals, PO Box 14093, Lexington, KY 40512. For questions "
         "call 1-877-638-3379.", True),
        ("\n".join(f"line {n}" for n in range(8)), True),
    ],
)  # fmt: skip
def test_a_payer_address_that_looks_pasted_gets_a_note(address: str, noted: bool) -> None:
    """Billing walkthrough: an EOB paragraph pasted as the address printed as the addressee,
    with no word before export."""
    case = replace(_base(), payer=replace(_base().payer, address=address))
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i for i in items if i.text.startswith("The payer address has")]
    assert bool(notes) == noted
    assert not [i for i in notes if i.blocking]


@pytest.mark.parametrize("patient", [None, {}, {"name": "   "}])
def test_a_letter_without_the_patient_s_name_is_held_back(patient: object) -> None:
    """Reliability walk: `narrative --check` passed a case with "patient": null and wrote a
    letter with no patient row at all; a payer cannot tell whose claim it is."""
    from cdt_desktop.domain.appeal.check import prior_auth_check

    data = json.loads(SAMPLE.read_text("utf-8"))
    data["patient"] = patient
    case = Case.from_dict(data)
    name = "No patient name: the payer cannot tell whose claim it is."
    assert name in _problems(case)
    request = prior_auth_check(case, entry=None, selection=selection_for_findings(case))
    assert name in [i.text for i in request if i.blocking]
    assert name not in _problems(_base())


@pytest.mark.parametrize(
    ("situation", "code", "deleted"),
    [
        ("regeneration billed with the deleted single code", "D3354", True),
        ("regeneration billed with its initial-visit code", "D3355", False),
        ("a molar root canal", "D3330", False),
    ],
)
def test_a_case_coded_with_a_deleted_code_is_told_before_either_letter_goes(
    situation: str, code: str, deleted: bool
) -> None:
    """Walkthrough on a shared store: a case coded D3354 (deleted, replaced by D3355-D3357)
    went through the check before export with its checklist's gaps and nothing about the
    code; the payer refuses the code whatever the letter argues."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.check import prior_auth_check
    from cdt_desktop.domain.cases.model import Procedure

    case = replace(_base(), procedure=Procedure(code=code, tooth="8"))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get(code)
    selection = selection_for_findings(case)
    appeal = [i.text for i in export_check(case, entry=entry, selection=selection, today=TODAY)
              if i.blocking]  # fmt: skip
    request = [i.text for i in prior_auth_check(case, entry=entry, selection=selection)
               if i.blocking]  # fmt: skip
    said = (
        f"{code} is a deleted CDT code (use D3355, D3356 or D3357): payers refuse it. Change "
        "the case's code (Edit case) and send the payer a corrected claim with the current code."
    )
    before = said.replace(" and send the payer a corrected claim with the current code",
                          " before the request goes")  # fmt: skip
    assert (said in appeal) is deleted, situation
    assert (before in request) is deleted, situation
    if deleted:
        assert appeal[0] == said  # first: nothing else matters until the code is right


@pytest.mark.parametrize(
    ("situation", "reason", "noted"),
    [
        ("the EOB's denial line", "Post-operative radiograph not received.", False),
        ("a remark code and its words", "N435: frequency limitation. " * 20, False),
        ("a whole EOB pasted", "Line 1 paid 0.00 adjustment CO-45. " * 60, True),
    ],
)
def test_a_whole_pasted_eob_as_the_denial_reason_gets_a_note(
    situation: str, reason: str, noted: bool
) -> None:
    """Walkthrough 43: a 9,900-character EOB pasted as the denial reason went through with no
    note; the letter quoted all of it over five pages, its first half empty."""
    case = replace(_base(), claim=replace(_base().claim, denial_reason=reason))
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i.text for i in items if not i.blocking and "a whole EOB pasted?" in i.text]
    assert bool(notes) is noted, situation
    if noted:
        assert f"{len(reason.strip()):,} characters" in notes[0]


@pytest.mark.parametrize(
    ("situation", "address", "phone", "reminded"),
    [
        (
            "the office's address and phone on the letterhead",
            "1200 Maple Street",
            "555-0142",
            False,
        ),
        ("an address only", "1200 Maple Street", "", False),
        ("a phone only", "", "(217) 555-0142", False),
        ("a blank letterhead", "", "", True),
        ("a letterhead of blanks", "  \n ", " ", True),
    ],
)
@pytest.mark.parametrize("letter", ["appeal", "prior-authorization request"])
def test_a_letter_with_no_way_to_reach_the_office_is_a_reminder(
    situation: str, address: str, phone: str, reminded: bool, letter: str
) -> None:
    """Billing walkthrough: an appeal went out asking the payer to "contact our office" under a
    blank letterhead; the check named the signature and the NPI, not the missing address."""
    from cdt_desktop.domain.appeal.check import NO_RETURN_ADDRESS, prior_auth_check

    base = _base()
    case = replace(base, provider=replace(base.provider, address=address, phone=phone))
    if letter == "appeal":
        items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    else:
        items = prior_auth_check(case, entry=None, selection=selection_for_findings(case))
    named = [i for i in items if i.text == NO_RETURN_ADDRESS]
    assert len(named) == (1 if reminded else 0), situation
    assert not [i for i in named if i.blocking]  # the payer still has the claim's address


@pytest.mark.parametrize(
    ("situation", "ticked", "facts", "named"),
    [
        ("pulp tests ticked, no result typed", {"pulp-tests-recorded"}, {},
         "documents the pulp tests' results (and the control tooth), without"),
        ("pulp tests ticked, results and control tooth typed", {"pulp-tests-recorded"},
         {"cold": "lingering", "control_tooth": "20", "cold_control": "normal"}, ""),
        ("pulp tests ticked, the control tooth's result not typed", {"pulp-tests-recorded"},
         {"cold": "lingering", "control_tooth": "20"},
         "the pulp tests' results (and the control tooth)"),
        ("pulp tests ticked, results without the control tooth", {"pulp-tests-recorded"},
         {"cold": "lingering"}, "the pulp tests' results (and the control tooth)"),
        ("working length and filling ticked, nothing typed",
         {"working-length-recorded", "obturation-recorded"}, {},
         "documents the working lengths and the filling material, without"),
        ("working length ticked, lengths typed", {"working-length-recorded"},
         {"canals": "MB 21.0; DB 20.5; D 22.0"}, ""),
        ("nothing ticked", set(), {}, ""),
    ],
)  # fmt: skip
@pytest.mark.parametrize("letter", ["appeal", "prior-authorization request"])
def test_a_ticked_record_whose_values_are_not_typed_is_a_reminder(
    situation: str, ticked: set[str], facts: dict[str, str], named: str, letter: str
) -> None:
    """Walkthrough, read as the reviewer: "The clinical record also documents: pulp tests
    (cold, EPT, percussion, palpation) and their results, with a control tooth", from a tick,
    and not one result in the letter."""
    from cdt_desktop.domain.appeal.check import prior_auth_check

    base = _base()
    checklist = {
        k: v
        for k, v in base.checklist.items()
        if k not in {"pulp-tests-recorded", "working-length-recorded", "obturation-recorded"}
    }
    case = replace(
        base,
        checklist=checklist | dict.fromkeys(ticked, True),
        facts=replace(ClinicalFacts(pulpal_diagnosis=base.facts.pulpal_diagnosis), **facts),
    )  # fmt: skip
    if letter == "appeal":
        items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    else:
        items = prior_auth_check(case, entry=None, selection=selection_for_findings(case))
    notes = [i for i in items if "without stating them" in i.text]
    assert len(notes) == (1 if named else 0), (situation, [i.text for i in items])
    if named:
        assert named in notes[0].text and not notes[0].blocking, situation


@pytest.mark.parametrize(
    ("situation", "ticked", "facts", "named"),
    [
        ("a D3348's earlier root canal ticked, nothing typed", {"previous-rct-date"}, {},
         "the earlier root canal's date and provider"),
        ("its date typed, not who did it", {"previous-rct-date"},
         {"prior_rct_date": "2019-05"}, "the earlier root canal's provider"),
        ("date and provider typed", {"previous-rct-date"},
         {"prior_rct_date": "2019-05", "prior_rct_provider": "Dr Lee"}, ""),
        ("periapical diagnosis ticked, none chosen", {"periapical-diagnosis"}, {},
         "the periapical diagnosis"),
        ("periapical diagnosis chosen", {"periapical-diagnosis"},
         {"periapical_diagnosis": "symptomatic-apical-periodontitis"}, ""),
        ("why the first treatment failed ticked, not typed", {"retreatment-reason"}, {},
         "why the earlier root canal failed"),
        ("nothing of the kind ticked", set(), {}, ""),
    ],
)  # fmt: skip
def test_a_ticked_item_that_stands_for_a_value_not_typed_is_a_reminder(
    situation: str, ticked: set[str], facts: dict[str, str], named: str
) -> None:
    """New-user walk: "Date (or best estimate) and provider of the previous root canal" ticked
    on a D3348, nothing under Clinical facts: the letter gave no date (it never lists the bare
    item) and the check said nothing, while it did for undated films."""
    base = _base()
    case = replace(
        base,
        checklist={k: v for k, v in base.checklist.items() if k not in ticked} | dict.fromkeys(ticked, True),
        facts=replace(ClinicalFacts(pulpal_diagnosis=base.facts.pulpal_diagnosis), **facts),
    )  # fmt: skip
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    notes = [i for i in items if i.text.startswith("Ticked on the checklist but not in the letter")]
    assert len(notes) == (1 if named else 0), (situation, [i.text for i in items])
    if named:
        assert f"letter: {named}." in notes[0].text and not notes[0].blocking, situation
    letter = plain_text(compose_appeal(case, entry=None, selection=None, today=TODAY))
    if named:  # what the note says: the letter does not give it
        assert "Dr Lee" not in letter and "periapical diagnosis" not in letter.lower()


@pytest.mark.parametrize(
    ("situation", "preop", "postop", "named"),
    [
        ("a post-op film dated next year", "2026-08-03", "2027-01-20",
         "The post-operative radiograph (January 20, 2027) is dated after today's date."),
        ("a pre-op film dated next month", "2026-11-15", "",
         "The pre-operative radiograph (November 15, 2026) is dated after today's date."),
        ("both films dated by today", "2026-08-03", "2026-08-17", None),
    ],
)  # fmt: skip
def test_a_film_dated_after_today_is_named_before_the_letter_goes(
    situation: str, preop: str, postop: str, named: str | None
) -> None:
    """Re-walk: a post-op film dated 2027-01-20 was counted as done and printed "taken January
    20, 2027" in a letter dated December 6, 2026, and neither check said a word (a film
    attached under Radiographs with that date is refused)."""
    from cdt_desktop.domain.appeal.check import prior_auth_check

    base = _base()
    case = replace(base, facts=replace(base.facts, preop_radiograph_date=preop,
                                       postop_radiograph_date=postop))  # fmt: skip
    problems = [p for p in _problems(case) if "after today" in p]
    assert problems == ([named] if named else []), situation
    request = prior_auth_check(case, entry=None, selection=None, today=TODAY)
    said = [i.text for i in request if i.blocking and "after today" in i.text]
    before_treatment = [named] if named and "pre-operative" in named else []
    assert said == before_treatment, situation  # a request states no post-op film


def test_a_case_coded_with_a_code_whose_deletion_is_unconfirmed_is_asked_to_check_it() -> None:
    """D3427: our sources do not confirm its deletion (coding review); the check must not tell
    the office as a fact that payers refuse it, and still names the current codes."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.cases.model import Procedure

    case = replace(_base(), procedure=Procedure(code="D3427", tooth="8"))
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3427")
    assert entry is not None and entry.deletion_unconfirmed
    appeal = [i.text for i in export_check(case, entry=entry, selection=None, today=TODAY)
              if i.blocking]  # fmt: skip
    said = next(text for text in appeal if text.startswith("D3427"))
    assert said.startswith("D3427 may have been deleted from the CDT (not confirmed: check the "
                           "licensed CDT file)")  # fmt: skip
    assert "is a deleted CDT code" not in said and "D3501" in said


@pytest.mark.parametrize(
    ("situation", "pulp", "code", "earlier", "named"),
    [
        ("necrosis on the chart, a 2015 root canal in the facts", "necrosis", "D3330", "2015",
         True),
        ("irreversible pulpitis, an earlier root canal dated to the day", "irreversible-pulpitis",
         "D3330", "2015-06-14", True),
        ("a retreatment: previously treated, the earlier root canal dated", "previously-treated",
         "D3348", "2015", False),
        ("necrosis and no earlier root canal", "necrosis", "D3330", "", False),
        ("no pulp status given yet", "", "D3330", "2015", False),
    ],
)  # fmt: skip
def test_an_earlier_root_canal_the_findings_do_not_tell_is_named(
    situation: str, pulp: str, code: str, earlier: str, named: bool
) -> None:
    """Hostile-user walkthrough: necrosis, D3330 and "Earlier root canal: 2015" under Clinical
    facts; the letter stated "Earlier root canal treatment of this tooth: completed in 2015"
    and, for D3348, "No previous root canal therapy on this tooth"; no check said a word."""
    base = _base()
    case = replace(
        base,
        procedure=replace(base.procedure, code=code),
        findings=replace(base.findings, pulp=pulp),
        facts=replace(base.facts, prior_rct_date=earlier),
    )
    said = [p for p in _problems(case) if p.startswith("An earlier root canal")]
    assert bool(said) is named, (situation, _problems(case))
    if named:
        assert "retreatment (D3346-D3348)" in said[0] and "Edit case" in said[0]
        assert ("(2015)" in said[0]) or ("(June 14, 2015)" in said[0]), said[0]
        request = prior_auth_check(case, entry=None, selection=selection_for_findings(case))
        assert [i for i in request if i.blocking and i.text == said[0]]


def test_a_film_line_the_office_typed_goes_with_the_letter_image_or_not() -> None:
    """Hostile-user walkthrough: "Pre-op radiograph" typed under Enclosures, no image attached:
    the letter listed it as enclosed and said the films were kept in the patient's record. A
    line the office typed says the film goes (by post, on a CD): the letter says so, and the
    check does not ask for an image of it."""
    base = _base()
    case = replace(
        base,
        claim=replace(base.claim, denial_category="radiograph",
                      denial_reason="Pre-operative radiograph not received."),
        enclosures=("Pre-op radiograph, mailed on CD", *base.enclosures),
    )  # fmt: skip
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with ReferenceLibrary() as library:
        entry, templates = library.get("D3330"), library.denial_templates()
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case),
                            today=TODAY, templates=templates)  # fmt: skip
    text = plain_text(letter, limit=100_000)
    assert [e for e in letter.enclosures if "radiograph" in e.lower()] == [
        "Pre-op radiograph, mailed on CD, dated August 3, 2026"
    ]  # the film once: the office's line stands for it
    answer = next(p for p in text.split("\n") if "missing or insufficient" in p)
    assert "pre-operative periapical radiograph, taken on August 3, 2026, is enclosed" in answer
    assert not [p for p in _problems(case, attached=[]) if "Radiographs…" in p]


def test_an_undated_line_an_attached_image_stands_for_names_the_image() -> None:
    """Verification walk: "Pre-op radiograph, mailed on CD" typed, then the pre-op image
    attached with no date: the letter lists the image instead of the line, and the check
    still said "Enclosure without a date: Pre-op radiograph, mailed on CD"."""
    base = _base()
    case = replace(
        base,
        facts=replace(base.facts, preop_radiograph_date=""),
        enclosures=("Pre-op radiograph, mailed on CD", *base.enclosures),
    )
    found = [p for p in _problems(case, attached=[("Pre-op PA #19", "")])
             if "without a date" in p]  # fmt: skip
    assert "mailed on CD" not in " ".join(found), found
    assert any("Pre-op PA #19 (the attached film)" in p for p in found), found


@pytest.mark.parametrize(
    ("situation", "service", "named"),
    [
        ("a service months after the claim went out", "2027-01-05",
         "The date of service (January 5, 2027) is after the day the claim was sent (August 18, "
         "2026)"),
        ("the service the day before the claim went out", "2026-08-17", ""),
        ("the service the day the claim went out", "2026-08-18", ""),
    ],
)  # fmt: skip
def test_a_date_of_service_after_the_claim_went_out_is_a_problem(
    situation: str, service: str, named: str
) -> None:
    """Verification walk: a case file dated its service 2027-01-05 under a claim sent
    2026-08-18 and denied 2026-09-02 (the case form refuses such a date); the letter printed
    both, and its check said nothing."""
    base = _base()
    history = (StatusEvent("submitted", "2026-08-18"), StatusEvent("denied", "2026-09-02"))
    case = replace(base, claim=replace(base.claim, date_of_service=service), status_history=history)
    items = export_check(
        case, entry=None, selection=selection_for_findings(case), today=date(2027, 2, 1)
    )
    said = [i.text for i in items if i.blocking and "a claim is never" in i.text]
    assert said[0].startswith(named) if named else said == [], (situation, said)
