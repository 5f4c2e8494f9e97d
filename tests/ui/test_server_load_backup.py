"""Team mode's File ▸ "Load a backup into this database…" (kpo_desk/ui/backup_actions.py
``load_into_server``), on the real test PostgreSQL server and real widgets: the menu entry the
file store's "Restore from backup…" becomes, the real file dialog typed into, the question
answered, the import run as a background job with the window's own store, and the answer the
window gives: the rows loaded (every row and attachment as exported) and the team steps that
follow, or a refusal (a database that holds records, a file that is not an export) in one
sentence with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from kpo_desk.core.backup import referenced_attachments
from kpo_desk.core.exporters.json_export import export_json
from kpo_desk.core.mail import import_mail
from kpo_desk.core.store import Store
from kpo_desk.ui.main_window import MainWindow
from tests.team.firm import small_firm
from tests.team.test_server_restore_import import blob_hashes, empty_on_the_server, rows_of
from tests.ui.helpers import shown, when_modal

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail" / "03-outbound-base64-attachments.eml"
#: A small import takes well under a second; a busy machine is given this long.
PATIENCE_MS = 120_000


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, set[str]]:
    """A small firm (staff, clients, engagements, an e-mail with attachments) in a store file,
    exported by the app's own ``export json``: (the .zip, every row, the attachments' SHA-256)."""
    folder = tmp_path_factory.mktemp("small-export")
    with Store.open(folder / "firm.sqlite3") as source:
        firm = small_firm(source)
        assert len(import_mail(source, [MAIL], engagement_id=firm.e1).imported) == 1
        export = export_json(source, folder / "firm-export.zip")
        rows = rows_of(source)
        with source.connection() as conn:
            referenced = set(referenced_attachments(conn))
    assert referenced and rows["communication"] and rows["engagement"]
    return export, rows, referenced


@pytest.fixture
def server_window(qtbot, pg_server, pg_database):  # noqa: ANN001
    """A window on the test database as the cluster's superuser (who owns it, a manager's login)."""
    store = Store.open(pg_server.url(pg_database))
    try:
        yield shown(qtbot, MainWindow(store))
    finally:
        store.close()


def choose_in_file_dialog(qtbot, path: Path | None, waits: list[list[str]]) -> list[str]:  # noqa: ANN001
    """Answer the next file dialog as a person does: paste the file's path and click Open, or
    (``path`` None) click Cancel. Returns the dialog's title and filters, once it is answered."""
    seen: list[str] = []

    def answer(dialog: QFileDialog) -> None:
        seen.extend([dialog.windowTitle(), *dialog.nameFilters()])
        buttons = dialog.findChild(QDialogButtonBox)
        if path is None:
            qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
            return
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setFocus()
        name.setText(str(path))  # pasted: typed key by key, each "/" makes the dialog change folder
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton)

    waits.append(when_modal(answer, kind=QFileDialog))
    return seen


