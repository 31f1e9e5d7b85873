"""Which checklist items a case's record answers though nobody ticked them, and in what words.

Why: "Mark as submitted", the letters' pre-export checks and the letters themselves count an
item as done when the record answers it (a clinical fact such as the pulpal diagnosis, or a
dated pre-op or post-op film attached to the case: ``with_fact_ticks`` and ``with_film_dates``),
while the Checklist tab showed only the ticks; the billing clerk saw two answers (tour8
finding 10). The Checklist tab now counts these items as done by the same rule and says, on the
item's row, what answers it; a tick still records who checked the item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cdt_desktop.domain.appeal.argument import (
    SUCCESSOR_ITEM,
    successor_on_record,
    tooth_fit_words,
    with_fact_ticks,
)
from cdt_desktop.domain.appeal.captions import caption_mentions
from cdt_desktop.domain.appeal.code_fit import TOOTH_FITS_ITEM
from cdt_desktop.domain.appeal.films import (
    dated_otherwise,
    film_date_side,
    film_kind,
    films_dated_otherwise,
    films_out_of_order,
    with_film_dates,
)
from cdt_desktop.domain.appeal.letter import us_date
from cdt_desktop.domain.cases.model import Case

_FACT_WORDS = {
    "pulp-diagnosis": "the pulpal diagnosis",
    "periapical-diagnosis": "the periapical diagnosis",
    "pulp-tests-recorded": "the pulp tests and the control tooth",
    "previous-rct-date": "the date and provider of the previous root canal",
    "retreatment-reason": "the reason for retreatment",
    "working-length-recorded": "a working length for each canal",
    "obturation-recorded": "the materials",
    "medicament-recorded": "the materials",
    "scaffold-and-barrier-recorded": "the materials",
}
FILM_ITEMS = {"preop-radiograph": "preop", "postop-radiograph": "postop"}
"""The checklist items of the pre-op and post-op films, and the film each stands for."""
_FILM_WORDS = {"preop": "pre-operative", "postop": "post-operative"}


def _day(text: str) -> str:
    """ "December 2, 2026" for an ISO date; the text as stored when it is not one."""
    try:
        return us_date(date.fromisoformat(text.strip()))
    except ValueError:
        return text.strip()


def _film_words(case: Case, kind: str, attached: list[tuple[str, str]]) -> str:
    """What dates the pre-op (post-op) film: the clinical facts' date, else the first dated
    image of that kind on the case (the same order as ``with_film_dates``)."""
    recorded = getattr(case.facts, f"{kind}_radiograph_date")
    if recorded:
        words = f"Clinical facts give the {_FILM_WORDS[kind]} film's date, {_day(recorded)}"
        return (
            words + _out_of_order(case, kind, recorded) + _dated_otherwise(kind, recorded, attached)
        )
    caption, taken = next((c, day) for c, day in attached if day and film_kind(c) == kind)
    return (
        _attached_words(kind, taken)
        + _out_of_order(case, kind, taken)
        + _other_tooth(case, caption)
    )


def _dated_otherwise(kind: str, recorded: str, attached: list[tuple[str, str]]) -> str:
    """ " (the attached image is dated ...: ...)" when every image of the film carries another
    date than Clinical facts give: Mark as submitted and the letter's check ask about it
    (``films_dated_otherwise``), and the row that counts the film said only "counts as done"
    (chairside walkthrough)."""
    taken = dated_otherwise(kind, recorded, attached)
    if not taken:
        return ""
    shown = " and ".join(us_date(day) for day in taken)
    return f" (the attached image is dated {shown}: check which date is right)"


def _attached_words(kind: str, taken: str) -> str:
    return f"{_FILM_WORDS[kind].capitalize()} film attached, taken {_day(taken)}"


def films_of_other_teeth(case: Case, attached: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The films the record counts as the pre-op and post-op film (the first dated image of
    each kind, where Clinical facts give no date: ``with_film_dates``) whose caption names
    another tooth than the case's, in the Checklist tab's words: "Pre-operative film attached,
    taken November 30, 2026 (its caption names tooth #30, the case is #19; check which film it
    is)". Mark as submitted asks about them as the rows do (a film of #30 attached to a #19
    case by mistake is the film the payer gets)."""
    films = list(attached)
    said = []
    for kind in _FILM_WORDS:
        if getattr(case.facts, f"{kind}_radiograph_date"):
            continue
        used = next(((c, day) for c, day in films if day and film_kind(c) == kind), None)
        if used is not None and (other := _other_tooth(case, used[0])):
            said.append(_attached_words(kind, used[1]) + other + ".")
    return said


