"""Printing the appeal letter through a real QPrinter (to a PDF file: no printer, no dialog).

The dialog's Print button runs `printing.print_pdf`: a QPrintDialog, then `paint_pdf_pages`. This drives
the second half for real and checks what reaches the "paper": every page, in order, the page's
proportions kept, and images no finer than PRINT_DPI however fine the printer is.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen import canvas

from cdt_desktop.ui.appeal.printing import PRINT_DPI, paint_pdf_pages


def _pdf(pages: int, size: tuple[float, float]) -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size)
    for number in range(1, pages + 1):
        sheet.setFont("Helvetica", 28)
        sheet.drawString(72, size[1] - 100, f"Appeal letter, page {number}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _printer(tmp_path: Path, dpi: int) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(dpi)
    return printer


def _images(path: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(path).pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sizes


@pytest.mark.parametrize("dpi", [1200, 600, 150])
def test_every_page_prints_no_finer_than_the_print_resolution(
    qapp, tmp_path: Path, dpi: int
) -> None:
    printer = _printer(tmp_path, dpi)
    assert paint_pdf_pages(printer, _pdf(2, LETTER)) == 2
    printed = tmp_path / "printed.pdf"
    assert len(PdfReader(printed).pages) == 2
    images = _images(printed)
    assert len(images) == 2
    widest = round(8.5 * min(dpi, PRINT_DPI)) + 2
    for width, height in images:
        assert width <= widest
        assert abs(width / height - LETTER[0] / LETTER[1]) < 0.01  # proportions kept


def test_an_a4_letter_keeps_its_shape_on_any_paper(qapp, tmp_path: Path) -> None:
    printer = _printer(tmp_path, 600)
    assert paint_pdf_pages(printer, _pdf(1, A4)) == 1
    ((width, height),) = _images(tmp_path / "printed.pdf")
    assert abs(width / height - A4[0] / A4[1]) < 0.01


def test_print_to_file_writes_the_letter_privately_and_never_over_a_database(
    qapp, tmp_path: Path
) -> None:
    """Tour3: "Print to File (PDF)" wrote a 0644 file (patient data) and replaced whatever had
    the chosen name, an SQLite case store too. Now it writes the letter's own PDF like Save as
    PDF: 0600, atomic, and a database or the app's own files are refused with a message."""
    import os
    import sqlite3

    from cdt_desktop.ui.appeal.printing import deliver

    pdf = _pdf(2, LETTER)
    printer = _printer(tmp_path, 600)
    assert deliver(None, printer, pdf)
    written = tmp_path / "printed.pdf"
    assert written.read_bytes() == pdf
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    store = tmp_path / "office.sqlite"
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE cases (id INTEGER)")
    conn.close()
    before = store.read_bytes()
    printer.setOutputFileName(str(store))
    assert not deliver(None, printer, pdf)
    assert store.read_bytes() == before


def test_print_to_file_says_which_file_for_the_audit(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: a letter printed to /tmp/printed.pdf was audited "appeal-print:
    printer"; the audit names the file the letter went to."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from cdt_desktop.ui.appeal import printing

    target = tmp_path / "printed.pdf"

    offered: list[bool] = []

    def accept(dialog: QPrintDialog) -> int:
        offered.append(dialog.testOption(QPrintDialog.PrintDialogOption.PrintToFile))
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert printing.print_pdf(None, _pdf(1, LETTER)) == str(target) and target.exists()
    # (a platform's own dialog may still print to a file; Qt's, on Linux and macOS, does not
    # offer it: its file field read the data folder's files, dropping the store's locks)
    assert offered == [os.name == "nt"]
    monkeypatch.setattr(QPrintDialog, "exec", lambda _d: QDialog.DialogCode.Rejected.value)
    assert printing.print_pdf(None, _pdf(1, LETTER)) == ""
