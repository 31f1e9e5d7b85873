"""Appeal letter content composed from a case: fields, reasons, enclosures, remark, plain text."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import (
    HISTORY,
    NOTES,
    PLAIN_TEXT_LIMIT,
    TRUNCATION_NOTE,
    WHY_CODE,
    WHY_NOT,
    enclosures_for,
    missing_required,
    plain_text,
    quote_item,
)
from cdt_desktop.domain.appeal.remark import NTE_LIMIT, claim_remark, x12_safe
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import (
    Candidate,
    Findings,
    Reason,
    ReasonKind,
    Selection,
    Status,
    arrow,
)
from cdt_desktop.domain.reference import ChecklistItem, CodeEntry, Comparison
from cdt_desktop.domain.teeth import tooth
from tests.helpers import FIXTURES

FIXTURES = FIXTURES
TODAY = date(2026, 11, 23)

ENTRY = CodeEntry(
    code="D3330",
    category="Endodontics",
    subcategory="Endodontic therapy",
    name="Root canal, molar",
    summary="Complete root canal therapy on a permanent molar.",
    comparisons=(
        Comparison("D3320", "For premolars; #19 is a molar."),
        Comparison("D3346", "Only for retreatment of a previously treated tooth."),
        Comparison("D3348", "Retreatment of a molar that had a root canal before."),
    ),
    checklist=(
        ChecklistItem("preop-radiograph", "Pre-operative periapical radiograph", "imaging", True),
        ChecklistItem(
            "postop-radiograph",
            "Post-operative periapical radiograph (a working film does not count)",
            "imaging",
            True,
        ),
        ChecklistItem(
            "pulp-diagnosis",
            "Pulpal diagnosis recorded (e.g. irreversible pulpitis, necrosis)",
            "clinical",
            True,
        ),
        ChecklistItem(
            "pulp-tests-recorded",
            "Pulp tests (cold, EPT) and their results recorded, with a control tooth",
            "clinical",
            False,
        ),
        ChecklistItem("working-length-recorded", "Working length recorded", "clinical", True),
        ChecklistItem(
            "tooth-number-matches-code",
            "Tooth number on the claim matches the tooth type of the code",
            "billing",
            True,
        ),
        ChecklistItem("informed-consent", "Signed informed consent", "consent", False),
        ChecklistItem("restoration-plan", "Final restoration planned", "billing", False),
    ),
)


K, E, R = ReasonKind, Status.EXCLUDED, Status.RECOMMENDED
SELECTION = Selection(
    Findings(tooth=tooth("19")),
    (
        Candidate("D3330", R, (arrow(K.TOOTH_TYPE, R, "#19 is a permanent molar", "D3330"),)),
        Candidate("D3320", E, (Reason(K.TOOTH_TYPE, E, "#19 is not a premolar"),)),
        Candidate("D3353", E, (Reason(K.ROOT, E, "root development is complete"),)),
        Candidate("D3348", E, (Reason(K.ROOT, E, "no previous root canal therapy"),)),
        Candidate("D3240", E, (Reason(K.TOOTH_TYPE, E, "#19 is a permanent tooth"),)),
    ),
    (),
)


def load(name: str) -> Case:
    return Case.from_dict(json.loads((FIXTURES / f"case_{name}.json").read_text("utf-8")))


@pytest.fixture
def case() -> Case:
    return load("d3330")


def test_letter_fields_come_from_the_case(case: Case) -> None:
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    assert letter.letterhead == (
        "Maple Street Dental",
        "Dana Whitfield, DDS",
        "1200 Maple Street, Suite 4",
        "Springfield, IL 62704",
        "Phone (217) 555-0142   NPI 1234567893",
    )
    assert letter.date == "November 23, 2026"
    assert letter.payer == (
        "Delta Dental of Example State",
        "Attn: Appeals Unit",
        "PO Box 1809",
        "Springfield, IL 62705",
    )
    assert letter.subject == "RE: Appeal of denied claim 2026-0915-88431"
    rows = dict(letter.re_rows)
    assert rows["Patient"] == "Jordan A. Reyes (DOB March 12, 1984)"
    assert rows["Subscriber"] == "Maria Reyes"
    assert rows["Member ID"] == "XDL48815520"
    assert rows["Group number"] == "GRP-20917"
    assert rows["Claim number"] == "2026-0915-88431"
    assert rows["Date of service"] == "September 15, 2026"
    assert rows["Tooth"].startswith("#19")
    assert rows["CDT code"] == "D3330"
    assert rows["Billed amount"] == "$1,250.00"
    assert rows["Treating provider"] == "Dana Whitfield, DDS (NPI 1234567893)"
    assert letter.denial_reason == case.claim.denial_reason
    assert letter.signature == ("Dana Whitfield, DDS", "Maple Street Dental", "NPI 1234567893")
    assert "$1,250.00" in letter.request and "2026-0915-88431" in letter.request


def test_history_states_recorded_findings_and_keeps_note_paragraphs(case: Case) -> None:
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    history = letter.section(HISTORY)
    assert history is not None
    assert history.paragraphs[0] == (
        "Findings recorded for tooth #19 on September 15, 2026: pulpal diagnosis: pulp necrosis; "
        "complete root development (closed apex); "
        "treatment: root canal therapy."
    )
    assert history.paragraphs[1].startswith("Patient presented with swelling")
    assert history.paragraphs[2].startswith("Diagnosis: pulp necrosis")
    # Ticked clinical items (periapical-diagnosis is unknown to ENTRY, so not stated), in the
    # library's order, without the staff guidance in brackets and without "recorded"; the
    # pulpal diagnosis is named in the findings above, never listed bare.
    assert history.paragraphs[3] == (
        "The clinical record also documents: "
        "pulp tests (cold, EPT) and their results, with a control tooth."
    )
    assert len(history.paragraphs) == 4


def test_history_without_ticked_clinical_items_has_no_documentation_sentence(case: Case) -> None:
    case = replace(case, checklist={"preop-radiograph": True, "restoration-plan": True})
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    history = letter.section(HISTORY)
    assert history is not None and len(history.paragraphs) == 3
    assert not any("clinical record documents" in p for p in history.paragraphs)


@pytest.mark.parametrize(
    ("enclosures", "expected"),
    [
        (
            ("EOB",),
            "Findings recorded for tooth #19 on September 15, 2026 are in the enclosed records.",
        ),
        ((), "Findings recorded for tooth #19 on September 15, 2026 are in the clinical record."),
    ],
)
def test_history_without_findings_points_to_records_only_when_enclosed(
    case: Case, enclosures: tuple[str, ...], expected: str
) -> None:
    empty = replace(case.findings, root="", pulp="", goal="", visit="", notes="")
    case = replace(case, findings=empty, checklist={}, enclosures=enclosures)
    history = compose_appeal(case, entry=ENTRY, selection=None, today=TODAY).section(HISTORY)
    assert history is not None and history.paragraphs == (expected,)


def test_why_this_code_and_why_not_the_alternatives(case: Case) -> None:
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    why = letter.section(WHY_CODE)
    assert why is not None
    assert why.paragraphs == (
        "D3330 (Root canal, molar): Complete root canal therapy on a permanent molar.",
        "The recorded findings support this code: #19 is a permanent molar, reported as D3330.",
    )
    why_not = letter.section(WHY_NOT)
    assert why_not is not None and why_not.bullets
    # Only what a reviewer might pay instead (the family's substitutes and the selector's
    # "possible" codes), not every excluded code: D3320 and D3353 are not named.
    assert why_not.paragraphs == (
        "D3348: No previous root canal therapy."
        " Retreatment of a molar that had a root canal before.",
    )  # D3240 (a primary molar's code) is not argued for a permanent molar


def test_without_library_or_selector_the_letter_still_composes(case: Case) -> None:
    letter = compose_appeal(case, entry=None, selection=None, today=TODAY)
    assert letter.section(WHY_NOT) is None
    why = letter.section(WHY_CODE)
    assert why is not None and why.paragraphs == ("D3330 was reported for tooth #19.",)


def test_enclosures_are_ticked_documents_then_case_list_deduplicated(case: Case) -> None:
    # Clinical items (pulp-diagnosis), billing checks (tooth-number-matches-code) and ids the
    # entry does not know (periapical-diagnosis) are not documents in the envelope.
    case = replace(case, enclosures=(*case.enclosures, "pre-operative periapical  RADIOGRAPH"))
    assert enclosures_for(case, ENTRY) == (
        "Pre-operative periapical radiograph",
        "Post-operative periapical radiograph",  # the bracketed staff guidance is dropped
        "Copy of the explanation of benefits (EOB)",  # the user's own text is kept as typed
        "Copy of the original claim",
        "Chart notes for the date of service",
    )


@pytest.mark.parametrize(
    ("checklist", "entry", "expected"),
    [
        ({"informed-consent": True, "restoration-plan": True}, ENTRY, ("Signed informed consent",)),
        ({"tooth-number-matches-code": True, "pulp-diagnosis": True}, ENTRY, ()),
        ({"working-length-recorded": False, "preop-radiograph": False}, ENTRY, ()),
        # Unknown to the entry: another code's item, hidden since a re-code, claims nothing
        # (D3351's "apex open on radiograph" went out as an enclosure of a D3330 letter).
        ({"bitewing-radiograph": True, "apex-open-on-radiograph": True}, ENTRY, ()),
        # No entry at all (no library): only ids naming a radiograph or a consent.
        ({"preop-radiograph": True, "pulp-diagnosis": True}, None, ("Preop radiograph",)),
        ({"signed-consent": True, "restoration-plan": True}, None, ("Signed consent",)),
    ],
)
def test_only_imaging_and_consent_items_are_enclosed(
    case: Case, checklist: dict[str, bool], entry: CodeEntry | None, expected: tuple[str, ...]
) -> None:
    case = replace(case, checklist=checklist, enclosures=())
    assert enclosures_for(case, entry) == expected


def test_letter_never_mentions_billing_items(case: Case) -> None:
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    text = plain_text(letter, limit=100_000)
    assert "Tooth number" not in text and "restoration planned" not in text
    assert "(e.g." not in text and "working film" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pulpal diagnosis recorded (e.g. irreversible pulpitis, necrosis)",
            "Pulpal diagnosis recorded",
        ),
        ("Periapical (apical) diagnosis recorded", "Periapical (apical) diagnosis recorded"),
        (
            "Radiograph taken after completion (a working film does not count)",
            "Radiograph taken after completion",
        ),
        ("Medicament (e.g. calcium hydroxide) placed, dated.", "Medicament placed, dated"),
        ("  Signed   informed consent  ", "Signed informed consent"),
    ],
)
def test_quote_item_drops_bracketed_staff_guidance(text: str, expected: str) -> None:
    assert quote_item(text) == expected


def test_missing_required_lists_unticked_required_items(case: Case) -> None:
    assert [i.id for i in missing_required(case, ENTRY)] == ["working-length-recorded"]
    assert missing_required(case, None) == []


def test_request_override_and_extra_notes(case: Case) -> None:
    letter = compose_appeal(
        case, entry=ENTRY, selection=None, today=TODAY, request="  Pay it.  ", extra_notes="a\n\nb"
    )
    assert letter.request == "Pay it."
    notes = letter.section(NOTES)
    assert notes is not None and notes.paragraphs == ("a", "b")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "Appeal - #19 D3330 necrotic pulp, complete root; pre/post-op x-rays on file"),
        ({"checklist": {}, "enclosures": []}, "Appeal - #19 D3330 necrotic pulp, complete root"),
        (
            {"checklist": {"preop-radiograph": True}},
            "Appeal - #19 D3330 necrotic pulp, complete root; pre-op x-ray on file",
        ),
        (
            {"findings": {"pulp": "", "root": ""}, "checklist": {}, "enclosures": []},
            "Appeal - #19 D3330",
        ),
    ],
)
def test_claim_remark(case: Case, changes: dict, expected: str) -> None:
    data = case.to_dict()
    for key, value in changes.items():
        data[key] = {**data[key], **value} if key in ("findings", "procedure") else value
    remark = claim_remark(Case.from_dict(data))
    assert remark == expected
    assert len(remark) <= NTE_LIMIT


HEAD = "Appeal - #19 D3330 necrotic pulp, complete root"


@pytest.mark.parametrize(
    ("checklist", "enclosures", "entry", "expected"),
    [
        # Only clinical facts and billing checks ticked: nothing is in the envelope.
        ({"pulp-diagnosis": True, "tooth-number-matches-code": True}, [], ENTRY, HEAD),
        ({"pulp-diagnosis": True, "restoration-plan": True}, [], None, HEAD),
        ({"periapical-diagnosis": True}, ["  "], ENTRY, HEAD),
        # A document ticked (consent, imaging) or the case's own enclosure list.
        ({"informed-consent": True}, [], ENTRY, HEAD + "; records attached"),
        ({"pulp-diagnosis": True}, ["EOB copy"], ENTRY, HEAD + "; records attached"),
        ({"postop-radiograph": True}, [], ENTRY, HEAD + "; post-op x-ray on file"),
        ({"preop-radiograph": True}, [], None, HEAD + "; pre-op x-ray on file"),
        (
            {"preop-radiograph": True, "postop-radiograph": True},
            [],
            ENTRY,
            HEAD + "; pre/post-op x-rays on file",
        ),
        # Unknown to the entry: another code's item, hidden since a re-code, claims nothing;
        # without the entry, an id counts only when it names a radiograph or a consent.
        ({"signed-consent": True}, [], ENTRY, HEAD),
        ({"signed-consent": True}, [], None, HEAD + "; records attached"),
        ({"bundling-check": True}, [], ENTRY, HEAD),
    ],
)
def test_remark_claims_records_attached_only_for_documents(
    case: Case, checklist: dict, enclosures: list, entry: CodeEntry | None, expected: str
) -> None:
    data = {**case.to_dict(), "checklist": checklist, "enclosures": enclosures}
    remark = claim_remark(Case.from_dict(data), entry=entry)
    assert remark == expected
    assert len(remark) <= NTE_LIMIT and remark.isascii()


@pytest.mark.parametrize(
    ("enclosed", "tail"),
    [
        (frozenset(), "; pre/post-op x-rays on file"),
        (frozenset({"preop"}), "; pre-op x-ray attached"),
        (frozenset({"postop"}), "; post-op x-ray attached"),
        (frozenset({"preop", "postop"}), "; pre/post-op x-rays attached"),
    ],
)
def test_the_remark_says_attached_only_of_the_films_going_with_the_letter(
    case: Case, enclosed: frozenset[str], tail: str
) -> None:
    """Billing walkthroughs: the remark said "PA pre/post-op attached" beside a letter that
    kept both films in the patient's record (no image attached), and with one image only."""
    data = {**case.to_dict(), "checklist": {"preop-radiograph": True, "postop-radiograph": True}}
    remark = claim_remark(Case.from_dict(data), entry=ENTRY, enclosed=enclosed)
    assert remark == HEAD + tail


