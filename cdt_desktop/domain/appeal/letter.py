"""The appeal letter as data, checklist items as it quotes them, and its plain-text form.

`narrative.compose_appeal` fills an `AppealLetter` from a case; the PDF renderer
(`cdt_desktop.report.appeal_pdf`), the dialog's editors and `plain_text` read it. Checklist items
are written for the office, so `enclosures_for` (documents only) and `documented_for` (clinical
facts) turn the ticked ones into what a payer may read. Pure Python: no Qt, no SQL. The plain text is
what narrative attachment services (DentalXChange, NEA/Vyne) accept in a text box: at most 2,000
characters, so it is shortened in a fixed order that keeps what a reviewer needs most. Kept apart
from the composition (`compose`) so each module stays small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.core.text import capitalized, in_sentence
from cdt_desktop.domain.appeal.remark import is_document, ticked_documents
from cdt_desktop.domain.appeal.symbols import without_pictographs
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent, amount_value
from cdt_desktop.domain.coding.findings import FINDING_ENUMS, TERMS

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.radiographs import Radiograph
from cdt_desktop.domain.reference import ChecklistItem, CodeEntry

__all__ = [
    "FINDING_WORDS",
    "HISTORY",
    "NOTES",
    "PLAIN_TEXT_LIMIT",
    "TRUNCATION_NOTE",
    "WHY_CODE",
    "WHY_NOT",
    "AppealLetter",
    "Section",
    "documented_for",
    "enclosures_for",
    "format_amount",
    "format_date",
    "missing_required",
    "plain_text",
    "quote_item",
    "split_lines",
    "split_paragraphs",
    "us_date",
]

PLAIN_TEXT_LIMIT = 2000
"""Narrative attachment services (DentalXChange, NEA/Vyne) take up to 2,000 characters."""

TRUNCATION_NOTE = " [Narrative shortened; the full appeal letter is attached.]"

FINDING_WORDS: dict[str, dict[str, str]] = {
    # How the letter words each recorded finding (case file values -> words for a payer); the
    # successor is stated for primary teeth only.
    key: {member.value: TERMS[member].formal for member in enum}
    for key, enum in FINDING_ENUMS.items()
}

HISTORY = "Clinical history and findings"
WHY_CODE = "Why this code"
WHY_NOT = "Why not the alternatives"
NOTES = "Additional notes"


@dataclass(frozen=True)
class Section:
    """A headed part of the letter body; each paragraph is plain user-or-our text (unescaped)."""

    heading: str
    paragraphs: tuple[str, ...]
    bullets: bool = False


DENIAL_LABEL = "Denial reason"
EARLIER_DENIAL_LABEL = "Reason for the earlier denial"
PAYMENT_REASON_LABEL = "Reason for the reduced payment"


def last_payment(case: Case) -> StatusEvent | None:
    """The payer's last decision when it is a payment (an appeal then asks for what was not
    paid), also once that appeal is marked sent: reprinted after "Mark as appealed", a paid-short
    claim's letter was headed "Appeal of denied claim" (billing month-end walkthrough)."""
    decisions = [e for e in case.status_history if e.status in ("denied", "paid", "submitted")]
    return decisions[-1] if decisions and decisions[-1].status == "paid" else None


def quoted_reason_label(case: Case) -> str:
    """What the quoted reason is: the denial that stands; after a payment, the earlier denial's
    (billing walkthrough: the appeal for the balance quoted it as the denial that stands), or,
    on a claim never denied or once the reason typed is no denial's, the reason the payment
    was reduced (keyboard walk: "Reason for the earlier denial" on a claim never denied)."""
    if last_payment(case) is None:
        return DENIAL_LABEL
    denials = [e for e in case.status_history if e.status == "denied"]
    reasons = {" ".join(e.reason.split()) for e in denials if e.reason.strip()}
    typed = " ".join(case.claim.denial_reason.split())
    if not denials or (reasons and typed not in reasons):
        return PAYMENT_REASON_LABEL
    return EARLIER_DENIAL_LABEL


def answers_a_payment(case: Case) -> bool:
    """The letter answers a reduced payment, not a denial: the reason it quotes is the
    payment's (a claim never denied, or the payment's reason typed over the denial's). Its
    answer then names the explanation of benefits, never "the denial" (closing note of 6
    December: "The claim was denied under a frequency limitation" for a claim paid short)."""
    return quoted_reason_label(case) == PAYMENT_REASON_LABEL


