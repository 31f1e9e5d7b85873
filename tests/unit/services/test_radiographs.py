"""Reading and cleaning a radiograph file (real images made with Pillow, written to real files),
and the case service's attach / list / remove with the signed-in user's role checked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.appeal.letter import film_enclosure
from cdt_desktop.domain.cases.model import Case, Patient
from cdt_desktop.domain.cases.radiographs import (
    MAX_CAPTION,
    MAX_EDGE_PX,
    MAX_SOURCE_BYTES,
    MAX_SOURCE_PIXELS,
    MAX_STORED_BYTES,
)
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.cases import CaseService, OperatorRequiredError
from cdt_desktop.services.radiographs import (
    ImageRefusedError,
    clean_caption,
    prepare_image,
    valid_taken_on,
)
from tests.helpers.images import FAKE_PATIENT, film, jpeg_bytes, png_bytes
from tests.helpers.office import as_user
from tests.helpers.office import office as signed_in_office

FOLDER_SECRET = "Zzyzx-Folder-Of-Patient"
"""A folder name that must never show in a message (it can hold the patient's name)."""


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / FOLDER_SECRET
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# -- cleaning ------------------------------------------------------------------------------------
def test_a_sensor_jpeg_loses_the_patient_name_in_its_exif(tmp_path: Path) -> None:
    source = jpeg_bytes(patient=FAKE_PATIENT)
    assert FAKE_PATIENT.encode() in source and b"Exif" in source  # the test file really has it
    prepared = prepare_image(_file(tmp_path, "pa-19.jpg", source))
    assert prepared.media_type == "image/jpeg" and prepared.data.startswith(b"\xff\xd8\xff")
    assert FAKE_PATIENT.encode() not in prepared.data and b"Patient" not in prepared.data
    assert b"Exif" not in prepared.data and b"2025:03:14" not in prepared.data
    image = _decoded(prepared.data)
    assert image.getexif() == {} and "icc_profile" not in image.info
    assert (image.mode, image.size) == ("L", (64, 48)) == ("L", (prepared.width, prepared.height))


def test_a_png_film_keeps_png_and_loses_its_text_chunks(tmp_path: Path) -> None:
    source = png_bytes(patient=FAKE_PATIENT)
    assert FAKE_PATIENT.encode("utf-8") in source
    prepared = prepare_image(_file(tmp_path, "bitewing.png", source))
    assert prepared.media_type == "image/png" and prepared.data.startswith(b"\x89PNG")
    assert FAKE_PATIENT.encode("utf-8") not in prepared.data
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in prepared.data
    assert _decoded(prepared.data).mode == "L"


def test_a_colour_png_loses_its_colour_profile_and_text(tmp_path: Path) -> None:
    source = png_bytes(mode="RGB", patient=FAKE_PATIENT, icc=True)
    assert b"iCCP" in source
    prepared = prepare_image(_file(tmp_path, "intraoral.png", source))
    assert prepared.media_type == "image/png" and _decoded(prepared.data).mode == "RGB"
    for chunk in (b"iCCP", b"tEXt", b"iTXt", b"eXIf", FAKE_PATIENT.encode()):
        assert chunk not in prepared.data


def test_a_photo_taken_with_the_phone_turned_is_stored_upright(tmp_path: Path) -> None:
    """EXIF orientation 6: the camera was turned; the pixels are stored turned back."""
    prepared = prepare_image(_file(tmp_path, "phone.jpg", jpeg_bytes(64, 48, orientation=6)))
    assert (prepared.width, prepared.height) == (48, 64)
    assert b"Exif" not in prepared.data  # the tag is not kept to turn it a second time


def test_a_large_panoramic_is_scaled_down_to_the_stored_edge(tmp_path: Path) -> None:
    big = film(3000, 1500)
    out = io.BytesIO()
    big.save(out, "JPEG", quality=95)  # type: ignore[attr-defined]
    prepared = prepare_image(_file(tmp_path, "pano.jpg", out.getvalue()))
    assert (prepared.width, prepared.height) == (MAX_EDGE_PX, MAX_EDGE_PX // 2)
    assert len(prepared.data) <= MAX_STORED_BYTES


def test_a_large_noisy_colour_png_is_stored_as_jpeg_under_the_limit(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    noisy = Image.frombytes("RGB", (2400, 2000), rng.randbytes(2400 * 2000 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG", compress_level=1)
    assert len(out.getvalue()) > MAX_STORED_BYTES
    prepared = prepare_image(_file(tmp_path, "intraoral-photo.png", out.getvalue()))
    assert prepared.media_type == "image/jpeg" and len(prepared.data) <= MAX_STORED_BYTES


def test_a_16_bit_sensor_png_is_rescaled_not_clipped(tmp_path: Path) -> None:
    """A 12-bit sensor writes values up to 4095 in a 16-bit PNG: its brightest stays white."""
    wide = Image.new("I;16", (40, 10))
    wide.putdata([x * 4095 // 39 for x in range(40)] * 10)
    out = io.BytesIO()
    wide.save(out, "PNG")
    prepared = prepare_image(_file(tmp_path, "sensor16.png", out.getvalue()))
    image = _decoded(prepared.data)
    assert image.mode == "L"
    assert image.getpixel((0, 0)) == 0 and image.getpixel((39, 0)) == 255
    assert 100 < image.getpixel((20, 0)) < 160  # type: ignore[operator]


def test_a_transparent_png_is_laid_on_white_paper(tmp_path: Path) -> None:
    clear = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    out = io.BytesIO()
    clear.save(out, "PNG")
    image = _decoded(prepare_image(_file(tmp_path, "cutout.png", out.getvalue())).data)
    assert image.mode == "L" and image.getpixel((3, 3)) == 255


def test_a_colour_photo_keeps_its_colour_and_a_grey_scan_becomes_grey(tmp_path: Path) -> None:
    colour = prepare_image(_file(tmp_path, "photo.jpg", jpeg_bytes(mode="RGB")))
    assert _decoded(colour.data).mode == "RGB"
    grey = film(32, 32).convert("RGB")  # type: ignore[attr-defined]
    out = io.BytesIO()
    grey.save(out, "PNG")
    assert _decoded(prepare_image(_file(tmp_path, "scan.png", out.getvalue())).data).mode == "L"


def test_a_phone_mpo_jpeg_is_read_as_its_first_picture(tmp_path: Path) -> None:
    first, second = film(40, 30, mode="RGB"), film(40, 30)
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second.convert("RGB")])  # type: ignore[attr-defined]
    prepared = prepare_image(_file(tmp_path, "phone.jpg", out.getvalue()))
    assert prepared.media_type == "image/jpeg" and (prepared.width, prepared.height) == (40, 30)


# -- refusals ------------------------------------------------------------------------------------
def _refused(path: Path, fragment: str) -> str:
    with pytest.raises(ImageRefusedError) as info:
        prepare_image(path)
    message = str(info.value)
    assert isinstance(info.value, InputError)
    assert path.name in message and FOLDER_SECRET not in message and fragment in message
    return message


def test_a_file_that_was_moved_is_named(tmp_path: Path) -> None:
    _refused(tmp_path / FOLDER_SECRET / "gone.jpg", "not found")


def test_an_empty_export_is_refused(tmp_path: Path) -> None:
    _refused(_file(tmp_path, "empty.jpg", b""), "empty")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / FOLDER_SECRET / "huge.jpg"
    path.parent.mkdir()
    with path.open("wb") as handle:  # sparse: nothing to read, only its size
        handle.truncate(MAX_SOURCE_BYTES + 1)
    _refused(path, "at most 30 MB")


@pytest.mark.parametrize(
    ("situation", "name", "data"),
    [
        ("a Word document named like a film", "pa.jpg", b"PK\x03\x04 not a jpeg at all"),
        ("an iPhone HEIC photo", "IMG_0001.heic", b"\x00\x00\x00\x18ftypheic" + b"\0" * 64),
        ("a GIF", "film.gif", b"GIF89a" + b"\0" * 64),
        ("a PDF", "referral.pdf", b"%PDF-1.7\n" + b"\0" * 64),
    ],
)
def test_what_is_not_a_jpeg_or_png_is_refused(
    tmp_path: Path, situation: str, name: str, data: bytes
) -> None:
    message = _refused(_file(tmp_path, name, data), "not a JPEG or PNG")
    assert "HEIC" in message  # the message says what to do with a phone's own format


def test_a_bmp_made_with_pillow_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    film().save(out, "BMP")  # type: ignore[attr-defined]
    _refused(_file(tmp_path, "xray.bmp", out.getvalue()), "not a JPEG or PNG")


@pytest.mark.parametrize(
    ("situation", "cut"),
    [("a PNG cut off half-way through the copy", "png"), ("a JPEG cut off early", "jpeg")],
)
def test_a_damaged_file_is_refused(tmp_path: Path, situation: str, cut: str) -> None:
    data = png_bytes(200, 200, mode="RGB") if cut == "png" else jpeg_bytes(400, 300, mode="RGB")
    _refused(_file(tmp_path, f"cut.{cut}", data[: len(data) // 2]), "damaged")


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    """A tiny PNG that says it is 9000 x 9000 (81 million pixels) is refused by its header."""
    side = 9000
    assert side * side > MAX_SOURCE_PIXELS
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    assert len(out.getvalue()) < 200_000
    _refused(_file(tmp_path, "bomb.png", out.getvalue()), "million pixels")


def test_an_installation_without_pillow_says_so_instead_of_crashing(tmp_path: Path) -> None:
    """A bundle once shipped an empty stand-in for Pillow: attaching must say so, not crash."""
    import subprocess
    import sys

    from tests.helpers import REPO_ROOT

    stub = tmp_path / "stub" / "PIL"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("", encoding="utf-8")
    (stub / "Image.py").write_text("", encoding="utf-8")
    path = _file(tmp_path, "pa.jpg", jpeg_bytes())
    code = (
        f"import sys; sys.path[:0] = [{str(tmp_path / 'stub')!r}]\n"
        "from cdt_desktop.core.errors import UserFacingError\n"
        "from cdt_desktop.services.radiographs import images_supported, prepare_image\n"
        "assert not images_supported()\n"
        f"try:\n    prepare_image({str(path)!r})\n"
        "except UserFacingError as exc:\n    print(exc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO_ROOT, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr[-1500:]
    assert "pa.jpg was not attached: this installation cannot read images" in run.stdout


# -- caption and date ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Pre-op PA #19  ", "Pre-op PA #19"),
        ("Pre-op\nperiapical\t#19", "Pre-op periapical #19"),
        ("bell\x07 char", "bell char"),
        ("x" * 200, "x" * MAX_CAPTION),
        ("", ""),
    ],
)
def test_a_caption_is_kept_to_one_line(typed: str, stored: str) -> None:
    assert clean_caption(typed) == stored


@pytest.mark.parametrize("typed", ["2025-02-30", "03/14/2025", "20250314", "2025-3-4", "yesterday"])
def test_a_date_that_is_not_a_day_is_refused(typed: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        valid_taken_on(typed)


def test_a_film_cannot_be_dated_in_the_future() -> None:
    assert valid_taken_on(" 2025-03-14 ") == "2025-03-14" and valid_taken_on("") == ""
    with pytest.raises(InputError, match="future"):
        valid_taken_on("2999-01-01")


# -- the case service ----------------------------------------------------------------------------
@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseService, AuthService]]:
    with signed_in_office(tmp_path / "data") as made:
        yield made


def test_a_film_from_the_chair_is_printed_by_billing(
    office: tuple[CaseService, AuthService], tmp_path: Path
) -> None:
    service, auth = office
    chair = as_user(auth, "Maria Ruiz")
    case_id = service.create(Case(patient=Patient(name="Zoë")), operator=chair, incomplete=True)
    path = _file(tmp_path, "pa-19.jpg", jpeg_bytes(patient=FAKE_PATIENT))
    attached = service.attach_radiograph(
        case_id, path, caption="Pre-op\nPA #19", taken_on="2025-03-14", operator=chair
    )
    assert (attached.caption, attached.taken_on, attached.added_by) == (
        "Pre-op PA #19", "2025-03-14", chair,
    )  # fmt: skip
    as_user(auth, "Bea Billing")
    (printed,) = service.radiographs(case_id)
    assert printed == attached and FAKE_PATIENT.encode() not in printed.data
    assert film_enclosure(printed) == "Pre-op PA #19, taken March 14, 2025 (image enclosed)"
    # billing attaches the film the payer asked for, and takes a wrong one off again
    extra = service.attach_radiograph(case_id, path, caption="Bitewing", taken_on="", operator="BB")
    service.remove_radiograph(case_id, extra.id, operator="BB")
    dentist = as_user(auth, "Dr Diaz")
    service.remove_radiograph(case_id, printed.id, operator=dentist)
    assert service.radiographs(case_id) == []


def test_nothing_is_read_or_stored_without_initials_or_with_a_bad_date(
    office: tuple[CaseService, AuthService], tmp_path: Path
) -> None:
    service, auth = office
    chair = as_user(auth, "Maria Ruiz")
    case_id = service.create(Case(patient=Patient(name="Zoë")), operator=chair, incomplete=True)
    path = _file(tmp_path, "pa.jpg", jpeg_bytes())
    with pytest.raises(OperatorRequiredError):
        service.attach_radiograph(case_id, path, caption="", taken_on="", operator=" ")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        service.attach_radiograph(case_id, path, caption="", taken_on="14/03/2025", operator=chair)
    with pytest.raises(ImageRefusedError, match="not found"):
        service.attach_radiograph(case_id, path.with_name("x.jpg"), caption="", taken_on="",
                                  operator=chair)  # fmt: skip
    assert service.radiographs(case_id) == []


@pytest.mark.parametrize(
    ("ink", "paper"),
    [((255, 255, 255), 0), ((230, 230, 230), 0), ((0, 0, 0), 255), ((40, 40, 40), 255)],
    ids=["white film", "light film", "black drawing", "dark film"],
)
def test_a_transparent_png_is_laid_on_paper_it_shows_on(
    tmp_path: Path, ink: tuple[int, int, int], paper: int
) -> None:
    """tour10: a film cut out of its background (white on transparent) was laid on white paper
    and printed as a blank page; the light one now lies on black, a dark one still on white."""
    from PIL import ImageDraw

    cutout = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    ImageDraw.Draw(cutout).ellipse((8, 8, 32, 32), fill=(*ink, 255))
    out = io.BytesIO()
    cutout.save(out, "PNG")
    image = _decoded(prepare_image(_file(tmp_path, "cutout.png", out.getvalue())).data)
    assert image.mode == "L"
    assert image.getpixel((1, 1)) == paper  # the background
    assert abs(image.getpixel((20, 20)) - paper) > 150  # type: ignore[operator] # the film shows
