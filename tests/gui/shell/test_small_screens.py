"""The window on the small screens of dental-office laptops: 1366x768 at 125 % scaling (1093x614
logical px), 1280x720 (also 1920x1080 at 150 %) and 1366x768. The whole window fits, all teeth
of every dentition are on screen and clickable, the questions, candidates, checklist and case
buttons are on screen, and no button's text is clipped.

At 125 % the window was 669 px tall at the least (the screen has 614), the chart was cut off
after tooth 13/20 under the candidates, and "Export appeal letter…" read "ort appeal lette".
Qt lays out in logical pixels, so the sizes are tried at 100 % here; one test starts the real
window at ``QT_SCALE_FACTOR=1.25`` on a 1366x768 screen in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window

TITLE_BAR = 30  # a window manager's title bar (the window's client area is that much shorter)
SCREENS = {"768p at 125 %": (1093, 614), "720p (1080p at 150 %)": (1280, 720), "768p": (1366, 768)}


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def window(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> Iterator[Any]:
    width, height = SCREENS[request.param]
    win = build_main_window(data_dir=tmp_path / "office")
    qtbot.addWidget(win)
    win.resize(width, height - TITLE_BAR)
    win.show()
    qtbot.waitExposed(win)
    win.operator_picker.set_operator("AB")
    win.size_wanted = QRect(0, 0, width, height - TITLE_BAR)
    yield win
    win.close()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _on_screen(widget: QWidget) -> bool:
    """The whole widget is visible: not cut by its pane, the window's edge or a sibling."""
    return widget.isVisible() and widget.visibleRegion().contains(widget.rect())


def _label_fits(label: QLabel) -> bool:
    """The label shows all its text: one line that fits, or wrapped lines that all have room."""
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def clipped_buttons(root: QWidget) -> list[str]:
    """Every shown button whose text is wider than the room inside its frame."""
    clipped = []
    for button in root.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        need = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        room = button.contentsRect().width() - 8  # the bevel and the text's margins
        if need > room:
            clipped.append(f"{button.objectName() or button.text()}: {need} > {room} px")
    return clipped


@pytest.mark.parametrize("dentition", ["permanent", "primary", "mixed"])
def test_the_window_fits_and_its_size_is_kept(window: Any, dentition: str) -> None:
    wanted = window.size_wanted
    hint = window.minimumSizeHint()
    assert hint.width() <= wanted.width() and hint.height() <= wanted.height()
    assert window.size() == wanted.size()
    window.chart_panel.chart.set_dentition(dentition)  # mixed: twice as tall
    window.chart_panel.chart.select_tooth("19" if dentition != "primary" else "K")
    _settle()
    hint = window.minimumSizeHint()
    assert hint.width() <= wanted.width() and hint.height() <= wanted.height()
    assert window.size() == wanted.size()


@pytest.mark.parametrize("dentition", ["permanent", "primary", "mixed"])
def test_every_tooth_is_on_screen_and_clickable(window: Any, qtbot: QtBot, dentition: str) -> None:
    chart = window.chart_panel.chart
    chart.set_dentition(dentition)
    _settle()
    # never squeezed below its least size: the numbers of the teeth fit (mixed: 209 px tall)
    assert chart.height() >= chart.minimumHeight() and chart.width() >= chart.minimumWidth()
    seen = chart.visibleRegion()
    hidden = [u for u in chart.shown_teeth() if not seen.contains(chart.tooth_rect(u))]
    assert hidden == []
    for universal in chart.shown_teeth():
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.tooth_rect(universal).center())
        assert chart.selected() == universal


def test_questions_candidates_checklist_and_case_buttons_are_on_screen(window: Any) -> None:
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    for name, index in (("rootDevelopment", 1), ("pulpStatus", 4), ("treatmentGoal", 1)):
        panel.findings.box(name).setCurrentIndex(index)
    _settle()
    shown = [
        panel.tooth_label,
        panel.successor_box,
        *panel.findings.boxes(),
        panel.candidates.list_widget(),
        window.right_tabs,
        window.checklist_panel,
        window.edit_button,
        window.radiographs_button,
        window.export_button,
        window.search.box,
        window.detail,
        window.statusBar(),
    ]
    assert [w.objectName() for w in shown if not _on_screen(w)] == []
    # nothing in the chart panel lies over anything else (the tooth line over "Successor:")
    parts = [w for w in panel.findChildren(QWidget) if w.parentWidget() is panel and w.isVisible()]
    overlaps = [
        (a.objectName() or type(a).__name__, b.objectName() or type(b).__name__)
        for i, a in enumerate(parts)
        for b in parts[i + 1 :]
        if a.geometry().intersects(b.geometry())
    ]
    assert overlaps == []


