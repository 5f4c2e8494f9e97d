"""The Engagements view: a sortable, filterable list (SQL does the work) beside the detail tabs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kpo_desk.core.enums import EngagementStatus, ServiceType
from kpo_desk.core.health import assess_many
from kpo_desk.core.services import parties
from kpo_desk.core.services.engagement_list import (
    count_engagement_rows,
    engagement_position,
    list_engagement_rows,
)
from kpo_desk.core.services.engagements import count_engagements, get_engagement
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.pages import ListPage
from kpo_desk.ui.common.table import Column, RowTableModel
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_date,
    gui_is_english,
    gui_message,
    status_label,
    translate,
)
from kpo_desk.ui.engagements.detail import EngagementDetail, health_word
from kpo_desk.ui.records import Editor
from kpo_desk.ui.theme import semantic_style, severity_colour


def _next(row) -> str:  # noqa: ANN001
    if not row.next_milestone:
        return ""
    return f"{gui_date(row.next_milestone_due, 'undated')}  {row.next_milestone}"


def _overdue(row) -> QColor | None:  # noqa: ANN001
    late = row.next_milestone_due is not None and row.next_milestone_due < date.today()
    return severity_colour("overdue") if late else None


HEALTH_COLOURS = {"red": "#c0392b", "amber": "#e67e22", "green": "#27ae60"}
_DOTS: dict[str, QIcon] = {}


def health_dot(status: str) -> QIcon:
    """A crisp coloured dot, drawn once per colour at the screen's pixel ratio."""
    if status not in _DOTS:
        ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
        pixmap = QPixmap(int(14 * ratio), int(14 * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(HEALTH_COLOURS[status]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(2, 2, 10, 10)
        painter.end()
        _DOTS[status] = QIcon(pixmap)
    return _DOTS[status]


def _health_tip(row) -> str | None:  # noqa: ANN001
    health = getattr(row, "health", None)
    if health is None:
        return None
    status = health.status if gui_is_english() else health_word(health.status)
    lines = [translate("Health", "Health: {status}").format(status=status)
             + (translate("Health", " (manual override)") if health.overridden else "")]
    if health.overridden and health.override_reason:
        lines.append(translate("Health", "Override: {reason}").format(reason=health.override_reason))
    lines += [f"• {gui_message(r.worded)}" for r in health.reasons]
    return "\n".join(lines) if len(lines) > 1 else translate("Health", "Health: {status}, nothing to report").format(status=status)


COLUMNS = [
    Column("health", "", 28, text=lambda r: "", tooltip=_health_tip, least=28,
           decoration=lambda r: health_dot(r.health.status) if getattr(r, "health", None) else None),
    Column("code", QT_TRANSLATE_NOOP("Columns", "Code"), 140, least=130),
    Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), 180, tooltip=lambda r: r.title, stretch=True, least=160),
    Column("client", QT_TRANSLATE_NOOP("Columns", "Client"), 160, least=110),
    Column("service_type", QT_TRANSLATE_NOOP("Columns", "Service"), 150, least=110, hide_rank=2),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), 85, least=85),
    Column("lead", QT_TRANSLATE_NOOP("Columns", "Lead"), 115, least=95, hide_rank=1),
    Column("next_milestone_due", QT_TRANSLATE_NOOP("Columns", "Next milestone"), 200, text=_next, colour=_overdue, least=150,
           tooltip=lambda r: r.next_milestone or None),
]


class HealthCache:
    """Health for the rows being looked at: assessed a window of rows at a time, so that
    opening a list of 20,000 engagements does not assess all of them."""

    WINDOW = 120  # a screenful or two: the rows a person is looking at

    def __init__(self, store) -> None:  # noqa: ANN001
        self.store, self.known = store, {}

    def health(self, page_ids: list[int], position: int):  # noqa: ANN201
        engagement_id = page_ids[position]
        if engagement_id not in self.known:
            start = max(0, position - self.WINDOW // 4)
            wanted = [i for i in page_ids[start:start + self.WINDOW] if i not in self.known]
            self.known.update(assess_many(self.store, wanted))
        return self.known.get(engagement_id)


class HealthRow:
    """An engagement row with its health attached lazily (the row itself stays a core value)."""

    __slots__ = ("row", "cache", "page_ids", "position")

    def __init__(self, row, cache: HealthCache, page_ids: list[int], position: int) -> None:  # noqa: ANN001
        self.row, self.cache, self.page_ids, self.position = row, cache, page_ids, position

    @property
    def health(self):  # noqa: ANN201
        return self.cache.health(self.page_ids, self.position)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.row, name)


