"""Printing an appeal letter: the printer dialog, then each PDF page rasterised by QtPdf and
painted onto the printable area (proportions kept, never finer than ``PRINT_DPI``).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QWidget

PRINT_DPI = 300
"""Pages are rasterised at most this fine for the printer: crisp text on paper, and a Letter
page is a 34 MB image. At a printer's native resolution (HighResolution mode: 600 or 1200 dpi)
one page would be 134 or 538 MB, enough to stall or fail a print on an office PC."""


def print_pdf(parent: QWidget | None, pdf: bytes) -> str:
    """Ask for a printer, then print the PDF's pages: "printer", or the file "Print to File"
    wrote (the audit named a printer for a PDF file: office walkthrough); "" when cancelled
    or not written."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if os.name != "nt":  # its file field listed the data folder reading each file, which drops
        # the store's POSIX locks (review; ui/common/file_dialogs.py): Save as PDF does this
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    if not deliver(parent, printer, pdf):
        return ""
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    return printer.outputFileName() if to_file and printer.outputFileName() else "printer"


def deliver(parent: QWidget | None, printer: Any, pdf: bytes) -> bool:
    """Send the letter to the chosen printer. "Print to File (PDF)" writes the letter's own PDF
    like Save as PDF does (atomic, readable by the user only, never over the case store or any
    database): Qt's printer wrote the file world-readable and replaced whatever had that name,
    a cases.sqlite too (tour3). False when the file was refused or could not be written."""
    from PySide6.QtPrintSupport import QPrinter

    target = printer.outputFileName()
    if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat or not target:
        paint_pdf_pages(printer, pdf)
        return True
    from cdt_desktop.core.atomic import write_bytes_atomic
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.ui.common import msgbox

    try:
        write_bytes_atomic(target, pdf)
    except (UserFacingError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        msgbox.show_error(parent, "Could not print", f"The letter was not printed: {reason}.")
        return False
    return True


def paint_pdf_pages(printer: Any, pdf: bytes) -> int:
    """Paint each page of ``pdf`` (rasterised by QtPdf, at most PRINT_DPI) onto the printer's
    printable area, keeping the page's proportions; the number of pages printed."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter

    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    painter = QPainter(printer)
    try:
        area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        scale = min(1.0, PRINT_DPI / max(1, printer.resolution()))
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            page = document.pagePointSize(index)  # points: 1/72 inch
            fit = min(area.width() / page.width(), area.height() / page.height())
            target = QRectF(area.topLeft(), page * fit)  # the page's shape, not the paper's
            size = QSize(round(target.width() * scale), round(target.height() * scale))
            painter.drawImage(target, document.render(index, size))
    finally:
        painter.end()
    return document.pageCount()
