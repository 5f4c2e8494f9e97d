"""Real workflows through the desk, with clicks and keys on real widgets."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import RecordDialog
from kpo_desk.ui.engagements.detail import OverrideDialog
from tests.ui.helpers import open_window, press, when_modal


def _choose(dialog: RecordDialog, field: str, text: str) -> None:
    combo = dialog.inputs[field]
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered in {field}"
    combo.setCurrentIndex(index)


def test_create_client_then_contact(qtbot, store: Store) -> None:
    window = open_window(qtbot, store)

    def fill_client(dialog: RecordDialog) -> None:
        qtbot.keyClicks(dialog.inputs["name"], "Helvetia Pharma AG")
        dialog.inputs["timezone"].setCurrentText("Europe/Zurich")
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    errors = when_modal(fill_client)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert errors == []
    assert window.current_view_name() == "Clients"
    client = parties.list_clients(store)[0]
    assert (client.name, client.timezone) == ("Helvetia Pharma AG", "Europe/Zurich")
    assert window.clients.page.current().id == client.id

    def fill_contact(dialog: RecordDialog) -> None:
        dialog.inputs["name"].setText("Dr. Lukas Brändli")
        dialog.inputs["email"].setText("not-an-address")
        dialog.save()
        assert dialog.errors["email"].isVisible(), "core's message is shown beside the field"
        assert "not an e-mail address" in dialog.errors["email"].text()
        dialog.inputs["email"].setText("lukas@helvetia.example")
        dialog.save()

    errors = when_modal(fill_contact)
    qtbot.mouseClick(window.clients.detail.contacts.new_button, Qt.MouseButton.LeftButton)
    assert errors == []
    contacts = window.clients.detail.contacts.model
    assert contacts.total() == 1 and contacts.row_at(0).name == "Dr. Lukas Brändli"
    assert contacts.row_at(0).timezone == "Europe/Zurich"


def _engagement_via_gui(qtbot, window, store: Store) -> int:
    parties.create_client(store, name="佐藤精密株式会社", timezone="Asia/Tokyo", language="ja")
    parties.create_staff(store, name="Arjun Mehta", role="Senior patent analyst")
    window.refresh()
    window.engagements.refresh_choices()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    def fill(dialog: RecordDialog) -> None:
        _choose(dialog, "client_id", "佐藤精密株式会社")
        dialog.inputs["title"].setText("Prior-art search: micro-bearings")
        _choose(dialog, "service_type", "IP and patent research")
        dialog.inputs["target_end_on"].setText("2026-02-30")
        dialog.save()
        assert "not a real date" in dialog.errors["target_end_on"].text()
        dialog.inputs["target_end_on"].setText("2027-03-31")
        dialog.save()

    errors = when_modal(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    row = window.engagements.page.current()
    assert row is not None and row.title == "Prior-art search: micro-bearings"
    return row.id


def test_create_engagement_and_milestone(qtbot, store: Store) -> None:
    window = open_window(qtbot, store)
    engagement_id = _engagement_via_gui(qtbot, window, store)
    e = eng.get_engagement(store, engagement_id=engagement_id)
    assert e.code.endswith("-001") and e.status == EngagementStatus.PROPOSED
    detail = window.engagements.detail
    detail.setCurrentWidget(detail.milestones)

    def fill(dialog: RecordDialog) -> None:
        dialog.inputs["title"].setText("Prior-art report")
        dialog.inputs["due_on"].setText("2027-01-15")
        dialog.save()

    errors = when_modal(fill)
    qtbot.mouseClick(detail.milestones.new_button, Qt.MouseButton.LeftButton)
    assert errors == []
    model = detail.milestones.model
    assert model.total() == 1 and model.row_at(0).title == "Prior-art report"
    assert str(model.row_at(0).due_on) == "2027-01-15"
    # The list's "next milestone" column follows.
    qtbot.waitUntil(lambda: window.engagements.page.current().next_milestone == "Prior-art report")


def test_status_moves_and_a_refused_move_explains_itself(qtbot, store: Store) -> None:
    window = open_window(qtbot, store)
    engagement_id = _engagement_via_gui(qtbot, window, store)
    overview = window.engagements.detail.overview
    offered = [a.text() for a in overview.move_menu.actions()]
    assert offered == ["Onboarding", "Cancelled"]
    overview.move_menu.actions()[0].trigger()
    assert eng.get_engagement(store, engagement_id=engagement_id).status == EngagementStatus.ONBOARDING
    assert "Onboarding" in overview.status_badge.text()
    blockers = eng.gate_blockers(store, engagement_id, EngagementStatus.ACTIVE)
    seen: list[str] = []

    def refuse(dialog) -> None:  # noqa: ANN001
        seen.append(dialog.message.text() if isinstance(dialog, OverrideDialog) else dialog.text())
        dialog.reject()

    errors = when_modal(refuse)
    next(a for a in overview.move_menu.actions() if a.text() == "Active").trigger()
    assert errors == []
    assert eng.get_engagement(store, engagement_id=engagement_id).status == EngagementStatus.ONBOARDING
    if blockers:  # gate items exist: the message names them and offers an audited override
        assert "cannot move to Active" in seen[0] and escape(blockers[0]) in seen[0]

        def override(dialog: OverrideDialog) -> None:
            qtbot.keyClicks(dialog.reason, "Client signed the NDA on paper; scan follows")
            qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)

        errors = when_modal(override)
        next(a for a in overview.move_menu.actions() if a.text() == "Active").trigger()
        assert errors == []
        assert eng.get_engagement(store, engagement_id=engagement_id).status == EngagementStatus.ACTIVE
    offered = [a.text() for a in overview.move_menu.actions()]
    assert "Closed" not in offered or eng.get_engagement(store, engagement_id=engagement_id).status == "active"


def test_edit_then_undo_and_redo(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    view.page.table.selectRow(0)
    row = view.page.current()
    overview = view.detail.overview
    title = overview.form.inputs["title"]
    original = title.text()
    title.setText("Renamed by the manager")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert eng.get_engagement(demo_store, engagement_id=row.id).title == "Renamed by the manager"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert eng.get_engagement(demo_store, engagement_id=row.id).title == original
    qtbot.waitUntil(lambda: overview.form.inputs["title"].text() == original)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert eng.get_engagement(demo_store, engagement_id=row.id).title == "Renamed by the manager"


def test_delete_asks_and_can_be_undone(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    window.show_view("Engagements")
    view = window.engagements
    view.page.table.selectRow(1)
    tab = view.detail.milestones
    view.detail.setCurrentWidget(tab)
    before = tab.model.total()
    assert before > 0
    tab.table.selectRow(0)
    doomed = tab.model.row_at(0).title
    errors = when_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert errors == [] and tab.model.total() == before
    errors = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert errors == [] and tab.model.total() == before - 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.total() == before)
    assert doomed in [tab.model.row_at(i).title for i in range(tab.model.total())]


def test_dashboard_item_opens_its_engagement(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None, timeout=60_000)
    table = window.dashboard.table
    assert window.dashboard.model.total() > 0
    item = window.dashboard.model.row_at(0)
    table.setFocus()
    table.setCurrentIndex(window.dashboard.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_view_name() == "Engagements"
    assert window.engagements.page.current().id == item.engagement_id
    assert item.code in window.engagements.detail.overview.heading.text()


def test_find_a_record_with_ctrl_k(qtbot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store)
    opened: list[str] = []

    def find(palette) -> None:  # noqa: ANN001
        qtbot.keyClicks(palette.query, "Helvet")
        qtbot.waitUntil(lambda: len(palette.hits) > 0)
        assert any(h.kind == "client" and "Helvetia" in h.label for h in palette.hits)
        first_engagement = next(i for i, h in enumerate(palette.hits) if h.kind == "engagement")
        palette.results.setCurrentRow(first_engagement)
        opened.append(palette.hits[first_engagement].label)
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)

    errors = when_modal(find)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    assert window.current_view_name() == "Engagements"
    assert window.engagements.page.current().code == opened[0]
