"""The case's recorded facts as the letter states them, and the answer to the denial.

`fact_values` turns the case (its clinical facts, findings, dates) into the words that fill the
denial-category templates of the reference data; `denial_argument` fills the template of the
case's denial category, keeping for each sentence the first variant whose facts are all recorded
(so nothing is stated that the case does not hold); `facts_paragraphs` writes the clinical history
from the facts. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from cdt_desktop.domain.appeal.letter import FINDING_WORDS, format_date
from cdt_desktop.domain.appeal.profiles import DenialTemplate, guess_category
from cdt_desktop.domain.appeal.remark import control_tooth_display, tooth_display
from cdt_desktop.domain.cases.facts import (
    COLD_RESULTS,
    PERIAPICAL_DIAGNOSES,
    PULPAL_DIAGNOSES,
    TENDERNESS_RESULTS,
    ClinicalFacts,
    parse_canals,
)
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import Pulp
from cdt_desktop.domain.reference import CodeEntry

_IRREVERSIBLE = {
    "symptomatic-irreversible-pulpitis",
    "asymptomatic-irreversible-pulpitis",
    "pulp-necrosis",
    Pulp.IRREVERSIBLE_PULPITIS.value,  # findings.pulp values (the coding vocabulary)
    Pulp.NECROSIS.value,
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _ept_words(value: str) -> str:
    if not value:
        return ""
    return "no response" if value == "no-response" else f"reading {value}"


def tests_phrase(facts: ClinicalFacts, control: str | None = None) -> str:
    """E.g. "cold: no response (control #18: normal response); percussion: tender (control: ...)".

    ``control``: the control tooth as the letter names it (:func:`control_tooth_display`);
    None: as recorded."""
    if control is None:
        control = facts.control_tooth.strip()
    rows = (
        ("cold", COLD_RESULTS.get(facts.cold, ""), COLD_RESULTS.get(facts.cold_control, "")),
        ("EPT", _ept_words(facts.ept), _ept_words(facts.ept_control)),
        (
            "percussion",
            TENDERNESS_RESULTS.get(facts.percussion, ""),
            TENDERNESS_RESULTS.get(facts.percussion_control, ""),
        ),
        (
            "palpation",
            TENDERNESS_RESULTS.get(facts.palpation, ""),
            TENDERNESS_RESULTS.get(facts.palpation_control, ""),
        ),
    )
    parts = []
    for name, result, on_control in rows:
        if not result:
            continue
        if on_control:
            where = f"control tooth #{control.lstrip('#')}" if control else "control tooth"
            parts.append(f"{name} {result} ({where}: {on_control})")
        else:
            parts.append(f"{name} {result}")
    return "; ".join(parts)


def canals_phrase(facts: ClinicalFacts) -> tuple[str, str]:
    """("MB 20.5 mm, DB 20.0 mm", "MB and DB") from the recorded canals, or ("", "")."""
    canals = parse_canals(facts.canals) if facts.canals.strip() else None
    if not canals:
        return "", ""
    names = [name for name, _ in canals]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    lengths = ", ".join(f"{n} {length:.1f} mm" for n, length in canals if length is not None)
    return lengths, listed


def _interval(earlier: date | None, later: date | None) -> str:
    if earlier is None or later is None or later <= earlier:
        return ""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    years, months = divmod(max(months, 0), 12)
    parts = [f"{years} year{'s' if years != 1 else ''}" if years else ""]
    parts.append(f"{months} month{'s' if months != 1 else ''}" if months else "")
    text = " and ".join(p for p in parts if p)
    return text or "less than a month"


FILLED_CANAL_CODES = frozenset(
    {"D3310", "D3320", "D3330", "D3346", "D3347", "D3348", "D3353", "D3230", "D3240"}
)
"""Codes whose treatment ends with the canals filled (root canal therapy, its retreatment, the
final apexification visit, a primary tooth's resorbable filling)."""
OBTURATION_CODES = ("D3310", "D3320", "D3330", "D3346", "D3347", "D3348", "D3353")
"""Codes whose post-operative film shows an obturation, not a working or cone-fit film."""

_PREOP_FILM = "the diagnostic pre-operative periapical radiograph"
_POSTOP_FILM = "the post-operative periapical radiograph"


_DIAGNOSIS_NOUNS = {
    # the AAE categories that are no disease name, as a noun the sentences can carry ("the
    # tooth was diagnosed with previously treated and symptomatic apical periodontitis")
    "previously-treated": "a previously treated root canal system",
    "previously-initiated-therapy": "a previously initiated root canal therapy",
}


def fact_values(
    case: Case, entry: CodeEntry | None, enclosed: frozenset[str] | None = None
) -> dict[str, str]:
    """Every template placeholder's words for this case ("" when the fact is not recorded).

    ``enclosed``: the films the letter encloses ("preop", "postop"; :func:`enclosed_films`):
    the words that say a film is enclosed follow it, and a film dated or ticked that is not
    enclosed is only said to have been taken (``*_taken_*``). None: a film dated or ticked."""
    f, found = case.facts, case.findings
    pulpal = (
        _DIAGNOSIS_NOUNS.get(f.pulpal_diagnosis)
        or PULPAL_DIAGNOSES.get(f.pulpal_diagnosis, "")
        or FINDING_WORDS["pulp"].get(found.pulp, "")
    )
    lengths, names = canals_phrase(f)
    dos = parse_case_date(case.claim.date_of_service)
    pre, post = format_date(f.preop_radiograph_date), format_date(f.postop_radiograph_date)
    took_pre = bool(pre) or bool(case.checklist.get("preop-radiograph"))
    took_post = bool(post) or bool(case.checklist.get("postop-radiograph"))
    preop, postop = took_pre, took_post
    if enclosed is not None:
        preop, postop = "preop" in enclosed, "postop" in enclosed
    kept_pre, kept_post = took_pre and not preop, took_post and not postop  # taken, not enclosed
    irreversible = f.pulpal_diagnosis in _IRREVERSIBLE or (
        not f.pulpal_diagnosis and found.pulp in _IRREVERSIBLE
    )
    necrotic = f.pulpal_diagnosis == "pulp-necrosis" or (
        not f.pulpal_diagnosis and found.pulp == "necrosis"
    )
    code = case.procedure.code.strip().upper()
    return {
        "code": case.procedure.code.strip(),
        "code_name": entry.name if entry is not None else "",
        "tooth": tooth_display(case)[0],
        "date_of_service": format_date(case.claim.date_of_service),
        "pulpal_diagnosis": pulpal,
        "periapical_diagnosis": PERIAPICAL_DIAGNOSES.get(f.periapical_diagnosis, ""),
        "irreversible_pulp": pulpal if irreversible else "",
        "root": FINDING_WORDS["root"].get(found.root, ""),
        "tests": tests_phrase(f, control_tooth_display(case)),
        "control_tooth": control_tooth_display(case),
        "preop_radiograph_date": pre,
        "postop_radiograph_date": post,
        "radiograph_dates": " and ".join(x for x in (pre, post) if x),
        "preop_enclosed_date": pre if preop else "",  # the date of a film that is enclosed
        "postop_enclosed_date": post if postop else "",
        "preop_film": _PREOP_FILM if preop else "",
        "postop_film": _POSTOP_FILM if postop else "",
        "films_enclosed": "these films"
        if preop and postop
        else "this film"
        if preop or postop
        else "",
        "preop_taken_date": pre if kept_pre else "",  # taken (dated), not enclosed
        "postop_taken_date": post if kept_post else "",
        "preop_taken_film": _PREOP_FILM if kept_pre else "",
        "postop_taken_film": _POSTOP_FILM if kept_post else "",
        # the film in short, once one was taken (enclosed or kept): a sentence about the film
        # itself (after the sentence that names it in full)
        "preop_film_taken": "the pre-operative film" if took_pre or preop else "",
        "postop_film_taken": "the post-operative film" if took_post or postop else "",
        # when the post-op film was taken: only a code that fills the canals is "after the
        # canals were filled" (an apexification or regeneration visit fills none)
        "postop_when": "after the canals were filled"
        if code in FILLED_CANAL_CODES
        else "after treatment",
        # facts a sentence may only state when they hold (review: the letter said "this tooth
        # fits that description: complete root development" for a regeneration)
        "immature_root": FINDING_WORDS["root"].get(found.root, "")
        if found.root == "immature"
        else "",
        "necrotic_pulp": pulpal if necrotic else "",
        # a code of its own in the current code set: not an unspecified "by report" code
        # (D3999) nor one the yearly change deleted
        "listed_code": code
        if code and not code.endswith("999") and (entry is None or not entry.is_deleted)
        else "",
        "prior_rct_date": format_date(f.prior_rct_date),
        "prior_rct_provider": f.prior_rct_provider.strip(),
        "prior_rct_interval": _interval(parse_case_date(f.prior_rct_date), dos),
        "retreatment_reason": f.retreatment_reason.strip().rstrip("."),
        "canals": lengths,
        "canal_names": names,
        "materials": f.materials.strip().rstrip("."),
        "note": f.note.strip(),
    }


def fill(text: str, values: dict[str, str]) -> str | None:
    """`text` with its placeholders filled, or None when one of them is not recorded."""
    names = _PLACEHOLDER.findall(text)
    if any(not values.get(name) for name in names):
        return None

    def word(m: re.Match[str]) -> str:
        value, before = values[m.group(1)], text[: m.start()].rstrip()
        opens = not before or before.endswith((".", "?", "!"))  # a sentence starts with it
        return value[:1].upper() + value[1:] if opens else value

    filled = _PLACEHOLDER.sub(word, text)
    return filled[:1].upper() + filled[1:]


def category_for(case: Case, entry: CodeEntry | None, templates: dict[str, DenialTemplate]) -> str:
    """The case's denial category: as recorded, else as the EOB's wording suggests ("" if none)."""
    if case.claim.denial_category:
        return case.claim.denial_category
    denials = tuple((d.reason, d.category) for d in entry.denials) if entry else ()
    return guess_category(case.claim.denial_reason, templates, denials)


def denial_argument(
    case: Case,
    entry: CodeEntry | None,
    template: DenialTemplate | None,
    enclosed: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """The template's sentences for this case, as paragraphs of at most three sentences;
    ``enclosed``: the films the letter encloses (see :func:`fact_values`)."""
    if template is None:
        return ()
    values = fact_values(case, entry, enclosed)
    code = values["code"].upper()
    sentences = []
    for sentence in template.sentences:
        if sentence.codes and code not in sentence.codes:
            continue
        chosen = next((t for v in sentence.variants if (t := fill(v, values))), None)
        if chosen:
            sentences.append(chosen)
    size = 3 if len(sentences) != 4 else 2
    return tuple(" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size))


def _grouped(lines: list[str]) -> list[list[str]]:
    """Films and earlier treatment in one paragraph, canals and materials in the next."""
    first = [x for x in lines if not x.startswith(("Canals treated", "Materials"))]
    return [first, [x for x in lines if x not in first]]


def facts_paragraphs(case: Case, tooth: str) -> list[str]:
    """The clinical history from the recorded facts (no sentence for a fact not recorded)."""
    f = case.facts
    values = fact_values(case, None)
    where = tooth or "the tooth"
    lines = []
    tests = values["tests"]
    if tests:
        lines.append(f"Pulp tests on {where}: {tests}.")
    films = [
        f"pre-operative periapical radiograph taken {values['preop_radiograph_date']}"
        if values["preop_radiograph_date"]
        else "",
        f"post-operative periapical radiograph taken {values['postop_radiograph_date']}"
        if values["postop_radiograph_date"]
        else "",
    ]
    if any(films):
        text = "; ".join(x for x in films if x)
        lines.append(text[:1].upper() + text[1:] + ".")
    prior = [
        f"completed {values['prior_rct_date']}" if values["prior_rct_date"] else "",
        f"by {values['prior_rct_provider']}" if values["prior_rct_provider"] else "",
    ]
    if any(prior):
        lines.append(
            "Earlier root canal treatment of this tooth: " + " ".join(p for p in prior if p) + "."
        )
    if values["retreatment_reason"]:
        lines.append(f"Reason for retreatment: {values['retreatment_reason']}.")
    if values["canals"]:
        lines.append(f"Canals treated, with working lengths: {values['canals']}.")
    elif values["canal_names"]:
        lines.append(f"Canals treated: {values['canal_names']}.")
    if values["materials"]:
        lines.append(f"Materials: {values['materials']}.")
    paragraphs = []
    for group in (lines[:1] if tests else [], *_grouped(lines[1 if tests else 0 :])):
        if group:
            paragraphs.append(" ".join(group))
    if f.note.strip():
        paragraphs.append(f.note.strip())
    return paragraphs


def with_fact_ticks(case: Case, entry: CodeEntry | None) -> Case:
    """`case` with the checklist items its facts satisfy ticked (a fact answers its item)."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.facts import satisfied_items

    known = {item.id for item in entry.checklist} if entry is not None else None
    extra = {i: True for i in satisfied_items(case.facts) if known is None or i in known}
    if all(case.checklist.get(i) for i in extra):
        return case
    return replace(case, checklist={**case.checklist, **extra})


_DATED_TAIL = re.compile(r",?\s*dated\s*$", re.IGNORECASE)
_HAS_DATE = re.compile(r"\b(19|20)\d\d\b")


def _film_kind(text: str, *, named: bool = True) -> str | None:
    """ "preop" or "postop" for the film `text` names (with ``named``, only when it says it is a
    radiograph or film: an attached image's caption need not); None for any other text."""
    lower = text.lower()
    if named and "radiograph" not in lower and "film" not in lower:
        return None
    if "pre-op" in lower or "preop" in lower:
        return "preop"
    if "post-op" in lower or "postop" in lower:
        return "postop"
    return None


def film_kind(caption: str) -> str | None:
    """ "preop" or "postop" when an attached image's caption makes it the case's pre-op or
    post-op radiograph (it says "pre-op"/"pre-operative", "post-op"/"post-operative"), else None."""
    return _film_kind(caption, named=False)


def film_kind_named(file_name: str) -> str | None:
    """ "preop" or "postop" when an image file's name says which film it is ("PostOp_19.jpg",
    "pre-op PA.png", "post_operative.jpeg"), else None: the kind the attach dialog proposes
    before the film the case lacks first (a post-op file was proposed as the pre-op film)."""
    stem = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    squeezed = re.sub(r"[^a-z]", "", stem.lower())
    return next((kind for kind in ("postop", "preop") if kind in squeezed), None)


def _film_date(text: str, values: dict[str, str]) -> str | None:
    """The recorded date of the radiograph `text` names; None when it names no pre/post film."""
    kind = _film_kind(text)
    return None if kind is None else values[f"{kind}_radiograph_date"]


def dated_enclosures(case: Case, enclosures: tuple[str, ...]) -> tuple[str, ...]:
    """Radiograph enclosures with their recorded date ("..., dated September 2, 2026").

    A film whose date is not recorded loses a dangling "dated" (the pre-export check names it).
    """
    values = fact_values(case, None)
    result = []
    for text in enclosures:
        when = _film_date(text, values)
        if when is None or _HAS_DATE.search(text):
            result.append(text)
            continue
        base = _DATED_TAIL.sub("", text).rstrip(" ,")
        result.append(f"{base}, dated {when}" if when else base)
    return tuple(result)


def enclosed_films(
    listed: Iterable[str], captions: Iterable[str] = (), ticked: Iterable[str] = ()
) -> frozenset[str]:
    """The films a letter encloses, "preop" and "postop": those its attached images' captions
    name (a caption need not say "radiograph"), and, once an image goes with the letter, those
    its enclosure lines name as a radiograph or film, but for the lines the checklist's ticks
    made (``ticked``, as ``ticked_film_lines``): a tick says the film was taken, not that it
    goes. A line the office typed ("pre-op radiograph, mailed on CD") counts: the office sends
    that film its own way. With no image attached to the case, none: the letter carries no
    film, so it says the films were taken, not that they are enclosed (with one image attached
    and the other film ticked, it said "Both are enclosed": review). What the letter says is
    enclosed follows this, never the ticks alone."""
    images = [_film_kind(caption, named=False) for caption in captions]
    if not images:
        return frozenset()
    made = frozenset(ticked)
    kinds = {*images, *(_film_kind(text) for text in listed if text not in made)}
    return frozenset(k for k in kinds if k is not None)


def films_not_enclosed_left_out(
    enclosures: Iterable[str], films: frozenset[str], ticked: frozenset[str]
) -> tuple[str, ...]:
    """The enclosure lines less those the checklist's ticks made (``ticked``, as
    ``ticked_film_lines``) for a pre-op (post-op) film the letter does not go out with
    (``films``, as ``enclosed_films``): the answer to the denial says such a film is kept in
    the patient's record, and the list named it as enclosed beside that sentence (the sample
    letter said "Both are kept in the patient's record" above "Enclosures: pre-operative
    periapical radiograph ..."; billing walkthrough). A line the office typed on the case
    itself, or one its payer profile asks for, stays: the office sends that one its own way."""
    return tuple(
        text for text in enclosures if text not in ticked or _film_kind(text) in (None, *films)
    )


def ticked_film_lines(case: Case, entry: CodeEntry | None) -> frozenset[str]:
    """The enclosure lines the checklist's ticks make for the pre-op and post-op films, as
    written and as dated (``dated_enclosures``)."""
    from dataclasses import replace

    from cdt_desktop.domain.appeal.letter import enclosures_for

    lines = tuple(
        text for text in enclosures_for(replace(case, enclosures=()), entry) if _film_kind(text)
    )
    return frozenset(lines) | frozenset(dated_enclosures(case, lines))


def without_attached_films(enclosures: Iterable[str], captions: Iterable[str]) -> tuple[str, ...]:
    """The listed enclosures less the pre-op (post-op) film an attached pre-op (post-op) image
    stands for: the image has its own line, with its date, and the reviewer counts the films
    listed against the film pages behind the letter. A film no image stands for stays listed
    (it may go separately), as does anything that is not a pre- or post-op film."""
    shown = {_film_kind(caption, named=False) for caption in captions} - {None}
    return tuple(text for text in enclosures if _film_kind(text) not in shown)


def recorded_film_dates(case: Case) -> dict[str, str]:
    """The pre-op and post-op radiographs' dates recorded under Clinical facts, by film kind
    ("preop", "postop"): what the attach dialog proposes as a film's date taken."""
    facts = case.facts
    dates = {"preop": facts.preop_radiograph_date, "postop": facts.postop_radiograph_date}
    return {kind: when.strip() for kind, when in dates.items() if when.strip()}


def with_film_dates(case: Case, attached: Iterable[tuple[str, str]]) -> Case:
    """`case` with a dated pre-op (post-op) image attached to it as its pre-op (post-op)
    radiograph where the clinical facts record none: the film is on the case, dated, and
    printed behind the letter, so the answer to a missing-radiograph denial names it and the
    check counts it (tour7: the check said the pre-op film was not recorded and the letter
    answered the denial with nothing while the film was enclosed). ``attached`` are (caption,
    date taken); the first dated image of each kind counts."""
    from dataclasses import replace

    dates: dict[str, str] = {}
    for caption, taken_on in attached:
        kind = _film_kind(caption, named=False)
        field = f"{kind}_radiograph_date"
        if kind and taken_on and not getattr(case.facts, field) and field not in dates:
            dates[field] = taken_on
    return replace(case, facts=replace(case.facts, **dates)) if dates else case


def undated_films(
    case: Case, enclosures: tuple[str, ...], attached: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """Enclosed radiographs with no date (recorded or typed): a reviewer cannot place them.

    ``attached`` are the films enclosed as images, (caption, date taken): a dated pre-op (or
    post-op) image dates the pre-op (post-op) film the list names, as its own page shows."""
    values = fact_values(case, None)
    dated = {_film_kind(caption, named=False) for caption, taken_on in attached if taken_on}
    return [
        text
        for text in enclosures
        if (when := _film_date(text, values)) is not None
        and not when
        and not _HAS_DATE.search(text)
        and _film_kind(text) not in dated
    ]
