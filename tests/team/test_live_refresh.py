"""Other people's changes reach an open session through LISTEN/NOTIFY (migration 0007's triggers,
kpo_desk/core/live.py), against a real PostgreSQL server: within 2 s, across a server restart,
with table names and ids only (an analyst hears of other engagements' changes, never their
contents); the app's own engine survives the restart too."""

from __future__ import annotations

import json
import queue
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from kpo_desk.core import store_server
from kpo_desk.core.live import Change, ChangeListener, merge, parse
from kpo_desk.core.services.communications import log_communication
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.services.engagements import create_engagement
from kpo_desk.core.services.parties import create_client, create_staff, list_clients
from kpo_desk.core.store import Store
from tests.team.test_identity_security import team_db  # noqa: F401 - the team fixture

#: The issue's promise: another user's change shows within 2 s.
PROMISE_S = 2.0


class Heard:
    """The batches a listener delivered, to wait on from the test's thread."""

    def __init__(self) -> None:
        self.batches: queue.Queue[tuple[Change, ...]] = queue.Queue()
        self.threads: set[str] = set()

    def __call__(self, batch: tuple[Change, ...]) -> None:
        self.threads.add(threading.current_thread().name)
        self.batches.put(batch)

    def wait_for(self, wanted, timeout: float) -> tuple[Change, float]:  # noqa: ANN001 - a predicate
        """The first change ``wanted(change)`` accepts, and the seconds it took."""
        start = time.monotonic()
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such change within {timeout} s")
            try:
                batch = self.batches.get(timeout=left)
            except queue.Empty:
                continue
            for change in batch:
                if wanted(change):
                    return change, time.monotonic() - start


def listening(store: Store, heard: Heard) -> ChangeListener:
    listener = ChangeListener(store, heard).start()
    assert listener.connected.wait(10), "the listener did not connect"
    return listener


@pytest.fixture
def two_sessions(pg_server, pg_database):
    """Two stores on one database, as two people's apps; the first has a client and a lead."""
    with Store.open(pg_server.url(pg_database)) as mine, Store.open(pg_server.url(pg_database)) as theirs:
        lead = create_staff(theirs, name="Mina Das").id
        client = create_client(theirs, name="Acme Ltd").id
        yield mine, theirs, lead, client


def test_the_payloads_name_tables_and_ids() -> None:
    assert parse('{"t": "communication", "e": [3, 5]}') == Change("communication", frozenset({3, 5}))
    assert parse('{"t": "client"}') == Change("client", None)
    assert parse("not json") is None and parse('{"e": [1]}') is None
    merged = merge([Change("risk", frozenset({1})), Change("risk", frozenset({2})), Change("client", None),
                    Change("engagement", frozenset({4})), Change("engagement", None)])
    assert merged == (Change("client", None), Change("engagement", None), Change("risk", frozenset({1, 2})))
    assert Change("risk", frozenset({1})).touches(1) and not Change("risk", frozenset({1})).touches(2)


def test_a_change_by_another_session_arrives_within_two_seconds(two_sessions) -> None:
    mine, theirs, lead, client = two_sessions
    heard = Heard()
    with listening(mine, heard):
        started = time.monotonic()
        engagement = create_engagement(theirs, client_id=client, title="Patent landscape",
                                       service_type="ip_patent", lead_id=lead).id
        change, _ = heard.wait_for(lambda c: c.table == "engagement", PROMISE_S)
        took = time.monotonic() - started
        assert change.engagement_ids == frozenset({engagement})
        assert took < PROMISE_S
        print(f"\nengagement change heard {took * 1000:.0f} ms after the save began")
        # A burst (the engagement's checklist, its audit rows) is folded: one batch per burst, and
        # in it one Change per table.
        log_communication(theirs, engagement_id=engagement, channel="email", direction="inbound",
                          occurred_at=datetime(2026, 3, 2, 9, tzinfo=UTC), subject="Kick-off")
        change, _ = heard.wait_for(lambda c: c.table == "communication", PROMISE_S)
        assert change.engagement_ids == frozenset({engagement})
        # The other side reads the change through its own store as usual.
        assert [r.id for r in list_engagement_rows(mine)] == [engagement]
    assert heard.threads == {"kpo-desk-changes"}  # called back on the listener's own thread


def test_a_listener_may_skip_its_own_stores_changes(two_sessions) -> None:
    """A window has shown its own saves already: its listener skips changes made through its store."""
    mine, theirs, lead, client = two_sessions
    heard = Heard()
    listener = ChangeListener(mine, heard, ignore_own=True).start()
    try:
        assert listener.connected.wait(10)
        create_client(mine, name="My own client")
        create_engagement(theirs, client_id=client, title="Theirs", service_type="ip_patent", lead_id=lead)
        heard.wait_for(lambda c: c.table == "engagement", PROMISE_S)
    finally:
        listener.stop()
    everything = []
    while not heard.batches.empty():
        everything += heard.batches.get()
    assert all(c.table != "client" for c in everything)  # my insert into client was not reported


