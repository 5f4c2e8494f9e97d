"""The Clients view: clients with their contacts (and each contact's local time now) and engagements."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kpo_desk.core.services import directory
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.wording import zone_label
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.pages import ListPage
from kpo_desk.ui.common.table import Column, RowTableModel
from kpo_desk.ui.engagements.tabs import RecordTab
from kpo_desk.ui.records import Editor

AFTER_HOURS = QColor("#b9770e")

COLUMNS = [
    Column("name", "Client", 230), Column("country", "Country", 110),
    Column("timezone", "Time zone", 170, text=lambda r: zone_label(r.timezone), tooltip=lambda r: r.timezone),
    Column("language", "Lang.", 50), Column("engagements", "Engagements", 90, align_right=True),
    Column("active", "Active", 50, align_right=True),
]


class ClientDetail(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.client_id: int | None = None
        store = editor.store
        self.heading = QLabel(wordWrap=True)
        self.heading.setAccessibleName("Client heading")
        self.edit_button = QPushButton("Edit client…")
        self.edit_button.clicked.connect(self.edit_client)
        self.contacts = RecordTab(editor, "contact", "contact", [
            Column("name", "Name", 160), Column("role", "Role", 140),
            Column("local_time", "Local time now", 110,
                   colour=lambda r: None if r.working_hours else AFTER_HOURS,
                   tooltip=lambda r: zone_label(r.timezone) + ("" if r.working_hours else ": outside working hours")),
            Column("timezone", "Time zone", 160, text=lambda r: zone_label(r.timezone)),
            Column("email", "E-mail", 200), Column("phone", "Phone", 130),
        ], lambda cid: directory.contact_rows(store, cid), context_key="client_id")
        self.engagements = RecordTab(editor, "engagement", "engagement", [
            Column("code", "Code", 150), Column("title", "Title", 230), Column("status", "Status", 90),
            Column("service_type", "Service", 170),
        ], lambda cid: list_engagement_rows(store, client_id=cid), context_key="client_id", editable=False,
            empty_hint="No engagements for this client yet.")
        self.engagements.table.doubleClicked.connect(self._open_engagement)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.engagements, "Engagements")
        self.tabs.currentChanged.connect(lambda _i: self._refresh())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.show_client(None)

    def show_client(self, row) -> None:  # noqa: ANN001
        self.client_id = row.id if row is not None else None
        self.setEnabled(row is not None)
        if row is None:
            self.heading.setText("<span style='color:gray'>Select a client to see its contacts and engagements.</span>")
        else:
            facts = [row.country, zone_label(row.timezone), f"language {row.language}" if row.language else ""]
            self.heading.setText(f"<span style='font-size:15pt; font-weight:600'>{escape(row.name)}</span><br>"
                                 f"<span style='color:gray'>{escape(' · '.join(f for f in facts if f))}</span>")
        # A wrapped label in a splitter pane is not given the height it needs: ask for it.
        self.heading.setMinimumHeight(self.heading.heightForWidth(max(self.heading.width(), 300)))
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
            new_action = QAction("New client…", self, shortcut=QKeySequence("Ctrl+Shift+N"),
                                 statusTip="Add a client, with its time zone and language")
            new_action.triggered.connect(self.new_client)
        self.new_action = new_action
        self.model = RowTableModel(COLUMNS, self._load, self)
        self.detail = ClientDetail(editor)
        self.page = ListPage("Clients", self.model, self.detail, settings_key="clients", actions=[self.new_action],
                             placeholder="Filter by name, country, industry or contact",
                             empty_hint="No clients yet. Add the first with Ctrl+Shift+N.")
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