def test_no_button_text_is_clipped(window: Any) -> None:
    assert clipped_buttons(window) == []
    window.right_tabs.setCurrentWidget(window.case_list)
    _settle()
    assert clipped_buttons(window) == []


_AT_125 = """
import json, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
import cdt_desktop.ui
app = QApplication([])
from cdt_desktop.app import build_main_window
from tests.gui.shell.test_small_screens import _dialogs, clipped_buttons
win = build_main_window(data_dir=Path(tempfile.mkdtemp()))
win.show_first()
win.operator_picker.set_operator("AB")
def dialog_sizes(win):
    out = {}
    for name, dialog in _dialogs(win, Path(tempfile.mkdtemp())):
        dialog.show()
        app.processEvents()
        out[name] = [dialog.frameGeometry().width(), dialog.height(), clipped_buttons(dialog)]
        dialog.hide()
    return out
chart = win.chart_panel.chart
chart.select_tooth("19")
for _ in range(5):
    app.processEvents()
free = win.screen().availableGeometry()
hint = win.minimumSizeHint()
seen = chart.visibleRegion()
print(json.dumps({
    "scale": win.devicePixelRatio(),
    "free": [free.width(), free.height()],
    "hint": [hint.width(), hint.height()],
    "hidden": [u for u in chart.shown_teeth() if not seen.contains(chart.tooth_rect(u))],
    "clipped": clipped_buttons(win),
    "dialogs": dialog_sizes(win),
}))
win.close()
"""


def test_the_real_window_at_125_percent_on_a_1366x768_screen(tmp_path: Path) -> None:
    screens = tmp_path / "screen.json"
    laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "dpr": 1}
    screens.write_text(json.dumps({"screens": [laptop]}))
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screens}",
        QT_SCALE_FACTOR="1.25",
        CDT_DESKTOP_DATA_DIR=str(tmp_path / "data"),
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", _AT_125], env=env, cwd=root, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["scale"] == 1.25 and found["free"] == [1093, 614]
    assert found["hint"][0] <= 1093 and found["hint"][1] <= 614 - TITLE_BAR
    assert found["hidden"] == []
    assert found["clipped"] == []
    misfits = {
        name: (width, height, clipped)
        for name, (width, height, clipped) in found["dialogs"].items()
        if width > 1093 or height > 614 - TITLE_BAR or clipped
    }
    assert misfits == {}


# --- the dialogs, and the narrow right pane's own rows ---------------------------------------
SMALL = SCREENS["768p at 125 %"]


def _dialogs(window: Any, tmp_path: Path) -> Iterator[tuple[str, QWidget]]:
    """Every dialog of the window, made as its menu makes it, over one open case."""
    from datetime import date

    from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
    from cdt_desktop.domain.pins import ScryptParams
    from cdt_desktop.domain.session import Role
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.ui.appeal.attach_dialog import AttachDialog
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog
    from cdt_desktop.ui.cases.form import CaseForm
    from cdt_desktop.ui.cases.status_dialog import StatusDialog
    from cdt_desktop.ui.session.audit_dialog import AuditDialog
    from cdt_desktop.ui.session.users_dialog import UsersDialog
    from cdt_desktop.ui.shell import help_dialogs
    from cdt_desktop.ui.shell.codeset_dialog import CodeSetDialog
    from cdt_desktop.ui.shell.store_dialog import StoreDialog

    case = Case(
        patient=Patient(name="Nguyễn Thị Minh Khai", date_of_birth="1980-02-29"),
        claim=Claim(number="CLM-2026-19", date_of_service="2026-11-20",
                    denial_reason="Documentation of pulpal necrosis not received"),
        procedure=Procedure(code="D3330", tooth="19", notation="universal"),
    )  # fmt: skip
    case_id = window.cases.create(case, operator="AB")
    stored = window.cases.get(case_id)
    yield "case form", CaseForm(window.cases, case=stored.case, case_id=case_id,
                                version=stored.version, parent=window)  # fmt: skip
    for status in ("submitted", "denied", "appealed", "paid", "closed"):
        yield (
            f"{status} dialog",
            StatusDialog(stored.case, status, today=date.today(), parent=window),
        )
    for prior_auth in (False, True):
        yield "prior auth" if prior_auth else "appeal letter", NarrativeDialog(
            stored.case, library=window.library, store=window.store, case_id=case_id,
            operator="AB", parent=window, films=window.cases, prior_auth=prior_auth,
        )  # fmt: skip
    yield (
        "radiographs",
        RadiographsDialog(
            window.cases, case_id, heading="Case 1", tooth="#19", operator="AB", parent=window
        ),
    )
    yield "attach film", AttachDialog("IMG_0001.png", "Pre-op PA #19", parent=window)
    yield "case store", StoreDialog(window.store_choice, "cases.sqlite", window)
    yield "CDT file", CodeSetDialog(tmp_path / "office", window)
    auth = AuthService(window.store, params=ScryptParams(n=2**10))
    yield "first admin", UsersDialog(auth, window)
    auth.create_first_admin("Ana Admin", "482913")
    for n, name in enumerate(("Dr Diaz", "Maria Ruiz", "Bea Billing", "Jo Front", "Sam Hyg")):
        auth.add_user(name, Role.ASSISTANT, f"55120{n}")
    admin = auth.store.find_user("Ana Admin")
    assert admin is not None
    auth.sign_in(admin.id, "482913")
    yield "users", UsersDialog(auth, window)
    yield "audit", AuditDialog(auth, window)
    yield "shortcuts", help_dialogs.show_shortcuts(window, window.menu_actions)
    guide = help_dialogs.show_user_guide(window)
    if guide is not None:
        yield "user guide", guide


