"""File ▸ Export…: the store as JSON (everything, attachments included), CSV tables or a calendar
of follow-ups and milestones, written by kpo_desk/core/exporters off the GUI thread.

An export is plaintext by nature. When the store is encrypted, the window says so before anything
is written, and writes only when the person chooses "Export anyway" (the command line prints one
warning line instead).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from kpo_desk.ui.common.jobs import BackgroundJob
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, translate

#: format -> the file dialog's filter; CSV is a folder of files, the others one file.
FILTERS = {
    "json": QT_TRANSLATE_NOOP("Protection", "Everything, attachments included (*.zip)"),
    "csv": QT_TRANSLATE_NOOP("Protection", "Tables as CSV files, in a folder (*)"),
    "ics": QT_TRANSLATE_NOOP("Protection", "Follow-ups and milestones as a calendar (*.ics)"),
}
SUFFIX = {"json": ".zip", "ics": ".ics", "csv": ""}


def plaintext_warning(target: Path) -> str:
    return translate("Protection", "The store is encrypted, but this export is not: anyone who gets {file_name} can read every client's data in it. Keep it somewhere as safe as the store, and delete it when you are done.").format(file_name=target.name)


def ask_export_target(window: QMainWindow) -> tuple[str, Path] | None:
    """The format and the path, from the system's save dialog (a test replaces this)."""
    store = window.store
    suggested = str(store.path.with_name(f"{store.path.stem}-export"))
    path, chosen = QFileDialog.getSaveFileName(window, translate("Protection", "Export the store"), suggested, ";;".join(translate("Protection", text) for text in FILTERS.values()))
    if not path:
        return None
    fmt = next((name for name, text in FILTERS.items() if translate("Protection", text) == chosen), "json")
    target = Path(path)
    if SUFFIX[fmt] and target.suffix.lower() != SUFFIX[fmt]:
        target = target.with_name(target.name + SUFFIX[fmt])
    return fmt, target


def confirm_plaintext(window: QMainWindow, target: Path) -> bool:
    """For an encrypted store: say that the export is plaintext; True to go on."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Protection", "This export is not encrypted"), plaintext_warning(target),
                      parent=window)
    go = box.addButton(translate("Protection", "Export anyway"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


def export_store(window: QMainWindow) -> BackgroundJob | None:
    """File ▸ Export…: ask where, warn when the store is encrypted, then export in the background."""
    from kpo_desk.core.exporters import export

    store = window.store
    if store is None:
        return None
    chosen = ask_export_target(window)
    if chosen is None:
        return None
    fmt, target = chosen
    if store.encrypted and not confirm_plaintext(window, target):
        window.statusBar().showMessage(translate("Protection", "Nothing was exported."), 6000)
        return None

    def job(_progress, _cancelled):  # noqa: ANN001, ANN202
        return export(fmt, store, target)

    def done(written) -> None:  # noqa: ANN001
        note = translate("Protection", " It is not encrypted.") if store.encrypted else ""
        window.statusBar().showMessage(translate("Protection", "Exported to {written}.{note}").format(written=written, note=note), 10000)

    window.export_job = BackgroundJob(window, translate("Protection", "Exporting…"), job, on_success=done,
                                      on_failure=lambda msg: QMessageBox.warning(window, translate("Protection", "Export"), msg)).start()
    return window.export_job
