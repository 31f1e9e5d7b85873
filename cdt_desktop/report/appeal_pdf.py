"""The appeal letter as PDF bytes (ReportLab platypus): letterhead, RE table, body, "Page X of Y".

Bytes in, bytes out: no files, no Qt. ReportLab is imported inside the functions, so importing
this module (for instance from the narrative dialog) costs nothing until a letter is rendered.
Every user string goes through `text.markup` (escaped, then font-tagged); tables use Paragraph
cells, fixed column widths and ``splitInRow=1`` so long values wrap and a huge cell cannot raise
``LayoutError`` (docs/design-rules.md, R21). With a `creation_date` the output is byte-for-byte
deterministic (``invariant=1`` plus a fixed timestamp), which the tests rely on.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from typing import Any

from cdt_desktop.domain.appeal.letter import AppealLetter, format_date
from cdt_desktop.domain.cases.radiographs import Radiograph
from cdt_desktop.report import fonts
from cdt_desktop.report.letter_style import INK, MUTED, RULE, SHADE, para, shaped, styles
from cdt_desktop.report.markup import (
    markup,
    needs_shaping,
    unprintable_scripts,
    unshaped_scripts,
)

PAGE_SIZES = ("letter", "a4")
LABEL_WIDTH_PT = 108.0
MARGIN_PT = 64.8  # 0.9 inch
TOP_PT = 54.0
BOTTOM_PT = 58.0
FRAME_PADDING_PT = 6.0  # platypus Frame default padding: align headers with the body


def render_appeal_pdf(
    letter: AppealLetter,
    *,
    page_size: str = "letter",
    creation_date: datetime | None = None,
    radiographs: Sequence[Radiograph] = (),
) -> bytes:
    """The letter as a PDF, then one enclosure page per attached radiograph; same arguments
    and `creation_date` -> the same bytes."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import SimpleDocTemplate

    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}")
    from reportlab import rl_config

    # Binary streams, not ASCII85 text: ReportLab's pure-Python ASCII85 took seconds per letter
    # with a few films attached (the live preview re-renders on every pause in typing) and
    # made the file a quarter larger.
    rl_config.useA85 = 0
    fonts.ensure_base_fonts()
    size = LETTER if page_size == "letter" else A4
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_PT,
        rightMargin=MARGIN_PT,
        topMargin=TOP_PT,
        bottomMargin=BOTTOM_PT,
        title=letter.meta.get("document", "Appeal of denied claim"),  # no PHI in metadata
        author="",
        subject="Dental claim appeal" if "document" not in letter.meta else "Dental pre-treatment",
        creator="CDT Companion Desktop",
        invariant=1 if creation_date is not None else 0,
        initialFontName=fonts.BASE,
    )
    story = _story(letter, doc.width) + _enclosure_pages(radiographs, doc.width, doc.height)
    continuation = markup(letter.continuation) if letter.continuation else ""

    def later_pages(canvas: Any, document: Any) -> None:
        _draw_continuation(canvas, document, continuation)

    def make_canvas(*args: Any, **kwargs: Any) -> Any:
        return _numbered_canvas_class()(*args, creation_date=creation_date, **kwargs)

    doc.build(story, onLaterPages=later_pages, canvasmaker=make_canvas)
    return buffer.getvalue()


