"""Render the docs' pictures of the window from the real window, offscreen (``make docs-shots``).

Each picture is the app's own main window (or its chart panel) in a throw-away data folder, at
1366x768, in a state the user guide describes; hand-made screenshots fell behind the window
(the chart's questions were renamed, and the pictures still showed the old labels). Pictures
of dialogs, the lock screen and letters are still taken by hand: see docs/user-guide.md.

    .venv/bin/python tools/docs_shots.py [--out DIR]

The PNGs are saved with a 256-colour palette (Pillow), as the hand-made ones were, to keep the
repository and the bundle small.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
PATIENT = "Nguyễn Thị Minh Khai"
TICKED = ("pulp-diagnosis", "periapical-diagnosis", "preop-radiograph")
"""The main window's case: three of D3330's required items ticked, as the guide says."""


def _settle(app: Any) -> None:
    for _ in range(5):
        app.processEvents()


def _save(widget: Any, path: Path) -> None:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    image.quantize(256, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"{path}  {image.size[0]}x{image.size[1]}")


def _chart(window: Any, tooth: str | None, **answers: str | None) -> None:
    """The chart as the dentist leaves it: dentition, notation, tooth, then each answer."""
    panel = window.chart_panel
    panel.set_state(tooth, answers.get("root"), answers.get("pulp"), answers.get("goal"),
                    answers.get("visit"), None, forget_others=True)  # fmt: skip


def _main_window_case(window: Any) -> None:
    from dataclasses import replace

    from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure

    window.operator_picker.set_operator("AB")
    cases = window.cases
    for name in ("Maria Garcia", "John Smith"):  # the case is the office's third of the day
        cases.create(Case(patient=Patient(name=name), procedure=Procedure(code="D3330")),
                     operator="AB")  # fmt: skip
    case = Case(
        patient=Patient(name=PATIENT, date_of_birth="1984-05-17"),
        procedure=Procedure(code="D3330", tooth="19"),
        claim=Claim(date_of_service="2026-12-01"),
    )
    case_id = cases.create(
        replace(
            case, findings=replace(case.findings, root="complete", pulp="irreversible-pulpitis")
        ),
        operator="AB",
    )
    for item in TICKED:
        cases.tick(case_id, item, True, operator="AB")
    window.open_case(case_id)
    window.search.set_query("molar")
    window.open_code("D3330")


def render(out: Path) -> list[Path]:
    """Build the window in a throw-away data folder and save each picture into ``out``."""
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.app import build_main_window

    app = QApplication.instance()
    saved: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cdt-shots-") as tmp:
        window = build_main_window(data_dir=Path(tmp) / "office")
        window.resize(*SIZE)
        window.show()

        def shot(name: str, widget: Any, prepare: Callable[[], None] | None = None) -> None:
            if prepare is not None:
                prepare()
            _settle(app)
            _save(widget, out / name)
            saved.append(out / name)

        try:
            _settle(app)
            _main_window_case(window)
            shot("guide-main.png", window)
            shot("guide-candidates.png", window.chart_panel)
            window.menu_actions["darkColoursAction"].trigger()
            shot("guide-dark.png", window)
            window.menu_actions["systemColoursAction"].trigger()
            window.close_case()
            shot("guide-missing.png", window.chart_panel,
                 lambda: _chart(window, "8", root="immature", pulp="necrosis"))  # fmt: skip
            shot("guide-regen.png", window.chart_panel,
                 lambda: _chart(window, "8", root="immature", pulp="necrosis",
                                goal="regeneration", visit="final"))  # fmt: skip
        finally:
            window.close()
            window.deleteLater()
            _settle(app)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNGs go")
    args = parser.parse_args(argv)
    from cdt_desktop.app import _make_application

    _app = _make_application()  # the app's fonts, style and colours, as at a real start
    render(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