@dataclass(frozen=True)
class AppealLetter:
    """Everything printed on the letter, as plain text; the renderer escapes and lays it out."""

    letterhead: tuple[str, ...]
    date: str
    payer: tuple[str, ...]
    subject: str
    re_rows: tuple[tuple[str, str], ...]
    salutation: str
    opening: str
    denial_reason: str
    sections: tuple[Section, ...]
    enclosures: tuple[str, ...]
    request: str
    closing: str
    signature: tuple[str, ...]
    continuation: str = ""  # header of pages 2+, so separated pages still match the claim
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    denial_label: str = DENIAL_LABEL
    """What the quoted ``denial_reason`` is: the denial that stands, or, once the claim was
    paid (in part), "Reason for the earlier denial"."""

    def section(self, heading: str) -> Section | None:
        return next((s for s in self.sections if s.heading == heading), None)


def split_lines(text: str) -> tuple[str, ...]:
    """Non-empty, stripped lines (addresses typed one line each)."""
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Split free text on blank lines; single newlines stay inside a paragraph."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(b.strip() for b in blocks if b.strip())


def format_date(value: str) -> str:
    """A case date (YYYY-MM-DD) as a US letter writes it; other text is returned as typed."""
    parsed = parse_case_date(value)
    return us_date(parsed) if parsed else value.strip()


def us_date(value: date) -> str:
    """The form a US payer expects in a letter, e.g. September 15, 2026."""
    return f"{value:%B} {value.day}, {value.year}"


def format_amount(value: str) -> str:
    """A billed amount as $1,250.00; text that is not an amount is returned as typed."""
    number = amount_value(value)
    return f"${number:,.2f}" if number is not None else value.strip()


_GUIDANCE = re.compile(r"\s*\((?:e\.g\.|i\.e\.|eg |ie |see )[^()]*\)", re.IGNORECASE)
_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")


def quote_item(text: str) -> str:
    """A checklist item's text as a letter quotes it: without the bracketed guidance for staff.

    Item texts are written for the office ("Pulpal diagnosis recorded (e.g. irreversible
    pulpitis, necrosis)"); a payer reads any bracket as part of the claim, so "(e.g. ...)"
    anywhere and a trailing parenthetical are dropped.
    """
    text = _GUIDANCE.sub("", " ".join(text.split()))
    text = _TRAILING_PARENTHETICAL.sub("", text)
    return text.strip().rstrip(",;:. ").strip()


def _humanise_id(item_id: str) -> str:
    words = item_id.replace("-", " ").replace("_", " ").strip()
    return capitalized(words)


def missing_required(case: Case, entry: CodeEntry | None) -> list[ChecklistItem]:
    """Required checklist items of the code that are not ticked (the dialog's warning banner)."""
    if entry is None:
        return []
    return [item for item in entry.checklist if item.required and not case.checklist.get(item.id)]


VALUE_ITEMS = frozenset(
    {"pulp-diagnosis", "periapical-diagnosis", "previous-rct-date", "retreatment-reason"}
)
"""Items that stand for one recorded value (a diagnosis, a date, a reason): the letter states
the value where the case records it and never lists the bare item ("periapical diagnosis"
without saying which one)."""

_RECORDED = re.compile(r",?\s+(?:recorded|noted)\b", re.IGNORECASE)
"""The staff's "recorded" of an item's text, with the comma closing an aside before it ("placed,
and where, recorded" read "and where,:" in a letter: walkthrough)."""


def _ticked_in_order(case: Case, entry: CodeEntry | None, ids: list[str]) -> list[str]:
    """Item texts for `ids`, in the reference library's order (which groups items sensibly)."""
    known = {item.id: item.text for item in entry.checklist} if entry else {}
    order = {item.id: index for index, item in enumerate(entry.checklist)} if entry else {}
    ordered = sorted(ids, key=lambda item_id: order.get(item_id, len(order)))
    return [quote_item(known.get(item_id) or _humanise_id(item_id)) for item_id in ordered]


