"""Issue 8: enter time until the budget turns amber; the reason shows in the list's tooltip and on
the dashboard."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlmodel import delete

from kpo_desk.core.models import ChecklistItem
from kpo_desk.core.services import communications as comms
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import RecordDialog
from tests.ui.helpers import open_window, when_modal


def _healthy_engagement(store: Store) -> int:
    today = date.today()
    client = parties.create_client(store, name="Nordlys Energi AS", timezone="Europe/Oslo")
    ingrid = parties.create_contact(store, client_id=client.id, name="Ingrid Haugen", email="ingrid@nordlys.example")
    lead = parties.create_staff(store, name="Priya Nair", role="Engagement manager")
    parties.create_staff(store, name="Kenji Watanabe", role="R&D analyst")
    e = eng.create_engagement(store, client_id=client.id, title="Technology scouting", service_type="rnd_engineering",
                              signed_on=today - timedelta(days=65), start_on=today - timedelta(days=60),
                              target_end_on=today + timedelta(days=60), fee_model="time_and_materials",
                              budget_hours=100, lead_id=lead.id)
    with store.transaction() as s:  # this test is about the budget, not the gates
        s.exec(delete(ChecklistItem).where(ChecklistItem.engagement_id == e.id))
    for step in ("onboarding", "active"):
        eng.change_status(store, e.id, step, override_reason="")
    comms.log_communication(store, engagement_id=e.id, channel="call", direction="inbound",
                            occurred_at=datetime.now(UTC) - timedelta(days=1), subject="Weekly call",
                            contact_ids=[ingrid.id])
    work.log_time(store, engagement_id=e.id, staff_id=lead.id, work_date=today - timedelta(days=7), hours=8)
    return e.id


def test_time_entries_turn_the_budget_amber_with_a_reason(qtbot, store: Store) -> None:
    engagement_id = _healthy_engagement(store)
    window = open_window(qtbot, store)
    window.show_view("Engagements")
    view = window.engagements
    view.select(engagement_id)
    model = view.model

    def tooltip() -> str:
        row = model.row_of(lambda r: r.id == engagement_id)
        return model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) or ""

    assert tooltip().startswith("Health: green")
    time_tab = view.detail.time
    view.detail.setCurrentWidget(time_tab)
    for day in range(1, 12):

        def fill(dialog: RecordDialog, day: int = day) -> None:
            dialog.inputs["staff_id"].setCurrentIndex(dialog.inputs["staff_id"].findText("Kenji Watanabe — R&D analyst"))
            dialog.inputs["work_date"].setText((date.today() - timedelta(days=day)).isoformat())
            dialog.inputs["hours"].setText("8")
            dialog.save()

        errors = when_modal(fill)
        qtbot.mouseClick(time_tab.new_button, Qt.MouseButton.LeftButton)
        assert errors == []
        qtbot.waitUntil(lambda: model.row_of(lambda r: r.id == engagement_id) >= 0)
        if "amber" in tooltip() or "red" in tooltip():
            break
    assert time_tab.model.total() == day + 1
    tip = tooltip()
    assert tip.startswith("Health: amber"), tip
    assert "budget" in tip and "% used" in tip
    with qtbot.waitSignal(window.dashboard.loaded, timeout=60_000):
        window.show_view("Dashboard")
    items = [window.dashboard.model.row_at(i) for i in range(window.dashboard.model.total())]
    mine = [i for i in items if i.engagement_id == engagement_id and i.kind.startswith("health")]
    assert mine and "budget" in mine[0].text and mine[0].severity == "amber"


def _tile_texts(grid) -> list[str]:  # noqa: ANN001 - a QGridLayout of labels
    return [grid.itemAt(i).widget().text() for i in range(grid.count())]


def test_the_dashboard_tiles_show_the_figures_of_each_refresh(qtbot, store: Store) -> None:
    """The tiles and the risk grid keep their labels between refreshes and change their text: a
    new risk and a new engagement show after View > Refresh (F5), and the risk cell says so."""
    engagement_id = _healthy_engagement(store)
    window = open_window(qtbot, store)
    dash = window.dashboard
    with qtbot.waitSignal(dash.loaded, timeout=60_000):
        window.show_view("Dashboard")
    cell = dash._heat_cells[4, 5]  # noqa: SLF001 - the likelihood 4, impact 5 cell
    statuses_before = _tile_texts(dash.status_grid)
    assert cell.text() == ""
    work.add_risk(store, engagement_id=engagement_id, category="confidentiality", description="Leaked drafts",
                  likelihood=4, impact=5)
    client = parties.list_clients(store)[0]
    eng.create_engagement(store, client_id=client.id, title="Second study", service_type="rnd_engineering")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    # (a refresh asked for while one is under way runs again when it ends: wait for the figures)
    qtbot.waitUntil(lambda: cell.text() == "1" and _tile_texts(dash.status_grid) != statuses_before, timeout=60_000)
    assert dash._heat_cells[4, 5] is cell and "1 open risk" in cell.toolTip()  # noqa: SLF001
    assert len(_tile_texts(dash.status_grid)) == len(statuses_before)
