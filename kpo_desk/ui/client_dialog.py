"""New client: a form whose errors from core appear next to the field at fault."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Client
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.core.validation import known_timezones

ERROR_STYLE = "color: #c0392b;"


class ClientDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New client")
        self.setMinimumWidth(460)
        self._store = store
        self.client: Client | None = None
        self.name = QLineEdit(accessibleName="Client name")
        self.industry = QLineEdit(accessibleName="Industry")
        self.country = QLineEdit(accessibleName="Country")
        self.timezone = QComboBox(accessibleName="Time zone", editable=True)
        self.timezone.addItems(sorted(known_timezones()))
        self.timezone.setCurrentText("UTC")
        self.language = QLineEdit("en", accessibleName="Language")
        self.language.setPlaceholderText("en, de, ja …")
        self.notes = QPlainTextEdit(accessibleName="Notes")
        self.notes.setFixedHeight(70)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (("name", "Name *", self.name), ("industry", "Industry", self.industry),
                                   ("country", "Country", self.country), ("timezone", "Time zone *", self.timezone),
                                   ("language", "Language", self.language), ("notes", "Notes", self.notes)):
            form.addRow(label, widget)
            error = QLabel("", styleSheet=ERROR_STYLE, wordWrap=True, visible=False)
            error.setAccessibleName(f"{key} error")
            self.errors[key] = error
            form.addRow("", error)
        self.general_error = QLabel("", styleSheet=ERROR_STYLE, wordWrap=True, visible=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Fields marked * are required.", styleSheet="color: #888;"))
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        for seq in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return")):
            QShortcut(seq, self, activated=self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def save(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.setVisible(False)
        try:
            self.client = parties.create_client(
                self._store, name=self.name.text(), industry=self.industry.text(), country=self.country.text(),
                timezone=self.timezone.currentText(), language=self.language.text(),
                notes=self.notes.toPlainText())
        except ValidationError as exc:
            label = self.errors.get(exc.field or "", self.general_error)
            label.setText(exc.message)
            label.setVisible(True)
            return
        self.accept()
