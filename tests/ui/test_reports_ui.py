"""Issue 7 in the GUI: generate from an engagement, preview with QtPdf, save, and reopen from history."""

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
    assert pages and pages[0] >= 1, "QPdfView loaded the generated PDF"
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