def _letter_texts(value: object) -> list[str]:
    """Every string printed on the letter (fields, rows, sections), in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in _letter_texts(item)]
    if is_dataclass(value) and not isinstance(value, type):
        return [t for f in fields(value) for t in _letter_texts(getattr(value, f.name))]
    return []


def print_gaps(letter: AppealLetter) -> list[str]:
    """What the PDF cannot print as typed, one plain sentence per script ([] nearly always).

    A name in a script no bundled font covers prints as "[Tibetan text]": the office must know
    before the letter leaves (the dialog lists these with the other pre-export problems).
    """
    text = "\n".join(_letter_texts(letter))
    gaps = [
        f'The PDF has no font for {script} letters: they print as "[{script} text]". Add the'
        " name in Latin letters too, or send this letter another way."
        for script in unprintable_scripts(text)
    ]
    gaps += [
        f"HarfBuzz (uharfbuzz) is not installed: {script} letters would print in the wrong"
        " shapes or order. Reinstall the app, or add the name in Latin letters too."
        for script in unshaped_scripts(text)
    ]
    return gaps


MAX_PICTOGRAPHS_NAMED = 5


def print_notes(letter: AppealLetter) -> list[str]:
    """What the letter leaves out of what was typed, deliberately (a reminder, not a problem):
    emoji and other pictographs (`symbols.without_pictographs`). Dropped without a word, a
    clerk who pasted "Pt reports 🦷 pain ✅" from a portal would not know the letter differs."""
    from cdt_desktop.domain.appeal.symbols import pictographs

    found = pictographs("\n".join(_letter_texts(letter)))
    if not found:
        return []
    named = " ".join(found[:MAX_PICTOGRAPHS_NAMED]) + (
        " ..." if len(found) > MAX_PICTOGRAPHS_NAMED else ""
    )
    return [
        f"Emoji and symbols ({named}) are left out of the letter, its text and the claim remark:"
        " a payer's copy cannot show them. Write what they meant in words if it matters."
    ]


def _story(letter: AppealLetter, width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer

    s = styles()
    story: list[Any] = []
    if letter.letterhead:
        story.append(para(letter.letterhead[0], s["practice"]))
        story += [para(line, s["letterhead"]) for line in letter.letterhead[1:]]
    story += [
        Spacer(1, 4),
        HRFlowable(width="100%", thickness=0.8, color=HexColor(RULE), spaceAfter=14),
        para(letter.date, s["para"]),
        Spacer(1, 6),
    ]
    story += [para(line, s["body"]) for line in letter.payer]
    story += [Spacer(1, 8), para(letter.subject, s["subject"])]
    if letter.re_rows:
        story.append(_re_table(letter.re_rows, width))
    story += [Spacer(1, 12), para(letter.salutation, s["para"])]
    story.append(para(letter.opening, s["para"]))
    if letter.denial_reason:
        story += _heading(Paragraph(f"{letter.denial_label} as stated by the payer:", s["heading"]))
        story.append(para(f"\u201c{letter.denial_reason}\u201d", s["quote"]))
    for section in letter.sections:
        if not section.paragraphs:
            continue
        story += _heading(para(section.heading, s["heading"]))
        for text in section.paragraphs:
            if section.bullets:
                story.append(para(text, s["bullet"], bulletText="\u2022"))
            else:
                *parts, last = _chunks(text)
                story += [para(part, s["body"]) for part in parts]
                story.append(para(last, s["para"]))
    if letter.enclosures:
        story += _heading(Paragraph("Enclosures", s["heading"]))
        story += [para(text, s["bullet"], bulletText="\u2022") for text in letter.enclosures]
    # The request travels with the signature: a page holding only "Sincerely," and a name
    # looks detached from the letter (a reviewer may miss it).
    closing = [
        Paragraph("Action requested", s["heading"]),
        para(letter.request, s["para"]),
        Spacer(1, 4),
        para(letter.closing, s["para"]),
        Spacer(1, 26),
        HRFlowable(width=200, thickness=0.6, color=HexColor(INK), hAlign="LEFT", spaceAfter=3),
    ]
    closing += [para(line, s["body"]) for line in letter.signature]
    story.append(KeepTogether(closing))
    return story


HEADING_LINES = 3
"""A heading starts a new page unless this many lines of its text fit under it: kept with the
whole of a long first paragraph instead, it left up to a quarter page blank before it."""


def _heading(heading: Any) -> list[Any]:
    """``heading`` after a page break when it and ``HEADING_LINES`` lines would not fit."""
    from reportlab.platypus import CondPageBreak

    style, body = heading.style, styles()["body"]
    room = style.spaceBefore + style.leading + style.spaceAfter + HEADING_LINES * body.leading
    return [CondPageBreak(room), heading]


IMAGE_ROOM_PT = 96.0
"""Height kept on an enclosure page for its heading and caption above the image."""


def _enclosure_pages(radiographs: Sequence[Radiograph], width: float, height: float) -> list[Any]:
    """Each radiograph on a page of its own, as large as the page allows (the reviewer judges
    the film, not a thumbnail), under a heading that numbers it and says what it shows. The
    pages carry the letter's continuation header (patient, claim) like every later page."""
    from reportlab.platypus import Image, PageBreak, Paragraph, Spacer

    s = styles()
    story: list[Any] = []
    count = len(radiographs)
    for number, film in enumerate(radiographs, start=1):
        # inside the frame's padding, so the film lines up with the text's margins
        room = width - 2 * FRAME_PADDING_PT
        scale = min(room / film.width, (height - IMAGE_ROOM_PT) / film.height)
        taken = f"Taken {format_date(film.taken_on)}. " if film.taken_on else ""
        story += [
            PageBreak(),
            Paragraph(f"Enclosure: radiograph {number} of {count}", s["heading"]),
            para(f"{film.caption or 'Radiograph'}. {taken}".strip(), s["para"]),
            Spacer(1, 4),
            Image(BytesIO(film.data), width=film.width * scale, height=film.height * scale),
        ]
    return story