@pytest.mark.parametrize(
    ("tooth", "successor", "expected"),
    [
        ("K", "no", "Appeal - #K D3330 necrotic pulp, no successor; pre/post-op x-rays on file"),
        ("K", "", "Appeal - #K D3330 necrotic pulp, complete root; pre/post-op x-rays on file"),
        ("19", "no", "Appeal - #19 D3330 necrotic pulp, complete root; pre/post-op x-rays on file"),
    ],
)
def test_remark_names_a_missing_successor_of_a_primary_tooth(
    case: Case, tooth: str, successor: str, expected: str
) -> None:
    data = case.to_dict()
    data["procedure"]["tooth"] = tooth
    data["findings"]["successor"] = successor
    remark = claim_remark(Case.from_dict(data), entry=ENTRY)
    assert remark == expected and len(remark) <= NTE_LIMIT


@pytest.mark.parametrize(
    "tooth",
    ["19", "9" * 300, "王小明" * 50, "~*:^|" * 40, "x " * 200, "", "\x00\x07"],
)
def test_claim_remark_never_exceeds_80_ascii_characters(case: Case, tooth: str) -> None:
    # built in code, not read from a file (a case file with such a tooth is refused)
    odd = dataclasses.replace(case, procedure=dataclasses.replace(case.procedure, tooth=tooth))
    remark = claim_remark(odd)
    assert 0 < len(remark) <= 80
    assert remark.isascii() and remark.isprintable()
    assert not set("~*^|") & set(remark)


