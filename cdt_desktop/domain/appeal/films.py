"""The radiographs a letter names: which film a line or an image is, their dates, and which of
them the letter encloses (and so says it encloses). Pure Python.

A film is the case's pre-operative or post-operative periapical radiograph ("preop",
"postop"). It can be named three ways: by an enclosure line ("Pre-operative periapical
radiograph, dated ..."), which the checklist's ticks make or the office types; by an attached
image's caption; and by the dates Clinical facts record. The letter's answer to the denial and
its Enclosures list follow the same rule (`enclosed_films`): what goes with the letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.domain.appeal.argument import fact_values
from cdt_desktop.domain.appeal.letter import us_date
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.reference import CodeEntry

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import PayerProfile

_DATED_TAIL = re.compile(r",?\s*dated\s*$", re.IGNORECASE)
_HAS_DATE = re.compile(r"\b(19|20)\d\d\b")


_NAMES_A_FILM = re.compile(r"\b(radiograph|film|x[- ]?rays?|pa|periapical|bwx?|bitewing)s?\b", re.I)
"""The words that make a line a film's: "Post-op x-ray" in a payer profile was listed as
enclosed with no post-op image, where "Post-operative radiograph" was left out and named in the
check (walkthrough)."""


def _film_kind(text: str, *, named: bool = True) -> str | None:
    """ "preop" or "postop" for the film `text` names (with ``named``, only when it says it is a
    radiograph, film, x-ray or PA: an attached image's caption need not); None for any other
    text."""
    lower = text.lower()
    if named and not _NAMES_A_FILM.search(lower):
        return None
    if _PRE_OP.search(lower):
        return "preop"
    if _POST_OP.search(lower):
        return "postop"
    return None


_PRE_OP = re.compile(r"\bpre[- ]?op")
_POST_OP = re.compile(r"\bpost[- ]?op")
"""Pre-op, preop, pre op, pre-operative (and post-): "Post op x-ray" is the post-op film too."""


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
    made = frozenset(ticked)
    typed = {_film_kind(text) for text in listed if text not in made}
    # a line the office typed itself says the film goes, image or not: the letter listed
    # "Pre-op radiograph" as enclosed and said the films were kept in the patient's record
    # (hostile-user walkthrough); the ticks' own lines still need an image
    kinds = {*images, *typed}
    return frozenset(k for k in kinds if k is not None)


FILM_NAMES = {"preop": "pre-operative radiograph", "postop": "post-operative radiograph"}


def films_the_profile_wants(
    case: Case, profile: PayerProfile | None, captions: Iterable[str]
) -> list[str]:
    """A reminder when the payer's profile lists a film to enclose (`PayerProfile.enclose`)
    that does not go with the letter: no image of it attached (``captions``) and no line the
    office typed for it. The letter leaves such a line out rather than name a film it does not
    carry, and said nothing of it (walkthrough: "Pre-operative radiograph" in the profile went
    missing from the letter without a word)."""
    if profile is None:
        return []
    wanted = {kind for line in profile.enclose if (kind := _film_kind(line)) is not None}
    missing = sorted(wanted - enclosed_films(case.enclosures, captions), reverse=True)
    if not missing:
        return []
    names = " and ".join(FILM_NAMES[kind] for kind in missing)
    return [
        f"{profile.name}'s payer profile asks for the {names} to be enclosed, and it does not "
        "go with this letter: attach it with Radiographs…, or send it to the payer with the "
        "appeal."
    ]


def films_not_enclosed_left_out(
    enclosures: Iterable[str], films: frozenset[str], ticked: frozenset[str]
) -> tuple[str, ...]:
    """The enclosure lines less those the checklist's ticks made (``ticked``, as
    ``ticked_film_lines``) for a pre-op (post-op) film the letter does not go out with
    (``films``, as ``enclosed_films``): the answer to the denial says such a film is kept in
    the patient's record, and the list named it as enclosed beside that sentence (the sample
    letter said "Both are kept in the patient's record" above "Enclosures: pre-operative
    periapical radiograph ..."; billing walkthrough). A line the office typed on the case
    itself, or one its payer profile asks for, stays: the office sends that one its own way,
    and it stands for its film (the ticks' line of that film went out beside it, one film
    listed twice: hostile-user walkthrough)."""
    listed = list(enclosures)
    typed = {_film_kind(text) for text in listed if text not in ticked} - {None}

    def kept(text: str) -> bool:
        kind = _film_kind(text)
        return text not in ticked or kind is None or (kind in films and kind not in typed)

    return tuple(text for text in listed if kept(text))


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


def field_enclosures(composed: Iterable[str], images: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The Enclosures field's first text: the composer's lines less the pre-op (post-op) film an
    attached image stands for, then each attached image's own line (``images``: caption, line).
    That is the list the letter prints (`printed_enclosures`), so what billing reads and edits
    in the field is what the reviewer reads (the field said "Diagnostic pre-operative
    periapical radiograph of the tooth, dated ..." while the letter printed the image's line,
    and a request's field stayed empty over a listed film: billing walkthrough)."""
    pairs = list(images)
    kept = without_attached_films(composed, (caption for caption, _line in pairs))
    return kept + tuple(line for _caption, line in pairs if line not in kept)


