"""The main window, driven the way a person does: clicks and keys on real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.client_dialog import ClientDialog
from kpo_desk.ui.main_window import MainWindow


def make_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_empty_store_offers_sample_data(qtbot, store: Store) -> None:
    window = make_window(qtbot, store)
    assert window.stack.currentWidget() is window.empty_state
    assert window.empty_state.sample_button.isVisible()
    assert str(store.path) in window.path_label.text()
    qtbot.mouseClick(window.empty_state.sample_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.list_page
    assert window.model.rowCount() == store.table_counts()["engagement"] == 30
    assert not window.sample_action.isEnabled()


def test_demo_store_lists_sorts_filters_and_shows_detail(qtbot, demo_store: Store) -> None:
    window = make_window(qtbot, demo_store)
    total = demo_store.table_counts()["engagement"]
    assert window.model.rowCount() == total
    codes = [window.model.row_at(r).code for r in range(total)]
    assert codes == sorted(codes)
    # Click the "Client" header twice: descending by client name, sorted by core.
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    clients = [window.model.row_at(r).client for r in range(total)]
    assert clients == sorted(clients, reverse=True)
    # Filter with the keyboard.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus()
    qtbot.keyClicks(window.filter_edit, "helvetia")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < total)
    assert all("Helvetia" in window.model.row_at(r).client for r in range(window.model.rowCount()))
    # Select the first row: the detail pane shows that engagement.
    row = window.model.row_at(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: row.code in window.detail.browser.toPlainText())
    assert "Milestones" in window.detail.browser.toPlainText()


def test_new_client_dialog_shows_errors_next_to_fields(qtbot, store: Store) -> None:
    dialog = ClientDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.name, "Sato Seimitsu ")
    dialog.name.insert("佐藤精密株式会社")  # QTest cannot type non-Latin keys; an input method would
    dialog.timezone.setCurrentText("Tokyo")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error: QLabel = dialog.errors["timezone"]
    assert error.isVisible() and "not a known time zone" in error.text()
    assert not dialog.errors["name"].isVisible()
    assert parties.list_clients(store) == []
    dialog.timezone.setCurrentText("Asia/Tokyo")
    qtbot.keyClick(dialog.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == ClientDialog.DialogCode.Accepted
    assert [c.name for c in parties.list_clients(store)] == ["Sato Seimitsu 佐藤精密株式会社"]


def test_new_client_from_empty_state(qtbot, store: Store) -> None:
    window = make_window(qtbot, store)

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClientDialog)
        dialog.name.setText("Kraków BioLabs sp. z o.o.")
        dialog.timezone.setCurrentText("Europe/Warsaw")
        dialog.save()

    QTimer.singleShot(0, fill_dialog)
    qtbot.mouseClick(window.empty_state.client_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in parties.list_clients(store)] == ["Kraków BioLabs sp. z o.o."]
    assert "Kraków" in window.statusBar().currentMessage()


def test_layout_is_remembered(qtbot, demo_store: Store) -> None:
    window = make_window(qtbot, demo_store)
    window.resize(720, 520)  # fits the offscreen screen (800×600), so it is not clamped
    window.table.horizontalHeader().resizeSection(1, 333)
    window.close()
    again = make_window(qtbot, demo_store)
    assert again.table.horizontalHeader().sectionSize(1) == 333
    assert (again.size().width(), again.size().height()) == (720, 520)
