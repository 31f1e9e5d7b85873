"""How a letter PDF looks: its colours, its paragraph styles, and a paragraph of user text.

One family, few sizes. ReportLab is imported inside the functions (as in ``appeal_pdf``), so
importing this module costs nothing until a letter is rendered; the styles are built once, after
the fonts exist. Every user string goes through `text.markup` (escaped, then font-tagged) and is
shaped with HarfBuzz only when its script needs it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cdt_desktop.report import fonts
from cdt_desktop.report.markup import markup, needs_shaping

INK = "#1f2933"
MUTED = "#52606d"
RULE = "#9aa5b1"
SHADE = "#f2f4f7"


@cache
def styles() -> dict[str, Any]:
    """Paragraph styles, built once (after the fonts exist): one family, few sizes."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    fonts.ensure_base_fonts()
    # allowWidows=0: a paragraph's last line never goes alone to the top of the next page
    # (the answer to a denial ended "... we ask that it be" / page 2: "reprocessed.")
    body = ParagraphStyle(
        "body",
        fontName=fonts.BASE,
        fontSize=10,
        leading=13.5,
        textColor=HexColor(INK),
        allowWidows=0,
    )
    return {"body": body, **_heading_styles(body), **_block_styles(body)}


def _heading_styles(body: Any) -> dict[str, Any]:
    """The letterhead, the subject line and the section headings."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return {
        "practice": ParagraphStyle(
            "practice",
            parent=body,
            fontName=fonts.BASE_BOLD,
            fontSize=15,
            leading=19,
            alignment=TA_CENTER,
        ),
        "letterhead": ParagraphStyle(
            "letterhead",
            parent=body,
            fontSize=9,
            leading=12,
            alignment=TA_CENTER,
            textColor=HexColor(MUTED),
        ),
        "subject": ParagraphStyle(
            "subject",
            parent=body,
            fontName=fonts.BASE_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.BASE_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=10,
            spaceAfter=3,
        ),
    }


def _block_styles(body: Any) -> dict[str, Any]:
    """The body's paragraphs, the quoted denial, bullets, the RE table's cells, the small print."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    return {
        "para": ParagraphStyle("para", parent=body, spaceAfter=6),
        "quote": ParagraphStyle(
            "quote",
            parent=body,
            fontName=fonts.BASE_ITALIC,
            leftIndent=14,
            rightIndent=14,
            backColor=HexColor(SHADE),
            borderPadding=(5, 6, 5, 6),
            spaceBefore=6,
            spaceAfter=10,
        ),
        "bullet": ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=16,
            bulletIndent=4,
            spaceAfter=3,
            bulletFontName=fonts.BASE,
        ),
        "label": ParagraphStyle(
            "label",
            parent=body,
            fontName=fonts.BASE_BOLD,
            fontSize=9,
            leading=12,
            textColor=HexColor(MUTED),
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10, textColor=HexColor(MUTED)
        ),
    }


_shaped_styles: dict[str, Any] = {}


def shaped(style: Any) -> Any:
    """`style` with HarfBuzz shaping on, for text in a script that needs it (`fonts.SHAPED_FONTS`).

    Only such paragraphs are shaped: the rest of the letter keeps ReportLab's plain (faster)
    layout.
    """
    found = _shaped_styles.get(style.name)
    if found is None:
        from reportlab.lib.styles import ParagraphStyle

        found = _shaped_styles[style.name] = ParagraphStyle(
            f"{style.name}-shaped", parent=style, shaping=1
        )
    return found


def para(text: str, style: Any, **kwargs: Any) -> Any:
    """A Paragraph printing the user text `text` literally (`markup`), shaped where needed."""
    from reportlab.platypus import Paragraph

    marked = markup(text, bold=style.fontName == fonts.BASE_BOLD)
    return Paragraph(marked, shaped(style) if needs_shaping(marked) else style, **kwargs)