def test_x12_safe_folds_accents_and_drops_delimiters() -> None:
    assert x12_safe("Zoë~Ñúñez*a:b") == "Zoe Nunez a b"


def test_plain_text_fits_2000_and_says_when_shortened() -> None:
    short = compose_appeal(load("d3330"), entry=ENTRY, selection=SELECTION, today=TODAY)
    text = plain_text(short)
    assert len(text) <= PLAIN_TEXT_LIMIT and not text.endswith(TRUNCATION_NOTE)
    assert 'Denial reason: "Procedure not supported' in text
    # no image goes with it: the films are kept in the record, and not listed as enclosed
    assert "Enclosed: Copy of the explanation of benefits (EOB);" in text
    long = compose_appeal(load("long_history"), entry=ENTRY, selection=SELECTION, today=TODAY)
    text = plain_text(long)
    assert len(text) <= PLAIN_TEXT_LIMIT
    assert text.endswith(TRUNCATION_NOTE)
    assert text.startswith("\n".join(long.payer) + "\n\nRE: Appeal of denied claim 2026-0915-88432")


def test_plain_text_of_one_unbroken_token_still_fits(case: Case) -> None:
    data = case.to_dict()
    data["findings"]["notes"] = "Z" * 5000
    letter = compose_appeal(Case.from_dict(data), entry=None, selection=None, today=TODAY)
    assert len(plain_text(letter)) <= PLAIN_TEXT_LIMIT


