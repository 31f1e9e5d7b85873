"""Dates as US offices type them: "03/04/1990" (month first) becomes the case file's
"1990-03-04" wherever a date is typed (the case form, a radiograph's date taken), so the same
habit works in every field."""

from __future__ import annotations

import re
from datetime import date

_US_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


US_DATE = "MM/DD/YYYY"
"""The other order the window's date fields take (``normalize_date``), named in its messages."""


def normalize_date(text: str) -> str:
    """ "03/04/1990" -> "1990-03-04" (US order); anything else is returned stripped, unchanged."""
    match = _US_DATE_RE.match(text)
    if not match:
        return text.strip()
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text.strip()
