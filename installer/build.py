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


def build(dist: Path, work: Path) -> Path:
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
    )
    return dist / "cdt-desktop"


def self_check(bundle: Path) -> None:
    exe = bundle / ("cdt-desktop-cli.exe" if os.name == "nt" else "cdt-desktop-cli")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([str(exe), "--self-check"], check=True, env=env, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-check", action="store_true", help="skip the bundled self-check")
    args = parser.parse_args(argv)
    bundle = build(args.dist, args.work)
    if not args.no_check:
        self_check(bundle)
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
