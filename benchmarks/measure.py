"""The individual measurements. Each returns plain numbers; `__main__` judges them."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

TYPED_QUERIES = (
    "molar",
    "root canal molar",
    "D3330",
    "3357",
    "d335",
    "apex",
    "regen",
    "RCT",
    "pulpotomy",
    "retreat premolar",
    "crown",
    "build up",
    "periapical",
    "emergency",
    "MTA",
)


def typed_prefixes(queries: Iterable[str] = TYPED_QUERIES) -> list[str]:
    """Every prefix a user produces while typing the queries, one keystroke at a time."""
    return [query[:end] for query in queries for end in range(1, len(query) + 1)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_calls(calls: Iterable[Callable[[], object]], repeat: int = 1) -> list[float]:
    """Seconds per call, each call timed alone."""
    timings: list[float] = []
    for _ in range(repeat):
        for call in calls:
            start = time.perf_counter()
            call()
            timings.append(time.perf_counter() - start)
    return timings


STARTUP_PROBE_ENV = "CDT_DESKTOP_STARTUP_PROBE"  # app.STARTUP_PROBE_ENV (not imported: no Qt here)


def bundle_dir() -> Path | None:
    """The one-folder bundle `make bundle` built (dist/cdt-desktop), when there is one."""
    exe = (
        HERE.parent
        / "dist"
        / "cdt-desktop"
        / ("cdt-desktop.exe" if os.name == "nt" else "cdt-desktop")
    )
    return exe.parent if exe.is_file() else None


def folder_mib(path: Path) -> float:
    """Unpacked size of a folder in MiB (files only, symlinks not counted twice)."""
    return (
        sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20
    )


def _launch(command: list[str], data_dir: str) -> tuple[float, int]:
    """Process start to 'ready' line (window shown, loop idle): seconds and peak RSS (KiB)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CDT_DESKTOP_DATA_DIR=data_dir)
    env[STARTUP_PROBE_ENV] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    proc.stdout.close()
    if not line.startswith("ready ") or proc.returncode != 0:  # e.g. a start-up error dialog
        raise RuntimeError(f"{command[-1]} did not start cleanly (exit {proc.returncode})")
    return elapsed, int(line.split()[1])


LARGE_CASES = 10_000
LARGE_TICKS_PER_CASE = 20


def large_store(folder: Path) -> Path:
    """A case store as a busy office has it after some years: 10,000 cases, 200,000 ticks and
    their audit rows (written straight into the tables, in one transaction)."""
    import json
    import sqlite3

    from cdt_desktop.db.cases.rows import search_text
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with CaseStore.open(folder):
        pass  # the schema, as the app makes it
    path = folder / "cases.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    at = "2026-03-14T09:00:00.000000+00:00"
    conn.execute("BEGIN")
    for i in range(LARGE_CASES):
        name = f"Patient {i}"
        patient = json.dumps({"name": name, "chart_number": f"CH-{i:05d}"})
        procedure = json.dumps({"code": "D3330", "tooth": str(1 + i % 32)})
        case_id = conn.execute(
            "INSERT INTO cases (uuid, patient, procedure, patient_name, chart_number, code, "
            "tooth, status, created_at, updated_at, version, search_text) "
            "VALUES (?, ?, ?, ?, ?, 'D3330', ?, 'draft', ?, ?, 1, ?)",
            (f"00000000-0000-4000-8000-{i:012d}", patient, procedure, name, f"CH-{i:05d}",
             str(1 + i % 32), at, at, search_text(name, f"CH-{i:05d}", "", "D3330", "", "")),
        ).lastrowid  # fmt: skip
        items = [f"item-{k:02d}" for k in range(LARGE_TICKS_PER_CASE)]
        conn.executemany(
            'INSERT INTO checks (case_id, item_id, checked, "by", at) VALUES (?, ?, 1, ?, ?)',
            [(case_id, item, "AB", at) for item in items],
        )
        conn.executemany(
            "INSERT INTO audit (at, operator, action, case_id, detail) "
            "VALUES (?, 'AB', 'tick', ?, ?)",
            [(at, case_id, item) for item in items],
        )
    conn.execute("COMMIT")
    conn.close()
    return path


