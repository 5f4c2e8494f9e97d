"""The fields every protection dialog shares: a passphrase typed once (with its message under it),
and a new passphrase typed twice with the strength hint (kpo_desk/core/crypto/strength.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kpo_desk.core.crypto.strength import passphrase_strength
from kpo_desk.ui.common.words import translate
from kpo_desk.ui.theme import semantic_style

#: Strength level -> semantic colour of its hint.
_HINT_KIND = {0: "bad", 1: "bad", 2: "warning", 3: "good", 4: "good"}


def secret_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(280)
    # Not learnt by an input method's predictions, nor shown by it.
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhHiddenText)
    return edit


def message_label(name: str | None = None) -> QLabel:
    """The one sentence under a field (a wrong passphrase, a typo in the recovery key)."""
    label = QLabel("", wordWrap=True)
    label.setStyleSheet(semantic_style("bad"))
    label.setAccessibleName(name or translate("Protection", "Message"))
    label.hide()
    return label


def say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def monospace_font(point_size: int | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if point_size:
        font.setPointSize(point_size)
    return font


class NewPassphrase(QWidget):
    """A new passphrase, typed twice, with a live strength hint. ``value()`` is the passphrase,
    or None (and the reason shown under the fields) when it is empty or the two differ."""

    changed = Signal()

    def __init__(self, first_label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        first_label = first_label or self.tr("Passphrase")
        self.first = secret_edit(first_label)
        self.second = secret_edit(self.tr("Type it again"))
        self.strength = QLabel("", wordWrap=True)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.message = message_label()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("{label}:").format(label=first_label), self.first)
        form.addRow(self.tr("Type it again:"), self.second)
        form.addRow("", self.strength)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        text = self.first.text()
        if text:
            strength = passphrase_strength(text)
            self.strength.setText(strength.hint)
            self.strength.setStyleSheet(semantic_style(_HINT_KIND[strength.level]))
        else:
            self.strength.setText(self.tr("Four or five unrelated words make a strong passphrase that is easy to remember."))
            self.strength.setStyleSheet(semantic_style("muted"))
        if self.message.isVisible() and self.first.text() == self.second.text():
            say(self.message, "")
        self.changed.emit()

    def value(self) -> str | None:
        first, second = self.first.text(), self.second.text()
        if not first:
            say(self.message, self.tr("Type a passphrase."))
            self.first.setFocus()
            return None
        if first != second:
            say(self.message, self.tr("The two passphrases differ; type the same one twice."))
            self.second.setFocus()
            self.second.selectAll()
            return None
        say(self.message, "")
        return first

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