def printed_enclosures(listed: Iterable[str], images: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The enclosure list a letter prints: the Enclosures field's lines as typed, then the line
    of each attached image (``images``: caption, line) that no typed line names, since its page
    prints behind the letter. A line names an image when it is the image's own line or, for the
    pre-op (post-op) film, when it says pre-op (post-op) and radiograph, film, x-ray or PA
    ("Pre-op PA #19, 2 copies"): the clerk's words print, once (such a line vanished, or
    printed beside the image's line: two lines for one film page; billing walkthrough)."""
    lines = tuple(listed)
    unused = list(lines)
    pending: list[tuple[str, str]] = []
    for caption, line in images:
        if line in unused:
            unused.remove(line)
        else:
            pending.append((caption, line))
    added = []
    for caption, line in pending:
        kind = _film_kind(caption, named=False)
        named = next(
            (
                text
                for text in unused
                if kind and _film_kind(text, named=False) == kind and _NAMES_A_FILM.search(text)
            ),
            None,
        )
        if named is None:
            added.append(line)
        else:
            unused.remove(named)
    return lines + tuple(added)


def films_in_step(
    listed: Iterable[str], gone: Iterable[str], images: Iterable[tuple[str, str]]
) -> tuple[str, ...]:
    """An Enclosures field the clerk typed in, kept in step with the films: the lines of images
    no longer attached (``gone``) leave, the line of an image attached since that no line
    names joins (`printed_enclosures`); every other line stays as typed."""
    dropped = frozenset(gone)
    return printed_enclosures((text for text in listed if text not in dropped), images)


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


def film_date_side(kind: str, when: date, service: date) -> str:
    """ "after" for a pre-operative film (``kind`` "preop") dated after the date of service,
    "before" for a post-operative one ("postop") dated before it, "" when the date fits: the
    one rule the letters' checks, Mark as submitted and the Checklist tab's rows ask by."""
    if kind == "preop" and when > service:
        return "after"
    if kind == "postop" and when < service:
        return "before"
    return ""


def films_out_of_order(case: Case, attached: Iterable[tuple[str, str]] = ()) -> list[str]:
    """A pre-operative film dated after the date of service, or a post-operative one before
    it (recorded under Clinical facts, else the first dated image of that kind): the reviewer
    will not take it for what the letter calls it (review7: a "pre-op" image dated after the
    treatment counted as the pre-op film)."""
    try:
        service = date.fromisoformat(case.claim.date_of_service.strip())
    except ValueError:
        return []
    facts = with_film_dates(case, attached).facts
    problems = []
    for name, kind, text in (
        ("pre-operative", "preop", facts.preop_radiograph_date),
        ("post-operative", "postop", facts.postop_radiograph_date),
    ):
        try:
            when = date.fromisoformat(text.strip())
        except ValueError:
            continue
        side = film_date_side(kind, when, service)
        if side:
            problems.append(
                f"The {name} radiograph is dated {us_date(when)}, {side} the date of service "
                f"({us_date(service)}): check its date (or which film it is)."
            )
    return problems


def dated_otherwise(kind: str, recorded: str, attached: Iterable[tuple[str, str]]) -> list[date]:
    """The dates the attached images of the pre-op (post-op) film carry, oldest first, when
    Clinical facts date it ``recorded`` and not one image carries that date; [] when they
    agree, or either gives no date. ``attached``: (caption, date taken)."""
    given = parse_case_date(recorded.strip())
    taken = {
        day
        for caption, when in attached
        if film_kind(caption) == kind and (day := parse_case_date(when))
    }
    if given is None or not taken or given in taken:
        return []
    return sorted(taken)


def films_dated_otherwise(case: Case, attached: Iterable[tuple[str, str]] = ()) -> list[str]:
    """A pre-op (post-op) radiograph dated under Clinical facts while every image of that film
    attached to the case carries another date: the letter would date the film twice, once in
    its text and once in its enclosures (walkthrough: the facts said December 4, the attached
    film December 3, a typo either way). ``attached``: (caption, date taken)."""
    attached = list(attached)
    problems = []
    for name, kind in (("pre-operative", "preop"), ("post-operative", "postop")):
        recorded_text = recorded_film_dates(case).get(kind, "")
        taken = dated_otherwise(kind, recorded_text, attached)
        if not taken:
            continue
        recorded = parse_case_date(recorded_text)
        assert recorded is not None  # (dated_otherwise: none without a recorded date)
        shown = " and ".join(us_date(day) for day in taken)
        problems.append(
            f"The {name} radiograph is dated {us_date(recorded)} under Clinical facts but "
            f"{shown} on the attached image: the letter would give it both dates. Correct "
            "the one that is wrong."
        )
    return problems
