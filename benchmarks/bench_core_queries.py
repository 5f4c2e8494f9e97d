"""Core query paths against the equivalent raw sqlite3 query, on the same file in the same run.

Each core function (SQLAlchemy, a session or connection per call, typed rows) is timed
against hand-written SQL returning the same columns through a bare ``sqlite3`` connection
that stays open. Target: at most 2x the raw query. The store opens a fresh SQLite connection
with its pragmas for every call (NullPool, about 1-2 ms) that the open raw connection never
pays, so the ratio is taken against at least RATIO_FLOOR_MS: a 0.2 ms raw query does not
make 1.5 ms a failure. Both the plain ratio and the floor are reported.

    python benchmarks/bench_core_queries.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from harness import measure_one_store, small_then_large

from kpo_desk.core.services.communication_rows import communication_rows
from kpo_desk.core.services.communications import CommunicationFilter
from kpo_desk.core.services.dashboard import counts_by_status
from kpo_desk.core.services.directory import client_rows
from kpo_desk.core.services.engagement_list import list_engagement_rows
from kpo_desk.core.services.follow_ups import open_follow_ups
from kpo_desk.core.store import Store

MAX_RATIO = 2.0
RATIO_FLOOR_MS = 2.0
REPEAT = 5

OPEN_MILESTONE = "('planned', 'in_progress', 'in_qa', 'rework')"
NEXT = ("(SELECT m.{col} FROM milestone m WHERE m.engagement_id = e.id AND m.status IN " + OPEN_MILESTONE
        + " AND e.status NOT IN ('closed', 'cancelled') ORDER BY m.due_on IS NULL, m.due_on, m.id LIMIT 1)")
ENGAGEMENTS = ("SELECT e.id, e.code, e.title, c.name, e.service_type, e.status, s.name, "
               + NEXT.format(col="title") + ", " + NEXT.format(col="due_on")
               + " FROM engagement e JOIN client c ON c.id = e.client_id LEFT JOIN staff s ON s.id = e.lead_id ")
CLIENTS = ("SELECT c.id, c.name, c.country, c.timezone, c.language, coalesce(n.n, 0), coalesce(n.active, 0), "
           "c.archived FROM client c LEFT JOIN (SELECT client_id, count(*) AS n, "
           "sum(status = 'active') AS active FROM engagement GROUP BY client_id) n ON n.client_id = c.id "
           "WHERE c.archived = 0 ORDER BY lower(c.name)")
LOG = ("SELECT m.id, m.engagement_id, e.code, c.name, c.timezone, m.occurred_at, m.channel, m.direction, "
       "m.subject, m.body, m.language, m.follow_up_due, m.follow_up_done, m.client_visible, m.sender "
       "FROM communication m JOIN engagement e ON e.id = m.engagement_id JOIN client c ON c.id = e.client_id ")
FOLLOW_UPS = ("SELECT m.id, e.id, e.code, c.name, c.timezone, m.subject, m.follow_up_due, "
              "(SELECT min(k.name) FROM contact k JOIN communicationcontact cc ON cc.contact_id = k.id "
              "WHERE cc.communication_id = m.id) "
              "FROM communication m JOIN engagement e ON e.id = m.engagement_id "
              "JOIN client c ON c.id = e.client_id WHERE m.follow_up_done = 0 AND m.follow_up_due IS NOT NULL "
              "ORDER BY m.follow_up_due, m.id LIMIT 200")


def _ms(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, int]:
    """Median ms of ``fn`` after one warm-up call, and how many rows it returned."""
    n = len(fn())  # type: ignore[arg-type]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), n


def _pairs(store: Store, con: sqlite3.Connection) -> list[tuple[str, Callable, Callable]]:
    today = date.today()
    busiest = con.execute("SELECT engagement_id FROM communication GROUP BY engagement_id "
                          "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]

    def raw(sql: str, *params: object) -> Callable[[], list]:
        return lambda: con.execute(sql, params).fetchall()

    return [
        ("list_engagement_rows, all, by code",
         lambda: list_engagement_rows(store, sort="code"), raw(ENGAGEMENTS + "ORDER BY e.code")),
        ("list_engagement_rows, all, by client",
         lambda: list_engagement_rows(store, sort="client"), raw(ENGAGEMENTS + "ORDER BY c.name, e.code")),
        ("list_engagement_rows, text filter 's'",
         lambda: list_engagement_rows(store, text="s"),
         raw(ENGAGEMENTS + "WHERE e.code LIKE ? OR e.title LIKE ? OR c.name LIKE ? ORDER BY e.code",
             "%s%", "%s%", "%s%")),
        ("list_engagement_rows, one page of 500 by next milestone",
         lambda: list_engagement_rows(store, sort="next_milestone_due", limit=500),
         raw(ENGAGEMENTS + "ORDER BY 9, e.code LIMIT 500")),
        ("client_rows", lambda: client_rows(store), raw(CLIENTS)),
        ("communication_rows, newest 500 of the whole log",
         lambda: communication_rows(store, limit=500), raw(LOG + "ORDER BY m.occurred_at DESC, m.id DESC LIMIT 500")),
        ("communication_rows, one engagement's log",
         lambda: communication_rows(store, CommunicationFilter(engagement_id=busiest)),
         raw(LOG + "WHERE m.engagement_id = ? ORDER BY m.occurred_at DESC, m.id DESC LIMIT 2000", busiest)),
        ("open_follow_ups, first 200", lambda: open_follow_ups(store, today, limit=200), raw(FOLLOW_UPS)),
        ("counts_by_status", lambda: counts_by_status(store),
         raw("SELECT status, count(*) FROM engagement GROUP BY status")),
    ]


def measure(path: Path, label: str) -> list[dict]:
    rows: list[dict] = []
    with Store.open(path, create=False) as store:
        con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            for name, core, raw in _pairs(store, con):
                core_ms, core_n = _ms(core)
                raw_ms, raw_n = _ms(raw)
                counted = f"{core_n:,} rows" if core_n == raw_n else f"{core_n:,} rows, raw {raw_n:,}"
                rows.append({"name": f"{label}: {name} ({counted})", "value": round(core_ms, 2), "unit": "ms",
                             "baseline": round(raw_ms, 2),
                             "target": f"<= {MAX_RATIO:g}x raw sqlite3 (raw counted as at least "
                                       f"{RATIO_FLOOR_MS:g} ms)",
                             "ok": core_n == raw_n and core_ms <= MAX_RATIO * max(raw_ms, RATIO_FLOOR_MS)})
        finally:
            con.close()
    return rows


def run(small: Path, large: Path | None) -> list[dict]:
    return small_then_large(measure, small, large)


if __name__ == "__main__":
    measure_one_store(__doc__, measure)