def film_questions(case: Case, attached: Iterable[tuple[str, str]] = ()) -> list[str]:
    """What Mark as submitted asks of the case's films, and what To submit says of them (one
    rule for both): a pre-op film dated after the treatment (or a post-op before it), a film
    captioned with another tooth, two dates for one film."""
    films = list(attached)
    return (
        films_out_of_order(case, films)
        + films_of_other_teeth(case, films)
        + films_dated_otherwise(case, films)
    )


def caption_of_another_tooth(case: Case, caption: str) -> str:
    """ "The caption names tooth #30, the case is #19: ..." as said when a film is attached (the
    Radiographs dialog said nothing; the Checklist row and To submit asked later: re-walk);
    "" when the caption names the case's tooth or none."""
    teeth = _teeth_named(case, caption)
    if teeth is None:
        return ""
    return (f"The caption names tooth {teeth[0]}, the case is #{teeth[1]}; check which film it "
            "is. If the film is of another tooth or patient, remove it and attach the right "
            "one.")  # fmt: skip


def film_date_wanted(case: Case, item_id: str, attached: Iterable[tuple[str, str]]) -> str:
    """What to say as the pre-op (post-op) film's item is ticked while no date dates that film
    (none under Clinical facts, no dated image of it): the tick counts, and the appeal letter's
    check then asks for the date (new-user walk: "6 of 6 required done", Mark as submitted went
    through, and the letter's check stopped on two undated films). "" for any other item."""
    kind = FILM_ITEMS.get(item_id)
    if kind is None or getattr(case.facts, f"{kind}_radiograph_date").strip():
        return ""
    if any(day.strip() and film_kind(caption) == kind for caption, day in attached):
        return ""
    return (
        f"Ticked. No date is recorded for the {_FILM_WORDS[kind]} film: an appeal letter needs "
        "it. Type it under Clinical facts (Edit case), or attach the film with its date "
        "(Radiographs…)."
    )


def attached_film_questions(case: Case, caption: str, taken_on: str) -> str:
    """What to say of a film just attached (the Radiographs dialog): a caption naming another
    tooth, and a pre-op film dated after the date of service or a post-op one before it (the
    Checklist row, Mark as submitted and the letter's check asked only later: PostgreSQL
    hand-over walk); "" when nothing is amiss."""
    said = [caption_of_another_tooth(case, caption)]
    kind = film_kind(caption)
    placed = _wrong_side(case, kind, taken_on) if kind is not None else None
    if kind is not None and placed is not None:
        side, when, service = placed
        taken = "before" if kind == "preop" else "after"
        said.append(
            f"The film is dated {us_date(when)}, {side} the date of service, {us_date(service)}: "
            f"a {_FILM_WORDS[kind]} film is taken {taken} the treatment. Check its date or "
            "which film it is (select it and Remove, then attach it again)."
        )
    return " ".join(text for text in said if text)


def enclosures_of_other_teeth(case: Case, attached: Iterable[tuple[str, str]]) -> list[str]:
    """Each enclosed film whose caption names another tooth than the case's, as a letter's
    check says it: the appeal's check named only the film's date, and the letter listed "Post-op
    PA tooth #30 (image enclosed)" for a #19 claim (chairside walkthrough)."""
    said = []
    for caption, _taken in attached:
        if teeth := _teeth_named(case, caption):
            said.append(
                f"The enclosed film \u201c{caption.strip()}\u201d names tooth {teeth[0]}, the "
                f"case is #{teeth[1]}: if it is of another tooth or patient, remove it "
                "(Radiographs…) and attach the right one."
            )
    return said


