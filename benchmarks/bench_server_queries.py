"""Core query paths on a team server (PostgreSQL), against the same SQL on bare psycopg.

The bench stores are copied to the benchmark server with the app's own ``move-to``
(server_stores.py; the large copy is kept between runs on the cached cluster). Each core
query of bench_core_queries.py and the core part of bench_lists.py's dashboard refresh runs
through the app (a Store on the server: SQLAlchemy, a pooled connection checked before use,
a session per call, typed rows) and is timed against the very statements it sent, captured
from the app's engine and replayed on a bare psycopg connection that stays open, in one
transaction as the app's read session (so the baseline is the same SQL, the same plans and
the same round trips, without the app's layers). Each row names how many statements a call
sends, so a query that turns into many round trips shows.

Target: at most 2x the raw psycopg time (issue 19), the raw time counted as at least
RATIO_FLOOR_MS, as in bench_core_queries (one connection check-out and pre-ping of the pool
is about a round trip that a connection kept open never pays).

    python benchmarks/bench_server_queries.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from server_stores import NoServerError, psycopg_connect, server, skipped_row

MAX_RATIO = 2.0
RATIO_FLOOR_MS = 2.0
REPEAT = 7


def _pairs(store, busiest: int) -> list[tuple[str, Callable[[], object]]]:  # noqa: ANN001 - a Store
    from kpo_desk.core.health import HealthMonitor
    from kpo_desk.core.overview import attention
    from kpo_desk.core.services import dashboard
    from kpo_desk.core.services.communication_rows import communication_rows
    from kpo_desk.core.services.communications import CommunicationFilter
    from kpo_desk.core.services.directory import client_rows
    from kpo_desk.core.services.engagement_list import list_engagement_rows
    from kpo_desk.core.services.follow_ups import open_follow_ups

    today = date.today()
    monitor = HealthMonitor(store)
    monitor.refresh(today=today)  # the dashboard's monitor assesses everything once, when first shown

    def dashboard_core() -> list:
        items = attention.needs_attention(store, today=today, health=monitor.refresh(today=today))
        dashboard.counts_by_status(store)
        dashboard.counts_by_service(store)
        return items

    return [
        ("list_engagement_rows, all, by code", lambda: list_engagement_rows(store, sort="code")),
        ("list_engagement_rows, all, by client", lambda: list_engagement_rows(store, sort="client")),
        ("list_engagement_rows, text filter 's'", lambda: list_engagement_rows(store, text="s")),
        ("list_engagement_rows, one page of 500 by next milestone",
         lambda: list_engagement_rows(store, sort="next_milestone_due", limit=500)),
        ("client_rows", lambda: client_rows(store)),
        ("communication_rows, newest 500 of the whole log", lambda: communication_rows(store, limit=500)),
        ("communication_rows, one engagement's log",
         lambda: communication_rows(store, CommunicationFilter(engagement_id=busiest))),
        ("open_follow_ups, first 200", lambda: open_follow_ups(store, today, limit=200)),
        ("counts_by_status", lambda: dashboard.counts_by_status(store)),
        ("dashboard refresh in core (needs_attention with the health monitor + counts, as bench_lists)",
         dashboard_core),
    ]


class Recorder:
    """The statements the app's engine sends (with their parameters), while ``on``."""

    def __init__(self, engine) -> None:  # noqa: ANN001 - a SQLAlchemy Engine
        from sqlalchemy import event

        self.on = False
        self.sent: list[tuple[str, object, bool]] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, ARG002
        if self.on:
            self.sent.append((statement, parameters, executemany))

    def capture(self, fn: Callable[[], object]) -> list[tuple[str, object, bool]]:
        self.sent, self.on = [], True
        try:
            fn()
        finally:
            self.on = False
        return list(self.sent)


def replay(raw, sent: list[tuple[str, object, bool]]) -> Callable[[], int]:  # noqa: ANN001 - psycopg
    """The captured statements on the bare connection, in one transaction rolled back at the
    end (the app's read session is never committed); returns how many rows came back."""
    def run() -> int:
        n = 0
        with raw.transaction(force_rollback=True):
            for statement, params, many in sent:
                cur = raw.cursor()
                if many:
                    cur.executemany(statement, params)
                else:
                    cur.execute(statement, params)  # as SQLAlchemy hands them to the driver
                if cur.description is not None:
                    n += len(cur.fetchall())
        return n

    return run


def _ms(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """Median and worst ms of ``fn`` after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def measure(label: str, path: Path, srv) -> list[dict]:  # noqa: ANN001 - a server_stores.Server
    from kpo_desk.core.store import Store

    copy = srv.copy_of(path)
    rows: list[dict] = []
    with Store.open(copy.url) as store:
        recorder = Recorder(store.engine)
        with store.engine.connect() as c:
            counts = c.exec_driver_sql("SELECT (SELECT count(*) FROM engagement), "
                                       "(SELECT count(*) FROM communication)").one()
            busiest = c.exec_driver_sql("SELECT engagement_id FROM communication GROUP BY engagement_id "
                                        "ORDER BY count(*) DESC, engagement_id LIMIT 1").scalar_one()
        rows.append({"name": f"server {label}: {counts[0]:,} engagements, {counts[1]:,} communications "
                             f"({copy.describe()})", "value": round(copy.seconds, 1), "unit": "s",
                     "baseline": None, "target": "information", "ok": None})
        with psycopg_connect(copy.url) as raw:  # not autocommit: replay() opens the transaction
            for name, core in _pairs(store, busiest):
                sent = recorder.capture(core)
                result = core()
                core_ms, core_worst = _ms(core)
                raw_ms, raw_worst = _ms(replay(raw, sent))
                n = len(result) if hasattr(result, "__len__") else 0
                rows.append({
                    "name": f"server {label}: {name} ({n:,} rows, {len(sent)} "
                            f"statement{'s' if len(sent) != 1 else ''}; worst of {REPEAT}: app "
                            f"{core_worst:.1f} ms, raw {raw_worst:.1f} ms)",
                    "value": round(core_ms, 2), "unit": "ms", "baseline": round(raw_ms, 2),
                    "target": f"<= {MAX_RATIO:g}x the same SQL on bare psycopg (raw counted as at least "
                              f"{RATIO_FLOOR_MS:g} ms)",
                    "ok": core_ms <= MAX_RATIO * max(raw_ms, RATIO_FLOOR_MS)})
    return rows


def run(small: Path, large: Path | None) -> list[dict]:
    try:
        with server() as srv:
            rows = measure("small", small, srv)
            if large is not None:
                rows += measure("large", large, srv)
            return rows
    except NoServerError as exc:
        return [skipped_row("core queries", exc)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a local store to copy to the server (not changed)")
    args = parser.parse_args()
    with server() as srv:
        for row in measure(args.db.stem, args.db, srv):
            print(json.dumps(row, ensure_ascii=False))
