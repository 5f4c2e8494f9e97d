"""A report inside the app: its pages (drawn by PDFium), Print… through the system dialog, and
Save as…"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.reports import save_pdf
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.pdf_pages import PdfPagesView, print_pdf


class ReportPreview(QDialog):
    def __init__(self, pdf: bytes, file_name: str, parent: QWidget | None = None, *, note: str = "",
                 password: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report preview · {file_name}").format(file_name=file_name))
        fit_to_screen(self, 900, 1000)
        self.pdf, self.file_name = pdf, file_name
        self.view = PdfPagesView(pdf, self, password=password)
        self.view.setAccessibleName(self.tr("Report preview"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(self.tr("Save as…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_report)
        # clicked(bool) must not reach save_as(path): "False" would be taken as a cancelled path
        self.save_button.clicked.connect(self._save_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if note:
            layout.addWidget(QLabel(note, wordWrap=True))
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def page_count(self) -> int:
        return self.view.page_count()

    def done(self, result: int) -> None:  # noqa: D102 - the PDF is let go with the dialog
        self.view.release()
        super().done(result)

    def ask_save_path(self) -> str:
        """Where the person wants the PDF, or "" when they cancel (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), self.file_name, self.tr("PDF (*.pdf)"))
        return path

    @Slot()
    def _save_clicked(self) -> None:
        self.save_as(self.ask_save_path())

    def save_as(self, path: str | None = None) -> None:
        """Write the PDF's exact bytes to ``path`` (asked for when None)."""
        if path is None:
            path = self.ask_save_path()
        if not path:
            return
        try:
            save_pdf(self.pdf, path)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Save report"), str(exc))

    @Slot()
    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def render_to(self, printer: QPrinter) -> None:
        print_pdf(self.view.pages, printer)
