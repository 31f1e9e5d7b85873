"""The claim remark (837D NTE02: 1-80 characters) and the tooth as the letter shows it.

The remark travels inside the X12 837D claim, so beyond the 80-character limit it must stay in
the basic character set: plain ASCII, and none of the usual X12 delimiters (``~ * : ^ |``), which a
clearinghouse would read as segment or element separators. It always fits, whatever the input:
the least important parts are dropped first, and only then is the text cut at a word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from cdt_desktop.domain.coding.findings import TERMS, Pulp, Root

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.reference import CodeEntry

NTE_LIMIT = 80
_X12_UNSAFE = re.compile(r"[~*:^|\\]")

PULP_SHORT = {pulp.value: TERMS[pulp].words for pulp in Pulp}
ROOT_SHORT = {root.value: TERMS[root].words for root in Root}

DOCUMENT_GROUPS = ("imaging", "consent")
"""Checklist groups whose items are documents (radiographs, consent forms) that can be enclosed.

Clinical items are facts in the chart and billing items are the office's own checks; a payer reads
an enclosure list as the contents of the envelope, so only these groups may appear there.
"""
_DOCUMENT_ID_WORDS = ("radiograph", "consent")  # for ids the code's entry does not know
_FILM_WORDS = ("pre-op", "preop", "post-op", "postop")


def is_document(group: str, text: str) -> bool:
    """Whether a checklist item of ``group`` stands for a document that can be enclosed: a
    consent form, or the pre-op or post-op film. An imaging item that says what a film shows
    ("Radiograph shows the open, immature apex") is a finding the clinical record documents:
    listed under Enclosures, it named no document and claimed one with no image (review)."""
    if group not in DOCUMENT_GROUPS:
        return False
    return group != "imaging" or any(word in text.lower() for word in _FILM_WORDS)


def ticked_documents(case: Case, entry: CodeEntry | None = None) -> list[str]:
    """Ids of the ticked checklist items that stand for an enclosable document.

    The entry's group decides. An id the entry does not know is a tick of another code's item
    (the case was re-coded: its checklist hides it) and counts for nothing: D3351's "Radiograph
    shows the open, immature apex", ticked before Ctrl+Z put the case back on D3330, went out
    as the enclosure "Apex open on radiograph" beside "closed apex" (hostile-user walkthrough).
    Without the entry (the reference library unavailable), an id counts only when it names a
    radiograph or a consent, so that neither the letter nor the remark ever claims a record
    that may not be in the envelope.
    """
    items = {item.id: item for item in entry.checklist} if entry is not None else {}
    result = []
    for item_id, on in case.checklist.items():
        if not on:
            continue
        item = items.get(item_id)
        if item is None and entry is not None:
            continue
        if item is None:
            document = any(word in item_id.lower() for word in _DOCUMENT_ID_WORDS)
        else:
            document = is_document(item.group, item.text)
        if document:
            result.append(item_id)
    return result


def tooth_display(case: Case) -> tuple[str, str]:
    """(short, long) forms of the case's tooth: ``("#19", "#19, mandibular left first molar, FDI 36")``.

    A tooth the numbering module cannot parse is shown as typed, so a letter can still be drafted.
    """
    raw = case.procedure.tooth.strip()
    if not raw:
        return "", ""
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

    try:
        tooth = parse_tooth(raw, case.procedure.notation or "universal")
    except InvalidToothError:
        return _as_typed(raw, case.procedure.notation)
    return f"#{tooth.universal}", tooth.label


def control_tooth_display(case: Case) -> str:
    """The control tooth of the pulp tests as the letter numbers teeth: ``"#29"`` for FDI 45.

    The letter names the treated tooth in Universal numbers, so the control tooth recorded in the
    case's notation is given the same way; one the numbering module cannot parse is shown as typed.
    """
    raw = case.facts.control_tooth.strip().lstrip("#")
    if not raw:
        return ""
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

    try:
        return f"#{parse_tooth(raw, case.procedure.notation or 'universal').universal}"
    except InvalidToothError:
        return f"#{raw}"


def _is_primary(case: Case) -> bool:
    try:
        from cdt_desktop.domain.teeth import parse_tooth

        return parse_tooth(case.procedure.tooth, case.procedure.notation or "universal").is_primary
    except (ImportError, ValueError):
        return False


def _as_typed(raw: str, notation: str) -> tuple[str, str]:
    short = raw if raw.startswith("#") else f"#{raw}"
    if notation and notation != "universal":
        return short, f"{raw} ({notation.upper() if notation == 'fdi' else notation.title()})"
    return short, short


def x12_safe(text: str) -> str:
    """ASCII letters/digits/punctuation only, X12 delimiters removed, whitespace collapsed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _X12_UNSAFE.sub(" ", folded)
    folded = "".join(ch if ch.isprintable() else " " for ch in folded)
    return " ".join(folded.split())