def answer_every_box(qtbot, said: list[tuple[QMessageBox.Icon, str]], waits: list[list[str]]) -> None:  # noqa: ANN001
    """From now on, each message box is noted (its icon and text) and answered Yes, or OK."""

    def answer(box: QMessageBox) -> None:
        said.append((box.icon(), box.text()))
        answer_every_box(qtbot, said, waits)  # the next one, whenever it comes
        button = box.button(QMessageBox.StandardButton.Yes) or box.button(QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    waits.append(when_modal(answer, kind=QMessageBox))


def load_through_the_menu(qtbot, window: MainWindow, path: Path) -> list[tuple[QMessageBox.Icon, str]]:  # noqa: ANN001
    """File ▸ Load a backup into this database…, the file chosen, the question answered Yes; the
    boxes the window showed until the job ended (the question, then its answer)."""
    waits: list[list[str]] = []
    said: list[tuple[QMessageBox.Icon, str]] = []
    dialog = choose_in_file_dialog(qtbot, path, waits)
    answer_every_box(qtbot, said, waits)
    window.restore_action.trigger()
    assert dialog and dialog[1:] == ["KPO Desk backup or export (*.zip)", "All files (*)"], dialog
    qtbot.waitUntil(lambda: len(said) >= 2, timeout=PATIENCE_MS)
    job = window.load_job
    qtbot.waitUntil(lambda: job.done, timeout=PATIENCE_MS)
    assert [e for errors in waits for e in errors] == []
    return said


def test_the_menu_entry_loads_an_export_into_the_empty_server_database(
        qtbot, small_export, server_window: MainWindow, pg_server, pg_database) -> None:
    export, rows, referenced = small_export
    window = server_window
    assert window.stack.currentWidget() is window.empty_state
    said = load_through_the_menu(qtbot, window, export)

    (ask_icon, question), (told_icon, told) = said[:2]
    assert ask_icon == QMessageBox.Icon.Question
    assert f"Load {export.name} into {pg_database} on " in question, question
    assert told_icon == QMessageBox.Icon.Information, told
    total = sum(map(len, rows.values()))
    assert told.startswith(f"Loaded {total:,} records into {pg_database} on "), told
    assert "kpo-desk team init --staff NAME, then team add-user for each login" in told
    assert len(said) == 2
    # The server holds every row and every attachment as exported, read by a fresh store.
    with Store.open(pg_server.url(pg_database), read_only=True) as fresh:
        assert rows_of(fresh) == rows
    blobs = blob_hashes(pg_server, pg_database)
    assert set(blobs) == referenced and all(name == sha for name, sha in blobs.items())
    # The window kept its store (the server takes many writers) and shows what was loaded.
    assert not window.store.closed and window.isEnabled()
    assert window.stack.currentWidget() is window.body
    window.show_view("Clients")
    model = window.clients.model
    assert {model.row_at(r).name for r in range(model.rowCount())} == {"Acme Ltd", "Globex plc"}


@pytest.mark.parametrize("case", ["holds records", "not an export"])
def test_a_refused_load_says_why_in_one_sentence_and_writes_nothing(
        qtbot, small_export, server_window: MainWindow, pg_server, pg_database, tmp_path: Path, case: str) -> None:
    export, _rows, _referenced = small_export
    window = server_window
    if case == "holds records":
        small_firm(window.store)
        window.refresh()
        expected = f"The database at {window.store.location} already holds records"
    else:
        export = tmp_path / "notes.zip"
        export.write_text("my notes, not an export\n")
        expected = "Cannot import notes.zip: it is not an export made by KPO Desk"
    with Store.open(pg_server.url(pg_database), read_only=True) as before:
        rows_before = rows_of(before)

    said = load_through_the_menu(qtbot, window, export)
    assert [icon for icon, _text in said] == [QMessageBox.Icon.Question, QMessageBox.Icon.Warning], said
    warning = said[1][1]
    assert warning.startswith(expected), warning
    assert warning.endswith("\n\nThe database was not changed.") and "Traceback" not in warning
    with Store.open(pg_server.url(pg_database), read_only=True) as after:
        assert rows_of(after) == rows_before
    assert (case == "not an export") == empty_on_the_server(pg_server, pg_database)
    assert not window.store.closed and window.isEnabled()


def test_the_file_menu_offers_loading_on_a_server_store_and_restoring_on_a_file_store(
        qtbot, server_window: MainWindow, tmp_path: Path) -> None:
    server_entry = server_window.restore_action
    file_menu = server_window.menuBar().actions()[0].menu()
    assert server_entry in file_menu.actions()
    assert server_entry.isEnabled()
    assert server_entry.text() == "&Load a backup into this database…"
    assert server_entry.statusTip() == "Load a backup or export into this empty team database"
    # Cancelling the file dialog does nothing: no question, no job.
    waits: list[list[str]] = []
    said: list[tuple[QMessageBox.Icon, str]] = []
    dialog = choose_in_file_dialog(qtbot, None, waits)
    server_entry.trigger()
    answer_every_box(qtbot, said, waits)
    qtbot.wait(200)
    assert dialog and dialog[0] == "Load a backup into this database"
    assert said == [] and getattr(server_window, "load_job", None) is None
    assert [e for errors in waits for e in errors] == []

    with Store.open(tmp_path / "desk.sqlite3") as local:
        window = shown(qtbot, MainWindow(local))
        assert window.restore_action.isEnabled()
        assert window.restore_action.text() == "&Restore from backup…"
