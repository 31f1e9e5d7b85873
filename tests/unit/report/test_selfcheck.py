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


def test_a_bundle_without_pillow_fails_its_self_check(tmp_path) -> None:
    """The bundle once carried an empty stand-in for Pillow: films could not be printed."""
    import subprocess
    import sys

    stub = tmp_path / "PIL"
    stub.mkdir()
    (stub / "__init__.py").write_text("", encoding="utf-8")
    (stub / "Image.py").write_text("", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
         "from cdt_desktop.report.selfcheck import pdf_problems; print(pdf_problems())"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-1500:]
    assert "cannot enclose a radiograph" in run.stdout
