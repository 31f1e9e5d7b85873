"""The clinical facts in the letter's words: pulp tests, canals, and the earlier root canal's
date and the time since (exact for a day, "about ..." for an estimate). Pure Python; split from
``argument.py``, which fills the denial templates with them."""

from __future__ import annotations

import calendar
import re
from datetime import date

from cdt_desktop.domain.cases.facts import (
    COLD_RESULTS,
    TENDERNESS_RESULTS,
    ClinicalFacts,
    parse_canals,
)
from cdt_desktop.domain.dates import rough_date, rough_date_words


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


def interval(earlier: date | None, later: date | None) -> str:
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


def when(value: str) -> str:
    """ "on June 14, 2015", "in June 2015", "in 2015" (a date known to the month or year)."""
    found = rough_date(value)
    if found is None:
        return value.strip()
    return ("on " if found[2] is not None else "in ") + rough_date_words(value)


def rough_interval(value: str, later: date | None) -> str:
    """The time from a date known to the day, month or year to ``later``: exact for a day,
    "about ..." for an estimate ("about 11 years"), never more precise than the estimate."""
    found = rough_date(value)
    if found is None or later is None:
        return ""
    year, month, day = found
    if day is not None:
        return interval(date(year, month or 1, day), later)
    if month is None:
        years = later.year - year
        return f"about {years} year{'s' if years != 1 else ''}" if years >= 1 else ""
    spoken = interval(date(year, month, 1), later.replace(day=1))
    return f"about {spoken}" if spoken and spoken != "less than a month" else ""


_UNIT = r"(\d{1,3})[\s-]*(months?|mos?|years?|yrs?)\b"
_PERIOD = re.compile(
    rf"\b(?:within|every|per|in|limited\s+to)\s+(?:an?\s+|the\s+)?{_UNIT}(?!\s+ago)"
    rf"|\b{_UNIT}\s+(?:period|limit|limitation|frequency|window)\b"
)
"""A limitation's period as a denial words it: "within 24 months", "once every 5 years",
"1 per 36 mos", "in a 12-month period", "a 24-month limitation"; never a time that only
dates something ("done 10 months ago")."""
_LIFETIME = re.compile(
    r"\b(?:per|in\s+a|a|one)\s+lifetime\b|\blifetime\s+(?:limit|limitation|frequency)\b"
)
ASSUMED_LIMIT_MONTHS = 24
"""A frequency limitation's period where the denial states none: the common one for root canal
retreatment (the denials seen say "within 24 months", some "12 months"), used only to decide
whether the letter may say that treatment could not wait for it to pass."""


def limitation_period(reason: str) -> tuple[int | None, str] | None:
    """The period of a frequency limitation as the denial's words state it, in months and in
    words: "within 24 months" (24, "24-month"), "once every 5 years" (60, "5-year"), "once per
    lifetime" (None, "lifetime"); None when they state none."""
    lower = " ".join(reason.lower().split())
    found = _PERIOD.search(lower)
    if found is None:
        # "once per lifetime", "lifetime limit"; not an EOB's "annual/lifetime maximums apply"
        return (None, "lifetime") if _LIFETIME.search(lower) else None
    number, unit = found.group(1) or found.group(3), found.group(2) or found.group(4)
    count, years = int(number), unit.startswith("y")
    if count == 0:
        return None
    return count * 12 if years else count, f"{count}-{'year' if years else 'month'}"


def latest_day(value: str) -> date | None:
    """The latest day a date known to the day, month or year may be (the last of June for
    "2015-06", December 31 for "2015"); None when it is no date."""
    found = rough_date(value)
    if found is None:
        return None
    year, month, day = found
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def months_at_least(value: str, later: date | None) -> int | None:
    """Whole months from the latest day ``value`` may be (``latest_day``) to ``later``: the
    least the time since can be. None when either is not known."""
    last = latest_day(value)
    if last is None or later is None:
        return None
    months = (later.year - last.year) * 12 + later.month - last.month
    return max(months - (1 if later.day < last.day else 0), 0)


def limitation_words(reason: str, prior: str, later: date | None) -> tuple[str, str]:
    """What a frequency appeal may say of the limitation: (the period the earlier treatment is
    outside of, "24-month", when its recorded date puts it outside; "limitation period" when
    treatment may have fallen inside it, so the letter may say it could not wait for it to
    pass). Neither for a lifetime limit, nor for an earlier treatment older than the usual
    period when the denial states none (the letter then only asks for a review)."""
    period = limitation_period(reason)
    since = months_at_least(prior, later)
    if period is not None and period[0] is None:  # once per lifetime: nothing to wait out
        return "", ""
    if period is not None and period[0] is not None and _after_period(prior, later, period[0]):
        return period[1], ""
    limit = period[0] if period is not None and period[0] else ASSUMED_LIMIT_MONTHS
    return "", "limitation period" if since is None or since < limit else ""


def _after_period(prior: str, later: date | None, months: int) -> bool:
    """Whether ``later`` falls after the period of ``months`` that starts on the latest day
    ``prior`` may be: strictly after its anniversary (payers differ on whether the
    anniversary itself is "within 24 months": the letter claims only what holds either way)."""
    last = latest_day(prior)
    if last is None or later is None:
        return False
    end_year, end_month = divmod(last.year * 12 + last.month - 1 + months, 12)
    end_day = min(last.day, calendar.monthrange(end_year, end_month + 1)[1])
    return later > date(end_year, end_month + 1, end_day)