def enclosures_for(case: Case, entry: CodeEntry | None) -> tuple[str, ...]:
    """The documents in the envelope: ticked imaging and consent items, then the case's list.

    A payer reads "Enclosed:" as the contents of the envelope, so clinical facts and the office's
    billing checks never appear here (`documented_for` states the clinical ones); duplicates
    (ignoring case and spacing) are listed once.
    """
    ticked = _ticked_in_order(case, entry, ticked_documents(case, entry))
    seen: set[str] = set()
    result: list[str] = []
    for text in [*ticked, *case.enclosures]:
        key = " ".join(text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            result.append(" ".join(text.split()))
    return tuple(result)


def documented_for(
    case: Case, entry: CodeEntry | None, *, exclude: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """Ticked clinical items, as the letter quotes them ("working length for each canal").

    Only items the code's entry places in the clinical group, and imaging items that say what a
    film shows (``remark.is_document``): an unknown id might be a billing check, which never
    appears in the letter. "recorded"/"noted" is dropped, since the sentence
    that quotes them already says the clinical record documents them. Items in `exclude` (those
    the recorded facts answer, which the letter states as facts) and the `VALUE_ITEMS` are left
    out.
    """
    if entry is None:
        return ()
    findings = ("clinical", "imaging")
    clinical = {
        item.id
        for item in entry.checklist
        if item.group in findings and not is_document(item.group, item.text)
    }
    ids = [
        item_id
        for item_id, on in case.checklist.items()
        if on and item_id in clinical and item_id not in exclude and item_id not in VALUE_ITEMS
    ]
    result = []
    for text in _ticked_in_order(case, entry, ids):
        text = _FILM_SAYS.sub(_film_showing, _RECORDED.sub("", text).strip())
        if text:
            result.append(in_sentence(text))  # as the reason for retreatment is placed
    return tuple(dict.fromkeys(result))


_FILM_SAYS = re.compile(r"^(Radiograph(?: or clinical check)?) (shows|confirms) ", re.IGNORECASE)


def _film_showing(match: re.Match[str]) -> str:
    """ "Radiograph shows the open apex" as the record documents it: "a radiograph showing the
    open apex" ("documents: radiograph shows ..." read as a stray line: walkthrough)."""
    verb = "showing" if match.group(2).lower() == "shows" else "confirming"
    return f"a {match.group(1).lower()} {verb} "


def plain_text(letter: AppealLetter, *, limit: int = PLAIN_TEXT_LIMIT) -> str:
    """The narrative for attachment services that take text: at most `limit` characters, with
    no control characters (see :func:`printable_text`) and, as in the PDF, no emoji or dingbats
    (`symbols.without_pictographs`)."""
    return printable_text(without_pictographs(_plain_text(letter, limit=limit)))


_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n", "\r": "\n"}


def printable_text(text: str) -> str:
    """``text`` without control characters, one character for one (so limits still hold).

    NUL, BEL, ESC (terminal escape sequences) and the other C0/C1 controls become spaces, and
    the Unicode line and paragraph separators become line breaks (issue 15 item 16): a payer's
    portal or a terminal must get text, never commands. Format characters that scripts need
    (ZWJ, the right-to-left marks) stay.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _LINE_SEPARATORS:
            out.append(_LINE_SEPARATORS[ch])
        elif ch == "\n" or ch.isprintable() or not _is_control(ch):
            out.append(ch)
        else:
            out.append(" ")
    return "".join(out)


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code < 0xA0


def _plain_text(letter: AppealLetter, *, limit: int = PLAIN_TEXT_LIMIT) -> str:
    """The narrative for attachment services that take text: at most `limit` characters.

    The letterhead is left out (the service knows the sender); the addressee block comes first,
    the lines the PDF prints (``letter.payer``: for an appeal the payer address, for a
    prior-authorization request its prior-authorization address when filled, else the payer
    address), so a reviewer who prints or forwards the text sees where it was sent; a block
    longer than an address is shortened (``_addressee``), never the claim. When the text is
    too long, the "why not the alternatives" list is shortened first, one alternative at a time
    (the clinical facts matter more to a reviewer), then the library's general description of the
    code goes (the payer knows its own codes; `meta["code_summary"]` names it), then the
    enclosure list (the service carries the attachments themselves) and the body is cut at a
    sentence or word; the action requested and the signature are always kept whole: an appeal
    that loses its request is no appeal. A final note then says it was shortened.
    """
    why_not = letter.section(WHY_NOT)
    summary = letter.meta.get("code_summary", "")
    stages = [(keep, "") for keep in range(len(why_not.paragraphs) if why_not else 0, -1, -1)]
    if summary:
        stages.append((0, summary))
    for keep, drop in stages:
        text = _join(_plain_body(letter, why_not_keep=keep, drop=drop) + _plain_tail(letter))
        if len(text) <= limit:
            return text
    body = _join(_plain_body(letter, why_not_keep=0, drop=summary))
    for tail in (_plain_tail(letter, enclosures=False), []):
        end = _join([*tail, "Note:" + TRUNCATION_NOTE])
        room = limit - len(end) - 2
        if room >= min(400, limit // 4):
            return _cut_text(body, room).rstrip() + "\n\n" + end
    room = limit - len(TRUNCATION_NOTE)  # a tiny limit: cut everything
    if room <= 0:
        return TRUNCATION_NOTE.strip()[: max(0, limit)]
    return _cut_text(_join([body, *_plain_tail(letter)]), room).rstrip() + TRUNCATION_NOTE


def _cut_text(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[:room]
    for stop in (". ", ".\n", "\n"):
        at = cut.rfind(stop)
        if at >= room * 0.7:
            return cut[: at + 1]
    at = cut.rfind(" ")
    return cut[:at] if at >= room * 0.7 else cut


def _join(parts: list[str]) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())


ADDRESSEE_MAX_CHARS = 300
ADDRESSEE_MAX_LINES = 8


def _addressee(lines: tuple[str, ...]) -> str:
    """The addressee block of the plain text: the PDF's lines, but at most
    ``ADDRESSEE_MAX_LINES`` lines and ``ADDRESSEE_MAX_CHARS`` characters, ending in "…" when
    cut. An address is a few short lines; a longer one (an EOB paragraph pasted into the field,
    which holds 20,000 characters) took the text's 2,000 characters and the claim number, the
    denial reason and the argument went instead (review9)."""
    kept: list[str] = []
    used = 0
    for line in lines:
        room = ADDRESSEE_MAX_CHARS - used - (1 if kept else 0)
        if len(kept) == ADDRESSEE_MAX_LINES or room <= 0:
            break
        if len(line) > room:
            cut = line[: room - 1]
            at = cut.rfind(" ")
            cut = (cut[:at] if at >= len(cut) // 2 else cut).rstrip(" ,;")
            if cut:
                kept.append(cut)
            break
        kept.append(line)
        used += len(line) + (1 if len(kept) > 1 else 0)
    else:
        return "\n".join(kept)
    return "\n".join(kept) + "…" if kept else ""


DENIAL_MAX_CHARS = 400


def _quoted_denial(reason: str) -> str:
    """The payer's denial reason as the plain text quotes it: at most ``DENIAL_MAX_CHARS``
    characters, cut at a word and ending in "…" (the PDF quotes it whole). A 5,000-character
    EOB paste took the text's 2,000 characters: the answer to the denial, why this code and the
    history went, and the quotation was left without its closing mark (billing walkthrough)."""
    if len(reason) <= DENIAL_MAX_CHARS:
        return reason
    cut = reason[: DENIAL_MAX_CHARS - 1]
    at = cut.rfind(" ")
    return (cut[:at] if at >= len(cut) // 2 else cut).rstrip(" ,;:") + "…"


def _plain_body(letter: AppealLetter, *, why_not_keep: int, drop: str = "") -> list[str]:
    parts: list[str] = [
        _addressee(letter.payer),  # the addressee, as the PDF prints it (kept short)
        letter.subject,
        "\n".join(f"{k}: {v}" for k, v in letter.re_rows),
    ]
    if letter.denial_reason:
        parts.append(f'{letter.denial_label}: "{_quoted_denial(letter.denial_reason)}"')
    # The argument first (the answer to the denial, why this code, why not the others), the
    # clinical history after it: when the text must be cut, the end of the free-text history
    # goes, never the answer to the denial.
    ordered = sorted(letter.sections, key=lambda s: s.heading in (HISTORY, NOTES))
    for section in ordered:
        paragraphs = section.paragraphs
        if section.heading == WHY_NOT:
            paragraphs = paragraphs[:why_not_keep]
        if drop and section.heading == WHY_CODE:
            paragraphs = tuple(p for p in paragraphs if p != drop)
        if not paragraphs:
            continue
        body = "\n".join(f"- {p}" if section.bullets else p for p in paragraphs)
        parts.append(f"{section.heading}:\n{body}")
    return parts


def _plain_tail(letter: AppealLetter, *, enclosures: bool = True) -> list[str]:
    parts: list[str] = []
    if enclosures and letter.enclosures:
        parts.append("Enclosed: " + "; ".join(letter.enclosures) + ".")
    parts.append(letter.request)
    if letter.signature:
        parts.append(letter.signature[0])
    return parts


IMAGE_ENCLOSED = "(image enclosed)"


def film_enclosure(film: Radiograph, *, enclosed: bool = True) -> str:
    """How the letter's list of enclosures names an attached film, its date as the letter
    writes dates (the film's own page says the same); ``enclosed=False``: the film's name and
    date alone (a film this letter leaves out)."""
    when = f", taken {format_date(film.taken_on)}" if film.taken_on else ""
    named = f"{film.caption or 'Radiograph'}{when}"
    return f"{named} {IMAGE_ENCLOSED}" if enclosed else named


def same_image_question(film: Radiograph) -> str:
    """What is asked before an image on the case already is attached again (chairside
    walkthrough: one grey image attached as the pre-op and the post-op film counted for both
    required film items and went to the payer as two films)."""
    return (
        f"This image is on the case already: {film_enclosure(film, enclosed=False)}. Attached "
        "again, it is enclosed twice with the letter; and one image as both the pre-operative "
        "and the post-operative film shows the payer no treatment.\n\nAttach it again?"
    )
