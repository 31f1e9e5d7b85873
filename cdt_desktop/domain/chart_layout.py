"""Geometry of the tooth chart, free of Qt so it can be table-tested and reused.

Every tooth gets a slot in an abstract unit space (about one unit per premolar width); the widget
scales that space uniformly to its size. Keeping hit-testing and arrow-key navigation here, as pure
functions over a frozen layout, means clicks and keys behave identically at any window size and the
tests need no QApplication.

Dentist's view: the upper arch is on top from the patient's right (Universal 1 at the screen's left)
to 16; the lower arch below runs from 32 (screen left) to 17. Primary teeth A-J above, T-K below.
"Mixed" shows both: permanent teeth as the outer arch, primary teeth as an inner arch.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

DENTITION_MODES = ("permanent", "primary", "mixed")
DIRECTIONS = ("left", "right", "up", "down", "home", "end")


class ShapeKind(StrEnum):
    """How a tooth is drawn (finer than the coding types: canines look different)."""

    INCISOR = "incisor"
    CANINE = "canine"
    PREMOLAR = "premolar"
    MOLAR = "molar"


class Rect(NamedTuple):
    """Axis-aligned rectangle in layout units (x grows right, y grows down)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, px: float, py: float) -> bool:
        """Half-open containment, so two touching rectangles never both claim a point."""
        return self.x <= px < self.right and self.y <= py < self.bottom

    def intersects(self, other: "Rect") -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


class ToothSlot(NamedTuple):
    """One tooth's place on the chart.

    `rect` is the clickable area (tooth drawing plus its label, so clicking the number works too);
    `body` is where the tooth outline is drawn; `label` is where its number is written.
    `upper` teeth are drawn crown down (roots up), lower teeth crown up.
    """

    universal: str
    kind: ShapeKind
    primary: bool
    upper: bool
    position: int  # 1 = central incisor ... 8 (permanent) / 5 (primary) = last molar
    row: int  # row index from the top of the chart
    column: int  # place within the row, from the screen's left (0 first)
    rect: Rect
    body: Rect
    label: Rect


class ChartLayout(NamedTuple):
    """All slots of one dentition mode; `rows` lists Universal ids per row, left to right."""

    mode: str
    width: float
    height: float
    slots: tuple[ToothSlot, ...]
    rows: tuple[tuple[str, ...], ...]
    by_id: Mapping[str, ToothSlot]

    def __contains__(self, universal: object) -> bool:
        return universal in self.by_id

    def slot(self, universal: str) -> ToothSlot:
        """The slot of a tooth shown in this mode; KeyError for a tooth that is not shown."""
        return self.by_id[universal]


# Rows on screen, left to right (dentist's view).
PERMANENT_UPPER = tuple(str(n) for n in range(1, 17))
PERMANENT_LOWER = tuple(str(n) for n in range(32, 16, -1))
PRIMARY_UPPER = tuple("ABCDEFGHIJ")
PRIMARY_LOWER = tuple("TSRQPONMLK")

# Tooth widths in units by (primary, position from the midline); molars widest.
_PERMANENT_WIDTH = {1: 0.95, 2: 0.85, 3: 0.9, 4: 0.9, 5: 0.9, 6: 1.2, 7: 1.2, 8: 1.15}
_PRIMARY_WIDTH = {1: 0.84, 2: 0.78, 3: 0.8, 4: 0.92, 5: 1.02}
_PERMANENT_BODY_H = 1.9
_PRIMARY_BODY_H = 1.45
GAP = 0.08  # between neighbouring teeth (dead space: a click there selects nothing)
MIDLINE_GAP = 0.22
LABEL_H = 0.55
MARGIN = 0.3
ARCH_GAP = 0.45  # between rows (the occlusal line)
CURVE = 0.35  # how far the arch ends drop (upper) / rise (lower) relative to the incisors


