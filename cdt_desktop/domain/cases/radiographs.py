"""Radiographs attached to a case: the films an appeal encloses (a pre-operative periapical, the
post-operative film, a bitewing), kept with the case in the case store so billing at the front
desk prints what the chair attached.

Plain data and limits only. Reading and cleaning an image file (Pillow: a real JPEG or PNG, its
metadata dropped, bounded in size) is ``services/radiographs.py``; storing is the case store's
(``CaseRepository.add_radiograph`` and the rest); printing them as enclosure pages is
``report/appeal_pdf.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

MEDIA_TYPES = ("image/jpeg", "image/png")
MAX_SOURCE_BYTES = 30_000_000
"""A file larger than this is refused before it is read (a panoramic film is a few MB)."""
MAX_SOURCE_PIXELS = 60_000_000
"""Larger images are refused before they are decoded (a decompression bomb stops here)."""
MAX_EDGE_PX = 2400
"""Stored images are scaled down to this longest edge: sharp on a printed page at 300 dpi."""
MAX_STORED_BYTES = 4_000_000
MAX_PER_CASE = 12
MAX_CAPTION = 120


@dataclass(frozen=True)
class Radiograph:
    """One attached image, as stored (metadata already removed).

    ``caption`` is the user's words ("Pre-operative periapical #19"); ``taken_on`` an ISO date
    or ""; ``data`` the stored JPEG or PNG bytes, ``sha256`` their hex digest; ``size`` their
    length as stored (a store read without the bytes leaves ``data`` empty and says ``size``).
    """

    id: int
    case_id: int
    caption: str
    taken_on: str
    media_type: str
    data: bytes
    width: int
    height: int
    sha256: str
    added_by: str = ""
    added_at: str = ""
    size: int = 0


def same_image(films: list[Radiograph], sha256: str) -> Radiograph | None:
    """The film on the case that is this very image (its stored bytes' digest), if any."""
    return next((film for film in films if sha256 and film.sha256 == sha256), None)


def other_case_image_question(cases: list[tuple[int, str]]) -> str:
    """What is asked before an image on another patient's case is attached to this one (a
    wrong patient's film goes to the payer with this claim): "case 12 (Elena Ruiz)"."""
    named = ", ".join(f"case {case_id} ({name or 'no name'})" for case_id, name in cases)
    return (
        f"This image is attached to another case already: {named}. A film of one patient on "
        "another patient's case goes to the payer with the wrong claim.\n\nAttach it to this "
        "case too?"
    )