class EngagementsView(QWidget):
    def __init__(self, editor: Editor, new_action: QAction | None = None) -> None:
        super().__init__()
        self.editor = editor
        self.status_filter = QComboBox(accessibleName=self.tr("Status filter"))
        self.status_filter.addItem(self.tr("Open work"), "open")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in EngagementStatus:
            self.status_filter.addItem(status_label(status), status)
        self.service_filter = QComboBox(accessibleName=self.tr("Service filter"))
        self.service_filter.addItem(self.tr("All services"), None)
        for service in ServiceType:
            self.service_filter.addItem(status_label(service), service)
        self.client_filter = QComboBox(accessibleName=self.tr("Client filter"))
        self.lead_filter = QComboBox(accessibleName=self.tr("Lead filter"))
        self.refresh_choices()
        if new_action is None:  # on its own (the main window passes its own, which works from any view)
            new_action = QAction(self.tr("New engagement…"), self, shortcut=QKeySequence("Ctrl+N"),
                                 statusTip=self.tr("Create an engagement for a client"))
            new_action.triggered.connect(self.new_engagement)
        self.new_action = new_action
        self.model = RowTableModel(columns_in(COLUMNS), parent=self, pager=self._page, counter=self._count,
                                   locator=self._locate)
        self._health = HealthCache(editor.store)
        self._by_health: list | None = None  # the whole list in health order, while so sorted
        self.detail = EngagementDetail(editor)
        keys = self.new_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.nothing_selected = QLabel(
            self.tr("Select an engagement in the list above to see and edit it here, or press {keys} to create one.").format(keys=keys or self.tr("New engagement")), wordWrap=True,
            alignment=Qt.AlignmentFlag.AlignCenter)
        self.nothing_selected.setAccessibleName(self.tr("No engagement selected"))
        self.nothing_selected.setStyleSheet(f"{semantic_style('muted')} font-size: 14px; padding: 24px;")
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.nothing_selected)
        self.detail_stack.addWidget(self.detail)
        self.page = ListPage("Engagements", self.model, self.detail_stack, settings_key="engagements",
                             filters=[self.status_filter, self.service_filter, self.client_filter, self.lead_filter],
                             actions=[self.new_action], placeholder=self.tr("Filter by code, title or client  (Ctrl+F)"),
                             empty_hint=self.tr("No engagement matches. Clear the filters, or create one with Ctrl+N."),
                             blank_hint=self.tr("No engagements yet. Create the first with Ctrl+N."),
                             has_records=lambda: count_engagements(editor.store) > 0,
                             orientation=Qt.Orientation.Vertical)
        self.page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # by code
        self.page.current_changed.connect(self._on_current)
        self.detail.overview.status_changed.connect(self.page.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        bus().changed.connect(self._on_changed)

    def refresh_choices(self) -> None:
        store = self.editor.store
        for combo, label, items in (
            (self.client_filter, self.tr("All clients"), [(c.name, c.id) for c in parties.list_clients(store)]),
            (self.lead_filter, self.tr("All leads"), [(s.name, s.id) for s in parties.list_staff(store)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _filters(self) -> dict:
        status = self.status_filter.currentData()
        statuses: tuple = ()
        if status == "open":
            statuses = EngagementStatus.OPEN
        elif status is not None:
            statuses = (status,)
        return {"text": self.page.filter_text() if hasattr(self, "page") else "", "statuses": statuses,
                "service_type": self.service_filter.currentData(), "client_id": self.client_filter.currentData(),
                "lead_id": self.lead_filter.currentData()}

    def _count(self) -> int:
        return count_engagement_rows(self.editor.store, **self._filters())

    def _locate(self, sort_key: str, descending: bool, engagement_id: int) -> int | None:
        if sort_key == "health":  # ordered in Python, once: look in that order, if it is there yet
            rows = self._by_health
            return None if rows is None else next((i for i, r in enumerate(rows) if r.id == engagement_id), -1)
        found = engagement_position(self.editor.store, engagement_id, **self._filters(), sort=sort_key,
                                    descending=descending)
        return -1 if found is None else found

    def _page(self, sort_key: str, descending: bool, offset: int, limit: int) -> list:
        store = self.editor.store
        if offset == 0:  # a reload: the first page is always fetched first
            self._health, self._by_health = HealthCache(store), None
        if sort_key == "health":  # sorting by health needs every row's health: one full assessment
            if self._by_health is None:
                every = list_engagement_rows(store, **self._filters())
                health = assess_many(store, [r.id for r in every])
                order = {"red": 0, "amber": 1, "green": 2}
                every.sort(key=lambda r: order.get(health[r.id].status if r.id in health else "", 3),
                           reverse=descending)
                self._health.known.update(health)
                self._by_health = every
            rows = self._by_health[offset:offset + limit]
        else:
            rows = list_engagement_rows(store, **self._filters(), sort=sort_key, descending=descending,
                                        limit=limit, offset=offset)
        ids = [r.id for r in rows]
        return [HealthRow(r, self._health, ids, i) for i, r in enumerate(rows)]

    def reload(self) -> None:
        self.page.reload()

    def select(self, engagement_id: int) -> None:
        if not self.page.select_id(engagement_id):
            self.status_filter.setCurrentIndex(self.status_filter.findData(None))
            self.page.filter_edit.clear()
            self.page.reload()
            self.page.select_id(engagement_id)

    @Slot(object)
    def _on_current(self, row) -> None:  # noqa: ANN001
        self.detail.show_engagement(row.id if row is not None else None)
        # Nothing selected: a hint, not a greyed-out form that looks like a record.
        self.detail_stack.setCurrentWidget(self.detail if row is not None else self.nothing_selected)

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type in ("client", "staff"):
            self.refresh_choices()
        if record_type != "reportrecord":  # any other change may move a milestone or the health
            self.page.reload()

    @Slot()
    def new_engagement(self) -> None:
        client = self.client_filter.currentData()
        if client is None and self.detail.engagement_id is not None:  # the selected engagement's client
            client = get_engagement(self.editor.store, engagement_id=self.detail.engagement_id).client_id
        record = self.editor.new("engagement", initial={"client_id": client} if client else None)
        if record is not None:
            self.page.reload()
            self.select(record.id)
