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
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.common.focus_frame import show_focus
from cdt_desktop.ui.common.folders import Location, start_folder
from cdt_desktop.ui.common.metrics import follow_window_targets, size_target

if TYPE_CHECKING:
    from cdt_desktop.domain.coding.editions import CaseFlag
    from cdt_desktop.services.codeset_import import CodeSetImport

MAX_SHOWN_REJECTIONS = 50
SAVE_HINT = "\nNothing is saved until you choose Import."
FILE_FILTER = "CDT data files (*.txt *.tsv *.csv *.xlsx);;All files (*)"
INTRO = (
    "Import the CDT file your practice received with its ADA licence (tab-delimited, CSV or "
    "Excel). Its descriptors then show beside our guidance, and open cases whose code the new "
    "edition deleted or revised are marked in the Cases list. "
)
WHERE_LOCAL = "The code set is kept on this computer, with its cases."
WHERE_SHARED = (
    "The code set is kept on {where}, with the office's cases: import it once and every "
    "workstation shows it."
)


class _Report(Protocol):
    """What the dialog reads of the previewed import (``db.cdt_file.ImportReport``)."""

    @property
    def edition(self) -> str: ...

    @property
    def accepted(self) -> Sized: ...


class CodeSetDialog(QDialog):
    """Choose the file and its CDT year, read the preview, then import; ``imported`` holds the
    edition once saved."""

    def __init__(self, target: CodeSetImport | Path, parent: QWidget | None = None) -> None:
        """``target``: where the import goes (a data folder: this PC's own file)."""
        super().__init__(parent)
        self.setObjectName("codesetDialog")
        self.setWindowTitle("Import licensed CDT file")
        self.setAccessibleName("Import licensed CDT file")
        if isinstance(target, Path):
            from cdt_desktop.services.codeset_import import CodeSetImport

            target = CodeSetImport(target)
        self.target = target
        self._ready = False  # a previewed file holds codes to import
        self._previewed: _Report | None = None  # what the preview showed: what Import saves
        self._read_path = ""  # the file the preview was read from
        self._guessed = ""  # the year the last file's name gave (replaced by the next file's)
        self._replacing: tuple[str, ...] = ()  # what Import does to the edition it replaces
        self._loses = False  # ... and whether codes or text would be lost: Import asks first
        self._partial = ""  # the new edition drops many codes (a partial file?): Import asks
        self.imported: str | None = None
        self.uploaded: list[str] = []  # this PC's editions copied to the office server
        where = WHERE_SHARED.format(where=target.where) if target.shared else WHERE_LOCAL
        intro = QLabel(INTRO + where, self)
        intro.setObjectName("codesetWhere")
        try:
            shown_now = target.shown()
        except UserFacingError:  # a damaged file of this PC's, or the server gone meanwhile
            shown_now = ""
        self.shown_label = QLabel(shown_now, self)
        self.shown_label.setObjectName("codesetShown")
        self.shown_label.setWordWrap(True)
        self.shown_label.setVisible(bool(shown_now))
        intro.setWordWrap(True)
        grid = self._file_grid()
        self.preview_text = show_focus(QPlainTextEdit(self))
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
        # Enter in the File or year field reads it: Close was the default button, so a typed
        # path and Enter closed the dialog before its preview showed (walked on the window)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        close.setDefault(False)
        size_target(self.import_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.shown_label)
        self._add_upload(layout)
        layout.addLayout(grid)
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        follow_window_targets(self)

    def _file_grid(self) -> QGridLayout:
        """The file (typed or chosen) and its CDT year, with their labels."""
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
        for widget in (self.file_field, choose, self.edition_field):
            size_target(widget)
        grid = QGridLayout()
        grid.addWidget(_buddy("&File:", self.file_field), 0, 0)
        grid.addWidget(self.file_field, 0, 1)
        grid.addWidget(choose, 0, 2)
        grid.addWidget(_buddy("CDT &year:", self.edition_field), 1, 0)
        grid.addWidget(self.edition_field, 1, 1)
        return grid

    # -- this PC's own code set on a shared store ------------------------------------------
    def _add_upload(self, layout: QVBoxLayout) -> None:
        """On a shared store: this PC's own editions the server lacks, with a button that
        uploads them (the server's code set is the one every workstation shows)."""
        self.upload_label: QLabel | None = None
        self.upload_button: QPushButton | None = None
        try:
            mine = self.target.local_only()
        except UserFacingError:  # this PC's file damaged, or the server gone: nothing to offer
            return
        if not mine:
            return
        editions = ", ".join(f"CDT {e} ({_codes(n)})" for e, n in mine)
        label = QLabel(
            f"This PC has its own code set that {self.target.where} does not hold: {editions}. "
            "Upload it to keep it and share it with every workstation.",
            self,
        )
        label.setObjectName("codesetLocalOnly")
        label.setWordWrap(True)
        button = QPushButton("&Upload this PC's code set", self)
        button.setObjectName("codesetUpload")
        button.setAutoDefault(False)
        button.clicked.connect(self.upload)
        size_target(button)
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(button)
        layout.addLayout(row)
        self.upload_label, self.upload_button = label, button

    def _show_current(self) -> None:
        """The line saying which code set the windows show, after an import or upload."""
        try:
            self.shown_label.setText(self.target.shown())
        except UserFacingError:
            return
        self.shown_label.setVisible(True)

    def upload(self) -> None:
        """Copy this PC's editions the server lacks to it; the dialog says what it did."""
        if self.upload_label is None or self.upload_button is None:
            return
        try:
            copied = self.target.upload_local()
        except UserFacingError as exc:
            self.upload_label.setText(f"Not uploaded: {_gui_words(exc)}")
            return
        self.uploaded = copied
        self.upload_button.setEnabled(False)
        self._show_current()
        shown = ", ".join(f"CDT {e}" for e in copied) or "nothing new"
        self.upload_label.setText(f"Uploaded to {self.target.where}: {shown}.")

    # -- the file -------------------------------------------------------------------------------
    def _choose(self) -> None:
        start = self.file_field.text().strip() or start_folder(
            Location.DownloadLocation, Location.DocumentsLocation
        )
        chosen, _filter = file_dialogs.open_file_name(self, "Licensed CDT file", start, FILE_FILTER)
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
        # the year follows each file chosen, unless the manager typed one: it stayed 2026 for
        # a CDT2028 file chosen next, and Import would have replaced CDT 2026 with it
        if self.edition_field.text().strip() in ("", self._guessed):
            self._guessed = guess_edition(path.name)
            self.edition_field.setText(self._guessed)
        self.preview()

    # -- preview and import -----------------------------------------------------------------
    def preview(self) -> None:
        """Read the file (nothing saved) and show what it holds and what it would change."""
        from cdt_desktop.domain.coding.editions import no_case_flagged
        from cdt_desktop.services.cdt_editions import read_codeset

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
        self._replacing, self._loses, self._partial = (), False, ""
        flags: tuple[CaseFlag, ...] = ()
        try:
            report = read_codeset(Path(path_text), edition)
            changes = self.target.preview(report) if report.accepted else None
            if changes is not None:
                self._replacing, self._loses = self.target.replacing(report)
                flags = self.target.flagged(changes)
                self._partial = changes.partial_file
        except UserFacingError as exc:
            self.preview_text.setPlainText(f"This file cannot be imported: {_gui_words(exc)}")
            return
        lines = [report.summary() + "."]
        shown = report.rejected[:MAX_SHOWN_REJECTIONS]
        lines += [f"  Rejected {problem}" for problem in shown]
        if len(report.rejected) > len(shown):
            lines.append(f"  … and {len(report.rejected) - len(shown):,} more rejected rows")
        lines += [f"  Note: {note}" for note in report.notes[:MAX_SHOWN_REJECTIONS]]
        if changes is None:
            lines.append("\nNothing to import: no row holds a CDT code.")
        else:
            if self._replacing:  # said first: Import would take something away
                lines += ["", *self._replacing]
            lines.append("")
            lines.append(changes.to_text().rstrip())
            if flags:  # the open cases import-cdt lists ("the dialog shows the same report")
                lines.append("  Open cases whose code changed:")
                lines += [f"    {flag.case_words}: {flag.text}" for flag in flags]
            elif said := no_case_flagged(changes):  # the cases were looked at: say so
                lines.append(f"  {said}")
            lines.append(SAVE_HINT)
            self._ready = True
            self._previewed = report
            self.import_button.setEnabled(True)
        self.preview_text.setPlainText("\n".join(lines))

    def save(self) -> None:
        """Save the previewed code set; the dialog then says what it did."""
        if not self._ready or self._previewed is None:
            return
        path = Path(self.file_field.text().strip())
        report = self._previewed  # what the manager read, even if the file changed since
        if self._loses and not msgbox.ask_yes_no(
            self,
            f"Replace CDT {report.edition}?",
            "\n\n".join([*self._replacing, f"Replace CDT {report.edition} with this file?"]),
        ):
            return
        if self._partial and not msgbox.ask_yes_no(
            self, f"Import CDT {report.edition}?", f"{self._partial}\n\nImport this file anyway?"
        ):
            return
        try:
            self.target.save(report, path.name)  # type: ignore[arg-type]
        except UserFacingError as exc:
            self.preview_text.setPlainText(
                f"Not imported: {_gui_words(exc)}. The code sets were left as they were."
            )
            self.import_button.setEnabled(False)
            return
        self.imported = report.edition
        self.import_button.setEnabled(False)
        self._show_current()
        shown = self.preview_text.toPlainText().replace(SAVE_HINT, "").rstrip()
        where = f" on {self.target.where}" if self.target.shared is not None else ""
        self.preview_text.setPlainText(
            f"Saved as the CDT {report.edition} code set{where} "
            f"({_codes(len(report.accepted))}).\n\n{shown}"
        )
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(True)  # imported: Enter on it closes; in a field, Enter reads it
        close.setFocus(Qt.FocusReason.OtherFocusReason)


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
