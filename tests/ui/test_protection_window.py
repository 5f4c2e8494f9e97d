"""Issue 18 in the open window: File ▸ Encrypt store… (background, recovery sheet, plain backups),
Change passphrase…, the plaintext warning of File ▸ Export…, the auto-lock (input survives), the
keyring option in Settings, and no passphrase in the log or the error dialog."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pdfplumber
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from kpo_desk.core.backup import list_backups, rolling_backup
from kpo_desk.core.crypto.errors import WrongPassphraseError
from kpo_desk.core.crypto.keys import key_file_path, read_key_file, unlock, unlock_with_recovery
from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store, is_encrypted_store
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.forms import RecordDialog
from kpo_desk.ui.main_window import MainWindow
from kpo_desk.ui.protection import export as export_module
from kpo_desk.ui.protection.actions import (
    ChangePassphraseDialog,
    EncryptStoreDialog,
    PlainBackupsDialog,
)
from kpo_desk.ui.protection.autolock import LOCKED_TITLE, LockCover
from kpo_desk.ui.protection.computer_settings import RememberPrompt
from kpo_desk.ui.protection.options import AUTO_LOCK_KEY
from kpo_desk.ui.protection.remembered import SERVICE
from kpo_desk.ui.protection.sheet import RecoverySheetDialog
from kpo_desk.ui.protection.unlock import UnlockDialog
from tests.ui.helpers import open_window, press, recovery_key_groups, when_modal

PASSPHRASE = "mango tuesday violin harbour"
NEW_PASSPHRASE = "lantern orbit pepper glacier"
SECRET_CLIENT = "Initech Research"


def _encrypted(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "desk.sqlite3", passphrase=PASSPHRASE)
    parties.create_client(store, name=SECRET_CLIENT, timezone="UTC")
    return store


def _from_file_menu(qtbot, window: MainWindow, action) -> None:  # noqa: ANN001
    """Open File and click ``action`` in it, as a person does."""
    menu = window.file_menu
    menu.popup(window.mapToGlobal(QPoint(10, 10)))
    qtbot.waitUntil(menu.isVisible)
    assert action.isEnabled(), action.text()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- File ▸ Encrypt store… ------------------------------------------------------------------------
def test_encrypt_store_from_the_file_menu(qtbot, demo_store: Store, tmp_path: Path) -> None:
    path = demo_store.path
    client = parties.list_clients(demo_store)[0].name
    plain_backup = rolling_backup(demo_store)
    assert plain_backup is not None and plain_backup.exists()
    lock = acquire_store_lock(path)
    window = MainWindow(demo_store, lock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.encrypt_action.isEnabled() and not window.passphrase_action.isEnabled()
    sheet_file = tmp_path / "sheet.pdf"
    seen: dict[str, object] = {}

    def on_backups(dialog: PlainBackupsDialog) -> None:
        seen["listed"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        _click(qtbot, dialog.delete_button)

    def on_sheet(sheet: RecoverySheetDialog) -> None:
        seen["encrypted while the sheet shows"] = is_encrypted_store(path)
        sheet.ask_save_path = lambda: str(sheet_file)
        _click(qtbot, sheet.save_button)
        _click(qtbot, sheet.saved_tick)
        seen["backups errors"] = when_modal(on_backups, kind=PlainBackupsDialog)
        _click(qtbot, sheet.continue_button)

    def on_ask(dialog: EncryptStoreDialog) -> None:
        seen["ssd"] = any("SSD" in label.text() for label in dialog.findChildren(type(dialog.fields.strength)))
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
        seen["sheet errors"] = when_modal(on_sheet, kind=RecoverySheetDialog, timeout_s=180)
        _click(qtbot, dialog.encrypt_button)

    errors = when_modal(on_ask, kind=EncryptStoreDialog)
    _from_file_menu(qtbot, window, window.encrypt_action)
    qtbot.waitUntil(lambda: window.restart_requested, timeout=180_000)
    assert errors == [] and seen["sheet errors"] == [] and seen["backups errors"] == []
    assert seen["ssd"] is True
    assert seen["encrypted while the sheet shows"] is True
    assert seen["listed"] == [str(plain_backup)]
    assert not plain_backup.exists() and list_backups(path) == []
    new_store, new_lock = window.handover
    try:
        assert new_store.encrypted and not new_store.closed and new_lock is lock and window.lock is None
        assert client in [c.name for c in parties.list_clients(new_store)]
        # No plaintext left: the client's name is in no file beside the store.
        needle = client.encode()
        for file in path.parent.rglob("*"):
            if file.is_file() and file != sheet_file:
                assert needle not in file.read_bytes(), file
        with pdfplumber.open(io.BytesIO(sheet_file.read_bytes())) as pdf:
            groups = recovery_key_groups(pdf.pages[0].extract_text())
        kf = read_key_file(key_file_path(path))
        assert unlock_with_recovery(kf, "-".join(groups)) == unlock(kf, PASSPHRASE)
    finally:
        new_store.close()
        new_lock.release()


def test_cancelling_the_encryption_leaves_the_plain_store(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from kpo_desk.core.crypto.convert import work_dir

    path = tmp_path / "plain.sqlite3"
    store = Store.open(path)
    parties.create_client(store, name=SECRET_CLIENT, timezone="UTC")
    window = open_window(qtbot, store)
    seen: dict[str, object] = {}

    def on_warning(box: QMessageBox) -> None:
        seen["warning"] = box.text()
        _click(qtbot, box.buttons()[0])

    def on_progress(progress: QProgressDialog) -> None:
        seen["warning errors"] = when_modal(on_warning, kind=QMessageBox, timeout_s=60)
        _click(qtbot, progress.findChild(QPushButton))

    def on_ask(dialog: EncryptStoreDialog) -> None:
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
        seen["progress errors"] = when_modal(on_progress, kind=QProgressDialog)
        _click(qtbot, dialog.encrypt_button)

    errors = when_modal(on_ask, kind=EncryptStoreDialog)
    _from_file_menu(qtbot, window, window.encrypt_action)
    qtbot.waitUntil(lambda: window.restart_requested, timeout=60_000)
    assert errors == [] and seen["progress errors"] == [] and seen["warning errors"] == []
    assert seen["warning"] == "Encryption was cancelled; the store was not changed."
    reopened, _lock = window.handover
    try:
        assert not reopened.encrypted and not is_encrypted_store(path) and not work_dir(path).exists()
        assert [c.name for c in parties.list_clients(reopened)] == [SECRET_CLIENT]
    finally:
        reopened.close()


# -- File ▸ Change passphrase… --------------------------------------------------------------------
def test_change_passphrase_from_the_file_menu(qtbot, tmp_path: Path) -> None:
    store = _encrypted(tmp_path)
    window = open_window(qtbot, store)
    assert window.passphrase_action.isEnabled() and not window.encrypt_action.isEnabled()
    with store.engine.connect() as conn:  # everything in the database file, nothing in its WAL
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database = hashlib.sha256(store.path.read_bytes()).hexdigest()
    keys_before = key_file_path(store.path).read_bytes()
    seen: dict[str, object] = {}

    def on_change(dialog: ChangePassphraseDialog) -> None:
        qtbot.keyClicks(dialog.current, "not it at all")
        qtbot.keyClicks(dialog.fields.first, NEW_PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, NEW_PASSPHRASE)
        _click(qtbot, dialog.change_button)
        seen["wrong"] = dialog.current_message.text()
        seen["key file unchanged"] = key_file_path(store.path).read_bytes() == keys_before
        qtbot.keyClicks(dialog.current, PASSPHRASE)
        _click(qtbot, dialog.change_button)

    errors = when_modal(on_change, kind=ChangePassphraseDialog)
    _from_file_menu(qtbot, window, window.passphrase_action)
    assert errors == []
    assert seen["wrong"] == "That is not the current passphrase; nothing was changed."
    assert seen["key file unchanged"] is True
    assert "recovery key still works" in window.statusBar().currentMessage()
    kf = read_key_file(key_file_path(store.path))
    unlock(kf, NEW_PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        unlock(kf, PASSPHRASE)
    assert hashlib.sha256(store.path.read_bytes()).hexdigest() == database  # re-wrapped, not rewritten
    store.close()


# -- File ▸ Export… -------------------------------------------------------------------------------
def test_export_of_an_encrypted_store_says_it_is_plaintext_before_writing(qtbot, tmp_path: Path,
                                                                          monkeypatch) -> None:
    store = _encrypted(tmp_path)
    window = open_window(qtbot, store)
    target = tmp_path / "out" / "export.zip"
    target.parent.mkdir()
    monkeypatch.setattr(export_module, "ask_export_target", lambda _window: ("json", target))
    said: list[str] = []

    def cancel(box: QMessageBox) -> None:
        said.append(box.text())
        _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))

    errors = when_modal(cancel, kind=QMessageBox)
    _from_file_menu(qtbot, window, window.export_action)
    assert errors == []
    assert "but this export is not" in said[0] and "export.zip" in said[0]
    assert not target.exists() and list(target.parent.iterdir()) == []

    def go(box: QMessageBox) -> None:
        _click(qtbot, next(b for b in box.buttons() if b.text() == "Export anyway"))

    errors = when_modal(go, kind=QMessageBox)
    _from_file_menu(qtbot, window, window.export_action)
    qtbot.waitUntil(lambda: window.export_job.done, timeout=60_000)
    assert errors == []
    assert target.exists()
    assert "It is not encrypted." in window.statusBar().currentMessage()


def test_export_of_a_plain_store_asks_nothing(qtbot, store: Store, tmp_path: Path, monkeypatch) -> None:
    parties.create_client(store, name=SECRET_CLIENT, timezone="UTC")
    window = open_window(qtbot, store)
    target = tmp_path / "calendar.ics"
    monkeypatch.setattr(export_module, "ask_export_target", lambda _window: ("ics", target))
    _from_file_menu(qtbot, window, window.export_action)  # a warning box would block here
    qtbot.waitUntil(lambda: window.export_job.done, timeout=60_000)
    assert target.exists() and "not encrypted" not in window.statusBar().currentMessage()


# -- the auto-lock --------------------------------------------------------------------------------
def test_idle_window_locks_and_unsaved_input_survives(qtbot, tmp_path: Path) -> None:
    store = _encrypted(tmp_path)
    window = open_window(qtbot, store)
    assert window.auto_lock is not None
    QSettings().setValue(AUTO_LOCK_KEY, 0.015)  # 0.9 s
    bus().changed.emit("setting")  # what saving Settings says
    seen: dict[str, object] = {}

    def after_unlock(dialog: RecordDialog) -> None:
        seen["text after"] = dialog.inputs["name"].text()
        seen["covers after"] = [c for c in dialog.findChildren(LockCover) if c.isVisible()]
        seen["title after"] = dialog.windowTitle()
        _click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel))

    def on_lock(prompt: UnlockDialog) -> None:
        dialog = seen["dialog"]
        covers = {cover.parentWidget(): cover for cover in window.auto_lock.covers}
        seen["covered"] = window in covers and dialog in covers
        cover = covers.get(dialog)
        seen["cover on top"] = cover is not None and cover.isVisible() and cover.geometry() == dialog.rect() \
            and dialog.childAt(dialog.inputs["name"].geometry().center()) in (cover, *cover.findChildren(
                type(cover.children()[-1])))
        seen["titles"] = (window.windowTitle(), dialog.windowTitle())
        seen["text while locked"] = dialog.inputs["name"].text()
        seen["shot"] = dialog.grab()
        qtbot.keyClicks(prompt.passphrase, "wrong one")
        _click(qtbot, prompt.unlock_button)
        seen["wrong"] = prompt.message.text()
        seen["still locked"] = window.auto_lock.locked
        seen["after errors"] = when_modal(after_unlock, kind=RecordDialog)
        qtbot.keyClicks(prompt.passphrase, PASSPHRASE)
        qtbot.keyClick(prompt.passphrase, Qt.Key.Key_Return)

    def on_new_client(dialog: RecordDialog) -> None:
        seen["dialog"] = dialog
        qtbot.keyClicks(dialog.inputs["name"], "Unsaved Corp")
        seen["lock errors"] = when_modal(on_lock, kind=UnlockDialog)
        # Then nobody touches anything: the window locks itself.

    errors = when_modal(on_new_client, kind=RecordDialog)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert errors == [] and seen["lock errors"] == [] and seen["after errors"] == []
    assert seen["covered"] is True and seen["cover on top"] is True
    assert seen["titles"] == (LOCKED_TITLE, LOCKED_TITLE)
    assert seen["text while locked"] == "Unsaved Corp"
    assert seen["wrong"] == "That passphrase does not open this store (2 tries left)." and seen["still locked"]
    assert seen["text after"] == "Unsaved Corp"
    assert seen["covers after"] == []
    assert seen["title after"] == "New client"
    assert not window.auto_lock.locked and window.windowTitle() == "KPO Desk"
    assert [c.name for c in parties.list_clients(store)] == [SECRET_CLIENT]  # cancelled, not saved
    store.close()


def test_lock_now_covers_the_window_and_a_plain_store_has_no_lock(qtbot, tmp_path: Path, store: Store) -> None:
    plain = open_window(qtbot, store)
    assert plain.auto_lock is None and not plain.lock_action.isEnabled()
    encrypted = _encrypted(tmp_path)
    window = open_window(qtbot, encrypted)
    seen: dict[str, object] = {}

    def on_lock(prompt: UnlockDialog) -> None:
        seen["cover"] = window.findChildren(LockCover)
        seen["visible view"] = window.childAt(window.rect().center())
        qtbot.keyClick(prompt, Qt.Key.Key_Escape)  # does not unlock
        seen["locked after Escape"] = window.auto_lock.locked and prompt.isVisible()
        qtbot.keyClicks(prompt.passphrase, PASSPHRASE)
        _click(qtbot, prompt.unlock_button)

    errors = when_modal(on_lock, kind=UnlockDialog)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "cover" in seen and not window.auto_lock.locked, timeout=30_000)
    assert errors == []
    cover = seen["cover"][0]
    assert seen["visible view"] in (cover, *cover.findChildren(type(seen["visible view"])))
    assert seen["locked after Escape"] is True
    encrypted.close()


# -- Settings: remembering the passphrase ---------------------------------------------------------
class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory: this machine has no Secret Service to test against."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not there")


# Defining a backend registers it with keyring, which would then offer it to every later test that
# asks for the system's keyring; this one is only ever given on purpose (``set_keyring``).
keyring.backend.KeyringBackend._classes.discard(MemoryKeyring)


@pytest.fixture
def memory_keyring():  # noqa: ANN201
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_without_a_keyring_the_option_is_disabled_with_its_reason(qtbot, tmp_path: Path) -> None:
    store = _encrypted(tmp_path)
    window = open_window(qtbot, store)
    seen: dict[str, object] = {}

    def look(dialog: RecordDialog) -> None:
        seen["enabled"] = dialog.computer.remember.isEnabled()
        seen["checked"] = dialog.computer.remember.isChecked()
        seen["note"] = dialog.computer.remember_note.text()
        seen["minutes"] = dialog.computer.auto_lock.value()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    errors = when_modal(look, kind=RecordDialog)
    _from_file_menu(qtbot, window, window.settings_action)
    assert errors == []
    assert seen["enabled"] is False, seen
    assert seen["checked"] is False
    assert seen["note"].startswith("This computer has no password store (keyring)")
    assert seen["minutes"] == 15
    store.close()


def test_remembered_passphrase_opens_the_store_without_asking(qtbot, tmp_path: Path, memory_keyring) -> None:
    from kpo_desk.ui.app import open_store

    store = _encrypted(tmp_path)
    path = store.path
    window = open_window(qtbot, store)
    seen: dict[str, object] = {}

    def on_prompt(prompt: RememberPrompt) -> None:
        qtbot.keyClicks(prompt.passphrase, "wrong")
        _click(qtbot, prompt.ok_button)
        seen["wrong"] = prompt.message.text()
        qtbot.keyClicks(prompt.passphrase, PASSPHRASE)
        _click(qtbot, prompt.ok_button)

    def on_settings(dialog: RecordDialog) -> None:
        assert dialog.computer.remember.isEnabled() and not dialog.computer.remember.isChecked()
        _click(qtbot, dialog.computer.remember)
        dialog.computer.auto_lock.selectAll()
        qtbot.keyClicks(dialog.computer.auto_lock, "5")
        seen["prompt errors"] = when_modal(on_prompt, kind=RememberPrompt)
        _click(qtbot, dialog.save_button)

    errors = when_modal(on_settings, kind=RecordDialog)
    _from_file_menu(qtbot, window, window.settings_action)
    assert errors == [] and seen["prompt errors"] == []
    assert seen["wrong"] == "That passphrase does not open this store."
    assert memory_keyring.items == {(SERVICE, str(path.resolve())): PASSPHRASE}
    assert float(QSettings().value(AUTO_LOCK_KEY)) == 5
    window.close()
    store.close()
    # The next start opens without a dialog (an unlock dialog would be answered with Quit).
    asked = []
    when_modal(lambda d: (asked.append(d), d.quit()), kind=UnlockDialog, timeout_s=3)
    reopened, lock = open_store(str(path))
    assert asked == [] and reopened is not None and reopened.encrypted
    reopened.close()
    lock.release()


# -- no passphrase in the log or the error dialog -------------------------------------------------
@pytest.fixture
def hooked(tmp_path: Path, monkeypatch):  # noqa: ANN201
    """The app's exception hook and log, as ``kpo_desk.ui.app.main`` installs them."""
    import sys
    import threading

    from kpo_desk.core.logs import log, start_file_log
    from kpo_desk.ui.error_dialog import install_exception_hook

    monkeypatch.setenv("KPO_DESK_LOG_DIR", str(tmp_path / "log"))
    path = start_file_log()
    saved = sys.excepthook, threading.excepthook
    install_exception_hook()
    yield path
    sys.excepthook, threading.excepthook = saved
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