def _other_tooth(case: Case, caption: str) -> str:
    """ " (its caption names tooth #30, the case is #19; ...)" when the film's caption names
    teeth and none is the case's: a film of another tooth (or patient) attached by mistake
    still counts, as everywhere, but the row asks."""
    teeth = _teeth_named(case, caption)
    if teeth is None:
        return ""
    return f" (its caption names tooth {teeth[0]}, the case is #{teeth[1]}; check which film it is)"


def _teeth_named(case: Case, caption: str) -> tuple[str, str] | None:
    """("#30", "19"): the teeth a film's caption names and the case's tooth, when the caption
    names teeth and none is the case's (as the letter numbers it, FDI 36 is #19, or as the
    case has it: an FDI office's "#36"); None otherwise."""
    from cdt_desktop.domain.appeal.remark import tooth_display

    named = caption_mentions(caption)
    own = tooth_display(case)[0].removeprefix("#").upper()
    typed = case.procedure.tooth.strip().removeprefix("#").strip().upper()  # an FDI office's #36
    if not named or not own:
        return None
    if any(m.universal == own or (m.written == f"#{typed}") for m in named):
        return None
    return " and ".join(m.written for m in named), own


def _out_of_order(case: Case, kind: str, taken: str) -> str:
    """ " (before the date of service, ...; check ...)" for a post-op film dated before the
    treatment or a pre-op one after it: Mark as submitted and the letters' checks ask about
    it (``films_out_of_order``), and the row that counts the film says so too (review9)."""
    placed = _wrong_side(case, kind, taken)
    if placed is None:
        return ""
    side, _when, service = placed
    return f" ({side} the date of service, {us_date(service)}; check its date or which film it is)"


def _wrong_side(case: Case, kind: str, taken: str) -> tuple[str, date, date] | None:
    """(side, the film's date, the date of service) when the ``kind`` film ("preop", "postop")
    dated ``taken`` falls on the wrong side of the treatment (``film_date_side``); None when
    it fits or either date is no date."""
    try:
        service = date.fromisoformat(case.claim.date_of_service.strip())
        when = date.fromisoformat(taken.strip())
    except ValueError:
        return None
    side = film_date_side(kind, when, service)
    return (side, when, service) if side else None


def record_answers(
    case: Case, item_ids: Iterable[str], attached: Iterable[tuple[str, str]] = ()
) -> dict[str, str]:
    """Items of the code's checklist (``item_ids``) that the case's record answers and nobody
    ticked: item id -> what answers it ("Post-operative film attached, taken December 2,
    2026"). ``attached`` are the case's images as (caption, date taken). An item here counts as
    done wherever the app counts required items (``submission_gaps``, the letters' checks, the
    Checklist tab)."""
    films = list(attached)
    answered = with_fact_ticks(with_film_dates(case, films), None).checklist
    known = set(item_ids)
    result: dict[str, str] = {}
    for item_id in sorted(known):
        if not answered.get(item_id) or case.checklist.get(item_id):
            continue
        kind = FILM_ITEMS.get(item_id)
        if item_id == TOOTH_FITS_ITEM:
            code = case.procedure.code.strip().upper()
            result[item_id] = f"The case's tooth fits {code}: {tooth_fit_words(case)}"
        elif item_id == SUCCESSOR_ITEM:
            result[item_id] = (
                f"The findings record the permanent successor as "
                f"{successor_on_record(with_film_dates(case, films))}, "
                "with the pre-operative radiograph on record"
            )
        elif kind is not None:
            result[item_id] = _film_words(case, kind, films)
        else:
            what = _FACT_WORDS.get(item_id, "this item")
            result[item_id] = f"Clinical facts record {what}"
    return result
