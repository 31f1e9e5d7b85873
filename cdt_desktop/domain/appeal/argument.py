"""The case's recorded facts as the letter states them, and the answer to the denial.

`fact_values` turns the case (its clinical facts, findings, dates) into the words that fill the
denial-category templates of the reference data; `denial_argument` fills the template of the
case's denial category, keeping for each sentence the first variant whose facts are all recorded
(so nothing is stated that the case does not hold); `facts_paragraphs` writes the clinical history
from the facts. Pure Python.
"""

from __future__ import annotations

import re

from cdt_desktop.core.text import capitalized, in_sentence
from cdt_desktop.domain.appeal.code_fit import TOOTH_FITS_ITEM, billed_with
from cdt_desktop.domain.appeal.fact_words import (
    canals_phrase,
    limitation_words,
    rough_interval,
    tests_phrase,
    when,
)
from cdt_desktop.domain.appeal.letter import FINDING_WORDS, answers_a_payment, format_date
from cdt_desktop.domain.appeal.profiles import DenialTemplate, guess_category
from cdt_desktop.domain.appeal.remark import control_tooth_display, tooth_display
from cdt_desktop.domain.cases.facts import (
    PERIAPICAL_DIAGNOSES,
    PULPAL_DIAGNOSES,
)
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import Pulp
from cdt_desktop.domain.dates import rough_date_words
from cdt_desktop.domain.reference import CodeEntry

