"""The prior-authorization letter (billing asks the plan before the root canal is scheduled):
the same facts as an appeal, no claim or denial, a request to authorize; its own check."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from cdt_desktop.domain.appeal.check import NO_PREOP_FOR_A_REQUEST, prior_auth_check
from cdt_desktop.domain.appeal.letter import HISTORY, WHY_CODE, plain_text
from cdt_desktop.domain.appeal.prior_auth import AFTER_TREATMENT_ITEMS, DOCUMENT, compose_prior_auth
from cdt_desktop.domain.cases.model import Case, Claim, Subscriber
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


def _planned() -> Case:
    """The sample molar, before treatment: no claim number, date of service or denial yet,
    and none of what the treatment produced (post-op film, lengths, materials, the EOB)."""
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    claim = Claim(billed_amount=case.claim.billed_amount)
    facts = replace(case.facts, postop_radiograph_date="", canals="", materials="")
    checklist = {k: v for k, v in case.checklist.items() if k != "postop-radiograph"}
    return replace(case, claim=claim, status_history=(), facts=facts, checklist=checklist,
                   enclosures=())  # fmt: skip


def _letter(case: Case):  # type: ignore[no-untyped-def]
    return compose_prior_auth(case, entry=None, selection=selection_for_findings(case), today=TODAY)


def test_the_letter_asks_to_authorize_the_planned_code_on_the_tooth() -> None:
    case = _planned()
    letter = _letter(case)
    code, tooth = case.procedure.code, letter.meta["tooth"]
    assert letter.subject == f"RE: {DOCUMENT}, {code} on tooth {tooth}"
    assert f"authorize {code} on tooth {tooth}" in letter.request
    assert "authorization number" in letter.request
    assert [s.heading for s in letter.sections][:2] == [HISTORY, WHY_CODE]
    labels = [label for label, _value in letter.re_rows]
    assert "Claim number" not in labels and "Denial date" not in labels and "Fee" in labels
    assert letter.denial_reason == ""
    words = plain_text(letter).split("\n\n", 1)[1].casefold()  # after the addressee block
    assert "appeal" not in words and "denial" not in words and "denied" not in words
    assert letter.continuation.startswith("Prior authorization, ")
    with_eob = replace(case, enclosures=("Copy of the explanation of benefits (EOB)",))
    assert not any("EOB" in e for e in _letter(with_eob).enclosures)  # no claim yet


@pytest.mark.parametrize(
    ("situation", "change", "expected"),
    [
        ("a planned molar with everything on file", {}, []),
        ("no member ID", {"subscriber": Subscriber(name="Ana Souza")}, ["No member ID"]),
        ("no CDT code chosen yet", {"procedure": "no code"}, ["No CDT code."]),
    ],
)
def test_the_check_asks_what_a_request_needs_not_what_a_claim_has(
    situation: str, change: dict[str, object], expected: list[str]
) -> None:
    case = _planned()
    if change.get("procedure") == "no code":
        case = replace(case, procedure=replace(case.procedure, code=""))
    elif change:
        case = replace(case, **change)  # type: ignore[arg-type]
    items = prior_auth_check(case, entry=None, selection=None)
    problems = [i.text for i in items if i.blocking]  # reminders (the address) are not problems
    assert not any("claim number" in p or "denial" in p for p in problems), situation
    for text in expected:
        assert any(p.startswith(text) for p in problems), (situation, problems)
    if not expected:
        assert problems == [], situation


def test_the_pdf_says_what_it_is_in_its_title_and_text() -> None:
    from cdt_desktop.report.appeal_pdf import render_appeal_pdf

    pdf = render_appeal_pdf(_letter(_planned()), creation_date=datetime(2026, 10, 20))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == DOCUMENT
    first = reader.pages[0].extract_text()
    assert "prior authorization" in first.casefold()
    assert "Appeals Department" not in first and "appeal the denial" not in first


@pytest.mark.parametrize(
    ("address", "greeting"),
    [
        ("PO Box 1000\nDallas, TX", "To the Pre-treatment Review Department:"),
        ("Attn: Predetermination Unit\nPO Box 1000", "To the Predetermination Unit:"),
    ],
)
def test_the_request_greets_the_department_its_address_names(address: str, greeting: str) -> None:
    case = _planned()
    case = replace(case, claim=replace(case.claim, prior_auth_address=address))
    assert _letter(case).salutation == greeting


GREETINGS = [
    # (situation, payer address, prior-authorization address, greeting)
    ("sent to the plan's appeals unit", "Attn: Appeals Unit\nPO Box 1", "", "Dear Reviewer:"),
    (
        "sent to the appeals address from the EOB",
        "Attn: Dental Claim Appeals\nPO Box 981282\nEl Paso, TX 79998",
        "",
        "Dear Reviewer:",
    ),
    ("sent to a bare 'Attn: Appeals'", "Attn: Appeals\nPO Box 1", "", "Dear Reviewer:"),
    ("sent to a provider disputes unit", "ATTN: PROVIDER DISPUTES\nPO Box 1", "", "Dear Reviewer:"),
    (
        "sent to a payer address naming no department",
        "PO Box 1000\nDallas, TX",
        "",
        "Dear Reviewer:",
    ),
    (
        "sent to a payer address naming another department",
        "Attn: Dental Claims Unit\nPO Box 1",
        "",
        "To the Dental Claims Unit:",
    ),
    (
        "sent to a payer address naming the pre-treatment review",
        "Attn: Pre-treatment Review\nPO Box 4410",
        "",
        "To Pre-treatment Review:",
    ),
    (
        "sent to a payer address naming its predetermination unit",
        "Attn: Predetermination Unit\nPO Box 1",
        "",
        "To the Predetermination Unit:",
    ),
    (
        "sent to the prior-authorization address, which names no department",
        "Attn: Appeals Unit\nPO Box 1",
        "PO Box 1000\nDallas, TX",
        "To the Pre-treatment Review Department:",
    ),
    (
        "sent to the prior-authorization address naming its unit",
        "Attn: Appeals Unit\nPO Box 1",
        "Attn: Prior Authorization Unit\nPO Box 77",
        "To the Prior Authorization Unit:",
    ),
]


@pytest.mark.parametrize(
    ("situation", "payer_address", "prior_auth_address", "greeting"),
    GREETINGS,
    ids=[g[0] for g in GREETINGS],
)
def test_the_request_greets_whom_its_address_reaches(
    situation: str, payer_address: str, prior_auth_address: str, greeting: str
) -> None:
    """Walkthrough: a request sent to the payer address on file, the plan's appeals address,
    greeted "To the Pre-treatment Review Department:" (and, before that, "To the Appeals
    Unit:"). The greeting agrees with the address the letter is sent to, and is neutral where
    that address is not known to be the pre-treatment review."""
    case = _planned()
    case = replace(
        case,
        payer=replace(case.payer, address=payer_address),
        claim=replace(case.claim, prior_auth_address=prior_auth_address),
    )
    letter = _letter(case)
    assert letter.salutation == greeting, situation
    sent_to = prior_auth_address or payer_address
    assert letter.payer[1:] == tuple(sent_to.splitlines())


def test_a_request_before_treatment_is_not_held_up_by_what_only_treatment_produces() -> None:
    """The sample molar with irreversible pulpitis, before its root canal: no post-op film or
    working length can exist yet, so the check is clean; without the pre-op film it is not."""
    sample = REPO_ROOT / "docs" / "samples" / "prior-auth-d3330-pulpitis.json"
    case = Case.from_dict(json.loads(sample.read_text("utf-8")))
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3330")
        known = {item.id for code in library.all_codes() for item in library.checklist(code)}
    assert entry is not None
    assert known >= AFTER_TREATMENT_ITEMS  # each id is a real checklist item of the library
    film = [("Pre-op PA #30", "2026-11-24")]
    selection = selection_for_findings(case)
    assert prior_auth_check(case, entry=entry, selection=selection, attached=film) == []
    # the film recorded, its image not going: a note, not a refusal (billing walkthrough: the
    # request listed it under Enclosures with no film page)
    notes = prior_auth_check(case, entry=entry, selection=selection)
    assert [(i.text, i.blocking) for i in notes] == [(NO_PREOP_FOR_A_REQUEST, False)]
    assert not [e for e in _letter(case).enclosures if "radiograph" in e.lower()]
    without_film = replace(case, checklist={**case.checklist, "preop-radiograph": False})
    without_film = replace(without_film, facts=replace(case.facts, preop_radiograph_date=""))
    problems = [i.text for i in prior_auth_check(without_film, entry=entry, selection=None)]
    assert any("pre-operative" in p.lower() for p in problems), problems
    assert not any("post-operative" in p.lower() for p in problems), problems


@pytest.mark.parametrize(
    ("situation", "history", "named"),
    [
        ("planned, no claim yet", (), False),
        ("the claim was sent", (("submitted", "2026-10-02"),), True),
        ("sent and denied", (("submitted", "2026-10-02"), ("denied", "2026-10-15")), True),
        ("denied, from a store that kept no send date", (("denied", "2026-10-02"),), True),
        ("paid", (("paid", "2026-10-02"),), True),
    ],
)
def test_a_request_for_a_claim_already_sent_is_named_before_it_goes(
    situation: str, history: tuple[tuple[str, str], ...], named: bool
) -> None:
    """Tour7: billing opened File > Prior authorization request… on a case whose claim was
    submitted and denied; the request said "Treatment will be scheduled once it is authorized"
    about a root canal already done and billed, and its check said nothing."""
    from cdt_desktop.domain.cases.status import StatusEvent

    events = tuple(StatusEvent(status, when) for status, when in history)
    case = replace(_planned(), status_history=events)
    problems = [i.text for i in prior_auth_check(case, entry=None, selection=None)]
    sent = [p for p in problems if "October 2, 2026" in p and "appeal" in p]
    assert bool(sent) == named, (situation, problems)


def test_a_request_to_the_payer_s_appeals_address_is_questioned() -> None:
    """tour7: the request goes to the one payer address on the case, which billing typed from
    the EOB for appeals ("Attn: Dental Claim Appeals"); a payer reviews prior authorizations
    elsewhere. A pre-treatment address is not questioned."""
    case = _planned()
    appeals = replace(
        case, payer=replace(case.payer, address="Attn: Dental Claim Appeals\nPO Box 1")
    )
    film = [("Pre-op PA #30", "2026-11-24")]
    reminders = [i.text for i in prior_auth_check(appeals, entry=None, selection=None,
                                                  attached=film) if not i.blocking]  # fmt: skip
    assert reminders == [
        "The payer address on the case is its appeals address (Attn: Dental Claim Appeals): a "
        "prior-authorization request usually goes to the payer's pre-treatment review (another "
        "address or a portal); check the payer's provider manual, and enter its address as "
        "the case's prior-authorization address."
    ]
    review = replace(case, payer=replace(case.payer, address="Attn: Pre-treatment Review"))
    assert not [i for i in prior_auth_check(review, entry=None, selection=None, attached=film)
                if not i.blocking]  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "noted"),
    [
        ("Attn: Provider Disputes", True),
        ("Attn: Reconsiderations Unit", True),
        ("Attn: Member Grievances", True),
        ("Attn: Pre-treatment Review", False),
        ("Attn: Predetermination Department", False),
    ],
)
def test_a_request_to_any_appeals_type_unit_is_questioned(unit: str, noted: bool) -> None:
    """Walkthrough 43: a request addressed to "Attn: Provider Disputes" got no note (the check
    looked for the word "appeal"), while its greeting already took Disputes for an appeals
    unit ("Dear Reviewer:"). The check and the greeting read the address alike."""
    case = _planned()
    case = replace(case, payer=replace(case.payer, address=f"{unit}\nPO Box 997330"))
    film = [("Pre-op PA #30", "2026-11-24")]
    notes = [i.text for i in prior_auth_check(case, entry=None, selection=None, attached=film)
             if not i.blocking and "appeals address" in i.text]  # fmt: skip
    assert bool(notes) == noted, unit
    if noted:
        assert f"({unit})" in notes[0]


APPEALS = "Attn: Dental Claim Appeals\nPO Box 1\nSpringfield, IL 62704"
REVIEW = "Attn: Pre-treatment Review\nPO Box 77\nSpringfield, IL 62705"


@pytest.mark.parametrize(
    ("situation", "payer_address", "prior_auth_address", "addressed_to", "noted"),
    [
        ("the review address is on the case", APPEALS, REVIEW, REVIEW, False),
        ("only the appeals address (as before)", APPEALS, "", APPEALS, True),
        ("only the review address, no payer address", "", REVIEW, REVIEW, False),
        ("blank lines around the review address", APPEALS, f"\n  {REVIEW}\n", REVIEW, False),
    ],
)
def test_the_request_goes_to_the_prior_authorization_address_when_the_case_has_one(
    situation: str, payer_address: str, prior_auth_address: str, addressed_to: str, noted: bool
) -> None:
    """The case held one payer address, the appeals one from the EOB, so the request went to the
    appeals department; the plan's pre-treatment review address now has its own field."""
    case = _planned()
    case = replace(
        case,
        payer=replace(case.payer, address=payer_address),
        claim=replace(case.claim, prior_auth_address=prior_auth_address),
    )
    letter = _letter(case)
    assert letter.payer == (case.payer.name, *addressed_to.splitlines()), situation
    items = prior_auth_check(case, entry=None, selection=None)
    assert not any("address" in i.text for i in items if i.blocking), situation
    notes = [i.text for i in items if not i.blocking and "appeals address" in i.text]
    assert bool(notes) == noted, (situation, notes)


def test_the_request_pdf_is_addressed_to_the_review_department() -> None:
    from cdt_desktop.report.appeal_pdf import render_appeal_pdf

    case = _planned()
    case = replace(
        case,
        payer=replace(case.payer, address=APPEALS),
        claim=replace(case.claim, prior_auth_address=REVIEW),
    )
    pdf = render_appeal_pdf(_letter(case), creation_date=datetime(2026, 10, 20))
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Attn: Pre-treatment Review" in first and "PO Box 77" in first
    assert "Dental Claim Appeals" not in first


def test_the_appeal_still_goes_to_the_appeals_address() -> None:
    """The appeal letter answers a denial: the prior-authorization address is not its own."""
    from cdt_desktop.domain.appeal.compose import compose_appeal

    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    case = replace(case, claim=replace(case.claim, prior_auth_address=REVIEW))
    letter = compose_appeal(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    assert letter.payer[1:] == tuple(case.payer.address.splitlines())


# tour10: a request made from a case already treated listed "Post-operative periapical
# radiograph taken after treatment was completed; Copy of the original claim" as enclosed.
TREATED = [
    # (what the treated case holds, a word the request must not have, the check's words)
    ({"checklist": {"postop-radiograph": True}}, "Post-operative",
     "the post-operative radiograph recorded on the case"),
    ({"facts": {"postop_radiograph_date": "2026-10-01"}}, "Post-operative",
     "the post-operative radiograph recorded on the case"),
    ({"facts": {"canals": "MB 21.0; ML 20.5; D 21.5"}}, "21.0", "the working lengths"),
    ({"facts": {"materials": "gutta-percha, bioceramic sealer"}}, "gutta-percha",
     "the materials placed"),
    ({"enclosures": ["Copy of the original claim"]}, "original claim",
     "the enclosure line 'Copy of the original claim'"),
    ({"enclosures": ["Post-op PA film, tooth #19", "Copy of the EOB"]}, "Post-op",
     "the enclosure lines 'Post-op PA film, tooth #19'; 'Copy of the EOB'"),
]  # fmt: skip


@pytest.mark.parametrize(("held", "absent", "said"), TREATED, ids=[t[2] for t in TREATED])
def test_a_request_from_a_treated_case_leaves_out_what_treatment_produced_and_says_so(
    held: dict[str, object], absent: str, said: str
) -> None:
    case = _planned()
    facts = replace(case.facts, **held.get("facts", {}))  # type: ignore[arg-type]
    checklist = {**case.checklist, **held.get("checklist", {})}  # type: ignore[dict-item]
    enclosures = (*case.enclosures, *held.get("enclosures", ()))  # type: ignore[misc]
    treated = replace(case, facts=facts, checklist=checklist, enclosures=enclosures)
    text = plain_text(_letter(treated))
    assert absent not in text, text
    assert absent.casefold() not in text.casefold()
    check = prior_auth_check(treated, entry=None, selection=selection_for_findings(treated))
    notes = [item.text for item in check if not item.blocking]
    assert any(f"Left out of the request, which asks before treatment: {said}." in n
               for n in notes), notes  # fmt: skip
    assert not any("Post-operative" in item.text for item in check if item.blocking)


def test_post_op_films_attached_are_counted_in_the_check_and_a_planned_case_has_no_note() -> None:
    case = _planned()
    films = [("Pre-op PA #19", "2026-09-01"), ("Post-op PA #19", "2026-10-01"),
             ("Post-operative bitewing", "2026-10-01")]  # fmt: skip
    check = prior_auth_check(case, entry=None, selection=selection_for_findings(case),
                             attached=films)  # fmt: skip
    notes = [item.text for item in check if not item.blocking]
    assert any("before treatment: 2 post-operative films attached to the case." in n
               for n in notes), notes  # fmt: skip
    one = prior_auth_check(case, entry=None, selection=selection_for_findings(case),
                           attached=films[:2])  # fmt: skip
    assert any("1 post-operative film attached to the case." in i.text for i in one)
    planned = prior_auth_check(case, entry=None, selection=selection_for_findings(case),
                               attached=films[:1])  # fmt: skip
    assert not any("Left out" in item.text for item in planned)


@pytest.mark.parametrize(
    ("situation", "service", "preop", "findings_on", "planned"),
    [
        ("treatment planned, pre-op film taken at the exam", "2026-11-05", "2026-10-14",
         " on October 14, 2026:", "November 5, 2026"),
        ("treatment planned, no film dated", "2026-11-05", "", ":", "November 5, 2026"),
        ("a pre-op film dated ahead (a typo): no date claimed", "2026-11-05", "2026-10-30", ":",
         "November 5, 2026"),
        # the pre-op film dates the exam as when a treatment day is planned (it was undated,
        # against the user guide: billing walkthrough)
        ("no date of service yet", "", "2026-10-14", " on October 14, 2026:", None),
        ("the date of service is today", "2026-10-20", "2026-10-14", " on October 20, 2026:",
         None),
    ],
)  # fmt: skip
def test_the_findings_are_dated_when_recorded_and_the_planned_day_is_called_planned(
    situation: str, service: str, preop: str, findings_on: str, planned: str | None
) -> None:
    """Billing walkthrough: a request dated December 4 for a root canal planned on December
    18 said "Findings recorded for tooth #30 on December 18, 2026", and the planned date
    appeared nowhere else."""
    case = _planned()
    case = replace(
        case,
        claim=replace(case.claim, date_of_service=service),
        facts=replace(case.facts, preop_radiograph_date=preop),
    )
    letter = _letter(case)
    history = letter.section(HISTORY)
    assert history is not None
    first = history.paragraphs[0]
    assert first.startswith(f"Findings recorded for tooth #19{findings_on}"), (situation, first)
    rows = dict(letter.re_rows)
    assert rows.get("Planned date") == planned, (situation, letter.re_rows)
    assert "Date of service" not in rows


@pytest.mark.parametrize(
    ("address", "lines"),
    [
        ("Lakeside Dental Plan\nAttn: Pre-treatment Review\nPO Box 4410",
         ("Lakeside Dental Plan", "Attn: Pre-treatment Review", "PO Box 4410")),
        ("LAKESIDE  DENTAL PLAN\nPO Box 4410", ("Lakeside Dental Plan", "PO Box 4410")),
        ("Attn: Pre-treatment Review\nPO Box 4410",
         ("Lakeside Dental Plan", "Attn: Pre-treatment Review", "PO Box 4410")),
    ],
)  # fmt: skip
def test_an_address_that_starts_with_the_payer_s_name_does_not_print_it_twice(
    address: str, lines: tuple[str, ...]
) -> None:
    """Billing walkthrough: the request's addressee read "Lakeside Dental Plan" twice."""
    case = _planned()
    case = replace(
        case,
        payer=replace(case.payer, name="Lakeside Dental Plan"),
        claim=replace(case.claim, prior_auth_address=address),
    )
    assert _letter(case).payer == lines


def test_a_request_to_the_payer_profile_s_address_is_checked_as_the_letter_prints_it() -> None:
    """Office walkthrough: no address on the case, the office's profile for the payer keeps
    "Appeals Unit / PO Box 77 / ..."; the request was printed to it while the check said "No
    payer address." (in the window and from narrative --check). The check reads the address
    the letter prints, and notes that a profile's address is the one it keeps for appeals."""
    from cdt_desktop.domain.appeal.profiles import PayerProfile

    profile = PayerProfile("acme-dental", "Acme Dental Plan",
                           address="Appeals Unit\nPO Box 77\nSpringfield, IL 62701")  # fmt: skip
    case = _planned()
    case = replace(case, payer=replace(case.payer, name="Acme Dental Plan", address=""))
    film = [("Pre-op PA #30", "2026-11-24")]
    letter = compose_prior_auth(case, entry=None, selection=selection_for_findings(case),
                                today=TODAY, profile=profile)  # fmt: skip
    assert letter.payer[1:] == ("Appeals Unit", "PO Box 77", "Springfield, IL 62701")
    items = prior_auth_check(case, entry=None, selection=None, attached=film, profile=profile)
    assert not [i.text for i in items if "address" in i.text and i.blocking]
    [note] = [i.text for i in items if not i.blocking and "address" in i.text]
    assert note.startswith(
        "The request goes to the address of the payer's profile, the one it keeps for appeals "
        "(Appeals Unit): a prior-authorization request usually goes to the payer's pre-treatment"
    )
    without = prior_auth_check(case, entry=None, selection=None, attached=film)  # no profile
    assert "No payer address." in [i.text for i in without if i.blocking]


@pytest.mark.parametrize(
    ("situation", "date_of_service", "opening_ends", "request_has"),
    [
        ("booked for December 13", "2026-12-13",
         "Treatment is planned for December 13, 2026, once it is authorized.",
         "so that the treatment can go ahead on December 13, 2026."),
        ("not booked yet", "", "Treatment will be scheduled once it is authorized.",
         "so that the treatment can be scheduled."),
    ],
)  # fmt: skip
def test_a_request_for_a_booked_treatment_says_for_when_it_is_planned(
    situation: str, date_of_service: str, opening_ends: str, request_has: str
) -> None:
    """Billing month-end walkthrough: the table said "Planned date December 13, 2026" and the
    letter "Treatment will be scheduled once it is authorized"."""
    case = _planned()
    case = replace(case, claim=replace(case.claim, date_of_service=date_of_service))
    letter = _letter(case)
    assert letter.opening.endswith(opening_ends), situation
    assert request_has in letter.request, letter.request
