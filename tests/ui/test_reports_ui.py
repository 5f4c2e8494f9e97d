"""Issue 7 in the GUI: generate from an engagement, preview its pages, save, and reopen from history."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from kpo_desk.core.enums import EngagementStatus, ReportKind
from kpo_desk.core.store import Store
from tests.ui.helpers import open_window, when_modal


def test_generate_preview_save_and_reopen(qtbot, demo_store: Store, tmp_path: Path) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    row = next(view.model.row_at(i) for i in range(view.model.total())
               if view.model.row_at(i).status == EngagementStatus.ACTIVE)
    view.select(row.id)
    tab = view.detail.reports_tab
    view.detail.setCurrentWidget(tab)
    before = tab.model.total()
    saved = tmp_path / "report.pdf"
    pages: list[int] = []
    recorded: list[bytes] = []

    def preview(dialog) -> None:  # noqa: ANN001
        pages.append(dialog.page_count())
        recorded.append(dialog.pdf)
        dialog.ask_save_path = lambda: str(saved)  # the one question the native dialog asks
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the real "Save as…"
        dialog.accept()

    def fill(dialog) -> None:  # noqa: ANN001
        dialog.inputs["summary"].setPlainText("Claim charts delivered; <b>no</b> blockers & on plan.")
        dialog.inputs["recipient"].setText("Dr. Hiroshi Sato")
        dialog.sections["risks"].setChecked(False)
        when_modal(preview)  # the preview opens once the report is generated
        dialog.save()

    errors = when_modal(fill)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert errors == []
    qtbot.waitUntil(lambda: saved.exists())
    assert pages and pages[0] >= 1, "the preview loaded the generated PDF"
    text = "\n".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "<b>no</b> blockers & on plan" in text
    assert row.code in text
    qtbot.waitUntil(lambda: tab.model.total() == before + 1)
    record = tab.model.row_at(0)
    assert record.recipient == "Dr. Hiroshi Sato"
    assert saved.read_bytes() == recorded[0], "Save as… writes exactly the PDF shown"
    assert record.sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    notes: list[str] = []

    def reopened(dialog) -> None:  # noqa: ANN001
        notes.append(dialog.findChildren(type(dialog.view))[0] is not None and dialog.layout().itemAt(0).widget().text())
        dialog.accept()

    errors = when_modal(reopened)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert "identical" in notes[0]


def _first_active_code(store: Store) -> str:
    from kpo_desk.core.reports import active_engagements

    return active_engagements(store)[0][1]


def test_print_renders_every_page_through_a_printer(qtbot, demo_store: Store, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from kpo_desk.core.reports import find_engagement_id, preview_report
    from kpo_desk.ui.reports.preview import ReportPreview

    pdf = preview_report(demo_store, engagement_id=find_engagement_id(demo_store, _first_active_code(demo_store)),
                         period_start=date(2026, 1, 1))
    preview = ReportPreview(pdf, "status.pdf")
    qtbot.addWidget(preview)
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview.render_to(printer)
    expected = len(PdfReader(io.BytesIO(pdf)).pages)
    assert expected >= 2 and preview.page_count() == expected
    assert len(PdfReader(printed).pages) == expected


def test_batch_and_portfolio_from_the_reports_view(qtbot, demo_store: Store, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kpo_desk.core.reports import active_engagements, list_reports
    from kpo_desk.ui.reports.preview import ReportPreview

    window = open_window(qtbot, demo_store)
    window.show_view("Reports")
    view = window.reports
    before = len(list_reports(demo_store))
    folder = tmp_path / "round"
    folder.mkdir()
    said: list[str] = []

    def finished(box) -> None:  # noqa: ANN001
        said.append(box.text())
        box.accept()

    errors = when_modal(finished, kind=QMessageBox, timeout_s=60)
    view.run_batch(str(folder))
    qtbot.waitUntil(lambda: bool(said or errors), timeout=60_000)
    assert errors == []
    codes = [code for _id, code in active_engagements(demo_store)]
    assert f"{len(codes)} of {len(codes)} report(s) written" in said[0]
    assert sorted(p.name[:len(c)] for p, c in zip(sorted(folder.iterdir()), codes, strict=True)) == codes
    qtbot.waitUntil(lambda: view.model.rowCount() == before + len(codes))
    pages: list[int] = []

    def portfolio(dialog) -> None:  # noqa: ANN001
        pages.append(dialog.page_count())
        dialog.accept()

    errors = when_modal(portfolio, kind=ReportPreview)
    view.portfolio()
    assert errors == [] and pages and pages[0] >= 1
    newest = list_reports(demo_store)[0]
    assert newest.kind == ReportKind.PORTFOLIO and len(list_reports(demo_store)) == before + len(codes) + 1
    assert newest.file_name == f"portfolio-review-{newest.period_end.isoformat()}.pdf"


def _fill_history(store: Store, total: int = 6000) -> dict[str, int]:
    """``total`` report records in one executemany (the demo's own removed), newest last; the
    oldest three are planted to come first by recipient, engagement code, file name and period,
    so that each sits beyond row 5,000 of the default order (newest first)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import delete, insert, select

    from kpo_desk.core.models import Engagement, ReportRecord

    with store.read() as s:
        engagements = sorted(s.exec(select(Engagement.id, Engagement.code)).all(), key=lambda e: e[1].lower())
    first, others = engagements[0], engagements[1:]
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    rows = []
    for i in range(total):
        eid, code = first if i == 0 else others[i % len(others)]
        end = date(2025, 1, 1) + timedelta(days=i // 10)
        rows.append({"kind": ReportKind.ENGAGEMENT, "engagement_id": eid, "period_start": end - timedelta(days=30),
                     "period_end": end, "generated_at": start + timedelta(minutes=i),
                     "file_name": f"{code}-status-{end.isoformat()}-{i:04d}.pdf", "sha256": f"{i:064x}",
                     "recipient": ("Dr. Hiroshi Sato", "Anna Berg", "Zoe Keller")[i % 3], "summary": "",
                     "settings_json": "{}"})
    rows[0].update(recipient="aaron abbot")
    rows[1].update(file_name="000-first-of-all.pdf")
    rows[2].update(file_name="Q3_50%_draft.pdf", period_start=date(2019, 6, 1), period_end=date(2019, 6, 30))
    with store.engine.begin() as conn:
        conn.execute(delete(ReportRecord))
        conn.execute(insert(ReportRecord), rows)
        ids = conn.execute(select(ReportRecord.id).order_by(ReportRecord.generated_at)).scalars().all()
    return {"oldest": ids[0], "first_file": ids[1], "first_period": ids[2], "newest": ids[-1],
            "first_code": first[1]}


def _click_header(qtbot, table, header_text: str) -> None:  # noqa: ANN001
    """A click on the column's header section, where a person clicks it."""
    from PySide6.QtCore import QPoint

    model, header = table.model(), table.horizontalHeader()
    section = next(i for i, c in enumerate(model.columns) if c.header == header_text)
    table.scrollTo(model.index(0, section))
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    assert 0 <= x < header.viewport().width(), f"the {header_text} header is on screen"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_reports_list_sorts_by_a_header_click_and_filters_in_sql_past_5000(qtbot, demo_store: Store) -> None:
    planted = _fill_history(demo_store)
    window = open_window(qtbot, demo_store)
    window.showNormal()
    window.resize(1366, 768)  # a laptop screen: every column shows (a narrower list hides Recipient first)
    window.show_view("Reports")
    view = window.reports
    table, model, page = view.page.table, view.model, view.page
    qtbot.waitUntil(lambda: model.total() == 6000)
    assert page.count_label.text() == "6,000 shown", "every record, no cap"
    assert model.row_at(0).id == planted["newest"], "newest first"
    column = {c.key: i for i, c in enumerate(model.columns)}
    assert model.index(0, column["code"]).data() == model.row_at(0).code != ""

    _click_header(qtbot, table, "Recipient")
    qtbot.waitUntil(lambda: model.row_at(0).id == planted["oldest"])
    assert table.horizontalHeader().sortIndicatorSection() == column["recipient"]
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert model.index(0, column["recipient"]).data() == "aaron abbot", "any case, as a person reads names"
    _click_header(qtbot, table, "Recipient")  # again: the other way
    qtbot.waitUntil(lambda: model.row_at(0).recipient == "Zoe Keller")
    assert model.row_at(0).id == planted["newest"], "Zoe Keller's, newest first among them"

    _click_header(qtbot, table, "File")
    qtbot.waitUntil(lambda: model.row_at(0).id == planted["first_file"])
    _click_header(qtbot, table, "Period")
    qtbot.waitUntil(lambda: model.row_at(0).id == planted["first_period"])
    _click_header(qtbot, table, "Engagement")
    qtbot.waitUntil(lambda: model.row_at(0).code == planted["first_code"])
    assert model.row_at(0).id == planted["oldest"]
    _click_header(qtbot, table, "Generated")
    qtbot.waitUntil(lambda: model.row_at(0).id in (planted["oldest"], planted["newest"]))
    assert model.total() == 6000

    table.horizontalHeader().setSortIndicator(column["generated_at"], Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.row_at(0).id == planted["newest"])
    qtbot.mouseClick(page.filter_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.filter_edit, "ABBOT")
    qtbot.waitUntil(lambda: model.total() == 1)
    assert model.row_at(0).id == planted["oldest"] and page.count_label.text() == "1 shown"
    page.filter_edit.selectAll()
    qtbot.keyClicks(page.filter_edit, "50%")  # a typed % is a percent sign, not "anything"
    qtbot.waitUntil(lambda: model.row_at(0) is not None and model.row_at(0).id == planted["first_period"])
    assert model.total() == 1
    page.filter_edit.selectAll()
    qtbot.keyClicks(page.filter_edit, planted["first_code"].lower())  # by engagement code, any case
    qtbot.waitUntil(lambda: model.total() == 1 and model.row_at(0).id == planted["oldest"])
    page.filter_edit.selectAll()
    qtbot.keyClicks(page.filter_edit, "no such report")
    qtbot.waitUntil(lambda: model.total() == 0)
    assert page.table_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "No report matches the filter."


def test_a_report_with_a_password_is_encrypted_and_still_previewed(qtbot, demo_store: Store, tmp_path: Path) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    row = next(view.model.row_at(i) for i in range(view.model.total())
               if view.model.row_at(i).status == EngagementStatus.ACTIVE)
    view.select(row.id)
    tab = view.detail.reports_tab
    view.detail.setCurrentWidget(tab)
    saved = tmp_path / "protected.pdf"
    seen: dict[str, object] = {}

    def preview(dialog) -> None:  # noqa: ANN001
        seen["pages"] = dialog.page_count()
        dialog.ask_save_path = lambda: str(saved)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.accept()

    def fill(dialog) -> None:  # noqa: ANN001
        field = dialog.inputs["password"]
        assert field.echoMode() == field.EchoMode.Password
        qtbot.keyClicks(field, "tulip-7-orbit")
        seen["preview"] = when_modal(preview)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(fill)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.exists(), timeout=30_000)
    assert errors == [] and seen["preview"] == []
    assert seen["pages"] >= 1, "the preview opened the protected PDF with its password"
    reader = PdfReader(saved)
    assert reader.is_encrypted
    assert row.code.encode() not in saved.read_bytes()
    assert reader.decrypt("tulip-7-orbit")
    assert row.code in "".join(page.extract_text() for page in reader.pages)