_IRREVERSIBLE = {
    "symptomatic-irreversible-pulpitis",
    "asymptomatic-irreversible-pulpitis",
    "pulp-necrosis",
    Pulp.IRREVERSIBLE_PULPITIS.value,  # findings.pulp values (the coding vocabulary)
    Pulp.NECROSIS.value,
}
_PULPITIS = {  # irreversible pulpitis: a vital pulp inflamed beyond healing (not yet necrotic)
    "symptomatic-irreversible-pulpitis",
    "asymptomatic-irreversible-pulpitis",
    Pulp.IRREVERSIBLE_PULPITIS.value,
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


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
_FINDING_NOUNS = {
    # the same for the chart's pulp status, when no pulpal diagnosis was typed (a case made at
    # the chair read "diagnosed with previously treated tooth (prior root canal therapy)")
    "previously-treated": _DIAGNOSIS_NOUNS["previously-treated"],
    "previously-initiated": _DIAGNOSIS_NOUNS["previously-initiated-therapy"],
}


def fact_values(
    case: Case, entry: CodeEntry | None, enclosed: frozenset[str] | None = None
) -> dict[str, str]:
    """Every template placeholder's words for this case ("" when the fact is not recorded).

    ``enclosed``: the films the letter encloses ("preop", "postop"; `films.enclosed_films`):
    the words that say a film is enclosed follow it, and a film dated or ticked that is not
    enclosed is only said to have been taken (``*_taken_*``). None: a film dated or ticked."""
    f, found = case.facts, case.findings
    pulpal = (
        _DIAGNOSIS_NOUNS.get(f.pulpal_diagnosis)
        or PULPAL_DIAGNOSES.get(f.pulpal_diagnosis, "")
        or _FINDING_NOUNS.get(found.pulp)
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
    # "With this film the claim can be reviewed" only when the films going are those the
    # denial asked for (it followed a pre-op film on "post-operative radiograph not received")
    asked = films_asked(case.claim.denial_reason)
    answered = not asked - {k for k, going in (("preop", preop), ("postop", postop)) if going}
    irreversible = f.pulpal_diagnosis in _IRREVERSIBLE or (
        not f.pulpal_diagnosis and found.pulp in _IRREVERSIBLE
    )
    pulpitis = f.pulpal_diagnosis in _PULPITIS or (
        not f.pulpal_diagnosis and found.pulp in _PULPITIS
    )
    necrotic = f.pulpal_diagnosis == "pulp-necrosis" or (
        not f.pulpal_diagnosis and found.pulp == "necrosis"
    )
    code = case.procedure.code.strip().upper()
    authorization = case.claim.prior_auth_number.strip()
    # a post-op film dated before the date of service was not taken after the treatment: the
    # letter gives its date only, never "after the canals were filled" (the pre-export check
    # names the date to correct; walkthrough: the letter said it over the check's warning)
    post_day = parse_case_date(f.postop_radiograph_date)
    post_after = post_day is None or dos is None or post_day >= dos
    passed, running = limitation_words(case.claim.denial_reason, f.prior_rct_date, dos)
    reduced = answers_a_payment(case)
    return {
        # what the answer answers: a denial, or a payment the payer reduced (a claim never
        # denied): "The claim was denied under a frequency limitation" was printed for a claim
        # paid $980.00 of $1,250.00 (closing note of 6 December)
        "the_denial": "the explanation of benefits" if reduced else "the denial",
        "the_claim_was_denied": "the payment was reduced" if reduced else "the claim was denied",
        # a claim re-coded since it went is reviewed as corrected: "as submitted" contradicted
        # the opening's "submitted with D3330 in error" (billing walkthrough)
        "as_submitted": "as corrected" if billed_with(case) else "as submitted",
        "code": case.procedure.code.strip(),
        "code_name": entry.name if entry is not None else "",
        "tooth": tooth_display(case)[0],
        "date_of_service": format_date(case.claim.date_of_service),
        "pulpal_diagnosis": pulpal,
        "periapical_diagnosis": PERIAPICAL_DIAGNOSES.get(f.periapical_diagnosis, ""),
        "irreversible_pulp": pulpal if irreversible else "",
        # a prior authorization the payer issued (claim form box 2): the letter cites it, and
        # the argument for treating without one is only made when none was recorded
        "prior_auth_number": authorization,
        "irreversible_pulp_unauthorized": pulpal if irreversible and not authorization else "",
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
        "films_enclosed": ""
        if not answered
        else "these films"
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
        # the same, unless its date puts it before the date of service: only such a film is
        # said to be the final film, taken after obturation
        "postop_film_final": "the post-operative film"
        if (took_post or postop) and post_after
        else "",
        # when the post-op film was taken: only a code that fills the canals is "after the
        # canals were filled" (an apexification or regeneration visit fills none); nothing
        # for a film dated before the date of service
        "postop_when": ""
        if not post_after
        else "after the canals were filled"
        if code in FILLED_CANAL_CODES
        else "after treatment",
        # facts a sentence may only state when they hold (review: the letter said "this tooth
        # fits that description: complete root development" for a regeneration)
        "immature_root": FINDING_WORDS["root"].get(found.root, "")
        if found.root == "immature"
        else "",
        "necrotic_pulp": pulpal if necrotic else "",
        # a pulp still vital that cannot heal: a sentence on its prognosis differs from a
        # necrotic pulp's ("a pulp with pulp necrosis cannot recover" read oddly: it is dead)
        "irreversible_pulpitis": pulpal if pulpitis else "",
        # a code of its own in the current code set: not an unspecified "by report" code
        # (D3999) nor one the yearly change deleted
        "listed_code": code
        if code and not code.endswith("999") and (entry is None or not entry.is_deleted)
        else "",
        "prior_rct_date": rough_date_words(f.prior_rct_date),
        "prior_rct_when": when(f.prior_rct_date),
        "prior_rct_provider": f.prior_rct_provider.strip(),
        "prior_rct_interval": rough_interval(f.prior_rct_date, dos),
        # a frequency limitation's period against the earlier root canal's date: outside it,
        # the letter says so; the argument that treatment could not wait for the period to
        # pass only where it may not have passed (it followed "about 11 years": walkthrough)
        "limitation_passed": passed,
        "limitation_running": running,
        "retreatment_reason": in_sentence(f.retreatment_reason.strip().rstrip(".")),
        "canals": lengths,
        "canal_names": names,
        "materials": f.materials.strip().rstrip("."),
        "note": f.note.strip(),
    }


_PRE_WORDS = ("pre-op", "preop", "pre op", "pre-treatment", "pretreatment")
_POST_WORDS = ("post-op", "postop", "post op", "post-treatment", "posttreatment", "final film")


def films_asked(reason: str) -> frozenset[str]:
    """The films a denial's words ask for, "preop" and/or "postop" ("Post-operative radiograph
    not received": postop); none when it names no particular film."""
    lower = " ".join(reason.lower().split())
    asked = set()
    if any(word in lower for word in _PRE_WORDS):
        asked.add("preop")
    if any(word in lower for word in _POST_WORDS):
        asked.add("postop")
    return frozenset(asked)


def fill(text: str, values: dict[str, str]) -> str | None:
    """`text` with its placeholders filled, or None when one of them is not recorded."""
    names = _PLACEHOLDER.findall(text)
    if any(not values.get(name) for name in names):
        return None

    def word(m: re.Match[str]) -> str:
        value, before = values[m.group(1)], text[: m.start()].rstrip()
        opens = not before or before.endswith((".", "?", "!"))  # a sentence starts with it
        return capitalized(value) if opens else value

    filled = _PLACEHOLDER.sub(word, text)
    return capitalized(filled)


def category_for(case: Case, entry: CodeEntry | None, templates: dict[str, DenialTemplate]) -> str:
    """The case's denial category: as recorded, else as the EOB's wording suggests ("" if none)."""
    if case.claim.denial_category:
        return case.claim.denial_category
    return category_read(case.claim.denial_reason, entry, templates)


def category_read(
    reason: str, entry: CodeEntry | None, templates: dict[str, DenialTemplate]
) -> str:
    """The category a denial reason reads as for a claim of ``entry``'s code ("" if none): the
    templates' reason codes and keywords, and the code's common denials. The letter and the
    claim status dialog both read a reason this way."""
    denials = tuple((d.reason, d.category) for d in entry.denials) if entry else ()
    return guess_category(reason, templates, denials)


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


def template_enclosures(
    case: Case, entry: CodeEntry | None, template: DenialTemplate | None
) -> tuple[str, ...]:
    """The enclosure lines ``template`` asks for, as the case's record bears them out: each
    line's first variant whose facts are all recorded ("Chart notes with the diagnosis and pulp
    test results" listed only with pulp tests recorded: billing walkthrough); a line none of
    whose variants holds is left out."""
    if template is None or not template.enclose:
        return ()
    values = fact_values(case, entry)
    lines = []
    for line in template.enclose:
        chosen = next((v for v in line if all(values.get(n) for n in v.needs)), None)
        if chosen is not None:
            lines.append(chosen.text)
    return tuple(lines)


def _grouped(lines: list[str]) -> list[list[str]]:
    """Films and earlier treatment in one paragraph, canals and materials in the next."""
    first = [x for x in lines if not x.startswith(("Canals treated", "Materials"))]
    return [first, [x for x in lines if x not in first]]


def facts_paragraphs(case: Case, tooth: str, answered: str = "") -> list[str]:
    """The clinical history from the recorded facts (no sentence for a fact not recorded), but
    the pulp tests, earlier root canal, reason for retreatment and materials the answer to the
    denial (``answered``)
    states already: a reviewer read each twice, word for word (billing walkthrough)."""
    f = case.facts
    values = fact_values(case, None)
    for key in ("tests", "materials", "retreatment_reason"):
        if values[key] and values[key] in answered:
            values[key] = ""
    provider = values["prior_rct_provider"]
    if (
        values["prior_rct_date"]
        and values["prior_rct_date"] in answered
        and (not provider or provider in answered)
    ):
        values["prior_rct_when"] = values["prior_rct_provider"] = ""
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
        lines.append(capitalized(text) + ".")
    prior = [
        f"completed {values['prior_rct_when']}" if values["prior_rct_when"] else "",
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


def tooth_fit_words(case: Case) -> str:
    """ "#19 is a permanent molar" when the case's code is for one type of tooth (or a primary
    tooth without a permanent successor, or any permanent tooth) and the case's tooth is one, as
    the tooth chart's candidates say it; "" without a tooth, for a tooth of another type or an
    unknown successor, and for a code that names no tooth (nothing was compared)."""
    from cdt_desktop.domain.cases.selection import case_tooth
    from cdt_desktop.domain.coding.rules import PERMANENT_ONLY, fit, tooth_words

    tooth = case_tooth(case)
    if tooth is None:
        return ""
    code = case.procedure.code.strip().upper()
    found = fit(code, tooth, case.findings.has_successor)
    if found.reason is not None:
        return ""
    # a code for permanent teeth of any type (apexification, regeneration): the dentition is
    # what the item compares (a regeneration request on #8 named the item as missing: walkthrough)
    if not found.matched and code in PERMANENT_ONLY and not tooth.is_primary:
        return tooth_words(tooth)
    return found.matched


SUCCESSOR_ITEM = "successor-status"
"""A primary tooth's "Presence or absence of the permanent successor noted, with the
radiograph": the record answers it when the chart's Successor question is answered and a
pre-operative film is on record (``successor_on_record``)."""


def successor_on_record(case: Case) -> str:
    """ "present" or "absent", when the case answers its successor question (the chart's
    Successor yes or no: the selector's input for a primary tooth) and a pre-operative film is
    on record (its date under Clinical facts, a dated pre-op image, or the item ticked); "" else.
    Walkthrough: on #K with Successor = Yes the item still wanted a tick of its own."""
    has = case.findings.has_successor
    film = case.facts.preop_radiograph_date or case.checklist.get("preop-radiograph")
    if has is None or not film:
        return ""
    return "present" if has else "absent"


def with_fact_ticks(case: Case, entry: CodeEntry | None) -> Case:
    """`case` with the checklist items its record answers ticked: its facts, and the tooth's
    fit to the code (a walkthrough: Mark as submitted and the letter's check asked the clerk
    to confirm that #19 fits D3330, which the chart had already shown)."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.facts import satisfied_items

    known = {item.id for item in entry.checklist} if entry is not None else None
    answered = set(satisfied_items(case.facts))
    if tooth_fit_words(case):
        answered.add(TOOTH_FITS_ITEM)
    if successor_on_record(case):
        answered.add(SUCCESSOR_ITEM)
    extra = {i: True for i in answered if known is None or i in known}
    if all(case.checklist.get(i) for i in extra):
        return case
    return replace(case, checklist={**case.checklist, **extra})
