"""Radiographs attached to the case print as enclosure pages after the letter: one film a page,
as large as the page allows, numbered, captioned and dated, under the claim's header.

The films are made here with Pillow (a grey gradient with a bright "crown" block), never read
from disk; pypdf reads the result back: page count, text, and each page's image XObject size.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date, datetime

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import AppealLetter
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.radiographs import Radiograph
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
from tests.helpers import FIXTURES

STAMP = datetime(2026, 11, 23, 9, 30, 0)


def _letter() -> AppealLetter:
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    return compose_appeal(
        Case.from_dict(data), entry=None, selection=None, today=date(2026, 11, 23)
    )


def _film(
    width: int, height: int, *, kind: str = "JPEG", caption: str = "", taken: str = ""
) -> Radiograph:
    image = Image.new("L", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        draw.rectangle((0, y, width, y + 3), fill=40 + 150 * y // height)
    draw.rectangle((width // 4, height // 6, 3 * width // 4, height // 3), fill=245)
    out = io.BytesIO()
    image.save(out, kind)
    data = out.getvalue()
    media = "image/jpeg" if kind == "JPEG" else "image/png"
    return Radiograph(
        1, 1, caption, taken, media, data, width, height, hashlib.sha256(data).hexdigest()
    )


def _pages(pdf: bytes) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each page's text and the pixel sizes of the images drawn on it."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        sizes = [(img.image.width, img.image.height) for img in page.images]
        pages.append((page.extract_text(), sizes))
    return pages


def test_a_letter_without_films_has_no_enclosure_page() -> None:
    plain = _pages(render_appeal_pdf(_letter(), creation_date=STAMP))
    assert all(sizes == [] for _text, sizes in plain)
    assert not any("Enclosure: radiograph" in text for text, _sizes in plain)


def test_the_pre_and_post_operative_films_print_one_a_page_after_the_letter() -> None:
    films = [
        _film(640, 820, caption="Pre-operative periapical #19", taken="2026-03-02"),
        _film(900, 700, kind="PNG", caption="Post-operative periapical #19", taken="2026-03-14"),
    ]
    letter_only = _pages(render_appeal_pdf(_letter(), creation_date=STAMP))

    pages = _pages(render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=films))

    assert len(pages) == len(letter_only) + 2
    first, second = pages[-2], pages[-1]
    assert "Enclosure: radiograph 1 of 2" in first[0]
    assert "Pre-operative periapical #19. Taken March 2, 2026." in first[0]
    assert first[1] == [(640, 820)]
    assert "Enclosure: radiograph 2 of 2" in second[0]
    assert "Post-operative periapical #19. Taken March 14, 2026." in second[0]
    assert second[1] == [(900, 700)]
    # the claim's header is on the enclosure pages too, so a separated page still matches
    header = _letter().continuation.split("·")[0].strip()
    assert header and header in first[0]


@pytest.mark.parametrize(
    ("width", "height"),
    [(60, 2400), (2400, 60), (2400, 2400), (40, 30)],
    ids=["tall-thin", "wide-panoramic-strip", "large-square", "tiny-crop"],
)
def test_a_film_of_any_shape_fits_its_page(width: int, height: int) -> None:
    film = _film(width, height, caption="Film")
    pages = _pages(render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=[film]))
    assert pages[-1][1] == [(width, height)]
    assert sum(1 for _text, sizes in pages if sizes) == 1


def test_the_same_films_give_the_same_bytes() -> None:
    films = [_film(300, 400, caption="Bitewing", taken="2026-03-02")]
    once = render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=films)
    again = render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=films)
    assert once == again


def test_a_caption_with_markup_prints_literally() -> None:
    film = _film(200, 300, caption="<b>Pre-op</b> & post")
    text = _pages(render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=[film]))[-1][0]
    assert "<b>Pre-op</b> & post" in text


def test_a_wide_film_lines_up_with_the_letters_text() -> None:
    """It sat 6 pt left of the text: the frame's padding was not taken off its width."""
    import re

    from cdt_desktop.report.appeal_pdf import FRAME_PADDING_PT, MARGIN_PT

    film = _film(2400, 600, caption="Panoramic strip")
    pdf = render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=[film])
    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    stream = page.get_contents().get_data().decode("latin-1")
    placed = re.search(
        r"1 0 0 1 ([\d.]+) [\d.]+ cm\s*q\s*([\d.]+) 0 0 [\d.]+ 0 0 cm\s*/\S+ Do", stream
    )
    assert placed is not None
    x, width = map(float, placed.groups())
    text_left = MARGIN_PT + FRAME_PADDING_PT
    text_right = float(page.mediabox.width) - text_left
    assert x >= text_left - 0.01
    assert x + width <= text_right + 0.01


def test_films_are_embedded_as_binary_streams() -> None:
    """ASCII85 made ReportLab's pure-Python encoder take seconds per preview with a few films,
    and the file a quarter larger."""
    pdf = render_appeal_pdf(_letter(), creation_date=STAMP, radiographs=[_film(900, 1200)])
    assert b"ASCII85Decode" not in pdf
