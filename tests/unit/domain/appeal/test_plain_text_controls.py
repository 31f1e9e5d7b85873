"""No control characters in the plain-text narrative or the clipboard copy (issue 15 item 16)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text, printable_text
from cdt_desktop.domain.cases.model import Case
from tests.helpers import FIXTURES

HOSTILE = "Ana\x00 BEL\x07 \x1b[31mred\x1b[0m line\u2028para\u2029end\x85 محمد\u200f"


def test_controls_become_spaces_and_separators_line_breaks() -> None:
    cleaned = printable_text(HOSTILE)
    assert len(cleaned) == len(HOSTILE)
    assert not any(ord(c) < 32 and c != "\n" for c in cleaned)
    assert "\x1b" not in cleaned and "\x85" not in cleaned
    assert "line\npara\nend" in cleaned
    assert "محمد\u200f" in cleaned  # scripts keep their marks


def test_the_narrative_carries_no_control_characters() -> None:
    case = Case.from_json((FIXTURES / "case_d3330.json").read_text("utf-8"))
    case = replace(
        case,
        patient=replace(case.patient, name="Zoë\x1b[2J\x07"),
        findings=replace(case.findings, notes=HOSTILE),
    )
    letter = compose_appeal(case, entry=None, selection=None, today=date(2026, 11, 23))
    text = plain_text(letter)
    assert all(c == "\n" or c.isprintable() or ord(c) >= 0xA0 for c in text), json.dumps(text)
    assert "\u2028" not in text and "\x1b" not in text
