"""The wheel carries the reference library and resources, and paths.py finds the packaged copy.

Building the wheel needs the build backend (hatchling==1.27.0, as pinned in pyproject.toml) in
the test environment: the build runs without isolation so the test needs no network.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cdt_desktop.core import paths
from cdt_desktop.db.reference.library import ReferenceLibrary
from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("cdt_companion_desktop-*.whl")
    return built


def test_wheel_contains_reference_library_and_resources(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "cdt_desktop/_data/cdt.sqlite" in names
        assert any(n.startswith("cdt_desktop/_resources/fonts/") for n in names)
        assert "cdt_desktop/_resources/fonts/DejaVuSans.ttf" in names
        assert "cdt_desktop/db/reference/library.py" in names
        packaged = archive.read("cdt_desktop/_data/cdt.sqlite")
    assert packaged == (ROOT / "data" / "cdt.sqlite").read_bytes()
    library_file = tmp_path / "cdt.sqlite"
    library_file.write_bytes(packaged)
    with ReferenceLibrary(library_file) as library:
        assert library.search("D3330")[0].code == "D3330"


def test_wheel_leaves_sources_and_tests_out(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.startswith(("tests/", "data/source/", "benchmarks/"))]


def _fake_package(tmp_path: Path, *, packaged: bool) -> Path:
    package = tmp_path / "site" / "cdt_desktop"
    package.mkdir(parents=True)
    (tmp_path / "site" / "data").mkdir()
    (tmp_path / "site" / "data" / "cdt.sqlite").write_bytes(b"checkout copy")
    if packaged:
        (package / "_data").mkdir()
        (package / "_data" / "cdt.sqlite").write_bytes(b"packaged copy")
    return package


@pytest.mark.parametrize("packaged", [True, False])
def test_reference_db_path_prefers_the_packaged_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packaged: bool
) -> None:
    package = _fake_package(tmp_path, packaged=packaged)
    monkeypatch.delenv(paths.REFERENCE_DB_ENV, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    expected = (
        package / "_data" / "cdt.sqlite" if packaged else package.parent / "data" / "cdt.sqlite"
    )
    assert paths.reference_db_path() == expected


def test_reference_db_path_bundle_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_package(tmp_path, packaged=True)
    bundle = tmp_path / "bundle"
    (bundle / "cdt_desktop" / "_data").mkdir(parents=True)
    (bundle / "cdt_desktop" / "_data" / "cdt.sqlite").write_bytes(b"bundled copy")
    monkeypatch.delenv(paths.REFERENCE_DB_ENV, raising=False)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.reference_db_path() == bundle / "cdt_desktop" / "_data" / "cdt.sqlite"
    monkeypatch.setenv(paths.REFERENCE_DB_ENV, str(tmp_path / "other.sqlite"))
    assert paths.reference_db_path() == tmp_path / "other.sqlite"
