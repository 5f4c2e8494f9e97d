"""PDF pages on screen and on paper, drawn by PDFium (the ``pypdfium2`` wheel, a few MB).

Qt's own PDF module ships in a wheel that, for the Qt versions the app can use on Python 3.11,
carries the whole of QtWebEngine (about 500 MB); PDFium draws the same pages. The report
preview and the recovery sheet both show their PDF through ``PdfPagesView``, and print through
``print_pdf``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

#: The gap between pages on screen, in pixels.
PAGE_GAP = 12


class PdfPages:
    """An open PDF: how many pages, how big, and each page drawn at a given width."""

    def __init__(self, pdf: bytes, *, password: str | None = None) -> None:
        import pypdfium2 as pdfium

        self._document = pdfium.PdfDocument(bytes(pdf), password=password)
        self.sizes = [self._document[i].get_size() for i in range(len(self._document))]  # points

    def __len__(self) -> int:
        return len(self.sizes)

    def image(self, index: int, width: int) -> QImage:
        """Page ``index`` drawn ``width`` pixels wide, on white."""
        page_width, _height = self.sizes[index]
        scale = max(width, 1) / page_width
        bitmap = self._document[index].render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return image.copy()  # own the pixels: the bitmap's buffer goes with it

    def close(self) -> None:
        self._document.close()


class PdfPagesView(QScrollArea):
    """Every page of a PDF, one under the other, as wide as the view (drawn again, after a short
    pause, when the view is resized)."""

    def __init__(self, pdf: bytes, parent: QWidget | None = None, *, password: str | None = None) -> None:
        super().__init__(parent)
        self.pages = PdfPages(pdf, password=password)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setAutoFillBackground(True)
        self._layout = QVBoxLayout(holder)
        self._layout.setSpacing(PAGE_GAP)
        self._labels: list[QLabel] = []
        for number in range(1, len(self.pages) + 1):
            label = QLabel(alignment=Qt.AlignmentFlag.AlignHCenter)
            label.setAccessibleName(self.tr("Page {number} of {total}").format(number=number, total=len(self.pages)))
            self._layout.addWidget(label)
            self._labels.append(label)
        self._layout.addStretch(1)
        self.setWidget(holder)
        self._drawn_width = 0
        self._released = False
        self._redraw = QTimer(self, singleShot=True, interval=120)
        self._redraw.timeout.connect(self.draw)

    def page_count(self) -> int:
        return len(self.pages)

    def release(self) -> None:
        """Let go of the PDF (its window is closing); the pages drawn stay on screen."""
        self._redraw.stop()
        self._released = True
        self.pages.close()

    def page_width(self) -> int:
        margins = self._layout.contentsMargins()
        return max(200, self.viewport().width() - margins.left() - margins.right())

    def draw(self) -> None:
        width = self.page_width()
        if self._released or width == self._drawn_width:
            return
        self._drawn_width = width
        for index, label in enumerate(self._labels):
            label.setPixmap(QPixmap.fromImage(self.pages.image(index, width)))

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.draw()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._redraw.start()


def print_pdf(pdf: bytes | PdfPages, printer: QPrinter) -> None:
    """Every page onto ``printer``, each drawn at the printer's own resolution."""
    pages = pdf if isinstance(pdf, PdfPages) else PdfPages(pdf)
    painter = QPainter(printer)
    try:
        for index in range(len(pages)):
            if index:
                printer.newPage()
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            image = pages.image(index, int(target.width()))
            painter.drawImage(QRectF(QPointF(0, 0), target.size()), image)
    finally:
        painter.end()
