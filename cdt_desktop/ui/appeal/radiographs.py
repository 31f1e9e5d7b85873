"""The appeal letter's radiographs: the films attached to the case, added and removed here, and
printed as enclosure pages after the letter (``report.appeal_pdf``).

Why here: billing writes the appeal at the front desk weeks after the visit, and the reviewer
decides on the films; attaching them where the letter is written keeps the letter and its
enclosures in one place. Each film is saved in the case store at once (the chair's PC and the
front desk's see the same films), with an audit row. Reading the file, checking it is a real JPEG
or PNG and removing its metadata is the case service's (Pillow), never the window's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.appeal.letter import film_enclosure
from cdt_desktop.domain.cases.radiographs import MAX_PER_CASE, Radiograph
from cdt_desktop.ui.appeal.attach_dialog import AttachDialog
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.common.folders import Location, last_folder, remember_folder

if TYPE_CHECKING:
    from cdt_desktop.services.radiographs import PreparedImage
from cdt_desktop.ui.common.metrics import size_target

__all__ = ["AttachDialog", "RadiographSource", "RadiographsBox"]

THUMB_PX = 72
FILE_FILTER = "Radiographs (*.jpg *.jpeg *.png);;All files (*)"
LEFT_OUT = "- not enclosed with this request (taken after treatment)"

NO_FILMS = "No radiographs are attached to this case yet."

HINT = (
    "JPEG or PNG films print as enclosure pages after the letter. Names, dates and other "
    "details stored inside the file are removed when it is attached."
)


class RadiographSource(Protocol):
    """What the box needs of the case service."""

    def radiographs(self, case_id: int) -> list[Radiograph]: ...

    def prepare_radiograph(self, path: Path) -> PreparedImage: ...

    def attach_prepared(
        self, case_id: int, image: PreparedImage, *, caption: str, taken_on: str, operator: str
    ) -> Radiograph: ...

    def remove_radiograph(self, case_id: int, radiograph_id: int, *, operator: str) -> None: ...

    def other_cases_with(self, case_id: int, sha256: str) -> list[tuple[int, str]]: ...

    @property
    def read_only(self) -> bool: ...

    def require(self, *permissions: str) -> None: ...


class RadiographsBox(QWidget):
    """The case's films as thumbnails with Attach and Remove; ``changed`` after either."""

    changed = Signal()

    def __init__(
        self,
        source: RadiographSource | None,
        case_id: int | None,
        *,
        operator: str,
        default_caption: str = "Radiograph",
        left_out: Callable[[Radiograph], bool] | None = None,
        recorded_dates: Mapping[str, str] | None = None,
        check_film: Callable[[str, str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``left_out``: the films the letter does not enclose (a request before treatment:
        the post-op ones), listed with the reason so nobody looks for them behind it.
        ``recorded_dates``: the films' dates the case records by kind, proposed on attach.
        ``check_film``: what to say of a film just attached, by its caption and date taken ("" nothing)."""
        super().__init__(parent)
        self._check_film = check_film
        self._recorded_dates = dict(recorded_dates or {})
        self._left_out = left_out
        self.setObjectName("radiographsBox")
        self._source, self._case_id, self._operator = source, case_id, operator
        self._default_caption = default_caption
        self._films: list[Radiograph] = []
        self._may_change = False
        self.list = QListWidget(self)
        self.list.setObjectName("radiographList")
        self.list.setAccessibleName("Attached radiographs")
        self.list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.list.setMaximumHeight(THUMB_PX * 2 + 16)
        self.list.setWordWrap(True)  # a long caption wraps beside its thumbnail
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # An empty list is a blank box and a Tab stop with nothing in it: in its place, a box
        # drawn as the list is that says so
        self.empty = QLabel(NO_FILMS, self)
        self.empty.setObjectName("radiographsEmptyState")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty.setFrameShadow(QFrame.Shadow.Sunken)
        self.empty.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty.setAutoFillBackground(True)
        self.empty.setMinimumHeight(THUMB_PX + 16)
        self.empty.setMaximumHeight(self.list.maximumHeight())
        self.empty.setSizePolicy(self.list.sizePolicy())
        self.attach_button = QPushButton("&Attach radiograph…", self)
        self.attach_button.setObjectName("attachRadiographButton")
        self.attach_button.setAccessibleName("Attach radiograph")
        self.attach_button.clicked.connect(self.choose_and_attach)
        self.remove_button = QPushButton("Re&move", self)  # Alt+M (Alt+R: the claim remark)
        self.remove_button.setObjectName("removeRadiographButton")
        self.remove_button.setAccessibleName("Remove the selected radiograph")
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.attach_button, self.remove_button):
            size_target(button)
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        # Delete on the selected film: the Remove button's question, then removed (tour9)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self.remove_button.isEnabled() and self.remove_selected())
        self.reload()

    def films(self) -> list[Radiograph]:
        return list(self._films)

    def reload(self) -> bool:
        """Read the case's films from the store again; False when they cannot be read now.

        The films shown before are then kept and the hint says why: a store that cannot be
        reached is no film removed (Save as PDF with the server down sent the letter without
        its films, its enclosure list still naming them)."""
        readable = True
        if self._source is not None and self._case_id is not None:
            try:
                self._films = self._source.radiographs(self._case_id)
                self.hint.setText(HINT)
            except UserFacingError as exc:
                self.hint.setText(f"Radiographs cannot be read now: {exc}")
                readable = False
        else:
            self._films = []
        self.list.clear()
        for film in self._films:
            left_out = self._left_out is not None and self._left_out(film)
            text = film_enclosure(film, enclosed=not left_out)  # as the letter
            if left_out:
                text += f" {LEFT_OUT}"
            item = QListWidgetItem(_thumbnail(film), text)
            item.setToolTip(f"{film.width} × {film.height} px, added by {film.added_by}")
            item.setData(Qt.ItemDataRole.UserRole, film.id)
            self.list.addItem(item)
        self.list.setHidden(not self._films)
        self.empty.setHidden(bool(self._films))
        if self._case_id is None:
            self.hint.setText("Save the case to attach its radiographs.")
        self._may_change = readable and self._changes_allowed()
        self._update_buttons()
        return readable

    def _changes_allowed(self) -> bool:
        """Whether Attach and Remove can work here; if not, the hint says why (before the
        file chooser and the image work, not after)."""
        source = self._source
        if source is None or self._case_id is None:
            return False
        if source.read_only:
            self.hint.setText("This case store is open read-only: films cannot be attached.")
            return False
        try:
            source.require("edit-clinical", "edit-claim")
        except UserFacingError as exc:
            self.hint.setText(str(exc))
            return False
        return True

    def _update_buttons(self) -> None:
        usable = self._may_change
        self.attach_button.setEnabled(usable and len(self._films) < MAX_PER_CASE)
        self.remove_button.setEnabled(usable and self.list.currentRow() >= 0)

    # -- attach and remove ----------------------------------------------------------------------
    def choose_and_attach(self) -> None:
        # films exported from the imaging software: Pictures, else Downloads, else Documents
        start = last_folder(
            "films", self, Location.PicturesLocation, Location.DownloadLocation,
            Location.DocumentsLocation,
        )  # fmt: skip
        chosen, _filter = file_dialogs.open_file_name(self, "Attach radiograph", start, FILE_FILTER)
        if not chosen:
            return
        remember_folder("films", chosen, self)  # the next film is likely in the same export folder
        image = self._prepare(Path(chosen))  # the file is checked before its caption is asked
        if image is None:
            return
        from cdt_desktop.domain.appeal.films import film_kind_named

        name = Path(chosen).name  # "postop_19.jpg" is the post-op film, whatever is attached
        proposed = film_kind_named(name) or self._next_kind()
        details = AttachDialog(
            name, self._default_caption, self, proposed=proposed, dates=self._recorded_dates
        )
        if details.exec() == QDialog.DialogCode.Accepted:
            self._attach(image, details.caption(), details.taken_on())

    def _next_kind(self) -> str:
        """The film the case lacks first: the pre-op film, then the post-op film, then another."""
        from cdt_desktop.domain.appeal.films import film_kind

        kinds = {film_kind(film.caption) for film in self._films}
        return next((kind for kind in ("preop", "postop") if kind not in kinds), "other")

    def attach_file(self, path: Path, caption: str, taken_on: str) -> bool:
        """Attach ``path`` to the case; False (and the reason shown) when it was refused."""
        image = self._prepare(path)
        return image is not None and self._attach(image, caption, taken_on)

    def _prepare(self, path: Path) -> PreparedImage | None:
        """The file read and cleaned, or None after showing why it was refused (or after No
        to attaching an image the case has already)."""
        if self._source is None or self._case_id is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a phone photo: ~0.5 s
        try:
            image = self._source.prepare_radiograph(path)
        except UserFacingError as exc:
            image, error = None, str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        if image is None:
            msgbox.show_error(self, "Radiograph not attached", error)
            return None
        return image if self._not_attached_yet(image) else None

    def _not_attached_yet(self, image: PreparedImage) -> bool:
        """True, or the answer to attaching again an image the case has already (cleaned
        alike, the same file gives the same stored bytes)."""
        import hashlib

        from cdt_desktop.domain.appeal.letter import same_image_question
        from cdt_desktop.domain.cases.radiographs import other_case_image_question, same_image

        digest = hashlib.sha256(image.data).hexdigest()  # as the store keeps it
        twin = same_image(self._films, digest)
        if twin is not None:
            return msgbox.ask_yes_no(self, "Image attached already", same_image_question(twin))
        others = self._other_cases_with(digest)
        return not others or msgbox.ask_yes_no(
            self, "Image of another case", other_case_image_question(others)
        )

    def _other_cases_with(self, sha256: str) -> list[tuple[int, str]]:
        """The other cases holding the image of this digest; none when the store cannot say
        now (the attach itself then says what is wrong)."""
        if self._source is None or self._case_id is None:
            return []
        try:
            return self._source.other_cases_with(self._case_id, sha256)
        except UserFacingError:
            return []

    def _attach(self, image: PreparedImage, caption: str, taken_on: str) -> bool:
        if self._source is None or self._case_id is None:
            return False
        try:
            self._source.attach_prepared(
                self._case_id, image, caption=caption, taken_on=taken_on, operator=self._operator
            )
        except UserFacingError as exc:
            msgbox.show_error(self, "Radiograph not attached", str(exc))
            return False
        self.reload()
        self.list.setCurrentRow(self.list.count() - 1)
        self.changed.emit()
        if self._check_film is not None and (said := self._check_film(caption, taken_on)):
            msgbox.show_warning(self, "Check the film", said)  # attached: Remove takes it off
        return True

    def remove_selected(self) -> bool:
        """Detach the selected film after a confirmation; True when it was removed."""
        item = self.list.currentItem()
        if item is None or self._source is None or self._case_id is None:
            return False
        film_id = int(item.data(Qt.ItemDataRole.UserRole))
        film = next((f for f in self._films if f.id == film_id), None)
        from cdt_desktop.domain.appeal.letter import film_enclosure

        # the film's name and date, not the list's "(image enclosed)" (verification walk)
        named = film_enclosure(film, enclosed=False) if film is not None else item.text()
        if not msgbox.ask_yes_no(
            self,
            "Remove radiograph",
            f"Remove “{named}” from this case? It is no longer enclosed with the letter.",
        ):
            return False
        try:
            self._source.remove_radiograph(self._case_id, film_id, operator=self._operator)
        except UserFacingError as exc:
            msgbox.show_error(self, "Radiograph not removed", str(exc))
            return False
        self.reload()
        self.changed.emit()
        return True


def _thumbnail(film: Radiograph) -> QIcon:
    pixmap = QPixmap()
    if not pixmap.loadFromData(film.data):
        return QIcon()
    return QIcon(
        pixmap.scaled(
            THUMB_PX,
            THUMB_PX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )
