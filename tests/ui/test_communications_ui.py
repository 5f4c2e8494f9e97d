"""Issue 6: log a call in the client's zone, set a follow-up, find it with Ctrl+K, mark it done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlmodel import select

from kpo_desk.core.models import Communication
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.ui.communications.entry import CommunicationDialog
from tests.ui.helpers import open_engagement_log, press, when_modal


def test_log_call_in_client_zone_follow_up_search_and_done(qtbot, store: Store) -> None:
    client = parties.create_client(store, name="佐藤精密株式会社 (Sato Seimitsu)", timezone="Asia/Tokyo",
                                   language="ja")
    parties.create_contact(store, client_id=client.id, name="Dr. Hiroshi Sato", email="h.sato@sato.example")
    e = eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type="ip_patent")
    window, log = open_engagement_log(qtbot, store, e.id)
    follow_up = date.today() + timedelta(days=3)

    def fill(dialog: CommunicationDialog) -> None:
        dialog.inputs["channel"].setCurrentIndex(dialog.inputs["channel"].findText("Call"))
        dialog.inputs["day"].setText("2026-03-02")  # a Monday
        dialog.inputs["clock"].setText("22:30")
        dialog.inputs["zone"].setCurrentIndex(dialog.inputs["zone"].findData("Asia/Tokyo"))
        assert "outside their working hours" in dialog.hours_warning.text()
        dialog.inputs["clock"].setText("10:30")
        assert "outside" not in dialog.hours_warning.text()
        assert "Mon 10:30" in dialog.hours_warning.text()
        dialog.inputs["contact_id"].setCurrentIndex(dialog.inputs["contact_id"].findText("Dr. Hiroshi Sato"))
        dialog.inputs["subject"].setText("Kick-off: claim charts for micro-bearings")
        dialog.inputs["body"].setPlainText("Agreed the claim-chart format; Dr. Sato sends the Fräsmaschine specs.")
        dialog.inputs["follow_up_due"].setText(follow_up.isoformat())
        dialog.save()

    errors = when_modal(fill)
    log.setFocus()
    log.log_action.trigger()
    assert errors == []
    with store.read() as s:
        entry = s.exec(select(Communication)).one()
    assert entry.occurred_at == datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo is 01:30 UTC
    assert entry.follow_up_due == follow_up and not entry.follow_up_done
    qtbot.waitUntil(lambda: log.model.total() == 1)
    assert "JST for the client" in log.model.data(log.model.index(0, 0)) or "10:30" in log.model.data(
        log.model.index(0, 0))

    def find(palette) -> None:  # noqa: ANN001
        qtbot.keyClicks(palette.query, "frasmasch")  # prefix, typed without the umlaut
        qtbot.waitUntil(lambda: any(h.kind == "communication" for h in palette.hits))
        palette.results.setCurrentRow(next(i for i, h in enumerate(palette.hits) if h.kind == "communication"))
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)

    errors = when_modal(find)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    assert window.engagements.page.current().id == e.id
    window.show_view("Communications")
    follow_ups = window.communications.follow_ups
    window.communications.setCurrentWidget(follow_ups)
    qtbot.waitUntil(lambda: follow_ups.model.total() == 1)
    follow_ups.table.selectRow(0)
    qtbot.mouseClick(follow_ups.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: follow_ups.model.total() == 0)
    with store.read() as s:
        assert s.get(Communication, entry.id).follow_up_done
