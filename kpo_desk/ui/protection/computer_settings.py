"""The Settings dialog's "This computer" rows: the auto-lock's idle minutes, and remembering the
passphrase in the system's password store (off by default; disabled, with its one-line reason,
when there is no usable keyring or the store has no passphrase)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.crypto.errors import WrongPassphraseError
from kpo_desk.core.errors import KpoDeskError, ValidationError
from kpo_desk.ui.protection import remembered
from kpo_desk.ui.protection.fields import message_label, say, secret_edit
from kpo_desk.ui.protection.guard import secrets_kept_out
from kpo_desk.ui.protection.options import (
    MAX_AUTO_LOCK_MINUTES,
    auto_lock_minutes,
    set_auto_lock_minutes,
)
from kpo_desk.ui.protection.unlock import busy
from kpo_desk.ui.theme import semantic_style


class RememberPrompt(QDialog):
    """The passphrase, typed once more, to be kept in the keyring (checked against the key file)."""

    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.setWindowTitle(self.tr("Remember the passphrase"))
        self.passphrase = secret_edit(self.tr("Passphrase"))
        self.message = message_label()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Remember it"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Type the store's passphrase to keep it in this computer's password store. KPO Desk will then open without asking for it."), wordWrap=True))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def accept(self) -> None:
        from kpo_desk.core.crypto.keys import key_file_path, read_key_file, unlock

        typed = self.passphrase.text()
        if not typed:
            say(self.message, self.tr("Type the passphrase."))
            return
        try:
            busy(lambda: secrets_kept_out(lambda: unlock(read_key_file(key_file_path(self.store_path)), typed),
                                          typed))
            remembered.remember(self.store_path, typed)
        except WrongPassphraseError:
            self.passphrase.clear()
            say(self.message, self.tr("That passphrase does not open this store."))
            return
        except KpoDeskError as exc:
            say(self.message, str(exc))
            return
        self.passphrase.clear()
        super().accept()


class ComputerSettings(QGroupBox):
    """``apply()`` keeps what was changed; raises ``ValidationError`` (nothing kept) when the
    passphrase was to be remembered and was not given."""

    def __init__(self, store_path: Path, encrypted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("This computer"))
        self.store_path, self.encrypted = store_path, encrypted
        self.auto_lock = QSpinBox()
        self.auto_lock.setAccessibleName(self.tr("Lock after idle minutes"))
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.auto_lock.setSuffix(self.tr(" min"))
        self._shown_minutes = round(auto_lock_minutes())
        self.auto_lock.setValue(self._shown_minutes)
        self.remember = QCheckBox(self.tr("Remember the passphrase on this computer"))
        self.remember.setAccessibleName(self.tr("Remember the passphrase on this computer"))
        problem = None if encrypted else self.tr("This store has no passphrase to remember.")
        problem = problem or remembered.backend_problem()
        self._was_remembered = problem is None and remembered.remembered(store_path) is not None
        self.remember.setChecked(self._was_remembered)
        self.remember.setEnabled(problem is None)
        self.remember_note = QLabel(problem or self.tr("Kept in the system's password store, never in a file. Anyone who can use this account then opens the store without it."),
                                    wordWrap=True)
        self.remember_note.setAccessibleName(self.tr("Remember the passphrase: note"))
        self.remember_note.setStyleSheet(semantic_style("muted"))
        lock_note = QLabel(self.tr("The window hides its content and asks for the passphrase after this long without a key press or a click.")
                           if encrypted else
                           self.tr("Applies once the store is encrypted (File \u25b8 Encrypt store\u2026)."), wordWrap=True)
        lock_note.setStyleSheet(semantic_style("muted"))
        form = QFormLayout(self)
        form.addRow(self.tr("Lock after:"), self.auto_lock)
        form.addRow("", lock_note)
        form.addRow("", self.remember)
        form.addRow("", self.remember_note)

    def apply(self) -> None:
        if self.remember.isEnabled() and self.remember.isChecked() != self._was_remembered:
            if self.remember.isChecked():
                if RememberPrompt(self.store_path, self.window()).exec() != QDialog.DialogCode.Accepted:
                    raise ValidationError("The passphrase was not typed, so it is not remembered; untick "
                                          "\u201cRemember the passphrase\u201d or type it.")
            else:
                remembered.forget(self.store_path)
            self._was_remembered = self.remember.isChecked()
        if self.auto_lock.value() != self._shown_minutes:
            set_auto_lock_minutes(self.auto_lock.value())
            self._shown_minutes = self.auto_lock.value()
