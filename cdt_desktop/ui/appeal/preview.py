"""The letter's live PDF in the appeal dialog: every page, at the pane's width (QtPdf)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView


class PdfPreview(QPdfView):
    """Shows ``document``; :meth:`show_pdf` loads new bytes into it from memory."""

    def __init__(self, document: QPdfDocument, name: str):
        super().__init__()
        self.setObjectName("appealPreview")
        self.setAccessibleName(name)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setDocument(document)
        self._pdf_document = document
        self._buffer: QBuffer | None = None

    def show_pdf(self, pdf: bytes) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf_document.load(buffer)  # QPdfDocument reads from the device; keep it alive
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
