"""File > Import licensed CDT file...: the office manager's yearly CDT change, without a terminal.

The ADA licenses the CDT descriptors; the practice imports the file that came with its licence
(tab-delimited, CSV or Excel). The dialog reads it and shows, before anything is saved, how many
codes it accepts, each rejected row with its reason, and what changed against the previous
edition; "Import" saves it (replacing an earlier import of the same edition). Nothing is written
until then, and a file that cannot be used says why and leaves the code sets as they were. The
reading and saving are the command line's (`services.cdt_editions`), so `cdt-desktop import-cdt`
and this dialog agree row for row.
"""

from __future__ import annotations

from collections.abc import Sized
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.common.folders import Location, start_folder
from cdt_desktop.ui.common.metrics import follow_window_targets, size_target

MAX_SHOWN_REJECTIONS = 50
SAVE_HINT = "\nNothing is saved until you choose Import."
FILE_FILTER = "CDT data files (*.txt *.tsv *.csv *.xlsx);;All files (*)"
INTRO = (
    "Import the CDT file your practice received with its ADA licence (tab-delimited, CSV or "
    "Excel). Its descriptors then show beside our guidance, and open cases whose code the new "
    "edition deleted or revised are marked in the Cases list. The file is kept on this computer: "
    "import it on each workstation."
)


class _Report(Protocol):
    """What the dialog reads of the previewed import (``db.codesets.ImportReport``)."""

    @property
    def edition(self) -> str: ...

    @property
    def accepted(self) -> Sized: ...


class CodeSetDialog(QDialog):
    """Choose the file and its CDT year, read the preview, then import; ``imported`` holds the
    edition once saved."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codesetDialog")
        self.setWindowTitle("Import licensed CDT file")
        self.setAccessibleName("Import licensed CDT file")
        self._data_dir = data_dir
        self._ready = False  # a previewed file holds codes to import
        self._previewed: _Report | None = None  # what the preview showed: what Import saves
        self._read_path = ""  # the file the preview was read from
        self.imported: str | None = None
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.file_field = QLineEdit(self)
        self.file_field.setObjectName("codesetFile")
        self.file_field.setAccessibleName("CDT data file")
        self.file_field.setPlaceholderText("Choose the licensed CDT file…")
        self.file_field.editingFinished.connect(self._file_typed)
        choose = QPushButton("&Choose…", self)
        choose.setObjectName("codesetChoose")
        choose.clicked.connect(self._choose)
        choose.setAutoDefault(False)  # Enter in a field reads it, never opens the chooser
        self.edition_field = QLineEdit(self)
        self.edition_field.setObjectName("codesetEdition")
        self.edition_field.setAccessibleName("CDT edition (year)")
        self.edition_field.setPlaceholderText("e.g. 2026")
        self.edition_field.setValidator(QIntValidator(2000, 2099, self.edition_field))
        self.edition_field.setMaxLength(4)
        self.edition_field.textEdited.connect(lambda _text: self.preview())
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setObjectName("codesetPreview")
        self.preview_text.setAccessibleName("What the file holds and what would change")
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText("Choose a file to see what it holds.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("codesetImport")
        self.import_button.setEnabled(False)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.file_field, choose, self.edition_field, self.import_button):
            size_target(widget)

        grid = QGridLayout()
        grid.addWidget(_buddy("&File:", self.file_field), 0, 0)
        grid.addWidget(self.file_field, 0, 1)
        grid.addWidget(choose, 0, 2)
        grid.addWidget(_buddy("CDT &year:", self.edition_field), 1, 0)
        grid.addWidget(self.edition_field, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        follow_window_targets(self)

    # -- the file -------------------------------------------------------------------------------
    def _choose(self) -> None:
        start = self.file_field.text().strip() or start_folder(
            Location.DownloadLocation, Location.DocumentsLocation
        )
        chosen, _filter = QFileDialog.getOpenFileName(self, "Licensed CDT file", start, FILE_FILTER)
        if chosen:
            self.set_file(Path(chosen))

    def _file_typed(self) -> None:
        """Enter in the field, or the focus leaving it: a changed path is read (only then: the
        field losing the focus after an import must not bring the preview back)."""
        text = self.file_field.text().strip()
        if text and text != self._read_path:
            self.set_file(Path(text))

    def set_file(self, path: Path) -> None:
        """Take ``path`` as the file; its name suggests the year when none is typed yet."""
        from cdt_desktop.services.cdt_editions import guess_edition

        self.file_field.setText(str(path))
        self._read_path = str(path)
        if not self.edition_field.text():
            self.edition_field.setText(guess_edition(path.name))
        self.preview()

    # -- preview and import -----------------------------------------------------------------
    def preview(self) -> None:
        """Read the file (nothing saved) and show what it holds and what it would change."""
        from cdt_desktop.services.cdt_editions import preview_changes, read_codeset

        self._ready = False
        self.import_button.setEnabled(False)
        path_text = self.file_field.text().strip()
        edition = self.edition_field.text().strip()
        if not path_text:
            self.preview_text.setPlainText("")
            return
        if len(edition) != 4:
            self.preview_text.setPlainText("Type the CDT year of the file (e.g. 2026).")
            return
        try:
            report = read_codeset(Path(path_text), edition)
            changes = preview_changes(self._data_dir, report) if report.accepted else None
        except UserFacingError as exc:
            self.preview_text.setPlainText(f"This file cannot be imported: {_gui_words(exc)}")
            return
        lines = [report.summary() + "."]
        shown = report.rejected[:MAX_SHOWN_REJECTIONS]
        lines += [f"  Rejected {problem}" for problem in shown]
        if len(report.rejected) > len(shown):
            lines.append(f"  … and {len(report.rejected) - len(shown):,} more rejected rows")
        if changes is None:
            lines.append("\nNothing to import: no row holds a CDT code.")
        else:
            lines.append("")
            lines.append(changes.to_text().rstrip())
            lines.append(SAVE_HINT)
            self._ready = True
            self._previewed = report
            self.import_button.setEnabled(True)
        self.preview_text.setPlainText("\n".join(lines))

    def save(self) -> None:
        """Save the previewed code set; the dialog then says what it did."""
        from cdt_desktop.services.cdt_editions import save_codeset

        if not self._ready or self._previewed is None:
            return
        path = Path(self.file_field.text().strip())
        report = self._previewed  # what the manager read, even if the file changed since
        try:
            save_codeset(self._data_dir, report, path.name)  # type: ignore[arg-type]
        except UserFacingError as exc:
            self.preview_text.setPlainText(
                f"Not imported: {_gui_words(exc)}. The code sets were left as they were."
            )
            self.import_button.setEnabled(False)
            return
        self.imported = report.edition
        self.import_button.setEnabled(False)
        shown = self.preview_text.toPlainText().replace(SAVE_HINT, "").rstrip()
        self.preview_text.setPlainText(
            f"Saved as the CDT {report.edition} code set ({_codes(len(report.accepted))}).\n\n{shown}"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus(
            Qt.FocusReason.OtherFocusReason
        )


def _codes(count: int) -> str:
    return f"{count:,} code" + ("" if count == 1 else "s")


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text, field.parentWidget())
    label.setBuddy(field)
    return label


def _gui_words(exc: UserFacingError) -> str:
    """The reason, without the command line's option names."""
    text = str(exc)
    return text.replace("; map it with --column code=<header>", " (a column headed Code)")
