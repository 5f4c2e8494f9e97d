"""Sentences core composes, shown by the German GUI in German: the dashboard's attention summary,
its items and portfolio line, the Today digest, the Checklist tab's compliance line and the
health tooltip of the engagement list (the app catalog, resources/locale/de/LC_MESSAGES/app.po)."""

from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import Qt

from kpo_desk.core.checklists import engagement_compliance
from kpo_desk.core.overview.attention import needs_attention
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.ui.today import TodayDialog
from tests.ui.helpers import open_window
from tests.ui.test_german_gui import german  # noqa: F401 - the fixture: the German GUI, undone after


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ")


def test_dashboard_and_checklist_speak_german(qtbot, demo_store, german) -> None:  # noqa: F811
    window = open_window(qtbot, demo_store)
    window.show_view("Dashboard")
    dash = window.dashboard
    qtbot.waitUntil(lambda: dash.snapshot is not None, timeout=60_000)
    items = dash.snapshot.attention
    late = sum(1 for i in items if i.late)
    assert dash.summary.text().startswith(f"{len(items)} Punkte brauchen Aufmerksamkeit; {late} davon schon "
                                          "überfällig oder rot."), dash.summary.text()
    rows = {dash.model.row_at(r).kind: r for r in reversed(range(dash.model.rowCount()))}
    milestone = dash.model.row_at(rows["overdue milestone"])
    what = dash.model.index(rows["overdue milestone"], 0).data(Qt.ItemDataRole.DisplayRole)
    sentence = dash.model.index(rows["overdue milestone"], 1).data(Qt.ItemDataRole.DisplayRole)
    days = int(re.search(r"(\d+) days overdue", milestone.text).group(1))
    title = milestone.text.split("'")[1]
    assert what == "Meilenstein überfällig"
    assert sentence == f"„{title}“ seit {days} Tagen überfällig", sentence
    health_row = rows["health red"]
    assert dash.model.index(health_row, 0).data(Qt.ItemDataRole.DisplayRole) == "Zustand rot"
    health_text = dash.model.index(health_row, 1).data(Qt.ItemDataRole.DisplayRole)
    assert health_text != dash.model.row_at(health_row).text and "overdue" not in health_text, health_text
    portfolio = dash.portfolio_label.text()
    assert re.fullmatch(r"Portfolio: \d+ von \d+ geprüft \(\d+ %\); \d+ von \d+ laufenden Mandaten ha(t|ben) "
                        r"Lücken\.", portfolio), portfolio

    today = TodayDialog(needs_attention(demo_store, today=None))
    qtbot.addWidget(today)
    assert "Punkte brauchen Aufmerksamkeit" in today.summary.text() and "need attention" not in today.summary.text()

    window.show_view("Engagements")
    view = window.engagements
    engagement = next(r for r in list_engagement_rows(demo_store) if engagement_compliance(demo_store, r.id).applicable)
    score = engagement_compliance(demo_store, engagement.id)
    view.select(engagement.id)
    detail = view.detail
    qtbot.waitUntil(lambda: detail.overview.code == engagement.code)
    german_score = f"{score.verified} von {score.applicable} geprüft ({score.percent} %)"
    assert f"compliance {score.summary}" not in _plain(detail.overview.facts.text())
    detail.setCurrentWidget(detail.checklist_tab)
    qtbot.waitUntil(lambda: "geprüft" in detail.checklist_tab.score.text())
    assert _plain(detail.checklist_tab.score.text()) == f"Konformität: {german_score}"


def test_engagement_list_health_tooltip_speaks_german(qtbot, demo_store, german) -> None:  # noqa: F811
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    model = window.engagements.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=30_000)
    checked = 0
    for r in range(model.rowCount()):
        row = model.row_at(r)
        health = getattr(row, "health", None)
        if health is None or not any(x.rule == "overdue_milestone" for x in health.reasons):
            continue
        tip = model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert "Meilenstein „" in tip and "überfällig" in tip, tip
        assert not any(x.text in tip for x in health.reasons if x.rule == "overdue_milestone"), tip
        checked += 1
    assert checked, "the demo has engagements with overdue milestones"
