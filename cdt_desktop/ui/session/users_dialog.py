"""File -> Users...: create the first admin (which turns sign-in on), then manage users.

Without users the dialog is a short form for the first admin. With users (admins only, the
service checks it again) it lists everyone with role and state, adds users, sets PINs, changes
roles, disables and enables, sets the idle lock, and opens the audit trail. Every refusal comes
from the service as a message; nothing here decides who may do what.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.pins import PIN_MAX
from cdt_desktop.domain.session import IDLE_MAX_MINUTES, IDLE_MIN_MINUTES, Role, User
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.common.metrics import TARGET, follow_window_targets

NEW_USER_ROLE = Role.ASSISTANT
"""The role a new user's form starts with: the fewest rights; a dentist or an admin is chosen."""
ROLE_ORDER = (Role.ASSISTANT, Role.DENTIST, Role.BILLING, Role.ADMIN)
"""The Role box's order: from the fewest rights to the most (office walkthrough)."""


def _pin_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[0-9]*$"), field))
    field.setMinimumHeight(TARGET)
    field.setPlaceholderText("6-12 digits")
    return field


class UsersDialog(QDialog):
    def __init__(self, auth: AuthService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle("Users")
        self.setAccessibleName("Users")
        self.auth = auth
        self._first_run = not auth.sign_in_enabled
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if self._first_run:
            intro.setText(
                "Create the first admin. From then on every window on this case store, on every "
                "computer, opens locked, and each person signs in with their own PIN; the "
                "audit log records who did what."
            )
        else:
            intro.setText("Users of this case store. Disabled users keep their audit trail.")
            layout.addWidget(self._build_table())
        layout.addLayout(self._build_form())
        self._message = QLabel("", self)
        self._message.setObjectName("usersMessage")
        self._message.setTextFormat(Qt.TextFormat.PlainText)  # names are shown as typed
        self._message.setWordWrap(True)
        layout.addWidget(self._message)
        layout.addLayout(self._build_buttons())
        self.resize(760 if not self._first_run else 480, 560 if not self._first_run else 320)
        if not self._first_run:
            self.reload()
        follow_window_targets(self)  # View > Large targets: the window's size

    # -- construction ---------------------------------------------------------------------------

    def _build_table(self) -> QTableWidget:
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(["Name", "Initials", "Role", "State", "PIN"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # the PIN column takes the rest of the width: as a resize mode, which the columns'
        # fit to their text after each save leaves alone (stretchLastSection was undone by it)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        return self.table

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("userName")
        self.name.setMinimumHeight(TARGET)
        self.initials = QLineEdit(self)
        self.initials.setObjectName("userInitials")
        self.initials.setMaxLength(6)
        self.initials.setPlaceholderText("from the name")
        self.initials.setMinimumHeight(TARGET)
        self.role = QComboBox(self)
        self.role.setObjectName("userRole")
        self.role.setMinimumHeight(TARGET)
        # the fewest rights first, as the guide lists them: a slip of the mouse gives less
        for role in ROLE_ORDER:
            self.role.addItem(role.value, role)
        self.pin = _pin_field(self, "userPin")
        self.repeat = _pin_field(self, "userPinRepeat")
        form.addRow("&Name:", self.name)
        form.addRow("&Initials:", self.initials)
        if self._first_run:
            self.role.setCurrentIndex(self.role.findData(Role.ADMIN))
            self.role.setEnabled(False)
        else:  # the fewest rights, as most new staff need: a dentist or an admin is chosen
            self.role.setCurrentIndex(self.role.findData(NEW_USER_ROLE))
        form.addRow("&Role:", self.role)
        form.addRow("&PIN:", self.pin)
        form.addRow("Re&peat PIN:", self.repeat)
        if not self._first_run:
            self.idle = QSpinBox(self)
            self.idle.setObjectName("idleMinutes")
            self.idle.setRange(IDLE_MIN_MINUTES, IDLE_MAX_MINUTES)
            self.idle.setSuffix(" min")
            self.idle.setValue(self.auth.idle_minutes())
            self.idle.setMinimumHeight(TARGET)
            form.addRow("Lock when &idle after:", self.idle)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        buttons: list[tuple[str, str, object]]
        if self._first_run:
            buttons = [("Create admin", "createAdminButton", self._create_admin)]
        else:
            buttons = [
                ("Add user", "addUserButton", self._add),
                ("Save changes", "saveUserButton", self._save),
                ("Set PIN", "setPinButton", self._set_pin),
                ("Disable", "toggleUserButton", self._toggle),
                ("Audit trail…", "auditTrailButton", self._audit),
            ]
        for text, name, slot in buttons:
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setMinimumHeight(TARGET)
            button.clicked.connect(slot)
            row.addWidget(button)
            setattr(self, name, button)
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.setMinimumHeight(TARGET)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    # -- behaviour ------------------------------------------------------------------------------
    def reload(self) -> None:
        users = self.auth.store.list_users()
        self._users = users
        self.table.setRowCount(len(users))
        now = self.auth.now()
        for row, user in enumerate(users):
            # while it lasts, in this PC's time (it read "locked until 16:07" at 16:10, and in
            # UTC: office walkthrough)
            until = user.locked_until
            locked = f"locked until {until.astimezone():%H:%M}" if until and until > now else ""
            values = [user.name, user.initials, user.role.value,
                      ("active" if user.active else "disabled") + (f", {locked}" if locked else ""),
                      "set" if user.has_pin else "none"]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                self.table.setItem(row, column, item)
        for column in range(self.table.columnCount() - 1):  # the PIN column takes the rest
            self.table.resizeColumnToContents(column)

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if hasattr(self, "table") else []
        return self._users[rows[0].row()] if rows else None

    def _selected(self) -> None:
        user = self.selected_user()
        # Enter adds the user typed in only while nobody is chosen. With a user chosen it
        # presses nothing: it had pressed Add user (a second "Maria Ruiz" instead of her new
        # role; walk 13), and Save changes would rename the chosen user to a name typed over
        # hers for someone new. The admin clicks the button meant.
        add = getattr(self, "addUserButton", None)
        if add is not None:
            add.setDefault(user is None)
            add.setAutoDefault(user is None)
        if user is None:
            return
        self.name.setText(user.name)
        self.initials.setText(user.initials)
        self.role.setCurrentIndex(self.role.findData(user.role))
        self.toggleUserButton.setText("Enable" if not user.active else "Disable")  # type: ignore[attr-defined]

    def _new_pin(self) -> str | None:
        """The PIN typed twice; None (said why) when they differ, or when the name cannot be a
        user's: the PINs stay typed until a try that can take them (tour8)."""
        from cdt_desktop.domain.session import valid_user_name

        try:
            valid_user_name(self.name.text())
        except UserFacingError as exc:
            self._say(str(exc))
            self.name.setFocus()
            return None
        if self.pin.text() != self.repeat.text():
            self._say("The two PINs differ.")
            return None
        return self.pin.text()

    def _say(self, text: str) -> None:
        self._message.setText(text)

    def say(self, text: str) -> None:
        """A line under the form (what to do next, what was done)."""
        self._say(text)

    def _run(self, action: object, done: str) -> bool:
        try:
            action()  # type: ignore[operator]
        except UserFacingError as exc:
            self._say(str(exc))
            return False
        finally:
            self.pin.clear()
            self.repeat.clear()
        self._say(done)
        if not self._first_run:
            self.reload()
        return True

    def _create_admin(self) -> None:
        pin = self._new_pin()
        if pin is None:
            return
        name, initials = self.name.text(), self.initials.text()
        if self._run(lambda: self.auth.create_first_admin(name, pin, initials), "Admin created."):
            self.accept()

    def _add(self) -> None:
        pin = self._new_pin()
        if pin is None:
            return
        name, initials, role = self.name.text(), self.initials.text(), self.role.currentData()
        from cdt_desktop.core.text import isolate, one_line

        # as saved (a pasted line break is a space); an RTL name first: still an LTR sentence
        said = f"{isolate(one_line(name))} added."
        if self._run(lambda: self.auth.add_user(name, role, pin, initials), said):
            # the form is ready for the next person (it kept the name just added, and Add
            # again refused it as taken: first-admin walkthrough)
            self.name.clear()
            self.initials.clear()
            # and its role too: it kept the one just used, and the next person, added without
            # a look at it, got a dentist's rights (QA walkthrough)
            self.role.setCurrentIndex(self.role.findData(NEW_USER_ROLE))
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._run(
                lambda: self.auth.update_user(
                    user.id, name=self.name.text(), initials=self.initials.text(),
                    role=self.role.currentData(),
                ),
                "Saved.",
            )  # fmt: skip
        if self.idle.value() != self.auth.idle_minutes():
            self._run(lambda: self.auth.set_idle_minutes(self.idle.value()), "Saved.")

    def _set_pin(self) -> None:
        user, pin = self.selected_user(), self._new_pin()
        if user is not None and pin is not None:
            self._run(lambda: self.auth.set_pin(user.id, pin), f"PIN set for {user.name}.")

    def _toggle(self) -> None:
        user = self.selected_user()
        if user is not None:
            from cdt_desktop.core.text import isolate

            word = "enabled" if not user.active else "disabled"
            self._run(
                lambda: self.auth.update_user(user.id, active=not user.active),
                f"{isolate(user.name)} {word}.",
            )

    def _audit(self) -> None:
        from cdt_desktop.ui.session.audit_dialog import AuditDialog

        try:
            dialog = AuditDialog(self.auth, self)
        except UserFacingError as exc:
            self._say(str(exc))
            return
        dialog.open()
        self.audit_dialog = dialog
