"""View > Zoom on a 1366x768 laptop at 125 % scaling (1093x614 logical px): the window stays
on the screen. Two Zoom in steps made the window 1430 px wide there, the checklist and the case
buttons went off its right edge, and Zoom out left it that wide (office manager walkthrough).

Each case starts the real window in a fresh process on an offscreen screen of that size (Qt
lays out in logical px; the scale factor is read at the start only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

_ZOOMING = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
import cdt_desktop.ui
app = QApplication([])
from cdt_desktop.app import build_main_window
from cdt_desktop.ui.common.settings import Key, Settings
data = Path(sys.argv[1])
remembered = int(sys.argv[2])
if remembered != 100:
    Settings.for_data_dir(data).set(Key.ZOOM_PERCENT, remembered)
win = build_main_window(data_dir=data)
win.show_first()
for _ in range(5):
    app.processEvents()
free = win.screen().availableGeometry()
steps = [{"zoom": win.settings.get(Key.ZOOM_PERCENT), "width": win.width()}]
def press(action, widen=False, right=False):
    if widen:  # as a window dragged wider than the screen, or left so by another screen
        win.showNormal()
        win.resize(free.width() + 200, win.height())
        for _ in range(5):
            app.processEvents()
    if right:  # a window placed near the screen's right edge
        win.showNormal()
        win.resize(win.minimumSizeHint().width(), 500)
        win.move(250, 0)
        for _ in range(5):
            app.processEvents()
    win.menu_actions[action].trigger()
    for _ in range(5):
        app.processEvents()
    steps.append({
        "zoom": win.settings.get(Key.ZOOM_PERCENT),
        "width": win.width(),
        "least": win.minimumSizeHint().width(),
        "said": win.statusBar().currentMessage(),
        "right": win.frameGeometry().right() + 1,
    })
for action in sys.argv[3].split(","):
    press(action.lstrip("+>"), widen=action.startswith("+"), right=action.startswith(">"))
print(json.dumps({"free": [free.width(), free.height()], "steps": steps}))
win.close()
"""


def _zoom(tmp_path: Path, scale: str, actions: str, remembered: int = 100) -> dict[str, Any]:
    """The window started on a 1366x768 screen at ``scale``, ``actions`` triggered in turn
    (a leading "+": the window made wider than the screen first; ">": placed at x=250, its
    right edge past the screen's): what each step left."""
    screens = tmp_path / "screen.json"
    laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "dpr": 1}
    screens.write_text(json.dumps({"screens": [laptop]}))
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM=f"offscreen:configfile={screens}", QT_SCALE_FACTOR=scale)
    env.pop("CDT_DESKTOP_DATA_DIR", None)
    root = Path(__file__).resolve().parents[3]
    args = [str(tmp_path / "data"), str(remembered), actions]
    done = subprocess.run(
        [sys.executable, "-c", _ZOOMING, *args], env=env, cwd=root, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_zoom_in_at_125_percent_stops_at_the_largest_step_that_fits(tmp_path: Path) -> None:
    found = _zoom(tmp_path, "1.25", "zoomInAction,zoomInAction,zoomInAction")
    width = found["free"][0]
    assert width == 1093
    assert all(step["width"] <= width for step in found["steps"]), found["steps"]
    zooms = [step["zoom"] for step in found["steps"]]
    assert zooms[:2] == [100, 110]  # 110 % fits the 1093 px
    assert zooms[2:] == [110, 110]  # 125 % would not: not taken
    assert found["steps"][-1]["said"] == (
        "Zoom 125 % would make the window larger than this screen: kept 110 %"
    )


def test_on_the_same_screen_at_100_percent_every_step_up_to_160_is_taken(tmp_path: Path) -> None:
    found = _zoom(tmp_path, "1", ",".join(["zoomInAction"] * 4))
    assert [step["zoom"] for step in found["steps"]] == [100, 110, 125, 140, 160]
    assert all(step["width"] <= 1366 for step in found["steps"])
    assert all("larger than this screen" not in step["said"] for step in found["steps"][1:])


def test_a_zoom_remembered_from_a_larger_screen_starts_at_the_largest_that_fits(
    tmp_path: Path,
) -> None:
    found = _zoom(tmp_path, "1.25", "zoomOutAction", remembered=160)
    first = found["steps"][0]
    assert first["zoom"] == 110 and first["width"] <= 1093
    assert found["steps"][1]["zoom"] == 100


def test_zoom_out_brings_a_window_wider_than_the_screen_back_within_it(tmp_path: Path) -> None:
    found = _zoom(tmp_path, "1.25", "zoomInAction,+zoomOutAction,+zoomResetAction")
    assert [step["zoom"] for step in found["steps"]] == [100, 110, 100, 100]
    assert all(step["width"] <= 1093 for step in found["steps"][2:]), found["steps"]


def test_a_window_standing_past_the_right_edge_comes_back_on_screen_with_a_zoom(
    tmp_path: Path,
) -> None:
    """Review: the window kept its place at x=250, its right edge at 1342 on a 1093 px
    screen, after Zoom in and Zoom out."""
    found = _zoom(tmp_path, "1.25", ">zoomOutAction,zoomResetAction")
    assert [step["zoom"] for step in found["steps"]] == [100, 90, 100]
    assert all(step["right"] <= 1093 for step in found["steps"][1:]), found["steps"]
