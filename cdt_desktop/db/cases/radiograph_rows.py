"""Radiographs attached to a case, the same SQL on both case store backends (``?`` placeholders,
turned into the backend's own by ``UserRows._x``): attach, list, detach, and the copy by uuid
that ``store migrate`` uses. Mixed in above ``CaseAuditRows``; each backend supplies its
transactions, ``_require_case`` (``lock``: PostgreSQL holds the case's row, so two workstations
cannot both add the twelfth image) and ``_audit``, and says how a ``uuid`` column reads as text.

The images arrive already cleaned (``services.radiographs``: a real JPEG or PNG, metadata gone,
bounded in size); the store checks the limits again, because a store is also written by
``store migrate`` and by whatever a later version adds. Audit details name the image by its
digest and media type, never by its caption (the user's words may name the patient).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.acting import wants
from cdt_desktop.db.cases.audit_rows import CaseAuditRows
from cdt_desktop.db.cases.rows import valid_operator
from cdt_desktop.db.sqlitefile.connect import now_utc
from cdt_desktop.domain.cases.ports import CaseNotFoundError, StoreInputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cdt_desktop.domain.cases.radiographs import Radiograph

# cdt_desktop.domain.cases.radiographs (a dataclass: the dataclasses module, ~10 ms) is imported
# when an image is first read or written; the window starts without it.

_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
_COLUMNS = (
    "id, case_id, caption, taken_on, media_type, data, width, height, sha256, added_by, added_at, "
    "length(data)"
)
_METADATA = _COLUMNS.replace(" data,", " '',")  # the same, the bytes left on the server


_FILMS = wants("edit-clinical", "edit-claim")
"""Attaching or removing a film: the chair's films, or those billing sends a payer."""


def _radiograph(row: tuple[Any, ...]) -> Radiograph:
    from cdt_desktop.domain.cases.radiographs import Radiograph

    return Radiograph(
        id=int(row[0]), case_id=int(row[1]), caption=str(row[2]), taken_on=str(row[3]),
        media_type=str(row[4]), data=bytes(row[5] or b""), width=int(row[6]), height=int(row[7]),
        sha256=str(row[8]), added_by=str(row[9]), added_at=str(row[10]), size=int(row[11]),
    )  # fmt: skip


def audit_detail(sha256: str, media_type: str) -> str:
    """How the audit log names an image: its digest's first 12 digits and its media type."""
    return f"{sha256[:12]} {media_type}"


def is_iso_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (not 2025-02-30, not 20250101)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def valid_image(
    caption: str, taken_on: str, media_type: str, data: bytes, width: int, height: int
) -> tuple[str, str]:
    """The stored caption and date, or StoreInputError naming the rule (never the value)."""
    from cdt_desktop.domain.cases.radiographs import (
        MAX_CAPTION,
        MAX_EDGE_PX,
        MAX_STORED_BYTES,
        MEDIA_TYPES,
    )

    caption = " ".join(str(caption or "").split())
    if len(caption) > MAX_CAPTION or not caption.isprintable():
        raise StoreInputError(
            f"A radiograph's caption is one line of at most {MAX_CAPTION} characters."
        )
    taken_on = str(taken_on or "").strip()
    if taken_on and not is_iso_date(taken_on):
        raise StoreInputError("A radiograph's date must be a real date (YYYY-MM-DD) or empty.")
    if media_type not in MEDIA_TYPES:
        raise StoreInputError(f"A radiograph must be one of: {', '.join(MEDIA_TYPES)}.")
    if not isinstance(data, bytes) or not 0 < len(data) <= MAX_STORED_BYTES:
        raise StoreInputError(
            f"A stored radiograph must be 1 byte to {MAX_STORED_BYTES // 1_000_000} MB."
        )
    if not data.startswith(_MAGIC[media_type]):
        raise StoreInputError(f"The radiograph's bytes are not {media_type}.")
    if not (0 < int(width) <= MAX_EDGE_PX and 0 < int(height) <= MAX_EDGE_PX):
        raise StoreInputError(f"A stored radiograph is at most {MAX_EDGE_PX} pixels on a side.")
    return caption, taken_on


