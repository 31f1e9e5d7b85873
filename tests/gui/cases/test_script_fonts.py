"""A patient's name in a script the PC has no font for (two-PC walkthrough: "김민준" drew as
three boxes in the case heading on a Linux workstation without CJK fonts, while the appeal PDF
printed it). The bundled font of the script is lent to the window when a case shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common.script_fonts import cover
from tests.helpers.windows import shown_window


def _ink(text: str, font: QFont) -> bytes:
    """``text`` drawn black on white in ``font``: the pixels."""
    image = QImage(120, 40, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 30, text)
    painter.end()
    return bytes(image.constBits())


def test_a_korean_name_opened_in_the_window_is_drawn_with_letters_not_boxes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        case_id = window.cases.create(
            Case(patient=Patient(name="김민준"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        window.open_case(case_id)
        font = window.font()
        tofu = _ink("\U000e0fff", font)  # a code point no font has: the box Qt draws
        assert _ink("김", font) != tofu
        assert _ink("김", font) != _ink("민", font)  # two letters, two shapes
        assert "NanumSquare" in QFontDatabase.families()


def test_the_case_list_lends_the_font_of_a_listed_name(qtbot: QtBot, tmp_path: Path) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        window.cases.create(
            Case(patient=Patient(name="สมชาย ใจดี"), procedure=Procedure(code="D3330")),
            operator="AB",
        )
        window.right_tabs.setCurrentWidget(window.case_list)  # the billing desk's list
        window.case_list.refresh()
        assert any("Thai" in family for family in QFontDatabase.families())


def test_latin_names_lend_nothing() -> None:
    assert cover("Zoë Ångström-Øvergaard", "Nguyễn Văn An", "O'Brien") == []


def test_a_korean_name_typed_after_a_chinese_one_is_drawn_with_letters(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A Chinese name lent the Chinese font alone; a Korean name typed next drew every
    syllable as the same box (the Chinese font, kept as Hangul's fallback, has none). On a PC
    with fonts lent earlier in the same run this cannot fail: run alone, it did before."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.ui.cases.form import CaseForm

    with CaseStore.open(tmp_path / "data") as store:
        for name in ("王小明", "김민준"):
            form = CaseForm(CaseService(store), operator_source=lambda: "AB")
            qtbot.addWidget(form)
            field = form.editor("patient", "name")
            for char in name:
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                    )
            assert field.text() == name
        font = field.font()
        assert _ink("김", font) != _ink("민", font)
