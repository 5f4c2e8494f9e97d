"""The first start (no store yet): protect the new store with a passphrase (chosen by default), or
not. ``FirstStartDialog(path).exec()``; then ``passphrase`` is the chosen passphrase, or None for
a plain store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate
from kpo_desk.ui.protection.fields import NewPassphrase
from kpo_desk.ui.theme import semantic_style

#: Shown through translate("Protection", LOST_MEANS_GONE).
LOST_MEANS_GONE = QT_TRANSLATE_NOOP("Protection", "If you forget the passphrase and lose the recovery key as well, the data is gone: nobody can get it back, not even the makers of KPO Desk. The next step shows the recovery key, once, to print or save.")


def _note(text: str, kind: str = "muted") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet(semantic_style(kind))
    label.setContentsMargins(24, 0, 0, 0)
    return label


class FirstStartDialog(QDialog):
    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to KPO Desk"))
        self.setAccessibleName(self.tr("First start"))
        self.passphrase: str | None = None
        heading = QLabel(self.tr("<b>Protect the client data on this computer</b>"))
        where = QLabel(self.tr("KPO Desk will keep everything in one file: {store_path}").format(store_path=store_path), wordWrap=True)
        where.setStyleSheet(semantic_style("muted"))
        self.protect = QRadioButton(self.tr("Protect this store with a passphrase (recommended)"))
        self.protect.setChecked(True)
        self.plain = QRadioButton(self.tr("No passphrase"))
        group = QButtonGroup(self)
        group.addButton(self.protect)
        group.addButton(self.plain)
        self.fields = NewPassphrase(self.tr("Passphrase"))
        self.fields.setContentsMargins(24, 0, 0, 0)
        self.warning = _note(translate("Protection", LOST_MEANS_GONE), "warning")
        self.warning.setAccessibleName(self.tr("Warning"))
        protect_note = _note(self.tr("The store, its attachments and its backups are encrypted: a lost or stolen laptop gives nothing away. You type the passphrase when KPO Desk starts, and after it has locked itself while you were away."))
        plain_note = _note(self.tr("Anyone who can read this computer's files can read every client's data. Protection can be turned on later (File \u25b8 Encrypt store\u2026)."))
        rule = QFrame(frameShape=QFrame.Shape.HLine, frameShadow=QFrame.Shadow.Sunken)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addWidget(self.protect)
        layout.addWidget(protect_note)
        layout.addSpacing(4)
        layout.addWidget(self.fields)
        layout.addWidget(self.warning)
        layout.addSpacing(8)
        layout.addWidget(rule)
        layout.addWidget(self.plain)
        layout.addWidget(plain_note)
        layout.addStretch()
        layout.addWidget(buttons)
        self.protect.toggled.connect(self._chosen)
        fit_to_screen(self, 600, self.sizeHint().height() + 20)
        self.fields.first.setFocus()

    @Slot(bool)
    def _chosen(self, protect: bool) -> None:
        self.fields.setEnabled(protect)
        self.warning.setEnabled(protect)
        if protect:
            self.fields.first.setFocus()

    def accept(self) -> None:
        if self.protect.isChecked():
            passphrase = self.fields.value()
            if passphrase is None:
                return
            self.passphrase = passphrase
        else:
            self.passphrase = None
        self.fields.clear()
        super().accept()
