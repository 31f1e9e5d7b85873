"""What `cdt-desktop store migrate` copies from one case store into another, and how it checks.

The sign-in users with their PINs (by name), the store-wide settings and payer profiles; cases
by uuid (a case already there is skipped, never duplicated, but what the source did to it since
an earlier run comes along: later ticks and audit rows), their audit rows naming the same user
in the target (:func:`user_map`), their radiographs by uuid; then ``verify``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from cdt_desktop.db.cases.radiograph_rows import RadiographRows
    from cdt_desktop.domain.cases.ports import (
        AuditEntry,
        CaseRecord,
        CaseRepository,
        CaseSummary,
    )
    from cdt_desktop.domain.users import UserRepository


def _all_ids(store: CaseRepository) -> list[int]:
    return [s.id for s in _all_cases(store)]


def _all_cases(store: CaseRepository) -> list[CaseSummary]:
    return store.list_cases(limit=max(1, store.count_cases()))


class CopyCounts(NamedTuple):
    """What ``store migrate`` copied and skipped (already there: same uuid)."""

    cases: int
    skipped: int
    radiographs: int = 0
    radiographs_skipped: int = 0
    ticks: int = 0  # later ticks brought into cases the target had already
    edits: int = 0  # cases whose later edit, status or void on the source came along
    kept: tuple[int, ...] = ()  # source ids changed on both since: the target's kept


def copy_cases(
    source: CaseRepository, target: CaseRepository, users: Mapping[int, int] | None = None
) -> CopyCounts:
    """Every case of ``source`` into ``target`` by uuid, by its number, and each case's
    radiographs by their own uuid (also into a case the target already had). ``users`` maps
    the source's user ids to the target's (:func:`user_map`): each audit row keeps the
    signed-in user who acted where the target has that user, else it has none (its
    initials stay, as always)."""
    from cdt_desktop.domain.cases.ports import CaseRecord

    users = users or {}
    copied = skipped = images = images_skipped = ticks = edits = 0
    kept: list[int] = []
    # in the source's numbering order: one PC into a new server keeps its case numbers (the
    # office writes them on charts and in letters' file names); least recently changed first
    # renumbered every case edited since it was made
    for summary in sorted(_all_cases(source), key=lambda s: s.id):
        case_id = summary.id
        audit = [
            row._replace(user_id=users.get(row.user_id) if row.user_id is not None else None)
            for row in source.audit(case_id, limit=1_000_000)
        ]
        record = CaseRecord(source.get_case(case_id), audit)
        adopted = target.adopt_case(record)
        there = adopted if adopted is not None else target.find_uuid(summary.uuid)
        if adopted is not None:
            copied += 1
        else:
            skipped += 1
        if adopted is None and there is not None:  # an earlier run's: what was done to it since
            theirs = target.audit(there, limit=1_000_000)  # read once, for both steps below
            edit = _copy_later_edit(target, there, record, theirs)
            edits, kept = (
                edits + (edit == "copied"),
                [*kept, *([case_id] if edit == "kept" else [])],
            )
            ticks += _copy_later_ticks(source, target, case_id, there)
            _copy_later_audit(target, there, record.audit, theirs)
        added, already = _copy_radiographs(source, target, case_id, there, adopted is not None)
        images += added
        images_skipped += already
    return CopyCounts(copied, skipped, images, images_skipped, ticks, edits, tuple(kept))


_EDITS = ("edit", "status", "status-undo", "confirm-code", "undo-code", "incomplete", "void")
"""Audit actions that change a case's fields or status."""


def _copy_later_edit(
    target: CaseRepository, there: int, record: CaseRecord, theirs: Sequence[AuditEntry]
) -> str:
    """Into a case the target had already: the source's fields and status as they are now,
    when the source changed them since an earlier run (the dentist re-coded it, billing marked
    it submitted, the front desk voided a duplicate on the PC) and the target did not: "copied".
    Changed on both: the target's stays (the shared store is the office's), "kept", said by the
    run. Else "" (nothing differs). Without this the PC's later edit was lost, while the
    carried audit rows said it was made ("status draft -> void" on a case live on the server)."""
    from cdt_desktop.db.cases.rows import changed_fields

    mine, current = record.stored, target.get_case(there)
    if current.status == "void" or (
        not changed_fields(current.case, mine.case) and current.status == mine.status
    ):
        return ""
    known = {(row.action, row.operator, row.at, row.detail) for row in record.audit}
    if any(
        row.action in _EDITS and row.operator != MIGRATE_OPERATOR
        and "(on the source at " not in row.detail
        and (row.action, row.operator, row.at, row.detail) not in known
        for row in theirs
    ):  # fmt: skip
        return "kept"
    if changed_fields(current.case, mine.case):
        target.update_case(
            there, mine.case, operator=MIGRATE_OPERATOR, expected_version=current.version
        )
    if target.get_case(there).status != mine.status:  # a void, or a status set alone
        target.set_status(there, mine.status, operator=MIGRATE_OPERATOR)
    return "copied"