def test_every_dialog_fits_the_small_screen(qtbot: QtBot, tmp_path: Path) -> None:
    width, height = SMALL
    win = build_main_window(data_dir=tmp_path / "office")
    qtbot.addWidget(win)
    win.resize(width, height - TITLE_BAR)
    win.show()
    qtbot.waitExposed(win)
    win.operator_picker.set_operator("AB")
    too_big, clipped = dialog_misfits(win, tmp_path, QRect(0, 0, width, height))
    win.close()
    assert too_big == []
    assert clipped == []


def dialog_misfits(window: Any, tmp_path: Path, free: QRect) -> tuple[list[str], list[str]]:
    """(dialogs larger than ``free`` less a title bar, buttons clipped in them at that size).

    The test screen here is 800x800: a dialog sized to 95 % of the screen is tried at the size
    it gets on ``free`` (the 125 % run below checks the sizes the dialogs choose themselves).
    """
    room = free.size().shrunkBy(QMargins(0, TITLE_BAR, 0, 0))
    too_big, clipped = [], []
    for name, dialog in _dialogs(window, tmp_path):
        dialog.show()
        dialog.resize(dialog.size().boundedTo(room))
        _settle()
        hint = dialog.minimumSizeHint()
        if hint.width() > room.width() or hint.height() > room.height():
            too_big.append(f"{name}: at least {hint.width()}x{hint.height()}")
        if dialog.width() > room.width() or dialog.height() > room.height():
            too_big.append(f"{name}: {dialog.width()}x{dialog.height()}")
        clipped += [f"{name}: {c}" for c in clipped_buttons(dialog)]
        dialog.hide()
        dialog.deleteLater()
    return too_big, clipped


