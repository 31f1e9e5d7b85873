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


def app_environment(data_dir: str) -> dict[str, str]:
    """The environment in which the build starts the app: offscreen, on an empty data folder,
    and without the builder's own CDT_DESKTOP_* settings (never the office's case store)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CDT_DESKTOP_")}
    return dict(env, QT_QPA_PLATFORM="offscreen", CDT_DESKTOP_DATA_DIR=data_dir)


# Run in this interpreter (where the app is installed): the window's start with the start-up probe
# (it quits once the shown window is idle), then the top-level packages it imported.
_STARTUP_IMPORTS = """
import atexit, sys
atexit.register(lambda: print("packages", *sorted({m.split(".")[0] for m in sys.modules})))
atexit.register(lambda: print("app-modules", *sorted(m for m in sys.modules if m == "cdt_desktop"
                                                     or m.startswith("cdt_desktop."))))
from cdt_desktop.cli import main
sys.exit(main([]))
"""


def startup_packages() -> tuple[list[str], list[str]]:
    """The top-level packages and modules the window imports before it is shown, and the
    app's own modules among them.

    The spec collects them as plain .pyc files (faster to import than the compressed archive);
    the app's other modules (letters, commands, dialogs) go into the archive, compressed.
    Empty when the window cannot start here: the bundle is then built with everything archived.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as data_dir:
        env = app_environment(data_dir)
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
            return [], []
    found = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines() if line}
    if run.returncode != 0 or "packages" not in found:
        return [], []
    return found["packages"], found.get("app-modules", [])


def build(dist: Path, work: Path) -> Path:
    packages, app_modules = startup_packages()
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
        env=dict(
            os.environ,
            CDT_BUNDLE_STARTUP_PACKAGES=" ".join(packages),
            CDT_BUNDLE_STARTUP_MODULES=" ".join(app_modules),
        ),
    )
    return dist / "cdt-desktop"


def _elf_symbols(path: Path, which: str) -> set[str]:
    """Dynamic symbols of an ELF file: ``which`` is "--defined-only" or "--undefined-only"."""
    out = subprocess.run(
        ["nm", "-D", which, str(path)], capture_output=True, text=True, check=False
    ).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def _icu_calls(bundle: Path, suffix: str) -> set[str]:
    """The ICU functions (names ending in ``suffix``, e.g. _73) that the bundle's libraries other
    than ICU's own call."""
    calls: set[str] = set()
    for path in bundle.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and not path.name.startswith("libicu"):
            calls |= {s for s in _elf_symbols(path, "--undefined-only") if s.endswith(suffix)}
    return calls


def replace_icu(bundle: Path) -> int:
    """Put small stand-ins in place of Qt's ICU libraries; bytes saved.

    libicudata (31 MiB) becomes an empty data library (installer/icu_stub.c); libicuuc and
    libicui18n (5 MiB) become installer/icu_calls_stub.c, the functions Qt Core calls, each
    answering "not available", but only while the bundle calls no other ICU function. Linux
    only, and only with a C compiler and binutils at hand (otherwise the bundle keeps ICU).
    """
    import re
    import shutil
    import tempfile

    compiler = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or compiler is None or shutil.which("nm") is None:
        return 0
    saved = 0
    for data in bundle.rglob("libicu*.so.*"):
        match = re.fullmatch(r"libicu(data|uc|i18n)\.so\.(\d+)", data.name)
        if match is None or data.is_symlink():
            continue
        kind, version = match.groups()
        source, define = (
            ("icu_stub.c", f"-DICU_ENTRY=icudt{version}_dat")
            if kind == "data"
            else ("icu_calls_stub.c", f"-DICU_SUFFIX=_{version}")
        )
        with tempfile.TemporaryDirectory() as tmp:
            stub = Path(tmp) / data.name
            subprocess.run(
                [compiler, "-shared", "-fPIC", "-O2", define, f"-Wl,-soname,{data.name}",
                 "-o", str(stub), str(HERE / source)],
                check=True,
            )  # fmt: skip
            if kind != "data":
                missing = _icu_calls(bundle, f"_{version}") - _elf_symbols(stub, "--defined-only")
                if missing:
                    print(f"note: {data.name} kept: Qt calls {', '.join(sorted(missing))}")
                    continue
            saved += data.stat().st_size - stub.stat().st_size
            shutil.copyfile(stub, data)
    return saved