STALE_BUNDLE = (
    "the bundle did not start on this checkout's case store (built before a schema step?):"
    " rebuild it with make bundle"
)
"""The bundled row's note when the bundle in dist/ cannot start where the app just did."""


def startup(runs: int = 5, bundle: Path | None = None) -> dict[str, Any]:
    """Interleaved runs of the bare QMainWindow, the one-text-field window, the app [, bundle].

    Medians of time and peak memory, and the median ratio of each launch to the one-text-field
    launch just before it (the floor of docs/design-rules.md, Performance budgets) and to the
    bare one before that.
    The one-field window (startup_text.py) is what any window with text pays (font database, Qt
    enums); the bare window is reported beside it. With ``bundle`` (a `make bundle` folder) the
    bundled `cdt-desktop` is launched in each round too.
    """
    import compileall
    import tempfile

    # pip and PyInstaller install compiled bytecode; compile ours the same way before timing.
    compileall.compile_dir(HERE.parent / "cdt_desktop", quiet=1)
    commands = {
        name: [sys.executable, str(HERE / f"startup_{name}.py")] for name in ("bare", "text", "app")
    }
    if bundle is not None:
        commands["bundle"] = [
            str(bundle / ("cdt-desktop.exe" if os.name == "nt" else "cdt-desktop"))
        ]
    commands["large"] = commands["app"]  # the app on a large store (issue 15, load)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as large:
        large_store(Path(large))
        folders = {name: large if name == "large" else data_dir for name in commands}
        stale = ""
        for name, command in list(commands.items()):  # warm the OS file cache for each,
            try:  # and create the app's case store once
                _launch(command, folders[name])
            except RuntimeError:
                if name != "bundle":
                    raise
                # a bundle older than the checkout refuses the store the app upgraded: its
                # own row says so, the app's rows are measured all the same
                stale = STALE_BUNDLE
                del commands[name], times[name], peaks[name]
        for _ in range(runs):
            for name, command in commands.items():
                t, m = _launch(command, folders[name])
                times[name].append(t)
                peaks[name].append(m)
    result: dict[str, Any] = {
        "bundle_error": stale,
        "large_app_x": statistics.median(
            t / e for t, e in zip(times["large"], times["app"], strict=True)
        ),
    }
    for name in commands:
        result[f"{name}_s"] = statistics.median(times[name])
        result[f"{name}_rss_mib"] = statistics.median(peaks[name]) / 1024
        # Each launch against the floor's launch of the same round: a slow spell of a shared
        # machine slows both, so the ratio of a pair moves less than the ratio of two medians.
        for floor, suffix in (("bare", "x"), ("text", "text_x")):
            result[f"{name}_{suffix}"] = statistics.median(
                t / b for t, b in zip(times[name], times[floor], strict=True)
            )
            result[f"{name}_rss_{suffix}"] = statistics.median(
                m / b for m, b in zip(peaks[name], peaks[floor], strict=True)
            )
    return result


