"""The case-level audit entries both case store backends write the same way: an export, a
decision about a case that is not a field edit, and a view. Mixed in above ``UserRows``; each
backend supplies its transactions (``_write``), ``_require_case`` and ``_audit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.rows import valid_operator
from cdt_desktop.db.cases.users import UserRows


class CaseAuditRows(UserRows):
    """``record_export``, ``record_event`` and ``record_view`` of the ``CaseRepository`` port."""

    if TYPE_CHECKING:

        def _require_case(
            self, conn: Any, case_id: int, *, lock: bool = False, live: bool = False
        ) -> dict[str, Any]: ...

    def record_export(self, case_id: int, *, operator: str, kind: str, filename: str) -> None:
        """Audit an export of the case (a case file, a letter saved or printed): the file's name
        only, never its folder."""
        op = valid_operator(operator)
        with self._write("recording an export in") as conn:
            self._require_case(conn, case_id)
            self._audit(conn, op, "export", int(case_id), f"{kind}: {Path(filename).name}")

    def record_event(self, case_id: int, *, operator: str, action: str, detail: str) -> None:
        """Audit a decision about a case that is not a field edit (a confirmed risky code, an
        undone code change, a void reason); ``detail`` holds codes and categories, never PHI."""
        op = valid_operator(operator)
        with self._write("recording an audit entry in") as conn:
            self._require_case(conn, case_id)
            self._audit(conn, op, action[:32], int(case_id), detail[:200])

    def record_view(self, case_id: int, *, operator: str) -> None:
        """Audit that a case was opened (docs/design-rules.md, R14; issue 15 item 9)."""
        op = valid_operator(operator)
        with self._write("recording a view in") as conn:
            self._require_case(conn, case_id)
            self._audit(conn, op, "view", int(case_id), "")
