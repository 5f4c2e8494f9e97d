"""The communication log: across all engagements (the Communications view) or inside one (its tab),
searchable by any word, with the open follow-ups overdue first."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.enums import Channel
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.services import communications as comms
from kpo_desk.core.services.communication_rows import communication_rows
from kpo_desk.core.services.follow_ups import open_follow_ups
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.jobs import BackgroundJob
from kpo_desk.ui.common.pages import ListPage
from kpo_desk.ui.common.table import Column, RowTableModel, make_table
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_count,
    gui_date,
    gui_datetime,
    plural,
    status_label,
    translate,
)
from kpo_desk.ui.communications.entry import CommunicationDialog, system_zone, zone_text
from kpo_desk.ui.records import Editor

RED = QColor("#c0392b")


def _follow_up(row) -> str:  # noqa: ANN001
    if row.follow_up_due is None:
        return ""
    return f"{gui_date(row.follow_up_due)}{' ✓' if row.follow_up_done else ''}"


def when_text(instant, user_zone: str, client_zone: str, *, say_whose: bool = True) -> str:  # noqa: ANN001
    """"2 Mar 2026 09:30 Zurich (UTC+1) · 17:30 Tokyo (UTC+9) for the client": zones as people read them."""
    text = f"{gui_datetime(instant, user_zone)} {zone_text(user_zone, instant)}"
    if client_zone and zone_text(client_zone, instant) != zone_text(user_zone, instant):
        mine, theirs = gui_datetime(instant, user_zone), gui_datetime(instant, client_zone)
        clock = theirs if mine.rsplit(" ", 1)[0] != theirs.rsplit(" ", 1)[0] else theirs.rsplit(" ", 1)[1]
        text += f" · {clock} {zone_text(client_zone, instant)}" + (translate("Communications", " for the client") if say_whose else "")
    return text


def _follow_up_colour(row) -> QColor | None:  # noqa: ANN001
    late = row.follow_up_due and not row.follow_up_done and row.follow_up_due < date.today()
    return RED if late else None


def columns(user_zone: str, *, with_engagement: bool) -> list[Column]:
    """The log's columns: the time in the user's zone ("1 Dec 2026 14:04"; the client's local
    time is in its tooltip and the detail pane), the subject taking the room the others leave."""
    cols = [Column("occurred_at", QT_TRANSLATE_NOOP("Columns", "When"), 125, least=125,
                   text=lambda r: gui_datetime(r.occurred_at, user_zone),
                   tooltip=lambda r: when_text(r.occurred_at, user_zone, r.client_timezone))]
    if with_engagement:
        cols.append(Column("code", QT_TRANSLATE_NOOP("Columns", "Engagement"), 140, least=120, tooltip=lambda r: r.client))
    cols += [Column("channel", QT_TRANSLATE_NOOP("Columns", "Channel"), 70, least=60, hide_rank=1),
             Column("direction", QT_TRANSLATE_NOOP("Columns", "Direction"), 75, least=70, hide_rank=2),
             Column("subject", QT_TRANSLATE_NOOP("Columns", "Subject"), 300, least=160, stretch=True),
             Column("follow_up_due", QT_TRANSLATE_NOOP("Columns", "Follow-up"), 105, least=100, text=_follow_up, colour=_follow_up_colour),
             Column("client_visible", QT_TRANSLATE_NOOP("Columns", "Client sees"), 80, least=75, hide_rank=3,
                    text=lambda r: translate("Words", "Yes") if r.client_visible else translate("Words", "No"),
                    tooltip=lambda r: translate("Communications", "Shown in client reports") if r.client_visible
                    else translate("Communications", "Not shown in client reports"))]
    return cols


class CommunicationLog(QWidget):
    """A searchable log; ``engagement_id`` None means every engagement."""

    def __init__(self, editor: Editor, *, per_engagement: bool) -> None:
        super().__init__()
        self.editor, self.per_engagement = editor, per_engagement
        self.owner_id: int | None = None
        self.user_zone = system_zone()
        self.channel_filter = QComboBox(accessibleName=self.tr("Channel filter"))
        self.channel_filter.addItem(self.tr("All channels"), None)
        for channel in Channel:
            self.channel_filter.addItem(status_label(channel), channel)
        self.follow_filter = QComboBox(accessibleName=self.tr("Follow-up filter"))
        for text, data in ((self.tr("Every entry"), None), (self.tr("Open follow-ups"), True)):
            self.follow_filter.addItem(text, data)
        self.log_action = QAction(self.tr("Log communication…"), self, shortcut=QKeySequence("Ctrl+L"),
                                  shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                                  statusTip=self.tr("Log a call, e-mail or meeting on this engagement"))
        self.log_action.triggered.connect(self.log_new)
        self.import_action = QAction(self.tr("Import mail…"), self, statusTip=self.tr("Log .eml, .mbox or .msg files on this engagement (or drop them on the list)"))
        self.import_action.triggered.connect(self.choose_mail)
        self.done_action = QAction(self.tr("Follow-up done"), self)
        self.done_action.triggered.connect(self.mark_done)
        self.model = RowTableModel(columns_in(columns(self.user_zone, with_engagement=not per_engagement)), self._load, self)
        self.body = QTextBrowser()
        self.body.setAccessibleName(self.tr("Communication text"))
        self.import_action.setObjectName("import_mail")
        actions = [self.done_action] + ([self.log_action, self.import_action] if per_engagement else [])
        self.page = ListPage("Communications", self.model, self.body, settings_key=(
            "engagement_log" if per_engagement else "communications"),
            filters=[self.channel_filter, self.follow_filter], actions=actions,
            placeholder=self.tr("Search words in subjects and bodies (prefixes, accents optional)"),
            empty_hint=self.tr("No communication matches.") if not per_engagement
            else self.tr("Nothing logged yet. Ctrl+L logs a call, mail or meeting."),
            orientation=Qt.Orientation.Vertical, sizes=(520, 200), stretch=(3, 1))
        self.body.setMinimumHeight(90)
        self.page.current_changed.connect(self._show)
        self.page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self.addAction(self.log_action)
        bus().changed.connect(self._on_changed)
        self.job = None
        if per_engagement:
            self.setAcceptDrops(True)
        self._show(None)

    # -- mail in: import or drag and drop ------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        # Any file is welcome: one that is not mail is named in the report, not silently dropped.
        if self.owner_id is not None and _local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        paths = _local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_mail(paths)

    def ask_mail_paths(self) -> list[str]:
        """The files the person picks (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import mail"), "", self.tr("Mail (*.eml *.mbox *.msg);;All files (*)"))
        return paths

    @Slot()
    def choose_mail(self) -> None:
        paths = self.ask_mail_paths()
        if paths:
            self.import_mail(paths)

    def import_mail(self, paths: list[str]):  # noqa: ANN201
        from kpo_desk.core.mail import import_mail

        if self.owner_id is None:
            return None
        store, engagement_id = self.editor.store, self.owner_id

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return import_mail(store, paths, engagement_id=engagement_id, cancel=_Flag(cancelled),
                               progress=lambda done, total, name: progress(done, total, translate("Communications", "Reading {file}…").format(file=name)))

        def done(result) -> None:  # noqa: ANN001
            bus().changed.emit("communication")
            self.last_import = result
            self.report_import(result)

        self.job = BackgroundJob(self, self.tr("Importing mail…"), job, on_success=done,
                                 on_failure=lambda msg: QMessageBox.warning(self, self.tr("Mail import"), msg)).start()
        return self.job

    def report_import(self, result) -> None:  # noqa: ANN001
        """One message box: the totals, then one line per file (what was imported, skipped or
        refused and why); a long batch puts the lines past the first dozen under Show Details."""
        lines = result.lines()
        box = QMessageBox(QMessageBox.Icon.Warning if result.failed else QMessageBox.Icon.Information,
                          self.tr("Mail import"), result.summary(), QMessageBox.StandardButton.Ok, self)
        if len(result.files) > 1 or result.failed:
            shown, rest = lines[:12], lines[12:]
            more = "\n" + plural(self.tr("… and %Ln more file(s) under Show Details.", None, len(rest)), len(rest),
                                 "… and {n} more file under Show Details.", "… and {n} more files under Show Details.") if rest else ""
            box.setInformativeText("\n".join(f"• {line}" for line in shown) + more)
            if rest:
                box.setDetailedText("\n".join(lines))
        box.exec()

    def _load(self, sort_key: str, descending: bool) -> list:
        if self.per_engagement and self.owner_id is None:
            return []
        filters = comms.CommunicationFilter(
            engagement_id=self.owner_id if self.per_engagement else None,
            text=self.page.filter_text() if hasattr(self, "page") else "",
            channel=self.channel_filter.currentData(), follow_up_open=self.follow_filter.currentData())
        try:
            return communication_rows(self.editor.store, filters, sort=sort_key, descending=descending)
        except KpoDeskError as exc:
            bus().message.emit(str(exc))
            return []

    def show_owner(self, engagement_id: int | None) -> None:
        self.owner_id = engagement_id
        self.log_action.setEnabled(engagement_id is not None)
        self.import_action.setEnabled(engagement_id is not None)
        self.page.reload()

    def reload(self) -> None:
        self.page.reload()

    @Slot(object)
    def _show(self, row) -> None:  # noqa: ANN001
        self.done_action.setEnabled(bool(row and row.follow_up_due and not row.follow_up_done))
        tip = translate("Communications", DONE_TIP) if self.done_action.isEnabled() else done_unavailable(row)
        self.done_action.setToolTip(tip)
        self.done_action.setStatusTip(tip)
        if row is None:
            self.body.setHtml(f"<p style='color:gray'>{escape(self.nothing_selected_text())}</p>")
            return
        when = when_text(row.occurred_at, self.user_zone, row.client_timezone)
        follow = (self.tr("<p><b>Follow-up:</b> {due}{done}</p>").format(
            due=gui_date(row.follow_up_due), done=self.tr(" (done)") if row.follow_up_done else "") if row.follow_up_due else "")
        contacts, staff = comms.participants(self.editor.store, row.id)
        people = [f"{escape(c.name)} ({escape(row.client)})" for c in contacts]
        people += [self.tr("{name} (us)").format(name=escape(m.name)) for m in staff]
        took_part = self.tr("<p><b>Took part:</b> {people}</p>").format(people=", ".join(people)) if people else ""
        sender = self.tr(" · from {sender}").format(sender=escape(row.sender)) if row.sender else ""
        shown = self.tr("Shown in client reports.") if row.client_visible else self.tr("Not shown in client reports.")
        self.body.setHtml(
            f"<h3>{escape(row.subject)}</h3><p style='color:gray'>{escape(row.code)} · {escape(row.client)} · "
            f"{escape(status_label(row.channel))}, {escape(status_label(row.direction).lower())} · {escape(when)}"
            f"{sender}</p>{took_part}<p>{shown}</p>"
            f"{follow}<p style='white-space: pre-wrap'>{escape(row.body)}</p>")

    def nothing_selected_text(self) -> str:
        if self.per_engagement:
            keys = self.log_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            return self.tr("Select a communication to read it here, or press {keys} to log one.").format(keys=keys)
        return self.tr("Select a communication to read it here. To log one, open its engagement's Communications tab.")

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type == "communication" and self.isVisible():
            self.page.reload()

    @Slot()
    def log_new(self) -> None:
        if self.owner_id is None:
            return
        dialog = CommunicationDialog(self.editor.store, self.owner_id, self)
        if dialog.exec():
            bus().changed.emit("communication")
            bus().message.emit(self.tr("Communication logged."))
            self.page.select_id(dialog.result_record.id)

    @Slot()
    def mark_done(self) -> None:
        row = self.page.current()
        if row is None or row.follow_up_due is None:
            return
        comms.set_follow_up_done(self.editor.store, row.id, True)
        self.editor.stack.push(_follow_up_command(self.editor, row.id))
        bus().changed.emit("communication")
        bus().message.emit(self.tr("Follow-up on “{subject}” marked done.").format(subject=row.subject))


DONE_TIP = QT_TRANSLATE_NOOP("Communications", "Mark the selected communication's follow-up done")


def done_unavailable(row) -> str:  # noqa: ANN001
    """Why "Follow-up done" is greyed out, in the words of what to do instead."""
    if row is None:
        return translate("Communications", "Select a communication with an open follow-up to mark it done")
    if row.follow_up_due is None:
        return translate("Communications", "This communication has no follow-up: select one with an open follow-up")
    return translate("Communications", "This follow-up was already done (due {due})").format(due=gui_date(row.follow_up_due))


class _Flag:
    """``is_set()`` over the job's cancel callable (what the mail importer expects)."""

    def __init__(self, cancelled) -> None:  # noqa: ANN001
        self.is_set = cancelled


def _local_paths(mime) -> list[str]:  # noqa: ANN001
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


def _follow_up_command(editor: Editor, communication_id: int):  # noqa: ANN202
    from kpo_desk.ui.common.undo import ServiceCommand

    return ServiceCommand(translate("Communications", "Follow-up done"), "communication",
                          lambda: comms.set_follow_up_done(editor.store, communication_id, False),
                          lambda: comms.set_follow_up_done(editor.store, communication_id, True))


class FollowUpList(QWidget):
    """Every open follow-up across engagements, overdue first."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        cols = [Column("days_overdue", QT_TRANSLATE_NOOP("Columns", "Overdue"), 80, least=70, align_right=True,
                       text=lambda f: translate("Communications", "{days} d").format(days=f.days_overdue) if f.days_overdue > 0 else
                       (translate("Communications", "today") if f.days_overdue == 0
                        else translate("Communications", "in {days} d").format(days=-f.days_overdue)),
                       colour=lambda f: RED if f.days_overdue > 0 else None),
                Column("due_on", QT_TRANSLATE_NOOP("Columns", "Due"), 105, least=95, text=lambda f: gui_date(f.due_on)),
                Column("engagement_code", QT_TRANSLATE_NOOP("Columns", "Engagement"), 140, least=120),
                Column("contact_name", QT_TRANSLATE_NOOP("Columns", "With"), 170, least=110, hide_rank=1),
                Column("subject", QT_TRANSLATE_NOOP("Columns", "Subject"), 340, least=160, stretch=True)]
        self.model = RowTableModel(columns_in(cols), lambda _k, _d: open_follow_ups(editor.store, date.today(), limit=2000), self)
        self.table = make_table(self.model, "Open follow-ups", sortable=False)
        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.setAccessibleName(self.tr("Mark follow-up done"))
        self.done_button.clicked.connect(self.mark_done)
        self.open_button = QPushButton(self.tr("Open engagement"))
        self.open_button.clicked.connect(self.open_engagement)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        bus().changed.connect(self._on_changed)

    def reload(self) -> None:
        self.model.reload()
        late = sum(1 for i in range(self.model.total()) if self.model.row_at(i) and self.model.row_at(i).days_overdue > 0)
        self.summary.setText(self.tr("{count}, {late:,} overdue.").format(count=gui_count(self.model.total(), translate("Words", "open follow-up"), translate("Words", "open follow-ups")), late=late))

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reload()
        super().showEvent(event)

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type == "communication" and self.isVisible():
            self.reload()

    def current(self):  # noqa: ANN201
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot()
    def mark_done(self) -> None:
        follow = self.current()
        if follow is None:
            return
        comms.set_follow_up_done(self.editor.store, follow.communication_id, True)
        self.editor.stack.push(_follow_up_command(self.editor, follow.communication_id))
        bus().changed.emit("communication")
        bus().message.emit(self.tr("Follow-up “{subject}” marked done.").format(subject=follow.subject))

    @Slot()
    def open_engagement(self) -> None:
        follow = self.current()
        if follow is not None:
            bus().open_record.emit("engagement", follow.engagement_id)


class CommunicationsView(QTabWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.log = CommunicationLog(editor, per_engagement=False)
        self.follow_ups = FollowUpList(editor)
        self.addTab(self.log, self.tr("Log"))
        self.addTab(self.follow_ups, self.tr("Open follow-ups"))
        self.page = self.log.page

    def reload(self) -> None:
        self.currentWidget().reload()
