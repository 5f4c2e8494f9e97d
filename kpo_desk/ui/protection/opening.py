"""Opening a store from the window: the first start's choice for a store that does not exist yet,
the unlock dialog (or the passphrase remembered on this computer) for an encrypted one, and the
plain open otherwise. Called by kpo_desk/ui/app.py with the store's lock already held (or, for a
read-only second window, not held: then the recovery key is not offered, since it rewrites the
key file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from kpo_desk.core.crypto import set_new_store_hook
from kpo_desk.core.crypto.errors import WrongPassphraseError
from kpo_desk.core.desk import open_store
from kpo_desk.core.store import Store, inspect_file, is_encrypted_store
from kpo_desk.ui.common.words import translate
from kpo_desk.ui.protection import remembered
from kpo_desk.ui.protection.guard import secrets_kept_out


def is_first_start(path: Path) -> bool:
    """No store at ``path`` yet (nor the key file of one)."""
    return not is_encrypted_store(path) and inspect_file(path) == "missing"


def open_protected(db: str | None, path: Path, *, parent: QWidget | None = None,
                   read_only: bool = False) -> Store | None:
    """The open store, or None when the person chose to quit."""
    if not read_only and is_first_start(path):
        return first_start(db, path, parent=parent)
    if not is_encrypted_store(path):
        return open_store(db, read_only=read_only)
    return unlock_at_start(db, path, parent=parent, read_only=read_only)


def first_start(db: str | None, path: Path, *, parent: QWidget | None = None) -> Store | None:
    from kpo_desk.ui.protection.first_start import FirstStartDialog
    from kpo_desk.ui.protection.sheet import RecoverySheetDialog

    choice = FirstStartDialog(path, parent)
    if choice.exec() != QDialog.DialogCode.Accepted:
        return None
    passphrase, choice.passphrase = choice.passphrase, None
    if passphrase is None:
        return open_store(db)
    shown: list[str] = []
    set_new_store_hook(lambda _path, key: shown.append(key))
    try:
        store = secrets_kept_out(lambda: open_store(db, passphrase=passphrase), passphrase)
    finally:
        set_new_store_hook(None)
    if shown:
        RecoverySheetDialog(store.path, shown.pop(), parent).exec()
    return store


def unlock_at_start(db: str | None, path: Path, *, parent: QWidget | None = None,
                    read_only: bool = False) -> Store | None:
    from kpo_desk.core.crypto.convert import recover_passphrase
    from kpo_desk.ui.protection.unlock import UnlockDialog

    def attempt(passphrase: str) -> Store:
        return open_store(db, read_only=read_only, passphrase=passphrase)

    note = ""
    kept = remembered.remembered(path)
    if kept:
        try:
            return secrets_kept_out(lambda: attempt(kept), kept)
        except WrongPassphraseError:
            remembered.forget(path)
            note = translate("Protection", "The passphrase remembered on this computer no longer opens this store, so it was forgotten. Type the passphrase.")

    def recover(recovery_key: str, new_passphrase: str) -> Store:
        recover_passphrase(path, recovery_key, new_passphrase)
        remembered.forget(path)  # a remembered passphrase is the old one now
        return attempt(new_passphrase)

    dialog = UnlockDialog(path, attempt, None if read_only else recover, note=note, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    store, dialog.result_value = dialog.result_value, None
    return store
