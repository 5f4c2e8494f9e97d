"""Lists as a person sees them on a 1366x768 and a 1024x700 screen: no horizontal scroll bar,
cut text whole in its tooltip, the log's times, filter boxes that read whole, the client heading
on two lines, the dashboard's risk grid in sight, and the health dot visible in a selected row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QToolButton,
    QToolTip,
    QWidget,
)

from kpo_desk.core.services import communications as comms
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.core.wording import display_datetime, language_name, zone_label
from kpo_desk.ui.common.table import Column, RowTableModel, cell_option, cut_text, make_table
from kpo_desk.ui.main_window import MainWindow
from kpo_desk.ui.theme import apply_theme
from tests.ui.helpers import click_view, open_window

SMALL, LAPTOP = QSize(1024, 700), QSize(1366, 768)


def click_tab(qtbot, tabs, widget: QWidget) -> None:  # noqa: ANN001
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())
    assert tabs.currentWidget() is widget


def click_row(qtbot, table: QTableView, row: int, column: int = 0) -> None:  # noqa: ANN001
    table.scrollTo(table.model().index(row, column))
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex().row() == row


def sized(qtbot, window: MainWindow, size: QSize) -> None:  # noqa: ANN001
    """The window at ``size`` (a small screen opens it maximised: make it a normal window first)."""
    window.showNormal()
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    QApplication.processEvents()


def scrolling_lists(view: QWidget) -> list[str]:
    """Each visible list in ``view`` that shows a horizontal scroll bar, or hides a column that
    must always show (a column without a ``hide_rank``)."""
    found = []
    for table in view.findChildren(QTableView):
        if not table.isVisible():
            continue
        QApplication.processEvents()
        header = table.horizontalHeader()
        if table.horizontalScrollBar().isVisible():
            widths = [header.sectionSize(i) for i in range(header.count())]
            found.append(f"{table.accessibleName()}: scroll bar, viewport {table.viewport().width()}, columns {widths}")
        columns = getattr(table.model(), "columns", [])
        lost = [c.header for i, c in enumerate(columns) if getattr(c, "hide_rank", 0) == 0 and header.isSectionHidden(i)]
        if lost:
            found.append(f"{table.accessibleName()}: hid {lost}")
    return found


# -- 1. every list fits its view ----------------------------------------------------------------
@pytest.mark.parametrize("size", [SMALL, LAPTOP], ids=["1024x700", "1366x768"])
def test_lists_fit_their_view_without_a_horizontal_scroll_bar(qtbot, demo_store: Store, size: QSize) -> None:  # noqa: ANN001
    window = open_window(qtbot, demo_store)
    sized(qtbot, window, size)
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=60_000)
    problems: list[str] = []
    seen_tables = 0

    def check(name: str, view: QWidget) -> None:
        nonlocal seen_tables
        qtbot.wait(20)
        seen_tables += sum(1 for t in view.findChildren(QTableView) if t.isVisible() and t.model().rowCount())
        problems.extend(f"{name}: {p}" for p in scrolling_lists(view))

    click_view(qtbot, window, "Dashboard")
    qtbot.waitUntil(lambda: window.dashboard.model.rowCount() > 0, timeout=60_000)
    check("Dashboard", window.dashboard)

    click_view(qtbot, window, "Clients")
    clients = window.clients
    click_row(qtbot, clients.page.table, 1)
    detail = clients.detail
    qtbot.waitUntil(lambda: detail.contacts.model.rowCount() > 0)
    check("Clients, contacts", clients)
    click_tab(qtbot, detail.tabs, detail.engagements)
    qtbot.waitUntil(lambda: detail.engagements.model.rowCount() > 0)
    check("Clients, engagements", clients)

    click_view(qtbot, window, "Staff")
    click_row(qtbot, window.staff.page.table, 0)
    check("Staff", window.staff)

    click_view(qtbot, window, "Communications")
    log = window.communications.log
    qtbot.waitUntil(lambda: log.model.rowCount() > 0)
    click_row(qtbot, log.page.table, 0)
    check("Communications", window.communications)
    follow_ups = window.communications.follow_ups
    click_tab(qtbot, window.communications, follow_ups)
    qtbot.waitUntil(lambda: follow_ups.model.rowCount() > 0)
    check("Open follow-ups", window.communications)

    click_view(qtbot, window, "Reports")
    qtbot.waitUntil(lambda: window.reports.model.rowCount() > 0)
    click_row(qtbot, window.reports.page.table, 0)
    check("Reports", window.reports)

    click_view(qtbot, window, "Engagements")
    engagements = window.engagements
    click_row(qtbot, engagements.page.table, 0)
    check("Engagements", engagements)
    code_column = next(i for i, c in enumerate(engagements.model.columns) if c.key == "code")
    code = engagements.model.row_at(0).code
    shown = engagements.page.table.horizontalHeader().sectionSize(code_column)
    assert engagements.page.table.fontMetrics().horizontalAdvance(code) + 12 <= shown, "codes read whole"
    tabs = engagements.detail
    click_tab(qtbot, tabs, tabs.communications_tab)
    qtbot.waitUntil(lambda: tabs.communications_tab.model.rowCount() > 0)
    problems.extend(f"Engagement communications: {p}" for p in scrolling_lists(tabs.communications_tab))
    assert problems == []
    assert seen_tables >= 10  # the lists above were really shown, with rows


def test_staff_list_gets_the_room_its_short_detail_does_not_need(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Staff")
    page = window.staff.page
    click_row(qtbot, page.table, 0)
    list_width, detail_width = page.splitter.sizes()
    assert detail_width <= 300 and list_width >= 2 * detail_width
    assert "open assignment" in window.staff.detail.text()  # the detail still says its lines


def test_the_fitter_shrinks_then_hides_by_rank_and_shows_again(qtbot) -> None:  # noqa: ANN001
    rows = [type("Row", (), {"id": 1, "a": "x" * 40, "b": "b", "c": "c", "d": "d", "e": "e"})()]
    columns = [Column("a", "Alpha", 200, least=120, stretch=True), Column("b", "Bravo", 150, least=100),
               Column("c", "Charlie", 120, least=80, hide_rank=1), Column("d", "Delta", 120, least=80, hide_rank=2),
               Column("e", "Echo", 100, least=100)]
    model = RowTableModel(columns, lambda _k, _d: rows)
    table = make_table(model, "Test list")
    qtbot.addWidget(table)
    model.reload()
    table.show()
    header = table.horizontalHeader()

    def state(width: int) -> tuple[list[int], int]:
        table.resize(width, 200)
        qtbot.waitUntil(lambda: table.viewport().width() > 0)
        QApplication.processEvents()
        shown = [header.sectionSize(i) for i in range(5) if not header.isSectionHidden(i)]
        return [i for i in range(5) if header.isSectionHidden(i)], sum(shown)

    hidden, used = state(900)  # room for all at their declared widths: Alpha takes the rest
    assert hidden == [] and used == table.viewport().width()
    assert header.sectionSize(0) == table.viewport().width() - 490
    hidden, used = state(600)  # Alpha gives way first, then the others down to their least widths
    assert hidden == [] and used == table.viewport().width() and 120 <= header.sectionSize(0) <= 122
    assert header.sectionSize(4) == 100  # Echo's least is its width: it does not shrink
    assert 80 <= header.sectionSize(2) < 120 and 100 <= header.sectionSize(1) < 150
    hidden, used = state(430)  # not even the least widths fit: Delta (rank 2) hides first
    assert hidden == [3] and used <= table.viewport().width()
    hidden, used = state(330)
    assert hidden == [2, 3] and used <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    hidden, _ = state(900)  # room again: both come back
    assert hidden == []
    header.resizeSection(1, 260)  # a person's width is kept, and that column no longer shrinks
    hidden, used = state(700)
    assert header.sectionSize(1) == 260 and used == table.viewport().width()
    assert table.column_fitter.pinned == {1: 260}


def test_cut_text_is_whole_in_its_tooltip(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Staff")
    table = window.staff.page.table
    model = table.model()
    email = next(i for i, c in enumerate(model.columns) if c.key == "email")
    metrics = table.fontMetrics()
    row = next(r for r in range(model.rowCount())
               if metrics.horizontalAdvance(model.row_at(r).email) > table.columnWidth(email))
    index = model.index(row, email)
    assert cut_text(table, index) == model.row_at(row).email
    where = table.visualRect(index).center()
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == model.row_at(row).email
    QToolTip.hideText()
    # A text that is whole has no tooltip to repeat it.
    name = next(i for i, c in enumerate(model.columns) if c.key == "name")
    short = next(r for r in range(model.rowCount())
                 if metrics.horizontalAdvance(model.row_at(r).name) + 12 < table.columnWidth(name))
    assert cut_text(table, model.index(short, name)) is None


# -- 2. the log's When column, and why "Follow-up done" is greyed out ---------------------------
def test_log_shows_the_users_time_and_the_clients_in_tooltip_and_detail(qtbot, store: Store) -> None:
    assert zone_label("UTC") == "UTC" and zone_label("Etc/UTC") == "UTC"
    assert zone_label("Asia/Tokyo", datetime(2026, 3, 2, tzinfo=UTC)) == "Tokyo (UTC+9)"
    client = parties.create_client(store, name="Banco Horizonte S.A.", timezone="America/Sao_Paulo", language="pt")
    e = eng.create_engagement(store, client_id=client.id, title="Market sizing", service_type="market_research")
    at = datetime(2026, 12, 1, 14, 4, tzinfo=UTC)
    comms.log_communication(store, engagement_id=e.id, channel="meeting", direction="inbound", occurred_at=at,
                            subject="Scope clarification", follow_up_due=date.today() + timedelta(days=2))
    comms.log_communication(store, engagement_id=e.id, channel="email", direction="outbound",
                            occurred_at=at - timedelta(hours=1), subject="No follow-up here")
    window = open_window(qtbot, store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Communications")
    log = window.communications.log
    table = log.page.table
    qtbot.waitUntil(lambda: log.model.rowCount() == 2)
    done = next(b for b in log.findChildren(QToolButton) if b.defaultAction() is log.done_action)
    assert not done.isEnabled()
    assert "Select a communication with an open follow-up" in done.toolTip()
    assert log.done_action.statusTip() == done.toolTip()

    first = next(r for r in range(2) if log.model.row_at(r).subject == "Scope clarification")
    text = log.model.data(log.model.index(first, 0))
    assert text == display_datetime(at, log.user_zone)  # "1 Dec 2026 14:04" on a UTC laptop
    assert "·" not in text and "(UTC)" not in text
    assert cut_text(table, log.model.index(first, 0)) is None  # whole, not cut mid-word
    tip = log.model.data(log.model.index(first, 0), Qt.ItemDataRole.ToolTipRole)
    assert "11:04 Sao Paulo (UTC\u22123) for the client" in tip and "UTC (UTC)" not in tip

    click_row(qtbot, table, first)
    assert done.isEnabled() and "Mark the selected" in done.toolTip()
    body = log.body.toPlainText()
    assert "11:04 Sao Paulo (UTC\u22123) for the client" in body and "UTC (UTC)" not in body
    click_row(qtbot, table, 1 - first)
    assert not done.isEnabled() and "no follow-up" in done.toolTip()


# -- 3. the engagement's log at 1024x700 -------------------------------------------------------
def edit_room(combo) -> int:  # noqa: ANN001
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def test_engagement_log_favours_the_list_and_its_filters_read_whole(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Engagements")
    view = window.engagements
    click_row(qtbot, view.page.table, 0)
    tabs = view.detail
    log = tabs.communications_tab
    click_tab(qtbot, tabs, log)
    qtbot.waitUntil(lambda: log.model.rowCount() > 5)
    qtbot.wait(20)
    table = log.page.table
    assert table.height() > log.body.height(), "the list has more of the tab than the text below it"
    assert table.viewport().height() // table.verticalHeader().defaultSectionSize() >= 4
    for combo in (log.channel_filter, log.follow_filter):
        for i in range(combo.count()):
            combo.setCurrentIndex(i)
            QApplication.processEvents()
            text = combo.currentText()
            assert combo.fontMetrics().horizontalAdvance(text) <= edit_room(combo), f"“{text}” is cut"


# -- 4. the client heading -----------------------------------------------------------------------
def test_client_heading_reads_zone_and_language_on_two_lines_that_never_wrap(qtbot, store: Store) -> None:
    long_name = "Greenfield Law LLP, Intellectual Property and Commercial Litigation Group (London office)"
    parties.create_client(store, name=long_name, country="United Kingdom", timezone="Europe/London", language="en")
    parties.create_client(store, name="Acme", country="Brazil", timezone="America/Sao_Paulo", language="pt-BR")
    window = open_window(qtbot, store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Clients")
    view = window.clients
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    detail = view.detail
    row_of = {view.model.row_at(r).name: r for r in range(2)}

    click_row(qtbot, view.page.table, row_of["Acme"])
    assert detail.heading.text() == f"Brazil · {zone_label('America/Sao_Paulo')} · Portuguese (BR)"
    tabs_top = detail.tabs.mapTo(detail, QPoint(0, 0)).y()

    click_row(qtbot, view.page.table, row_of[long_name])
    facts = detail.heading.full_text
    assert facts == f"United Kingdom · {zone_label('Europe/London')} · English"
    assert "language en" not in facts and "Europe/London" not in facts
    assert language_name("en") == "English"
    # The long name is elided on its one line, whole in the tooltip; the tabs do not move down.
    assert detail.name_label.text().endswith("…") and detail.name_label.toolTip() == long_name
    assert detail.name_label.fontMetrics().horizontalAdvance(detail.name_label.text()) <= detail.name_label.width()
    assert detail.tabs.mapTo(detail, QPoint(0, 0)).y() == tabs_top


# -- 5. the dashboard's risk grid ------------------------------------------------------------------
def test_dashboard_risk_grid_is_in_sight_at_1024x700(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    sized(qtbot, window, SMALL)
    click_view(qtbot, window, "Dashboard")
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and dashboard.heat_grid.count() > 30, timeout=60_000)
    qtbot.wait(50)
    viewport = dashboard.counts_scroll.viewport()
    top = dashboard.heat_box.mapTo(viewport, QPoint(0, 0))
    assert top.y() >= 0 and top.y() + dashboard.heat_box.height() <= viewport.height(), (
        f"risk grid at {top.y()}..{top.y() + dashboard.heat_box.height()}, column {viewport.height()} high")
    assert not dashboard.counts_scroll.horizontalScrollBar().isVisible()


# -- 6. the health dot in the selected row -------------------------------------------------------
@pytest.fixture(params=[Qt.ColorScheme.Light, Qt.ColorScheme.Dark], ids=["light", "dark"])
def scheme(request, qapp) -> Iterator[Qt.ColorScheme]:  # noqa: ANN001
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, Qt.ColorScheme.Light)


def distance(a: QColor, b: QColor) -> float:
    return ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2) ** 0.5


def test_health_dot_keeps_its_colour_on_a_ring_in_the_selected_row(qtbot, demo_store: Store, scheme) -> None:  # noqa: ANN001
    from kpo_desk.ui.engagements.view import HEALTH_COLOURS

    window = open_window(qtbot, demo_store)
    sized(qtbot, window, LAPTOP)
    click_view(qtbot, window, "Engagements")
    table = window.engagements.page.table
    model = table.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    red = next(r for r in range(model.rowCount()) if getattr(model.row_at(r).health, "status", "") == "red")
    click_row(qtbot, table, red, 1)
    qtbot.wait(20)
    option = cell_option(table, model.index(red, 0))
    assert option.state & QStyle.StateFlag.State_Selected
    image = table.viewport().grab().toImage()
    y = option.rect.center().y()
    line = [image.pixelColor(x, y) for x in range(option.rect.left(), option.rect.right())]
    highlight = table.palette().color(table.palette().ColorRole.Highlight)
    assert distance(line[-1], highlight) < 25  # the row is drawn selected
    want = QColor(HEALTH_COLOURS["red"])
    best = min(range(len(line)), key=lambda x: distance(line[x], want))
    assert distance(line[best], want) < 25, f"the dot is {line[best].name()} at best when selected"
    dot = [x for x in range(len(line)) if distance(line[x], want) < 25]
    # A light ring on each side of the dot, standing out from the highlight.
    for side in (range(dot[0] - 1, dot[0] - 3, -1), range(dot[-1] + 1, dot[-1] + 3)):
        ring = max(line[x].lightness() for x in side)
        assert ring > 200 and ring - highlight.lightness() > 60, f"no light ring: {[line[x].name() for x in side]}"
