"""Team mode in the window, against the real test PostgreSQL server (tests/pg_server.py):
File ▸ Connect to team server… through its dialog, typed into and clicked; the password prompt
and the unreachable-server choice of ``--db postgresql://…``; the offline banner when the server
goes away mid-session and its going once the server is back; File ▸ Move this store to a team
server…; the logged-in user as the default doer, and the server's four-eyes sentence shown in
the window."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from kpo_desk.core import team
from kpo_desk.core.errors import StoreError
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.services.engagements import create_engagement
from kpo_desk.core.services.parties import create_client, create_staff, list_clients
from kpo_desk.core.store import Store
from kpo_desk.ui.common.forms import RecordDialog
from kpo_desk.ui.team.address import RECENT_KEY, keyring_problem
from kpo_desk.ui.team.connect_dialog import ConnectDialog, PasswordDialog
from tests.team.firm import NAMES, small_firm
from tests.ui.helpers import open_window, when_modal

PASSWORD = "correct horse battery"


@dataclass
class Firm:
    server: object
    db: str
    logins: dict[str, str]
    staff: dict[str, int]
    e1: int  # Asha's
    e2: int  # Ben's

    def url(self, who: str, *, password: bool = True) -> str:
        return self.server.url(self.db, user=self.logins[who], password=PASSWORD if password else None)


@pytest.fixture
def firm(pg_server, pg_database):
    """A team database: a manager (Mina), two analysts on one engagement each (Asha, Ben)."""
    suffix = secrets.token_hex(3)
    logins = {p: f"{p}_{suffix}" for p in ("asha", "ben", "mina")}
    names = NAMES
    with Store.open(pg_server.url(pg_database)) as admin:
        small = small_firm(admin)
        staff, e1, e2 = small.staff, small.e1, small.e2
        team.init_team(admin, staff="Office Admin")
        for person, role in (("asha", "analyst"), ("ben", "analyst"), ("mina", "manager")):
            team.add_user(admin, logins[person], staff=names[person], role=role, password=PASSWORD)
    yield Firm(pg_server, pg_database, logins, staff, e1, e2)
    pg_server.drop_database(pg_database)
    with pg_server.connect(autocommit=True) as conn:
        for login in logins.values():
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _type(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    field.selectAll() if hasattr(field, "selectAll") else None
    qtbot.keyClicks(field, text)


def _fill(qtbot, dialog: ConnectDialog, server, db: str, login: str, password: str) -> None:  # noqa: ANN001
    _type(qtbot, dialog.host, str(server.socket_dir))
    _type(qtbot, dialog.port, str(server.port))
    _type(qtbot, dialog.database, db)
    _type(qtbot, dialog.login, login)
    _type(qtbot, dialog.password, password)


def test_connect_through_the_dialog_opens_the_servers_store_as_the_analyst(qtbot, tmp_path: Path, firm: Firm) -> None:
    local = Store.open(tmp_path / "local.sqlite3")
    create_client(local, name="Only on the laptop")
    window = open_window(qtbot, local)
    assert window.windowTitle() == "KPO Desk"
    seen: dict = {}

    def connect(dialog: ConnectDialog) -> None:
        assert dialog.tls.currentData() == "verify-full", "the strictest TLS mode until the host is known"
        _fill(qtbot, dialog, firm.server, firm.db, firm.logins["asha"], "not her password")
        assert dialog.tls.currentData() == "disable", "a Unix socket folder carries no TLS"
        assert dialog.port.value() == firm.server.port
        assert dialog.remember.isEnabled() == (keyring_problem() is None)
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.store is None, "a wrong password keeps the dialog open"
        seen["wrong"] = dialog.message.text()
        _type(qtbot, dialog.password, PASSWORD)
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    errors = when_modal(connect, kind=ConnectDialog)
    window.connect_action.trigger()
    assert errors == []
    assert "did not accept the login" in seen["wrong"]
    # The window hands the server store over, as File ▸ Encrypt store… does (app.main's loop).
    assert window.restart_requested
    server_store, lock = window.handover
    assert lock is None and server_store.is_server
    # The recent connections remember where, never the password.
    recent = QSettings().value(RECENT_KEY)
    assert firm.logins["asha"] in recent and PASSWORD not in recent and "not her" not in recent
    assert json.loads(recent)[0]["database"] == firm.db
    local.close()

    team_window = open_window(qtbot, server_store)
    try:
        title = team_window.windowTitle()
        assert title.startswith(f"KPO Desk — Asha Rao ({firm.logins['asha']}) · {firm.db} on ") and str(firm.server.port) in title
        assert firm.db in team_window.path_label.text()
        team_window.show_view("Engagements")
        qtbot.waitUntil(lambda: team_window.engagements.model.rowCount() == 1)
        assert [r.id for r in list_engagement_rows(server_store)] == [firm.e1], "row-level security: hers only"
        titles = {team_window.engagements.model.row_at(0).title}
        assert titles == {"Patent landscape"}
        assert not team_window.encrypt_action.isEnabled() and not team_window.move_action.isEnabled()
        # The next time, the dialog offers the recent connection; only the password is typed.
        dialog = ConnectDialog(team_window)
        qtbot.addWidget(dialog)
        assert dialog.recent.count() == 2 and dialog.login.text() == firm.logins["asha"]
        assert dialog.host.text() == str(firm.server.socket_dir) and dialog.password.text() == ""
    finally:
        team_window.connection_watch.stop()
        server_store.close()


def test_the_banner_when_the_server_drops_and_saves_after_it_is_back(qtbot, firm: Firm) -> None:
    store = Store.open(firm.url("mina"))
    window = open_window(qtbot, store)
    watch = window.connection_watch
    watch.retry_ms = 200
    banner = window.findChild(type(watch.banner), "team_offline_banner")
    assert banner is watch.banner and banner.isHidden()
    server = firm.server
    try:
        # A restart between two actions is survived without a word: the pool checks first.
        server.restart()
        assert create_client(store, name="After a restart").id
        watch.probe_now()
        qtbot.wait(300)
        assert banner.isHidden()
        # The server goes away: the next action fails with one sentence and the banner comes.
        server._pg_ctl("stop", "-m", "fast")
        with pytest.raises(StoreError, match="cannot be reached.*not saved"):
            create_client(store, name="While the server is down")
        qtbot.waitUntil(lambda: not banner.isHidden(), timeout=15000)
        assert "cannot be reached" in banner.text() and "Reconnecting" in banner.text()
        assert banner.geometry().top() < window.view_stack.mapTo(window, window.view_stack.rect().topLeft()).y()
    finally:
        if not _server_up(server):
            server._start()
    # Back: the probe finds it, the banner goes, and a save works in the same window.
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=15000)
    client = create_client(store, name="Saved after the server came back")
    assert client.name in [c.name for c in list_clients(store)]
    assert "While the server is down" not in [c.name for c in list_clients(store)], "nothing half-written"
    watch.stop()
    store.close()


def _server_up(server) -> bool:  # noqa: ANN001
    try:
        with server.connect():
            return True
    except Exception:  # noqa: BLE001
        return False


def test_db_url_asks_the_password_again_with_the_servers_sentence(qtbot, firm: Firm) -> None:
    from kpo_desk.ui.app import open_store

    tries: list[str] = []

    def answer(password: str):  # noqa: ANN202
        def fill(dialog: PasswordDialog) -> None:
            tries.append(dialog.message.text() if not dialog.message.isHidden() else "")
            qtbot.keyClicks(dialog.field, password)
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            if password != PASSWORD:
                errors.extend(answer(PASSWORD))
        return when_modal(fill, kind=PasswordDialog)

    errors = answer("wrong")
    store, lock = open_store(firm.url("ben", password=False))
    try:
        assert errors == []
        assert tries[0] == "", "the first prompt has no complaint"
        assert "did not accept the login" in tries[1], "the second says what the server said"
        assert lock is None and store.is_server and store.actor == "Ben Okafor"
        assert [r.id for r in list_engagement_rows(store)] == [firm.e2]
    finally:
        store.close()


def test_an_unreachable_server_at_start_offers_the_local_store(qtbot, pg_server) -> None:
    from kpo_desk.ui.app import local_store_path, open_store

    nowhere = (f"postgresql://kpo_admin@/kpo?host={pg_server.socket_dir}&port={pg_server.port + 1}")
    local_store_path().parent.mkdir(parents=True, exist_ok=True)
    Store.open(local_store_path()).close()  # this computer's own store, made on an earlier day
    said: dict = {}

    def choose(box: QMessageBox) -> None:
        said["text"] = box.text()
        said["buttons"] = [b.text() for b in box.buttons()]
        next(b for b in box.buttons() if b.text() == "Open my local store").click()

    errors = when_modal(choose, kind=QMessageBox)
    store, lock = open_store(nowhere)
    try:
        assert errors == []
        assert "cannot be reached" in said["text"] and said["text"].count(".") <= 2
        assert set(said["buttons"]) == {"Open my local store", "Try again", "Quit"}
        assert not store.is_server and store.path == Path(local_store_path()).resolve()
        assert lock is not None, "the local store takes its file lock as always"
    finally:
        store.close()
        lock.release()

    def quit_(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Quit").click()

    errors = when_modal(quit_, kind=QMessageBox)
    assert open_store(nowhere) == (None, None)
    assert errors == []


def test_the_analyst_is_the_default_doer_and_the_servers_four_eyes_sentence_shows(qtbot, firm: Firm) -> None:
    from kpo_desk.core import checklists as cl

    store = Store.open(firm.url("asha"))
    window = open_window(qtbot, store)
    try:
        window.show_view("Engagements")
        window.engagements.select(firm.e1)
        detail = window.engagements.detail
        tab = detail.checklist_tab
        detail.setCurrentWidget(tab)
        qtbot.waitUntil(lambda: tab.model.total() > 0)
        item = next(i for i in cl.list_items(store, firm.e1) if not i.evidence_expected and i.state == "open")
        row = tab.model.row_of(lambda r: r.item_id == item.id)
        assert row >= 0
        tab.table.selectRow(row)
        text = tab.model.row_at(row).text
        seen: dict = {}

        def complete(dialog: RecordDialog) -> None:
            seen["doer"] = dialog.inputs["done_by_id"].currentText()
            dialog.save()

        errors = when_modal(complete, kind=RecordDialog)
        qtbot.mouseClick(tab.buttons["done"], Qt.MouseButton.LeftButton)
        assert errors == []
        assert seen["doer"].startswith("Asha Rao"), "the logged-in analyst is proposed as the doer"
        line = tab.model.row_at(tab.model.row_of(lambda r: r.text == text))
        assert line.done_by == "Asha Rao"

        def verify(dialog: RecordDialog) -> None:
            combo = dialog.inputs["verified_by_id"]
            assert combo.findText("Asha Rao") < 0, "four eyes: the doer is not offered"
            dialog.save()
            seen["refusal"] = dialog.general_error.text() if dialog.general_error.isVisible() else ""
            seen["open"] = dialog.isVisible()
            dialog.reject()

        tab.table.selectRow(tab.model.row_of(lambda r: r.text == text))
        errors = when_modal(verify, kind=RecordDialog)
        qtbot.mouseClick(tab.buttons["verify"], Qt.MouseButton.LeftButton)
        assert errors == []
        assert seen["open"], "the refusal keeps the dialog open"
        assert "You are logged in as Asha Rao" in seen["refusal"] and "Traceback" not in seen["refusal"]
        line = tab.model.row_at(tab.model.row_of(lambda r: r.text == text))
        assert not line.verified_by
    finally:
        window.connection_watch.stop()
        store.close()


def test_move_this_store_to_a_team_server_then_connect(qtbot, tmp_path: Path, pg_server, pg_database) -> None:
    local = Store.open(tmp_path / "local.sqlite3")
    client = create_client(local, name="Helvetia Pharma AG")
    lead = create_staff(local, name="Priya Nair")
    create_engagement(local, client_id=client.id, title="Clinical study report", service_type="medical_clinical",
                      lead_id=lead.id)
    counts = local.table_counts()
    window = open_window(qtbot, local)
    assert window.move_action.isEnabled()

    def target(dialog: ConnectDialog) -> None:
        assert dialog.connect_button.text() == "Move here"
        _fill(qtbot, dialog, pg_server, pg_database, "kpo_admin", pg_server.password)
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    said: dict = {}

    def connect(box: QMessageBox) -> None:
        said["text"] = box.text()
        button = next(b for b in box.findChildren(QPushButton) if b.text() == "Connect to it")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    errors = when_modal(target, kind=ConnectDialog)
    window.move_action.trigger()
    errors += when_modal(connect, kind=QMessageBox)
    qtbot.waitUntil(lambda: window.restart_requested, timeout=120000)
    assert errors == []
    assert "verified" in said["text"] and "unchanged" in said["text"]
    assert window.move_result.total_rows == sum(counts.values())
    server_store, lock = window.handover
    try:
        assert lock is None and server_store.is_server
        assert server_store.table_counts() == counts
        assert local.table_counts() == counts, "the local store is left as it was"
    finally:
        server_store.close()
        local.close()
    QApplication.processEvents()
