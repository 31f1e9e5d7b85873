"""The bundle's self-check catches a missing script font or a PDF without its script fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.report import fonts, selfcheck


def test_a_complete_installation_passes_the_pdf_self_check() -> None:
    assert selfcheck.pdf_problems() == []


def test_a_bundle_missing_a_script_font_fails_the_self_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "fonts").mkdir()
    monkeypatch.setattr(fonts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    problems = selfcheck.pdf_problems()
    assert "bundled font NanumSquareR.ttf is missing" in problems
