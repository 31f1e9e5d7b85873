"""The bundle's self-check for the appeal PDF: every bundled font is there and names in the
scripts that need them print in their own fonts, shaped, and a radiograph prints as an enclosure
(so a bundle built without a font file, HarfBuzz or Pillow fails before it reaches an office)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.report import fonts

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.radiographs import Radiograph

SAMPLE_NAMES = "김민준 अनिता สมชาย Ελένη"
EXPECTED_FONTS = (b"NanumSquareR", b"NotoSansDevanagari-Regular", b"NotoSansThai-Regular")


def pdf_problems() -> list[str]:
    """What is wrong with the appeal PDF's fonts in this installation ([] when all is well)."""
    from cdt_desktop.domain.appeal.letter import AppealLetter
    from cdt_desktop.report import shaping
    from cdt_desktop.report.appeal_pdf import render_appeal_pdf

    problems = [f"bundled font {name} is missing" for name in fonts.missing_files()]
    if problems:
        return problems
    if not shaping.available():
        problems.append("HarfBuzz (uharfbuzz) is missing: Devanagari and Thai would print wrong")
    letter = AppealLetter(
        letterhead=("Self-check",),
        date="",
        payer=(),
        subject="Fonts",
        re_rows=(("Patient", SAMPLE_NAMES),),
        salutation="",
        opening="",
        denial_reason="",
        sections=(),
        enclosures=(),
        request="",
        closing="",
        signature=(),
    )
    try:
        pdf = render_appeal_pdf(letter, radiographs=(_sample_film(),))
    except (ImportError, OSError, AttributeError) as exc:  # no Pillow, or a stand-in
        return [*problems, f"the appeal PDF cannot enclose a radiograph ({type(exc).__name__})"]
    if b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf:
        problems.append("the appeal PDF did not enclose the radiograph")
    problems += [
        f"the appeal PDF did not embed {name.decode()}"
        for name in EXPECTED_FONTS
        if name not in pdf
    ]
    return problems


def _sample_film() -> Radiograph:
    """A small grey JPEG made with Pillow, as the radiographs attached to a case are stored."""
    import hashlib
    import io

    from PIL import Image

    from cdt_desktop.domain.cases.radiographs import Radiograph

    out = io.BytesIO()
    Image.new("L", (64, 80), 120).save(out, "JPEG")
    data = out.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    return Radiograph(0, 0, "Self-check film", "", "image/jpeg", data, 64, 80, digest)
