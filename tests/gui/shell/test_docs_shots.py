"""The docs' pictures of the window come from tools/docs_shots.py (``make docs-shots``), which
drives the real window: it must keep working as the window changes, or the pictures fall behind
it again (they showed the chart's former "Goal:" label)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image, ImageStat
from pytestqt.qtbot import QtBot

from tests.helpers import REPO_ROOT


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "docs_shots", REPO_ROOT / "tools" / "docs_shots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _size_and_mean(path: Path) -> tuple[tuple[int, int], float]:
    with Image.open(path) as image:
        return image.size, ImageStat.Stat(image.convert("L")).mean[0]


def test_the_docs_pictures_are_rendered_from_the_window_and_each_is_linked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    saved = _tool().render(tmp_path)
    names = {p.name for p in saved}
    assert names == {
        "guide-main.png", "guide-candidates.png", "guide-dark.png", "guide-missing.png",
        "guide-regen.png",
    }  # fmt: skip
    (main_size, light), (dark_size, dark) = (
        _size_and_mean(tmp_path / n) for n in ("guide-main.png", "guide-dark.png")
    )
    assert main_size == dark_size == (1366, 768)
    assert dark < light / 2  # the dark picture is the window in dark colours
    docs = (REPO_ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in names:  # each picture the tool makes is one the docs show
        assert f"({name})" in docs or f"(docs/{name})" in readme, name