def position_from_midline(universal: str) -> int:
    """1 = central incisor ... 8 = third molar (permanent) or 5 = second molar (primary)."""
    if universal.isdigit():
        n = int(universal)
        if not 1 <= n <= 32:
            raise ValueError(f"not a permanent Universal tooth number: {universal!r}")
        return {0: 9 - n, 1: n - 8, 2: 25 - n, 3: n - 24}[(n - 1) // 8]
    if len(universal) != 1 or not "A" <= universal <= "T":
        raise ValueError(f"not a Universal tooth id: {universal!r}")
    i = ord(universal) - ord("A")  # 0..19
    return {0: 5 - i, 1: i - 4, 2: 15 - i, 3: i - 14}[i // 5]


def shape_kind(universal: str) -> ShapeKind:
    """Drawing shape by tooth; primary positions 4-5 are molars (never premolars)."""
    position = position_from_midline(universal)
    if position <= 2:
        return ShapeKind.INCISOR
    if position == 3:
        return ShapeKind.CANINE
    if universal.isdigit() and position <= 5:
        return ShapeKind.PREMOLAR
    return ShapeKind.MOLAR


def _row_widths(row: tuple[str, ...]) -> list[float]:
    table = _PRIMARY_WIDTH if row[0].isalpha() else _PERMANENT_WIDTH
    return [table[position_from_midline(u)] for u in row]


def _row_span(row: tuple[str, ...]) -> float:
    return sum(_row_widths(row)) + GAP * (len(row) - 2) + MIDLINE_GAP


def _place_row(
    row: tuple[str, ...],
    row_index: int,
    *,
    upper: bool,
    top: float,
    label_first: bool,
    center_x: float,
    half_span: float,
) -> list[ToothSlot]:
    """Lay out one row; `top` is the row's top when its ends are highest."""
    primary = row[0].isalpha()
    body_h = _PRIMARY_BODY_H if primary else _PERMANENT_BODY_H
    widths = _row_widths(row)
    x = center_x - _row_span(row) / 2
    slots: list[ToothSlot] = []
    middle = len(row) // 2
    for index, (universal, w) in enumerate(zip(row, widths, strict=True)):
        tooth_cx = x + w / 2
        t = min(1.0, abs(tooth_cx - center_x) / half_span)
        # Upper arch: incisors highest, ends drop; lower arch mirrored (ends rise).
        offset = CURVE * t * t if upper else CURVE * (1 - t * t)
        y = top + offset
        if label_first:
            label = Rect(x, y, w, LABEL_H)
            body = Rect(x, y + LABEL_H, w, body_h)
        else:
            body = Rect(x, y, w, body_h)
            label = Rect(x, y + body_h, w, LABEL_H)
        slots.append(
            ToothSlot(
                universal=universal,
                kind=shape_kind(universal),
                primary=primary,
                upper=upper,
                position=position_from_midline(universal),
                row=row_index,
                column=index,
                rect=Rect(x, y, w, body_h + LABEL_H),
                body=body,
                label=label,
            )
        )
        x += w + (MIDLINE_GAP if index == middle - 1 else GAP)
    return slots


@cache
def build_layout(mode: str) -> ChartLayout:
    """The layout of one dentition mode ("permanent", "primary" or "mixed"); cached, immutable."""
    rows: tuple[tuple[str, ...], ...]
    if mode == "permanent":
        rows = (PERMANENT_UPPER, PERMANENT_LOWER)
    elif mode == "primary":
        rows = (PRIMARY_UPPER, PRIMARY_LOWER)
    elif mode == "mixed":
        rows = (PERMANENT_UPPER, PRIMARY_UPPER, PRIMARY_LOWER, PERMANENT_LOWER)
    else:
        raise ValueError(f"unknown dentition mode {mode!r}; expected one of {DENTITION_MODES}")
    width = max(_row_span(r) for r in rows) + 2 * MARGIN
    center_x = width / 2
    slots: list[ToothSlot] = []
    y = MARGIN
    half_rows = len(rows) // 2
    for row_index, row in enumerate(rows):
        upper = row_index < half_rows
        body_h = _PRIMARY_BODY_H if row[0].isalpha() else _PERMANENT_BODY_H
        # Labels sit on the outside of each arch: above upper rows, below lower rows.
        slots.extend(
            _place_row(
                row,
                row_index,
                upper=upper,
                top=y,
                label_first=upper,
                center_x=center_x,
                half_span=_row_span(row) / 2,
            )
        )
        y += body_h + LABEL_H + CURVE + ARCH_GAP
    height = y - ARCH_GAP + MARGIN
    return ChartLayout(
        mode=mode,
        width=width,
        height=height,
        slots=tuple(slots),
        rows=rows,
        by_id=MappingProxyType({s.universal: s for s in slots}),
    )


def hit_test(layout: ChartLayout, x: float, y: float) -> str | None:
    """The Universal id of the tooth whose clickable area holds (x, y), else None."""
    for slot in layout.slots:
        if slot.rect.contains(x, y):
            return slot.universal
    return None


def neighbour(layout: ChartLayout, universal: str, direction: str) -> str:
    """Where an arrow key moves the keyboard cursor from `universal`.

    left/right walk along the row on screen (1 -> 2 ... 16) and continue at the start of the next
    row (16 -> 32, the lower arch's left end; the last row wraps to the first), so Right alone
    visits every tooth; up/down jump to the tooth in the row above/below whose centre is nearest
    (and stay put at the top/bottom row); home/end go to the row's ends.
    """
    slot = layout.slot(universal)
    rows = layout.rows
    row = rows[slot.row]
    if direction in ("left", "right"):
        step = 1 if direction == "right" else -1
        index = slot.column + step
        if 0 <= index < len(row):
            return row[index]
        next_row = rows[(slot.row + step) % len(rows)]
        return next_row[0] if step == 1 else next_row[-1]
    if direction == "home":
        return row[0]
    if direction == "end":
        return row[-1]
    if direction in ("up", "down"):
        target_row = slot.row + (-1 if direction == "up" else 1)
        if not 0 <= target_row < len(rows):
            return universal
        cx = slot.rect.center[0]
        return min(rows[target_row], key=lambda u: abs(layout.slot(u).rect.center[0] - cx))
    raise ValueError(f"unknown direction {direction!r}; expected one of {DIRECTIONS}")