# Run in this interpreter: shiboken's support modules (signatures, enums), which shiboken6 keeps
# as Python source inside its library, written out as bytecode under the folder given.
_SHIBOKEN_SUPPORT = """
import pathlib, py_compile, sys
import PySide6.QtCore  # noqa: F401 - makes shiboken load its support modules
out = pathlib.Path(sys.argv[1])
archive = sys.modules["shibokensupport"].__loader__.zfile
for name in archive.namelist():
    if name.startswith("shibokensupport/") and name.endswith(".py"):
        source = out / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(archive.read(name))
        py_compile.compile(str(source), str(source.with_suffix(".pyc")), name, doraise=True)
        source.unlink()
"""


def shiboken_support_as_bytecode(bundle: Path) -> bool:
    """Give shiboken its support modules as bytecode in ``shiboken6/files.dir``.

    Without that folder, shiboken decodes them from its library and compiles their source at
    every start (about a tenth of the bundled start's instructions); with it, Python imports
    them like any module. The folder is the one shiboken's own bootstrap looks for.
    """
    target = bundle / "_internal" / "shiboken6" / "files.dir"
    if not target.parent.is_dir() or target.exists():
        return False
    run = subprocess.run(
        [sys.executable, "-c", _SHIBOKEN_SUPPORT, str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0 or not (target / "shibokensupport" / "__init__.pyc").is_file():
        import shutil

        shutil.rmtree(target, ignore_errors=True)
        print("note: shiboken compiles its support modules at each start (could not write them)")
        return False
    return True


def _replace_by_link(ours: Path, theirs: Path) -> int:
    """Make ``ours`` a relative link to ``theirs``; the bytes saved."""
    saved = ours.stat().st_size
    ours.unlink()
    ours.symlink_to(theirs.relative_to(ours.parent))
    return saved


def share_libcrypto(bundle: Path) -> int:
    """Python's hashlib (the PINs' scrypt) and psycopg's libpq each bring OpenSSL's libcrypto;
    keep one: libcrypto.so.3 becomes a link to psycopg's (a newer OpenSSL 3, which answers
    every OPENSSL_3.0.0 call hashlib makes). Bytes saved; Linux only."""
    import shutil

    ours = bundle / "_internal" / "libcrypto.so.3"
    theirs = sorted((bundle / "_internal" / "psycopg_binary.libs").glob("libcrypto-*.so.3"))
    if not sys.platform.startswith("linux") or shutil.which("nm") is None:
        return 0
    if ours.is_symlink() or not ours.is_file() or len(theirs) != 1:
        return 0
    needed = {
        s.split("@")[0]
        for lib in (bundle / "_internal").rglob("_hashlib*.so")
        for s in _elf_symbols(lib, "--undefined-only")
        if "@OPENSSL_3.0" in s
    }
    provided = {s.split("@")[0] for s in _elf_symbols(theirs[0], "--defined-only")}
    return _replace_by_link(ours, theirs[0]) if needed and needed <= provided else 0


def _needing(bundle: Path, name: str) -> list[Path]:
    """The bundle's ELF files whose NEEDED entries name the library ``name``."""
    found = []
    for path in (bundle / "_internal").rglob("*.so*"):
        if not path.is_file() or path.is_symlink() or path.name == name:
            continue
        out = subprocess.run(
            ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
        ).stdout
        if f"[{name}]" in out:
            found.append(path)
    return found


def share_zstd(bundle: Path) -> int:
    """Qt (and libsystemd) need the system's libzstd.so.1, Pillow's TIFF reader brings its own
    newer copy: keep one. libzstd.so.1 becomes a link to Pillow's when that copy defines every
    zstd function the others call (zstd keeps its ABI within 1.x). Linux only."""
    import shutil

    internal = bundle / "_internal"
    ours = internal / "libzstd.so.1"
    theirs = sorted((internal / "pillow.libs").glob("libzstd-*.so.1*"))
    if not sys.platform.startswith("linux") or not (shutil.which("nm") and shutil.which("readelf")):
        return 0
    if ours.is_symlink() or not ours.is_file() or len(theirs) != 1:
        return 0
    offered = {s.split("@")[0] for s in _elf_symbols(ours, "--defined-only")}
    needed = {
        s.split("@")[0]
        for user in _needing(bundle, ours.name)
        for s in _elf_symbols(user, "--undefined-only")
    } & offered
    provided = {s.split("@")[0] for s in _elf_symbols(theirs[0], "--defined-only")}
    return _replace_by_link(ours, theirs[0]) if needed and needed <= provided else 0


def missing_libraries(bundle: Path) -> list[str]:
    """Libraries that a bundled program or library needs but that neither the bundle nor a
    desktop Linux system provides.

    Reads each ELF file's NEEDED entries (Linux, with ``readelf``): a plugin kept in the bundle
    must not depend on a library that manifest.DROPPED_FILES removed, or it would load on the
    build machine (which has the library) and fail on a practice's PC. What the bundle takes
    from the system is glibc and what PyInstaller leaves to it (libGL, libxcb, ...) and
    manifest.SYSTEM_LIBRARIES.
    """
    import shutil

    sys.path.insert(0, str(HERE))
    from manifest import SYSTEM_LIBRARIES
    from PyInstaller.depend.dylib import exclude_list

    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        return []
    present = {f.name for f in bundle.rglob("*") if f.is_file() or f.is_symlink()}
    problems = []
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if ".so" not in path.name and path.parent != bundle:
            continue
        out = subprocess.run(
            ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for line in out.splitlines():
            if "(NEEDED)" in line and "[" in line:
                lib = line.split("[", 1)[1].rstrip("]")
                if lib in present or lib in SYSTEM_LIBRARIES or lib.startswith("ld-linux"):
                    continue
                if exclude_list.check_library(lib):  # glibc, libGL, libxcb, ...
                    continue
                problems.append(f"{path.relative_to(bundle)} needs {lib}")
    return problems


def self_check(bundle: Path) -> None:
    import tempfile

    exe = bundle / ("cdt-desktop-cli.exe" if os.name == "nt" else "cdt-desktop-cli")
    with tempfile.TemporaryDirectory() as data_dir:  # not the builder's own cases and logs
        env = app_environment(data_dir)
        subprocess.run([str(exe), "--self-check"], check=True, env=env, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-check", action="store_true", help="skip the bundled self-check")
    args = parser.parse_args(argv)
    bundle = build(args.dist, args.work)
    saved = replace_icu(bundle)
    if saved:
        print(f"ICU left out: {saved / 2**20:.0f} MiB (installer/icu_stub.c, icu_calls_stub.c)")
    shiboken_support_as_bytecode(bundle)
    saved = share_libcrypto(bundle)
    if saved:
        print(f"one OpenSSL instead of two: {saved / 2**20:.0f} MiB")
    saved = share_zstd(bundle)
    if saved:
        print(f"one zstd instead of two: {saved / 2**10:.0f} KiB")
    problems = missing_libraries(bundle)
    if problems:
        print("error: the bundle left out libraries it needs:\n  " + "\n  ".join(problems))
        print(
            "  (PyInstaller copies them from this machine: on Debian or Ubuntu,"
            " `sh tools/system-deps.sh bundle` installs them; then build again)"
        )
        return 1
    if not args.no_check:
        self_check(bundle)
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
