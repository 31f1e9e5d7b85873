"""The bundle's self-check for the appeal PDF: every bundled font is there and names in the
scripts that need them print in their own fonts, shaped (so a bundle built without a font file or
without HarfBuzz fails before it reaches an office)."""

from __future__ import annotations

from cdt_desktop.report import fonts

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
    pdf = render_appeal_pdf(letter)
    problems += [
        f"the appeal PDF did not embed {name.decode()}"
        for name in EXPECTED_FONTS
        if name not in pdf
    ]
    return problems
