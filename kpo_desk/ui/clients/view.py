"""The Clients view: clients with their contacts (and each contact's local time now) and engagements."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kpo_desk.core.services import directory
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.wording import language_name, zone_label
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.pages import ElidedLabel, ListPage
from kpo_desk.ui.common.table import Column, RowTableModel
from kpo_desk.ui.common.words import QT_TRANSLATE_NOOP, columns_in, gui_count, gui_number, translate
from kpo_desk.ui.engagements.tabs import RecordTab
from kpo_desk.ui.records import Editor

AFTER_HOURS = QColor("#b9770e")

COLUMNS = [
    Column("name", QT_TRANSLATE_NOOP("Columns", "Client"), 230, least=140, stretch=True),
    Column("country", QT_TRANSLATE_NOOP("Columns", "Country"), 110, least=80),
    Column("timezone", QT_TRANSLATE_NOOP("Columns", "Time zone"), 150, least=125, text=lambda r: zone_label(r.timezone), tooltip=lambda r: r.timezone),
    Column("language", QT_TRANSLATE_NOOP("Columns", "Lang."), 45, least=45, hide_rank=3, tooltip=lambda r: language_name(r.language) or None),
    Column("engagements", QT_TRANSLATE_NOOP("Columns", "Engagements"), 105, least=105, hide_rank=1,
           text=lambda r: translate("Words", "{count} ({active} active)").format(count=gui_number(r.engagements), active=gui_number(r.active))
           if r.engagements else translate("Words", "none"),
           tooltip=lambda r: translate("Words", "{engagements}, {active} of them active").format(
               engagements=gui_count(r.engagements, translate("Words", "engagement"), translate("Words", "engagements")),
               active=gui_number(r.active))),
]


def client_facts(row) -> list[str]:  # noqa: ANN001
    """Country, zone and language as people read them: "United Kingdom", "London (UTC)", "English"."""
    return [row.country, zone_label(row.timezone), language_name(row.language)]


class ClientDetail(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.client_id: int | None = None
        store = editor.store
        # Two lines that never wrap: the name, then country · zone · language (elided, whole
        # in the tooltip), so that the tabs below keep their place at any width.
        self.name_label = ElidedLabel()
        self.name_label.setAccessibleName(self.tr("Client name"))
        self.name_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading = ElidedLabel()
        self.heading.setAccessibleName(self.tr("Client heading"))
        self.heading.setStyleSheet("color: gray;")
        self.edit_button = QPushButton(self.tr("Edit client…"))
        self.edit_button.clicked.connect(self.edit_client)
        self.contacts = RecordTab(editor, "contact", "contact", [
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), 160, least=140, stretch=True), Column("role", QT_TRANSLATE_NOOP("Columns", "Role"), 140, least=90, hide_rank=3),
            Column("local_time", QT_TRANSLATE_NOOP("Columns", "Local time"), 85, least=80,
                   colour=lambda r: None if r.working_hours else AFTER_HOURS,
                   tooltip=lambda r: zone_label(r.timezone) + ("" if r.working_hours else translate("Words", ": outside working hours"))),
            Column("timezone", QT_TRANSLATE_NOOP("Columns", "Time zone"), 150, least=120, hide_rank=4, text=lambda r: zone_label(r.timezone)),
            Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), 200, least=130, hide_rank=2), Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), 130, least=110, hide_rank=5),
        ], lambda cid: directory.contact_rows(store, cid), context_key="client_id")
        self.engagements = RecordTab(editor, "engagement", "engagement", [
            Column("code", QT_TRANSLATE_NOOP("Columns", "Code"), 150, least=125), Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), 230, least=110, stretch=True),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), 90, least=80, hide_rank=2), Column("service_type", QT_TRANSLATE_NOOP("Columns", "Service"), 170, least=110,
                                                                           hide_rank=1),
        ], lambda cid: list_engagement_rows(store, client_id=cid), context_key="client_id", editable=False,
            empty_hint=self.tr("No engagements for this client yet."))
        self.engagements.table.doubleClicked.connect(self._open_engagement)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self.engagements, self.tr("Engagements"))
        self.tabs.currentChanged.connect(lambda _i: self._refresh())
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addWidget(self.name_label)
        lines.addWidget(self.heading)
        top = QHBoxLayout()
        top.addLayout(lines, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.show_client(None)

    def show_client(self, row) -> None:  # noqa: ANN001
        self.client_id = row.id if row is not None else None
        self.setEnabled(row is not None)
        if row is None:
            self.name_label.set_full_text("")
            self.heading.set_full_text(self.tr("Select a client to see its contacts and engagements."))
        else:
            self.name_label.set_full_text(row.name)
            self.heading.set_full_text(" · ".join(f for f in client_facts(row) if f))
        for tab in (self.contacts, self.engagements):
            tab.owner_id = self.client_id
        self._refresh()

    def _refresh(self) -> None:
        widget = self.tabs.currentWidget()
        widget.show_owner(self.client_id)

    @Slot()
    def edit_client(self) -> None:
        if self.client_id is not None:
            self.editor.edit("client", self.client_id)

    def _open_engagement(self, index) -> None:  # noqa: ANN001
        row = self.engagements.model.row_at(index.row())
        if row is not None:
            bus().open_record.emit("engagement", row.id)


class ClientsView(QWidget):
    def __init__(self, editor: Editor, new_action: QAction | None = None) -> None:
        super().__init__()
        self.editor = editor
        if new_action is None:  # on its own (the main window passes its own, which works from any view)
            new_action = QAction(self.tr("New client…"), self, shortcut=QKeySequence("Ctrl+Shift+N"),
                                 statusTip=self.tr("Add a client, with its time zone and language"))
            new_action.triggered.connect(self.new_client)
        self.new_action = new_action
        self.model = RowTableModel(columns_in(COLUMNS), self._load, self)
        self.detail = ClientDetail(editor)
        self.page = ListPage("Clients", self.model, self.detail, settings_key="clients", actions=[self.new_action],
                             sizes=(640, 540), stretch=(1, 1),
                             placeholder=self.tr("Filter by name, country, industry or contact"),
                             empty_hint=self.tr("No clients yet. Add the first with Ctrl+Shift+N."))
        self.page.current_changed.connect(self.detail.show_client)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        bus().changed.connect(self._on_changed)

    def _load(self, sort_key: str, descending: bool) -> list:
        rows = directory.client_rows(self.editor.store, text=self.page.filter_text() if hasattr(self, "page") else "")
        return sorted(rows, key=lambda r: (getattr(r, sort_key) if not isinstance(getattr(r, sort_key), str)
                                           else getattr(r, sort_key).lower()), reverse=descending)

    def reload(self) -> None:
        self.page.reload()

    def select(self, client_id: int) -> None:
        self.page.select_id(client_id)

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type in ("client", "contact", "engagement"):
            self.page.reload()

    @Slot()
    def new_client(self) -> None:
        record = self.editor.new("client")
        if record is not None:
            self.page.reload()
            self.page.select_id(record.id)
