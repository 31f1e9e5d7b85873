"""Write the appeal letter PDF for a case file; --remark / --text print the claim remark / narrative;
--prior-auth makes the prior-authorization request (before treatment) instead of the appeal."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cdt_desktop.core.errors import InputError, UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.coding.findings import Selection
    from cdt_desktop.domain.reference import CodeEntry
    from cdt_desktop.services.payers import SettingsStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case_file", metavar="CASE.json", help="case file (JSON, UTF-8)")
    parser.add_argument(
        "-o", "--output", metavar="OUT.pdf", help="where to write the PDF ('-': standard output)"
    )
    parser.add_argument(
        "--remark",
        action="store_true",
        help="print the claim remark (at most 80 characters, the 837D NTE limit)",
    )
    parser.add_argument(
        "--text",
        action="store_true",
        help="print the plain-text narrative (at most 2,000 characters, for attachment services)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="list what is missing or contradictory before the appeal is sent (one line each); "
        "exit status 1 when a problem (not only notes) is found",
    )
    parser.add_argument(
        "--prior-auth",
        action="store_true",
        help="the prior-authorization request for the planned treatment instead of the appeal "
        "(-o, --text and --check; no claim or denial needed)",
    )
    parser.add_argument(
        "--page-size",
        choices=("letter", "a4"),
        default="letter",
        help="paper size (default letter)",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="letter date and PDF creation date (default today); fixed dates give identical files",
    )


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.domain.appeal.compose import compose_appeal
    from cdt_desktop.domain.appeal.letter import plain_text
    from cdt_desktop.domain.appeal.remark import claim_remark
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.selection import selection_for_findings

    if not args.output and not args.remark and not args.text and not args.check:
        raise InputError("give -o OUT.pdf, --remark, --text or --check")
    if args.output == "-" and (args.remark or args.text or args.check):
        raise InputError(
            "-o - writes the PDF to standard output; leave out --remark/--text/--check"
        )
    today, stamp = _dates(args.date)
    source = Path(args.case_file)
    case = Case.from_json(_read(source))
    entry, templates, profile = _reference(case, args)
    selection = selection_for_findings(case)
    if args.prior_auth:
        if args.remark:
            raise InputError("--remark is the claim remark of an appeal; leave out --prior-auth")
        from cdt_desktop.domain.appeal.prior_auth import compose_prior_auth

        letter = compose_prior_auth(
            case, entry=entry, selection=selection, today=today, profile=profile
        )
    else:
        letter = compose_appeal(
            case, entry=entry, selection=selection, today=today, templates=templates,
            profile=profile,
        )  # fmt: skip
    # --check: 1 when the letter is not ready to send (scripts can tell)
    status = _check(case, args, entry, selection, today, profile, templates) if args.check else 0
    printed: list[str] = []  # everything is made before anything is written
    if args.remark:
        printed.append(claim_remark(case, entry=entry))
    if args.text:
        printed.append(plain_text(letter))
    if args.output:
        from cdt_desktop.core.paths import owned_files

        keep = [source, *owned_files(getattr(args, "data_dir", None))]
        _write_pdf(letter, args.output, args.page_size, stamp, keep=keep)
    if printed:
        sys.stdout.write("\n\n".join(printed) + "\n")
    return status


def _check(
    case: Case,
    args: argparse.Namespace,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    profile: PayerProfile | None,
    templates: dict[str, DenialTemplate],
) -> int:
    """--check: each problem and note printed; 1 when a problem blocks sending, else 0."""
    from cdt_desktop.domain.appeal.check import export_check, prior_auth_check

    items = (
        prior_auth_check(case, entry=entry, selection=selection, today=today, profile=profile)
        if args.prior_auth
        else export_check(
            case,
            entry=entry,
            selection=selection,
            today=today,
            profile=profile,
            templates=templates,
        )
    )
    for item in items:
        print(("problem: " if item.blocking else "note: ") + item.text)
    claim = case.claim
    if not args.prior_auth and not (
        claim.number.strip() or claim.date_of_service.strip() or claim.denial_reason.strip()
    ):  # nothing of a claim yet: maybe a request before treatment (new-user walk)
        print("note: no claim, no date of service and no denial: for a prior-authorization "
              "request before treatment, check it with --prior-auth --check")  # fmt: skip
    if not items:
        print("ok: nothing missing or contradictory")
    return 1 if any(item.blocking for item in items) else 0


def _dates(value: str | None) -> tuple[date, datetime | None]:
    if not value:
        return date.today(), None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError("--date must be a date as YYYY-MM-DD") from None
    return day, datetime(day.year, day.month, day.day)


def _read(path: Path) -> str:
    from cdt_desktop.core.inputs import read_bounded
    from cdt_desktop.domain.cases.field_rules import MAX_CASE_FILE_BYTES

    raw = read_bounded(path, MAX_CASE_FILE_BYTES, what="case file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"case file {path} is not UTF-8 text (byte {exc.start})") from None


def _reference(case: Any, args: argparse.Namespace) -> tuple[Any, dict[str, Any], Any]:
    """The code's library entry, the denial templates and the case's payer profile.

    Each is optional: without the library the letter is still useful, only less specific.
    """
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.profiles import profile_for

    try:
        with ReferenceLibrary() as library:
            entry = library.get(case.procedure.code) if case.procedure.code else None
            templates = library.denial_templates()
            profiles = library.payer_profiles()
    except UserFacingError:
        return None, {}, None
    profiles = _office_profiles(args) + profiles
    return entry, templates, profile_for(case.payer.profile_id, case.payer.name, profiles)


def _office_profiles(args: argparse.Namespace) -> tuple[Any, ...]:
    """The office's own payer profiles from the case store in use, when there is one: a letter
    made on the command line follows the same profiles as the window's. Best effort: a case file
    is often turned into a letter on a PC with no store, and that is no error."""
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import resolve_store_url
    from cdt_desktop.services.payers import PayerDirectory

    try:
        url = resolve_store_url(getattr(args, "store", None), getattr(args, "data_dir", None))
        with open_repository(url) as store:
            return PayerDirectory((), cast("SettingsStore", store)).office()
    except (UserFacingError, OSError):
        return ()


def _write_pdf(
    letter: Any, target: str, page_size: str, stamp: datetime | None, *, keep: list[Path]
) -> None:
    from cdt_desktop.core.atomic import (
        check_output_folder,
        check_output_target,
        write_bytes_atomic,
    )
    from cdt_desktop.report.appeal_pdf import render_appeal_pdf

    if target == "-":
        sys.stdout.buffer.write(render_appeal_pdf(letter, page_size=page_size, creation_date=stamp))
        sys.stdout.flush()
        return
    output = Path(target)
    check_output_folder(output)
    check_output_target(output, protected=keep)  # before the PDF is made, not after
    pdf = render_appeal_pdf(letter, page_size=page_size, creation_date=stamp)
    try:
        write_bytes_atomic(output, pdf, protected=keep)
    except OSError as exc:
        raise UserFacingError(f"cannot write {output} ({exc.strerror})") from None
