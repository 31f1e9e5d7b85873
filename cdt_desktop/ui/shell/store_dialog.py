"""File > Case store...: which store this window uses, test another, switch to it.

For an office admin: the store in use (without any password), a field for a store URL, a path to
a ``cases.sqlite`` file or a libpq service name, "Test connection" (opens the store once, creating
nothing), and "Use this store": the window switches to it now and the choice is saved for the next
start. A URL with a password is refused: the password belongs in the workstation user's
``.pgpass`` file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.services.store import StoreChoice
from cdt_desktop.ui.common.metrics import TARGET as MIN_TARGET
from cdt_desktop.ui.common.metrics import follow_window_targets

HINT = (
    "A server store: postgresql://USER@HOST/DATABASE?sslmode=verify-full, or the name of a "
    "service in pg_service.conf. This PC only: leave empty. Passwords go in .pgpass, never here."
)


class StoreDialog(QDialog):
    """Show, test and switch the case store; ``saved_url`` is set after "Use this store"."""

    def __init__(self, choice: StoreChoice, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("storeDialog")
        self.setWindowTitle("Case store")
        self.setAccessibleName("Case store")
        self._choice = choice
        self.saved_url: str | None = None
        current = QLabel(location, self)
        current.setObjectName("storeCurrent")
        current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        current.setWordWrap(True)
        url = QLabel(choice.shown(choice.current_url()), self)
        url.setObjectName("storeCurrentUrl")
        url.setWordWrap(True)
        url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.field = QLineEdit(self)
        self.field.setObjectName("storeUrl")
        self.field.setAccessibleName("Store URL or service name")
        self.field.setPlaceholderText("postgresql://cdt_app@office-pc/cdt  or  office")
        self.field.setMinimumHeight(MIN_TARGET)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        self.result_label = QLabel("", self)
        self.result_label.setObjectName("storeTestResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.test_button = QPushButton("&Test connection", self)
        self.test_button.setObjectName("storeTestButton")
        self.test_button.setMinimumHeight(MIN_TARGET)
        self.test_button.clicked.connect(self.test)
        buttons = QDialogButtonBox(self)
        self.use_button = buttons.addButton(
            "&Use this store", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("storeUseButton")
        self.use_button.setMinimumHeight(MIN_TARGET)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.use)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("In use:", current)
        form.addRow("URL:", url)
        form.addRow("New store:", self.field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result_label)
        overridden = choice.overridden_by()
        if overridden:
            note = QLabel(f"This window's store is set by {overridden}; that stays in force.", self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        follow_window_targets(self)  # View > Large targets: the window's size

    def test(self) -> bool:
        text = self.field.text().strip()
        if not text:
            self.result_label.setText("Enter a store URL, a file path or a service name to test.")
            return False
        outcome = self._choice.test(text)
        self.result_label.setText(outcome.message)
        return outcome.ok

    def use(self) -> None:
        """Save the new store for the next start (empty: back to this PC's own file)."""
        text = self.field.text().strip()
        if text and not self.test():
            return  # the reason is shown; nothing saved
        try:
            self.saved_url = self._choice.save(text or None) or ""
        except UserFacingError as exc:
            self.result_label.setText(str(exc))
            return
        self.result_label.setText("Saved.")
        self.accept()
