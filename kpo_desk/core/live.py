"""Other people's changes, as they are committed (team mode): a ``ChangeListener`` keeps one
connection of its own to the team server, ``LISTEN``s on ``kpo_desk_changes`` (the
notifications migration 0007's triggers send at each commit), and calls back with a small batch
of ``Change``s: which tables, which engagements. Never any values: a notification reaches every
listener, whatever row-level security lets them read, so the views reload what the changes name
and read it through the store as usual.

Bursts are folded (a save touches several tables; a bulk load thousands of rows): the callback
runs at most every ``coalesce`` seconds. When the server restarts or the network drops, the
listener connects again by itself (waiting longer after each failed try) and then reports
``Change.ANYTHING``: notifications sent while it was away are lost, so everything is reloaded.

The callback runs on the listener's own thread; a GUI hands it to its own thread
(kpo_desk/ui/team/live.py). A file store has no other writers to hear: its listener does nothing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from kpo_desk.core.logs import log

if TYPE_CHECKING:
    from kpo_desk.core.store import Store

CHANNEL = "kpo_desk_changes"
#: Seconds to wait, after a first notification, for the rest of its burst.
COALESCE_S = 0.2
#: Longest wait for a notification before looking at stop() and the connection again.
POLL_S = 0.25
#: Idle seconds after which the connection is checked (a network drop without a goodbye).
HEARTBEAT_S = 30.0
#: Waits between tries to connect again: 0.5, 1, 2, 4, then 5 s.
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 5.0)
#: Seconds a (re)connection may take before it counts as failed.
CONNECT_TIMEOUT_S = 5


class Change(NamedTuple):
    """A change committed by someone: the table, and the engagements whose rows changed
    (None: any engagement, or a table that belongs to none, such as clients and staff)."""

    table: str
    engagement_ids: frozenset[int] | None

    def touches(self, engagement_id: int) -> bool:
        return self.engagement_ids is None or engagement_id in self.engagement_ids


#: "Anything may have changed": sent after a reconnection (notifications were missed meanwhile).
Change.ANYTHING = Change("*", None)  # type: ignore[attr-defined]


def parse(payload: str) -> Change | None:
    """A notification's payload (``{"t": table, "e": [ids] | null}``); None if it is not ours."""
    try:
        data = json.loads(payload)
        table = data["t"]
        ids = data.get("e")
        if not isinstance(table, str):
            return None
        if ids is None:
            return Change(table, None)
        return Change(table, frozenset(int(i) for i in ids))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def merge(changes: Iterable[Change]) -> tuple[Change, ...]:
    """One Change per table, its engagement ids united (None wins: "any")."""
    by_table: dict[str, frozenset[int] | None] = {}
    for change in changes:
        if change.table in by_table:
            before = by_table[change.table]
            by_table[change.table] = (None if before is None or change.engagement_ids is None
                                      else before | change.engagement_ids)
        else:
            by_table[change.table] = change.engagement_ids
    return tuple(Change(t, ids) for t, ids in sorted(by_table.items()))


Callback = Callable[[tuple[Change, ...]], None]


class ChangeListener:
    """Hears other sessions' committed changes on ``store``'s server and calls ``callback``
    (on its own thread) with each burst, merged per table. ``start()`` / ``stop()``; a file
    store's listener does nothing (``active`` is False)."""

    def __init__(self, store: Store, callback: Callback, *, coalesce: float = COALESCE_S,
                 ignore_own: bool = False) -> None:
        self.store = store
        self.callback = callback
        self.coalesce = coalesce
        self.active = bool(store.is_server)
        #: Skip changes made through ``store`` itself (a window has already shown its own saves):
        #: notifications name the server process that sent them, and the pool's are noted.
        self.ignore_own = ignore_own
        self._own_pids: set[int] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set while the listening connection is up (tests and the GUI may wait on it).
        self.connected = threading.Event()
        #: How many times the connection was made again after losing it.
        self.reconnections = 0

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> ChangeListener:
        if not self.active or self._thread is not None:
            return self
        if self.ignore_own:
            from sqlalchemy import event

            event.listen(self.store.engine, "checkout", self._note_own)
        self._thread = threading.Thread(target=self._run, name="kpo-desk-changes", daemon=True)
        self._thread.start()
        return self

    def _note_own(self, dbapi_conn, *_pool) -> None:  # noqa: ANN001, ANN002 - psycopg Connection
        """Each connection the store's pool hands out (a checkout costs no round trip)."""
        self._own_pids.add(dbapi_conn.info.backend_pid)

    def stop(self, timeout: float = 2.0) -> None:
        """Ends the thread (within about POLL_S when connected); safe to call twice."""
        self._stop.set()
        if self.ignore_own and self._thread is not None:
            from sqlalchemy import event

            if event.contains(self.store.engine, "checkout", self._note_own):
                event.remove(self.store.engine, "checkout", self._note_own)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ChangeListener:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the thread ------------------------------------------------------------------------------
    def _connect(self):  # noqa: ANN202 - a psycopg.Connection
        import psycopg

        engine = self.store.engine
        args, params = engine.dialect.create_connect_args(engine.url)
        params = {**params, "autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S,
                  "application_name": "KPO Desk (changes)"}
        conn = psycopg.connect(*args, **params)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _run(self) -> None:
        import psycopg

        failures = 0
        ever_connected = False
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except psycopg.Error as exc:
                wait = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
                failures += 1
                if failures == 1:
                    log.info("change listener cannot reach %s (%s); trying again", self.store.location,
                             str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
                self._stop.wait(wait)
                continue
            failures = 0
            self.connected.set()
            if ever_connected:  # what was sent while we were away is lost: reload everything
                self.reconnections += 1
                self._own_pids.clear()  # a restarted server numbers its processes anew
                self._deliver((Change.ANYTHING,))
            ever_connected = True
            try:
                with conn:
                    self._listen(conn)
            except psycopg.Error as exc:
                log.info("change listener lost %s (%s); connecting again", self.store.location,
                         type(exc).__name__)
            finally:
                self.connected.clear()

    def _listen(self, conn) -> None:  # noqa: ANN001 - a psycopg.Connection
        pending: list[Change] = []
        flush_at: float | None = None
        quiet_since = time.monotonic()
        while not self._stop.is_set():
            now = time.monotonic()
            wait = POLL_S if flush_at is None else max(0.0, min(POLL_S, flush_at - now))
            for notify in conn.notifies(timeout=wait):
                change = None if notify.pid in self._own_pids else parse(notify.payload)
                if change is not None:
                    pending.append(change)
                    if flush_at is None:
                        flush_at = time.monotonic() + self.coalesce
                if flush_at is not None and time.monotonic() >= flush_at:
                    break
            now = time.monotonic()
            if flush_at is not None and now >= flush_at:
                batch, pending, flush_at = merge(pending), [], None
                self._deliver(batch)
                quiet_since = now
            elif flush_at is None and now - quiet_since > HEARTBEAT_S:
                conn.execute("SELECT 1")  # raises if the server is gone without saying so
                quiet_since = now

    def _deliver(self, batch: tuple[Change, ...]) -> None:
        if self._stop.is_set() or not batch:
            return
        try:
            self.callback(batch)
        except Exception:  # noqa: BLE001 - a failing view must not end the listening
            log.exception("a change callback failed")