def search(library_path: Path, repeat: int = 3) -> dict[str, float]:
    """Per-query latency of the library's search for every typed prefix; floor = indexed lookup."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    prefixes = typed_prefixes()
    with ReferenceLibrary(library_path) as library:
        for prefix in prefixes:  # warm caches once
            library.search(prefix)
        timings = time_calls([lambda p=p: library.search(p) for p in prefixes], repeat)
        floor = time_calls([lambda: library.get("D3330")] * 200)
    return {
        "queries": len(prefixes) * repeat,
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": percentile(timings, 0.95) * 1000,
        "floor_ms": statistics.median(floor) * 1000,
    }


def selector() -> dict[str, float]:
    """Median time of one selection over every tooth x findings combination."""
    import itertools

    from cdt_desktop.domain.coding import findings as fx
    from cdt_desktop.domain.coding import selector as sel
    from cdt_desktop.domain.teeth import PERMANENT_TEETH, PRIMARY_TEETH

    teeth = PERMANENT_TEETH + PRIMARY_TEETH
    opts = [
        [None, *fx.Root],
        [None, *fx.Pulp],
        [None, *fx.Goal],
        [None, *fx.Visit],
    ]
    combos = [
        fx.Findings(tooth=tooth, root=r, pulp=p, goal=g, visit=v)
        for tooth in teeth
        for r, p, g, v in itertools.product(*opts)
    ]
    timings = time_calls([lambda f=f: sel.select(f) for f in combos])
    floor = time_calls([lambda f=f: fx.Findings(tooth=f.tooth) for f in combos[:2000]])
    return {
        "selections": len(combos),
        "median_ms": statistics.median(timings) * 1000,
        "floor_ms": statistics.median(floor) * 1000,
    }


def appeal_pdf(runs: int = 20) -> dict[str, float]:
    """Warm render time of a two-page appeal letter (the long-history sample case)."""
    import json
    from datetime import date, datetime

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.compose import compose_appeal
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.report.appeal_pdf import render_appeal_pdf

    fixtures = HERE.parent / "tests" / "fixtures"
    case = Case.from_dict(json.loads((fixtures / "case_d3330.json").read_text("utf-8")))
    notes = " ".join(["Patient reported lingering pain to cold and spontaneous night pain."] * 15)
    case = Case.from_dict(
        {**case.to_dict(), "findings": {**case.to_dict()["findings"], "notes": notes}}
    )
    with ReferenceLibrary() as library:
        entry = library.get(case.procedure.code)
    letter = compose_appeal(case, entry=entry, selection=None, today=date(2026, 11, 23))
    stamp = datetime(2026, 11, 23, 9, 0, 0)
    pdf = render_appeal_pdf(letter, creation_date=stamp)  # warm-up (fonts, imports)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    timings = time_calls([lambda: render_appeal_pdf(letter, creation_date=stamp)] * runs)

    def floor_doc() -> None:
        from io import BytesIO

        from reportlab.lib.pagesizes import letter as page
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        SimpleDocTemplate(BytesIO(), pagesize=page).build(
            [Paragraph("Floor", getSampleStyleSheet()["Normal"])]
        )

    floor_doc()
    floor = time_calls([floor_doc] * runs)
    return {
        "pages": pages,
        "median_ms": statistics.median(timings) * 1000,
        "floor_ms": statistics.median(floor) * 1000,
    }


def gui_latency() -> dict[str, float]:
    """Keystroke-to-results and tooth-click-to-candidates on the real window, offscreen."""
    import tempfile

    from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

    from cdt_desktop.app import build_main_window
    from cdt_desktop.ui.common.qt_messages import drop_known_noise

    app = QApplication.instance() or QApplication(sys.argv[:1])
    drop_known_noise()
    with tempfile.TemporaryDirectory() as data_dir:
        window = build_main_window(data_dir=Path(data_dir))
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        box = window.findChild(QLineEdit, "searchBox")
        prefixes = typed_prefixes()

        def type_prefix(p: str) -> None:
            box.setText(p)
            app.processEvents()

        keystroke = time_calls([lambda p=p: type_prefix(p) for p in prefixes])
        chart = window.findChild(QWidget, "toothChart")
        click = []
        if chart is not None:
            teeth = [str(n) for n in range(1, 33)]

            def pick(t: str) -> None:
                chart.select_tooth(t)  # type: ignore[attr-defined]
                app.processEvents()

            click = time_calls([lambda t=t: pick(t) for t in teeth], repeat=3)
        window.close()
    return {
        "keystroke_median_ms": statistics.median(keystroke) * 1000,
        "keystroke_p95_ms": percentile(keystroke, 0.95) * 1000,
        "click_median_ms": statistics.median(click) * 1000 if click else float("nan"),
    }
