"""Tooth outlines for the chart, one per drawing shape, in a unit box.

Kept apart from the widget so the shapes can be tuned (and reused, e.g. in a printed chart)
without touching input handling. Each outline has its crown at the top (a lower tooth, roots
below); the chart flips it for upper teeth.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from cdt_desktop.domain.chart_layout import ShapeKind


def tooth_outline(kind: ShapeKind, primary: bool) -> QPainterPath:
    """A recognisable outline in a unit box, crown at the top (a lower tooth); roots below."""
    p = QPainterPath()
    if kind is ShapeKind.INCISOR:
        p.moveTo(0.12, 0.05)
        p.quadTo(0.5, -0.01, 0.88, 0.05)
        p.cubicTo(0.9, 0.2, 0.84, 0.34, 0.78, 0.42)
        p.cubicTo(0.72, 0.7, 0.6, 0.93, 0.5, 1.0)
        p.cubicTo(0.4, 0.93, 0.28, 0.7, 0.22, 0.42)
        p.cubicTo(0.16, 0.34, 0.1, 0.2, 0.12, 0.05)
    elif kind is ShapeKind.CANINE:
        p.moveTo(0.5, 0.0)
        p.lineTo(0.9, 0.18)
        p.cubicTo(0.9, 0.28, 0.84, 0.36, 0.78, 0.42)
        p.cubicTo(0.72, 0.72, 0.6, 0.95, 0.5, 1.0)
        p.cubicTo(0.4, 0.95, 0.28, 0.72, 0.22, 0.42)
        p.cubicTo(0.16, 0.36, 0.1, 0.28, 0.1, 0.18)
        p.closeSubpath()
    elif kind is ShapeKind.PREMOLAR:
        p.moveTo(0.08, 0.2)
        p.quadTo(0.26, -0.06, 0.5, 0.12)
        p.quadTo(0.74, -0.06, 0.92, 0.2)
        p.cubicTo(0.94, 0.32, 0.86, 0.4, 0.8, 0.44)
        p.cubicTo(0.74, 0.72, 0.62, 0.94, 0.5, 1.0)
        p.cubicTo(0.38, 0.94, 0.26, 0.72, 0.2, 0.44)
        p.cubicTo(0.14, 0.4, 0.06, 0.32, 0.08, 0.2)
    else:
        spread = 0.04 if primary else 0.14  # primary molar roots flare wide (room for successor)
        p.moveTo(0.05, 0.18)
        p.quadTo(0.18, 0.0, 0.33, 0.12)
        p.quadTo(0.5, 0.0, 0.67, 0.12)
        p.quadTo(0.82, 0.0, 0.95, 0.18)
        p.cubicTo(0.97, 0.3, 0.94, 0.38, 0.9, 0.44)
        p.cubicTo(0.9, 0.7, 0.96 - spread, 0.9, 0.9 - spread, 1.0)
        p.cubicTo(0.74 - spread / 2, 0.95, 0.66, 0.7, 0.6, 0.56)
        p.quadTo(0.5, 0.48, 0.4, 0.56)
        p.cubicTo(0.34, 0.7, 0.26 + spread / 2, 0.95, 0.1 + spread, 1.0)
        p.cubicTo(0.04 + spread, 0.9, 0.1, 0.7, 0.1, 0.44)
        p.cubicTo(0.06, 0.38, 0.03, 0.3, 0.05, 0.18)
    p.closeSubpath()
    return p


def cervical_line(kind: ShapeKind) -> QPainterPath:
    """The crown/root boundary, drawn thin so crown and roots read at a glance."""
    y = 0.44 if kind in (ShapeKind.PREMOLAR, ShapeKind.MOLAR) else 0.42
    inset = 0.1 if kind is ShapeKind.MOLAR else 0.2
    p = QPainterPath(QPointF(inset, y))
    p.quadTo(0.5, y + 0.05, 1 - inset, y)
    return p