def test_the_letter_fields_never_scroll_sideways_at_125_percent(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The appeal dialog at the size it gets on the 1093x614 screen (1038x583): its left side
    (about 400 px) cut the fields' right edge off behind a sideways scroll bar; the radiographs
    row now goes under its label instead."""
    win = build_main_window(data_dir=tmp_path / "office")
    qtbot.addWidget(win)
    dialogs = dict(_dialogs(win, tmp_path))
    for name in ("appeal letter", "prior auth"):
        dialog = dialogs[name]
        qtbot.addWidget(dialog)
        dialog.resize(1038, 583)
        dialog.show()
        _settle()
        assert dialog.fields.horizontalScrollBar().maximum() == 0, name
        dialog.hide()
    win.close()


def test_the_case_list_status_line_and_buttons_are_never_cut(window: Any) -> None:
    """The Cases tab is about 300 px wide on the 1093 px screen and 380 on a 1366 px one. Its
    count sat beside the buttons in what they left ("No cases ye"); now it wraps, and goes
    above them when they need the row."""
    window.right_tabs.setCurrentWidget(window.case_list)
    message = window.case_list.findChild(QLabel, "caseListMessage")
    for text in ("No cases yet", "Newest 500 matches shown; type more to narrow the search"):
        message.setText(text)
        _settle()
        assert _label_fits(message), text
        if message.wordWrap():
            tall = message.heightForWidth(message.width())
            assert tall // message.fontMetrics().lineSpacing() <= 2, text
        assert _on_screen(message)
        assert clipped_buttons(window.case_list) == []
        buttons = [b for b in window.case_list.findChildren(QPushButton) if b.isVisible()]
        assert all(not b.geometry().intersects(message.geometry()) for b in buttons)


@pytest.mark.parametrize("dentition", ["permanent", "primary", "mixed"])
def test_large_targets_fit_the_small_screen(qtbot: QtBot, tmp_path: Path, dentition: str) -> None:
    """View > Large targets at 125 % (1093x614, a title bar less): the window was 599 px tall at
    the least (617 in the mixed dentition) and its bottom, with the case buttons and the status
    bar, was off the screen. Every target keeps its 40 px and the chart its least size."""
    from PySide6.QtGui import QAction

    from cdt_desktop.ui.common.metrics import LARGE_TARGET

    width, height = SMALL
    win = build_main_window(data_dir=tmp_path / "office")
    qtbot.addWidget(win)
    win.resize(width, height - TITLE_BAR)
    win.show()
    qtbot.waitExposed(win)
    win.operator_picker.set_operator("AB")
    large = win.findChild(QAction, "largeTargetsAction")
    large.setChecked(True)
    chart = win.chart_panel.chart
    chart.set_dentition(dentition)
    chart.select_tooth("19" if dentition != "primary" else "K")
    _settle()
    hint = win.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - TITLE_BAR
    assert win.size().toTuple() == (width, height - TITLE_BAR)
    assert chart.height() >= chart.minimumHeight() and chart.width() >= chart.minimumWidth()
    seen = chart.visibleRegion()
    assert [u for u in chart.shown_teeth() if not seen.contains(chart.tooth_rect(u))] == []
    panel = win.chart_panel
    targets = [
        panel.dentition_box, panel.notation_box, panel.successor_box, *panel.findings.boxes(),
        win.edit_button, win.radiographs_button, win.export_button, win.operator_picker,
    ]  # fmt: skip
    assert [t.objectName() for t in targets if t.height() < LARGE_TARGET] == []
    shown = [*targets, panel.candidates.list_widget(), win.right_tabs, win.detail, win.statusBar()]
    assert [w.objectName() for w in shown if not _on_screen(w)] == []
    assert clipped_buttons(win) == []
    win.close()


def _overflow(label: QLabel) -> int:
    """How many px of the label's text lie past its right edge, wrapped where Qt wraps it."""
    room = label.contentsRect().width()
    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else Qt.TextFlag(0)
    drawn = label.fontMetrics().boundingRect(QRect(0, 0, room, 100_000), flags, label.text())
    return max(0, drawn.width() - room)


LONG_NAMES = [
    "W" * 60,  # no space: one word for the line breaker
    "Wolfeschlegelsteinhausenbergerdorff-Montgomery-Featherstonehaugh",  # breaks after '-'
    "王" * 60,  # breaks between the characters
]


@pytest.mark.parametrize("name", LONG_NAMES, ids=["no space", "hyphens", "CJK"])
def test_a_long_name_or_claim_number_is_elided_not_cut_off(window: Any, name: str) -> None:
    """A 60-character name with no space ran past the right edge of the open case's line at
    1093 px (and a long claim number and name past the claim status dialog's): each word too
    wide for its line is elided in its middle now; the tooltip and the description a screen
    reader reads hold it whole."""
    from datetime import date

    from PySide6.QtGui import QAccessible

    from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
    from cdt_desktop.ui.cases.status_dialog import StatusDialog

    number = "CLM" + "8" * 47
    case = Case(patient=Patient(name=name), payer=Payer(name="Q" * 80),
                claim=Claim(number=number, date_of_service="2026-11-20"),
                procedure=Procedure(code="D3330", tooth="19"))  # fmt: skip
    window.open_case(window.cases.create(case, operator="AB"))
    _settle()
    label = window.case_label
    assert _overflow(label) == 0, label.text()
    assert label.geometry().right() < label.parentWidget().width()
    assert name in label.toolTip()
    heard = QAccessible.queryAccessibleInterface(label)
    assert heard is not None and name in heard.text(QAccessible.Text.Description)
    wanted = window.size_wanted
    assert window.size() == wanted.size() and window.minimumSizeHint().width() <= wanted.width()
    for status in ("submitted", "denied"):
        dialog = StatusDialog(case, status, today=date(2026, 12, 3), parent=window)
        dialog.show()
        _settle()
        assert dialog.frameGeometry().width() <= wanted.width(), status
        assert _overflow(dialog.whose) == 0, (status, dialog.whose.text())
        assert number in dialog.whose.toolTip() and name in dialog.whose.toolTip()
        dialog.close()
        dialog.deleteLater()