CHUNK_CHARS = 2000


def _chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """A long text as pieces of at most ``limit`` characters, cut at a line end or a space.

    ReportLab re-wraps the whole rest of a paragraph each time it splits it across a page, so
    one 200 KB note took minutes (quadratic); pieces keep it linear. Short texts stay whole.
    """
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = window.rfind("\n")
        if cut < limit // 2:
            cut = max(cut, window.rfind(" "))
        if cut <= 0:
            cut = limit  # one very long word: ReportLab splits it within the piece anyway
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" \n")
    return [*pieces, text]


def _re_table(rows: tuple[tuple[str, str], ...], width: float) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    s = styles()
    data = [[para(label, s["label"]), para(value, s["cell"])] for label, value in rows]
    table = Table(
        data,
        colWidths=[LABEL_WIDTH_PT, width - LABEL_WIDTH_PT],
        splitInRow=1,
        repeatRows=0,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), HexColor(SHADE)),
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, HexColor(RULE)),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _draw_continuation(canvas: Any, doc: Any, text: str) -> None:
    """Pages 2+ repeat who and which claim the letter is about, in case pages get separated."""
    if not text:
        return
    from reportlab.platypus import Paragraph

    style = styles()["small"]
    header = Paragraph(text, shaped(style) if needs_shaping(text) else style)
    header.wrapOn(canvas, doc.width - 2 * FRAME_PADDING_PT, doc.topMargin)
    header.drawOn(canvas, doc.leftMargin + FRAME_PADDING_PT, doc.pagesize[1] - doc.topMargin + 10)


@cache
def _numbered_canvas_class() -> type:
    """A Canvas that holds its pages until the end, so each can say "Page X of Y"."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, creation_date: datetime | None = None, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []
            if creation_date is not None:
                _fix_timestamp(self._doc, creation_date)

        def showPage(self) -> None:
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                self._draw_page_number(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_page_number(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(fonts.BASE, 8)
            self.setFillColor(HexColor(MUTED))
            self.drawCentredString(width / 2, BOTTOM_PT / 2, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _fix_timestamp(pdf_doc: Any, when: datetime) -> None:
    """Pin CreationDate/ModDate to `when` (UTC) instead of ReportLab's invariant 2000-01-01."""
    stamp = pdf_doc._timeStamp
    seconds = when.replace(tzinfo=when.tzinfo or UTC).timestamp()
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
