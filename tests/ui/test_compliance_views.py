"""One compliance figure, the same words in every view a person looks at: for every demo
engagement the Overview's facts, the Checklist tab and (for those with gaps) the dashboard's
gaps list say exactly what core's rule says (the printed reports are held to it in
tests/core/test_compliance_everywhere.py)."""

from __future__ import annotations

from html import unescape

from PySide6.QtCore import Qt

from kpo_desk.core.checklists import engagement_compliance
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.store import Store
from tests.ui.helpers import open_window


def _plain(html: str) -> str:
    import re

    return unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ")


def test_overview_checklist_and_dashboard_show_core_figure_for_every_engagement(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=30_000)
    gaps = window.dashboard.gaps_model
    shown_gaps = {gaps.row_at(r).code: gaps.index(r, 2).data(Qt.ItemDataRole.DisplayRole)
                  for r in range(gaps.rowCount())}
    assert shown_gaps, "the demo has engagements with gaps"

    window.show_view("Engagements")
    detail = window.engagements.detail
    rows = list_engagement_rows(demo_store)
    assert len(rows) >= 10
    for row in rows:
        expected = engagement_compliance(demo_store, row.id).summary
        window.engagements.select(row.id)
        qtbot.waitUntil(lambda row=row: detail.overview.code == row.code)
        facts = _plain(detail.overview.facts.text())
        assert f"compliance {expected}" in facts, (row.code, facts)
        detail.setCurrentWidget(detail.checklist_tab)
        qtbot.waitUntil(lambda: "Compliance:" in detail.checklist_tab.score.text())
        assert _plain(detail.checklist_tab.score.text()) == f"Compliance: {expected}", row.code
        detail.setCurrentWidget(detail.overview)
        if row.code in shown_gaps:
            assert shown_gaps[row.code] == expected, row.code
