"""Denial-category templates and payer profiles (reference data; pure types, no SQL).

The reference library (`db.reference.library`) fills these from ``data/source/appeals.toml``; the
office's own payer profiles come from the case store in the same shape. `guess_category` reads the
denial reason as the EOB words it and names the category whose argument answers it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cdt_desktop.core.patterns import LazyPattern
from cdt_desktop.domain.cases.status import DEFAULT_APPEAL_WINDOW_DAYS, DENIAL_CATEGORIES


class TemplateSentence(NamedTuple):
    variants: tuple[str, ...]  # the first whose placeholders are all recorded is used
    codes: tuple[str, ...] = ()  # only for these codes (empty: every code)


class EnclosureVariant(NamedTuple):
    text: str
    needs: tuple[str, ...] = ()  # placeholders (argument.fact_values) the case must record


EnclosureLine = tuple[EnclosureVariant, ...]
"""One line of a template's enclosure list: the first variant whose ``needs`` are all recorded
on the case is listed (none: the line is left out). A plain line is one variant needing
nothing."""


def plain_line(text: str) -> EnclosureLine:
    """An enclosure line listed whatever the case records."""
    return (EnclosureVariant(text),)


class DenialTemplate(NamedTuple):
    id: str  # a status.DENIAL_CATEGORIES key
    name: str
    sentences: tuple[TemplateSentence, ...]
    keywords: tuple[str, ...] = ()
    enclose: tuple[EnclosureLine, ...] = ()
    carc: tuple[int, ...] = ()  # X12 Claim Adjustment Reason Codes the EOB prints for it


class PayerProfile(NamedTuple):
    id: str
    name: str
    address: str = ""
    window_days: int = DEFAULT_APPEAL_WINDOW_DAYS
    signed_letter: bool = False  # a letter signed by the treating dentist
    contemporaneous_records: bool = False  # records made at the time of treatment, not a narrative
    separate_mailing: bool = False  # the appeal goes in its own envelope
    brief: bool = False  # a short letter: no general description of the code
    enclose: tuple[str, ...] = ()
    instructions: str = ""  # for the office
    verify: tuple[str, ...] = ()
    office: bool = False  # True when the office added or edited it (case store)

    @property
    def unconfirmed(self) -> bool:
        """A shipped profile whose rules no source confirms (its `verify` list says so): what
        it says the payer wants is shown as something to check, never as the payer's rule. An
        office's own profile is the office's word and carries no such list."""
        return not self.office and bool(self.verify)


UNCONFIRMED_PROFILE = "the profile shipped with the app; not confirmed: check the payer's manual"
"""Said after each payer rule an unconfirmed profile gives (`PayerProfile.unconfirmed`)."""


def guess_category(
    reason: str,
    templates: dict[str, DenialTemplate],
    code_denials: tuple[tuple[str, str], ...] = (),
) -> str:
    """The denial category the EOB's wording points to, or "" when nothing matches.

    A Claim Adjustment Reason Code in the reason ("CO-50", "PR 119": the payer's own code for
    why) decides first: the first one that a template lists. Else each template's keywords
    count once; the most matches wins (ties: the category order of `DENIAL_CATEGORIES`).
    `code_denials` are the code's common denials as (reason, category) from the library: when
    the typed reason shares most of its words with one, that one decides. Then the EOB's lead
    clause (up to its first colon, semicolon or period), when it names a category: "Not
    medically necessary: radiographs submitted do not demonstrate periapical pathology" is a
    necessity denial, though the rest names films twice. A long EOB pasted whole that opened
    with "CO-50 ... not deemed a medical necessity" and went on about the radiographs was read
    as a missing-radiograph denial by its keywords alone.
    """
    text = " ".join(reason.lower().split())
    if not text:
        return ""
    for code in reason_codes(reason):
        coded = next((t.id for t in templates.values() if code in t.carc), "")
        if coded:
            return coded
    words = set(_words(text))
    best_overlap, best_category = 0.0, ""
    for known, category in code_denials:
        known_words = set(_words(known.lower()))
        if category and known_words:
            overlap = len(words & known_words) / len(known_words)
            if overlap > best_overlap:
                best_overlap, best_category = overlap, category
    if best_overlap >= 0.6:
        return best_category
    stated = reason.strip()
    end = _LEAD.search(stated)
    lead = " ".join((stated[: end.start()] if end else stated).lower().split())
    if lead != text and (led := _most_named(lead, templates)):
        return led  # "Not medically necessary: radiographs ... do not demonstrate ..."
    return _most_named(text, templates)


def _most_named(text: str, templates: dict[str, DenialTemplate]) -> str:
    """The category whose keywords ``text`` names most ("" for none; ties: the category order
    of `DENIAL_CATEGORIES`). A keyword of several words counts for each word: "alternate
    benefit" says more than "limitation" ("Benefit reduced to the alternate benefit for D3310
    per plan limitation" was answered as a frequency limitation: keyboard walk)."""
    order = list(DENIAL_CATEGORIES)
    scores = [
        (
            sum(len(k.split()) for k in t.keywords if k in text),
            -order.index(t.id) if t.id in order else -99,
            t.id,
        )
        for t in templates.values()
    ]
    score, _, category = max(scores, default=(0, 0, ""))
    return category if score > 0 else ""


