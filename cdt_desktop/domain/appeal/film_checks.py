"""The letters' checks of the films: a missing-radiograph denial answered without the film it
asked for (or with none recorded at all), a film dated after today, and the words the checks use
for them (``check.py`` puts them in order with the rest)."""

from __future__ import annotations

from datetime import date

from cdt_desktop.domain.appeal.argument import films_asked
from cdt_desktop.domain.appeal.films import FILM_NAMES, enclosed_films
from cdt_desktop.domain.appeal.letter import answers_a_payment, us_date
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case


def films_the_denial_asks_for(
    case: Case, category: str | None, attached: list[tuple[str, str]]
) -> list[str]:
    """A missing-radiograph denial answered without the film it asked for."""
    if category != "radiograph":
        return []
    # the films the letter says are enclosed: attached images, and a film line the office
    # typed itself (it sends that film its own way: films.enclosed_films)
    going = enclosed_films(case.enclosures, (caption for caption, _taken in attached))
    if not going and not films_recorded(case):
        return [no_film_recorded(case)]
    if not going:
        return [NO_FILM_FOR_A_FILM_DENIAL.format(payer=_the_payer(case))]
    missing = sorted(films_asked(case.claim.denial_reason) - going, reverse=True)
    if not missing:
        return []
    names = " and ".join(FILM_NAMES[kind] for kind in missing)  # one film attached, not the
    return [  # one the payer asked for (billing walkthrough)
        f"{'The EOB' if answers_a_payment(case) else 'The denial'} asks for the {names} and it "
        "does not go with this letter: attach it with "
        "Radiographs…, or send it to the payer with the appeal."
    ]


NO_PREOP_FOR_A_REQUEST = (
    "The pre-operative radiograph is recorded but its image does not go with this request (it "
    "is not listed as enclosed): attach it with Radiographs…, or send it to the payer with the "
    "request; payers review a prior authorization on the film."
)


def films_recorded(case: Case) -> bool:
    """Whether the case records a pre-op or post-op film: dated, or ticked as taken."""
    facts, ticked = case.facts, case.checklist
    return bool(
        facts.preop_radiograph_date.strip()
        or facts.postop_radiograph_date.strip()
        or ticked.get("preop-radiograph")
        or ticked.get("postop-radiograph")
    )


NO_FILM_RECORDED = (
    "{payer} for a missing or insufficient radiograph and the case records no film, so the "
    "letter only quotes {reason} and answers nothing: record the films' dates under Clinical "
    "facts (Edit case) and send the films with the appeal (Radiographs…, or the payer's "
    "attachment service)."
)

NO_FILM_FOR_A_FILM_DENIAL = (
    "{payer} for a missing or insufficient radiograph and no film goes with this letter (it "
    "says the films are kept in the patient's record): attach them with Radiographs…, or send "
    "them to the payer with the appeal."
)


def _the_payer(case: Case) -> str:
    """Who did what, as the letter answers it: a claim paid short was never denied (billing
    walk: "The payer denied for a missing radiograph" above a letter for a reduced payment)."""
    return "The payer reduced the payment" if answers_a_payment(case) else "The payer denied"


def no_film_recorded(case: Case) -> str:
    """The problem of a missing-radiograph answer when the case records no film at all."""
    paid = answers_a_payment(case)
    return NO_FILM_RECORDED.format(
        payer=_the_payer(case), reason="the payment's reason" if paid else "the denial"
    )


def future_films(
    case: Case, today: date, films: tuple[str, ...] = ("preop", "postop")
) -> list[str]:
    """A film the clinical facts date after today: a film is dated the day it was taken (the
    letter printed "taken January 20, 2027" under the date of December 6, 2026: re-walk)."""
    dates = {"preop": case.facts.preop_radiograph_date, "postop": case.facts.postop_radiograph_date}
    problems = []
    for film in films:
        when = parse_case_date(dates[film].strip())
        if when is not None and when > today:
            problems.append(
                f"The {FILM_NAMES[film]} ({us_date(when)}) is dated after today's date."
            )
    return problems