def test_markup_is_kept_verbatim_in_content() -> None:
    letter = compose_appeal(load("markup"), entry=None, selection=None, today=TODAY)
    assert dict(letter.re_rows)["Patient"].startswith("Lee <b>Bold</b> & Sons")
    assert letter.denial_reason == "Denied: tooth #14 <b>MOD & a<b </para>"


@pytest.mark.parametrize(
    ("situation", "enclosed", "listed"),
    [
        ("both films ticked and dated, no image goes", None, []),
        ("the pre-op image goes", frozenset({"preop"}), ["pre"]),
        ("both images go", frozenset({"preop", "postop"}), ["post", "pre"]),
    ],
)
def test_a_film_the_answer_says_is_kept_in_the_record_is_not_listed_as_enclosed(
    situation: str, enclosed: frozenset[str] | None, listed: list[str]
) -> None:
    """Billing walkthrough and the shipped sample: "Both are kept in the patient's record"
    above "Enclosures: Diagnostic pre-operative periapical radiograph ..., Post-operative
    ...": the reviewer reads an envelope that contradicts its letter. With one image going, the
    other ticked film is not listed either (it was, and the answer said "Both are enclosed"
    over one film page: review); a film line the office typed stays."""
    case = load("d3330")
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY, enclosed=enclosed)
    films = [line for line in letter.enclosures if "radiograph" in line.lower()]
    kinds = sorted({"pre" if "pre-op" in line.lower() else "post" for line in films})
    assert kinds == listed, (situation, letter.enclosures)
    answer = " ".join(" ".join(s.paragraphs) for s in letter.sections)
    if not listed:
        assert "enclosed" not in answer.lower()
    assert "Copy of the explanation of benefits (EOB)" in letter.enclosures


