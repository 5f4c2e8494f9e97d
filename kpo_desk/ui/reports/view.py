"""Reports: the history of every report (date, period, recipient, hash), reopened on demand,
the batch for every active engagement, and the internal portfolio report."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.services import engagements as eng
from kpo_desk.ui.common.bus import bus
from kpo_desk.ui.common.jobs import BackgroundJob
from kpo_desk.ui.common.pages import ListPage
from kpo_desk.ui.common.table import Column, ListDelegate, RowTableModel
from kpo_desk.ui.common.words import (
    QT_TRANSLATE_NOOP,
    columns_in,
    gui_date,
    gui_datetime,
    translate,
)
from kpo_desk.ui.engagements.tabs import RecordTab
from kpo_desk.ui.records import Editor


def _reports():  # noqa: ANN202
    """reportlab and PDFium load on first use, not at start-up."""
    import kpo_desk.core.reports as reports

    return reports


def _preview(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    from kpo_desk.ui.reports.preview import ReportPreview

    return ReportPreview(*args, **kwargs)


def _history():  # noqa: ANN202
    """The history's queries (importing them loads the reports package, so not at start-up)."""
    import kpo_desk.core.reports.history as history

    return history


#: The core order each sortable column asks for (the others sort by their own key).
_SORT_KEYS = {"period_start": "period"}


def history_columns(*, with_engagement: bool) -> list[Column]:
    """The report history's columns; the file name comes early, so it shows on a small screen."""
    cols = [Column("generated_at", QT_TRANSLATE_NOOP("Columns", "Generated"), 130, text=lambda r: gui_datetime(r.generated_at), least=120)]
    if with_engagement:
        cols.append(Column("code", QT_TRANSLATE_NOOP("Columns", "Engagement"), 140, text=lambda r: r.code or "portfolio", least=130))
    cols += [Column("file_name", QT_TRANSLATE_NOOP("Columns", "File"), 220, tooltip=lambda r: r.file_name, stretch=True, least=170),
             Column("period_start", QT_TRANSLATE_NOOP("Columns", "Period"), 180, text=_period, least=170, hide_rank=2),
             Column("recipient", QT_TRANSLATE_NOOP("Columns", "Recipient"), 170, least=110, hide_rank=1),
             Column("sha256", QT_TRANSLATE_NOOP("Columns", "SHA-256"), 140, text=lambda r: r.sha256[:16] + "…" if r.sha256 else "",
                    tooltip=lambda r: r.sha256, least=130, hide_rank=3)]
    return cols


def _period(record) -> str:  # noqa: ANN001
    return f"{gui_date(record.period_start)} – {gui_date(record.period_end)}"


class _ElideMiddle(ListDelegate):
    """File names differ at both ends (the code, the date): keep both, elide the middle (a name
    cut short shows whole in its tooltip, as in every list)."""

    def initStyleOption(self, option, index) -> None:  # noqa: ANN001, N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def elide_file_names(table: QTableView) -> None:
    """The File column of a report history ``table`` elides in the middle (full name in its tooltip)."""
    columns = table.model().columns
    index = next(i for i, column in enumerate(columns) if column.key == "file_name")
    table.setItemDelegateForColumn(index, _ElideMiddle(table))


def open_record(parent: QWidget, store, record) -> None:  # noqa: ANN001
    """Re-print a report from its record and show it; say whether the bytes match the hash."""
    try:
        pdf = _reports().reprint(store, record.id)
        same = _reports().reprint_matches(store, record.id)
    except KpoDeskError as exc:
        QMessageBox.warning(parent, translate("Reports", "Reopen report"), str(exc))
        return
    note = (translate("Reports", "Re-printed from its record: identical to the report sent (same SHA-256).") if same else
            translate("Reports", "Re-printed from its record with today's data: it differs from the report sent."))
    _preview(pdf, record.file_name, parent, note=note).exec()


class EngagementReportsTab(RecordTab):
    def __init__(self, editor: Editor) -> None:
        self.generate_button = QPushButton(translate("EngagementReportsTab", "Generate report…"))
        self.generate_button.setAccessibleName(translate("EngagementReportsTab", "Generate report"))
        self.reopen_button = QPushButton(translate("EngagementReportsTab", "Reopen"))
        super().__init__(editor, "reportrecord", "report", history_columns(with_engagement=False),
                         lambda eid: _history().report_history(editor.store, engagement_id=eid), editable=False,
                         extra_buttons=[self.generate_button, self.reopen_button],
                         empty_hint=translate("EngagementReportsTab", "No report yet. “Generate report…” makes the first."))
        elide_file_names(self.table)
        self.generate_button.clicked.connect(self.generate)
        self.reopen_button.clicked.connect(self.reopen)
        self.table.doubleClicked.connect(self.reopen)

    @Slot()
    def generate(self) -> None:
        if self.owner_id is None:
            return
        code = eng.get_engagement(self.editor.store, engagement_id=self.owner_id).code
        from kpo_desk.ui.reports.dialog import GenerateReportDialog

        dialog = GenerateReportDialog(self.editor.store, self.owner_id, code, self)
        if dialog.exec() and dialog.generated is not None:
            bus().changed.emit("reportrecord")
            protected = self.tr(" It is protected by the password you gave: send that another way.") if dialog.password else ""
            self.preview = _preview(dialog.generated.pdf, dialog.generated.file_name, self,
                                    password=dialog.password,
                                    note=self.tr("Recorded in the report history. Print it, or save it to send.") + protected)
            self.preview.exec()

    @Slot()
    def reopen(self, *_args) -> None:  # noqa: ANN002
        record = self.current()
        if record is not None:
            open_record(self, self.editor.store, record)


