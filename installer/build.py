"""Build the standalone one-folder bundle: `make bundle` or `python installer/build.py`.

Runs PyInstaller on installer/cdt-desktop.spec, then (unless --no-check) starts the bundled app
offscreen with --self-check, and prints the bundle's size. Output: dist/cdt-desktop/.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


# Run in this interpreter (where the app is installed): the window's start with the start-up probe
# (it quits once the shown window is idle), then the top-level packages it imported.
_STARTUP_IMPORTS = """
import atexit, sys
atexit.register(lambda: print("packages", *sorted({m.split(".")[0] for m in sys.modules})))
from cdt_desktop.cli import main
sys.exit(main([]))
"""


def startup_packages() -> list[str]:
    """The top-level packages and modules the window imports before it is shown.

    The spec collects them as plain .pyc files (faster to import than the compressed archive).
    Empty when the window cannot start here: the bundle is then built with everything archived.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CDT_DESKTOP_DATA_DIR=data_dir)
        env["CDT_DESKTOP_STARTUP_PROBE"] = "1"
        try:  # an ordinary day's start: the first one (which creates the case store) is not
            for _ in range(2):
                run = subprocess.run(
                    [sys.executable, "-c", _STARTUP_IMPORTS],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=120,
                    check=False,
                )
        except subprocess.TimeoutExpired:
            return []
    for line in run.stdout.splitlines():
        if line.startswith("packages ") and run.returncode == 0:
            return line.split()[1:]
    return []


def build(dist: Path, work: Path) -> Path:
    packages = startup_packages()
    if not packages:
        print("note: could not start the window here; every module goes into the archive")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(HERE / "cdt-desktop.spec"),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        check=True,
        cwd=ROOT,
        env=dict(os.environ, CDT_BUNDLE_STARTUP_PACKAGES=" ".join(packages)),
    )
    return dist / "cdt-desktop"


def replace_icu_data(bundle: Path) -> int:
    """Put an empty ICU data library (installer/icu_stub.c) in place of Qt's; bytes saved.

    Linux only, and only with a C compiler at hand (otherwise the bundle keeps the full data).
    """
    import re
    import shutil
    import tempfile

    compiler = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or compiler is None:
        return 0
    saved = 0
    for data in bundle.rglob("libicudata.so.*"):
        match = re.fullmatch(r"libicudata\.so\.(\d+)", data.name)
        if match is None or data.is_symlink():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            stub = Path(tmp) / data.name
            subprocess.run(
                [
                    compiler,
                    "-shared",
                    "-fPIC",
                    "-O2",
                    f"-DICU_ENTRY=icudt{match.group(1)}_dat",
                    f"-Wl,-soname,{data.name}",
                    "-o",
                    str(stub),
                    str(HERE / "icu_stub.c"),
                ],
                check=True,
            )
            saved += data.stat().st_size - stub.stat().st_size
            shutil.copyfile(stub, data)
    return saved


def needed_but_dropped(bundle: Path) -> list[str]:
    """Libraries that a bundled program or library needs but the bundle left out on purpose.

    Reads each ELF file's NEEDED entries (Linux, with ``readelf``): a plugin kept in the bundle
    must not depend on a library that manifest.DROPPED_FILES removed, or it would load on the
    build machine (which has the library) and fail on a practice's PC.
    """
    import shutil

    sys.path.insert(0, str(HERE))
    from manifest import dropped

    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        return []
    present = {f.name for f in bundle.rglob("*") if f.is_file() or f.is_symlink()}
    problems = []
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink() or ".so" not in path.name:
            continue
        out = subprocess.run(
            ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for line in out.splitlines():
            if "(NEEDED)" in line and "[" in line:
                lib = line.split("[", 1)[1].rstrip("]")
                if lib not in present and (dropped(lib) or dropped(f"PySide6/Qt/lib/{lib}")):
                    problems.append(f"{path.relative_to(bundle)} needs {lib}")
    return problems


def self_check(bundle: Path) -> None:
    import tempfile

    exe = bundle / ("cdt-desktop-cli.exe" if os.name == "nt" else "cdt-desktop-cli")
    with tempfile.TemporaryDirectory() as data_dir:  # not the builder's own cases and logs
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CDT_DESKTOP_DATA_DIR=data_dir)
        subprocess.run([str(exe), "--self-check"], check=True, env=env, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-check", action="store_true", help="skip the bundled self-check")
    args = parser.parse_args(argv)
    bundle = build(args.dist, args.work)
    saved = replace_icu_data(bundle)
    if saved:
        print(f"ICU data left out: {saved / 2**20:.0f} MiB (installer/icu_stub.c)")
    problems = needed_but_dropped(bundle)
    if problems:
        print("error: the bundle left out libraries it needs:\n  " + "\n  ".join(problems))
        return 1
    if not args.no_check:
        self_check(bundle)
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