def test_a_pasted_eob_page_as_denial_reason_leaves_the_argument_in_the_plain_text() -> None:
    """Billing walkthrough: a 5,000-character EOB text pasted as the denial reason took the
    plain text's 2,000 characters; the answer to the denial, why this code and the history
    went, and the quotation had no closing mark."""
    case = load("d3330")
    eob = ("CO-50 These are non-covered services because this is not deemed a medical "
           "necessity by the payer.\n" * 60)[:5000]  # fmt: skip
    case = replace(case, claim=replace(case.claim, denial_reason=eob))
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    text = plain_text(letter)
    assert len(text) <= PLAIN_TEXT_LIMIT
    quoted = text.split('Denial reason: "', 1)[1].split('"\n', 1)[0]
    assert quoted.endswith("…") and len(quoted) <= 400
    assert "Why this code:" in text and letter.request in text
    assert letter.denial_reason == eob.strip()  # the PDF quotes it whole


def test_a_film_line_the_office_typed_on_the_case_stays_listed_with_no_image() -> None:
    """Review: with no image attached every line naming a film went, the office's own
    ("mailed on CD") too; only the lines the checklist's ticks make are left out."""
    case = load("d3330")
    typed = "Post-operative periapical radiograph (mailed on CD)"
    case = replace(case, enclosures=(*case.enclosures, typed))
    letter = compose_appeal(case, entry=ENTRY, selection=SELECTION, today=TODAY)
    assert typed in letter.enclosures
    assert not [e for e in letter.enclosures if e.startswith("Pre-operative periapical")]


