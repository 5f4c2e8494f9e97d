"""File ▸ Encrypt store… and File ▸ Change passphrase….

Encrypting runs ``kpo_desk.core.crypto.convert.encrypt_store`` (the same as ``kpo-desk encrypt``)
off the GUI thread with progress: the window's store is closed first (no connection may be open
while files are swapped; the window keeps the lock), then the recovery sheet is shown, then the
earlier plain automatic backups are listed with an offer to delete them. The window then starts
again on the encrypted store, which it hands over already open (``window.handover``) so that the
passphrase just chosen is not asked for again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.crypto.errors import WrongPassphraseError
from kpo_desk.core.errors import KpoDeskError, StoreError
from kpo_desk.ui.common.geometry import fit_to_screen
from kpo_desk.ui.common.jobs import BackgroundJob
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate
from kpo_desk.ui.protection import remembered
from kpo_desk.ui.protection.fields import NewPassphrase, message_label, say, secret_edit
from kpo_desk.ui.protection.first_start import LOST_MEANS_GONE
from kpo_desk.ui.protection.guard import secrets_kept_out
from kpo_desk.ui.protection.unlock import busy
from kpo_desk.ui.theme import semantic_style

#: encrypt_store's stages, each with what comes next (the progress dialog's text).
_IN_PLACE = QT_TRANSLATE_NOOP("Protection", "Putting the encrypted store in place…")
ENCRYPT_STEPS = {
    "key file written": QT_TRANSLATE_NOOP("Protection", "Copying the database into the encrypted store…"),
    "database copied": QT_TRANSLATE_NOOP("Protection", "Encrypting the attachments…"),
    "attachments copied": QT_TRANSLATE_NOOP("Protection", "Checking the encrypted copy: integrity, row counts, every attachment…"),
    "verified": _IN_PLACE,
    "ready": _IN_PLACE,
    "plain sidecars moved": _IN_PLACE,
    "plain attachments moved": _IN_PLACE,
    "plain store moved": _IN_PLACE,
    "attachments swapped": _IN_PLACE,
    "key file swapped": _IN_PLACE,
    "store swapped": QT_TRANSLATE_NOOP("Protection", "Overwriting and deleting the plain files…"),
    "plain files overwritten": QT_TRANSLATE_NOOP("Protection", "Done."),
}
#: Up to this stage, cancelling leaves the plain store exactly as it was (encrypt_store removes
#: its work folder); from "ready" on the swap is finished whatever happens.
_CANCELLABLE = ("key file written", "database copied", "attachments copied", "verified")


class EncryptStoreDialog(QDialog):
    """What encrypting does, and the new passphrase (twice)."""

    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Encrypt the store"))
        self.passphrase: str | None = None
        text = QLabel(
            self.tr("KPO Desk will make an encrypted copy of the store and its attachments, check it, put it in place of the plain store, and then overwrite and delete the plain files. From then on the store opens only with the passphrase. Your data stays as it is."), wordWrap=True)
        where = QLabel(str(store_path), wordWrap=True)
        where.setStyleSheet(semantic_style("muted"))
        self.fields = NewPassphrase(self.tr("New passphrase"))
        warning = QLabel(translate("Protection", LOST_MEANS_GONE), wordWrap=True)
        warning.setStyleSheet(semantic_style("warning"))
        ssd = QLabel(self.tr("On an SSD, overwriting a file does not guarantee that its old contents are gone; use the computer's full-disk encryption as well."), wordWrap=True)
        ssd.setStyleSheet(semantic_style("muted"))
        buttons = QDialogButtonBox()
        self.encrypt_button = buttons.addButton(self.tr("Encrypt"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.encrypt_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, where, self.fields, warning, ssd):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(buttons)
        fit_to_screen(self, 580, self.sizeHint().height() + 30)
        self.fields.first.setFocus()

    def accept(self) -> None:
        passphrase = self.fields.value()
        if passphrase is None:
            return
        self.passphrase = passphrase
        self.fields.clear()
        super().accept()


def encrypt_current_store(window: QMainWindow) -> BackgroundJob | None:
    """File ▸ Encrypt store…: ask, then encrypt in the background (see the module)."""
    from kpo_desk.core.crypto.convert import encrypt_store
    from kpo_desk.core.desk import open_store

    store = window.store
    if store is None or store.read_only or store.encrypted:
        QMessageBox.information(window, translate("Protection", "Encrypt store"),
                                translate("Protection", "This store is already encrypted.")
                                if store is not None and store.encrypted
                                else translate("Protection", "This window has the store open read-only; encrypt it from the window that has it open for writing."))
        return None
    dialog = EncryptStoreDialog(store.path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    passphrase, dialog.passphrase = dialog.passphrase, None
    path, lock = store.path, window.lock
    window.lock = None  # handed over with the store that opens afterwards
    store.close()  # no connection may stay open while the files are swapped
    QThreadPool.globalInstance().waitForDone(15000)  # a view's refresh or the start-up backup
    total = len(ENCRYPT_STEPS) + 1

    def job(progress, cancelled):  # noqa: ANN001, ANN202
        order = list(ENCRYPT_STEPS)

        def step(name: str) -> None:
            if name in _CANCELLABLE and cancelled():
                raise StoreError(translate("Protection", "Encryption was cancelled; the store was not changed."))
            progress(order.index(name) + 2, total, translate("Protection", ENCRYPT_STEPS[name]))

        progress(1, total, translate("Protection", "Deriving the key from the passphrase…"))
        return secrets_kept_out(lambda: encrypt_store(path, passphrase, step=step), passphrase)

    def reopen(encrypted: bool):  # noqa: ANN202 - the store, or None when it cannot be opened
        try:
            return secrets_kept_out(
                lambda: open_store(path, passphrase=passphrase if encrypted else None), passphrase)
        except KpoDeskError as exc:
            QMessageBox.critical(window, translate("Protection", "KPO Desk"), translate("Protection", "{exc}\n\nStart KPO Desk again to open the store.").format(exc=exc))
            return None

    def restart(new_store) -> None:  # noqa: ANN001
        if new_store is None:
            if lock is not None:
                lock.release()
        else:
            window.handover = (new_store, lock)
        window.reopen_after_restore()

    def done(result) -> None:  # noqa: ANN001
        from kpo_desk.ui.protection.sheet import RecoverySheetDialog

        new_store = busy(lambda: reopen(True))
        RecoverySheetDialog(result.store_path, result.recovery_key, window).exec()
        offer_to_delete_plain_backups(window, result.plain_backups)
        restart(new_store)

    def failed(message: str) -> None:
        QMessageBox.warning(window, translate("Protection", "Encrypt store"), message)
        restart(reopen(False))

    window.encrypt_job = BackgroundJob(window, translate("Protection", "Encrypting the store…"), job, on_success=done, on_failure=failed)
    window.encrypt_job.dialog.setMinimumDuration(0)
    return window.encrypt_job.start()


class PlainBackupsDialog(QDialog):
    """The automatic backups taken before encryption: still plaintext."""

    def __init__(self, backups: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Earlier backups are not encrypted"))
        text = QLabel(self.tr("These {count} automatic backups were taken before the store was encrypted, so anyone who gets them can read them. Delete them now (they are overwritten, then deleted), or keep them somewhere as safe as the data.").format(count=len(backups)), wordWrap=True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Plain backups"))
        self.list.addItems([str(p) for p in backups])
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(self.tr("Delete them"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button = buttons.addButton(self.tr("Keep them"), QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 360)


def offer_to_delete_plain_backups(window: QWidget, backups: list[Path]) -> int:
    """List the plain backups and delete them when asked; returns how many were deleted."""
    from kpo_desk.core.crypto.convert import _overwrite_and_delete

    backups = [p for p in backups if p.exists()]
    if not backups:
        return 0
    if PlainBackupsDialog(backups, window).exec() != QDialog.DialogCode.Accepted:
        return 0
    for path in backups:
        _overwrite_and_delete(path)
    left = [p for p in backups if p.exists()]
    if left:
        QMessageBox.warning(window, translate("Protection", "Earlier backups"), translate("Protection", "{count} of the backups could not be deleted, for example {example}; delete them by hand.").format(count=len(left), example=left[0]))
    return len(backups) - len(left)


class ChangePassphraseDialog(QDialog):
    """The current passphrase, and the new one twice. The database is not rewritten."""

    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.setWindowTitle(self.tr("Change the passphrase"))
        intro = QLabel(self.tr("The new passphrase opens the store from now on. The recovery key does not change: the recovery sheet you kept stays valid."), wordWrap=True)
        self.current = secret_edit(self.tr("Current passphrase"))
        self.current_message = message_label(self.tr("Current passphrase message"))
        self.fields = NewPassphrase(self.tr("New passphrase"))
        form = QFormLayout()
        form.addRow(self.tr("Current passphrase:"), self.current)
        buttons = QDialogButtonBox()
        self.change_button = buttons.addButton(self.tr("Change"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.change_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.current_message)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addWidget(buttons)
        fit_to_screen(self, 560, self.sizeHint().height() + 30)
        self.current.setFocus()

    def accept(self) -> None:
        from kpo_desk.core.crypto.convert import change_passphrase

        old = self.current.text()
        if not old:
            say(self.current_message, self.tr("Type the current passphrase."))
            return
        new = self.fields.value()
        if new is None:
            return
        try:
            busy(lambda: secrets_kept_out(lambda: change_passphrase(self.store_path, old, new), old, new))
        except WrongPassphraseError:
            self.current.clear()
            self.current.setFocus()
            say(self.current_message, self.tr("That is not the current passphrase; nothing was changed."))
            return
        except KpoDeskError as exc:
            say(self.message, str(exc))
            return
        say(self.current_message, "")
        if remembered.remembered(self.store_path) is not None:
            try:
                remembered.remember(self.store_path, new)
            except KpoDeskError:
                remembered.forget(self.store_path)
        self.current.clear()
        self.fields.clear()
        super().accept()


def change_store_passphrase(window: QMainWindow) -> bool:
    """File ▸ Change passphrase…; True when it was changed."""
    store = window.store
    if store is None or not store.encrypted or store.read_only:
        QMessageBox.information(window, translate("Protection", "Change passphrase"),
                                translate("Protection", "This store has no passphrase; File \u25b8 Encrypt store\u2026 protects it with one.")
                                if store is not None and not store.encrypted
                                else translate("Protection", "This window has the store open read-only."))
        return False
    if ChangePassphraseDialog(store.path, window).exec() != QDialog.DialogCode.Accepted:
        return False
    window.statusBar().showMessage(translate("Protection", "The passphrase was changed; the recovery key still works."), 10000)
    return True

