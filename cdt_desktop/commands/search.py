"""Search the reference library by code, name, synonym or summary words."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdt_desktop.core.errors import InputError

MAX_LIMIT = 500


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="what to look for, e.g. 'D3330', '3357', 'root canal molar'")
    parser.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=f"at most N hits, 1-{MAX_LIMIT} (default 50)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.add_argument(
        "--library",
        type=Path,
        metavar="FILE",
        help="another reference library file (default: shipped)",
    )


def _table(rows: list[dict[str, object]]) -> str:
    """An aligned plain-text table: code, name, category; deleted codes marked."""
    if not rows:
        return "no matches"
    lines = [
        (
            str(r["code"]),
            # "(deleted)" already in the name reads "deleted" twice with the mark
            str(r["name"])
            + (" [deleted]" if r["deleted"] and "deleted" not in str(r["name"]) else ""),
            str(r["category"]),
        )
        for r in rows
    ]
    header = ("CODE", "NAME", "CATEGORY")
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(2)]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in [header, *lines]
    )


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise InputError(f"--limit must be between 1 and {MAX_LIMIT}")
    from cdt_desktop.db.reference.library import ReferenceLibrary

    spelled = None
    with ReferenceLibrary(args.library) as library:
        hits = library.search(args.query, limit=args.limit)
        if not hits and not args.json:  # a typo, as the window answers it (the JSON stays
            spelled = library.did_you_mean(args.query)  # what the query itself matched)
            if spelled:
                hits = library.search(spelled, limit=args.limit)
    rows: list[dict[str, object]] = [
        {
            "code": hit.code,
            "name": hit.name,
            "category": hit.category,
            "subcategory": hit.subcategory,
            "summary": hit.summary,
            "matched": hit.matched,
            "deleted": hit.deleted,
        }
        for hit in hits
    ]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if spelled and rows:
            typed = " ".join(args.query.split())
            print(f"No code matches '{typed}'. Showing results for '{spelled}'.")
        print(_table(rows))
    return 0