GREETINGS = {
    "no address": ("", "To the Appeals Department:"),
    "a street address only": ("PO Box 1000\nSacramento, CA 95899", "To the Appeals Department:"),
    "Attn: a department": (
        "Attn: Provider Disputes\nPO Box 1000\nDallas, TX 75201", "To Provider Disputes:"
    ),
    "ATTN. a unit": ("ATTN. Dental Appeals Unit\nPO Box 1000", "To the Dental Appeals Unit:"),
    "Attention: a person": ("Attention: Jane Ortiz, DDS\nPO Box 1000", "To Jane Ortiz, DDS:"),
    "a department line, no Attn": (
        "Dental Claims Review Department\n1 Main St\nAustin, TX 78701",
        "To the Dental Claims Review Department:",
    ),
    "a line naming appeals": ("Appeals and Grievances\nPO Box 22", "To Appeals and Grievances:"),
    "Attn: Appeals, one word": ("Attn: Appeals\nPO Box 2002", "To the Appeals Department:"),
    # review: "Attn:" alone greeted "To :"; an Attn line with a PO box, a dash, "c/o"
    "Attn: with nothing after it": ("Attn:\nPO Box 30567\nDallas, TX 75001",
                                    "To the Appeals Department:"),
    "Attn: alone, a department below": ("Attn:\nDental Appeals Unit\nPO Box 1",
                                        "To the Dental Appeals Unit:"),
    "Attn with a PO box on its line": ("Attn: Appeals Dept., PO Box 30567, Dallas TX",
                                       "To the Appeals Department:"),
    "Attn - a unit": ("Attn - Appeals Unit\nPO Box 1", "To the Appeals Unit:"),
    "c/o a unit": ("c/o Appeals Unit\nPO Box 1", "To the Appeals Unit:"),
    # billing walkthrough: "To PROVIDER DISPUTES:"
    "in capitals": ("ATTN: PROVIDER DISPUTES\nPO BOX 1", "To Provider Disputes:"),
    "in capitals, with a plan type": ("ATTN: PPO APPEALS UNIT", "To the PPO Appeals Unit:"),
    "a street that says 'Center'": ("100 Commerce Center Dr\nAustin, TX", "To the Appeals Department:"),
}  # fmt: skip