_LEAD = LazyPattern(r"[:;.\n]")
"""Where an EOB's lead clause ends: the ground it states first, then what it says of it."""


_CARC = LazyPattern(
    r"\b(?:(?:co|pr|oa|pi|cr)\s*-?\s*|carc\s*#?\s*|reason\s+code\s*#?\s*)(\d{1,3})\b",
    re.IGNORECASE,
)


def reason_codes(reason: str) -> list[int]:
    """The Claim Adjustment Reason Codes in an EOB's text, in order: a group code (CO, PR, OA,
    PI, CR) and the number ("CO-50", "PR 119", "CO97"), or "CARC 50" / "reason code 50"."""
    return [int(m.group(1)) for m in _CARC.finditer(reason)]


def also_read_as(reason: str, templates: dict[str, DenialTemplate], answered: str) -> list[str]:
    """The other denial categories the EOB's wording names besides ``answered`` (each by at
    least one of its keywords), in the order of `DENIAL_CATEGORIES`: an EOB may deny on two
    grounds ("...do not support the necessity of treatment. Pre-operative radiograph not
    received."), and the letter answers one category."""
    text = " ".join(reason.lower().split())
    order = list(DENIAL_CATEGORIES)
    codes = set(reason_codes(reason))
    found = [
        t.id
        for t in templates.values()
        if t.id != answered and (any(k in text for k in t.keywords) or codes.intersection(t.carc))
    ]
    return sorted(found, key=lambda c: order.index(c) if c in order else len(order))


_STOP = {"the", "a", "an", "of", "or", "and", "to", "for", "is", "was", "as", "on", "in", "not"}


def _words(text: str) -> list[str]:
    import re

    return [w for w in re.findall(r"[a-z0-9-]+", text) if w not in _STOP and len(w) > 2]


def kept_profile_id(profile_id: str, saved_name: str, typed_name: str) -> str:
    """The payer profile id a case keeps when its payer's name is edited: the id while the name
    is the one it was saved with (spacing and case aside), else none, so that the name typed
    picks the profile. A case filed as MetLife's and retyped "Delta Dental" kept MetLife's
    profile: its window, its address, its asks (two-PC walk)."""

    def same(name: str) -> str:
        return " ".join(name.casefold().split())

    return profile_id if same(saved_name) == same(typed_name) else ""


def profile_for(
    profile_id: str, payer_name: str, profiles: tuple[PayerProfile, ...]
) -> PayerProfile | None:
    """The case's payer profile: by its recorded id, else the one whose name the payer's contains;
    of several, the longest name (the most exact: "Northeast Delta Dental" over an office's
    "Delta Dental", which took Northeast Delta Dental's claims with its own window: walkthrough).

    An office's own profile (`office=True`) wins over a shipped one of the same id or name.
    """
    # a shipped profile the office's version of the same id replaced is gone, whatever the
    # office renamed its version to (a renamed "MetLife" left the letters following the shipped
    # one the window and `payers list` said was replaced: walkthrough)
    replaced = {p.id for p in profiles if p.office}
    kept = (p for p in profiles if p.office or p.id not in replaced)
    ordered = sorted(kept, key=lambda p: not p.office)
    if profile_id.strip():
        return next((p for p in ordered if p.id == profile_id.strip()), None)
    name = " ".join(payer_name.casefold().split())
    if not name:
        return None
    matching = [p for p in ordered if (own := " ".join(p.name.casefold().split())) and own in name]
    return max(matching, key=lambda p: len(" ".join(p.name.split())), default=None)
