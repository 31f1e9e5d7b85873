"""Tooth chart geometry: every tooth placed once, no overlaps, exact hit-testing, arrow-key walk."""

from __future__ import annotations

import itertools

import pytest

from cdt_desktop.domain.chart_layout import (
    DENTITION_MODES,
    ShapeKind,
    build_layout,
    hit_test,
    neighbour,
    position_from_midline,
    shape_kind,
)

PERMANENT = {str(n) for n in range(1, 33)}
PRIMARY = set("ABCDEFGHIJKLMNOPQRST")
SHOWN = {"permanent": PERMANENT, "primary": PRIMARY, "mixed": PERMANENT | PRIMARY}


@pytest.mark.parametrize("mode", DENTITION_MODES)
def test_every_tooth_of_the_mode_has_exactly_one_slot(mode: str) -> None:
    layout = build_layout(mode)
    ids = [s.universal for s in layout.slots]
    assert len(ids) == len(set(ids))
    assert set(ids) == SHOWN[mode]
    assert {u for row in layout.rows for u in row} == SHOWN[mode]


@pytest.mark.parametrize("mode", DENTITION_MODES)
def test_slots_stay_inside_the_layout_and_never_overlap(mode: str) -> None:
    layout = build_layout(mode)
    for slot in layout.slots:
        r = slot.rect
        assert r.x >= 0 and r.right <= layout.width, slot.universal
        assert r.y >= 0 and r.bottom <= layout.height, slot.universal
        # body and label lie inside the clickable area
        for part in (slot.body, slot.label):
            assert r.x <= part.x and part.right <= r.right + 1e-9
            assert r.y <= part.y and part.bottom <= r.bottom + 1e-9
    for a, b in itertools.combinations(layout.slots, 2):
        assert not a.rect.intersects(b.rect), (a.universal, b.universal)


@pytest.mark.parametrize("mode", DENTITION_MODES)
def test_hit_test_at_each_centre_returns_that_tooth(mode: str) -> None:
    layout = build_layout(mode)
    for slot in layout.slots:
        assert hit_test(layout, *slot.rect.center) == slot.universal
        assert hit_test(layout, *slot.body.center) == slot.universal
        assert hit_test(layout, *slot.label.center) == slot.universal


@pytest.mark.parametrize("mode", DENTITION_MODES)
def test_points_between_teeth_and_outside_hit_nothing(mode: str) -> None:
    layout = build_layout(mode)
    for row in layout.rows:
        for left, right in itertools.pairwise(row):
            a, b = layout.slot(left).rect, layout.slot(right).rect
            gap_x = (a.right + b.x) / 2
            assert hit_test(layout, gap_x, a.center[1]) is None, (left, right)
    assert hit_test(layout, -1, -1) is None
    assert hit_test(layout, layout.width / 2, layout.height + 1) is None
    assert hit_test(layout, 0.01, 0.01) is None  # margin corner


def test_dentists_view_order_on_screen() -> None:
    layout = build_layout("permanent")
    assert layout.rows[0] == tuple(str(n) for n in range(1, 17))
    assert layout.rows[1] == tuple(str(n) for n in range(32, 16, -1))
    xs = [layout.slot(u).rect.x for u in layout.rows[0]]
    assert xs == sorted(xs)
    assert layout.slot("1").rect.y < layout.slot("32").rect.y
    primary = build_layout("primary")
    assert primary.rows == (tuple("ABCDEFGHIJ"), tuple("TSRQPONMLK"))


def test_mixed_shows_primary_as_inner_arch() -> None:
    layout = build_layout("mixed")
    assert layout.slot("8").rect.bottom <= layout.slot("E").rect.y
    assert layout.slot("E").rect.bottom <= layout.slot("P").rect.y
    assert layout.slot("P").rect.bottom <= layout.slot("25").rect.y
    # inner arch is narrower than the outer one
    assert layout.slot("A").rect.x > layout.slot("1").rect.x
    assert layout.slot("J").rect.right < layout.slot("16").rect.right


def test_molars_are_the_widest_teeth() -> None:
    layout = build_layout("mixed")
    for primary in (False, True):
        slots = [s for s in layout.slots if s.primary is primary]
        widest = max(s.rect.w for s in slots)
        assert {s.kind for s in slots if s.rect.w == widest} == {ShapeKind.MOLAR}