@pytest.mark.parametrize(("address", "greeting"), GREETINGS.values(), ids=GREETINGS.keys())
def test_the_appeal_greets_the_department_its_address_names(address: str, greeting: str) -> None:
    """Billing walkthrough: "To the Appeals Department:" over an address that reads "Attn:
    Provider Disputes". The payer's own name ("... Claims Review Services") is not taken for a
    department."""
    case = load("d3330")
    payer = replace(case.payer, name="Acme Dental Review Services", address=address)
    letter = compose_appeal(replace(case, payer=payer), entry=None, selection=None, today=TODAY)
    assert letter.salutation == greeting


def test_a_second_level_appeal_cites_the_claims_own_denial_too() -> None:
    """Billing walkthrough: the level-2 letter showed only the appeal's decision (December 4,
    APL-555); the claim's own denial (September 1, EOB 77-1) was nowhere."""
    from cdt_desktop.domain.cases.status import StatusEvent

    case = load("d3330")
    history = (
        StatusEvent("submitted", "2026-08-18"),
        StatusEvent("denied", "2026-09-01", eob_reference="EOB 77-1"),
        StatusEvent("appealed", "2026-09-10", level="1"),
        StatusEvent("denied", "2026-10-04", eob_reference="APL-555"),
    )
    rows = dict(
        compose_appeal(
            replace(case, status_history=history), entry=None, selection=None, today=TODAY
        ).re_rows
    )
    assert rows["Denial date"] == "October 4, 2026" and rows["EOB reference"] == "APL-555"
    assert rows["Original denial"] == "September 1, 2026, EOB 77-1"
    once = dict(
        compose_appeal(
            replace(case, status_history=history[:2]), entry=None, selection=None, today=TODAY
        ).re_rows
    )
    assert "Original denial" not in once


