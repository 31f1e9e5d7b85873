"""The office's CDT code set on a shared (PostgreSQL) case store, in real windows: imported once
in one window, the other window shows it at once (live refresh, no restart); a PC that kept its
own code set shows the server's and may upload its own; the chair may not import. Made-up
practice text, never ADA text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell.codeset_dialog import CodeSetDialog
from tests.helpers.office import FAST

HEADER = "Code\tNomenclature\tDescriptor\n"


@pytest.fixture
def server_url(pg_store_url: str) -> str:
    return pg_store_url


def _file(folder: Path, edition: str, text: str) -> Path:
    path = folder / f"CDT{edition}.txt"
    path.write_text(HEADER + f"D3330\tMolar RCT (practice)\t{text}\n", encoding="utf-8")
    return path


def _window(qtbot: QtBot, data_dir: Path, store: str, user: str | None = None):
    window = build_main_window(data_dir=data_dir, store=store, user=user)
    qtbot.addWidget(window)
    if user is None:  # sign-in off: the typed initials
        window.operator_picker.set_operator("OM")
    return window


def _in_dialog(steps) -> list[str]:
    seen: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CodeSetDialog):
            QTimer.singleShot(20, drive)
            return
        steps(dialog)
        seen.append(dialog.findChild(QLabel, "codesetWhere").text())
        seen.append(dialog.preview_text.toPlainText())
        seen.append(dialog.shown_label.text())
        dialog.reject()

    QTimer.singleShot(0, drive)
    return seen


def _import(path: Path):
    def steps(dialog: CodeSetDialog) -> None:
        dialog.set_file(path)
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()

    return steps


def test_one_window_imports_and_the_other_workstation_shows_it_without_a_restart(
    qtbot: QtBot, tmp_path: Path, server_url: str
) -> None:
    from cdt_desktop.services.cdt_editions import read_codeset, save_codeset

    save_codeset(tmp_path / "pc1", read_codeset(_file(tmp_path, "2025", "Own."), "2025"), "f")
    front_desk = _window(qtbot, tmp_path / "pc1", server_url)
    chair = _window(qtbot, tmp_path / "pc2", server_url)
    chair.detail.show_code("D3330")
    assert "Shared practice text" not in chair.detail.toPlainText()

    seen = _in_dialog(_import(_file(tmp_path, "2026", "Shared practice text.")))
    front_desk.menu_actions["importCdtAction"].trigger()

    assert "import it once and every workstation shows it" in seen[0]
    assert seen[1].startswith("Saved as the CDT 2026 code set on the office server 127.0.0.1")
    assert seen[2].startswith("Shown on every workstation: CDT 2026 (1 code, imported ")
    assert "on every workstation" in front_desk.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Shared practice text." in chair.detail.toPlainText(), timeout=5000)
    assert "updated by OM on another workstation" in chair.statusBar().currentMessage()
    with CodeSetStore(tmp_path / "pc1") as own:  # this PC's own file is left as it was
        assert [e[0] for e in own.editions()] == ["2025"]


def test_a_pc_with_its_own_code_set_shows_the_servers_and_may_upload_its_own(
    qtbot: QtBot, tmp_path: Path, server_url: str
) -> None:
    from cdt_desktop.services.cdt_editions import read_codeset, save_codeset

    pc = tmp_path / "pc"
    own = read_codeset(_file(tmp_path, "2025", "This PC's old text."), "2025")
    save_codeset(pc, own, "CDT2025.txt")  # imported on this PC before the office had a server
    with open_repository(server_url) as store:
        shared = store.code_sets()
        assert shared is not None
        shared.save(read_codeset(_file(tmp_path, "2026", "Server text."), "2026"), "f",
                    operator="BB")  # fmt: skip
    window = _window(qtbot, pc, server_url)
    window.detail.show_code("D3330")
    assert "Server text." in window.detail.toPlainText()  # the shared code set wins
    assert "This PC's old text." not in window.detail.toPlainText()

    def upload(dialog: CodeSetDialog) -> None:
        assert dialog.shown_label.text().startswith(
            "Shown on every workstation: CDT 2026 (1 code, imported "
        )
        assert dialog.upload_label is not None and dialog.upload_button is not None
        assert "CDT 2025 (1 code)" in dialog.upload_label.text()
        dialog.upload_button.click()
        assert dialog.upload_label.text().startswith("Uploaded to the office server")

    _in_dialog(upload)
    window.menu_actions["importCdtAction"].trigger()
    with open_repository(server_url) as store:
        shared = store.code_sets()
        assert shared is not None and [e[0] for e in shared.editions()] == ["2026", "2025"]
    assert "every workstation shows it" in window.statusBar().currentMessage()


def test_the_chair_may_not_import_on_a_shared_store(
    qtbot: QtBot, tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_repository(server_url) as store:
        auth = AuthService(store, params=FAST)  # type: ignore[arg-type]
        auth.create_first_admin("Ana Admin", "482913")
        auth.add_user("Maria Ruiz", Role.ASSISTANT, "730184")
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _parent, _title, text: shown.append(text))
    window = _window(qtbot, tmp_path / "pc", server_url, user="Maria Ruiz")
    window.menu_actions["importCdtAction"].trigger()
    assert shown == [
        "Importing the licensed CDT code set needs the billing or admin role; "
        "you are signed in as assistant."
    ]


def test_a_window_whose_server_is_down_shows_this_pcs_code_set_and_refuses_an_import(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from cdt_desktop.services.cdt_editions import read_codeset, save_codeset

    pc = tmp_path / "pc"
    save_codeset(pc, read_codeset(_file(tmp_path, "2025", "This PC's text."), "2025"), "f")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _parent, _title, text: shown.append(text))
    window = _window(qtbot, pc, f"postgresql://nobody:pw@127.0.0.1:{port}/cdt")
    window.detail.show_code("D3330")
    assert "This PC's text." in window.detail.toPlainText()  # until the server answers
    window.menu_actions["importCdtAction"].trigger()  # no dialog, no wait for the server
    assert len(shown) == 1 and "cannot be reached now" in shown[0]


def test_a_window_whose_server_stopped_keeps_the_offices_code_set_and_asks_it_nothing(
    qtbot: QtBot, tmp_path: Path, server_url: str, pg_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stopped and the window knows it (offline); the code set is read again (as
    after an import announced elsewhere): the code detail keeps the office's text, and no
    lookup tries to reach the server on the GUI thread (each try could freeze the window for
    the connect timeout; the detail lost the office's text)."""
    import threading

    from cdt_desktop.db.cases.postgres import connect
    from cdt_desktop.db.cdt_file import ImportedCode
    from cdt_desktop.services.codeset_import import LocalEdition
    from cdt_desktop.ui.shell import codesets
    from cdt_desktop.ui.shell.store_status import OFFLINE_TEXT

    with open_repository(server_url) as store:
        shared = store.code_sets()
        assert shared is not None
        codes = [ImportedCode("D3330", "Molar RCT (practice)", "Office text.")]
        shared.save(LocalEdition("2026", codes, "CDT2026.txt"), "CDT2026.txt", operator="OM")
    window = _window(qtbot, tmp_path / "pc", server_url)
    window.detail.show_code("D3330")
    assert "Office text." in window.detail.toPlainText()
    tries: list[bool] = []  # each try to reach the server: was it on the GUI thread?
    real = connect.connect

    def counted(*args: object, **kwargs: object) -> object:
        tries.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(connect, "connect", counted)
    pg_server.stop_immediate()
    try:
        label = window.findChild(QLabel, "storeStatus")
        qtbot.waitUntil(lambda: label.text().endswith(OFFLINE_TEXT.split(":")[1]), timeout=10000)
        codesets.refresh(window)
        window.detail.show_code("D3310")
        window.detail.show_code("D3330")
        assert "Office text." in window.detail.toPlainText()
        assert True not in tries  # the window's reconnect tries on its worker thread only
    finally:
        pg_server.restart()
