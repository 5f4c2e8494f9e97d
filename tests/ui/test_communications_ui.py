"""Issue 6: log a call in the client's zone, set a follow-up, find it with Ctrl+K, mark it done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlmodel import select

from kpo_desk.core.models import Communication
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from kpo_desk.core.wording import display_datetime
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
    # The column has the time in the user's zone; its tooltip adds the client's local time.
    assert log.model.data(log.model.index(0, 0)) == display_datetime(entry.occurred_at, log.user_zone)
    assert "10:30 Tokyo (UTC+9) for the client" in log.model.data(log.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)

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


def _log_button(log):  # noqa: ANN001, ANN202
    from PySide6.QtWidgets import QToolButton

    return next(b for b in log.findChildren(QToolButton) if b.defaultAction() is log.log_action)


def _retype(qtbot, line, text: str) -> None:  # noqa: ANN001
    line.selectAll()
    qtbot.keyClicks(line, text)


def test_a_call_shows_who_took_part_and_zones_read_as_cities(qtbot, store: Store) -> None:
    from PySide6.QtWidgets import QLabel

    client = parties.create_client(store, name="Sato Seimitsu", timezone="Asia/Tokyo", language="ja")
    parties.create_contact(store, client_id=client.id, name="Dr. Hiroshi Sato", role="CTO")
    parties.create_staff(store, name="Priya Nair", role="Patent analyst")
    e = eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type="ip_patent")
    _window, log = open_engagement_log(qtbot, store, e.id)
    assert log.body.toPlainText() == "Select a communication to read it here, or press Ctrl+L to log one."
    seen: dict = {}

    def fill(dialog: CommunicationDialog) -> None:
        zone = dialog.inputs["zone"]
        seen["zones"] = [zone.itemText(i) for i in range(zone.count())]
        seen["intro"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        _retype(qtbot, dialog.inputs["day"], "2026-03-02")
        _retype(qtbot, dialog.inputs["clock"], "10:30")
        zone.setCurrentIndex(zone.findData("Asia/Tokyo"))
        seen["warning"] = dialog.hours_warning.text()
        dialog.inputs["contact_id"].setCurrentIndex(dialog.inputs["contact_id"].findText("Dr. Hiroshi Sato — CTO"))
        dialog.inputs["staff_id"].setCurrentIndex(dialog.inputs["staff_id"].findText("Priya Nair — Patent analyst"))
        qtbot.keyClicks(dialog.inputs["subject"], "Claim charts")
        shown = dialog.inputs["client_visible"]
        seen["visible_text"] = shown.text()
        qtbot.mouseClick(shown, Qt.MouseButton.LeftButton, pos=shown.rect().center() - shown.rect().center() / 2)
        dialog.grab().save("/tmp/h3/log_call.png")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(fill, kind=CommunicationDialog)
    qtbot.mouseClick(_log_button(log), Qt.MouseButton.LeftButton)
    assert errors == []
    assert "The client's time: Tokyo (UTC+9)" in seen["zones"]
    assert "Tokyo (UTC+9)" in seen["intro"] and "Asia/Tokyo" not in seen["intro"]
    assert seen["visible_text"] == "Show in client reports"
    assert "JST" not in " ".join(seen["zones"]) + seen["warning"]
    qtbot.waitUntil(lambda: log.model.total() == 1)
    log.page.table.selectRow(0)
    body = log.body.toPlainText()
    assert "Took part: Dr. Hiroshi Sato (Sato Seimitsu), Priya Nair (us)" in body
    assert "Shown in client reports." in body and "visible to the client" not in body
    when = log.model.data(log.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "10:30 Tokyo (UTC+9)" in when and "2 Mar 2026" in when and "JST" not in when
    assert "10:30 Tokyo (UTC+9) for the client" in body


def test_a_follow_up_before_the_communication_asks_first(qtbot, store: Store) -> None:
    from PySide6.QtWidgets import QMessageBox

    client = parties.create_client(store, name="Acme Research", timezone="Europe/Zurich")
    e = eng.create_engagement(store, client_id=client.id, title="Market sizing", service_type="market_research")
    _window, log = open_engagement_log(qtbot, store, e.id)
    seen: dict = {"questions": []}

    def answer(button):  # noqa: ANN001, ANN202
        def click(box: QMessageBox) -> None:
            seen["questions"].append(box.text())
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

        return click

    def fill(dialog: CommunicationDialog) -> None:
        _retype(qtbot, dialog.inputs["day"], "2026-03-02")
        _retype(qtbot, dialog.inputs["clock"], "10:30")
        qtbot.keyClicks(dialog.inputs["subject"], "Scope call")
        qtbot.keyClicks(dialog.inputs["follow_up_due"], "2026-02-27")
        no = when_modal(answer(QMessageBox.StandardButton.No), kind=QMessageBox)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert no == []
        seen["open_after_no"] = dialog.isVisible()
        with store.read() as s:
            seen["stored_after_no"] = len(s.exec(select(Communication)).all())
        yes = when_modal(answer(QMessageBox.StandardButton.Yes), kind=QMessageBox)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert yes == []

    errors = when_modal(fill, kind=CommunicationDialog)
    qtbot.mouseClick(_log_button(log), Qt.MouseButton.LeftButton)
    assert errors == []
    assert seen["open_after_no"] is True and seen["stored_after_no"] == 0
    assert len(seen["questions"]) == 2
    assert "27 Feb 2026" in seen["questions"][0] and "2 Mar 2026" in seen["questions"][0]
    with store.read() as s:
        entry = s.exec(select(Communication)).one()
    assert entry.follow_up_due == date(2026, 2, 27)


def test_a_follow_up_on_or_after_the_day_asks_nothing(qtbot, store: Store) -> None:
    client = parties.create_client(store, name="Acme Research", timezone="Europe/Zurich")
    e = eng.create_engagement(store, client_id=client.id, title="Market sizing", service_type="market_research")
    _window, log = open_engagement_log(qtbot, store, e.id)

    def fill(dialog: CommunicationDialog) -> None:
        _retype(qtbot, dialog.inputs["day"], "2026-03-02")
        _retype(qtbot, dialog.inputs["clock"], "10:30")
        qtbot.keyClicks(dialog.inputs["subject"], "Scope call")
        qtbot.keyClicks(dialog.inputs["follow_up_due"], "2026-03-02")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    errors = when_modal(fill, kind=CommunicationDialog)
    qtbot.mouseClick(_log_button(log), Qt.MouseButton.LeftButton)
    assert errors == []
    qtbot.waitUntil(lambda: log.model.total() == 1)


def test_clients_view_reads_zones_as_city_and_offset(qtbot, store: Store) -> None:
    from tests.ui.helpers import open_window

    client = parties.create_client(store, name="Sao Paulo Biotech", timezone="America/Sao_Paulo", country="Brazil")
    parties.create_contact(store, client_id=client.id, name="Ana Souza", timezone="Asia/Shanghai")
    window = open_window(qtbot, store)
    window.show_view("Clients")
    view = window.clients
    qtbot.waitUntil(lambda: view.model.total() == 1)
    zone_column = next(n for n, c in enumerate(view.model.columns) if c.key == "timezone")
    assert view.model.data(view.model.index(0, zone_column)) == "Sao Paulo (UTC\u22123)"
    view.page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Sao Paulo (UTC\u22123)" in view.detail.heading.text())
    assert "-03" not in view.detail.heading.text()
    contacts = view.detail.contacts
    qtbot.waitUntil(lambda: contacts.model.total() == 1)
    zone_column = next(n for n, c in enumerate(contacts.model.columns) if c.key == "timezone")
    assert contacts.model.data(contacts.model.index(0, zone_column)) == "Shanghai (UTC+8)"
    window.grab().save("/tmp/h3/clients_view.png")
