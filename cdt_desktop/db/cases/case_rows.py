"""What both case store backends do with the same SQL, written once with ``?`` placeholders
(``UserRows._x`` turns them into the backend's own): the case list and search, counting and
finding cases, the status column, the audit log read, and case files in and out. Mixed in above
``RadiographRows`` (``radiograph_rows.py``) and ``CaseAuditRows``; each backend supplies its
transactions, ``_insert_case`` (a case row and its ticks), ``tick``, ``_require_case`` and
``_audit``, and says how its ``uuid`` column reads as text (``_UUID``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.acting import wants
from cdt_desktop.db.cases.radiograph_rows import RadiographRows
from cdt_desktop.db.cases.rows import (
    case_columns,
    case_from_file,
    check_states,
    like_pattern,
    search_fold,
    status_column,
    stored_case,
    token_variants,
    valid_item_id,
    valid_operator,
    valid_status,
)
from cdt_desktop.db.sqlitefile.connect import now_utc
from cdt_desktop.domain.cases.ports import CASE_STATUSES, AuditEntry, CaseSummary, StoredCase

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRecord, CheckState
    from cdt_desktop.domain.coding.codesets import SharedCodeSets
    from cdt_desktop.domain.session import Needs

Check = tuple[str, bool, str, str, str]
"""One tick as a new case row's ``checks`` row holds it: item id, checked, by, at, note."""


def tick_wanted(billing_item: bool) -> Needs:
    """What a tick needs: the chair's permission to tick, or for one of the Billing items of
    the case's code (``billing_item``: the services layer read it) billing's to edit claims."""
    return wants("tick", "edit-claim") if billing_item else wants("tick")