def _attachment_words(
    case: Case, entry: CodeEntry | None, enclosed: frozenset[str] = frozenset()
) -> str:
    """What the remark may say is attached: a film only when it goes with the letter
    (``enclosed``: "preop", "postop", as `films.enclosed_films`), a film recorded (ticked, or
    dated under Clinical facts: tour7) but not going as "on file"; other documents as records.
    It said "PA pre/post-op attached" beside a letter that kept both films in the record
    (billing walkthroughs)."""
    if "preop" in enclosed and "postop" in enclosed:
        return "pre/post-op x-rays attached"
    if "preop" in enclosed:
        return "pre-op x-ray attached"
    if "postop" in enclosed:
        return "post-op x-ray attached"
    from dataclasses import replace

    from cdt_desktop.domain.cases.facts import satisfied_items

    recorded = {**case.checklist, **dict.fromkeys(satisfied_items(case.facts), True)}
    documents = {
        key.replace("-", "").replace("_", "").lower()
        for key in ticked_documents(replace(case, checklist=recorded), entry)
    }
    has_pre = any("preop" in key for key in documents)
    has_post = any("postop" in key for key in documents)
    if has_pre and has_post:
        return "pre/post-op x-rays on file"
    if has_pre:
        return "pre-op x-ray on file"
    if has_post:
        return "post-op x-ray on file"
    if documents or any(e.strip() for e in case.enclosures):
        return "records attached"
    return ""


def claim_remark(
    case: Case,
    *,
    entry: CodeEntry | None = None,
    limit: int = NTE_LIMIT,
    enclosed: frozenset[str] = frozenset(),
) -> str:
    """E.g. ``Appeal - #19 D3330 necrotic pulp, complete root; pre/post-op x-rays attached``.

    `entry` (the code's reference entry) tells which ticked items are documents; without it only
    ids naming a radiograph or a consent count (see `ticked_documents`). `enclosed`: the films
    going with the letter (none from the command line, whose letter carries no image): only
    those are said to be attached; a film recorded but not going is "on file".
    """
    tooth = x12_safe(tooth_display(case)[0])
    code = x12_safe(case.procedure.code)
    clinical = [PULP_SHORT.get(case.findings.pulp, ""), ROOT_SHORT.get(case.findings.root, "")]
    if case.findings.successor == "no" and _is_primary(case):
        # The fact that lets a primary tooth take D3310/D3330; root development is not asked of
        # primary teeth, so it gives way.
        clinical[1] = "no successor"
    attach = _attachment_words(case, entry, enclosed)
    head = " ".join(x for x in ("Appeal -", tooth, code) if x)
    options = [
        (clinical, attach),
        (clinical, ""),
        (clinical[:1], ""),
        ([], ""),
    ]
    for words, tail in options:
        text = head
        detail = ", ".join(w for w in words if w)
        if detail:
            text += f" {detail}"
        if tail:
            text += f"; {tail}"
        if len(text) <= limit:
            return text
    return _cut(head, limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    at = cut.rfind(" ")
    return (cut[:at] if at > limit // 2 else cut).rstrip(" -,;")