class ReportsView(QWidget):
    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.batch_action = QAction(self.tr("Batch for all active…"), self,
                                    statusTip=self.tr("One PDF per active engagement, into a folder"))
        self.batch_action.triggered.connect(self.run_batch)
        self.portfolio_action = QAction(self.tr("Portfolio report…"), self, statusTip=self.tr("The internal review of every engagement"))
        self.portfolio_action.triggered.connect(self.portfolio)
        self.model = RowTableModel(columns_in(history_columns(with_engagement=True)), parent=self, pager=self._page,
                                   counter=self._count, locator=self._locate)
        self.detail = QLabel(self.tr("Double-click a report to reopen it."), wordWrap=True)
        self.detail.setMargin(12)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page = ListPage("Reports", self.model, self.detail, settings_key="reports",
                             actions=[self.batch_action, self.portfolio_action],
                             placeholder=self.tr("Filter by file, recipient or engagement"),
                             empty_hint=self.tr("No report matches the filter."),
                             blank_hint=self.tr("No reports yet. Generate one from an engagement's Reports tab."),
                             has_records=lambda: _history().count_report_history(editor.store) > 0)
        self.page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.page.splitter.setSizes([860, 320])
        self.page.restore_state()  # a remembered order and layout win over these defaults
        elide_file_names(self.page.table)
        self.page.activated.connect(lambda record: open_record(self, editor.store, record) if record else None)
        self.page.current_changed.connect(self._show)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        bus().changed.connect(self._on_changed)
        self.job: BackgroundJob | None = None

    def _text(self) -> str:
        return self.page.filter_text() if hasattr(self, "page") else ""

    def _page(self, sort_key: str, descending: bool, offset: int, limit: int) -> list:
        return _history().report_history(self.editor.store, text=self._text(), sort=_SORT_KEYS.get(sort_key, sort_key),
                                          descending=descending, limit=limit, offset=offset)

    def _count(self) -> int:
        return _history().count_report_history(self.editor.store, text=self._text())

    def _locate(self, sort_key: str, descending: bool, record_id: int) -> int:
        found = _history().report_history_position(self.editor.store, record_id, text=self._text(),
                                                   sort=_SORT_KEYS.get(sort_key, sort_key), descending=descending)
        return -1 if found is None else found

    def reload(self) -> None:
        self.page.reload()

    @Slot(str)
    def _on_changed(self, record_type: str) -> None:
        if record_type == "reportrecord":
            self.page.reload()

    @Slot(object)
    def _show(self, record) -> None:  # noqa: ANN001
        if record is None:
            return
        self.detail.setText(self.tr("<b>{file_name}</b><br>{code}<br>Generated {generated}<br>Period {period}<br>Recipient: {recipient}<br>SHA-256:<br><tt>{sha_start}<br>{sha_end}</tt><br><br>Double-click to reopen it.").format(
            file_name=escape(record.file_name), code=escape(record.code) or self.tr("Portfolio review"),
            generated=gui_datetime(record.generated_at), period=_period(record), recipient=escape(record.recipient) or "—",
            sha_start=record.sha256[:32], sha_end=record.sha256[32:]))

    @Slot()
    def run_batch(self, folder: str | None = None) -> None:
        folder = folder or QFileDialog.getExistingDirectory(self, self.tr("Folder for the reports"))
        if not folder:
            return
        store = self.editor.store

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return _reports().generate_batch(store, folder, progress=progress, cancel=cancelled)

        def done(result) -> None:  # noqa: ANN001
            bus().changed.emit("reportrecord")
            failed = "".join(f"\n• {code}: {why}" for code, why in result.failed)
            QMessageBox.information(self, translate("Reports", "Batch of reports"),
                                    self.tr("{written} of {total} report(s) written to {folder}.").format(
                                        written=len(result.written), total=result.total, folder=folder)
                                    + (self.tr(" Cancelled.") if result.cancelled else "")
                                    + (self.tr("\nFailed:{failed}").format(failed=failed) if failed else ""))

        self.job = BackgroundJob(self, self.tr("Generating reports…"), job, on_success=done,
                                 on_failure=lambda msg: QMessageBox.warning(self, self.tr("Batch of reports"), msg)).start()

    @Slot()
    def portfolio(self) -> None:
        try:
            generated = _reports().generate_portfolio(self.editor.store)
        except KpoDeskError as exc:
            QMessageBox.warning(self, self.tr("Portfolio report"), str(exc))
            return
        bus().changed.emit("reportrecord")
        _preview(generated.pdf, generated.file_name, self, note=self.tr("Internal: not for clients.")).exec()
