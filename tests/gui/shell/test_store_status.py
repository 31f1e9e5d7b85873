"""The window and its case store: which store (status bar), live refresh from another process,
a server that stops mid-session and comes back, a server that is down at start, and
File > Case store... (test, switch, never a password)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.services.store import StoreChoice
from cdt_desktop.ui.checklist.text import OFFLINE_TEXT as CHECKLIST_OFFLINE_TEXT
from cdt_desktop.ui.shell.store_dialog import StoreDialog
from cdt_desktop.ui.shell.store_status import OFFLINE_TEXT
from tests.helpers.postgres import ADMIN_PASSWORD, PgServer

OFFLINE_SINCE = OFFLINE_TEXT.split(":")[0] + " since "


@pytest.fixture
def server_url(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    url = pg_server.url(name)
    with open_repository(url) as store:  # store init
        store.create_case(Case(procedure=Procedure(code="D3330", tooth="19")), operator="AB")
    try:
        yield url
    finally:
        pg_server.drop_database(name)


def _window(qtbot, tmp_path: Path, store: str | None = None) -> QMainWindow:
    window = build_main_window(data_dir=tmp_path / "data", store=store)
    qtbot.addWidget(window)
    return window


def _label(window: QMainWindow) -> QLabel:
    label = window.findChild(QLabel, "storeStatus")
    assert label is not None
    return label


def test_the_status_bar_says_this_pc_for_the_file_store(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    assert _label(window).text() == "Cases: This PC"


def test_another_workstations_tick_shows_in_the_open_checklist(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    window = _window(qtbot, tmp_path, server_url)
    assert _label(window).text() == "Cases: 127.0.0.1"
    window.open_case(1)
    box = window.checklist_panel.checkbox("preop-radiograph")
    assert box is not None and not box.isChecked()
    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        f"with open_repository({server_url!r}) as s:\n"
        "    s.set_check(1, 'preop-radiograph', True, operator='W2')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    qtbot.waitUntil(box.isChecked, timeout=5000)
    assert window.statusBar().currentMessage() == (
        "Case 1: checklist ticked by W2 on another workstation"
    )


def test_another_workstations_recode_shows_in_the_open_case(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    """Tour3: the front desk re-coded (then undid) the case open at chair 2; chair 2's list
    followed, but its heading, checklist and chart stayed on the old code, so the assistant
    ticked the old code's checklist on a case that no longer had it."""
    window = _window(qtbot, tmp_path, server_url)
    window.open_case(1)
    assert "#19 D3330" in window.case_label.text()
    code = (
        "import dataclasses\n"
        "from cdt_desktop.db.cases import open_repository\n"
        f"with open_repository({server_url!r}) as s:\n"
        "    c = s.get_case(1).case\n"
        "    c = dataclasses.replace(c, procedure=dataclasses.replace(c.procedure, code='D3348'),\n"
        "        findings=dataclasses.replace(c.findings, root='complete',\n"
        "                                     pulp='previously-treated'))\n"
        "    s.update_case(1, c, operator='W2')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    qtbot.waitUntil(lambda: "#19 D3348" in window.case_label.text(), timeout=5000)
    assert window.checklist_panel.code() == "D3348"
    assert window.controller.code() == "D3348"
    assert window.findChild(QComboBox, "pulpStatus").currentData() == "previously-treated"
    assert window.statusBar().currentMessage() == "Case 1: edited by W2 on another workstation"


def test_a_stopped_server_disables_writes_and_the_window_reconnects(
    qtbot, tmp_path: Path, server_url: str, pg_server: PgServer
) -> None:
    window = _window(qtbot, tmp_path, server_url)
    window.operator_picker.set_operator("AB")
    window.open_case(1)
    assert window.checklist_panel.may_tick()
    pg_server.stop_immediate()
    try:
        qtbot.waitUntil(lambda: _label(window).text().startswith(OFFLINE_SINCE), timeout=10000)
        # since when, and (its tip) why: the checklist's banner sends the user there for both
        assert re.fullmatch(
            r"Case store offline since \d\d:\d\d: reconnecting", _label(window).text()
        )
        qtbot.waitUntil(lambda: "cannot be reached" in _label(window).toolTip(), timeout=10000)
        assert f"127.0.0.1:{pg_server.port}" in _label(window).toolTip()
        assert not window.checklist_panel.may_tick() and not window.edit_button.isEnabled()
        # the greyed boxes say why (a click on one did nothing, unexplained: reliability probe)
        banner = window.checklist_panel.findChild(QLabel, "checklistBanner")
        assert not banner.isHidden() and banner.text() == CHECKLIST_OFFLINE_TEXT
        # the boxes greyed, not the banner (greyed, it was dim grey on grey in dark colours)
        assert banner.isEnabled()
        assert not window.checklist_panel.checkbox("preop-radiograph").isEnabled()
    finally:
        pg_server.restart()
    qtbot.waitUntil(lambda: _label(window).text() == "Cases: 127.0.0.1", timeout=15000)
    assert window.checklist_panel.may_tick()
    assert banner.isHidden()
    box = window.checklist_panel.checkbox("preop-radiograph")
    assert box is not None
    box.click()  # a write after the reconnect commits
    with open_repository(server_url) as store:
        assert store.checks(1)["preop-radiograph"].checked


def test_the_window_opens_while_the_server_is_down(qtbot, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://cdt_admin:{ADMIN_PASSWORD}@127.0.0.1:{port}/cdt"
    window = _window(qtbot, tmp_path, url)
    assert _label(window).text().startswith(OFFLINE_SINCE)
    # why, from the first retry (within a second)
    qtbot.waitUntil(lambda: "the connection was refused" in _label(window).toolTip(), timeout=5000)
    assert ADMIN_PASSWORD not in _label(window).toolTip()
    assert not window.checklist_panel.may_tick()
    assert window.search.isEnabled()  # the library, search and chart are local


def test_the_store_dialog_tests_switches_and_never_saves_a_password(
    qtbot, tmp_path: Path, server_url: str
) -> None:
    data = tmp_path / "data"
    dialog = StoreDialog(StoreChoice(data), "This PC", None)
    qtbot.addWidget(dialog)
    dialog.field.setText(server_url)
    assert dialog.test() and ": 1 case. " in dialog.result_label.text()
    assert ADMIN_PASSWORD not in dialog.result_label.text()
    assert "never saved" in dialog.result_label.text()  # said by the test, before Use refuses
    dialog.use()  # a password in the URL is refused, nothing saved
    assert ADMIN_PASSWORD not in dialog.result_label.text()
    assert ".pgpass" in dialog.result_label.text()
    assert not (data / "store-url.txt").exists()
    dialog.field.setText("postgresql://nobody@127.0.0.1:1/cdt")
    assert not dialog.test() and "127.0.0.1:1/cdt" in dialog.result_label.text()
    plain = server_url.replace(f":{ADMIN_PASSWORD}", "")
    dialog.field.setText(plain)
    dialog._choice.test = lambda text: __import__(  # type: ignore[method-assign]
        "cdt_desktop.services.store", fromlist=["StoreTest"]
    ).StoreTest(True, "ok")  # without .pgpass the real test would be refused a login
    dialog.use()
    assert (data / "store-url.txt").read_text().strip() == plain
    assert StoreChoice(data).current_url() == plain


def test_use_this_store_switches_the_running_window(
    qtbot, tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From This PC's file to the office server without a restart: the list and the status
    bar follow the server, and the file store is let go."""
    window = _window(qtbot, tmp_path)
    assert _label(window).text() == "Cases: This PC"
    choice = window.store_choice
    assert choice is not None
    # the tests' login carries its password in the URL, which saving refuses (.pgpass instead)
    monkeypatch.setattr(choice, "save", lambda text: text)
    monkeypatch.setattr(
        StoreDialog, "exec",
        lambda self: (self.field.setText(server_url), self.use(),
                      StoreDialog.DialogCode.Accepted)[-1],
    )  # fmt: skip
    window.choose_store()
    qtbot.waitUntil(lambda: window.store_status.label.text() == "Cases: 127.0.0.1", timeout=5000)
    assert window.store is not None and window.store.count_cases() == 1
    assert window.cases is not None and window.controller.service is window.cases
    assert ADMIN_PASSWORD not in window.statusBar().currentMessage()
    window.case_list.refresh()
    window.open_case(1)
    assert window.current_case_id() == 1


def _command(tmp_path: Path, *args: str) -> None:
    """A `cdt-desktop` command on this PC's store while the window is open (another process)."""
    subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(tmp_path / "data"), *args],
        check=True,
        timeout=60,
        capture_output=True,
    )


def test_a_command_s_tick_and_import_show_in_the_open_window_on_one_pc(
    qtbot, tmp_path: Path
) -> None:
    """One PC, one window: a `cdt-desktop cases tick` or `cases import` (an office's script)
    while the window is open showed only after a restart; the window now follows within
    seconds, as it follows another workstation on a shared store."""
    window = _window(qtbot, tmp_path)
    case_id = window.store.create_case(
        Case(procedure=Procedure(code="D3330", tooth="19")), operator="AB"
    )
    window.case_list.refresh()
    window.open_case(case_id)
    box = window.checklist_panel.checkbox("preop-radiograph")
    assert box is not None and not box.isChecked()
    _command(tmp_path, "cases", "tick", str(case_id), "preop-radiograph", "--operator", "W2")
    qtbot.waitUntil(box.isChecked, timeout=6000)
    rows = window.case_list.model().rowCount()
    case_file = tmp_path / "case.json"
    case_file.write_text(
        '{"patient": {"name": "Ada Script"}, "procedure": {"code": "D3310", "tooth": "8"}}',
        encoding="utf-8",
    )
    _command(tmp_path, "cases", "import", str(case_file), "--operator", "W2")
    qtbot.waitUntil(lambda: window.case_list.model().rowCount() == rows + 1, timeout=6000)


def test_the_window_s_own_writes_do_not_move_the_outside_mark(tmp_path: Path) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with CaseStore.open(tmp_path) as store, CaseStore.open(tmp_path) as other:
        mark = store.outside_writes()
        case_id = store.create_case(Case(procedure=Procedure(code="D3330")), operator="AB")
        store.set_check(case_id, "consent", True, operator="AB")
        assert store.outside_writes() == mark  # its own writes: nothing to re-read
        other.set_check(case_id, "xray", True, operator="W2")
        assert store.outside_writes() != mark


def _right_click_menu(window: QMainWindow) -> list[str]:
    """Right-click the first case of the list; the entries of the menu that opens ([] none)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu, QTableView

    table = window.case_list.findChild(QTableView, "caseTable")
    at = table.visualRect(window.case_list.model().index(0, 0)).center()
    seen: list[str] = []

    def read_and_close() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.extend(action.text().replace("&", "") for action in popup.actions())
            popup.close()

    QTimer.singleShot(0, read_and_close)
    reason = QContextMenuEvent.Reason.Mouse
    QApplication.sendEvent(
        table.viewport(), QContextMenuEvent(reason, at, table.viewport().mapToGlobal(at))
    )
    return seen


def test_a_right_click_on_the_case_list_offline_says_so_and_what_still_works(
    qtbot, tmp_path: Path, server_url: str, pg_server: PgServer
) -> None:
    """Tour: offline, a right-click on the greyed case list did nothing at all."""
    window = _window(qtbot, tmp_path, server_url)
    window.operator_picker.set_operator("AB")
    window.resize(1366, 768)
    window.show()
    window.right_tabs.setCurrentWidget(window.case_list)
    assert _right_click_menu(window) == ["Mark as submitted…", "Mark as closed…"]
    pg_server.stop_immediate()
    try:
        qtbot.waitUntil(lambda: _label(window).text().startswith(OFFLINE_SINCE), timeout=10000)
        # since when, and (its tip) why: the checklist's banner sends the user there for both
        assert re.fullmatch(
            r"Case store offline since \d\d:\d\d: reconnecting", _label(window).text()
        )
        qtbot.waitUntil(lambda: "cannot be reached" in _label(window).toolTip(), timeout=10000)
        assert f"127.0.0.1:{pg_server.port}" in _label(window).toolTip()
        assert _right_click_menu(window) == [
            "Case store offline: reconnecting",
            "Cases cannot be opened, searched or changed until it is back",
            "Code search, the chart and code guidance still work",
        ]
        assert window.case_list.findChild(QLabel, "caseListMessage").text() == "Offline"
        assert not window.case_list.search_field().isEnabled()
    finally:
        pg_server.restart()
    qtbot.waitUntil(lambda: _label(window).text() == "Cases: 127.0.0.1", timeout=15000)
    assert window.case_list.search_field().isEnabled()
    assert window.case_list.findChild(QLabel, "caseListMessage").text() == "1 case"
    assert _right_click_menu(window) == ["Mark as submitted…", "Mark as closed…"]


def test_a_case_form_refused_offline_says_save_works_once_the_server_is_back(
    qtbot, tmp_path: Path, server_url: str, pg_server: PgServer
) -> None:
    """Two-PC walkthrough: the server came back and the open Edit case form still said "Not
    saved: ... cannot be reached"; Save then worked, but nothing had said so."""
    from cdt_desktop.ui.cases.form import STORE_BACK_TEXT, CaseForm

    window = _window(qtbot, tmp_path, server_url)
    window.operator_picker.set_operator("AB")
    window.show()
    stored = window.cases.get(1)
    form = CaseForm(
        window.cases, case=stored.case, case_id=1, version=stored.version,
        operator_source=lambda: "AB", parent=window,
    )  # fmt: skip
    form.show()
    summary = form.findChild(QLabel, "caseFormProblems")
    pg_server.stop_immediate()
    try:
        qtbot.waitUntil(lambda: _label(window).text().startswith(OFFLINE_SINCE), timeout=10000)
        # since when, and (its tip) why: the checklist's banner sends the user there for both
        assert re.fullmatch(
            r"Case store offline since \d\d:\d\d: reconnecting", _label(window).text()
        )
        qtbot.waitUntil(lambda: "cannot be reached" in _label(window).toolTip(), timeout=10000)
        assert f"127.0.0.1:{pg_server.port}" in _label(window).toolTip()
        form.save_incomplete()  # the fixture's case has no name
        assert summary.text().startswith("Not saved:"), summary.text()
    finally:
        pg_server.restart()
    qtbot.waitUntil(lambda: _label(window).text() == "Cases: 127.0.0.1", timeout=15000)
    assert summary.text() == STORE_BACK_TEXT
    form.save_incomplete()  # the fixture's case has no name
    assert form.saved_case_id == 1


def test_a_frozen_server_does_not_freeze_the_window_for_good(
    qtbot, tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server takes the tick in and never answers (its process stopped: the network still
    acknowledges). The window's thread waited until it came back, every pane frozen. Now the
    tick gives up after the store's watchdog limit (20 s; half a second here), the box is not
    left looking ticked, the window says why and goes offline, and it works again once the
    server answers."""
    import os
    import signal

    from cdt_desktop.ui.common import msgbox

    told: list[str] = []
    for name in ("show_error", "show_warning"):
        monkeypatch.setattr(msgbox, name, lambda _p, _t, text: told.append(text))
    window = _window(qtbot, tmp_path, server_url)
    window.operator_picker.set_operator("AB")
    window.open_case(1)
    store = window.store
    store.watchdog.limit_s = 0.5
    backend = store._conn.info.backend_pid
    box = window.checklist_panel.checkbox("preop-radiograph")
    assert box is not None
    try:
        os.kill(backend, signal.SIGSTOP)
    except PermissionError:
        pytest.skip("the server's processes belong to another user")
    try:
        box.click()  # returns: before, it never did while the server was stopped
        assert not box.isChecked()
    finally:
        os.kill(backend, signal.SIGCONT)
    said = [*told, window.statusBar().currentMessage()]
    assert any("did not answer for 0.5 seconds" in text for text in said), said
    qtbot.waitUntil(lambda: _label(window).text() == "Cases: 127.0.0.1", timeout=15000)
    qtbot.waitUntil(window.checklist_panel.may_tick, timeout=15000)
    box.click()
    with open_repository(server_url) as check:
        assert check.checks(1)["preop-radiograph"].checked


def test_a_claim_status_refused_offline_says_the_mark_works_once_the_server_is_back(
    qtbot, tmp_path: Path, server_url: str, pg_server: PgServer
) -> None:
    """Walkthrough on a shared store: "Mark as submitted" refused while the server was down;
    once it was back, the dialog still said "Not saved: ... cannot be reached" (as the case
    form did before it learnt the same)."""
    from datetime import date

    from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLineEdit

    from cdt_desktop.services.billing import BillingService
    from cdt_desktop.ui.cases.status_dialog import StatusDialog

    window = _window(qtbot, tmp_path, server_url)
    window.operator_picker.set_operator("AB")
    window.show()
    billing = BillingService(window.cases.repository)
    dialog = StatusDialog(
        window.cases.get(1).case, "submitted", today=date.today(), parent=window,
        save=lambda typed: billing.advance(1, typed, operator="AB"),
    )  # fmt: skip
    dialog.show()
    number = dialog.findChild(QLineEdit, "statusClaimNumber")
    if number is not None:
        number.setText("CLM-77")
    problem = dialog.findChild(QLabel, "statusProblem")
    mark = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(mark, QAbstractButton)
    pg_server.stop_immediate()
    try:
        qtbot.waitUntil(lambda: _label(window).text().startswith(OFFLINE_SINCE), timeout=10000)
        # since when, and (its tip) why: the checklist's banner sends the user there for both
        assert re.fullmatch(
            r"Case store offline since \d\d:\d\d: reconnecting", _label(window).text()
        )
        qtbot.waitUntil(lambda: "cannot be reached" in _label(window).toolTip(), timeout=10000)
        assert f"127.0.0.1:{pg_server.port}" in _label(window).toolTip()
        mark.click()
        assert dialog.isVisible() and problem.text().startswith("Not saved:"), problem.text()
    finally:
        pg_server.restart()
    qtbot.waitUntil(lambda: _label(window).text() == "Cases: 127.0.0.1", timeout=15000)
    assert "reachable again" in problem.text() and "Mark as submitted saves it" in problem.text()
    mark.click()
    assert not dialog.isVisible()
    with open_repository(server_url) as store:
        assert store.get_case(1).case.status_history[-1].status == "submitted"
