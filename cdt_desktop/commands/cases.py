"""Cases in the store in use: cases list | show | import | export | tick (either backend)."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError, UserFacingError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository, CaseSummary, StoredCase
    from cdt_desktop.domain.cases.radiographs import Radiograph
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.payers import SettingsStore

VIEWS = ("due", "to-submit", "waiting")
"""`cases list --view`: the Cases tab's billing views (the same order and words)."""
MAX_CASE_FILE_BYTES = 1_000_000
MAX_CASE_ID = 2**63 - 1
"""The largest id either store can hold (SQLite INTEGER, PostgreSQL bigint)."""


def case_id(text: str) -> int:
    """An ID argument: a whole number a store can hold, else argparse's usage error (exit 2)
    instead of SQLite's OverflowError or PostgreSQL's out-of-range error."""
    try:
        if not text.isascii():  # int() would read Arabic-Indic or full-width digits
            raise ValueError(text)
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a case id (a whole number)") from None
    if not 1 <= value <= MAX_CASE_ID:
        raise argparse.ArgumentTypeError(
            f"{text.strip()[:40]!r} is not a case id (case ids run from 1 to {MAX_CASE_ID})"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    sub.required = True
    listing = sub.add_parser("list", help="cases, newest first")
    listing.add_argument(
        "--query", default="", metavar="Q", help="words in name, chart, claim, code, tooth, date"
    )
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--status", metavar="S", help="only cases with this status")
    which.add_argument(
        "--view",
        choices=VIEWS,
        help="a billing view, as the Cases tab shows it: due (denied claims by appeal deadline), "
        "to-submit (drafts, the documented first), waiting (prior authorizations not answered)",
    )
    listing.add_argument(
        "--limit", type=int, default=500, metavar="N", help="at most N (default 500)"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = sub.add_parser("show", help="one case with its checklist and audit trail")
    show.add_argument("id", type=case_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    imp = sub.add_parser("import", help="add a case from a case file; prints the new id")
    imp.add_argument("file", type=Path, metavar="CASE.json")
    signin.add_arguments(imp)
    imp.add_argument("--json", action="store_true", help='print {"id": N}')
    exp = sub.add_parser("export", help="the case file of a case (stdout without -o)")
    exp.add_argument("id", type=case_id, metavar="ID")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write a new file")
    signin.add_arguments(exp, operator_default="cli")
    tick = sub.add_parser("tick", help="tick (or untick) one checklist item of a case")
    tick.add_argument("id", type=case_id, metavar="ID")
    tick.add_argument("item", metavar="ITEM", help="checklist item id, e.g. preop-radiograph")
    signin.add_arguments(tick)
    tick.add_argument("--untick", action="store_true", help="clear the tick instead")
    tick.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="a short note with the tick (one line, at most 500 characters)",
    )


@contextmanager
def _store(args: argparse.Namespace, *, create: bool = False) -> Iterator[CaseRepository]:
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import resolve_store_url

    url = resolve_store_url(getattr(args, "store", None), getattr(args, "data_dir", None))
    with open_repository(url, create=create) as store:
        yield store


def _case(store: CaseRepository, case_id: int) -> StoredCase:
    from cdt_desktop.domain.cases.ports import CaseNotFoundError

    try:
        return store.get_case(case_id)
    except CaseNotFoundError as exc:
        raise InputError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    actions = {"list": _list, "show": _show, "import": _import, "export": _export, "tick": _tick}
    return actions[args.action](args)


def _list(args: argparse.Namespace) -> int:
    from cdt_desktop.domain.cases.ports import CASE_STATUSES

    if args.status is not None and args.status not in CASE_STATUSES:
        raise InputError(f"--status must be one of: {', '.join(CASE_STATUSES)}")
    if not 1 <= args.limit <= 100_000:
        raise InputError("--limit must be between 1 and 100000")
    view: dict[int, dict[str, Any]] = {}
    with _store(args) as store:
        if args.view is not None:
            rows, view = _view_rows(store, args.view, args.query, args.limit)
        else:
            rows = store.list_cases(args.query, status=args.status, limit=args.limit)
    listed = [
        {"id": r.id, "uuid": r.uuid, "patient": r.patient_name, "tooth": r.tooth, "code": r.code,
         "date_of_service": r.date_of_service, "status": r.status, "updated_at": r.updated_at,
         **view.get(r.id, {})}
        for r in rows
    ]  # fmt: skip
    if args.json:
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    if not listed:
        print("no cases")
    from cdt_desktop.domain.teeth import tooth_label

    for r, row in zip(listed, rows, strict=True):  # the tooth as written in its notation
        mark = "!" if r.get("attention") else " "  # overdue, or time to call the plan
        where = f"{mark} {r['view_status']:<34}  " if view else ""
        print(f"{r['id']:>6}  {r['status']:<9}  {where}{r['code']:<5}  "
              f"{tooth_label(row.tooth, row.notation):<10}  "
              f"{r['date_of_service']:<10}  {r['patient']}")  # fmt: skip
    return 0


def _view_rows(
    store: CaseRepository, view: str, query: str, limit: int
) -> tuple[list[CaseSummary], dict[int, dict[str, Any]]]:
    """A billing view's cases in its order, with each one's ``view_status`` (the words of the
    Cases tab's status column), ``attention`` (overdue, time to call the plan) and, in
    to-submit, the documentation it ``lacks``, the visits of its series dated out of order
    (``series_dates``), what is wrong with its code (``code_problems``: deleted, or not the
    tooth's), what Mark as submitted asks of its films (``film_problems``) and whether its payer
    is missing (``no_payer``); narrowed by ``query`` as the tab's search box
    narrows it."""
    from datetime import date

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.services import billing_views as views
    from cdt_desktop.services.billing import BillingService
    from cdt_desktop.services.payers import PayerDirectory

    today = date.today()
    with ReferenceLibrary() as library:
        # the office's payer profiles too, as the window's views (their appeal windows)
        profiles = PayerDirectory(library.payer_profiles(), cast("SettingsStore", store))
        billing = BillingService(store, profiles.profiles())
        rows = views.view_rows(billing, view, library.get, today, limit)
    matching = {s.id for s in store.list_cases(query, limit=100_000)} if query.strip() else None
    kept = views.narrowed(rows, matching)[:limit]
    extra: dict[int, dict[str, Any]] = {}
    for row in kept:
        extra[row.summary.id] = {"view_status": row.words, "attention": row.marked}
        if view == views.TO_SUBMIT:
            extra[row.summary.id]["lacks"] = list(row.gaps)
            extra[row.summary.id]["series_dates"] = list(row.series)
            extra[row.summary.id]["code_problems"] = list(row.code)
            extra[row.summary.id]["film_problems"] = list(row.films)
            extra[row.summary.id]["no_payer"] = row.no_payer
    return [row.summary for row in kept], extra


def checklist_rows(
    stored: StoredCase, films: list[tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    """The checklist of the case's code (reference library), each with its stored tick.

    With ``films`` (the case's images as (caption, date taken)), an unticked item the case's
    record answers (a clinical fact, a dated pre-op or post-op film: the rule the Checklist tab
    and Mark as submitted count by) gets ``answered_by`` in words; the other rows keep exactly
    the keys they always had (review9: the JSON said "not checked" where the window said done).
    """
    from cdt_desktop.db.reference.library import ReferenceLibrary

    code = stored.case.procedure.code.strip().upper()
    with ReferenceLibrary() as library:
        items = list(library.checklist(code)) if code else []
    answers: dict[str, str] = {}
    if films is not None and items:
        from cdt_desktop.domain.appeal.answered import record_answers

        answers = record_answers(stored.ticked(), (item.id for item in items), films)
    rows: list[dict[str, Any]] = []
    for item in items:
        state = stored.checks.get(item.id)
        rows.append(
            {"id": item.id, "label": item.text, "required": item.required,
             "checked": bool(state and state.checked), "by": state.by if state else "",
             "at": state.at if state else "", "note": state.note if state else ""}
        )  # fmt: skip
        if item.id in answers and not rows[-1]["checked"]:
            rows[-1]["answered_by"] = answers[item.id]
    known = {item.id for item in items}
    for item_id, state in sorted(stored.checks.items()):
        if item_id not in known:  # ticked under another code, or from an imported file
            rows.append(
                {"id": item_id, "label": item_id, "required": False, "checked": state.checked,
                 "by": state.by, "at": state.at, "note": state.note}
            )  # fmt: skip
    return rows


def _show(args: argparse.Namespace) -> int:
    with _store(args) as store:
        stored = _case(store, args.id)
        audit = store.audit(args.id)
        images = [_radiograph_row(r) for r in store.radiographs(args.id, with_data=False)]
    checklist = checklist_rows(stored, [(i["caption"], i["taken_on"]) for i in images])
    trail = [
        {"at": e.at, "operator": e.operator, "action": e.action, "detail": e.detail} for e in audit
    ]
    shown = {
        "id": stored.id,
        "uuid": stored.uuid,
        "version": stored.version,
        "status": stored.status,
        "case": stored.case.to_dict(),
        "checklist": checklist,
        "audit": trail,
    }
    if images:  # an extension: a case without films shows exactly the keys it always did
        shown["radiographs"] = images
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    from cdt_desktop.domain.teeth import tooth_label

    case = stored.case
    # the tooth as written in its notation ("FDI 46"), as `cases list` writes it: the CLI has
    # no PC of its own whose numbering it could follow, and scripts read what was stored
    tooth = tooth_label(case.procedure.tooth, case.procedure.notation)
    print(f"case {stored.id} ({stored.uuid}), {stored.status}, version {stored.version}")
    print(f"  patient: {case.patient.name}  code: {case.procedure.code}  tooth: {tooth}")
    for row in checklist:
        mark = "x" if row["checked"] else " "
        who = f"  ({row['by']} {row['at']})" if row["by"] else ""
        if row.get("answered_by"):
            who = f"  (done: {row['answered_by']})"
        print(f"  [{mark}] {row['id']}{' *' if row['required'] else ''}{who}")
    for image in images:
        taken = f", taken {image['taken_on']}" if image["taken_on"] else ""
        print(f"  radiograph {image['id']}: {image['caption'] or '(no caption)'}{taken}, "
              f"{image['media_type']} {image['width']}x{image['height']}, "
              f"{image['size_bytes']:,} bytes ({image['added_by']} {image['added_at']})")  # fmt: skip
    for e in trail:
        print(f"  {e['at']}  {e['operator']:<6} {e['action']:<7} {e['detail']}")
    return 0


def _radiograph_row(image: Radiograph) -> dict[str, Any]:
    """A radiograph's metadata for ``cases show`` (never its bytes: their digest and size)."""
    return {
        "id": image.id, "caption": image.caption, "taken_on": image.taken_on,
        "media_type": image.media_type, "width": image.width, "height": image.height,
        "size_bytes": image.size, "sha256": image.sha256, "added_by": image.added_by,
        "added_at": image.added_at,
    }  # fmt: skip


def _import(args: argparse.Namespace) -> int:
    from cdt_desktop.domain.session import Permission as P

    path: Path = args.file
    if not path.is_file():
        raise InputError(f"{path} is not a readable file")
    if path.stat().st_size > MAX_CASE_FILE_BYTES:
        raise InputError(f"{path} is larger than {MAX_CASE_FILE_BYTES} bytes; not a case file")
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} as UTF-8 text ({type(exc).__name__})") from None
    from cdt_desktop.domain.cases.case_json import CaseFileError

    with (
        _store(args, create=True) as store,
        signin.acting(args, cast("UserRepository", store), P.CREATE_CASE) as who,
    ):
        before = _same_treatment(store, text)  # looked for before the import adds it
        try:
            case_id = store.import_case(text, operator=who)
        except CaseFileError as exc:
            raise InputError(f"{path}: " + "; ".join(exc.problems)) from None
        case = store.get_case(case_id).case
    print(json.dumps({"id": case_id}) if args.json else case_id)
    _warn_of_code(case_id, case)
    if before is not None:  # imported all the same (a script may mean it): said, not refused
        print(
            f"warning: case {case_id} repeats case {before}: the same patient, code, tooth and "
            "date of service (the file imported twice?)",
            file=sys.stderr,
        )
    return 0


def _same_treatment(store: CaseRepository, text: str) -> int | None:
    """The id of the case already here for the file's treatment (None: none, or a file the
    import will refuse and say why)."""
    from cdt_desktop.db.cases.rows import case_from_file
    from cdt_desktop.services.patient_cases import already_here

    try:
        same = already_here(store, case_from_file(text))
    except (UserFacingError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return same.id if same is not None else None


def _warn_of_code(case_id: int, case: Case) -> None:
    """A deleted or unknown code on an imported case, or one of another tooth type, is said
    (stderr), as the window asks before importing it (D3354 came in without a word: new-office
    walkthrough; D3310 on a molar: Mark as submitted names it, the import did not)."""
    from cdt_desktop.db.reference.library import ReferenceDataError, ReferenceLibrary
    from cdt_desktop.domain.appeal.code_fit import wrong_tooth
    from cdt_desktop.services.code_risk import code_risk

    try:
        with ReferenceLibrary() as library:
            risk = code_risk(case.procedure.code, case, library)
    except ReferenceDataError:
        return
    if risk is not None and risk.kind in ("deleted", "unknown"):
        print(f"warning: case {case_id}: {risk.reason}", file=sys.stderr)
    for text in wrong_tooth(case):
        print(f"warning: case {case_id}: {text}", file=sys.stderr)
    from cdt_desktop.domain.appeal.check import service_after_sent

    for text in service_after_sent(case):  # the case form refuses it; a file brought it in
        print(f"warning: case {case_id}: {text}", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    from cdt_desktop.core.atomic import check_output_folder
    from cdt_desktop.domain.session import Permission as P

    if args.output is not None:  # before the store opens: a missing folder asks for no PIN
        check_output_folder(args.output)
    with _store(args) as store, signin.acting(args, cast("UserRepository", store), P.EXPORT) as who:
        _case(store, args.id)  # a missing case is said as for show and tick
        text = store.export_case(args.id)  # as the window's Export...: ticks, film dates
        if args.output is None:
            sys.stdout.write(text)
            return 0
        out: Path = args.output
        if out.exists():
            raise InputError(f"{out} already exists; choose a new file name")
        from cdt_desktop.core.atomic import write_text_atomic

        write_text_atomic(out, text)
        store.record_export(args.id, operator=who, kind="case-file", filename=out.name)
    print(f"case file written: {out}")
    return 0


def _tick(args: argparse.Namespace) -> int:
    from cdt_desktop.domain.cases.field_rules import tick_note
    from cdt_desktop.domain.session import Permission as P

    note = tick_note(args.note)  # before the store opens: a bad note asks for no PIN
    with _store(args) as store, signin.acting(args, cast("UserRepository", store), P.TICK) as who:
        stored = _case(store, args.id)
        known = {row["id"] for row in checklist_rows(stored)}
        if args.item not in known:
            raise InputError(
                f"{args.item!r} is not a checklist item of case {args.id} "
                f"(code {stored.case.procedure.code or 'not set'})"
            )
        state = store.set_check(args.id, args.item, not args.untick, operator=who, note=note)
    print(
        f"case {args.id}: {state.item_id} {'ticked' if state.checked else 'unticked'} by {state.by}"
    )
    if state.checked:  # the window refuses this tick; a script is told (re-walk), exit 0 kept
        from cdt_desktop.domain.appeal.code_fit import refuted_items

        if why := refuted_items(stored.case).get(args.item):
            print(f"warning: case {args.id}: {args.item}: {why}", file=sys.stderr)
    return 0
