"""The recovery sheet, shown once: a preview of the one-page PDF (kpo_desk/core/crypto/
recovery_sheet.py), Save and Print, and a tick "I have saved the recovery key" without which the
dialog does not let go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.crypto.recovery_sheet import recovery_sheet_pdf, write_recovery_sheet
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.pdf_pages import PdfPagesView, print_pdf
from kpo_desk.ui.protection.fields import message_label, say
from kpo_desk.ui.theme import semantic_style

PREVIEW_WIDTH = 460


class RecoverySheetDialog(QDialog):
    """``RecoverySheetDialog(store_path, recovery_key).exec()``; returns only once the tick is set."""

    def __init__(self, store_path: Path, recovery_key: str, parent: QWidget | None = None, *,
                 made_on: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your recovery key"))
        self.setAccessibleName(self.tr("Recovery sheet"))
        self.store_path = Path(store_path)
        self.made_on = made_on or date.today()
        self._key = recovery_key
        self._pdf = recovery_sheet_pdf(store_path=self.store_path, recovery_key=recovery_key,
                                       made_on=self.made_on)
        self.saved_to: Path | None = None
        self.printed = False
        intro = QLabel(
            self.tr("This is the recovery key of the store. It is shown only this once. Print the sheet, or save it as a PDF somewhere other than this computer (a USB stick kept in a safe place): if the passphrase is forgotten, it is the only way back to the data."), wordWrap=True)
        self.preview = PdfPagesView(self._pdf)
        self.preview.setAccessibleName(self.tr("Recovery sheet preview"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setAccessibleName(self.tr("Save the recovery sheet"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print the recovery sheet"))
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_sheet)
        self.done_note = QLabel("", wordWrap=True)
        self.done_note.setStyleSheet(semantic_style("good"))
        self.done_note.hide()
        self.message = message_label()
        self.saved_tick = QCheckBox(self.tr("I have saved the recovery key"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        self.saved_tick.toggled.connect(self.continue_button.setEnabled)
        self.saved_tick.toggled.connect(lambda _on: say(self.message, ""))
        self.continue_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addStretch()
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_tick)
        bottom.addStretch(1)
        bottom.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        layout.addWidget(self.done_note)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        fit_to_screen(self, PREVIEW_WIDTH + 80, 900)

    # -- the seams a test replaces (the system's file and print dialogs) ----------------------
    def ask_save_path(self) -> str | None:
        suggested = Path.home() / f"{self.store_path.stem}-recovery-key.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recovery sheet"), str(suggested), self.tr("PDF (*.pdf)"))
        return path or None

    def ask_printer(self):  # noqa: ANN201 - a QPrinter, or None when the person cancelled
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    # -- actions -------------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        path = self.ask_save_path()
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.saved_to = write_recovery_sheet(Path(path), store_path=self.store_path,
                                                 recovery_key=self._key, made_on=self.made_on)
        except KpoDeskError as exc:
            say(self.message, str(exc))
            return
        say(self.message, "")
        self.done_note.setText(self.tr("Saved to {saved_to}. Move it off this computer (a USB stick kept in a safe place), or print it and delete the file.").format(saved_to=self.saved_to))
        self.done_note.show()

    @Slot()
    def print_sheet(self) -> None:
        printer = self.ask_printer()
        if printer is None:
            return
        print_pdf(self._pdf, printer)
        self.printed = True
        self.done_note.setText(self.tr("Sent to the printer. Keep the page away from this computer."))
        self.done_note.show()

    # -- it lets go only with the tick ----------------------------------------------------------
    def accept(self) -> None:
        if not self.saved_tick.isChecked():
            say(self.message, self.tr("Save or print the recovery key, then tick the box: it is not shown again."))
            return
        self._forget()
        super().accept()

    def reject(self) -> None:  # Escape, the window's close button
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.saved_tick.isChecked():
            event.ignore()
            self.accept()  # says why
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and not self.saved_tick.isChecked():
            self.accept()  # says why, stays open
            return
        super().keyPressEvent(event)

    def _forget(self) -> None:
        """Drop the key and the PDF that holds it (Python cannot wipe the memory, but nothing
        keeps them reachable after this)."""
        self._key = ""
        self._pdf = b""
        self.preview.release()
