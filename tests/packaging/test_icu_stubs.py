"""The bundle's stand-ins for ICU (installer/icu_stub.c, icu_calls_stub.c) keep Qt working.

Each test compiles the stubs and runs Qt from this environment on them (LD_LIBRARY_PATH comes
before the Qt libraries' own search path), so what the bundle ships is what is tested here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (shutil.which("cc") or shutil.which("gcc")),
    reason="the ICU stand-ins are built on Linux with a C compiler",
)
INSTALLER = REPO_ROOT / "installer"


def _qt_core() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Core.so.6"


def _icu_version() -> str:
    found = sorted(_qt_core().parent.glob("libicuuc.so.*"))
    match = re.fullmatch(r"libicuuc\.so\.(\d+)", found[0].name) if found else None
    if match is None:
        pytest.skip("this Qt uses the system's ICU")
    return match.group(1)


def _stubs(folder: Path) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler
    version = _icu_version()
    builds = [
        ("libicudata", "icu_stub.c", f"-DICU_ENTRY=icudt{version}_dat"),
        ("libicuuc", "icu_calls_stub.c", f"-DICU_SUFFIX=_{version}"),
        ("libicui18n", "icu_calls_stub.c", f"-DICU_SUFFIX=_{version}"),
    ]
    for name, source, define in builds:
        lib = f"{name}.so.{version}"
        subprocess.run(
            [compiler, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", define,
             f"-Wl,-soname,{lib}", "-o", str(folder / lib), str(INSTALLER / source)],
            check=True,
        )  # fmt: skip
    return folder


def _symbols(path: Path, which: str) -> set[str]:
    out = subprocess.run(["nm", "-D", which, str(path)], capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


@pytest.mark.skipif(shutil.which("nm") is None, reason="needs binutils")
def test_the_stub_answers_every_icu_function_qt_core_calls(tmp_path: Path) -> None:
    suffix = f"_{_icu_version()}"
    calls = {s for s in _symbols(_qt_core(), "--undefined-only") if s.endswith(suffix)}
    assert calls, "Qt Core calls no ICU function: the stub is no longer needed"
    provided = _symbols(
        _stubs(tmp_path) / f"libicuuc.so{suffix.replace('_', '.')}", "--defined-only"
    )
    assert sorted(calls - provided) == []


QT_ON_THE_STUBS = """
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
print(QLocale(QLocale.Language.English).toUpper("straße"), QLocale().toLower("ÄÖÜ"))
collator = QCollator(QLocale("en_US"))
print(collator.compare("a", "b") < 0, collator.compare("Z", "a") < 0)
zone = QTimeZone(b"America/New_York")
print(zone.isValid(), zone.offsetFromUtc(QDateTime(2026, 1, 15, 12, 0, 0, 0, zone)))
print(QStringDecoder("UTF-8").isValid(), QStringDecoder("windows-1252").isValid())
"""


def test_qt_keeps_case_mapping_time_zones_and_sorting_on_the_stubs(tmp_path: Path) -> None:
    env = dict(os.environ, LD_LIBRARY_PATH=str(_stubs(tmp_path)), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", QT_ON_THE_STUBS], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "STRASSE äöü",  # Qt's own Unicode case mapping
        "True True",  # by code point (a language's order would put Z after a)
        "True -18000",  # zone rules come from the system's tz database
        "True False",  # UTF-8 is Qt's own; no legacy encodings
    ]
