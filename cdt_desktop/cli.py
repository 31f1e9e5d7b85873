"""The command-line face of the app (docs/design-rules.md, Contracts).

``cdt-desktop`` with no command opens the window. Each sub-command lives in
``cdt_desktop/commands/<name>.py`` with ``add_arguments(parser)`` and ``run(args) -> int``;
those modules import their heavy dependencies inside ``run`` so that ``--help`` stays fast.

Bad input (unknown tooth, bad option, unreadable file, malformed JSON) exits with status 2 and one
line on stderr starting ``error:``; never a traceback, never a partial output file.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from cdt_desktop import __version__
from cdt_desktop.core.errors import InputError, UserFacingError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

# name -> module; the order is the order of `cdt-desktop --help`.
COMMANDS: dict[str, str] = {
    "search": "cdt_desktop.commands.search",
    "suggest": "cdt_desktop.commands.suggest",
    "narrative": "cdt_desktop.commands.narrative",
    "build-data": "cdt_desktop.commands.build_data",
    "import-cdt": "cdt_desktop.commands.import_cdt",
    "backup": "cdt_desktop.commands.backup",
    "restore": "cdt_desktop.commands.restore",
    "doctor": "cdt_desktop.commands.doctor",
    "users": "cdt_desktop.commands.users",
    "store": "cdt_desktop.commands.store",
    "cases": "cdt_desktop.commands.cases",
    "payers": "cdt_desktop.commands.payers",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage problem as a single ``error:`` line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cdt-desktop",
        description="CDT Companion Desktop. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder of the case store and logs (default: the per-user data folder; "
        "also CDT_DESKTOP_DATA_DIR)",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        help="case store: sqlite:///PATH/cases.sqlite or postgresql://USER@HOST[:PORT]/DB "
        "(password from .pgpass, never here; also CDT_DESKTOP_STORE; default: the window's "
        "choice, else cases.sqlite in the data folder)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open the main window offscreen, run one search and one selection, and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        summary = " ".join((module.__doc__ or "").strip().split("\n\n")[0].split()) or name
        command_parser = sub.add_parser(name, help=summary, description=summary)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_run=module.run)
    return parser


QT_OPTIONS = {
    "-platform": 1, "-platformtheme": 1, "-platformpluginpath": 1, "-style": 1,
    "-stylesheet": 1, "-reverse": 0, "-qwindowgeometry": 1, "-qwindowtitle": 1, "-display": 1,
}  # fmt: skip
"""Qt's own command-line options (single dash) and how many values each takes: the window
passes them to Qt, as every Qt program does (support's ``-platform xcb`` was refused as an
unknown command)."""


def qt_options(arguments: Sequence[str]) -> tuple[list[str], list[str]]:
    """(Qt's options with their values, the rest) from the command line, in their order: only
    before a command's name (after it, ``-reverse`` may be a value: ``narrative --denial-reason
    -reverse``), and a value is never one of our own options (``-platform --self-check``)."""
    qt: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(arguments):
        word = arguments[i]
        if word in COMMANDS:  # a command and its arguments are the command's
            rest.extend(arguments[i:])
            break
        takes = QT_OPTIONS.get(word)
        value = arguments[i + 1 : i + 1 + takes] if takes else []
        if takes is None or (takes and (not value or value[0].startswith("--"))):
            rest.append(word)
            i += 1
            continue
        qt.extend([word, *value])
        i += 1 + takes
    return qt, rest


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    qt_args, arguments = qt_options(arguments)
    if not arguments:  # the menu's start: the window, without importing every command's parser
        from cdt_desktop import app

        # main()'s defaults: the full parser gives the same for no arguments
        return app.main(qt_args=qt_args) if qt_args else app.main()
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        from cdt_desktop import app

        return app.main(
            data_dir=args.data_dir, store=args.store, self_check=args.self_check, qt_args=qt_args
        )
    if qt_args:
        print(f"error: {qt_args[0]} is an option of the window, not of a command", file=sys.stderr)
        return EXIT_USAGE
    _quiet_logging()
    try:
        return int(args._run(args))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            return _internal_error(exc)
        # a file name given on the command line (backup OUT, restore BACKUP, import FILE...)
        # that no file system holds: bad input, said as such
        name = os.fsdecode(exc.filename or "")
        shown = f" ({name[:40]}..., {len(os.fsencode(name)):,} bytes)" if name else ""
        print(f"error: a file name is too long for a file system{shown}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        return _internal_error(exc)


def _quiet_logging() -> None:
    """A command's output is its own lines: of the app's log records (no log file is set up
    for a command) a warning prints as a `warning:` line ("no trigram index for case
    search"), and an error is not printed (the command's own `error:` line says what failed;
    `restore` of a damaged backup printed "quick_check failed on damaged.sqlite (2 rows)"
    above it through Python's last-resort handler)."""
    import logging

    from cdt_desktop.core.log import ROOT_LOGGER

    class WarningLines(logging.Handler):
        """Each WARNING record as a `warning:` line on the stderr of the moment."""

        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno == logging.WARNING:
                print(f"warning: {record.getMessage()}", file=sys.stderr)

    logger = logging.getLogger(ROOT_LOGGER)
    if not logger.handlers:
        logger.addHandler(WarningLines())


def _internal_error(exc: BaseException) -> int:
    # The message of an unexpected exception may echo user data (SQLite, ReportLab do);
    # print only its type.
    print(
        f"error: unexpected internal error ({type(exc).__name__}); please report it",
        file=sys.stderr,
    )
    return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
