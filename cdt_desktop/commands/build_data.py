"""Build the reference library (data/cdt.sqlite) from data/source/*.toml."""

from __future__ import annotations

import argparse
from pathlib import Path

from cdt_desktop.core.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", type=Path, metavar="DIR", help="folder of *.toml sources (default: data/source)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="file to write (default: data/cdt.sqlite)"
    )


def default_output() -> Path:
    """``data/cdt.sqlite`` of the source checkout; an installed app has none, so -o is needed."""
    from cdt_desktop.core import paths

    root = paths.repo_root()
    if root is None:
        raise InputError("not running from a source checkout: give the output file with -o OUT")
    return root / "data" / "cdt.sqlite"


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.core import paths
    from cdt_desktop.core.atomic import check_output_folder
    from cdt_desktop.db.reference.build import (
        build_database,
        load_appeal_sources,
        load_sources,
        source_hash,
    )

    source = args.source or paths.source_dir()
    if not source.is_dir():
        raise InputError(f"source folder not found: {source}")
    output = args.output or default_output()
    check_output_folder(output)  # a mistyped folder is said, not made (as narrative -o)
    entries = load_sources(source)
    appeal = load_appeal_sources(source)
    build_database(entries, output, source_hash=source_hash(source), appeal=appeal)
    print(f"built {output} ({len(entries)} codes)")
    return 0
