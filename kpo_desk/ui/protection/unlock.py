"""Typing the passphrase of an encrypted store: at start (``UnlockDialog`` opens the store) and
after the auto-lock (it checks the passphrase against the key file). Three wrong tries, then a
clear message: quit, or use the recovery key (``RecoveryKeyDialog``: the key and a new
passphrase). A wrong passphrase is one sentence under the field; nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.crypto.errors import (
    RecoveryKeyTypoError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from kpo_desk.core.errors import KpoDeskError, ValidationError
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.words import plural
from kpo_desk.ui.protection.fields import (
    NewPassphrase,
    message_label,
    monospace_font,
    say,
    secret_edit,
)
from kpo_desk.ui.protection.guard import secrets_kept_out
from kpo_desk.ui.theme import semantic_style

MAX_TRIES = 3
#: attempt(passphrase) -> what the dialog hands back (the open store, or True); raises
#: WrongPassphraseError for a wrong one.
Attempt = Callable[[str], Any]
#: recover(recovery key text, new passphrase) -> the same as an attempt with the new passphrase.
Recover = Callable[[str, str], Any]


def busy(call: Callable[[], Any]) -> Any:
    """The key derivation takes about half a second: show that the app is working."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return call()
    finally:
        QGuiApplication.restoreOverrideCursor()


class UnlockDialog(QDialog):
    """``exec()`` is Accepted with ``result_value`` set, or Rejected (the person chose Quit)."""

    def __init__(self, store_path: Path, attempt: Attempt, recover: Recover | None = None, *,
                 locked: bool = False, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path, self._attempt, self._recover, self.locked = Path(store_path), attempt, recover, locked
        self.result_value: Any = None
        self.tries = 0
        self.setWindowTitle(self.tr("KPO Desk is locked") if locked else self.tr("Unlock the store"))
        self.setAccessibleName(self.tr("Unlock"))
        if locked:
            intro = self.tr("KPO Desk locked itself while you were away. Type the passphrase to go on where you left off; nothing you were typing is lost.")
        else:
            intro = self.tr("This store is encrypted. Type its passphrase to open it.")
        self.intro = QLabel(intro, wordWrap=True)
        where = QLabel(str(self.store_path), wordWrap=True)
        where.setStyleSheet(semantic_style("muted"))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(note, wordWrap=True)
        self.note.setStyleSheet(semantic_style("warning"))
        self.note.setVisible(bool(note))
        self.passphrase = secret_edit(self.tr("Passphrase"))
        self.message = message_label()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.recovery_button = QPushButton(self.tr("Use the recovery key…"))
        self.recovery_button.setVisible(recover is not None)
        self.quit_button = QPushButton(self.tr("Quit KPO Desk") if locked else self.tr("Quit"))
        self.unlock_button.clicked.connect(self.unlock)
        self.recovery_button.clicked.connect(self.use_recovery_key)
        self.quit_button.clicked.connect(self.quit)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recovery_button)
        buttons.addStretch()
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(where)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addLayout(buttons)
        fit_to_screen(self, 520, self.sizeHint().height() + 10)
        self.passphrase.setFocus()

    @Slot()
    def unlock(self) -> None:
        typed = self.passphrase.text()
        if not typed:
            say(self.message, self.tr("Type the passphrase."))
            return
        try:
            self.result_value = busy(lambda: secrets_kept_out(lambda: self._attempt(typed), typed))
        except WrongPassphraseError:
            self.tries += 1
            self.passphrase.clear()
            left = MAX_TRIES - self.tries
            if left > 0:
                say(self.message, plural(self.tr("That passphrase does not open this store (%Ln try(s) left).", None, left), left,
                                         "That passphrase does not open this store ({n} try left).",
                                         "That passphrase does not open this store ({n} tries left)."))
            else:
                self._out_of_tries()
            return
        except KpoDeskError as exc:
            self.passphrase.clear()
            say(self.message, str(exc))
            return
        self.passphrase.clear()
        super().accept()

    def _out_of_tries(self) -> None:
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)
        if self._recover is not None:
            say(self.message, self.tr("Three wrong passphrases. Quit, or use the recovery key from the recovery sheet to set a new passphrase."))
            self.recovery_button.setDefault(True)
            self.recovery_button.setFocus()
        else:
            say(self.message, self.tr("Three wrong passphrases. Quit, and start KPO Desk again when you have the passphrase."))
            self.quit_button.setDefault(True)
            self.quit_button.setFocus()

    @Slot()
    def use_recovery_key(self) -> None:
        if self._recover is None:
            return
        dialog = RecoveryKeyDialog(self.store_path, self._recover, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.result_value = dialog.result_value
            self.passphrase.clear()
            super().accept()

    @Slot()
    def quit(self) -> None:
        self.passphrase.clear()
        super().reject()

    def accept(self) -> None:  # Enter in the field
        self.unlock()

    def reject(self) -> None:  # Escape, the close button: at start that is Quit; locked it is not
        if not self.locked:
            self.quit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.locked:
            return
        super().keyPressEvent(event)


class RecoveryKeyDialog(QDialog):
    """The recovery key from the sheet, and a new passphrase typed twice."""

    def __init__(self, store_path: Path, recover: Recover, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recover = recover
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Use the recovery key"))
        self.setAccessibleName(self.tr("Recovery key"))
        intro = QLabel(self.tr("Type the recovery key from the recovery sheet (12 groups of 5; capital or small letters, hyphens optional), then choose a new passphrase. The recovery key keeps working afterwards."), wordWrap=True)
        self.key = QLineEdit()
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setFont(monospace_font())
        self.key.setPlaceholderText(self.tr("XXXXX-XXXXX-XXXXX-…"))
        self.key.setMinimumWidth(460)
        self.key_message = message_label(self.tr("Recovery key message"))
        self.fields = NewPassphrase(self.tr("New passphrase"))
        self.message = message_label()
        self.ok_button = QPushButton(self.tr("Set the new passphrase"))
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Recovery key:"), self.key)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.key_message)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addLayout(buttons)
        fit_to_screen(self, 640, self.sizeHint().height() + 40)
        self.key.setFocus()

    def accept(self) -> None:
        key = self.key.text().strip()
        if not key:
            say(self.key_message, self.tr("Type the recovery key from the recovery sheet."))
            self.key.setFocus()
            return
        new = self.fields.value()
        if new is None:
            return
        say(self.key_message, "")
        say(self.message, "")
        try:
            self.result_value = busy(lambda: secrets_kept_out(lambda: self._recover(key, new), key, new))
        except (RecoveryKeyTypoError, WrongRecoveryKeyError) as exc:
            say(self.key_message, str(exc))
            self.key.setFocus()
            return
        except ValidationError as exc:
            if exc.field == "passphrase":
                say(self.fields.message, str(exc))
            else:
                say(self.message, str(exc))
            return
        except KpoDeskError as exc:
            say(self.message, str(exc))
            return
        self.key.clear()
        self.fields.clear()
        super().accept()
