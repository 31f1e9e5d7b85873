"""Dates as US offices type them: "03/04/1990" (month first) becomes the case file's
"1990-03-04" wherever a date is typed (the case form, a radiograph's date taken, the claim-status
dialog), so the same habit works in every field. A date pasted from an EOB portal, a PDF or a
chat often carries characters nobody can see (a zero-width space, a byte-order mark, a
left-to-right mark, a non-breaking space): they are dropped before the date is read."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

_US_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


US_DATE = "MM/DD/YYYY"
"""The other order the window's date fields take (``normalize_date``), named in its messages."""


def visible(text: str) -> str:
    """``text`` as it looks: without invisible format characters anywhere (Unicode category
    Cf: zero-width space and joiners, byte-order mark, word joiner, soft hyphen, direction
    marks and isolates) and without blanks at its ends (a non-breaking space too)."""
    if text.isascii():
        return text.strip()
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def normalize_date(text: str) -> str:
    """ "03/04/1990" -> "1990-03-04" (US order); anything else is returned as it looks
    (`visible`), unchanged otherwise."""
    text = visible(text)
    match = _US_DATE_RE.match(text)
    if not match:
        return text
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text


_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
"""The months' names in English whatever the PC's language (``%B`` follows the PC's locale)."""


def typed_date(text: str) -> date | None:
    """The date typed as YYYY-MM-DD or MM/DD/YYYY; None when it is not a real date (never a
    nearby one: 2026-02-31 is None, not March 3 or February 28)."""
    match = _ISO_DATE_RE.match(normalize_date(text))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


_MONTH_ONLY_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_US_MONTH_ONLY_RE = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR_ONLY_RE = re.compile(r"^(\d{4})$")
ROUGH_DATE = "YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known"
"""How a date known only to the month or the year is written (an earlier root canal)."""


def normalize_rough_date(text: str) -> str:
    """A date that may be known only to the month or the year, as the case stores it:
    "06/15/2015" -> "2015-06-15", "06/2015" and "2015-6" -> "2015-06", "2015" stays; anything
    else is returned as it looks (`normalize_date`)."""
    text = normalize_date(text)
    if (us := _US_MONTH_ONLY_RE.match(text)) is not None:
        return f"{us.group(2)}-{int(us.group(1)):02d}"
    if (iso := _MONTH_ONLY_RE.match(text)) is not None:
        return f"{iso.group(1)}-{int(iso.group(2)):02d}"
    return text


def rough_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date known to the day, the month (day None) or the year (month
    and day None), typed as `normalize_rough_date` takes it; None when it is no real date.
    The earlier root canal's date is often an estimate ("June 2015", "2015"): the office had
    to invent a day, which the letter then stated as a fact (walkthrough)."""
    text = normalize_rough_date(text)
    if (day := typed_date(text)) is not None:
        return day.year, day.month, day.day
    if (month := _MONTH_ONLY_RE.match(text)) is not None:
        year, number = int(month.group(1)), int(month.group(2))
        return (year, number, None) if year >= 1 and 1 <= number <= 12 else None
    if (year_only := _YEAR_ONLY_RE.match(text)) is not None and int(year_only.group(1)) >= 1:
        return int(year_only.group(1)), None, None
    return None


def rough_date_problem(text: str) -> str:
    """Why a date that may be known only to the month or the year cannot be taken ("" when
    it can): a full date's own problem (a day that does not exist), else how to write it."""
    if rough_date(text) is not None:
        return ""
    shown = visible(text)
    if _ISO_DATE_RE.match(normalize_date(shown)) or _US_DATE_RE.match(shown):
        return date_problem(shown)
    return f"type the date as {ROUGH_DATE} (for example 2015-06-14, 2015-06 or 2015)"


def rough_date_words(text: str) -> str:
    """A date known to the day, month or year as a US letter writes it: "June 14, 2015",
    "June 2015", "2015"; text that is no such date is returned as typed."""
    found = rough_date(text)
    if found is None:
        return text.strip()
    year, month, day = found
    if month is None:
        return str(year)
    return (
        f"{MONTHS[month - 1]} {day}, {year}" if day is not None else f"{MONTHS[month - 1]} {year}"
    )


def date_problem(text: str, *, latest: date | None = None) -> str:
    """Why a typed date cannot be taken ("" when it can), in words for the dialog's message:
    a date that does not exist is refused as typed, never changed into another date."""
    if (day := typed_date(text)) is not None:
        if latest is not None and day > latest:
            return f"the date {day.isoformat()} is after today ({latest.isoformat()})"
        return ""
    shown = visible(text)  # the message names the date as the user sees it
    match = _ISO_DATE_RE.match(normalize_date(shown))
    if match:
        year, month, _ = (int(part) for part in match.groups())
        if year < 1:
            return f"{shown} is not a real date: there is no year 0"
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            return f"{shown} is not a real date: {MONTHS[month - 1]} {year} has {days} days"
        return f"{shown} is not a real date: there is no month {month}"
    if (us := _US_DATE_RE.match(shown)) is not None:
        month = int(us.group(1))
        if not 1 <= month <= 12:
            return f"{shown} is not a real date: there is no month {month} ({US_DATE})"
        if int(us.group(3)) < 1:
            return f"{shown} is not a real date: there is no year 0"
        days = calendar.monthrange(int(us.group(3)), month)[1]
        return f"{shown} is not a real date: {MONTHS[month - 1]} {us.group(3)} has {days} days"
    if not shown:
        return f"type the date (YYYY-MM-DD or {US_DATE})"
    return f"type the date as YYYY-MM-DD or {US_DATE} (for example 2026-03-14 or 03/14/2026)"


def file_date_words(value: str) -> str:
    """What a case file's date field that holds no date is told: "must be a date as
    YYYY-MM-DD", or, for one written so on a day that does not exist, that it is no real date
    (2031-02-30 was told to be written as it was: walkthrough). Never the value nor its month
    and year: the message goes to the log, and a date of birth is patient data."""
    if _ISO_DATE_RE.match(value.strip()) and date_problem(value):
        return "is not a real date (that day or month does not exist)"
    return "must be a date as YYYY-MM-DD"