@pytest.mark.parametrize(
    ("universal", "position", "kind"),
    [
        ("1", 8, ShapeKind.MOLAR),
        ("3", 6, ShapeKind.MOLAR),
        ("4", 5, ShapeKind.PREMOLAR),
        ("6", 3, ShapeKind.CANINE),
        ("8", 1, ShapeKind.INCISOR),
        ("9", 1, ShapeKind.INCISOR),
        ("13", 5, ShapeKind.PREMOLAR),
        ("16", 8, ShapeKind.MOLAR),
        ("17", 8, ShapeKind.MOLAR),
        ("19", 6, ShapeKind.MOLAR),
        ("22", 3, ShapeKind.CANINE),
        ("24", 1, ShapeKind.INCISOR),
        ("25", 1, ShapeKind.INCISOR),
        ("28", 4, ShapeKind.PREMOLAR),
        ("32", 8, ShapeKind.MOLAR),
        ("A", 5, ShapeKind.MOLAR),
        ("B", 4, ShapeKind.MOLAR),  # primary first molar: never a premolar
        ("C", 3, ShapeKind.CANINE),
        ("E", 1, ShapeKind.INCISOR),
        ("F", 1, ShapeKind.INCISOR),
        ("J", 5, ShapeKind.MOLAR),
        ("K", 5, ShapeKind.MOLAR),
        ("O", 1, ShapeKind.INCISOR),
        ("P", 1, ShapeKind.INCISOR),
        ("S", 4, ShapeKind.MOLAR),
        ("T", 5, ShapeKind.MOLAR),
    ],
)
def test_position_and_shape_by_tooth(universal: str, position: int, kind: ShapeKind) -> None:
    assert position_from_midline(universal) == position
    assert shape_kind(universal) == kind


@pytest.mark.parametrize("bad", ["0", "33", "U", "a", "", "AS", "51"])
def test_unknown_ids_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        position_from_midline(bad)


@pytest.mark.parametrize(
    ("mode", "start", "direction", "expected"),
    [
        ("permanent", "1", "right", "2"),
        ("permanent", "8", "right", "9"),  # across the midline
        ("permanent", "9", "left", "8"),
        ("permanent", "16", "right", "32"),  # end of the upper arch -> start of the lower row
        ("permanent", "32", "left", "16"),
        ("permanent", "17", "right", "1"),  # last tooth wraps to the first
        ("permanent", "1", "left", "17"),
        ("permanent", "25", "right", "24"),  # lower midline, screen order 32..17
        ("permanent", "24", "right", "23"),
        ("permanent", "3", "down", "30"),
        ("permanent", "30", "up", "3"),
        ("permanent", "3", "up", "3"),  # top row: stays
        ("permanent", "30", "down", "30"),
        ("permanent", "5", "home", "1"),
        ("permanent", "20", "end", "17"),
        ("primary", "E", "right", "F"),
        ("primary", "J", "right", "T"),
        ("primary", "K", "right", "A"),
        ("primary", "A", "down", "T"),
        ("mixed", "8", "down", "E"),
        ("mixed", "E", "down", "P"),
        ("mixed", "P", "down", "25"),
        ("mixed", "16", "right", "A"),
        ("mixed", "J", "right", "T"),
        ("mixed", "K", "right", "32"),
        ("mixed", "17", "right", "1"),
    ],
)
def test_neighbour_walks_along_the_arch(
    mode: str, start: str, direction: str, expected: str
) -> None:
    assert neighbour(build_layout(mode), start, direction) == expected


@pytest.mark.parametrize("mode", DENTITION_MODES)
def test_right_arrow_alone_visits_every_tooth_once_per_cycle(mode: str) -> None:
    layout = build_layout(mode)
    first = layout.rows[0][0]
    seen = [first]
    current = neighbour(layout, first, "right")
    while current != first:
        seen.append(current)
        current = neighbour(layout, current, "right")
    assert sorted(seen) == sorted(SHOWN[mode])
    for u in seen:  # left undoes right
        assert neighbour(layout, neighbour(layout, u, "right"), "left") == u


def test_bad_mode_and_direction() -> None:
    with pytest.raises(ValueError):
        build_layout("adult")
    with pytest.raises(ValueError):
        neighbour(build_layout("permanent"), "1", "diagonal")
    with pytest.raises(KeyError):
        neighbour(build_layout("permanent"), "A", "right")