def _copy_later_ticks(
    source: CaseRepository, target: CaseRepository, case_id: int, there: int
) -> int:
    """Into a case the target had already (an earlier run): each tick made on the source
    since that the target has no newer one of (the PC's window stayed open after the first
    run: tour7), written as its operator made it with its note, the source's time added. A tick
    changed on the target since stays as it is there (the shared store is the office's)."""
    from cdt_desktop.domain.cases.ports import CaseVoidedError

    theirs = target.checks(there)
    copied = 0
    for item, mine in source.checks(case_id).items():
        other = theirs.get(item)
        if other is not None and (other.checked == mine.checked or _later(other.at, mine.at)):
            continue
        done = f"{MIGRATE_OPERATOR}: {'ticked' if mine.checked else 'unticked'} {mine.at}"
        try:
            target.set_check(
                there, item, mine.checked, operator=mine.by or MIGRATE_OPERATOR,
                note=f"{mine.note} ({done})" if mine.note else done,  # the PC's note kept
            )  # fmt: skip
        except CaseVoidedError:  # voided on the target since: history, nothing more goes on it
            return copied
        copied += 1
    return copied


def _copy_later_audit(
    target: CaseRepository,
    there: int,
    audit: Sequence[AuditEntry],
    theirs: Sequence[AuditEntry],
) -> int:
    """Into a case the target had already: the source's audit rows of it that the target lacks
    (the PC's window opened, ticked or edited it after an earlier run: review7), oldest first,
    each under its own operator and action with its time on the source in the detail, so the
    case's history stays whole on the office's store. A row an earlier run carried is known by
    that detail, so running again carries none twice. ``audit``: the source's rows of the
    case, newest first; ``theirs``: the target's, read before this run wrote to the case (the
    rows it writes, a migrate edit and ticks with their item as detail, match no source row)."""
    have: set[tuple[str, str, str, str]] = set()
    for row in theirs:
        have.add((row.action, row.operator, row.at, row.detail))
        have.add((row.action, row.operator, "", row.detail))  # carried: its time is its detail
    carried = 0
    for row in reversed(audit):
        detail = f"{row.detail} (on the source at {row.at})".strip()[:200]
        if {
            (row.action, row.operator, row.at, row.detail),
            (row.action, row.operator, "", detail),
        } & have:
            continue
        _record_as(target, row.user_id, there, row, detail)
        carried += 1
    return carried


def _record_as(
    target: CaseRepository, user_id: int | None, there: int, row: AuditEntry, detail: str
) -> None:
    """``row`` into the target's case ``there`` as written by ``user_id`` (a target user's
    id, or None): the store's acting user for this one row, then what it was."""
    users = cast("UserRepository", target)
    before = users.acting_user_id, users.acting_user_created
    users.acting_user_id, users.acting_user_created = user_id, None  # mapped by name: no check
    try:
        target.record_event(there, operator=row.operator, action=row.action, detail=detail)
    finally:
        users.acting_user_id, users.acting_user_created = before


def _later(first: str, second: str) -> bool:
    """Whether time ``first`` is at or after ``second`` (ISO texts of either backend)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(first) >= datetime.fromisoformat(second)
    except (TypeError, ValueError):
        return True  # not comparable: the target's tick stays


def _copy_radiographs(
    source: CaseRepository, target: CaseRepository, case_id: int, there: int | None,
    adopted: bool,
) -> tuple[int, int]:  # fmt: skip
    """One case's radiographs by uuid; (copied, skipped). Into a case copied just now no extra
    audit row is written (its trail came with it); into one the target had, "attach" by
    ``migrate``. One the target has no room for is left for :func:`verify` to report."""
    from cdt_desktop.domain.cases.ports import StoreInputError

    uuids = _radiographs(source).radiograph_uuids(case_id)
    if not uuids or there is None:
        return 0, 0
    images = {image.id: image for image in source.radiographs(case_id)}
    removed = set() if adopted else _removed_films(target, there)
    added = already = 0
    for image_id, image_uuid in uuids.items():
        image = images.get(image_id)
        if image is None:  # removed on the source between the two reads: nothing to copy
            continue
        if image.sha256[:12] in removed:  # taken off the case there (a wrong patient's film)
            already += 1
            continue
        try:
            copied = _radiographs(target).adopt_radiograph(
                there, image, uuid=image_uuid, operator=MIGRATE_OPERATOR,
                audit=not adopted,
            )  # fmt: skip
        except StoreInputError:
            continue
        added, already = (added + 1, already) if copied else (added, already + 1)
    return added, already


def _removed_films(store: CaseRepository, case_id: int) -> set[str]:
    """Digest prefixes of the films someone removed from this case in ``store`` (its "detach"
    audit rows): a later merge from a PC must not bring them back."""
    return {
        entry.detail.split(": ", 1)[-1][:12]
        for entry in store.audit(case_id, limit=1_000_000)
        if entry.action == "detach"
    }


def _radiographs(store: CaseRepository) -> RadiographRows:
    """Both backends' stores copy radiographs by uuid (``db/cases/radiograph_rows.py``)."""
    return cast("RadiographRows", store)


