"""Reading a radiograph image file for a case: what the chair attaches and billing prints.

:func:`prepare_image` turns a file from a sensor's export folder or a phone photo of a film into
what the case store keeps (``domain/cases/radiographs.py``): a real JPEG or PNG, turned upright
(EXIF orientation), with every piece of metadata dropped (EXIF can hold the patient's name, the
date and the device; PNG text chunks, ICC profiles and XMP go too), scaled down to
``MAX_EDGE_PX`` on its longest edge and stored as JPEG (quality 90), or as PNG when the source is
a PNG that stays small. Each refusal is an :class:`ImageRefusedError` naming the file (its name,
never its folder) and what to do. Pillow is imported here, lazily: only attaching pays for it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cdt_desktop.core.errors import InputError, UserFacingError

# The limits (domain/cases/radiographs.py, a dataclass module) and Pillow are imported when a
# file is attached: CaseService imports this module at start-up.
if TYPE_CHECKING:
    from PIL import Image

    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.cases.radiographs import Radiograph

JPEG_QUALITY = 90
_FALLBACK_QUALITIES = (80, 70, 60)
"""Tried in turn when a large colour photo at quality 90 is over ``MAX_STORED_BYTES``."""
_FORMATS = ("JPEG", "PNG")
"""What Pillow may identify the file as (a phone's JPEG with a second picture inside opens as
JPEG and reads as "MPO": its first picture is the photo)."""


class ImageRefusedError(InputError):
    """A file that cannot be attached as a radiograph; the message names it and says why."""


class PreparedImage(NamedTuple):
    """A cleaned image ready for ``CaseRepository.add_radiograph``."""

    media_type: str
    data: bytes
    width: int
    height: int


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


def _read(path: Path) -> bytes:
    """The file's bytes, refusing a missing, empty or too large file before reading it."""
    from cdt_desktop.domain.cases import radiographs as limits

    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImageRefusedError(f"{name} is a folder, not an image file.")
        if size > limits.MAX_SOURCE_BYTES:
            raise ImageRefusedError(
                f"{name} is {_mb(size)}; a radiograph file may be at most "
                f"{_mb(limits.MAX_SOURCE_BYTES)}. Export it from the imaging software as a "
                "JPEG."
            )
        from cdt_desktop.core import open_stores

        if open_stores.is_open(path):  # reading it would drop the store's locks
            raise ImageRefusedError(f"{name} {open_stores.REFUSED}.")
        with path.open("rb") as handle:
            data = handle.read(limits.MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise ImageRefusedError(f"{name} was not found; it may have been moved.") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ImageRefusedError(f"{name} could not be read ({reason}).") from None
    if not data:
        raise ImageRefusedError(f"{name} is empty (0 bytes); export the image again.")
    if len(data) > limits.MAX_SOURCE_BYTES:
        raise ImageRefusedError(
            f"{name} grew past {_mb(limits.MAX_SOURCE_BYTES)} while it was read."
        )
    return data


def _open(data: bytes, name: str) -> Image.Image:
    """The image, checked whole (``verify``) and reopened, its size checked before decoding."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    not_image = ImageRefusedError(
        f"{name} is not a JPEG or PNG image. Save or export it as JPEG or PNG (HEIC, TIFF, "
        "DICOM and PDF files are not attached as they are) and attach that file."
    )
    damaged = ImageRefusedError(f"{name} is damaged or incomplete; export the image again.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=_FORMATS) as probe:
                _check_pixels(probe, name)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=_FORMATS)
        except ImageRefusedError:
            raise
        except UnidentifiedImageError:
            raise not_image from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many(name) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise damaged from None
    return image


def _too_many(name: str) -> ImageRefusedError:
    from cdt_desktop.domain.cases import radiographs as limits

    millions = limits.MAX_SOURCE_PIXELS // 1_000_000
    return ImageRefusedError(
        f"{name} has more than {millions} million pixels, more than any radiograph; export it "
        "at a smaller size."
    )


def _check_pixels(image: Image.Image, name: str) -> None:
    from cdt_desktop.domain.cases import radiographs as limits

    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRefusedError(f"{name} has no pixels; export the image again.")
    if width * height > limits.MAX_SOURCE_PIXELS:
        raise _too_many(name)


def _decode(image: Image.Image, name: str) -> Image.Image:
    """Decode (a large JPEG at a reduced scale: its DCT draft), turn it upright, flatten it
    onto white, scale it down; the result has an empty ``info`` (no metadata)."""
    import warnings

    from PIL import Image, ImageOps

    from cdt_desktop.domain.cases import radiographs as limits

    edge = max(image.size)
    if image.format in ("JPEG", "MPO") and edge > limits.MAX_EDGE_PX:
        scale = limits.MAX_EDGE_PX / edge
        image.draft(image.mode, (int(image.width * scale) + 1, int(image.height * scale) + 1))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefusedError(
            f"{name} is damaged or incomplete; export the image again."
        ) from None
    factor = max(upright.size) // limits.MAX_EDGE_PX
    if factor > 1:  # a PNG decodes whole: shrink by a whole factor before any full-size copy
        upright = upright.reduce(factor)
    flat = _flatten(upright)
    if max(flat.size) > limits.MAX_EDGE_PX:
        flat.thumbnail(
            (limits.MAX_EDGE_PX, limits.MAX_EDGE_PX), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
    flat.info = {}
    return flat


def _flatten(image: Image.Image) -> Image.Image:
    """8-bit greyscale or RGB: a 16-bit sensor film rescaled to its own brightest value (not
    clipped), transparency laid on paper it shows on (:func:`_paper`), a colour scan of a grey
    film made grey."""
    from PIL import Image, ImageChops

    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        wide = image.convert("F") if image.mode == "F" else image.convert("I")
        extrema = wide.getextrema()
        high = float(extrema[1]) if isinstance(extrema[1], int | float) else 255.0
        scale = 255.0 / high if high > 255 else 1.0
        return wide.point(lambda v: v * scale).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, _paper(rgba))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("1", "L"):
        return image.convert("L")
    rgb = image.convert("RGB")
    red, green, blue = rgb.split()
    same = ImageChops.difference(red, green).getbbox() is None
    if same and ImageChops.difference(green, blue).getbbox() is None:
        return red
    return rgb


def _paper(rgba: Image.Image) -> tuple[int, int, int, int]:
    """White paper under a transparent image, but black under one whose visible part is light
    (a film cut out of its background, white on transparent: on white it printed as a blank
    page, tour10); radiographs are read on black."""
    from PIL import ImageStat

    alpha = rgba.getchannel("A")
    seen = alpha.point(lambda a: 255 if a >= 128 else 0)
    stat = ImageStat.Stat(rgba.convert("L"), mask=seen)
    light = bool(stat.count[0]) and stat.mean[0] >= 128
    return (0, 0, 0, 255) if light else (255, 255, 255, 255)


def _encode(image: Image.Image, as_png: bool, name: str) -> tuple[str, bytes]:
    """PNG when the source was a PNG and it fits, else JPEG, never with metadata."""
    from cdt_desktop.domain.cases import radiographs as limits

    if as_png:
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False, compress_level=6)
        if out.tell() <= limits.MAX_STORED_BYTES:
            return "image/png", out.getvalue()
    for quality in (JPEG_QUALITY, *_FALLBACK_QUALITIES):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, optimize=True, exif=b"", icc_profile=None)
        if out.tell() <= limits.MAX_STORED_BYTES:
            return "image/jpeg", out.getvalue()
    raise ImageRefusedError(
        f"{name} is still over {_mb(limits.MAX_STORED_BYTES)} after scaling down; export it as "
        "a smaller JPEG."
    )


def images_supported() -> bool:
    """Whether this installation can read images (Pillow itself, not an empty stand-in such
    as a bundle once carried); the window may grey out "Attach" when it cannot."""
    try:
        from PIL import Image
    except ImportError:
        return False
    return hasattr(Image, "open")


def prepare_image(path: Path | str) -> PreparedImage:
    """The file at ``path`` made ready to store: a real JPEG or PNG, upright, without metadata,
    at most ``MAX_EDGE_PX`` on a side and ``MAX_STORED_BYTES`` long. ImageRefusedError (an
    InputError) names the file and the reason: not found, empty, too large, too many pixels,
    not a JPEG or PNG, damaged."""
    path = Path(path)
    name = path.name or str(path)
    if not images_supported():
        raise UserFacingError(
            f"{name} was not attached: this installation cannot read images (its image library "
            "is left out). Attach it on a workstation with the full installation."
        )
    data = _read(path)
    with _open(data, name) as image:
        was_png = image.format == "PNG"
        clean = _decode(image, name)
    media_type, stored = _encode(clean, was_png, name)
    return PreparedImage(media_type, stored, clean.width, clean.height)


def clean_caption(text: str) -> str:
    """The caption as one line: line breaks and tabs become spaces, control characters go,
    runs of spaces shrink to one, cut to ``MAX_CAPTION`` characters."""
    from cdt_desktop.domain.cases import radiographs as limits

    printable = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    return " ".join(printable.split())[: limits.MAX_CAPTION].rstrip()


def valid_taken_on(text: str) -> str:
    """The date the film was taken as YYYY-MM-DD, or "" when not given; InputError for a date
    that is not a real day (2025-02-30, 03/14/2025) or lies in the future."""
    from datetime import date, timedelta

    from cdt_desktop.domain.cases.field_rules import parse_case_date

    value = str(text or "").strip()
    if not value:
        return ""
    day = parse_case_date(value)
    if day is None or day.isoformat() != value:
        raise InputError(
            "The date the radiograph was taken must be a real date written YYYY-MM-DD "
            "(for example 2025-03-14), or left empty."
        )
    if day > date.today() + timedelta(days=1):  # a day's grace for time zones
        raise InputError("The date the radiograph was taken cannot be in the future.")
    return value


class RadiographUseCases:
    """The radiograph use cases of ``CaseService`` (mixed in: it supplies ``repository``,
    ``_operator`` and ``_require``), here beside the image cleaning they start with."""

    if TYPE_CHECKING:
        repository: CaseRepository

        def _operator(self, operator: str) -> str: ...

        def _require(self, *permissions: str) -> None: ...

    def attach_radiograph(
        self, case_id: int, path: Path | str, *, caption: str, taken_on: str, operator: str
    ) -> Radiograph:
        """Attach the image file at ``path`` to the case: cleaned (upright, no metadata, scaled
        down) before it is stored. The chair attaches the films it took (EDIT_CLINICAL) and
        billing the ones a payer asks for, exported from the imaging software (EDIT_CLAIM: the
        films are the appeal's enclosures); the caption is cut to one line."""
        self._operator(operator)
        self._require("edit-clinical", "edit-claim")
        valid_taken_on(taken_on)  # a bad date is refused before the file is decoded
        image = prepare_image(path)
        return self.attach_prepared(
            case_id, image, caption=caption, taken_on=taken_on, operator=operator
        )

    def prepare_radiograph(self, path: Path | str) -> PreparedImage:
        """The file checked and cleaned before anything is asked or stored: the window reads
        the file first, so a file that is not a film is refused before its caption is typed."""
        self._require("edit-clinical", "edit-claim")
        return prepare_image(path)

    def attach_prepared(
        self, case_id: int, image: PreparedImage, *, caption: str, taken_on: str, operator: str
    ) -> Radiograph:
        """Store an image :meth:`prepare_radiograph` made ready, with its caption and date."""
        op = self._operator(operator)
        self._require("edit-clinical", "edit-claim")
        day = valid_taken_on(taken_on)
        return self.repository.add_radiograph(
            case_id, caption=clean_caption(caption), taken_on=day, media_type=image.media_type,
            data=image.data, width=image.width, height=image.height, operator=op,
        )  # fmt: skip

    def other_cases_with(self, case_id: int, sha256: str) -> list[tuple[int, str]]:
        """(case id, patient name) of the other cases holding the image of this digest (of
        its stored bytes), at most three: a film of one patient attached to another's case was
        taken without a word (walkthrough)."""
        self._require("view-cases")
        others = [i for i in self.repository.cases_with_image(sha256) if i != int(case_id)][:3]
        return [(i, self.repository.get_case(i).case.patient.name.strip()) for i in others]

    def radiographs(self, case_id: int) -> list[Radiograph]:
        """The case's images, oldest first (anyone who may open the case may print them)."""
        self._require("view-cases")
        return self.repository.radiographs(case_id)

    def film_dates(self, case_id: int) -> list[tuple[str, str]]:
        """(caption, date taken) of the case's images, oldest first, read without their bytes:
        what the checklist and "Mark as submitted" need to count a dated film as recorded."""
        self._require("view-cases")
        films = self.repository.radiographs(case_id, with_data=False)
        return [(film.caption, film.taken_on) for film in films]

    def remove_radiograph(self, case_id: int, radiograph_id: int, *, operator: str) -> None:
        """Detach one image (audited); the same permissions as attaching."""
        op = self._operator(operator)
        self._require("edit-clinical", "edit-claim")
        self.repository.remove_radiograph(case_id, radiograph_id, operator=op)
