"""Colour tokens that work in light and dark palettes and for colour-blind users.

Why a module of its own: every widget that shows a status or a highlight should pick the same
colours, and those colours come from the Okabe-Ito set (distinguishable under the common colour
vision deficiencies). Colour never carries meaning alone: each status also has its own icon shape
and word, and a selection also gets a thick outline and bold text.
"""

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark (dark mode or a dark theme)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def draw_box_ring(painter: QPainter, box: "QCheckBox", palette: QPalette, *, outside: bool) -> None:
    """A ring on a checkbox's square in a dark palette: Fusion draws the square's edge a shade
    darker than the window, which on a dark window left an unticked box all but invisible
    (walkthroughs: 1.2:1). The ring is the text colour faded halfway to the window's, at least
    3:1 against the window. ``outside``: just outside the square, painted by the box's parent
    (the checklist's row, under the box) in the parent's coordinates; else on the square's own
    edge, painted by the box itself."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    option.initFrom(box)
    square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    text = palette.color(QPalette.ColorRole.Text)
    window = palette.color(QPalette.ColorRole.Window)
    painter.setPen(QPen(mixed(text, window, 0.5), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if outside:
        painter.drawRect(square.translated(box.pos()).adjusted(-1, -1, 0, 0))
    else:
        painter.drawRect(square.adjusted(0, 0, -1, -1))


class ChartColours(NamedTuple):
    """Colours of a drawn chart (tooth chart, and any future diagram) for one palette.

    NamedTuples here, not frozen dataclasses: just as immutable, and about 7x cheaper to create
    when the module loads at start-up (~0.8 ms per dataclass on Python 3.11).
    """

    background: QColor
    tooth_fill: QColor
    primary_fill: QColor  # primary teeth, so the inner arch reads as different in mixed mode
    outline: QColor
    text: QColor
    muted_text: QColor
    hover_fill: QColor
    selected_fill: QColor
    selected_outline: QColor
    focus_ring: QColor


def chart_colours(palette: QPalette) -> ChartColours:
    """Chart colours that keep contrast against the palette's own base and text colours."""
    dark = is_dark(palette)
    text = palette.color(QPalette.ColorRole.WindowText)
    base = palette.color(QPalette.ColorRole.Base)
    muted = QColor(text)
    muted.setAlphaF(0.7)
    if dark:
        return ChartColours(
            background=base,
            tooth_fill=QColor("#4a4f57"),
            primary_fill=QColor("#3d4a52"),
            outline=QColor("#d8dadf"),
            text=text,
            muted_text=muted,
            hover_fill=QColor("#5f6b78"),
            selected_fill=QColor(OKABE_ITO["sky_blue"]),
            selected_outline=QColor("#ffffff"),
            focus_ring=QColor(OKABE_ITO["orange"]),
        )
    return ChartColours(
        background=base,
        tooth_fill=QColor("#fbf8ef"),
        primary_fill=QColor("#eef5fa"),
        outline=QColor("#4b4b4b"),
        text=text,
        muted_text=muted,
        hover_fill=QColor("#cfe2f3"),  # apart from the primary teeth' #eef5fa at a glance
        selected_fill=QColor(OKABE_ITO["sky_blue"]),
        selected_outline=QColor(OKABE_ITO["blue"]).darker(140),
        focus_ring=QColor(OKABE_ITO["vermillion"]),
    )


class StatusStyle(NamedTuple):
    """How a status is shown: a word, a glyph for plain text, a colour and an icon shape."""

    word: str
    glyph: str
    colour: str
    shape: str  # "circle" | "diamond" | "square"


STATUS_STYLES: dict[str, StatusStyle] = {
    "recommended": StatusStyle("Recommended", "✓", OKABE_ITO["bluish_green"], "circle"),
    "possible": StatusStyle("Possible", "?", OKABE_ITO["orange"], "diamond"),
    "excluded": StatusStyle("Excluded", "✕", OKABE_ITO["vermillion"], "square"),
}


@cache
def status_icon(status: str, size: int = 16) -> QIcon:
    """A small icon whose shape and mark differ per status, not just its colour.

    Needs a QGuiApplication (it paints a pixmap); cached so lists do not repaint icons per row.
    """
    style = STATUS_STYLES[status]
    ratio = 2.0  # crisp on high-DPI screens
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(1, 1, size - 2, size - 2)
    colour = QColor(style.colour)
    painter.setPen(QPen(colour.darker(150), 1))
    painter.setBrush(colour)
    if style.shape == "circle":
        painter.drawEllipse(box)
    elif style.shape == "diamond":
        c = box.center()
        half = box.width() / 2
        diamond = QPainterPath(QPointF(c.x(), c.y() - half))
        diamond.lineTo(c.x() + half, c.y())
        diamond.lineTo(c.x(), c.y() + half)
        diamond.lineTo(c.x() - half, c.y())
        diamond.closeSubpath()
        painter.drawPath(diamond)
    else:
        painter.drawRect(box.adjusted(1, 1, -1, -1))
    pen = QPen(QColor("#ffffff") if status != "possible" else QColor("#000000"), size / 8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    s = size
    if status == "recommended":
        mark = QPainterPath(QPointF(s * 0.28, s * 0.52))
        mark.lineTo(s * 0.44, s * 0.68)
        mark.lineTo(s * 0.72, s * 0.34)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(mark)
    elif status == "excluded":
        painter.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68))
        painter.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68))
    else:
        font = painter.font()
        font.setPixelSize(int(s * 0.62))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    return QIcon(pixmap)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mixed(colour: QColor, other: QColor, share: float) -> QColor:
    """``colour`` with ``share`` (0 to 1) of ``other`` mixed in, opaque."""
    return QColor.fromRgbF(
        colour.redF() + (other.redF() - colour.redF()) * share,
        colour.greenF() + (other.greenF() - colour.greenF()) * share,
        colour.blueF() + (other.blueF() - colour.blueF()) * share,
    )


def readable_on(colour: QColor, background: QColor, ratio: float = 4.5) -> QColor:
    """``colour`` mixed toward white (on a dark background) or black until it reaches ``ratio``
    against ``background``: a theme's blue link on dark grey becomes a light blue."""
    target = 1.0 if _luminance(background) < 0.5 else 0.0
    r, g, b = colour.redF(), colour.greenF(), colour.blueF()
    result = QColor(colour)
    for step in range(1, 21):
        if contrast(result, background) >= ratio:
            break
        t = step / 20
        result = QColor.fromRgbF(r + (target - r) * t, g + (target - g) * t, b + (target - b) * t)
    return result
