"""The main window on an empty store and on the demo store."""

from __future__ import annotations

import linecache

from PySide6.QtCore import QPoint, Qt

from kpo_desk.core.store import Store
from kpo_desk.ui import main_window
from kpo_desk.ui.common.forms import RecordDialog
from tests.ui.helpers import click_view, open_window, when_modal


def test_empty_store_offers_sample_data(qtbot, store: Store) -> None:
    window = open_window(qtbot, store)
    assert window.stack.currentWidget() is window.empty_state
    assert window.empty_state.sample_button.isVisible()
    assert str(store.path) in window.path_label.text()
    qtbot.mouseClick(window.empty_state.sample_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.body
    window.show_view("Engagements")
    window.engagements.status_filter.setCurrentIndex(window.engagements.status_filter.findData(None))
    assert window.engagements.model.total() == store.table_counts()["engagement"] == 30
    assert not window.sample_action.isEnabled()


def test_engagement_list_sorts_filters_and_shows_detail(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.engagements
    assert window.current_view_name() == "Engagements"
    view.status_filter.setCurrentIndex(view.status_filter.findData(None))
    model, total = view.model, demo_store.table_counts()["engagement"]
    assert model.total() == total
    codes = [model.row_at(r).code for r in range(model.rowCount())]
    assert codes == sorted(codes)
    header = view.page.table.horizontalHeader()
    client_column = [c.header for c in model.columns].index("Client")
    x = header.sectionViewportPosition(client_column) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    clients = [model.row_at(r).client for r in range(model.rowCount())]
    assert clients == sorted(clients, reverse=True)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.page.filter_edit.hasFocus()
    qtbot.keyClicks(view.page.filter_edit, "helvetia")
    qtbot.waitUntil(lambda: 0 < model.total() < total)
    assert all("Helvetia" in model.row_at(r).client for r in range(model.rowCount()))
    view.status_filter.setCurrentIndex(view.status_filter.findData("open"))
    qtbot.waitUntil(lambda: all(model.row_at(r).status.value in ("proposed", "onboarding", "active", "on_hold")
                                for r in range(model.rowCount())))
    view.page.table.setFocus()
    view.page.table.selectRow(0)
    row = model.row_at(0)
    qtbot.waitUntil(lambda: row.code in view.detail.overview.heading.text())
    assert view.detail.overview.form.inputs["title"].text() == row.title


def test_layout_is_remembered(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Clients")
    window.resize(window.width(), 480)  # the offscreen screen is only 800×600: test the height
    qtbot.wait(10)
    before = window.size()
    window.clients.page.table.horizontalHeader().resizeSection(1, 171)
    window.close()
    again = open_window(qtbot, demo_store)
    assert again.current_view_name() == "Clients"
    assert again.clients.page.table.horizontalHeader().sectionSize(1) == 171
    assert again.size().height() == before.height()
    assert before.height() != 820  # not merely the default size


def test_shortcuts_help_lists_the_menus(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    seen: list[str] = []

    def read(dialog) -> None:  # noqa: ANN001
        seen.append(dialog.browser.toPlainText())
        dialog.reject()

    errors = when_modal(read)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert errors == []
    assert "Undo" in seen[0] and "Ctrl+Z" in seen[0] and "Ctrl+Shift+N" in seen[0]


def test_settings_are_validated_next_to_the_field(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    shown: list[str] = []

    def fill(dialog: RecordDialog) -> None:
        dialog.inputs["report_accent"].setText("blue")
        dialog.save()
        shown.append(dialog.errors["report_accent"].text() if dialog.errors["report_accent"].isVisible() else "")
        dialog.inputs["report_accent"].setText("#336699")
        dialog.inputs["firm_name"].setText("Meridian & <Partners>")
        dialog.save()

    errors = when_modal(fill)
    window.settings_action.trigger()
    assert errors == []
    assert "hex colour" in shown[0]
    assert demo_store.get_setting("report_accent") == "#336699"
    assert demo_store.get_setting("firm_name") == "Meridian & <Partners>"


def test_the_window_keeps_no_module_source_text_after_building_a_view(qtbot, demo_store: Store) -> None:
    """PySide reads the source of every module imported after it, and linecache would keep
    it all (about 25 MB): the window lets it go once it has built a view."""
    window = open_window(qtbot, demo_store)
    source = main_window.__file__
    assert linecache.getlines(source), "the module's source can be read"
    before = [name for name in linecache.cache if "kpo_desk" in name]
    assert source in before
    click_view(qtbot, window, "Reports")  # built now: its modules are imported
    # A module imported from here on (a view's worker) may be read again; none read before is kept.
    assert [name for name in before if name in linecache.cache] == []
    assert linecache.getlines(source), "a traceback still finds the lines, read afresh"