class CaseRows(RadiographRows):
    """The backend-neutral half of the ``CaseRepository`` port."""

    _UUID = "uuid"
    """The ``uuid`` column as text (``uuid::text`` on PostgreSQL, where it is a uuid type)."""
    _NOTATION = "json_extract(procedure, '$.notation')"
    """The case's tooth notation, from its ``procedure`` JSON (the list writes "FDI 46")."""

    if TYPE_CHECKING:

        @staticmethod
        def _insert_case(conn: Any, values: dict[str, Any], checks: list[Check]) -> int: ...

        def get_case(self, case_id: int) -> StoredCase: ...

        def tick(
            self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = "",
            billing_item: bool = False,
        ) -> dict[str, CheckState]: ...  # fmt: skip

    def code_sets(self) -> SharedCodeSets | None:
        """None: the licensed CDT code set is this PC's own file (``codesets.sqlite``); the
        PostgreSQL store holds the office's shared one instead."""
        return None

    def create_case(self, case: Case, *, operator: str) -> int:
        """Save a new case (status draft) with its checklist ticks; returns its id."""
        return self._insert(case, operator, "create")

    def _insert(
        self, case: Case, operator: str, action: str,
        marks: Mapping[str, tuple[str, str]] | None = None,
    ) -> int:  # fmt: skip
        """A new case (status draft, a new uuid) with its ticks, audited as ``action``; each
        tick by ``operator`` now, but for those ``marks`` name (who and when: an import)."""
        import uuid

        op = valid_operator(operator)
        items = {valid_item_id(k): bool(v) for k, v in case.checklist.items()}
        with self._write("saving a case in") as conn:
            now = now_utc()
            case_uuid = str(uuid.uuid4())
            values = case_columns(case) | {
                "status": status_column(case, "draft"), "created_at": now, "updated_at": now,
                "uuid": case_uuid,
            }  # fmt: skip
            known = marks or {}
            checks = [(i, on, *known.get(i, (op, now)), "") for i, on in items.items()]
            case_id = self._insert_case(conn, values, checks)
            ticked = [item for item, on in items.items() if on]
            detail = "ticked: " + ", ".join(ticked) if ticked else ""
            self._audit(conn, op, action, case_id, detail, case_uuid, wanted=wants("create-case"))
        return case_id

    def adopt_case(self, record: CaseRecord) -> int | None:
        """Copy a case from another store as it is there (uuid, version, ticks, audit rows);
        None when this store has that case already."""
        stored = record.stored
        with self._write("copying a case into") as conn:
            sql = f"SELECT 1 FROM cases WHERE {self._UUID} = ?"
            if self._x(conn, sql, (stored.uuid,)).fetchone() is not None:
                return None
            values = case_columns(stored.case) | {
                "status": valid_status(stored.status), "created_at": stored.created_at,
                "updated_at": stored.updated_at, "version": stored.version, "uuid": stored.uuid,
            }  # fmt: skip
            checks = [(valid_item_id(c.item_id), c.checked, c.by, c.at, c.note)
                      for c in stored.checks.values()]  # fmt: skip
            case_id = self._insert_case(conn, values, checks)
            for entry in sorted(record.audit, key=lambda e: e.id):
                self._audit(conn, entry.operator, entry.action, case_id, entry.detail,
                            stored.uuid, entry.at, user_id=entry.user_id)  # fmt: skip
        return case_id

    def set_check(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = ""
    ) -> CheckState:
        item = valid_item_id(item_id)
        return self.tick(case_id, item, checked, operator=operator, note=note)[item]

    def find_uuid(self, case_uuid: str) -> int | None:
        with self._read("reading") as conn:
            sql = f"SELECT id FROM cases WHERE {self._UUID} = ?"
            row = self._x(conn, sql, (str(case_uuid),)).fetchone()
        return int(row[0]) if row else None

    def set_status(self, case_id: int, status: str, *, operator: str) -> None:
        """Move the case along draft -> submitted -> denied -> appealed -> paid -> closed."""
        op = valid_operator(operator)
        with self._write("saving a case in") as conn:
            old = self._require_case(conn, case_id, lock=True)["status"]
            self._x(
                conn,
                "UPDATE cases SET status = ?, updated_at = ? WHERE id = ?",
                (valid_status(status), now_utc(), int(case_id)),
            )
            # voiding: billing's status change or a dentist's (a case entered in error)
            wanted = wants("set-status", "change-code") if status == "void" else wants("set-status")
            self._audit(conn, op, "status", int(case_id), f"{old} -> {status}", wanted=wanted)

    def list_cases(
        self, query: str = "", *, status: str | None = None, limit: int = 500
    ) -> list[CaseSummary]:
        """Newest first. Every word of ``query`` must appear (any case, any script) in the
        patient name, chart number, claim number, code, tooth or date of service, or be the
        case's status ("paid"); apostrophes, hyphens, periods and spaces inside a name, chart or
        claim number do not matter ("obrien" finds O'Brien, ``rows.token_variants``); a date
        may be typed MM/DD/YYYY; a "#" before
        a word is the tooth sign the list shows ("#19"), not searched for, and so is "FDI",
        "Palmer" or "tooth" before another word ("FDI 46", "Palmer LR6": a patient named Palmer is then
        found by the other words, among more cases)."""
        from cdt_desktop.domain.cross_notation import tooth_aliases  # not at start-up

        where: list[str] = []
        params: list[Any] = []
        words = search_fold(query or "").split()
        for index, word in enumerate(words):
            token = word.lstrip("#")  # "#19" as the list shows a tooth: the tooth sign
            if not token or (token in ("fdi", "palmer", "tooth") and index + 1 < len(words)):
                continue
            # a tooth is found in any notation: "36" (FDI) finds the case stored as #19, whose
            # tooth field (between unit separators in search_text) is exactly "19"; after the
            # tooth sign only a tooth field is ("#30" is no part of the code D3330)
            aliases = [search_fold(a) for a in tooth_aliases(token)]
            patterns = [like_pattern(f"\x1f{alias}\x1f") for alias in aliases]
            if not word.startswith("#") or not aliases:
                patterns[:0] = [like_pattern(variant) for variant in token_variants(token)]
            patterns = list(dict.fromkeys(patterns))
            either = ["search_text LIKE ? ESCAPE '\\'"] * len(patterns)
            if token in CASE_STATUSES:  # the Status column's word: "paid"
                either.append("status = ?")
                patterns.append(token)
            where.append("(" + " OR ".join(either) + ")")
            params.extend(patterns)
        if status is not None:
            where.append("status = ?")
            params.append(valid_status(status))
        sql = (
            "SELECT id, patient_name, date_of_service, code, tooth, status, updated_at, "
            f"{self._UUID}, {self._NOTATION} FROM cases"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY updated_at DESC, id DESC LIMIT ?"
        )
        with self._read("searching") as conn:
            rows = self._x(conn, sql, [*params, max(0, int(limit))]).fetchall()
        return [CaseSummary(int(r[0]), *(str(v or "") for v in r[1:])) for r in rows]

    def cases_in_status(self, status: str, *, limit: int = 500) -> list[StoredCase]:
        """The cases of ``status``, newest first, each with its ticks: one read of the case
        rows and one of their ticks (see the port)."""
        sql = (
            f"SELECT *, {self._UUID} AS uuid_text FROM cases WHERE status = ? "
            "ORDER BY updated_at DESC, id DESC LIMIT ?"
        )
        with self._read("reading") as conn:
            cursor = self._x(conn, sql, (valid_status(status), max(0, int(limit))))
            names = [column[0] for column in cursor.description or ()]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            ticks: dict[int, list[Any]] = {int(row["id"]): [] for row in rows}
            if ticks:
                marks = ", ".join("?" for _ in ticks)
                found = self._x(
                    conn,
                    f'SELECT case_id, item_id, checked, "by", at, note FROM checks '
                    f"WHERE case_id IN ({marks}) ORDER BY case_id, item_id",
                    list(ticks),
                ).fetchall()
                for tick in found:
                    ticks[int(tick[0])].append(tick[1:])
        return [
            stored_case(data, check_states(ticks[int(data["id"])]), str(data["uuid_text"] or ""))
            for data in rows
        ]

    def count_cases(self) -> int:
        with self._read("reading") as conn:
            row = self._x(conn, "SELECT count(*) FROM cases").fetchone()
        return int(row[0]) if row else 0

    def audit(self, case_id: int | None = None, limit: int = 1000) -> list[AuditEntry]:
        """Audit entries, newest first; only those of one case when ``case_id`` is given."""
        sql = "SELECT id, at, operator, action, case_id, detail, case_uuid, user_id FROM audit"
        params: list[Any] = []
        with self._read("reading the audit log of") as conn:
            if case_id is not None:
                found = self._x(
                    conn, f"SELECT {self._UUID} FROM cases WHERE id = ?", (int(case_id),)
                ).fetchone()
                if found is not None:  # the case's own rows, never a deleted namesake's
                    sql += " WHERE case_uuid = ?"
                    params.append(str(found[0]))
                else:  # a deleted case: its trail by id
                    sql += " WHERE case_id = ?"
                    params.append(int(case_id))
            sql += " ORDER BY id DESC LIMIT ?"
            rows = self._x(conn, sql, [*params, max(0, int(limit))]).fetchall()
        return [
            AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", r[6] or "",
                       None if r[7] is None else int(r[7]))
            for r in rows
        ]  # fmt: skip

    def import_case(self, text: str, *, operator: str) -> int:
        """Add a case from case-file JSON; CaseFileError lists every problem, importing nothing.
        Its ticks keep who made them and when where the file says (``tick_marks``)."""
        from cdt_desktop.domain.cases.case_json import parse_case_json
        from cdt_desktop.domain.cases.tick_marks import marks_from_dict

        valid_operator(operator)
        case = case_from_file(text)
        return self._insert(case, operator, "import", marks_from_dict(parse_case_json(text)))

    def export_case(self, case_id: int) -> str:
        """The case as case-file JSON text, with who ticked each item and when, and the dates
        of its attached films (record the file with :meth:`record_export`)."""
        import json

        from cdt_desktop.domain.appeal.films import with_film_dates
        from cdt_desktop.domain.cases.tick_marks import TICKS, marks_to_dict

        stored = self.get_case(case_id)
        # a file carries no image: it carries the dates the attached films give where Clinical
        # facts give none, as the window and the letters count them (hand-over walk: the
        # file's `narrative --check` said the pre-op film was not recorded)
        films = self.film_dates([case_id]).get(case_id, [])
        data = with_film_dates(stored.case, films).to_dict()
        marks = marks_to_dict(stored.checks, data["checklist"])
        if marks:
            data[TICKS] = marks
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
