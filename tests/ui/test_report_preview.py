"""The report dialogs as a person on a small laptop meets them: Generate report… and the preview
fit the screen, the recipient is filled in sensibly, and the Reports list reads like the rest
of the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QCheckBox, QScrollArea, QStyleOptionViewItem
from sqlmodel import select

from kpo_desk.core.models import Contact, Engagement, ReportRecord
from kpo_desk.core.store import Store
from kpo_desk.core.wording import display_date, display_datetime
from kpo_desk.ui.common.geometry import SMALLEST_SCREEN
from kpo_desk.ui.reports.dialog import GenerateReportDialog
from kpo_desk.ui.reports.preview import ReportPreview
from tests.core._report_helpers import bare_engagement
from tests.ui.helpers import open_window, when_modal


def _reports_tab(qtbot, store: Store, engagement_id: int):  # noqa: ANN001, ANN202
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    window.engagements.select(engagement_id)
    tab = window.engagements.detail.reports_tab
    window.engagements.detail.setCurrentWidget(tab)
    return window, tab


def _open_generate(qtbot, tab, callback) -> None:  # noqa: ANN001
    """Click the real "Generate report…" button and run ``callback`` on the dialog."""
    errors = when_modal(callback, kind=GenerateReportDialog)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert errors == []


def _active_engagement(store: Store) -> Engagement:
    from kpo_desk.core.enums import EngagementStatus

    with store.read() as s:
        return s.exec(select(Engagement).where(Engagement.status == EngagementStatus.ACTIVE)
                      .order_by(Engagement.id)).first()


def test_generate_dialog_and_preview_fit_the_screen(qtbot, demo_store: Store, tmp_path: Path) -> None:
    engagement = _active_engagement(demo_store)
    _window, tab = _reports_tab(qtbot, demo_store, engagement.id)
    seen: dict[str, object] = {}

    def preview(dialog) -> None:  # noqa: ANN001
        room = dialog.screen().availableGeometry()
        seen["preview"] = (room.contains(dialog.frameGeometry()), dialog.frameGeometry(), room)
        dialog.accept()

    def generate(dialog) -> None:  # noqa: ANN001
        room = dialog.screen().availableGeometry()
        seen["dialog"] = (room.contains(dialog.frameGeometry()), dialog.frameGeometry(), room)
        # laid out for the smallest screen the app supports (1024 x 700, less a task bar)
        seen["small"] = dialog.size().boundedTo(QSize(SMALLEST_SCREEN.width(), 640)) == dialog.size()
        # every section title whole, and the form shown without scrolling
        seen["clipped"] = [c.text() for c in dialog.findChildren(QCheckBox)
                           if c.isVisible() and c.width() < c.sizeHint().width()]
        scroll = dialog.findChild(QScrollArea)
        seen["scrolls"] = scroll.verticalScrollBar().maximum()
        summary = dialog.inputs["summary"]
        seen["summary"] = summary.visibleRegion().boundingRect().height()
        when_modal(preview, kind=ReportPreview)
        dialog.save()

    _open_generate(qtbot, tab, generate)
    qtbot.waitUntil(lambda: "preview" in seen, timeout=30_000)
    assert seen["dialog"][0], f"Generate report {seen['dialog'][1]} is off the screen {seen['dialog'][2]}"
    assert seen["small"]
    assert seen["clipped"] == []
    assert seen["scrolls"] == 0
    assert seen["summary"] >= 100, "the executive summary box is shown at a usable height"
    assert seen["preview"][0], f"the preview {seen['preview'][1]} is off the screen {seen['preview'][2]}"


def test_recipient_defaults_to_the_last_one_then_the_clients_main_contact(qtbot, demo_store: Store) -> None:
    with demo_store.read() as s:
        reported = set(s.exec(select(ReportRecord.engagement_id).where(ReportRecord.engagement_id.is_not(None))))
        first_contact_overall = s.exec(select(Contact).order_by(Contact.id)).first()
        fresh = next(e for e in s.exec(select(Engagement).order_by(Engagement.id.desc()))
                     if e.id not in reported and e.client_id != first_contact_overall.client_id
                     and s.exec(select(Contact).where(Contact.client_id == e.client_id)).first())
        own = s.exec(select(Contact).where(Contact.client_id == fresh.client_id).order_by(Contact.id)).first()
        expected = f"{own.name}, {own.role}" if own.role else own.name
    bare_id = bare_engagement(demo_store)  # a client with no contact yet, beside others' contacts
    window, tab = _reports_tab(qtbot, demo_store, fresh.id)
    recipients: list[str] = []

    def read(dialog) -> None:  # noqa: ANN001
        recipients.append(dialog.inputs["recipient"].text())
        dialog.reject()

    _open_generate(qtbot, tab, read)
    assert recipients[-1] == expected, "no report yet: the client's main contact"
    assert own.client_id == fresh.client_id

    def send(dialog) -> None:  # noqa: ANN001
        dialog.inputs["recipient"].setText("Ms. Ana Lima, Head of Legal")
        when_modal(lambda preview: preview.accept(), kind=ReportPreview)
        dialog.save()

    _open_generate(qtbot, tab, send)
    qtbot.waitUntil(lambda: tab.model.total() == 1)
    _open_generate(qtbot, tab, read)
    assert recipients[-1] == "Ms. Ana Lima, Head of Legal", "the last report's recipient"

    window.engagements.select(bare_id)
    qtbot.waitUntil(lambda: tab.owner_id == bare_id)
    _open_generate(qtbot, tab, read)
    assert recipients[-1] == "", "no contact: empty, never another client's contact"


def test_reports_list_uses_the_apps_dates_and_elides_file_names_in_the_middle(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Reports")
    view = window.reports
    table, model = view.page.table, view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    column = {c.key: i for i, c in enumerate(model.columns)}
    record = model.row_at(0)
    shown = model.index(0, column["generated_at"]).data()
    assert shown == display_datetime(record.generated_at)
    period = model.index(0, column["period_start"]).data()
    assert period == f"{display_date(record.period_start)} – {display_date(record.period_end)}"
    assert record.period_start.isoformat() not in period
    file_index = model.index(0, column["file_name"])
    assert file_index.data(Qt.ItemDataRole.ToolTipRole) == record.file_name
    # what the view paints: the name elided in the middle, keeping the code and the date's end
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(file_index)
    table.itemDelegateForColumn(column["file_name"]).initStyleOption(option, file_index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    elided = option.fontMetrics.elidedText(record.file_name, option.textElideMode, 150)
    assert elided.startswith(record.file_name[:4]) and elided.endswith(".pdf") and "…" in elided
    # the detail pane, after a click on the row, says the same dates
    rect = table.visualRect(model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: record.file_name in view.detail.text())
    assert f"Period {period}" in view.detail.text()
    assert display_datetime(record.generated_at) in view.detail.text()
