"""The window on a small screen (1024x700), its lists and empty states, the status bar, and the
dark theme, driven through the widgets a person touches."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.main_window import VIEWS, MainWindow
from kpo_desk.ui.theme import apply_theme, contrast
from tests.ui.helpers import click_view, open_window, press, when_modal

SMALL = QSize(1024, 700)


def fits(window: MainWindow) -> str:
    """Empty when the window is within 1024x700 and could be made so; else what is too big."""
    QApplication.processEvents()
    size, least = window.size(), window.minimumSizeHint()
    if size.width() <= SMALL.width() and size.height() <= SMALL.height() \
            and least.width() <= SMALL.width() and least.height() <= SMALL.height():
        return ""
    return f"{window.current_view_name()}: size {size.toTuple()}, least {least.toTuple()}"


@pytest.fixture(params=[None, 10.0], ids=["default font", "10 pt font"])
def font_size(request) -> Iterator[float | None]:  # noqa: ANN001
    """The default offscreen font, and a point larger (as desktops often set it)."""
    app = QApplication.instance()
    before = QFont(app.font())
    if request.param is not None:
        bigger = QFont(before)
        bigger.setPointSizeF(request.param)
        app.setFont(bigger)
    yield request.param
    app.setFont(before)


def test_window_shrinks_to_1024x700_in_every_view_and_tab(qtbot, demo_store: Store, font_size) -> None:  # noqa: ANN001
    window = open_window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=60_000)  # tiles filled
    too_big = []
    for name in VIEWS:
        click_view(qtbot, window, name)
        window.resize(SMALL)
        too_big.append(fits(window))
        if name == "Engagements":
            window.engagements.page.table.selectRow(0)
            tabs = window.engagements.detail
            bar = tabs.tabBar()
            for i in range(tabs.count()):
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                assert tabs.currentIndex() == i
                window.resize(SMALL)
                too_big.append(fits(window) and f"{fits(window)} on tab {tabs.tabText(i)}")
    assert [t for t in too_big if t] == []


def test_engagement_list_has_titles_uniform_rows_and_two_kinds_of_empty(qtbot, store: Store) -> None:
    client = parties.create_client(store, name="Nordlys Energi AS", timezone="Europe/Oslo")
    window = open_window(qtbot, store)
    window.resize(SMALL)
    click_view(qtbot, window, "Engagements")
    page = window.engagements.page
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text().startswith("No engagements yet")

    for title in ("Technology scouting with a rather long title for the column", "Audit"):
        eng.create_engagement(store, client_id=client.id, title=title, service_type="rnd_engineering")
    window.engagements.reload()
    assert page.table_stack.currentWidget() is page.table
    model = window.engagements.model
    headers = [c.header for c in model.columns]
    assert "Title" in headers
    title_column = headers.index("Title")
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(title_column) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [model.data(model.index(r, title_column)) for r in range(2)] == [
        "Audit", "Technology scouting with a rather long title for the column"]
    assert {page.table.rowHeight(r) for r in range(model.rowCount())} == {page.table.rowHeight(0)}

    qtbot.keyClicks(page.filter_edit, "no such engagement")
    qtbot.waitUntil(lambda: model.total() == 0)
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text().startswith("No engagement matches")


def test_a_young_store_dashboard_says_no_controls_and_has_no_stray_scroll_bar(qtbot, store: Store) -> None:
    client = parties.create_client(store, name="Acme Research", timezone="Europe/Berlin")
    eng.create_engagement(store, client_id=client.id, title="Market sizing", service_type="market_research",
                          start_on=None)
    window = open_window(qtbot, store)
    window.resize(SMALL)
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=60_000)
    portfolio = dashboard.portfolio_label.text()
    assert "no controls yet" in portfolio and "100 %" not in portfolio and "0 of 0" not in portfolio
    services = [dashboard.service_grid.itemAt(i).widget().text() for i in range(dashboard.service_grid.count())]
    assert "Market research" in services  # a proposal is open work
    # Nothing but the lead is missing: one item, worded with a real plural.
    assert dashboard.summary.text().startswith("1 item needs attention")
    # The attention list has a row; the gaps list has none: it shows no horizontal scroll bar,
    # even when the window is made narrower than its columns.
    window.resize(700, 600)
    gaps = dashboard.gaps_table
    qtbot.waitUntil(lambda: gaps.horizontalScrollBar().maximum() > 0)  # columns wider than the view
    qtbot.waitUntil(lambda: dashboard.table.horizontalScrollBar().isVisible())  # the list with a row scrolls
    qtbot.wait(200)  # the scroll bars' own layout pass
    assert dashboard.gaps_model.rowCount() == 0 and not gaps.horizontalScrollBar().isVisible()


def test_today_and_the_dashboard_use_the_same_words(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=60_000)
    seen: list[str] = []

    def read(dialog) -> None:  # noqa: ANN001
        seen.append(dialog.summary.text())
        seen.append(dialog.model.data(dialog.model.index(0, [c.key for c in dialog.model.columns].index("when"))))
        dialog.reject()

    errors = when_modal(read)
    window.show_today_if_wanted()
    assert errors == []
    dashboard_words = window.dashboard.summary.text()
    assert seen[0] == dashboard_words
    assert re.match(r"\d[\d,]* items need attention; \d+ already late or red\.", seen[0])
    assert "(s)" not in seen[0]
    dates = [window.dashboard.model.data(window.dashboard.model.index(r, 2)) for r in range(window.dashboard.model.rowCount())]
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", d or "") for d in dates)


def test_undo_says_what_was_undone_and_long_messages_end_at_a_word(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.resize(SMALL)
    click_view(qtbot, window, "Engagements")
    view = window.engagements
    view.page.table.selectRow(0)
    overview = view.detail.overview
    overview.form.inputs["title"].setText("Renamed by the manager")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Undone: "))
    assert "engagement" in window.statusBar().currentMessage().lower()

    words = "The automatic backup was verified and saved next to the store, and the oldest copies were pruned"
    long_text = f"{words}; {words}; {words}."
    window.show_message(long_text)
    bar = window.statusBar()
    shown = bar.shown_message()
    assert bar.currentMessage() == long_text and bar.toolTip() == long_text
    assert shown.endswith("…") and len(shown) < len(long_text)
    cut = shown[:-1]
    assert long_text.startswith(cut) and long_text[len(cut)] in " ;,."  # ends at a word
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.room()


@pytest.fixture
def dark(qapp) -> Iterator[None]:  # noqa: ANN001
    apply_theme(qapp, Qt.ColorScheme.Dark)
    yield
    apply_theme(qapp, Qt.ColorScheme.Light)


def test_dark_theme_keeps_sidebar_icons_and_the_search_selection_legible(qtbot, demo_store: Store, dark) -> None:  # noqa: ANN001
    window = open_window(qtbot, demo_store)
    nav = window.nav
    background = nav.palette().color(QPalette.ColorRole.Base)
    assert background.lightness() < 100  # the dark theme is on
    image = nav.grab().toImage()
    ratio = image.devicePixelRatio()
    for row in range(nav.count()):
        if nav.item(row).isSelected():
            continue
        rect = nav.visualItemRect(nav.item(row))
        icon = [QColor(image.pixel(int(x * ratio), int(y * ratio)))
                for x in range(rect.left(), rect.left() + 30) for y in range(rect.top(), rect.bottom())]
        best = max(contrast(c, background) for c in icon)
        assert best >= 4.5, f"{nav.item(row).text()}: icon contrast {best:.1f} on the dark list"

    colours: list[list[str]] = []

    def search(palette) -> None:  # noqa: ANN001
        qtbot.keyClicks(palette.query, "Helvet")
        qtbot.waitUntil(lambda: len(palette.hits) > 1)
        qtbot.keyClick(palette.query, Qt.Key.Key_Down)
        row = palette.results.currentRow()
        colours.append(re.findall(r"color:\s*([#\w]+)", palette.labels[row].text()))
        palette.reject()

    errors = when_modal(search)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert errors == [] and colours and colours[0]
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    for colour in colours[0]:
        assert contrast(QColor(colour), highlight) >= 4.5, f"{colour} on the selected row"
