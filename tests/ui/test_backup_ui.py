"""Issue 9 in the GUI: back up with progress, restore (keeping the current store aside), one writer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from kpo_desk.core.lock import acquire_store_lock
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.app import open_store
from kpo_desk.ui.backup_actions import back_up_now, restore_from
from kpo_desk.ui.main_window import MainWindow
from tests.ui.helpers import open_window, when_modal


def test_back_up_then_restore_from_the_window(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    lock = acquire_store_lock(path)
    store = Store.open(path)
    parties.create_client(store, name="Before the backup", timezone="UTC")
    window = MainWindow(store, lock)
    qtbot.addWidget(window)
    window.show()
    target = tmp_path / "backup.zip"
    job = back_up_now(window, str(target))
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert target.exists() and target.stat().st_mode & 0o077 == 0
    assert "Backup verified" in window.statusBar().currentMessage()
    parties.create_client(store, name="After the backup", timezone="UTC")
    said: list[str] = []
    when_modal(lambda box: (said.append(box.text()), box.accept()), kind=QMessageBox)  # not the progress dialog
    job = restore_from(window, str(target), confirm=False)
    qtbot.waitUntil(lambda: window.restart_requested, timeout=60_000)
    with Store.open(path) as reopened:
        names = [c.name for c in parties.list_clients(reopened)]
    assert said and said[0].startswith("Restored. The previous store was kept as"), said
    assert names == ["Before the backup"]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("desk") and p != path and p.suffix == ".sqlite3"]
    assert kept, "the replaced store is kept aside"
    with Store.open(kept[0]) as aside:
        assert "After the backup" in [c.name for c in parties.list_clients(aside)]


def test_a_second_window_is_offered_read_only(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    Store.open(path).close()
    first = acquire_store_lock(path)
    texts: list[str] = []

    def choose_read_only(box: QMessageBox) -> None:
        texts.append(box.text())
        next(b for b in box.buttons() if b.text() == "Open read-only").click()

    errors = when_modal(choose_read_only)
    store, lock = open_store(str(path))
    assert errors == []
    assert "already open on this store" in texts[0]
    assert lock is None and store.read_only
    from kpo_desk.core.errors import KpoDeskError

    try:
        parties.create_client(store, name="Should not be written", timezone="UTC")
    except KpoDeskError as exc:
        assert "read-only" in str(exc)
    else:
        raise AssertionError("a read-only store accepted a write")
    store.close()
    first.release()
    store, lock = open_store(str(path))
    assert lock is not None and not store.read_only
    store.close()
    lock.release()


def test_restoring_an_encrypted_backup_asks_for_its_passphrase(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The window asks for the passphrase the store had when the backup was made (a wrong one
    gets its sentence and a second try), then offers the restore."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

    from kpo_desk.core.backup import backup_to
    from kpo_desk.core.crypto import convert, keys
    from kpo_desk.ui.backup_actions import restore_from

    fast = keys.ScryptParams(n=2**10)
    monkeypatch.setattr(keys, "DEFAULT_SCRYPT", fast)
    secret = tmp_path / "secret.sqlite3"
    with Store.open(secret) as store:
        parties.create_client(store, name="Encrypted Client AG", timezone="UTC")
    with acquire_store_lock(secret):
        convert.encrypt_store(secret, "correct horse battery", kdf=fast)
    with Store.open(secret, passphrase="correct horse battery") as store:
        zipped = backup_to(store, tmp_path / "encrypted-backup.zip").path

    plain = tmp_path / "desk.sqlite3"
    with Store.open(plain) as store:
        parties.create_client(store, name="Acme", timezone="UTC")
    window = open_window(qtbot, Store.open(plain))
    asked: list[str] = []
    offered: list[str] = []
    answers = iter(["wrong passphrase", "correct horse battery"])
    waits: list[list[str]] = []

    def offer(box) -> None:  # noqa: ANN001
        offered.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    def answer(dialog) -> None:  # noqa: ANN001
        asked.append(dialog.labelText())
        assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
        dialog.setTextValue(next(answers))
        waits.append(when_modal(answer, kind=QInputDialog) if len(asked) == 1
                     else when_modal(offer, kind=QMessageBox))
        dialog.accept()

    waits.append(when_modal(answer, kind=QInputDialog))
    assert restore_from(window, str(zipped)) is None  # the person said No at the last question
    assert [e for errors in waits for e in errors] == []
    assert len(asked) == 2 and "does not open it" in asked[1]
    assert offered and "Replace the current store with the backup" in offered[0]
    window.close()
