"""The bundle can make the appeal PDF: what ReportLab imports while rendering is bundled (or
stood in for by a folder in manifest.STUB_PATHS, none at present), found without building the
bundle."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

from tests.helpers import FIXTURES, REPO_ROOT

RENDER = f"""
import json, sys
from datetime import date
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
data = json.loads(open({str(FIXTURES / "case_unicode.json")!r}, encoding="utf-8").read())
data["patient"]["name"] = "김민준 अनिता สมชาย"
letter = compose_appeal(Case.from_dict(data), entry=None, selection=None, today=date(2026, 11, 23))
pdf = render_appeal_pdf(letter)
assert pdf.startswith(b"%PDF") and b"NanumSquareR" in pdf
print(" ".join(sorted({{name.split(".")[0] for name in sys.modules}})))
"""

# imported under ``try: ... except ImportError`` by the standard library (http.client: ssl)
OPTIONAL = {"ssl"}


def _manifest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "manifest", REPO_ROOT / "installer" / "manifest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _render(*paths: str) -> list[str]:
    prefix = f"import sys; sys.path[:0] = {list(paths)!r}\n"
    run = subprocess.run(
        [sys.executable, "-c", prefix + RENDER],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.split()


def test_no_module_the_appeal_pdf_loads_is_left_out_of_the_bundle() -> None:
    """ReportLab 5 imports Pillow when it loads: excluding PIL left the bundle with no PDF."""
    manifest = _manifest()
    stubs = {path.name for folder in manifest.STUB_PATHS for path in folder.iterdir()}
    loaded = _render(*map(str, manifest.STUB_PATHS))
    left_out = {name for name in loaded if name in manifest.EXCLUDES and name not in stubs}
    assert left_out <= OPTIONAL


def test_the_appeal_pdf_with_films_renders_with_what_the_bundle_carries() -> None:
    """Shaping needs HarfBuzz, the films need Pillow's JPEG and PNG parts; the Pillow parts the
    bundle leaves out (AVIF, WebP, colour management, FreeType) are never loaded."""
    manifest = _manifest()
    loaded = set(_render(*map(str, manifest.STUB_PATHS)))
    assert {"uharfbuzz", "PIL"} <= loaded
    films = subprocess.run(
        [sys.executable, "-c", FILMS], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert films.returncode == 0, films.stderr[-2000:]
    left_out = {name for name in films.stdout.split() if name in manifest.EXCLUDES}
    assert left_out <= OPTIONAL


FILMS = f"""
import hashlib, io, json, sys
from datetime import date
from PIL import Image
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.radiographs import Radiograph
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
data = json.loads(open({str(FIXTURES / "case_d3330.json")!r}, encoding="utf-8").read())
letter = compose_appeal(Case.from_dict(data), entry=None, selection=None, today=date(2026, 11, 23))
films = []
for kind, media in (("JPEG", "image/jpeg"), ("PNG", "image/png")):
    out = io.BytesIO()
    Image.new("L", (300, 400), 128).save(out, kind)
    raw = out.getvalue()
    films.append(Radiograph(1, 1, kind, "", media, raw, 300, 400, hashlib.sha256(raw).hexdigest()))
pdf = render_appeal_pdf(letter, radiographs=films)
from pypdf import PdfReader
assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) == 2
print(" ".join(sorted(sys.modules)))
"""
