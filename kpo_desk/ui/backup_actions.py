"""Back up now, and restore from a backup (on a team server: load one into its empty database),
with progress and cancel (the work runs off the GUI thread)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMainWindow, QMessageBox

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.ui.common.jobs import BackgroundJob
from kpo_desk.ui.common.words import gui_count, gui_is_english, gui_number, translate


def _fraction_progress(progress, cancelled):  # noqa: ANN001, ANN202
    """Adapt the job's (done, total, text) progress to core's (fraction, text) -> keep going."""

    def report(fraction: float, message: str) -> bool:
        progress(int(fraction * 1000), 1000, message)
        return not cancelled()

    return report


def back_up_now(window: QMainWindow, target: str | None = None) -> BackgroundJob | None:
    from kpo_desk.core.backup import backup_to

    store = window.store
    if target is None:
        suggested = f"{store.path.stem}-{datetime.now():%Y-%m-%d-%H%M}.zip"
        target, _ = QFileDialog.getSaveFileName(window, translate("Backup", "Back up the store"), suggested, translate("Backup", "KPO Desk backup (*.zip)"))
    if not target:
        return None

    def job(progress, cancelled):  # noqa: ANN001, ANN202
        return backup_to(store, target, progress=_fraction_progress(progress, cancelled))

    def done(info) -> None:  # noqa: ANN001
        window.statusBar().showMessage(translate("Backup", "Backup verified and saved: {path} ({size} MB, {count}).").format(path=info.path, size=f"{info.size / 1e6:.1f}" if gui_is_english() else gui_number(info.size / 1e6, 1), count=gui_count(info.attachments, translate("Words", "attachment"), translate("Words", "attachments"))), 10000)

    window.backup_job = BackgroundJob(window, translate("Backup", "Backing up…"), job, on_success=done,
                                      on_failure=lambda msg: QMessageBox.warning(window, translate("Backup", "Backup"), msg)).start()
    return window.backup_job


def ask_backup_passphrase(window: QMainWindow, why: str = "") -> str | None:
    """The passphrase the store had when an encrypted backup was made, or None when the person
    cancels. It stays in memory only, for this restore."""
    text = translate("Backup", "This backup is encrypted. Type the passphrase the store had when the backup was made.")
    if why:
        text = f"{why}\n\n{text}"
    typed, ok = QInputDialog.getText(window, translate("Backup", "Encrypted backup"), text, QLineEdit.EchoMode.Password)
    return typed if ok and typed else None


def restore_from(window: QMainWindow, source: str | None = None, *, confirm: bool = True) -> BackgroundJob | None:
    """Check the backup, close this store, restore (the current store is kept aside), then reopen."""
    from kpo_desk.core.restore import restore_backup, verify_backup

    if source is None:
        source, _ = QFileDialog.getOpenFileName(window, translate("Backup", "Restore from a backup"), str(window.store.path.parent),
                                                translate("Backup", "KPO Desk backup (*.zip *.sqlite3);;All files (*)"))
    if not source:
        return None
    passphrase: str | None = None
    for _try in range(3):
        try:
            info = verify_backup(source, passphrase=passphrase)
            break
        except KpoDeskError as exc:
            if getattr(exc, "field", None) != "passphrase":
                QMessageBox.warning(window, translate("Backup", "Restore"), str(exc))
                return None
            passphrase = ask_backup_passphrase(window, str(exc) if passphrase is not None else "")
            if passphrase is None:
                return None
    else:
        QMessageBox.warning(window, translate("Backup", "Restore"), translate("Backup", "That passphrase does not open the backup; nothing was restored."))
        return None
    if confirm:
        answer = QMessageBox.question(
            window, translate("Backup", "Restore from a backup"),
            translate("Backup", "Replace the current store with the backup taken {created_at:%Y-%m-%d %H:%M} (schema {schema_revision}, {count})?\n\nThe current store is kept aside, not deleted.").format(created_at=info.created_at, schema_revision=info.schema_revision, count=gui_count(info.attachments, translate("Words", "attachment"), translate("Words", "attachments"))))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    store_path = window.store.path
    window.release_store()

    def job(progress, cancelled):  # noqa: ANN001, ANN202
        return restore_backup(source, store_path, progress=_fraction_progress(progress, cancelled),
                              passphrase=passphrase)

    def done(result) -> None:  # noqa: ANN001
        QMessageBox.information(window, translate("Backup", "Restore"), translate("Backup", "Restored. The previous store was kept as {kept_aside}.").format(kept_aside=result.kept_aside))
        window.reopen_after_restore()

    def failed(message: str) -> None:
        QMessageBox.warning(window, translate("Backup", "Restore"), translate("Backup", "{message}\n\nThe current store was not changed.").format(message=message))
        window.reopen_after_restore()

    window.restore_job = BackgroundJob(window, translate("Backup", "Restoring…"), job, on_success=done, on_failure=failed).start()
    return window.restore_job


def load_into_server(window: QMainWindow, source: str | None = None, *, confirm: bool = True) -> BackgroundJob | None:
    """Team mode's File ▸ Load a backup into this database…: a server's backup (or any export)
    into this EMPTY database, as ``kpo-desk import json --db postgresql://…`` does. Core refuses a
    login that is not a manager's and a database that holds records, in one transaction. The
    window keeps its store: the server takes many writers, so nothing is released."""
    from kpo_desk.core.exporters.json_import import import_json
    from kpo_desk.ui.team.actions import server_place

    title = translate("Backup", "Load a backup into this database")
    if source is None:
        source, _ = QFileDialog.getOpenFileName(window, title, "", translate("Backup", "KPO Desk backup or export (*.zip);;All files (*)"))
    if not source:
        return None
    store, place = window.store, server_place(window.store)[1]
    if confirm and not _load_confirmed(window, title, source, place):
        return None

    def job(progress, cancelled):  # noqa: ANN001, ANN202
        return import_json(store, source, progress=_fraction_progress(progress, cancelled))

    def done(counts: dict[str, int]) -> None:
        window.refresh()
        QMessageBox.information(window, title, translate("Backup", "Loaded {count} records into {place}. Next: set up the team on it (kpo-desk team init --staff NAME, then team add-user for each login).").format(count=gui_number(sum(counts.values())), place=place))

    def failed(message: str) -> None:
        QMessageBox.warning(window, title, translate("Backup", "{message}\n\nThe database was not changed.").format(message=message))

    window.load_job = BackgroundJob(window, translate("Backup", "Loading the backup…"), job, on_success=done, on_failure=failed).start()
    return window.load_job


def _load_confirmed(window: QMainWindow, title: str, source: str, place: str) -> bool:
    answer = QMessageBox.question(
        window, title,
        translate("Backup", "Load {file} into {place}?\n\nThis works only on an empty database, by a manager's login. The file is checked as it loads; if anything is refused, nothing is written.").format(file=Path(source).name, place=place))
    return answer == QMessageBox.StandardButton.Yes
