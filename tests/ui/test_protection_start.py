"""Issue 18 in the window, at start: the first start's choice and the recovery sheet, and the
unlock dialog (three tries, the recovery key), driven through the real widgets."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QPoint, Qt

from kpo_desk.core.crypto.errors import WrongPassphraseError
from kpo_desk.core.crypto.keys import key_file_path, read_key_file, unlock, unlock_with_recovery
from kpo_desk.core.lock import lock_holder
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store, is_encrypted_store
from kpo_desk.ui.app import open_store
from kpo_desk.ui.protection.first_start import FirstStartDialog
from kpo_desk.ui.protection.sheet import RecoverySheetDialog
from kpo_desk.ui.protection.unlock import RecoveryKeyDialog, UnlockDialog
from tests.ui.helpers import recovery_key_groups, when_modal

PASSPHRASE = "mango tuesday violin harbour"
NEW_PASSPHRASE = "lantern orbit pepper glacier"


def _hashes(folder: Path) -> dict[str, str]:
    """The store's files (the lock files, which the open takes and gives back, aside)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and ".lock" not in p.name}


def _encrypted_store(path: Path) -> str:
    """A new encrypted store with one client; returns its recovery key."""
    with Store.open(path, passphrase=PASSPHRASE) as store:
        parties.create_client(store, name="Initech Research", timezone="UTC")
        return store.new_recovery_key


def test_first_start_protects_the_store_and_shows_the_recovery_sheet_once(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    sheet_file = tmp_path / "kept-elsewhere" / "recovery.pdf"
    sheet_file.parent.mkdir()
    seen: dict[str, object] = {}

    def on_sheet(sheet: RecoverySheetDialog) -> None:
        sheet.ask_save_path = lambda: str(sheet_file)
        seen["continue enabled before the tick"] = sheet.continue_button.isEnabled()
        qtbot.keyClick(sheet, Qt.Key.Key_Escape)  # does not let go without the tick
        seen["still up after Escape"] = sheet.isVisible()
        seen["why"] = sheet.message.text()
        qtbot.mouseClick(sheet.save_button, Qt.MouseButton.LeftButton)
        seen["saved note"] = sheet.done_note.text()
        qtbot.mouseClick(sheet.saved_tick, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(sheet.continue_button, Qt.MouseButton.LeftButton)

    def on_choice(dialog: FirstStartDialog) -> None:
        seen["protect chosen by default"] = dialog.protect.isChecked()
        seen["warning"] = dialog.warning.text()
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE + "x")
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        seen["mismatch"] = dialog.fields.message.text()
        seen["still asking"] = dialog.isVisible()
        seen["hint"] = dialog.fields.strength.text()
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE)  # the differing one is selected: typed over
        seen["sheet errors"] = when_modal(on_sheet, kind=RecoverySheetDialog)
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    errors = when_modal(on_choice, kind=FirstStartDialog)
    store, lock = open_store(str(path))
    try:
        assert errors == [] and seen["sheet errors"] == []
        assert seen["protect chosen by default"] is True
        assert "the data is gone" in seen["warning"]
        assert seen["mismatch"] == "The two passphrases differ; type the same one twice."
        assert seen["still asking"] is True
        assert seen["hint"] == "Strong."
        assert seen["continue enabled before the tick"] is False
        assert seen["still up after Escape"] is True and "tick the box" in seen["why"]
        assert str(sheet_file) in seen["saved note"]
        assert store.encrypted and is_encrypted_store(path) and lock is not None
        assert store.new_recovery_key is None  # shown once, not kept
        # The saved sheet's key opens this store's key file: what was printed is the real key.
        with pdfplumber.open(io.BytesIO(sheet_file.read_bytes())) as pdf:
            groups = recovery_key_groups(pdf.pages[0].extract_text())
        kf = read_key_file(key_file_path(path))
        assert unlock_with_recovery(kf, "-".join(groups)) == unlock(kf, PASSPHRASE)
    finally:
        store.close()
        lock.release()


