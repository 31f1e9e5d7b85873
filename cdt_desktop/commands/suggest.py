"""Suggest the endodontic code for a tooth and findings, with the reason for every candidate."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from cdt_desktop.domain.coding.findings import Goal, Pulp, Root, Successor, Visit, values

if TYPE_CHECKING:
    from cdt_desktop.domain.coding.findings import Selection

# The choices come from the one coding vocabulary (a small module: `--help` stays light).
ROOTS = values(Root)
PULPS = values(Pulp)
GOALS = values(Goal)
VISITS = values(Visit)
SUCCESSORS = values(Successor)
NOTATIONS = ("universal", "fdi", "palmer")


class _Once(argparse.Action):
    """Store an option's value, refusing a second one: `--pulp necrosis --pulp normal` is a
    contradiction, and silently keeping the last value would hide it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        value: object,
        option_string: str | None = None,
    ) -> None:
        seen: set[str] = namespace.__dict__.setdefault("_given", set())
        if self.dest in seen:
            parser.error(f"argument {option_string}: given more than once; give it once")
        seen.add(self.dest)
        setattr(namespace, self.dest, value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tooth",
        required=True,
        metavar="T",
        action=_Once,
        help='tooth, e.g. 19, K, "#30" (see --notation)',
    )
    parser.add_argument(
        "--notation",
        choices=NOTATIONS,
        default="universal",
        action=_Once,
        help="numbering of --tooth and of the teeth the table names: universal (1-32, A-T;"
        " default), fdi (11-48, 51-85) or palmer",
    )
    parser.add_argument("--root", choices=ROOTS, action=_Once, help="root development")
    parser.add_argument(
        "--pulp",
        choices=PULPS,
        action=_Once,
        help="pulp status (diagnosis); previously-treated = canals filled, previously-initiated ="
        " pulpotomy or pulpectomy begun, canals not filled",
    )
    parser.add_argument("--goal", choices=GOALS, action=_Once, help="treatment goal (optional)")
    parser.add_argument(
        "--visit",
        choices=VISITS,
        action=_Once,
        help="visit of a multi-visit series; for a root canal, initial explains D3221 (optional)",
    )
    parser.add_argument(
        "--successor",
        choices=SUCCESSORS,
        action=_Once,
        help="primary teeth only: is there a permanent successor? (default: not stated)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON: the tooth, the findings and each candidate with its status and reasons",
    )


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.core.errors import InputError
    from cdt_desktop.domain.coding.findings import Findings
    from cdt_desktop.domain.coding.selector import select
    from cdt_desktop.domain.teeth import parse_tooth

    tooth = parse_tooth(args.tooth, args.notation)
    if args.successor is not None and not tooth.is_primary:
        raise InputError(
            f"--successor is for primary teeth only; #{tooth.universal} is a permanent tooth"
        )
    findings = Findings(
        tooth=tooth,
        root=None if args.root is None else Root(args.root),
        pulp=None if args.pulp is None else Pulp(args.pulp),
        goal=None if args.goal is None else Goal(args.goal),
        visit=None if args.visit is None else Visit(args.visit),
        has_successor=None if args.successor is None else args.successor == Successor.YES,
    )
    selection = select(findings, _code_names())
    if args.json:
        sys.stdout.write(json.dumps(selection.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_table(selection, args.notation))
    return 0


def _code_names() -> dict[str, str]:
    """Our short names from the reference library, or none: the suggestion never depends on it."""
    try:
        from cdt_desktop.db.reference.library import ReferenceLibrary

        library = ReferenceLibrary()
        try:
            return dict(library.names())
        finally:
            library.close()
    except Exception:  # names are decoration; `doctor` reports a broken library
        return {}


def render_table(selection: Selection, notation: str = "universal") -> str:
    """A readable table: status, code, name, first reason; the recommended line marked ``>>``.
    The reasons name teeth in ``notation`` (how ``--tooth`` was written), as the window's
    candidates do in the chart's; ``--json`` keeps the selector's Universal words."""
    from cdt_desktop.domain.coding.findings import Status
    from cdt_desktop.domain.cross_notation import in_notation

    findings = selection.findings
    lines = []
    if findings.tooth is not None:
        lines.append(f"Tooth: {findings.tooth.label}")
    given = [
        f"{label} {value}"
        for label, value in (
            ("root", findings.root),
            ("pulp", findings.pulp),
            ("goal", findings.goal),
            ("visit", findings.visit),
        )
        if value is not None
    ]
    if findings.has_successor is not None:
        given.append("successor " + ("yes" if findings.has_successor else "no"))
    lines.append("Findings: " + (", ".join(given) if given else "none given"))
    lines.append("")
    name_width = max([len(c.name) for c in selection.candidates] + [4])
    lines.append(f"   {'STATUS':<12} {'CODE':<6} {'NAME':<{name_width}}  REASON")
    for c in selection.candidates:
        mark = ">>" if c.status is Status.RECOMMENDED else "  "
        status = str(c.status).upper() if c.status is Status.RECOMMENDED else str(c.status)
        reason = in_notation(c.texts[0], notation) if c.texts else ""
        lines.append(f"{mark} {status:<12} {c.code:<6} {c.name:<{name_width}}  {reason}")
    lines.append("")
    recommended = selection.recommended
    if recommended is not None:
        lines.append(f"Recommended: {recommended.code}")
    else:
        lines.append("Recommended: none on these findings")
    if selection.missing:
        lines.append("Missing: " + in_notation("; ".join(selection.missing), notation))
    lines.extend(f"Note: {in_notation(note, notation)}" for note in selection.notes)
    return "\n".join(lines) + "\n"
