"""The GUI tests' usual start: the fully wired main window on its own data folder, shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot


@contextmanager
def shown_window(
    qtbot: QtBot, data_dir: Path, *, operator: str = "AB", active: bool = False
) -> Iterator[Any]:
    """``build_main_window`` on ``data_dir``, shown and exposed, ``operator``'s initials chosen
    (no sign-in: a store without users); closed afterwards. ``active``: at 1366x728 and the
    active window, so keys and focus behave as on a desktop."""
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    if active:
        window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.operator_picker.set_operator(operator)  # type: ignore[attr-defined]
    try:
        yield window
    finally:
        window.close()


def in_case_form(window: Any, change: Any) -> None:
    """Edit case… on the open case: ``change(form)`` fills the modal form, then Save is
    clicked (a form left open by a refusal is closed without its Discard question)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog

    done: list[bool] = []

    def fill_and_save() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, QDialog) and form.objectName() == "caseForm"
        change(form)
        save = form.findChild(QAbstractButton, "caseFormSave")
        assert save is not None
        save.click()
        if form.isVisible():  # not saved (a problem, or No to a question): closed as it is
            form.done(QDialog.DialogCode.Rejected)
        done.append(True)

    QTimer.singleShot(0, fill_and_save)
    window.menu_actions["editCaseAction"].trigger()
    assert done