@pytest.mark.qt_no_exception_capture
def test_passphrase_reaches_no_log_no_error_dialog_and_no_file(qtbot, tmp_path: Path, monkeypatch,
                                                               hooked: Path) -> None:
    import kpo_desk.core.crypto.keys as keys_module
    import kpo_desk.core.services.engagements as engagements_module
    import kpo_desk.ui.error_dialog as error_dialog
    from kpo_desk.ui.app import open_store

    path = tmp_path / "desk.sqlite3"
    _encrypted(tmp_path).close()
    real_unlock = keys_module.unlock
    echoes = {"on": True}

    def echoing_unlock(kf, passphrase):  # noqa: ANN001, ANN202 - a library that repeats its input
        if echoes["on"]:
            echoes["on"] = False
            raise ValueError(f"cannot derive a key from {passphrase!r}")
        return real_unlock(kf, passphrase)

    monkeypatch.setattr(keys_module, "unlock", echoing_unlock)
    seen: dict[str, object] = {}

    def on_unlock(dialog: UnlockDialog) -> None:
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        _click(qtbot, dialog.unlock_button)  # the library "echoes" it: refused without it
        seen["echo message"] = dialog.message.text()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        _click(qtbot, dialog.unlock_button)

    errors = when_modal(on_unlock, kind=UnlockDialog)
    store, lock = open_store(str(path))
    assert errors == []
    assert "details were left out" in seen["echo message"] and PASSPHRASE not in seen["echo message"]
    window = MainWindow(store, lock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    # An unexpected error after unlocking, from a real key press (Refresh fails in core).
    def broken_count(*_args, **_kwargs) -> int:
        raise RuntimeError("the engagements could not be counted")

    monkeypatch.setattr(engagements_module, "count_engagements", broken_count)
    details: list[str] = []

    def on_error(box: QMessageBox) -> None:
        details.append(box.details)
        _click(qtbot, box.buttons()[0] if box.button(QMessageBox.StandardButton.Close) is None
               else box.button(QMessageBox.StandardButton.Close))

    errors = when_modal(on_error, kind=error_dialog.ErrorDialog)
    try:
        press(qtbot, window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: bool(details) or bool(errors), timeout=30_000)
    finally:
        QApplication.processEvents()
        store.close()
        lock.release()
    assert errors == [] and details and "RuntimeError" in details[0]
    assert PASSPHRASE not in details[0]
    logged = hooked.read_text(encoding="utf-8")
    assert "RuntimeError" in logged
    assert PASSPHRASE not in logged
    # Nor in any file the app wrote: the store, its key file, the log, the settings.
    for root in (tmp_path, Path(QSettings().fileName()).parent):
        for file in root.rglob("*"):
            if file.is_file():
                raw = file.read_bytes()
                assert PASSPHRASE.encode() not in raw and PASSPHRASE.encode("utf-16-le") not in raw, file