@pytest.mark.parametrize(
    ("enclosed", "listed", "both"),
    [
        (frozenset(), [], False),  # no image: the profile's film line is not listed either
        (frozenset({"postop"}), ["post"], False),  # not "Both are enclosed"
        (frozenset({"preop", "postop"}), ["post", "pre"], True),
    ],
)
def test_a_payer_profiles_film_line_says_no_film_goes(
    enclosed: frozenset[str], listed: list[str], both: bool
) -> None:
    """Review: an office's payer profile asking for the pre-op film ("payers set ... --enclose
    'Pre-operative periapical radiograph'") counted as that film going, so one post-op image
    read "Both are enclosed", and with no image the list named a film the answer kept."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.profiles import PayerProfile

    case = load("d3330")
    case = replace(case, claim=replace(case.claim, denial_category="radiograph"))
    profile = PayerProfile("acme", "Acme", enclose=("Pre-op PA film, as the payer requires",))
    with ReferenceLibrary() as library:
        templates = library.denial_templates()
    letter = compose_appeal(
        case, entry=ENTRY, selection=SELECTION, today=TODAY, templates=templates,
        profile=profile, enclosed=enclosed,
    )  # fmt: skip
    from cdt_desktop.domain.appeal.compose import composed_film_lines, enclosure_list
    from cdt_desktop.domain.appeal.films import enclosed_films, film_kind

    kinds = {"preop": "pre", "postop": "post"}
    films = sorted({kinds[k] for k in map(film_kind, letter.enclosures) if k})
    assert films == listed, letter.enclosures
    # the dialog's count: the films going are the images and the typed lines, not the profile's
    template = templates["radiograph"]
    made = composed_film_lines(case, ENTRY, template, profile)
    all_lines = enclosure_list(case, ENTRY, template, profile)
    captions = [{"preop": "Pre-op PA", "postop": "Post-op PA"}[k] for k in sorted(enclosed)]
    assert enclosed_films(all_lines, captions, made) == enclosed
    answer = " ".join(" ".join(s.paragraphs) for s in letter.sections)
    assert ("Both are enclosed" in answer) is both, answer
    typed = replace(case, enclosures=("Pre-operative periapical radiograph, mailed on CD",))
    kept = compose_appeal(
        typed, entry=ENTRY, selection=SELECTION, today=TODAY, templates=templates,
        profile=profile, enclosed=None,
    )  # fmt: skip
    assert "Pre-operative periapical radiograph, mailed on CD" in kept.enclosures


PAYMENT_TABLES = {
    "paid short, never denied": (
        (("submitted", "2026-08-18", ""), ("paid", "2026-09-02", "ERA 4410")),
        {"Payment date": "September 2, 2026", "EOB reference": "ERA 4410"},
        ("Denial date", "Original denial"),
    ),
    "denied, appealed, then paid short": (
        (("submitted", "2026-08-18", ""), ("denied", "2026-09-01", "EOB 77-1"),
         ("appealed", "2026-09-10", ""), ("paid", "2026-10-04", "ERA 5120")),
        {"Payment date": "October 4, 2026", "EOB reference": "ERA 5120",
         "Original denial": "September 1, 2026, EOB 77-1"},
        ("Denial date",),
    ),
    "paid, appealed, then denied": (
        (("submitted", "2026-08-18", ""), ("paid", "2026-09-02", "ERA 4410"),
         ("appealed", "2026-09-10", ""), ("denied", "2026-10-04", "APL-9")),
        {"Denial date": "October 4, 2026", "EOB reference": "APL-9"},
        ("Payment date", "Original denial"),
    ),
}  # fmt: skip


@pytest.mark.parametrize(("events", "shown", "absent"), PAYMENT_TABLES.values(), ids=PAYMENT_TABLES.keys())  # fmt: skip
def test_the_letter_s_table_dates_the_decision_appealed_a_payment_included(
    events: tuple[tuple[str, str, str], ...], shown: dict[str, str], absent: tuple[str, ...]
) -> None:
    """Walkthrough 43: a claim paid short and appealed for the balance had a table with no
    payment date and no EOB of the payment (and, after an earlier denial, that denial's date and
    EOB as if it were the decision appealed): the reviewer could not find the payment."""
    from cdt_desktop.domain.cases.status import StatusEvent

    case = load("d3330")
    history = tuple(
        StatusEvent(status, day, eob_reference=ref, level="1" if status == "appealed" else "",
                    amount="980.00" if status == "paid" else "")
        for status, day, ref in events
    )  # fmt: skip
    case = replace(case, status_history=history)
    rows = dict(compose_appeal(case, entry=None, selection=None, today=TODAY).re_rows)
    assert {label: rows.get(label) for label in shown} == shown
    assert not [label for label in absent if label in rows]


@pytest.mark.parametrize(
    "enclosed", [frozenset(), frozenset({"preop"}), frozenset({"preop", "postop"})]
)
def test_the_remark_of_a_case_with_a_prior_authorization_never_says_pa_for_a_film(
    case: Case, enclosed: frozenset[str]
) -> None:
    """Office walkthrough: "pre-op PA on file" on a claim with prior authorization PA-7781
    reads as the authorization on file. The films are x-rays in the remark."""
    data = {**case.to_dict(), "checklist": {"preop-radiograph": True, "postop-radiograph": True}}
    data["claim"] = {**data["claim"], "prior_auth_number": "PA-7781"}
    remark = claim_remark(Case.from_dict(data), entry=ENTRY, enclosed=enclosed)
    assert "x-ray" in remark and " PA" not in remark and len(remark) <= NTE_LIMIT