def test_stop_ends_the_thread_within_a_second(two_sessions) -> None:
    mine, _theirs, _lead, _client = two_sessions
    listener = listening(mine, Heard())
    assert listener.running
    thread = listener._thread  # this listener's own (a window of another test may have its own)
    started = time.monotonic()
    listener.stop()
    assert not listener.running and time.monotonic() - started < 1.0
    assert thread is not None and not thread.is_alive()


def test_a_file_store_listener_does_nothing(tmp_path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        listener = ChangeListener(store, Heard()).start()
        assert not listener.active and not listener.running
        listener.stop()


def test_the_listener_and_the_app_survive_a_server_restart(two_sessions, pg_server) -> None:
    mine, theirs, lead, client = two_sessions
    heard = Heard()
    with listening(mine, heard) as listener:
        assert [c.name for c in list_clients(mine)] == ["Acme Ltd"]  # pooled connections in use
        pg_server.restart()
        # Back by itself (a try after 0.5 s, 1 s, ...), it says "reload everything": notifications
        # sent while it was away are lost.
        change, waited = heard.wait_for(lambda c: c == Change.ANYTHING, 30)
        assert listener.reconnections == 1 and listener.connected.is_set()
        print(f"\nlistener back {waited:.1f} s after the restart finished")
        # The app's engine checks pooled connections before use (pool_pre_ping): the next service
        # calls on both sides work, and the next change after the restart arrives.
        assert [c.name for c in list_clients(mine)] == ["Acme Ltd"]
        engagement = create_engagement(theirs, client_id=client, title="After the restart",
                                       service_type="ip_patent", lead_id=lead).id
        change, took = heard.wait_for(lambda c: c.table == "engagement", PROMISE_S)
        assert change.engagement_ids == frozenset({engagement})
        print(f"first change after the restart heard in {took * 1000:.0f} ms")
    assert not listener.running


def test_service_calls_work_after_a_server_restart(pg_server, pg_database) -> None:
    with Store.open(pg_server.url(pg_database)) as store:
        create_client(store, name="Before Ltd")
        pg_server.restart()
        create_client(store, name="After Ltd")  # a write on a pool whose connections all died
        assert sorted(c.name for c in list_clients(store)) == ["After Ltd", "Before Ltd"]


@pytest.mark.parametrize("ping_after_idle_s", [store_server.PING_AFTER_IDLE_S, 0.0],
                         ids=["used-a-moment-ago", "idle-longer"])
def test_a_pooled_connection_the_server_ended_is_replaced_without_an_error(
        pg_server, pg_database, monkeypatch: pytest.MonkeyPatch, ping_after_idle_s: float) -> None:
    """The pool checks a connection before lending it: one used a moment ago by looking whether
    the server said goodbye on its socket (no round trip), one idle longer by a ping. An
    administrator's terminate (as a restart does to every session) costs the user nothing."""
    monkeypatch.setattr(store_server, "PING_AFTER_IDLE_S", ping_after_idle_s)
    with Store.open(pg_server.url(pg_database)) as store:
        create_client(store, name="Before Ltd")
        with store.connection() as conn:
            before = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with pg_server.connect() as admin:
            ended = admin.execute("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 30000)) "
                                  "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                                  (pg_database,)).fetchone()[0]
        assert ended >= 1
        assert [c.name for c in list_clients(store)] == ["Before Ltd"]
        with store.connection() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != before


def test_an_analyst_hears_tables_and_ids_never_contents(team_db) -> None:  # noqa: F811
    """A notification reaches every listener whatever row-level security says: Asha hears that
    Ben's engagement changed (its id), never what changed or whose it is."""
    secret = "Zeta merger terms"
    heard = Heard()
    with team_db.open("asha") as asha, team_db.sql("asha") as raw, team_db.open("mina") as mina:
        raw.execute("LISTEN kpo_desk_changes")
        with listening(asha, heard):
            log_communication(mina, engagement_id=team_db.e2, channel="email", direction="inbound",
                              occurred_at=datetime(2026, 3, 9, 9, tzinfo=UTC), subject=secret,
                              body="Globex plc will pay 4 million", sender="cfo@globex.example")
            change, _ = heard.wait_for(lambda c: c.table == "communication", PROMISE_S)
        assert change == Change("communication", frozenset({team_db.e2}))
        payloads = [n.payload for n in raw.notifies(timeout=1.0)]
        # And still nothing of it through her store.
        assert [r.id for r in list_engagement_rows(asha)] == [team_db.e1]
    assert payloads, "the analyst's plain connection heard nothing"
    for payload in payloads:
        data = json.loads(payload)
        assert set(data) <= {"t", "e"} and isinstance(data["t"], str)
        assert all(isinstance(i, int) for i in data.get("e") or [])
        for word in ("Zeta", "Globex", "4 million", "cfo@", "Ben", "Mina", "Market study"):
            assert word not in payload