class RadiographRows(CaseAuditRows):
    """``add_radiograph``, ``radiographs`` and ``remove_radiograph`` of the ``CaseRepository``
    port, and the copy by uuid (``radiograph_uuids``, ``adopt_radiograph``)."""

    _UUID = "uuid"
    """A ``uuid`` column as text (``uuid::text`` on PostgreSQL, where it is a uuid type)."""

    def add_radiograph(
        self,
        case_id: int,
        *,
        caption: str,
        taken_on: str,
        media_type: str,
        data: bytes,
        width: int,
        height: int,
        operator: str,
    ) -> Radiograph:
        """Attach a cleaned image to the case, audited "attach" in the same transaction;
        CaseNotFoundError for no such case, CaseVoidedError for a voided one, StoreInputError
        past ``MAX_PER_CASE``."""
        import hashlib
        import uuid

        op = valid_operator(operator)
        caption, taken_on = valid_image(caption, taken_on, media_type, data, width, height)
        digest = hashlib.sha256(data).hexdigest()
        with self._write("attaching a radiograph in") as conn:
            self._require_case(conn, case_id, lock=True, live=True)
            self._check_room(conn, case_id)
            now = now_utc()
            row = self._x(
                conn,
                "INSERT INTO radiographs (uuid, case_id, caption, taken_on, media_type, data, "
                "width, height, sha256, added_by, added_at) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
                (str(uuid.uuid4()), int(case_id), caption, taken_on, media_type, data,
                 int(width), int(height), digest, op, now),
            ).fetchone()  # fmt: skip
            self._x(conn, "UPDATE cases SET updated_at = ? WHERE id = ?", (now, int(case_id)))
            detail = audit_detail(digest, media_type) + f", caption {len(caption)} characters"
            self._audit(conn, op, "attach", int(case_id), detail, wanted=_FILMS)
        return _radiograph(row)

    def _check_room(self, conn: Any, case_id: int) -> None:
        from cdt_desktop.domain.cases.radiographs import MAX_PER_CASE

        count = self._x(
            conn, "SELECT count(*) FROM radiographs WHERE case_id = ?", (int(case_id),)
        ).fetchone()
        if count and int(count[0]) >= MAX_PER_CASE:
            raise StoreInputError(
                f"Case {case_id} already has {MAX_PER_CASE} radiographs, the most one case "
                "holds. Remove one before attaching another."
            )

    def radiographs(self, case_id: int, *, with_data: bool = True) -> list[Radiograph]:
        """The case's images, oldest first, with their bytes ([] for none or no such case);
        ``with_data=False`` leaves the bytes in the store (a listing: up to 48 MB a case)."""
        columns = _COLUMNS if with_data else _METADATA
        with self._read("reading the radiographs of") as conn:
            rows = self._x(
                conn,
                f"SELECT {columns} FROM radiographs WHERE case_id = ? ORDER BY id",
                (int(case_id),),
            ).fetchall()
        return [_radiograph(r) for r in rows]

    def cases_with_image(self, sha256: str) -> list[int]:
        """The cases holding an image of this digest (a film attached to two patients)."""
        with self._read("reading the radiographs of") as conn:
            rows = self._x(
                conn,
                "SELECT DISTINCT case_id FROM radiographs WHERE sha256 = ? ORDER BY case_id",
                (str(sha256),),
            ).fetchall()
        return [int(row[0]) for row in rows]

    def film_dates(self, case_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """(caption, date taken) of each case's images, oldest first, in one read without their
        bytes; cases with none are left out."""
        ids = [int(case_id) for case_id in case_ids]
        films: dict[int, list[tuple[str, str]]] = {}
        if not ids:
            return films
        marks = ", ".join("?" for _ in ids)
        with self._read("reading the radiographs of") as conn:
            rows = self._x(
                conn,
                f"SELECT case_id, caption, taken_on FROM radiographs WHERE case_id IN ({marks}) "
                "ORDER BY id",
                ids,
            ).fetchall()
        for case_id, caption, taken_on in rows:
            films.setdefault(int(case_id), []).append((str(caption), str(taken_on)))
        return films

    def remove_radiograph(self, case_id: int, radiograph_id: int, *, operator: str) -> None:
        """Detach one image, audited "detach"; CaseNotFoundError when it is not the case's."""
        op = valid_operator(operator)
        with self._write("removing a radiograph from") as conn:
            self._require_case(conn, case_id, lock=True, live=True)
            row = self._x(
                conn,
                "DELETE FROM radiographs WHERE id = ? AND case_id = ? RETURNING sha256, media_type",
                (int(radiograph_id), int(case_id)),
            ).fetchone()
            if row is None:
                raise CaseNotFoundError(
                    f"Radiograph {radiograph_id} is not attached to case {case_id}; it may have "
                    "been removed on another workstation."
                )
            self._x(conn, "UPDATE cases SET updated_at = ? WHERE id = ?", (now_utc(), int(case_id)))
            detail = f"radiograph {int(radiograph_id)}: {audit_detail(str(row[0]), str(row[1]))}"
            self._audit(conn, op, "detach", int(case_id), detail, wanted=_FILMS)

    # -- store migrate ----------------------------------------------------------------------------
    def radiograph_uuids(self, case_id: int) -> dict[int, str]:
        """{radiograph id: its uuid} for the case (the key ``store migrate`` copies by)."""
        with self._read("reading the radiographs of") as conn:
            rows = self._x(
                conn,
                f"SELECT id, {self._UUID} FROM radiographs WHERE case_id = ? ORDER BY id",
                (int(case_id),),
            ).fetchall()
        return {int(r[0]): str(r[1]) for r in rows}

    def adopt_radiograph(
        self, case_id: int, radiograph: Radiograph, *, uuid: str, operator: str, audit: bool = True
    ) -> bool:
        """Copy an image from another store into case ``case_id`` under its ``uuid``, keeping
        who added it and when; False (nothing written) when that uuid is already here. Audited
        "attach" by ``operator`` with "copied" in the detail, unless ``audit`` is False (the case
        was itself just copied, with its trail holding the original "attach"); ``MAX_PER_CASE``
        holds here too."""
        import hashlib

        op = valid_operator(operator)
        r = radiograph
        caption, taken_on = valid_image(
            r.caption, r.taken_on, r.media_type, r.data, r.width, r.height
        )
        digest = hashlib.sha256(r.data).hexdigest()
        with self._write("copying a radiograph into") as conn:
            self._require_case(conn, case_id, lock=True)
            found = self._x(
                conn, f"SELECT 1 FROM radiographs WHERE {self._UUID} = ?", (str(uuid),)
            ).fetchone()
            if found is not None:
                return False
            self._check_room(conn, case_id)
            self._x(
                conn,
                "INSERT INTO radiographs (uuid, case_id, caption, taken_on, media_type, data, "
                "width, height, sha256, added_by, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(uuid), int(case_id), caption, taken_on, r.media_type, r.data, int(r.width),
                 int(r.height), digest, r.added_by or op, r.added_at or now_utc()),
            )  # fmt: skip
            if audit:
                detail = "copied " + audit_detail(digest, r.media_type)
                self._audit(conn, op, "attach", int(case_id), detail)
        return True