MIGRATE_OPERATOR = "migrate"
"""Who the target's audit log says added the copied users and settings."""

SHARED_SETTINGS = ("idle_minutes",)
"""Store-wide settings copied when the target has none yet (the idle lock's minutes)."""


def user_map(source: UserRepository, target: UserRepository) -> dict[int, int]:
    """Source user id -> the target's user of the same name (:func:`copy_users` matches users
    by name, folded as sign-in folds it: one person on every store). A user's id differs
    from store to store and nothing else identifies a person across them (initials are not
    unique; a PIN hash is salted per store), so a source user the target has no one of that
    name for maps to nothing: rows by them keep their initials and name no user."""
    mapped: dict[int, int] = {}
    for user in source.list_users():
        there = target.find_user(user.name)
        if there is not None:
            mapped[user.id] = there.id
    return mapped


def copy_users(source: UserRepository, target: UserRepository) -> tuple[int, int]:
    """The sign-in users of ``source`` (name, initials, role, PIN hash, disabled or not) into
    ``target``, by name; (copied, skipped). A name the target already has keeps the target's
    user: two PCs' "Maria" with different PINs are one person on the server, not two. Without
    this a merged store had no users, and an office that had sign-in on could no longer sign in.
    """
    copied = skipped = 0
    for user in source.list_users():
        if target.find_user(user.name) is not None:
            skipped += 1
            continue
        added = target.add_user(
            user.name, user.initials, user.role, source.pin_hash(user.id),
            operator=MIGRATE_OPERATOR,
        )  # fmt: skip
        if not user.active:
            target.update_user(added.id, active=False, operator=MIGRATE_OPERATOR)
        copied += 1
    for key in SHARED_SETTINGS:
        value = source.get_setting(key)
        if value is not None and target.get_setting(key) is None:
            target.set_setting(key, value, operator=MIGRATE_OPERATOR)
    _copy_payer_profiles(source, target)
    return copied, skipped


def _copy_payer_profiles(source: UserRepository, target: UserRepository) -> None:
    """The office's own payer profiles the target does not have yet (by id)."""
    from cdt_desktop.services.payers import INDEX_KEY, KEY_PREFIX

    def ids(store: UserRepository) -> list[str]:
        return [i for i in (store.get_setting(INDEX_KEY) or "").split(",") if i]

    have = ids(target)
    for profile_id in ids(source):
        value = source.get_setting(KEY_PREFIX + profile_id)
        if profile_id in have or not value:
            continue
        target.set_setting(KEY_PREFIX + profile_id, value, operator=MIGRATE_OPERATOR)
        have.append(profile_id)
        target.set_setting(INDEX_KEY, ",".join(have), operator=MIGRATE_OPERATOR)


def verify(source: CaseRepository, target: CaseRepository) -> list[str]:
    """Each source case is in the target with as many ticks, at least its audit rows and every
    one of its radiographs (by uuid)."""
    problems: list[str] = []
    for case_id in _all_ids(source):
        stored = source.get_case(case_id)
        there = target.find_uuid(stored.uuid)
        if there is None:
            problems.append(f"case {case_id} ({stored.uuid}) is missing in the target")
            continue
        theirs = target.checks(there)  # the PC's ticks, or newer ones made on the target
        lost = [
            item
            for item, mine in stored.checks.items()
            if (other := theirs.get(item)) is None
            or (other.checked != mine.checked and not _later(other.at, mine.at))
        ]
        if lost:
            problems.append(f"case {case_id}: {len(lost)} tick(s) missing in the target")
        if len(target.audit(there, limit=1_000_000)) < len(source.audit(case_id, limit=1_000_000)):
            problems.append(f"case {case_id}: audit rows missing in the target")
        removed = _removed_films(target, there)  # taken off there on purpose: not missing
        films = {film.id: film for film in source.radiographs(case_id, with_data=False)}
        wanted = {
            film_uuid
            for film_id, film_uuid in _radiographs(source).radiograph_uuids(case_id).items()
            if film_id in films and films[film_id].sha256[:12] not in removed
        }
        missing = wanted - set(_radiographs(target).radiograph_uuids(there).values())
        if missing:
            problems.append(f"case {case_id}: {len(missing)} radiograph(s) missing in the target")
    return problems
