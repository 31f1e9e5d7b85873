"""File > Users... as an admin fills it in for the office's people, one after another: real
dialog, real SQLite store, the buttons clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.session import Role
from cdt_desktop.ui.session.users_dialog import UsersDialog
from tests.helpers.office import as_user, office


@pytest.mark.parametrize(
    "role_just_used",
    [Role.DENTIST, Role.BILLING, Role.ADMIN, Role.ASSISTANT],
    ids=lambda role: role.value,
)
def test_after_adding_a_dentist_the_next_person_does_not_start_as_a_dentist(
    qtbot: QtBot, tmp_path: Path, role_just_used: Role
) -> None:
    """QA walkthrough: after Add user the name and PINs were cleared but the Role box kept the
    role just used ("dentist"), so the next person, added without looking at it, got a
    dentist's rights. The form starts again as the dialog opens: the fewest rights."""
    with office(tmp_path / "data") as (_service, auth):
        as_user(auth, "Ana Admin")
        dialog = UsersDialog(auth)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened_with = dialog.role.currentData()
        for name, role in (("Lee Park", role_just_used), ("Kim Nguyen", None)):
            dialog.name.setText(name)
            if role is not None:
                dialog.role.setCurrentIndex(dialog.role.findData(role))
            dialog.pin.setText("739164")
            dialog.repeat.setText("739164")
            qtbot.mouseClick(dialog.addUserButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            message = dialog.findChild(QLabel, "usersMessage")
            assert message is not None and message.text() == f"{name} added."
            assert (dialog.name.text(), dialog.pin.text(), dialog.repeat.text()) == ("", "", "")
            assert dialog.role.currentData() == opened_with == Role.ASSISTANT
        lee, kim = auth.store.find_user("Lee Park"), auth.store.find_user("Kim Nguyen")
        assert lee is not None and lee.role == role_just_used
        assert kim is not None and kim.role == Role.ASSISTANT  # role never touched: the fewest
        dialog.close()


def test_the_role_box_lists_the_fewest_rights_first(qtbot: QtBot, tmp_path: Path) -> None:
    """Office walkthrough: the Role box read dentist, assistant, billing, admin; the guide
    calls the assistant the role with the fewest rights, so a slip of the mouse up the list
    should give less, not more."""
    with office(tmp_path / "data") as (_service, auth):
        as_user(auth, "Ana Admin")
        dialog = UsersDialog(auth)
        qtbot.addWidget(dialog)
        listed = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    assert listed == [Role.ASSISTANT, Role.DENTIST, Role.BILLING, Role.ADMIN]


def test_a_lockout_shows_while_it_lasts_in_this_pc_s_time(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: the Users list said "active, locked until 16:07" at 16:10, after
    Maria could sign in again; and the time was the server's UTC, not the office's."""
    import time
    from datetime import UTC, datetime, timedelta

    from cdt_desktop.domain.pins import MAX_FAILED_PINS

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        with office(tmp_path / "data") as (_service, auth):
            as_user(auth, "Ana Admin")
            now = datetime.now(UTC)
            maria, bea = auth.store.find_user("Maria Ruiz"), auth.store.find_user("Bea Billing")
            for _ in range(MAX_FAILED_PINS):
                auth.store.record_pin_failure(maria.id, now - timedelta(minutes=8))  # over
                auth.store.record_pin_failure(bea.id, now)  # 5 minutes from now
            dialog = UsersDialog(auth)
            qtbot.addWidget(dialog)
            states = {dialog.table.item(row, 0).text(): dialog.table.item(row, 3).text()
                      for row in range(dialog.table.rowCount())}  # fmt: skip
            until = (now + timedelta(minutes=5)).astimezone()
            assert states["Maria Ruiz"] == "active"
            assert states["Bea Billing"] == f"active, locked until {until:%H:%M}"
            assert until.utcoffset() != timedelta(0)  # the office's time, not UTC
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
