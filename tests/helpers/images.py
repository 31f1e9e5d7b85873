"""Real images made with Pillow for the radiograph tests: a greyscale film, a colour photo, a PNG,
optionally carrying the metadata a sensor or phone writes (EXIF with a name, a PNG text chunk)."""

from __future__ import annotations

import io
from pathlib import Path

FAKE_PATIENT = "Zzyzx-Patient-Quintero"
"""A fake patient name put into EXIF (ASCII, as EXIF text is) and PNG text chunks; it must never
survive cleaning."""


def film(width: int = 64, height: int = 48, *, mode: str = "L") -> object:
    """A gradient image (greyscale by default: what a periapical sensor exports)."""
    from PIL import Image

    image = Image.new(mode, (width, height))
    pixels = [(x * 255 // max(1, width - 1)) for x in range(width)] * height
    if mode == "L":
        image.putdata(pixels)
    else:
        image.putdata([(p, 255 - p, 128) for p in pixels])
    return image


def jpeg_bytes(
    width: int = 64,
    height: int = 48,
    *,
    mode: str = "L",
    patient: str = "",
    orientation: int = 0,
) -> bytes:
    """A real JPEG; with ``patient`` an EXIF block naming them (ImageDescription, Artist, a
    date), with ``orientation`` the EXIF orientation tag (6: the sensor held turned right)."""
    from PIL import Image

    image = film(width, height, mode=mode)
    assert isinstance(image, Image.Image)
    exif = Image.Exif()
    if patient:
        exif[0x010E] = f"Patient {patient}"  # ImageDescription
        exif[0x013B] = patient  # Artist
        exif[0x0132] = "2025:03:14 09:26:53"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes() if (patient or orientation) else b"")
    return out.getvalue()


def png_bytes(
    width: int = 64, height: int = 48, *, mode: str = "L", patient: str = "", icc: bool = False
) -> bytes:
    """A real PNG; with ``patient`` a tEXt chunk and an EXIF chunk naming them, with ``icc``
    an sRGB colour profile (an iCCP chunk)."""
    from PIL import Image, PngImagePlugin

    image = film(width, height, mode=mode)
    assert isinstance(image, Image.Image)
    info = PngImagePlugin.PngInfo()
    kwargs: dict[str, object] = {}
    if patient:
        info.add_text("Comment", f"Patient {patient}")
        info.add_itxt("Author", patient)
        exif = Image.Exif()
        exif[0x013B] = patient
        kwargs["exif"] = exif.tobytes()
    if icc:
        from PIL import ImageCms

        kwargs["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, **kwargs)
    return out.getvalue()


def film_file(folder: Path, name: str, size: tuple[int, int] = (300, 200)) -> Path:
    """A film saved as ``folder / name`` (JPEG or PNG by its suffix), an image of its own: its
    top row carries the bits of the name's CRC-32, so two films of a test are never the one
    image the radiographs dialog asks about attaching again."""
    import zlib

    from PIL import Image

    path = folder / name
    image = Image.new("L", size, 90)
    mark = zlib.crc32(name.encode("utf-8"))
    for bit in range(32):  # 8 px per bit: a JPEG's blocks keep them apart
        shade = 250 if mark >> bit & 1 else 10
        for x in range(bit * 8, min(bit * 8 + 8, size[0])):
            for y in range(min(8, size[1])):
                image.putpixel((x, y), shade)
    image.save(path, "PNG" if path.suffix.lower() == ".png" else "JPEG")
    return path
