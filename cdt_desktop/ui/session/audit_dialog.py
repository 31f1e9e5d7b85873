"""The audit trail for admins: who did what and when, by date range, user or case; CSV export.

Rows come from the service, which refuses anyone but an admin; the export is audited too. The
details hold item ids, field names and file names, never patient data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.atomic import write_text_atomic
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.session import Permission
from cdt_desktop.domain.users import AuditRow
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.common import file_dialogs
from cdt_desktop.ui.common.metrics import follow_window_targets, size_target


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


COLUMNS = ("When", "User", "Initials", "Action", "Case", "Detail")
"""When: this PC's clock (the log keeps UTC; "When (UTC) 06:34" for a tick made at 00:34 in
Chicago read as a wrong time: office manager walkthrough)."""


def local_time(at: str) -> str:
    """A stored UTC time (ISO 8601) in this PC's clock, to the second; as stored when it is no
    time (a hand-edited row)."""
    try:
        moment = datetime.fromisoformat(at.strip().replace("Z", "+00:00"))
    except ValueError:
        return at[:19].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class AuditDialog(QDialog):
    def __init__(self, auth: AuthService, parent: QWidget | None = None) -> None:
        auth.require(Permission.VIEW_AUDIT)  # refused before anything is shown
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle("Audit trail")
        self.setAccessibleName("Audit trail")
        self.auth = auth
        self.rows: list[AuditRow] = []
        today = QDate.currentDate()
        self.since = self._date("auditSince", today.addDays(-30))
        self.until = self._date("auditUntil", today)
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.user.addItem("Everyone", None)
        for user in auth.store.list_users():
            self.user.addItem(user.name, user.id)
        self.case = QLineEdit(self)
        self.case.setObjectName("auditCase")
        self.case.setPlaceholderText("case number")
        self.case.setMaximumWidth(120)
        show = QPushButton("Show", self)
        show.setObjectName("auditShow")
        show.clicked.connect(self.reload)
        export = QPushButton("Export CSV…", self)
        export.setObjectName("auditExport")
        export.clicked.connect(self._export_clicked)
        filters = QHBoxLayout()
        for label, widget in (("From", self.since), ("to", self.until), ("User", self.user),
                              ("Case", self.case)):  # fmt: skip
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(show)
        filters.addStretch(1)
        filters.addWidget(export)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("", self)
        self.status.setObjectName("auditStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)  # not Esc alone
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(900, 560)
        self.reload()
        follow_window_targets(self)  # View > Large targets: the window's size

    def _date(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        size_target(edit)
        return edit

    def _range(self) -> tuple[datetime, datetime]:
        start = _day(self.since.date())
        end = _day(self.until.date())
        # the days of this PC's clock, asked of the log in UTC
        first = datetime.combine(start, time(0)).astimezone().astimezone(UTC)
        after = datetime.combine(end + timedelta(days=1), time(0)).astimezone().astimezone(UTC)
        return first, after  # the whole last day

    def reload(self) -> None:
        since, until = self._range()
        case_text = self.case.text().strip()
        try:
            self.rows = self.auth.audit_trail(
                since=since, until=until, user_id=self.user.currentData(),
                case_id=int(case_text) if case_text.isdigit() else None,
            )  # fmt: skip
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return
        self.table.setRowCount(len(self.rows))
        for row, entry in enumerate(self.rows):
            values = (local_time(entry.at), entry.user_name, entry.operator,
                      entry.action, "" if entry.case_id is None else str(entry.case_id),
                      entry.detail)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(self.rows)} entries")

    def export_to(self, path: Path) -> Path:
        """Write the rows shown as CSV (UTF-8, readable by the user only)."""
        text = self.auth.export_audit_csv(self.rows, path.name)
        written = write_text_atomic(path, text)
        self.status.setText(f"{len(self.rows)} entries written to {path.name}")
        return written

    def _export_clicked(self) -> None:
        name, _ = file_dialogs.save_file_name(
            self, "Export audit trail", "audit-trail.csv", "CSV (*.csv)"
        )
        if not name:
            return
        try:
            self.export_to(Path(name))
        except (OSError, UserFacingError) as exc:
            self.status.setText(f"Not written: {exc}")