def test_first_start_without_a_passphrase_makes_a_plain_store(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"

    def choose_plain(dialog: FirstStartDialog) -> None:
        # On the button's circle (a radio button stretched across the dialog is hit there, not
        # in its empty middle).
        qtbot.mouseClick(dialog.plain, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.plain.height() // 2))
        assert not dialog.fields.first.isEnabled()
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    errors = when_modal(choose_plain, kind=FirstStartDialog)
    store, lock = open_store(str(path))
    assert errors == []
    assert not store.encrypted and not is_encrypted_store(path)
    store.close()
    lock.release()


def test_quitting_the_first_start_makes_nothing(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite3"
    errors = when_modal(lambda d: qtbot.mouseClick(d.quit_button, Qt.MouseButton.LeftButton),
                        kind=FirstStartDialog)
    assert open_store(str(path)) == (None, None)
    assert errors == []
    assert not path.exists() and not key_file_path(path).exists()
    assert lock_holder(path) is None


def test_unlock_three_wrong_tries_then_the_recovery_key_sets_a_new_passphrase(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    recovery_key = _encrypted_store(path)
    before = _hashes(tmp_path)
    seen: dict[str, object] = {}

    def on_recovery(dialog: RecoveryKeyDialog) -> None:
        typo = recovery_key[:-1] + ("A" if recovery_key[-1] != "A" else "B")
        qtbot.keyClicks(dialog.key, typo)
        qtbot.keyClicks(dialog.fields.first, NEW_PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, NEW_PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["typo"] = dialog.key_message.text()
        seen["unchanged after the typo"] = _hashes(tmp_path) == before
        dialog.key.clear()
        qtbot.keyClicks(dialog.key, recovery_key.lower().replace("-", " "))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def on_unlock(dialog: UnlockDialog) -> None:
        messages = []
        for wrong in ("mango", "tuesday", "violin"):
            qtbot.keyClicks(dialog.passphrase, wrong)
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
            messages.append(dialog.message.text())
            seen.setdefault("field emptied", dialog.passphrase.text() == "")
        seen["messages"] = messages
        seen["unchanged"] = _hashes(tmp_path) == before
        seen["unlock disabled"] = not dialog.unlock_button.isEnabled() and not dialog.passphrase.isEnabled()
        seen["recovery errors"] = when_modal(on_recovery, kind=RecoveryKeyDialog)
        qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)

    errors = when_modal(on_unlock, kind=UnlockDialog)
    store, lock = open_store(str(path))
    try:
        assert errors == [] and seen["recovery errors"] == []
        assert seen["messages"][:2] == ["That passphrase does not open this store (2 tries left).",
                                        "That passphrase does not open this store (1 try left)."]
        assert seen["messages"][2].startswith("Three wrong passphrases. Quit, or use the recovery key")
        assert seen["unchanged"] is True and seen["field emptied"] is True
        assert seen["unlock disabled"] is True
        assert "typing mistake" in seen["typo"] and seen["unchanged after the typo"] is True
        assert [c.name for c in parties.list_clients(store)] == ["Initech Research"]
    finally:
        store.close()
        lock.release()
    kf = read_key_file(key_file_path(path))
    unlock(kf, NEW_PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        unlock(kf, PASSPHRASE)


def test_unlock_with_the_passphrase_opens_and_quit_leaves_the_store_alone(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    _encrypted_store(path)
    before = _hashes(tmp_path)
    errors = when_modal(lambda d: qtbot.mouseClick(d.quit_button, Qt.MouseButton.LeftButton), kind=UnlockDialog)
    assert open_store(str(path)) == (None, None)
    assert errors == [] and _hashes(tmp_path) == before and lock_holder(path) is None

    def type_it(dialog: UnlockDialog) -> None:
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    errors = when_modal(type_it, kind=UnlockDialog)
    store, lock = open_store(str(path))
    assert errors == []
    assert store.encrypted and [c.name for c in parties.list_clients(store)] == ["Initech Research"]
    store.close()
    lock.release()


def test_the_recovery_sheet_prints_its_page(qtbot, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from kpo_desk.core.crypto.keys import format_recovery_key

    key = format_recovery_key(bytes(range(32)))
    printed = tmp_path / "printed.pdf"

    def printer() -> QPrinter:  # the system's print dialog, answered with "print to file"
        chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
        chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen.setOutputFileName(str(printed))
        return chosen

    seen: dict[str, object] = {}

    def on_sheet(sheet: RecoverySheetDialog) -> None:
        sheet.ask_printer = printer
        seen["preview pages"] = sheet.preview.page_count()
        qtbot.mouseClick(sheet.print_button, Qt.MouseButton.LeftButton)
        seen["note"] = sheet.done_note.text()
        qtbot.mouseClick(sheet.saved_tick, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(sheet.continue_button, Qt.MouseButton.LeftButton)

    errors = when_modal(on_sheet, kind=RecoverySheetDialog)
    sheet = RecoverySheetDialog(tmp_path / "desk.sqlite3", key)
    assert sheet.exec() == RecoverySheetDialog.DialogCode.Accepted
    assert errors == []
    assert seen["preview pages"] == 1 and "Sent to the printer" in seen["note"]
    assert len(PdfReader(printed).pages) == 1 and printed.stat().st_size > 20_000  # a drawn page, not a blank one
    assert sheet.printed and sheet._key == ""  # the key is dropped once the sheet is closed
